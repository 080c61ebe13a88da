"""Change notices say who made them: the panel that made an edit does not redraw it, others
do, and an undo or redo redraws everywhere (after Anki's ``OpChanges`` + ``initiator``)."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt

from desktop.core import edits, queries
from desktop.core.changes import Changes
from desktop.ui.memo.panel import MemoPanel
from desktop.ui.memo.document import MemoDocument
from desktop.ui.memo.editor import ProseEditor

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def notices(session):
    heard: list[Changes] = []
    session.changed.connect(heard.append)
    return heard


@pytest.fixture
def panels(qtbot, session):
    """Two memo panels on one session: the one typed in, and another window's."""
    made = []
    for _ in range(2):
        panel = MemoPanel(session)
        qtbot.addWidget(panel)
        panel.show()
        made.append(panel)
    qtbot.waitUntil(lambda: all(p.document.headings for p in made))
    return made


@pytest.fixture
def redraws(monkeypatch):
    """Per paragraph editor, how often it was told its text, and how often each page was
    laid out again from the whole memo."""
    told: Counter = Counter()
    pages: Counter = Counter()
    set_markdown, show_memo = ProseEditor.set_markdown, MemoDocument.show_memo

    def counting_set(editor, text):
        told[editor] += 1
        return set_markdown(editor, text)

    def counting_show(document, *args, **kwargs):
        pages[document] += 1
        return show_memo(document, *args, **kwargs)

    monkeypatch.setattr(ProseEditor, "set_markdown", counting_set)
    monkeypatch.setattr(MemoDocument, "show_memo", counting_show)
    return told, pages


def test_the_notice_names_the_initiator_only_for_the_gesture_itself(session, notices):
    me = object()
    claim = session.run(edits.add_claim, "Prices will fall", initiator=me).item_id
    session.undo()
    session.redo()
    session.run(edits.update_claim, claim, statement="Prices will rise")
    assert [n.initiator for n in notices] == [me, None, None, None]
    assert notices[0] == notices[1] == notices[2]  # the same change, whoever made it
    assert notices[0].is_from(me) and not notices[1].is_from(me)
    assert not notices[3].is_from(None)  # nobody in particular is nobody's own change


def test_typing_does_not_redraw_the_page_it_was_typed_on(qtbot, session, panels, redraws):
    typed_in, other = panels
    told, pages = redraws
    sec = typed_in.model.sections()[0]
    a = session.run(edits.add_block, sec["id"], text="").item_id
    b = session.run(edits.add_block, sec["id"], text="Untouched paragraph").item_id
    editor = typed_in.document.editor(a)
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor, "Prices rose")
    cursor = editor.textCursor()
    cursor.setPosition(3)  # the user moves back into the word while the pause runs out
    cursor.setPosition(6, cursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    told.clear()
    pages.clear()

    typed_in.save_typing()

    assert [b["text"] for b in queries.memo(session.store)["sections"][0]["blocks"]] == [
        "Prices rose", "Untouched paragraph"]
    # The page typed on is not laid out again and no other paragraph is told anything ...
    assert pages[typed_in.document] == 0
    assert told[typed_in.document.editor(b)] == 0
    assert editor.textCursor().selectionStart() == 3 and editor.textCursor().position() == 6
    # ... while the other page shows the new text.
    assert pages[other.document] == 1
    assert other.document.editor(a).toPlainText() == "Prices rose"
    assert typed_in.words.text() == other.words.text() == "Memo: 4 words"
    assert typed_in.document.headings[sec["id"]].count.text() == "4 words"

    session.undo()  # nobody's gesture: both pages redraw
    assert pages[typed_in.document] == 1 and pages[other.document] == 2
    assert editor.toPlainText() == other.document.editor(a).toPlainText() == ""
    session.redo()
    assert pages[typed_in.document] == 2 and pages[other.document] == 3
    assert editor.toPlainText() == other.document.editor(a).toPlainText() == "Prices rose"


def test_a_header_field_left_redraws_only_the_other_panels(qtbot, session, panels, redraws):
    typed_in, other = panels
    _, pages = redraws
    field = typed_in.header_fields["subject"]
    field.setFocus()
    qtbot.keyClicks(field, "Grain exports")
    field.setCursorPosition(5)
    pages.clear()

    field.editingFinished.emit()

    assert session.store.memo()["subject"] == "Grain exports"
    assert pages[typed_in.document] == 0 and field.cursorPosition() == 5
    assert other.header_fields["subject"].text() == "Grain exports"
    assert pages[other.document] == 1
    session.undo()
    assert field.text() == other.header_fields["subject"].text() == ""
    assert pages[typed_in.document] == 1


def test_a_highlight_note_left_reloads_only_the_other_readers(qtbot, session):
    from desktop.core.model import SourceInput
    from desktop.ui.reader.panel import ReaderPanel

    text = "Grain exports fell. Ports shut in May. Insurers raised premiums after the talks."
    source = session.run(edits.add_source, SourceInput(text=text, title="Wire")).item_id
    highlights = [session.run(edits.add_annotation, source, start, end).item_id
                  for start, end in ((0, 19), (20, 38), (39, 80))]
    readers, resets = [], Counter()
    for _ in range(2):
        reader = ReaderPanel(session)
        qtbot.addWidget(reader)
        reader.show_source(source)
        reader.model.modelReset.connect(lambda r=reader: resets.update([r]))
        readers.append(reader)
    typed_in, other = readers
    typed_in.list.selectRow(1)
    typed_in.list.verticalScrollBar().setValue(0)
    note = typed_in.note
    note.setText("Checked against the port authority")
    note.setModified(True)
    note.setCursorPosition(7)

    note.editingFinished.emit()

    assert session.store.get("annotations", highlights[1])["note"] == \
        "Checked against the port authority"
    assert resets[typed_in] == 0 and resets[other] == 1
    row = typed_in.model.index(1, 0)
    assert row.data(Qt.ItemDataRole.ToolTipRole) == "Checked against the port authority"
    assert typed_in.selected_annotation() == highlights[1] and note.cursorPosition() == 7
    assert other.model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole) == \
        "Checked against the port authority"

    typed_in.credibility.setCurrentIndex(typed_in.credibility.findData(2))
    typed_in.credibility.activated.emit(typed_in.credibility.currentIndex())
    assert resets[typed_in] == 0 and typed_in.model.index(1, 2).data() == "2"

    session.undo()  # nobody's gesture: every reader reloads
    assert resets[typed_in] == 1 and resets[other] == 3
    assert typed_in.model.index(1, 2).data() == ""
    assert typed_in.credibility.currentData() is None
    session.undo()
    assert resets[typed_in] == 2
    assert typed_in.note.text() == "" and typed_in.selected_annotation() == highlights[1]
