"""Reading and writing comfort on a real window: tags and their colours, highlights found
across sources, find in the source, text zoom, Preferences, File → Close and Quit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from desktop.core import edits, queries
from desktop.core.errors import BriefError
from desktop.core.model import SourceInput
from desktop.core.store import Store
from desktop.core.tag_colours import UNTAGGED

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

FIRST = ("Mali's junta signed a mining code. The mining code raises the state's share. "
         "Critics say the MINING code scares investors.")
SECOND = "Washington sent an envoy to Bamako. The envoy discussed minerals."


def open_window(qtbot, path):
    from desktop.ui.shell import main_window
    from desktop.ui.shell.session import Session

    w = main_window.MainWindow(Session(Store.open(path, user="Test Analyst")))
    qtbot.addWidget(w)
    w.resize(1280, 720)
    with qtbot.waitExposed(w):
        w.show()
    return w


@pytest.fixture
def window(qtbot, brief_path, settings, monkeypatch):
    from desktop.ui.shell import main_window

    errors = []
    monkeypatch.setattr(main_window.Messages, "error",
                        classmethod(lambda cls, parent, text: errors.append(text)))
    w = open_window(qtbot, brief_path)
    w.errors = errors
    yield w
    if not w.session.closed:
        w.session.undo_stack.clear()


@pytest.fixture
def brief(qtbot, window):
    """Two sources with tagged highlights, one graded, two used as evidence."""
    s = window.session
    first = s.run(edits.add_source, SourceInput(text=FIRST, title="Mining code",
                                                reliability="B")).item_id
    second = s.run(edits.add_source, SourceInput(text=SECOND, title="Envoy",
                                                 reliability="C")).item_id
    ids = {}
    for name, source, text, quote in (("code", first, FIRST, "signed a mining code"),
                                      ("share", first, FIRST, "raises the state's share"),
                                      ("envoy", second, SECOND, "sent an envoy")):
        start = text.index(quote)
        ids[name] = s.run(edits.add_annotation, source, start, start + len(quote)).item_id
    s.run(edits.set_annotation_tags, ids["code"], ["US policy"])
    s.run(edits.set_annotation_tags, ids["share"], ["security"])
    s.run(edits.set_annotation_tags, ids["envoy"], ["US policy"])
    s.run(edits.update_annotation, ids["share"], credibility=2)
    ids["claim"] = s.run(edits.add_claim, "Mali wants a bigger share").item_id
    s.run(edits.link_evidence, ids["claim"], ids["share"], stance="supports")
    s.run(edits.link_evidence, ids["claim"], ids["envoy"], stance="contradicts")
    ids["first"], ids["second"] = first, second
    window.library.select(first)
    raise_tags(qtbot, window)
    return ids


def raise_tags(qtbot, window):
    """The tags dock reads the brief when its tab comes up."""
    window.tags_dock.raise_()
    qtbot.waitUntil(lambda: not window.tags._behind)


def show_memo(qtbot, window):
    """Put the memo page on screen, whether the window keeps it in a tab or in a dock."""
    if window.tabs.indexOf(window.memo) >= 0:
        window.tabs.setCurrentWidget(window.memo)
    else:  # a dock: the memo panel is its widget
        window.memo.parentWidget().show()
        window.memo.parentWidget().raise_()
    qtbot.waitUntil(window.memo.document.isVisible)


def selection_colour(reader, annotation_id):
    ann = next(a for a in reader.annotations if a["id"] == annotation_id)
    start = reader.positions.to_qt(ann["start"])
    for sel in reader.view.extraSelections():
        if sel.cursor.selectionStart() == start:
            from PySide6.QtGui import QTextCharFormat

            return QTextCharFormat(sel.format)  # the selection's own copy goes with it
    raise AssertionError("highlight not drawn")


# ---------------------------------------------------------------------------- tags
def test_tag_list_counts_and_a_colour_change_is_one_undoable_step(qtbot, window, brief,
                                                                  monkeypatch):
    from desktop.ui.reader.tags import ColourChooser

    panel = window.tags
    rows = {r["name"]: r for r in panel.tags_model.rows}
    assert {n: r["count"] for n, r in rows.items()} == {"US policy": 2, "security": 1}
    assert rows["US policy"]["colour"] != rows["security"]["colour"]
    reader = window.reader
    assert (selection_colour(reader, brief["code"]).background().color().name()
            == rows["US policy"]["colour"])

    monkeypatch.setattr(ColourChooser, "ask", classmethod(lambda cls, p, name, c: "#4db6ac"))
    panel.tags_view.selectRow(panel.tags_model.row_of(rows["US policy"]["id"]))
    qtbot.mouseClick(panel.colour_button, Qt.MouseButton.LeftButton)
    assert selection_colour(reader, brief["code"]).background().color().name() == "#4db6ac"
    assert "4db6ac" in window.reader.legend.text()
    assert window.session.undo_stack.undoText().startswith("Colour of tag")
    window.undo_action.trigger()
    assert (selection_colour(reader, brief["code"]).background().color().name()
            == rows["US policy"]["colour"])
    # From the keyboard: Enter on a tag asks for its colour too.
    monkeypatch.setattr(ColourChooser, "ask", classmethod(lambda cls, p, name, c: "#b39ddb"))
    panel.tags_view.setFocus()
    qtbot.keyClick(panel.tags_view, Qt.Key.Key_Return)
    assert next(t for t in queries.tags(window.session.store)
                if t["name"] == "US policy")["colour"] == "#b39ddb"
    window.undo_action.trigger()
    assert panel.tags_model.rows[panel.tags_model.row_of(rows["US policy"]["id"])][
        "colour"] == rows["US policy"]["colour"]


def test_reader_legend_and_stance_underlines(qtbot, window, brief):
    reader = window.reader
    legend = reader.legend.text()
    assert "US policy" in legend and "security" in legend and "no tag" not in legend
    share = selection_colour(reader, brief["share"])
    assert share.underlineStyle() == share.underlineStyle().SingleUnderline  # supports
    assert selection_colour(reader, brief["code"]).underlineStyle() == \
        share.underlineStyle().NoUnderline
    window.session.run(edits.add_annotation, brief["first"], 0, 4)  # untagged
    assert "no tag" in reader.legend.text() and UNTAGGED in reader.legend.text()
    window.library.select(brief["second"])
    envoy = selection_colour(reader, brief["envoy"])
    assert envoy.underlineStyle() == envoy.underlineStyle().WaveUnderline  # contradicts


def test_reader_reads_its_highlights_again_only_for_a_link_that_changes_an_underline(
        qtbot, window, brief):
    # Evidence changes after every claim deletion or undo; the 1,000-highlight source was
    # read and drawn again each time, whatever the link's source.
    reader, session = window.reader, window.session
    assert reader.source_id == brief["first"]
    resets = []
    reader.model.modelReset.connect(lambda: resets.append(True))
    other = session.run(edits.add_claim, "The envoy came for minerals").item_id
    session.run(edits.link_evidence, other, brief["envoy"], stance="supports")  # elsewhere
    assert resets == []
    session.run(edits.link_evidence, other, brief["code"], stance="contradicts")
    assert resets == [True]
    code = selection_colour(reader, brief["code"])
    assert code.underlineStyle() == code.underlineStyle().WaveUnderline
    session.undo()
    code = selection_colour(reader, brief["code"])
    assert code.underlineStyle() == code.underlineStyle().NoUnderline


def test_highlights_found_across_sources_open_in_the_reader(qtbot, window, brief):
    panel = window.tags
    window.library_dock.raise_()
    qtbot.waitUntil(lambda: not panel.on_screen())
    window.session.run(edits.set_annotation_tags, brief["share"], ["security", "minerals"])
    assert "minerals" not in [r["name"] for r in panel.tags_model.rows]  # not read yet
    raise_tags(qtbot, window)  # changes made while it was hidden show when it is raised
    assert "minerals" in [r["name"] for r in panel.tags_model.rows]
    us_policy = next(r for r in panel.tags_model.rows if r["name"] == "US policy")
    panel.tags_view.selectRow(panel.tags_model.row_of(us_policy["id"]))
    found = [r["id"] for r in panel.results_model.rows]
    assert found == [brief["code"], brief["envoy"]]  # from both sources
    assert panel.count.text() == "2 highlight(s) in 2 source(s)"

    for key, value, expected in ((None, None, [brief["code"], brief["share"], brief["envoy"]]),
                                 ("stance", "contradicts", [brief["envoy"]]),
                                 ("grade", "B2", [brief["share"]]),
                                 ("grade", "C", [brief["envoy"]]),
                                 ("claim", brief["claim"], [brief["share"], brief["envoy"]])):
        panel.kind.setCurrentIndex(panel.kind.findData(key))
        panel.kind.activated.emit(panel.kind.currentIndex())
        panel.value.setCurrentIndex(panel.value.findData(value))
        panel.value.activated.emit(panel.value.currentIndex())
        assert [r["id"] for r in panel.results_model.rows] == expected, (key, value)

    window.tabs.setCurrentWidget(window.matrix_page)
    panel.results.activated.emit(panel.results_model.index(1, 0))
    assert window.tabs.currentWidget() is window.reader
    assert window.reader.source_id == brief["second"]
    assert window.reader.selected_annotation() == brief["envoy"]


# ------------------------------------------------------------------ find and zoom
def test_find_in_source_has_its_own_shortcut_and_steps_through_matches(qtbot, window, brief):
    reader = window.reader
    window.activateWindow()
    reader.view.setFocus()
    search_shown = window.search_dock.isVisible()
    qtbot.keyClick(reader.view, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    bar = reader.find_bar
    assert bar.isVisible() and bar.field.hasFocus()  # so not the brief-wide search field
    assert window.search_dock.isVisible() == search_shown  # nor did it bring that search up
    qtbot.keyClicks(bar.field, "mining code")
    spans = [(m.start(), m.end()) for m in __import__("re").finditer("(?i)mining code", FIRST)]
    assert len(spans) == 3 and bar.count.text() == "1 of 3"
    assert reader.selection() == spans[0]
    qtbot.keyClick(bar.field, Qt.Key.Key_F3)
    assert reader.selection() == spans[1] and bar.count.text() == "2 of 3"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert reader.selection() == spans[2]  # "MINING code": case does not matter
    qtbot.keyClick(bar.field, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert reader.selection() == spans[1]
    # The found words can be highlighted at once.
    reader.highlight_action.trigger()
    assert any(a["start"] == spans[1][0] for a in queries.annotations(window.session.store))
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and reader.view.hasFocus()

    qtbot.keyClick(reader.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.field.hasFocus()  # Ctrl+F stays the brief-wide search
    bar.field.setText("zzz")
    assert bar.count.text() in ("", "no match")


def test_text_zoom_keys_size_the_source_and_the_memo_and_are_remembered(qtbot, window, brief,
                                                                       brief_path):
    from desktop.ui.common.preferences import Preferences

    reader, doc = window.reader, window.memo.document
    start = window.text_size()
    window.activateWindow()
    reader.view.setFocus()
    qtbot.keyClick(reader.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(reader.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    bigger = window.text_size()
    assert bigger == round(start) + 2
    assert doc.point_size == bigger
    block = window.session.run(edits.add_block, window.memo.model.sections()[0]["id"],
                               text="Zoomed").item_id
    show_memo(qtbot, window)
    assert doc.editor(block).font().pointSizeF() == bigger  # new paragraphs too
    window.tabs.setCurrentWidget(reader)
    window.activateWindow()
    reader.view.setFocus()
    assert Preferences.load().text_size == bigger
    qtbot.keyClick(reader.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.text_size() == bigger - 1
    qtbot.keyClick(reader.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.text_size() == start and Preferences.load().text_size == 0

    qtbot.keyClick(reader.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    window.close()
    again = open_window(qtbot, brief_path)
    assert again.text_size() == round(start) + 1  # a new window opens at the chosen size
    again.close()


# --------------------------------------------------------------------- preferences
def test_preferences_dialog_reads_its_fields(qtbot, settings, tmp_path):
    from desktop.ui.common.preferences import Preferences
    from desktop.ui.common.preferences_dialog import PreferencesDialog

    dialog = PreferencesDialog(Preferences(name="Old"), 11.0)
    qtbot.addWidget(dialog)
    assert dialog.text_size.value() == 11.0
    assert dialog.values().text_size == 0  # the default size is stored as "default"
    dialog.name.setText("  Ada   Lovelace ")
    dialog.template.setText(str(tmp_path / "house.dotx"))
    dialog.backups.setValue(3)
    dialog.text_size.setValue(14)
    assert dialog.values() == Preferences("Ada Lovelace", str(tmp_path / "house.dotx"), 3, 14.0)
    dialog.style.setCurrentIndex(dialog.style.findData("apa"))
    assert dialog.values().style == "apa"
    # A .csl file chosen before is offered again by its name.
    again = PreferencesDialog(Preferences(style=str(tmp_path / "house.csl")), 11.0)
    qtbot.addWidget(again)
    assert again.style.currentText() == "house.csl"
    assert again.values().style == str(tmp_path / "house.csl")


def test_preferences_are_saved_and_applied_to_every_open_window(qtbot, window, tmp_path,
                                                              monkeypatch):
    from desktop.ui.sharing import dialogs as sharing
    from desktop.ui.common.preferences import Preferences
    from desktop.ui.common.preferences_dialog import PreferencesDialog

    template = tmp_path / "house.docx"
    import docx

    docx.Document().save(template)
    other_path = tmp_path / "other.brief"
    Store.create(other_path, title="Other", user="x").close()
    other = open_window(qtbot, other_path)
    asked = []

    def answer(cls, parent, prefs, default_size):
        asked.append(prefs)
        return Preferences("Ada Lovelace", str(template), 2, 15.0, "chicago")

    monkeypatch.setattr(PreferencesDialog, "ask", classmethod(answer))
    action = next(a for a in window.findChildren(type(window.undo_action))
                  if a.text() == "Pre&ferences…")
    action.trigger()
    assert asked[0].name == "Test Analyst"  # the name in use is offered
    prefs = Preferences.load()
    assert (prefs.name, prefs.backups, prefs.text_size) == ("Ada Lovelace", 2, 15.0)
    assert QSettings().value("user/name") == "Ada Lovelace"
    assert prefs.template_path() == template
    # The citation style set here is the one the export dialog offers first.
    from desktop.ui.memo import export as export_ui
    from desktop.ui.shell import main_window

    offered = []
    monkeypatch.setattr(export_ui.ExportOptionsDialog, "ask",
                        classmethod(lambda cls, parent, style, annex: offered.append(style)))
    window.export_word()
    assert prefs.style == "chicago" and offered == ["chicago"]
    for w in (window, other):
        assert w.session.store.user == "Ada Lovelace" and w.text_size() == 15.0
    claim = window.session.run(edits.add_claim, "Signed").item_id
    assert window.session.store.get("claims", claim)["created_by"] == "Ada Lovelace"

    # Backups kept: only the two newest of three opens.
    monkeypatch.setattr(sharing, "backup_dir", lambda: tmp_path / "backups")
    brief_file = window.session.store.path
    for n in range(3):
        window.session.run(edits.add_claim, f"Change {n}")
        sharing.back_up(brief_file)
    assert len(list((tmp_path / "backups").rglob("*.brief"))) == 2

    # The export starts from the default template.
    started = []

    def export_docx(store, out_path, template=None, **kwargs):
        started.append(template)
        raise BriefError("stopped here")

    monkeypatch.setattr("desktop.ui.memo.export.export_docx", export_docx)
    with qtbot.waitSignal(window.exporter.failed, timeout=20000):
        window.exporter.start(tmp_path / "memo.docx")
    assert started == [template]
    other.close()


# ---------------------------------------------------------------- close and quit
def test_file_close_closes_one_window_and_quit_closes_them_all(qtbot, window, tmp_path,
                                                             monkeypatch):
    other_path = tmp_path / "other.brief"
    Store.create(other_path, title="Other", user="x").close()
    other = open_window(qtbot, other_path)
    third_path = tmp_path / "third.brief"
    Store.create(third_path, title="Third", user="x").close()
    third = open_window(qtbot, third_path)

    def action(w, text):
        return next(a for a in w.findChildren(type(w.undo_action)) if a.text() == text)

    close = action(third, "&Close")
    assert close.shortcut().toString() == "Ctrl+W"
    close.trigger()
    assert not third.isVisible() and third.session.closed
    assert window.isVisible() and other.isVisible()

    quits = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(True)))
    quit_action = action(window, "&Quit")
    assert quit_action.shortcut().toString() == "Ctrl+Q"
    quit_action.trigger()
    assert quits == [True]
    assert not window.isVisible() and not other.isVisible()
    assert window.session.closed and other.session.closed



def test_a_highlight_inside_another_is_drawn_on_top_of_it(qtbot, window, brief):
    reader = window.reader
    at = FIRST.index("signed a mining code")  # "signed", where the longer one starts too
    inner = window.session.run(edits.add_annotation, brief["first"], at, at + 6).item_id
    window.session.run(edits.set_annotation_tags, inner, ["detail"])
    starts = [sel.cursor.selectionStart() for sel in reader.view.extraSelections()]
    ends = [sel.cursor.selectionEnd() for sel in reader.view.extraSelections()]
    outer_at = ends.index(reader.positions.to_qt(at + len("signed a mining code")))
    inner_at = ends.index(reader.positions.to_qt(at + 6))
    assert starts[outer_at] == starts[inner_at] and inner_at > outer_at


def test_the_example_memo_is_laid_out_whole_when_its_page_is_first_shown(qtbot, settings,
                                                                         tmp_path):
    """Built when first shown, at the width it gets then: no paragraph or claim cut off."""
    import shutil

    from desktop import resources

    path = tmp_path / "example.brief"
    shutil.copyfile(resources.example_brief(), path)
    window = open_window(qtbot, path)
    window.resize(1500, 900)
    qtbot.wait(50)
    show_memo(qtbot, window)
    doc = window.memo.document

    def needs(widget):
        return (widget.heightForWidth(widget.width()) if widget.hasHeightForWidth()
                else widget.sizeHint().height())

    def laid_out_whole():
        rows = list(doc.rows.values())
        return rows and all(row.height() >= needs(row) and row.view.height() >= needs(row.view)
                            for row in rows)

    qtbot.waitUntil(laid_out_whole)
    window.close()
