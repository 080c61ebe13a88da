"""Library, reader and search driven as a user would, on a real brief file."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from desktop.core import edits, queries
from desktop.core.model import SourceInput

TEXT = ("🌍 Officials in Bamako said the café owners e\u0301tait worried.\n"
        "Mali holds vast reserves of gold, lithium and uranium.\n"
        "👩‍🔬 Researchers doubt the lithium estimates.")


def add_source(session, text=TEXT, title="Mali minerals"):
    edit = edits.add_source(session.store, SourceInput(text=text, title=title, outlet="Wire",
                                                       reliability="B"))
    session.push(edit)
    return edit.item_id


def utf16(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


def test_models_pass_the_model_tester(qtbot, qtmodeltester, session):
    from desktop.ui.library.panel import LibraryPanel
    from desktop.ui.reader.panel import ReaderPanel

    source = add_source(session)
    session.run(edits.add_annotation, source, 2, 11, tags=["place"])
    library = LibraryPanel(session)
    reader = ReaderPanel(session)
    qtbot.addWidget(library)
    qtbot.addWidget(reader)
    reader.show_source(source)
    qtmodeltester.check(library.model)
    qtmodeltester.check(reader.model)


def test_selecting_after_emoji_highlights_the_right_code_points(qtbot, session):
    from desktop.ui.reader.panel import ReaderPanel

    source = add_source(session)
    reader = ReaderPanel(session)
    qtbot.addWidget(reader)
    reader.show_source(source)
    target = "Researchers doubt"
    cp = TEXT.index(target)
    # A user's drag selects by Qt (UTF-16) positions.
    cursor = reader.view.textCursor()
    cursor.setPosition(utf16(TEXT, cp))
    cursor.setPosition(utf16(TEXT, cp + len(target)), QTextCursor.MoveMode.KeepAnchor)
    reader.view.setTextCursor(cursor)
    assert reader.view.textCursor().selectedText() == target
    reader.highlight_action.trigger()
    rows = queries.annotations(session.store, source)
    assert [r["quote"] for r in rows] == [target]
    assert rows[0]["start"] == cp

    # Combining characters: "e\u0301tait" is stored NFC-less as given; the quote matches.
    word = "e\u0301tait"
    cp = TEXT.index(word)
    reader.select_range(cp, cp + len(word))
    reader.highlight_action.trigger()
    assert word in [r["quote"] for r in queries.annotations(session.store, source)]
    assert len(reader.view.extraSelections()) == 2

    session.undo_stack.undo()
    session.undo_stack.undo()
    assert queries.annotations(session.store, source) == []
    assert reader.model.rowCount() == 0 and reader.view.extraSelections() == []
    session.undo_stack.redo()
    assert [r["quote"] for r in queries.annotations(session.store, source)] == [target]


def test_highlight_details_note_tags_credibility(qtbot, session):
    from desktop.ui.reader.panel import ReaderPanel

    source = add_source(session)
    reader = ReaderPanel(session)
    qtbot.addWidget(reader)
    reader.show_source(source)
    start = TEXT.index("vast reserves")
    reader.select_range(start, start + len("vast reserves"))
    reader.highlight_action.trigger()
    reader.list.selectRow(0)
    reader.note.setText("key figure")
    reader.note.editingFinished.emit()
    reader.tags.setText("minerals, economy")
    reader.tags.editingFinished.emit()
    reader.credibility.setCurrentIndex(reader.credibility.findData(2))
    reader.credibility.activated.emit(reader.credibility.currentIndex())
    row = queries.annotations(session.store, source)[0]
    assert (row["note"], row["tags"], row["credibility"]) == ("key figure",
                                                              ["economy", "minerals"], 2)
    session.undo_stack.undo()  # credibility
    assert queries.annotations(session.store, source)[0]["credibility"] is None
    assert session.undo_stack.count() == 5  # source, highlight, note, tags, grade


def test_new_claim_from_selection_is_one_undo_step(qtbot, session, monkeypatch):
    from desktop.ui.claims.panel import NewClaimDialog
    from desktop.ui.reader.panel import ReaderPanel

    monkeypatch.setattr(NewClaimDialog, "ask", classmethod(
        lambda cls, *a, **k: {"statement": "Gold matters.", "likelihood": None,
                              "confidence": None}))
    source = add_source(session)
    reader = ReaderPanel(session)
    qtbot.addWidget(reader)
    reader.show_source(source)
    start = TEXT.index("gold, lithium")
    reader.select_range(start, start + len("gold, lithium"))
    claim_id = reader.claim_action.trigger() or queries.claims(session.store)[0]["id"]
    claim = queries.claims(session.store)[0]
    assert claim["id"] == claim_id and claim["text"] == "Gold matters."
    assert claim["evidence"][0]["quote"] == "gold, lithium"
    session.undo_stack.undo()
    assert queries.claims(session.store) == [] and queries.annotations(session.store) == []


def test_library_edit_details_and_delete_with_undo(qtbot, session, monkeypatch):
    from desktop.ui.library.details import SourceDialog
    from desktop.ui.library.panel import LibraryPanel

    source = add_source(session)
    library = LibraryPanel(session)
    qtbot.addWidget(library)
    library.select(source)
    assert library.current_id() == source
    monkeypatch.setattr(SourceDialog, "ask", classmethod(
        lambda cls, src, parent=None: {**{k: src[k] for k, _ in SourceDialog.FIELDS},
                                       "outlet": "Sahel Monitor", "reliability": "C"}))
    library.edit_action.trigger()
    assert library.model.rows[0]["outlet"] == "Sahel Monitor"
    assert library.model.rows[0]["reliability"] == "C"
    library.delete_action.trigger()
    assert library.model.rowCount() == 0
    session.undo_stack.undo()
    assert library.model.rowCount() == 1 and library.model.rows[0]["outlet"] == "Sahel Monitor"


def test_orphan_is_listed_and_can_be_reattached(qtbot, session):
    from desktop.ui.reader.panel import ReaderPanel

    source = add_source(session)
    ann = edits.add_annotation(session.store, source, 0, 5)
    session.push(ann)
    session.push(edits.Edit("orphan", edits.update_ops(session.store, "annotations",
                                                    ann.item_id, {"status": "orphan"})))
    reader = ReaderPanel(session)
    qtbot.addWidget(reader)
    reader.show_source(source)
    assert reader.model.data(reader.model.index(0, 0)).startswith("⚠ orphan")
    assert reader.view.extraSelections() == []
    reader.list.selectRow(0)
    start = TEXT.index("Mali holds")
    reader.select_range(start, start + len("Mali holds"))
    reader.reattach_action.trigger()
    row = queries.annotations(session.store, source)[0]
    assert (row["status"], row["quote"]) == ("exact", "Mali holds")


def test_search_as_you_type(qtbot, session):
    from desktop.ui.library.search import SearchPanel

    add_source(session)
    panel = SearchPanel(session)
    qtbot.addWidget(panel)
    qtbot.keyClicks(panel.field, "lith")
    qtbot.waitUntil(lambda: panel.results.count() == 1)
    with qtbot.waitSignal(panel.hit_activated) as blocker:
        panel.results.itemClicked.emit(panel.results.item(0))
    assert blocker.args[0] == "source"


def test_dark_palette_keeps_highlights_and_stances_readable(qtbot, session):
    from PySide6.QtGui import QColor, QGuiApplication, QPalette

    from desktop.ui.common.badges import stance_colour
    from desktop.core.tag_colours import HIGHLIGHT_TEXT
    from desktop.ui.reader.panel import ReaderPanel

    light = stance_colour("supports")
    original = QGuiApplication.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    QGuiApplication.setPalette(dark)
    try:
        assert stance_colour("supports").lightness() > light.lightness()
        source = add_source(session)
        session.run(edits.add_annotation, source, 2, 11)
        reader = ReaderPanel(session)
        qtbot.addWidget(reader)
        reader.show_source(source)
        selections = reader.view.extraSelections()  # keep the list alive while reading it
        assert selections[0].format.foreground().color().name() == HIGHLIGHT_TEXT
    finally:
        QGuiApplication.setPalette(original)


def test_library_updates_rows_in_place_and_follows_undo(qtbot, qtmodeltester, session):
    from desktop.ui.library.panel import LibraryPanel

    first = add_source(session)
    second = add_source(session, title="Lithium doubts")
    library = LibraryPanel(session)
    qtbot.addWidget(library)
    library.select(second)
    resets, changed = [], []
    library.model.modelReset.connect(lambda: resets.append(1))
    library.model.dataChanged.connect(lambda top, bottom, *_: changed.append(
        (top.row(), bottom.row())))
    session.run(edits.add_annotation, first, 2, 11)  # the first source's count only
    assert changed == [(0, 0)] and library.model.rows[0]["annotations"] == 1
    session.run(edits.delete_source, first)
    assert [r["id"] for r in library.model.rows] == [second]
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert [(r["id"], r["annotations"]) for r in library.model.rows] == [(first, 0), (second, 0)]
    assert library.current_id() == second  # the selection followed its row
    assert resets == []
    assert library.model.rows == queries.sources(session.store)
    qtmodeltester.check(library.model)
