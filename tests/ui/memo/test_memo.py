"""The memo panel on a real brief file: header, paragraphs with bold, moves, placed claims."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from desktop.core import edits, queries
from desktop.core.model import SourceInput
from desktop.core.store import Store
from desktop.ui.memo.panel import MemoPanel
from desktop.ui.memo.document import block_mime
from desktop.ui.memo.dialogs import ClaimChooserDialog, SectionTitleDialog
from desktop.ui.common.mime import claim_mime

# Showing a window on the offscreen platform logs this harmless notice.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def panel(qtbot, session):
    widget = MemoPanel(session)
    qtbot.addWidget(widget)
    widget.show()  # the page is built when it is on screen
    return widget


def shown(qtbot, panel):
    with qtbot.waitActive(panel):
        panel.show()
        panel.activateWindow()
    return panel


def section(panel, title):
    row = next(i for i, s in enumerate(panel.model.sections()) if s["title"] == title)
    return panel.model.index(row, 0)


def saved(qtbot, panel):
    """Wait for the pause after typing that saves a paragraph (memo.SAVE_PAUSE_MS)."""
    qtbot.waitUntil(lambda: not panel.has_unsaved_typing, timeout=3000)


def blocks(session, title):
    return next(s for s in queries.memo(session.store)["sections"]
                if s["title"] == title)["blocks"]


def test_header_fields_are_typed_and_undone_one_field_at_a_time(qtbot, session, panel):
    subject = panel.header_fields["subject"]
    qtbot.keyClicks(subject, "Grid resilience")
    qtbot.keyClick(subject, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.header_fields["memo_to"], "The Minister")
    qtbot.keyClick(panel.header_fields["memo_to"], Qt.Key.Key_Return)
    memo = session.store.memo()
    assert (memo["subject"], memo["memo_to"]) == ("Grid resilience", "The Minister")
    assert session.undo_stack.count() == 2

    session.undo_stack.undo()
    assert session.store.memo()["memo_to"] == ""
    assert panel.header_fields["memo_to"].text() == ""
    assert panel.header_fields["subject"].text() == "Grid resilience"


def test_paragraph_with_bold_is_one_undo_step(qtbot, session, panel):
    shown(qtbot, panel)
    panel.tree.setCurrentIndex(section(panel, "Analysis"))
    panel.add_paragraph_action.trigger()
    editor = panel.editor
    # The paragraph is edited in place, in the document, with the cursor in it.
    assert editor is panel.document.editor(panel.current_id()) and editor.hasFocus()
    qtbot.keyClicks(editor, "The grid is ")
    qtbot.keyClick(editor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "fragile")
    qtbot.keyClick(editor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, " ")
    editor.insertPlainText("🙂")  # QTest cannot type characters outside the BMP
    qtbot.keyClicks(editor, ".")
    saved(qtbot, panel)
    stored = blocks(session, "Analysis")
    assert [b["text"] for b in stored] == ["The grid is **fragile** 🙂."]
    assert session.undo_stack.count() == 2  # add paragraph, then all the typing

    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [b["text"] for b in blocks(session, "Analysis")] == [""]
    assert editor.toPlainText() == ""

    session.undo_stack.redo()
    assert editor.toPlainText() == "The grid is fragile 🙂."
    assert ("fragile", True, False) in editor.runs()
    assert "fragile" in panel.model.data(panel.tree.currentIndex())

    # Coming back to the paragraph later starts a new undo step.
    panel.tree.setCurrentIndex(section(panel, "Analysis"))
    panel.select(stored[0]["id"])
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, " More")
    saved(qtbot, panel)
    assert session.undo_stack.count() == 3
    session.undo_stack.undo()
    assert blocks(session, "Analysis")[0]["text"] == "The grid is **fragile** 🙂."


def test_bold_action_on_a_selection(qtbot, session, panel):
    sec = panel.model.sections()[0]["id"]
    session.run(edits.add_block, sec, text="another paragraph")
    block = session.run(edits.add_block, sec, text="plain words").item_id
    # One Ctrl+B for the page, however many paragraphs: never an ambiguous shortcut.
    from PySide6.QtGui import QAction, QKeySequence

    bold_keys = [a for a in panel.findChildren(QAction)
                 if a.shortcut() == QKeySequence(QKeySequence.StandardKey.Bold)]
    assert bold_keys == [panel.bold_action]
    panel.select(block)
    cursor = panel.editor.textCursor()
    cursor.setPosition(6)
    cursor.setPosition(11, cursor.MoveMode.KeepAnchor)
    panel.editor.setTextCursor(cursor)
    panel.editor.italic_action.trigger()
    saved(qtbot, panel)
    assert session.store.get("memo_blocks", block)["text"] == "plain *words*"


def test_reorder_blocks_by_keyboard_and_drag(qtbot, session, panel):
    shown(qtbot, panel)
    sec = panel.model.sections()[1]
    first = session.run(edits.add_block, sec["id"], text="first").item_id
    second = session.run(edits.add_block, sec["id"], text="second").item_id
    panel.select(first)
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [b["id"] for b in blocks(session, sec["title"])] == [second, first]
    assert panel.current_id() == first

    # Drag "first" back above "second" (row 0 of its section).
    parent = section(panel, sec["title"])
    data = panel.model.mimeData([panel.model.find(first)])
    assert panel.model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, parent)
    qtbot.waitUntil(lambda: [b["id"] for b in blocks(session, sec["title"])] == [first, second])

    # Into another section; then the section itself to the top.
    target = section(panel, "Outlook")
    data = panel.model.mimeData([panel.model.find(second)])
    assert panel.model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, target)
    qtbot.waitUntil(lambda: [b["id"] for b in blocks(session, "Outlook")] == [second])
    data = panel.model.mimeData([target])
    assert panel.model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    qtbot.waitUntil(lambda: panel.model.sections()[0]["title"] == "Outlook")
    assert not panel.model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, target)

    session.undo_stack.undo()
    assert panel.model.sections()[0]["title"] == "Bottom line"


def test_place_claim_and_preview_its_footnotes(qtbot, session, panel, monkeypatch):
    text = "Operators reported three outages in 2023. Regulators disputed the count."
    source = session.run(edits.add_source, SourceInput(
        text=text, title="Grid report", author="Ada Byron", outlet="Energy Weekly",
        published="2024-01-05")).item_id
    claim = session.run(edits.add_claim, "The grid failed three times", likelihood="likely",
                        confidence="moderate").item_id
    for start, end, stance in ((0, 41, "supports"), (42, 72, "contradicts")):
        ann = session.run(edits.add_annotation, source, start, end).item_id
        session.run(edits.link_evidence, claim, ann, stance=stance)

    monkeypatch.setattr(ClaimChooserDialog, "ask", classmethod(lambda cls, parent, c: claim))
    panel.tree.setCurrentIndex(section(panel, "Bottom line"))
    panel.place_claim_action.trigger()
    placed = blocks(session, "Bottom line")
    assert [(b["kind"], b["claim"]) for b in placed] == [("claim", claim)]
    assert panel.model.data(panel.tree.currentIndex()) == "[claim] The grid failed three times"

    preview = panel.preview.toPlainText()
    assert panel.detail.currentIndex() == 1
    assert "The grid failed three times.1,2 We judge this likely" in preview
    assert "Ada Byron" in preview and "Operators reported three outages" in preview
    assert "But see" in preview.split("Regulators")[0]

    # Editing the claim elsewhere refreshes the preview.
    session.run(edits.update_claim, claim, statement="The grid failed thrice")
    assert "The grid failed thrice." in panel.preview.toPlainText()
    inline = panel.document.claim_view(placed[0]["id"])
    assert "The grid failed thrice.1,2 We judge this likely" in _plain(inline.text())
    assert "Operators reported three outages" in inline.footnotes()

    with qtbot.waitSignal(panel.claim_activated) as activated:
        panel.tree.activated.emit(panel.tree.currentIndex())
    assert activated.args == [claim]

    # A claim dragged in from the claims panel lands where it is dropped.
    outlook = section(panel, "Outlook")
    assert panel.model.dropMimeData(claim_mime(claim), Qt.DropAction.CopyAction, -1, 0, outlook)
    qtbot.waitUntil(lambda: len(blocks(session, "Outlook")) == 1)
    panel.remove_block_action.trigger()
    assert blocks(session, "Outlook") == []


def test_sections_add_rename_delete(qtbot, session, panel, monkeypatch):
    monkeypatch.setattr(SectionTitleDialog, "ask", classmethod(lambda cls, *a: "Annex notes"))
    panel.tree.setCurrentIndex(section(panel, "Background"))
    panel.add_section_action.trigger()
    titles = [s["title"] for s in panel.model.sections()]
    assert titles[2] == "Annex notes" and panel.current_id() == panel.model.sections()[2]["id"]

    assert panel.model.setData(panel.tree.currentIndex(), "Key judgments")
    qtbot.waitUntil(lambda: panel.model.sections()[2]["title"] == "Key judgments")

    # On the page: a double-click on the heading renames it (asking with its title).
    asked = []
    monkeypatch.setattr(SectionTitleDialog, "ask", classmethod(
        lambda cls, parent, title, current: asked.append(current) or "Judgments"))
    heading = panel.document.headings[panel.model.sections()[2]["id"]]
    qtbot.mouseDClick(heading, Qt.MouseButton.LeftButton)
    assert asked == ["Key judgments"] and heading.title.text() == "Judgments"
    session.undo_stack.undo()
    assert heading.title.text() == "Key judgments"
    panel.delete_section_action.trigger()
    assert "Key judgments" not in [s["title"] for s in panel.model.sections()]
    session.undo_stack.undo()
    assert panel.model.sections()[2]["title"] == "Key judgments"


def test_outline_model_passes_modeltester(qtmodeltester, session, panel):
    sec = panel.model.sections()
    session.run(edits.add_block, sec[0]["id"], text="**Bold** start")
    claim = session.run(edits.add_claim, "A claim").item_id
    session.run(edits.add_block, sec[0]["id"], claim_id=claim)
    session.run(edits.add_block, sec[2]["id"], text="")
    qtmodeltester.check(panel.model)
    assert panel.model.data(panel.model.find(claim)) is None  # claims are found by block id


def test_header_field_menu_undo_uses_the_window_history(qtbot, session, panel):
    field = panel.header_fields["subject"]
    field.setText("First subject")
    field.editingFinished.emit()
    assert session.store.memo()["subject"] == "First subject"
    menu = field.context_menu()
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[:2] == ["Undo", "Redo"]
    assert sum(t.replace("&", "").startswith("Undo") for t in texts) == 1
    menu.actions()[0].trigger()
    assert session.store.memo()["subject"] == ""


def test_ctrl_z_in_the_header_field_and_editor_goes_to_the_window_history(qtbot, session, panel):
    from PySide6.QtCore import Qt

    field = panel.header_fields["subject"]
    with qtbot.waitSignal(field.undo_requested):
        qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    block = session.run(edits.add_block, panel.model.sections()[0]["id"], text="x").item_id
    assert [b["id"] for b in blocks(session, panel.model.sections()[0]["title"])] == [block]
    panel.select(block)
    with qtbot.waitSignal(panel.document.undo_requested):
        qtbot.keyClick(panel.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert blocks(session, panel.model.sections()[0]["title"]) == []  # the add, undone


def test_memo_reads_as_one_document_with_word_counts(qtbot, session, panel):
    sections = panel.model.sections()
    claim = session.run(edits.add_claim, "Power cuts will continue", likelihood="likely",
                        confidence="high").item_id
    first = session.run(edits.add_block, sections[0]["id"], text="Outages **doubled** in 2023.")
    session.run(edits.add_block, sections[0]["id"], claim_id=claim)
    session.run(edits.add_block, sections[1]["id"], text="Don't over-read one well-known year.")
    doc = panel.document
    # Headings in memo order, each block under its own heading, in order.
    order = [w.block_id if hasattr(w, "block_id") else w.section_id
             for w in _page_widgets(doc)]
    assert order[:4] == [
        sections[0]["id"], first.item_id, doc.claim_view(
            blocks(session, sections[0]["title"])[1]["id"]).block_id, sections[1]["id"]]
    assert doc.editor(first.item_id).toPlainText() == "Outages doubled in 2023."
    judgment = queries.estimative_sentence("likely", "high")
    claim_words = 4 + len(judgment.split())
    assert doc.headings[sections[0]["id"]].count.text() == f"{4 + claim_words} words"
    assert doc.headings[sections[1]["id"]].count.text() == "5 words"
    assert panel.words.text() == f"Memo: {4 + claim_words + 5} words"
    assert doc.headings[sections[2]["id"]].empty.isVisibleTo(doc)

    # Typing updates the counts; a renamed section renames its heading.
    editor = doc.editor(first.item_id)
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " Again")
    saved(qtbot, panel)
    assert doc.headings[sections[0]["id"]].count.text() == f"{5 + claim_words} words"
    session.run(edits.rename_section, sections[1]["id"], "What it means")
    assert doc.headings[sections[1]["id"]].title.text() == "What it means"


def test_typing_in_two_paragraphs_is_saved_on_a_pause_one_undo_step_each(qtbot, session, panel,
                                                                      brief_path):
    shown(qtbot, panel)
    sec = panel.model.sections()[1]
    a = session.run(edits.add_block, sec["id"], text="").item_id
    b = session.run(edits.add_block, sec["id"], text="").item_id
    steps = session.undo_stack.count()
    qtbot.mouseClick(panel.document.editor(a).viewport(), Qt.MouseButton.LeftButton)
    assert panel.current_id() == a  # the outline follows the cursor
    qtbot.keyClicks(panel.document.editor(a), "First thought")
    qtbot.mouseClick(panel.document.editor(b).viewport(), Qt.MouseButton.LeftButton)
    assert panel.current_id() == b
    qtbot.keyClicks(panel.document.editor(b), "Second")
    saved(qtbot, panel)
    assert session.undo_stack.count() == steps + 2

    # Already in the file, without leaving the paragraph or closing anything.
    other = Store.open(brief_path, user="Someone else")
    try:
        texts = [r["text"] for r in other.select("memo_blocks", {"section_id": sec["id"]},
                                                 order_by=["position"])]
    finally:
        other.close()
    assert texts == ["First thought", "Second"]
    session.undo_stack.undo()
    assert panel.document.editor(b).toPlainText() == ""
    assert panel.document.editor(a).toPlainText() == "First thought"


def test_ctrl_return_starts_a_new_paragraph_and_a_reshape_keeps_the_cursor(qtbot, session,
                                                                            panel):
    shown(qtbot, panel)
    sec = panel.model.sections()[0]
    first = session.run(edits.add_block, sec["id"], text="First paragraph").item_id
    panel.select(first)
    editor = panel.document.editor(first)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    stored = blocks(session, sec["title"])
    assert [b["text"] for b in stored] == ["First paragraph", ""]
    second = panel.document.editor(stored[1]["id"])
    assert second.hasFocus() and panel.current_id() == stored[1]["id"]
    qtbot.keyClicks(second, "Next")
    # Another section added (say by the `brief` command) rebuilds the page mid-sentence.
    cursor = second.textCursor()
    cursor.setPosition(2)
    second.setTextCursor(cursor)
    session.run(edits.add_section, "Annex")
    again = panel.document.editor(stored[1]["id"])
    assert again.hasFocus() and again.textCursor().position() == 2
    qtbot.keyClicks(again, "X")
    saved(qtbot, panel)
    assert blocks(session, sec["title"])[1]["text"] == "NeXxt"


def test_the_page_catches_up_when_shown_again(qtbot, session, panel):
    sec = panel.model.sections()[0]
    panel.hide()
    block = session.run(edits.add_block, sec["id"], text="Written while hidden").item_id
    assert panel.document.editor(block) is None  # nothing built for a page off screen
    assert panel.words.text() == "Memo: 3 words"  # the count is kept up to date all the same
    panel.select(block)
    panel.show()
    assert panel.document.editor(block).toPlainText() == "Written while hidden"
    handle = panel.document.rows[block].handle
    assert handle.palette().color(handle.foregroundRole()) == \
        panel.palette().highlight().color()  # marked as the current block


def test_a_paragraph_grows_with_its_text_and_is_never_cut_off(qtbot, session, panel):
    shown(qtbot, panel)
    panel.resize(900, 700)
    sec = panel.model.sections()[0]
    block = session.run(edits.add_block, sec["id"], text="Short.").item_id
    editor = panel.document.editor(block)
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    short = editor.height()
    qtbot.keyClicks(editor, " A much longer sentence that wraps onto further lines." * 4)

    def fits():
        row = panel.document.rows[block]
        return (editor.height() >= editor.document().size().height()
                and row.height() >= editor.height())

    qtbot.waitUntil(fits)
    assert editor.height() > short
    panel.resize(500, 700)  # narrower: more lines, still all shown
    qtbot.waitUntil(lambda: editor.width() < 400)
    qtbot.waitUntil(fits)


def test_arrow_keys_move_through_the_memo_as_one_document(qtbot, session, panel):
    shown(qtbot, panel)
    sections = panel.model.sections()
    first = session.run(edits.add_block, sections[0]["id"], text="One line").item_id
    claim = session.run(edits.add_claim, "A placed claim").item_id
    placed = session.run(edits.add_block, sections[0]["id"], claim_id=claim).item_id
    last = session.run(edits.add_block, sections[1]["id"], text="Next section").item_id
    doc = panel.document
    doc.editor(first).setFocus()
    qtbot.keyClick(doc.editor(first), Qt.Key.Key_Down)
    assert doc.claim_view(placed).hasFocus() and panel.current_id() == placed
    qtbot.keyClick(doc.claim_view(placed), Qt.Key.Key_Down)  # into the next section
    assert doc.editor(last).hasFocus() and doc.editor(last).textCursor().position() == 0
    qtbot.keyClick(doc.editor(last), Qt.Key.Key_Up)
    qtbot.keyClick(doc.claim_view(placed), Qt.Key.Key_Up)
    editor = doc.editor(first)
    assert editor.hasFocus() and editor.textCursor().position() == len("One line")
    qtbot.keyClicks(editor, "!")
    saved(qtbot, panel)
    assert blocks(session, sections[0]["title"])[0]["text"] == "One line!"


def test_drag_a_block_by_its_handle_to_another_place_in_the_document(qtbot, session, panel):
    shown(qtbot, panel)
    panel.resize(1000, 700)
    sections = panel.model.sections()
    first = session.run(edits.add_block, sections[0]["id"], text="first").item_id
    second = session.run(edits.add_block, sections[0]["id"], text="second").item_id
    claim = session.run(edits.add_claim, "Dropped claim").item_id
    doc = panel.document
    qtbot.waitUntil(lambda: doc.rows[second].geometry().height() > 0)
    doc.widget().layout().activate()

    # "first" dropped low on the "second" row lands after it; a claim onto the last heading.
    row = doc.rows[second]
    _drop(doc, block_mime(first), row.geometry().bottom() - 2)
    qtbot.waitUntil(lambda: [x["id"] for x in blocks(session, sections[0]["title"])]
                    == [second, first])
    assert session.undo_stack.undoText().startswith("Move")
    heading = doc.headings[sections[-1]["id"]]
    _drop(doc, claim_mime(claim), heading.geometry().bottom())
    qtbot.waitUntil(lambda: [x["claim"] for x in blocks(session, sections[-1]["title"])]
                    == [claim])
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert [x["id"] for x in blocks(session, sections[0]["title"])] == [first, second]


def _drop(doc, data, page_y):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    point = doc.page.mapTo(doc.viewport(), doc.page.rect().topLeft())
    pos = QPointF(point.x() + 40, point.y() + page_y)
    event = QDropEvent(pos, Qt.DropAction.MoveAction | Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    doc.dropEvent(event)
    assert event.isAccepted()


def _page_widgets(doc):
    layout = doc.page_layout
    return [layout.itemAt(i).widget() for i in range(layout.count())
            if layout.itemAt(i).widget() is not None]


def _plain(rich: str) -> str:
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(rich)
    return doc.toPlainText()


def test_the_page_margins_narrow_when_the_memo_is_narrow(qtbot, session):
    widget = MemoPanel(session)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    layout = widget.document.page_layout
    qtbot.waitUntil(lambda: layout.contentsMargins().left() == 28, timeout=2000)
    widget.resize(420, 600)
    qtbot.waitUntil(lambda: layout.contentsMargins().left() == 8, timeout=2000)
    assert layout.contentsMargins().right() == 8
    widget.resize(900, 600)
    qtbot.waitUntil(lambda: layout.contentsMargins().left() == 28, timeout=2000)


def test_the_page_is_built_just_after_it_first_appears(qtbot, session):
    # Opening a brief shows the window first; its memo page is filled a moment later.
    sec = queries.memo(session.store)["sections"][0]
    block = session.run(edits.add_block, sec["id"], text="Already written").item_id
    widget = MemoPanel(session)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.document.editor(block) is None
    qtbot.waitUntil(lambda: widget.document.editor(block) is not None, timeout=2000)
    assert widget.document.editor(block).toPlainText() == "Already written"


def test_outline_signals_only_the_blocks_whose_review_badge_changes(qtbot):
    # The counts are refreshed after every edit to a claim or the memo: signalling every
    # block had the outline read all its rows each time (300 placed claims: 10 ms an undo).
    from desktop.ui.memo.model import MemoOutlineModel

    blocks = [{"id": f"b{n}", "kind": "claim" if n % 2 else "prose", "text": f"Block {n}",
               "claim": f"c{n}" if n % 2 else None} for n in range(6)]
    model = MemoOutlineModel({"sections": [{"id": "s", "title": "Findings",
                                            "blocks": blocks}]})
    signalled = []
    model.dataChanged.connect(
        lambda first, last, _roles: signalled.append(model.item(first)["id"]))
    model.set_review_counts({"b2": 1, "c3": 2})  # a paragraph's item, a placed claim's
    assert sorted(signalled) == ["b2", "b3"]
    signalled.clear()
    model.set_review_counts({"b2": 1, "c3": 2})
    assert signalled == []
    model.set_review_counts({"c3": 1})
    assert sorted(signalled) == ["b2", "b3"]
