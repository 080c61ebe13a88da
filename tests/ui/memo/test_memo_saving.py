"""Typing in a memo paragraph, in a real window on a real brief file: saved on a short
pause, and at once on leaving the paragraph, on undo and on closing the window, so nothing
typed is lost; a burst of typing stays one undo step and a few writes, not one per key."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core import edits, queries
from desktop.core.store import Store

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(make_window, brief_path):
    w = make_window(brief_path, size=(1400, 860))
    w.show_memo()
    return w


def _paragraph(window, text: str = "") -> str:
    """A new paragraph in the first section, with the cursor at its end."""
    memo = window.memo
    section = memo.model.sections()[0]["id"]
    block = window.session.run(edits.add_block, section, text=text).item_id
    memo.select(block)
    editor = memo.document.editor(block)
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    return block


def _in_file(brief_path, block: str) -> str:
    """The paragraph's text as another connection reads it from the file."""
    other = Store.open(brief_path, user="Someone else", readonly=True)
    try:
        return other.get("memo_blocks", block)["text"]
    finally:
        other.close()


def test_typing_then_closing_the_window_leaves_the_text_in_the_file(qtbot, window,
                                                                    brief_path):
    block = _paragraph(window)
    qtbot.keyClicks(window.memo.document.editor(block), "Written just before closing")
    assert window.memo.has_unsaved_typing  # the pause has not come yet
    assert window.close()
    assert window.session.closed
    assert _in_file(brief_path, block) == "Written just before closing"


def test_closing_the_brief_saves_typing_even_without_a_focus_change(qtbot, window,
                                                                    brief_path):
    block = _paragraph(window)
    editor = window.memo.document.editor(block)
    qtbot.keyClicks(editor, "Still in the paragraph")
    # Only the close can save it: the pause has not come, the cursor never left, the file
    # does not hold the text yet (else this would pass without the close saving anything).
    assert editor.hasFocus() and window.memo.has_unsaved_typing
    assert _in_file(brief_path, block) == ""
    window.session.close()  # as the window's close does after its own tidying
    assert _in_file(brief_path, block) == "Still in the paragraph"


def test_typing_then_pausing_saves_the_text_with_the_cursor_still_there(qtbot, window,
                                                                        brief_path):
    block = _paragraph(window)
    editor = window.memo.document.editor(block)
    qtbot.keyClicks(editor, "Saved on a pause")
    qtbot.waitUntil(lambda: _in_file(brief_path, block) == "Saved on a pause", timeout=3000)
    assert editor.hasFocus()
    assert not window.memo.has_unsaved_typing


def test_200_keys_are_one_undo_step_and_a_handful_of_writes(qtbot, window, brief_path):
    block = _paragraph(window)
    editor = window.memo.document.editor(block)
    session = window.session
    steps = session.undo_stack.count()
    writes = []
    session.changed.connect(writes.append)
    text = ("Grid outages doubled in 2023. " * 7)[:200]
    qtbot.keyClicks(editor, text, delay=5)  # 200 keys a second, events handled between keys
    qtbot.waitUntil(lambda: not window.memo.has_unsaved_typing, timeout=3000)
    assert _in_file(brief_path, block) == text
    assert 1 <= len(writes) <= 5
    assert session.undo_stack.count() == steps + 1
    session.undo()
    assert _in_file(brief_path, block) == "" and editor.toPlainText() == ""


def test_leaving_the_paragraph_saves_it_at_once(qtbot, window, brief_path):
    first = _paragraph(window)
    second = window.session.run(edits.add_block, window.memo.model.sections()[0]["id"],
                                text="").item_id
    window.memo.select(first)
    editor = window.memo.document.editor(first)
    editor.setFocus()
    qtbot.keyClicks(editor, "First")
    window.memo.document.editor(second).setFocus()  # on to the next paragraph
    assert _in_file(brief_path, first) == "First"
    qtbot.keyClicks(window.memo.document.editor(second), "Second")
    window.memo.tree.setFocus()  # on to the outline
    assert _in_file(brief_path, second) == "Second"


def test_undo_right_after_typing_undoes_the_typing_as_one_step(qtbot, window, brief_path):
    block = _paragraph(window, "Kept.")
    editor = window.memo.document.editor(block)
    qtbot.keyClicks(editor, " Undone at once")
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _in_file(brief_path, block) == "Kept." and editor.toPlainText() == "Kept."
    window.session.redo()
    assert _in_file(brief_path, block) == "Kept. Undone at once"
    assert editor.toPlainText() == "Kept. Undone at once"


def test_another_edit_right_after_typing_keeps_the_typing_in_order(qtbot, window, brief_path):
    block = _paragraph(window, "Moved")
    editor = window.memo.document.editor(block)
    qtbot.keyClicks(editor, " with its new words")
    # Alt+Down (a window shortcut) while the caret is still in the paragraph.
    window.memo.move_down_action.trigger()
    assert _in_file(brief_path, block) == "Moved with its new words"
    assert editor.toPlainText() == "Moved with its new words"
    window.session.undo()  # the move
    window.session.undo()  # the typing
    assert _in_file(brief_path, block) == "Moved"


def test_a_change_by_another_program_while_typing_keeps_the_typing(qtbot, window,
                                                                   brief_path):
    block = _paragraph(window)
    editor = window.memo.document.editor(block)
    qtbot.keyClicks(editor, "Mine")
    other = Store.open(brief_path, user="Someone else")
    try:
        edits.rename_section(other, window.memo.model.sections()[1]["id"],
                             "Renamed elsewhere").apply(other)
    finally:
        other.close()
    assert window.session.check_external_changes()
    assert editor.toPlainText() == "Mine"
    assert _in_file(brief_path, block) == "Mine"
    titles = [s["title"] for s in queries.memo(window.session.store)["sections"]]
    assert "Renamed elsewhere" in titles
    assert window.errors == []
