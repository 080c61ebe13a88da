"""The analyst's workspace on a real window: menus and keys that do what they name, links
without duplicates, nothing lost by one click, room for the text, dialogs in the user's
folders."""

from __future__ import annotations

import zipfile

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication

from desktop.core import edits, queries
from desktop.core.export import export_docx
from desktop.core.model import SourceInput
from desktop.core.store import Store

TEXT = ("Insurers raised premiums for ships in the Black Sea by a third 🚢.\n"
        "Officials expect exports to recover by autumn.\n"
        "Traders doubt that forecast and cite mines near the ports.\n")
LONG_CLAIM = ("Washington has moved from isolating the Sahel juntas to pragmatic engagement, "
              "beginning with Mali, and the shift will outlast the current administration.")


@pytest.fixture
def window(qtbot, brief_path, settings, monkeypatch):
    from desktop.ui.shell import main_window
    from desktop.ui.shell.session import Session

    errors = []
    monkeypatch.setattr(main_window.Messages, "error",
                        classmethod(lambda cls, parent, text: errors.append(text)))
    w = main_window.MainWindow(Session(Store.open(brief_path, user="Test Analyst")))
    w.errors = errors
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.session.undo_stack.clear()


def add_source(window, text=TEXT, title="Shipping report"):
    edit = window.session.run(edits.add_source, SourceInput(text=text, title=title,
                                                            reliability="B"))
    window.library.select(edit.item_id)
    return edit.item_id


def select(window, passage):
    start = window.reader.text.index(passage)
    window.reader.select_range(start, start + len(passage))
    return start, start + len(passage)


def answer_new_claim(monkeypatch, statement, likelihood=None, confidence=None):
    from desktop.ui.claims.panel import NewClaimDialog

    seen = []

    def ask(cls, parent=None, suggestion=""):
        seen.append(suggestion)
        return {"statement": statement, "likelihood": likelihood, "confidence": confidence}

    monkeypatch.setattr(NewClaimDialog, "ask", classmethod(ask))
    return seen


def activate(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def view_action(window, name):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    return next(a for a in menu.actions() if a.text().replace("&", "") == name)


# ------------------------------------------------------------------------------ the bugs
def test_view_menu_memo_and_matrix_show_what_they_name(qtbot, window):
    window.memo_dock.hide()
    view_action(window, "Evidence matrix").trigger()
    assert window.tabs.currentWidget() is window.matrix_page
    view_action(window, "Memo").trigger()
    assert window.memo_dock.isVisible() and window.memo.isVisible()
    view_action(window, "Reader").trigger()
    assert window.tabs.currentWidget() is window.reader


def test_ctrl_2_and_ctrl_3_show_the_memo_and_the_matrix(qtbot, window):
    activate(qtbot, window)
    window.memo_dock.hide()
    window.library.view.setFocus()
    qtbot.keyClick(window.library.view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.matrix_page
    qtbot.keyClick(window.matrix.view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.memo.isVisible() and window.memo.tree.hasFocus()
    qtbot.keyClick(window.memo.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.reader and window.reader.view.hasFocus()


def test_new_claim_from_a_chosen_highlight_reuses_it_and_cites_it_once(qtbot, window,
                                                                     monkeypatch, tmp_path):
    session, reader = window.session, window.reader
    add_source(window)
    select(window, "Traders doubt that forecast")
    ann = reader.highlight_selection()
    session.run(edits.update_annotation, ann, credibility=2)
    reader.view.moveCursor(reader.view.textCursor().MoveOperation.Start)  # no text selected
    reader.list.selectRow(reader.model.row_of(ann))
    assert reader.selection() is None and reader.claim_action.isEnabled()
    suggested = answer_new_claim(monkeypatch, "Exports will not recover by autumn.",
                                 "likely", "moderate")
    reader.claim_action.trigger()
    assert suggested == ["Traders doubt that forecast"]
    assert [a["id"] for a in queries.annotations(session.store)] == [ann]
    claim = queries.claims(session.store)[0]
    assert [e["annotation"] for e in claim["evidence"]] == [ann]
    assert (claim["likelihood"], claim["confidence"]) == ("likely", "moderate")
    session.undo_stack.undo()
    assert queries.claims(session.store) == [] and len(queries.annotations(session.store)) == 1

    # Selecting exactly the highlighted words again is that highlight, not a second one.
    session.undo_stack.redo()
    select(window, "Traders doubt that forecast")
    answer_new_claim(monkeypatch, "Traders expect mines to delay exports.")
    reader.claim_action.trigger()
    reader.highlight_action.trigger()
    assert [a["id"] for a in queries.annotations(session.store)] == [ann]
    claims = queries.claims(session.store)
    assert len(claims) == 2 and all(c["evidence"][0]["annotation"] == ann for c in claims)

    section = session.run(edits.add_section, "Bottom line").item_id
    session.run(edits.add_block, section, claim_id=claims[0]["id"])
    out = tmp_path / "memo.docx"
    export_docx(session.store, out)
    with zipfile.ZipFile(out) as package:
        notes = package.read("word/footnotes.xml").decode()
    assert notes.count("Traders doubt that forecast") == 1


def test_evidence_for_claim_is_offered_for_a_chosen_highlight(qtbot, window):
    session, reader = window.session, window.reader
    add_source(window)
    select(window, "Officials expect exports")
    ann = reader.highlight_selection()
    claim = session.run(edits.add_claim, "Exports recover.").item_id
    reader.view.moveCursor(reader.view.textCursor().MoveOperation.End)
    reader.list.selectRow(reader.model.row_of(ann))
    menu = reader.context_menu()
    evidence = next(a for a in menu.actions() if a.text() == "E&vidence for claim")
    assert evidence.isEnabled()
    contradicts = next(a for a in evidence.menu().actions()[0].menu().actions()
                       if a.text() == "&Contradicts")
    contradicts.trigger()
    links = queries.claims(session.store)[0]["evidence"]
    assert [(e["annotation"], e["stance"]) for e in links] == [(ann, "contradicts")]
    assert len(queries.annotations(session.store)) == 1
    assert claim == queries.claims(session.store)[0]["id"]


def test_link_to_claim_filters_by_typed_words_and_sets_stance_and_note(qtbot, window,
                                                                      monkeypatch):
    from desktop.ui.claims.evidence_dialog import LinkEvidenceDialog

    session, reader = window.session, window.reader
    add_source(window)
    for text in ("Premiums will stay high.", "Exports recover by autumn.",
                 "Mines close the ports."):
        session.run(edits.add_claim, text)
    claims = queries.claims(session.store)
    dialog = LinkEvidenceDialog(claims)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.filter, "r")  # all three have an "r"
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Down)  # moves in the list, typing stays here
    assert dialog.chosen() == claims[1]["id"] and dialog.filter.text() == "r"
    dialog.filter.clear()
    qtbot.keyClicks(dialog.filter, "autumn EXPORTS")
    assert dialog.proxy.rowCount() == 1
    dialog.stance.setCurrentIndex(dialog.stance.findData("contradicts"))
    dialog.note.setPlainText("Traders disagree.")
    answer = dialog.values()
    assert answer == {"claim_id": claims[1]["id"], "stance": "contradicts",
                      "note": "Traders disagree."}
    qtbot.keyClicks(dialog.filter, " nothing-matches")
    assert dialog.values() is None and not dialog.ok.isEnabled()

    monkeypatch.setattr(LinkEvidenceDialog, "ask", classmethod(lambda cls, *a: answer))
    select(window, "Traders doubt that forecast")
    assert reader.link_action.isEnabled()
    reader.link_action.trigger()
    evidence = queries.claims(session.store)[1]["evidence"]
    assert [(e["stance"], e["note"]) for e in evidence] == [("contradicts", "Traders disagree.")]
    session.undo_stack.undo()  # one step: the highlight and its link
    assert queries.annotations(session.store) == []


# ------------------------------------------------------------------ nothing lost by one click
def test_delete_source_asks_naming_what_goes_with_it_and_undo_restores_it(qtbot, window,
                                                                         asked, monkeypatch):
    from desktop.ui.common.confirm import Confirm

    session = window.session
    source = add_source(window)
    for passage in ("Insurers raised", "Traders doubt"):
        select(window, passage)
        window.reader.highlight_selection()
    claim = session.run(edits.add_claim, "Premiums stay high.").item_id
    session.run(edits.link_evidence, claim, queries.annotations(session.store)[0]["id"])
    window.library.view.setFocus()

    monkeypatch.setattr(Confirm, "ask", classmethod(
        lambda cls, parent, title, text, action: asked.append(text) or False))
    window.library.delete_action.trigger()
    assert "2 highlights and 1 evidence link" in asked[-1] and "Shipping report" in asked[-1]
    assert len(queries.sources(session.store)) == 1  # "Cancel" deletes nothing

    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a: True))
    window.library.delete_action.trigger()
    assert queries.sources(session.store) == []
    assert "Undo" in window.statusBar().currentMessage()
    session.undo_stack.undo()
    assert [s["id"] for s in queries.sources(session.store)] == [source]
    assert len(queries.claims(session.store)[0]["evidence"]) == 1


def test_delete_claim_with_evidence_asks_first(qtbot, window, asked, monkeypatch):
    from desktop.ui.common.confirm import Confirm

    session = window.session
    add_source(window)
    select(window, "Insurers raised")
    ann = window.reader.highlight_selection()
    bare = session.run(edits.add_claim, "No evidence yet.").item_id
    claim = session.run(edits.add_claim, "Premiums stay high.").item_id
    session.run(edits.link_evidence, claim, ann)
    section = session.run(edits.add_section, "Bottom line").item_id
    session.run(edits.add_block, section, claim_id=claim)

    window.claims.select_claim(bare)
    window.claims.delete_claims()  # nothing else goes with it: no question, an undo notice
    assert asked == [] and "Undo" in window.statusBar().currentMessage()
    monkeypatch.setattr(Confirm, "ask", classmethod(
        lambda cls, parent, title, text, action: asked.append(text) or False))
    window.claims.select_claim(claim)
    window.claims.delete_claims()
    assert "1 evidence link and 1 place in the memo" in asked[-1]
    assert [c["id"] for c in queries.claims(session.store)] == [claim]


def test_a_brief_open_elsewhere_is_offered_read_only(qtbot, brief_path, settings, monkeypatch):
    from desktop.ui.shell import app as app_module
    from desktop.ui.common import filelock

    monkeypatch.setattr(app_module.Messages, "info", classmethod(lambda cls, *a: None))
    other, holder = filelock.acquire(brief_path)  # another copy of the app has it open
    assert other is not None and holder is None
    offered = []
    monkeypatch.setattr(app_module.OpenConflict, "ask", classmethod(
        lambda cls, parent, name, who: offered.append((name, who)) or "readonly"))
    app = app_module.App(QApplication.instance())
    window = app.open(brief_path)
    qtbot.addWidget(window)
    assert offered and offered[0][0] == "test.brief" and "process" in offered[0][1]
    assert window.session.store.readonly and "[read-only]" in window.windowTitle()
    window.close()

    monkeypatch.setattr(app_module.OpenConflict, "ask", classmethod(lambda cls, *a: None))
    assert app.open(brief_path) is None  # Cancel: not opened at all
    other.unlock()
    offered.clear()
    window = app.open(brief_path)  # free again: opened for editing, no question
    qtbot.addWidget(window)
    assert not offered and not window.session.store.readonly
    assert filelock.acquire(brief_path) == (None, filelock.acquire(brief_path)[1])
    window.close()
    lock, holder = filelock.acquire(brief_path)  # closing the window released its lock
    assert lock is not None
    lock.unlock()


def test_another_programs_change_says_why_the_undo_history_was_cleared(qtbot, window,
                                                                        brief_path):
    session = window.session
    session.run(edits.add_claim, "Mine.")
    other = Store.open(brief_path, user="Colleague")
    edits.add_claim(other, "Theirs.").apply(other)
    other.close()
    assert session.check_external_changes()
    assert session.undo_stack.count() == 0
    message = window.statusBar().currentMessage()
    assert "Another window or program changed this brief" in message
    assert "undo history was cleared" in message


# ------------------------------------------------------------------------------ keyboard
def test_tab_leaves_the_sources_and_highlights_lists(qtbot, window):
    activate(qtbot, window)
    add_source(window)
    select(window, "Insurers raised")
    window.reader.highlight_selection()
    for view in (window.library.view, window.reader.list, window.claims.view,
                 window.matrix.view):
        assert not view.tabKeyNavigation()
    window.library.view.setFocus()
    qtbot.keyClick(window.library.view, Qt.Key.Key_Tab)
    assert not window.library.view.hasFocus()
    window.reader.list.setFocus()
    qtbot.keyClick(window.reader.list, Qt.Key.Key_Tab)
    assert window.reader.note.hasFocus()  # the chosen highlight's note, then tags, grade
    qtbot.keyClick(window.reader.note, Qt.Key.Key_Tab)
    assert window.reader.tags.hasFocus()
    qtbot.keyClick(window.reader.tags, Qt.Key.Key_Tab)
    assert window.reader.credibility.hasFocus()


def test_note_tags_and_credibility_have_keys_from_anywhere(qtbot, window):
    activate(qtbot, window)
    add_source(window)
    select(window, "Insurers raised")
    window.reader.highlight_selection()
    window.library.view.setFocus()
    qtbot.keyClick(window.library.view, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert window.reader.note.hasFocus()
    qtbot.keyClicks(window.reader.note, "Key figure")
    qtbot.keyClick(window.reader.note, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    assert window.reader.tags.hasFocus()
    assert queries.annotations(window.session.store)[0]["note"] == "Key figure"


def test_keyboard_selection_in_the_reader_makes_a_highlight(qtbot, window):
    activate(qtbot, window)
    add_source(window)
    window.show_reader()
    view = window.reader.view
    for _ in range(len("Insurers")):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert [a["quote"] for a in queries.annotations(window.session.store)] == ["Insurers"]


def test_f1_lists_every_shortcut_including_the_panels(qtbot, window):
    listed = dict(window.shortcuts())
    for what in ("Source → Highlight", "Source → New claim from highlight",
                 "Source → Link to claim", "Claims → New claim", "Memo → Move up",
                 "Memo → Add paragraph", "Memo → Place claim", "Source → Edit highlight note",
                 "View → Memo", "View → Evidence matrix", "View → Next panel",
                 "View → Run checks", "Edit → Undo"):
        assert what in listed, what
    assert listed["Source → Link to claim"] == "Ctrl+L" and listed["Memo → Move up"] == "Alt+Up"
    from desktop.ui.shell.shortcuts import NAVIGATION_KEYS

    moving = {what for _, what in NAVIGATION_KEYS}
    keys = [k for what, k in window.shortcuts() if what not in moving]
    clashing = {k for k in keys if keys.count(k) > 1} - {"Del"}  # Delete is per panel
    assert clashing == set()
    assert listed["Claims → Delete selection"] == "Del"
    assert listed["Memo → Bold"] == "Ctrl+B"


def test_f1_shows_the_list_in_a_dialog_that_fits_a_small_screen(qtbot, window, monkeypatch):
    from desktop.ui.shell.shortcuts import ShortcutsDialog

    shown = []
    monkeypatch.setattr(ShortcutsDialog, "ask",
                        classmethod(lambda cls, parent, rows: shown.append(rows)))
    activate(qtbot, window)
    window.library.view.setFocus()
    qtbot.keyClick(window.library.view, Qt.Key.Key_F1)
    assert shown == [window.shortcuts()]
    dialog = ShortcutsDialog(window, shown[0])
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QTableWidget

    table = dialog.findChild(QTableWidget)
    assert table.rowCount() == len(shown[0]) > 40
    screen = window.screen().availableGeometry()
    assert dialog.height() <= screen.height() and dialog.width() <= screen.width()


def test_f6_moves_between_the_panels(qtbot, window):
    activate(qtbot, window)
    window.library.view.setFocus()
    seen = []
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        seen.append(QApplication.focusWidget())
    assert window.reader.view in seen and window.claims.view in seen and window.memo.tree in seen


# ---------------------------------------------------------------------------------- room
def test_reader_and_memo_side_by_side_and_first_window_fits(qtbot, window):
    from desktop.ui.shell.main_window import first_size

    for screen in (QSize(1280, 720), QSize(1920, 1080), QSize(1024, 600)):
        size = first_size(screen)
        assert size.width() <= screen.width() and size.height() <= screen.height()
    assert first_size(QSize(1920, 1080)).width() >= 1600

    for width in (1280, 1800):
        window.resize(width, 720 if width == 1280 else 1000)
        window.arrange(width)
        qtbot.waitUntil(lambda: window.memo.isVisible())
        assert window.reader.isVisible() and window.memo.isVisible()
        reader_box = window.reader.mapTo(window, window.reader.rect().topLeft()).x()
        memo_box = window.memo.mapTo(window, window.memo.rect().topLeft()).x()
        assert memo_box > reader_box + 300  # beside, not on top of, each other
        assert window.reader.view.width() >= 380
    assert window.claims.isVisible()  # wide: the claims show too


def test_long_claim_statements_wrap_rather_than_being_cut(qtbot, window):
    window.session.run(edits.add_claim, LONG_CLAIM)
    window.session.run(edits.add_claim, "Short.")
    view = window.claims.view
    window.claims_dock.show()
    window.claims_dock.raise_()
    qtbot.waitUntil(lambda: window.claims.model.rowCount() == 2)  # filled once in view
    line = view.fontMetrics().height()
    long_row = view.visualRect(window.claims.model.index(0, 0)).height()
    short_row = view.visualRect(window.claims.model.index(1, 0)).height()
    assert long_row >= 2 * line and short_row < 2 * line
    assert view.wordWrap()


def test_matrix_scrolls_to_every_source_and_names_it_in_full(qtbot, window):
    session = window.session
    ids = [add_source(window, TEXT + str(i), f"A long report title number {i} on shipping")
           for i in range(8)]
    claim = session.run(edits.add_claim, "Premiums stay high.").item_id
    session.run(edits.highlight_as_evidence, ids[7], 0, 8, claim_id=claim)
    window.show_matrix()
    model, view = window.matrix.model, window.matrix.view
    assert model.columnCount() == 9
    assert "A long report title number 7 on shipping" in model.headerData(
        8, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert view.horizontalScrollBar().maximum() > 0
    view.scrollTo(model.index(0, 8))
    assert view.visualRect(model.index(0, 8)).intersects(view.viewport().rect())


# ------------------------------------------------------------------------- dialogs, checks
def test_dialogs_open_in_documents_then_where_the_user_went(qtbot, window, tmp_path,
                                                          monkeypatch):
    from desktop.ui.common import folders
    from desktop.ui.shell import main_window

    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(folders, "documents", lambda: documents)
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setattr(folders, "_hidden_data_folder", lambda path: path == data)
    assert folders.start_folder("import", data / "Example brief.brief") == documents

    asked_in = []
    chosen = tmp_path / "articles" / "a.txt"
    chosen.parent.mkdir()
    chosen.write_text(TEXT, encoding="utf-8")
    monkeypatch.setattr(main_window.OpenPaths, "ask", classmethod(
        lambda cls, parent, title, folder, flt, many=False: asked_in.append(folder)
        or [str(chosen)]))
    monkeypatch.setattr(window.session.store, "path", data / "Example brief.brief")
    with qtbot.waitSignal(window.importer.imported, timeout=10000):
        window.import_sources()
    with qtbot.waitSignal(window.importer.imported, timeout=10000, raising=False):
        window.import_sources()  # (refused as a duplicate; where it opened is what counts)
    qtbot.waitUntil(lambda: not window.importer.busy)
    assert asked_in == [str(documents), str(chosen.parent)]


def test_import_asks_for_the_citation_details_prefilled(qtbot, window, tmp_path, monkeypatch):
    from desktop.ui.library.details import ImportDetailsDialog

    page = tmp_path / "article.md"
    page.write_text("# Ports reopen\n\nPorts reopened in May after the mines were cleared.\n",
                    encoding="utf-8")
    shown = []

    def answer(cls, source, remaining=0, parent=None):
        shown.append(source)
        dialog = ImportDetailsDialog(source, remaining)
        qtbot.addWidget(dialog)
        dialog.edits["outlet"].setText("Maritime Daily")
        dialog.edits["published"].setText("2025-05-02")
        dialog.grade.setCurrentIndex(dialog.grade.findData("B"))
        return dialog.values(), False

    monkeypatch.setattr(ImportDetailsDialog, "ask", classmethod(answer))
    with qtbot.waitSignal(window.importer.imported, timeout=10000):
        window.importer.import_files([page])
    assert shown[0]["title"] == "Ports reopen" and shown[0]["reliability"] is None
    source = queries.sources(window.session.store)[0]
    assert (source["title"], source["outlet"], source["published"], source["reliability"]) == (
        "Ports reopen", "Maritime Daily", "2025-05-02", "B")
    dialog = ImportDetailsDialog({"title": "x", "reliability": None})
    qtbot.addWidget(dialog)
    assert dialog.grade.currentText() == "Not graded"
    graded_f = ImportDetailsDialog({"title": "x", "reliability": "F"})
    qtbot.addWidget(graded_f)
    assert graded_f.grade.currentText() == "F — Reliability cannot be judged"

    monkeypatch.setattr(ImportDetailsDialog, "ask", classmethod(lambda cls, *a, **k: None))
    window.importer.import_text("Skipped text.")  # "Don't add": nothing is added
    assert len(queries.sources(window.session.store)) == 1


def test_clicking_a_check_shows_the_claim_and_keeps_the_checks_in_view(qtbot, window):
    window.session.run(edits.add_claim, "Unsupported claim.")
    window.show_checks()
    qtbot.waitUntil(lambda: window.checks.model.rowCount() == 1)
    index = window.checks.model.index(0)
    rect = window.checks.view.visualRect(index)
    qtbot.mouseClick(window.checks.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())
    assert window.claims.selected_claims() == [queries.claims(window.session.store)[0]["id"]]
    assert window.claims.view.isVisible()
    assert window.checks.view.isVisible() and not window.checks.view.visibleRegion().isEmpty()


def test_new_claim_dialog_is_a_multi_line_editor_with_likelihood_and_confidence(qtbot):
    from PySide6.QtWidgets import QPlainTextEdit

    from desktop.ui.claims.panel import NewClaimDialog

    dialog = NewClaimDialog(None, "Traders doubt that forecast")
    qtbot.addWidget(dialog)
    assert isinstance(dialog.statement, QPlainTextEdit)
    dialog.statement.setPlainText("Exports will lag.\nMines are the reason.")
    dialog.likelihood.setCurrentIndex(dialog.likelihood.findData("likely"))
    dialog.confidence.setCurrentIndex(dialog.confidence.findData("low"))
    assert dialog.values() == {"statement": "Exports will lag.\nMines are the reason.",
                               "likelihood": "likely", "confidence": "low"}


# ---------------------------------------------------------------- the whole task by keyboard
def test_the_whole_task_with_the_keyboard_alone(qtbot, window, tmp_path, monkeypatch):
    """Import, highlight, grade, note, claim, contradicting link, memo paragraph, placed claim,
    matrix, checks, undo/redo and export: key presses only (the questions the app asks are
    answered by replacing their ``ask``, as everywhere in these tests)."""
    from desktop.ui.memo import export as export_ui
    from desktop.ui.shell import main_window
    from desktop.ui.claims.evidence_dialog import LinkEvidenceDialog
    from desktop.ui.memo.export import ExportDoneDialog
    from desktop.ui.memo.dialogs import ClaimChooserDialog, SectionTitleDialog

    key, ctrl, shift = qtbot.keyClick, Qt.KeyboardModifier.ControlModifier, \
        Qt.KeyboardModifier.ShiftModifier
    alt = Qt.KeyboardModifier.AltModifier

    def press(k, mods=Qt.KeyboardModifier.NoModifier, times=1):
        for _ in range(times):
            key(QApplication.focusWidget() or window, k, mods)

    article = tmp_path / "shipping.txt"
    article.write_text(TEXT, encoding="utf-8")
    monkeypatch.setattr(main_window.OpenPaths, "ask",
                        classmethod(lambda cls, *a, **k: [str(article)]))
    answer_new_claim(monkeypatch, "Exports will lag behind official forecasts.",
                     "likely", "moderate")
    monkeypatch.setattr(SectionTitleDialog, "ask", classmethod(lambda cls, *a: "Bottom line"))
    monkeypatch.setattr(ClaimChooserDialog, "ask",
                        classmethod(lambda cls, parent, claims: claims[0]["id"]))
    monkeypatch.setattr(main_window.SavePath, "ask",
                        classmethod(lambda cls, *a: str(tmp_path / "memo.docx")))
    monkeypatch.setattr(ExportDoneDialog, "ask", classmethod(lambda cls, *a, **k: None))
    monkeypatch.setattr(export_ui.ExportOptionsDialog, "ask",
                        classmethod(lambda cls, *a, **k: ("house", True)))
    session = window.session
    activate(qtbot, window)
    window.library.view.setFocus()

    with qtbot.waitSignal(window.importer.imported, timeout=10000):
        press(Qt.Key.Key_I, ctrl | shift)  # File → Import source…
    press(Qt.Key.Key_1, ctrl)  # View → Reader: the caret is in the text
    assert window.reader.view.hasFocus()
    press(Qt.Key.Key_Down)  # line 2: "Officials expect exports to recover by autumn."
    press(Qt.Key.Key_Right, shift, times=len("Officials expect exports"))
    press(Qt.Key.Key_H, ctrl)  # Source → Highlight
    [ann] = queries.annotations(session.store)
    assert ann["quote"] == "Officials expect exports"
    press(Qt.Key.Key_B, alt)  # Source → Grade highlight credibility
    assert window.reader.credibility.hasFocus()
    press(Qt.Key.Key_Down, times=3)  # "3 — Possibly true"
    press(Qt.Key.Key_N, alt)  # Source → Edit highlight note
    qtbot.keyClicks(window.reader.note, "Official line")
    press(Qt.Key.Key_Tab)  # leaving the field saves it
    ann = queries.annotations(session.store)[0]
    assert (ann["credibility"], ann["note"]) == (3, "Official line")

    press(Qt.Key.Key_1, ctrl)
    press(Qt.Key.Key_C, ctrl | shift)  # the selection is the highlight: a claim rests on it
    [claim] = queries.claims(session.store)
    assert [e["annotation"] for e in claim["evidence"]] == [ann["id"]]

    monkeypatch.setattr(LinkEvidenceDialog, "ask", classmethod(
        lambda cls, parent, claims: {"claim_id": claims[0]["id"], "stance": "contradicts",
                                     "note": "Traders disagree."}))
    press(Qt.Key.Key_Down)  # line 3: "Traders doubt that forecast…"
    press(Qt.Key.Key_Home)
    press(Qt.Key.Key_Right, shift, times=len("Traders doubt that forecast"))
    press(Qt.Key.Key_L, ctrl)  # Source → Link to claim…
    stances = sorted(e["stance"] for e in queries.claims(session.store)[0]["evidence"])
    assert stances == ["contradicts", "supports"]

    press(Qt.Key.Key_2, ctrl)  # View → Memo
    assert window.memo.tree.hasFocus()
    press(Qt.Key.Key_S, ctrl | shift)  # Memo → Add section
    press(Qt.Key.Key_P, ctrl | shift)  # Memo → Add paragraph: the caret is in the paragraph
    qtbot.keyClicks(QApplication.focusWidget(), "Shipping will stay costly.")
    window.memo.tree.setFocus()  # (as Shift+Tab would)
    press(Qt.Key.Key_M, ctrl | shift)  # Memo → Place claim…
    sections = queries.memo(session.store)["sections"]
    [blocks] = [s["blocks"] for s in sections if s["blocks"]]  # the section added
    assert [b["kind"] for b in blocks] == ["prose", "claim"]
    assert "Shipping will stay costly." in blocks[0]["text"]

    press(Qt.Key.Key_3, ctrl)  # View → Evidence matrix
    assert window.matrix.view.hasFocus() and window.matrix.model.rowCount() == 1
    press(Qt.Key.Key_F7)  # Run checks
    assert window.checks.view.hasFocus()

    before = session.undo_stack.index()
    press(Qt.Key.Key_Z, ctrl)
    assert session.undo_stack.index() == before - 1
    from PySide6.QtTest import QTest

    # Redo's keys depend on the platform (Ctrl+Shift+Z, Ctrl+Y): press the ones it shows.
    QTest.keySequence(QApplication.focusWidget(), window.redo_action.shortcut())
    assert session.undo_stack.index() == before

    with qtbot.waitSignal(window.exporter.finished, timeout=60000):
        press(Qt.Key.Key_E, ctrl)  # File → Export to Word…
    with zipfile.ZipFile(tmp_path / "memo.docx") as package:
        notes = package.read("word/footnotes.xml").decode()
    assert notes.count("Officials expect exports") == 1 and "Traders doubt" in notes
    assert window.errors == []


def test_at_1280_by_720_no_toolbar_hides_an_action(qtbot, window):
    window.resize(1280, 720)
    window.arrange(1280)
    add_source(window)
    qtbot.waitUntil(lambda: window.memo_dock.width() > 500)  # the layout has settled
    for panel in (window.memo, window.claims, window.library):
        window.focus_dock({window.memo: window.memo_dock, window.claims: window.claims_dock,
                           window.library: window.library_dock}[panel])
        qtbot.waitUntil(lambda: panel.isVisible())
        from PySide6.QtWidgets import QToolBar

        bars = [b for b in panel.findChildren(QToolBar) if b.isVisible()]
        shown = [a for bar in bars for a in bar.actions() if not a.isSeparator()]
        assert shown, f"{type(panel).__name__} shows no toolbar, so nothing was checked"
        for bar in bars:
            hidden = [a.text() for a in bar.actions() if not a.isSeparator()
                      and not bar.widgetForAction(a).isVisible()]
            assert hidden == [], hidden


def test_a_lock_left_by_a_crashed_copy_of_the_app_is_taken_over(qtbot, brief_path):
    import subprocess
    import sys

    from desktop.ui.common import filelock

    crashed = ("import os, sys\nfrom pathlib import Path\nfrom desktop.ui.common import filelock\n"
               "lock, _ = filelock.acquire(Path(sys.argv[1]))\nassert lock is not None\n"
               "os._exit(0)  # no unlock: as a crash would leave it\n")
    subprocess.run([sys.executable, "-c", crashed, str(brief_path)], check=True, timeout=60)
    assert filelock.lock_path(brief_path).exists()
    lock, holder = filelock.acquire(brief_path)
    assert lock is not None and holder is None
    lock.unlock()
    assert not filelock.lock_path(brief_path).exists()


def test_deleting_a_memo_section_says_undo_brings_it_back(qtbot, window):
    session = window.session
    section = session.run(edits.add_section, "Outlook for shipping").item_id
    session.run(edits.add_block, section, text="Premiums will stay high.")
    window.show_memo()
    window.memo.select(section)
    window.memo.delete_section_action.trigger()
    assert all(s["id"] != section for s in queries.memo(session.store)["sections"])
    message = window.statusBar().currentMessage()
    assert message.startswith("Delete section “Outlook for shipping”") and "Undo" in message
    session.undo_stack.undo()
    assert any(s["id"] == section for s in queries.memo(session.store)["sections"])


def test_tab_into_a_panel_behind_another_brings_it_to_the_front(qtbot, window):
    activate(qtbot, window)
    window.arrange(1280)
    qtbot.waitUntil(lambda: window.memo_dock.width() > 450)
    window.library_dock.raise_()
    qtbot.waitUntil(lambda: window.search.field.visibleRegion().isEmpty())
    window.search.field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: not window.search.field.visibleRegion().isEmpty())
    window.claims.view.setFocus(Qt.FocusReason.TabFocusReason)  # behind the memo at 1280
    qtbot.waitUntil(lambda: not window.claims.view.visibleRegion().isEmpty())


# Modules the first window must not load: the Word exporter (python-docx and lxml cost about
# a fifth of a second; the first export pays it) and the panels out of view at start-up.
NOT_AT_START = ("docx", "lxml", "desktop.ui.memo.export", "desktop.ui.claims.panel",
                "desktop.ui.claims.model", "desktop.ui.matrix.panel", "desktop.ui.checks.panel",
                "desktop.ui.library.search", "desktop.ui.shell.shortcuts", "desktop.ui.sharing.merging",
                "desktop.core.importers", "_strptime")


def test_the_window_starts_without_loading_the_word_exporter_or_hidden_panels(tmp_path):
    """Loaded on first use instead; the panels' docks exist, empty until first shown."""
    import os
    import subprocess
    import sys

    from desktop import resources

    brief = tmp_path / "example.brief"
    brief.write_bytes(resources.example_brief().read_bytes())
    script = ("import sys\nfrom PySide6.QtWidgets import QApplication\n"
              "from desktop.ui.shell import app\nqt = QApplication([])\n"
              "window = app.App(qt).open(sys.argv[1])\nqt.processEvents()\n"
              "qt.processEvents()\nprint(window.isVisible())\n"
              f"print([m for m in {NOT_AT_START!r} if m in sys.modules])\n"
              "print(window.claims_dock.is_built(), window.checks_dock.is_built(),"
              " window.matrix_page.is_built())\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_STATE_HOME=str(tmp_path / "state"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-c", script, str(brief)], env=env, timeout=120,
                          capture_output=True, text=True)
    assert done.stdout.split("\n")[:3] == ["True", "[]", "False False False"], (
        done.stdout + done.stderr[-2000:])


def test_no_two_alt_letters_clash_in_the_window(qtbot, window):
    """A menu title and a field label with the same Alt+letter: neither works reliably."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    def letter(text):
        i = text.replace("&&", "").find("&")
        return text.replace("&&", "")[i + 1].upper() if i >= 0 else None

    letters = [letter(a.text()) for a in window.menuBar().actions()]
    letters += [letter(label.text()) for label in window.findChildren(QLabel)
                if label.buddy() is not None]
    letters += [letter(b.text()) for b in window.findChildren(QAbstractButton)]
    letters = [x for x in letters if x]
    assert sorted({x for x in letters if letters.count(x) > 1}) == []
