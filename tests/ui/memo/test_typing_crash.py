"""Nothing typed in the memo is lost when the app is killed: a real app process (offscreen)
types into a paragraph and is killed with SIGKILL, after the save on a pause and inside it;
re-opening the brief shows the text."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.core import edits, queries
from desktop.core.store import Store
from desktop.ui.memo.panel import SAVE_PAUSE_MS

pytestmark = [pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
              pytest.mark.qt_log_ignore("propagateSizeHints")]

CHILD = Path(__file__).with_name("typing_app.py")
BEFORE = "Exports rose."
TYPED = " Port capacity is the constraint, café owners say 🌍"


def _brief_with_paragraph(tmp_path) -> tuple[Path, str]:
    path = tmp_path / "typing.brief"
    with Store.create(path, title="Typing", user="Test Analyst") as store:
        section = queries.memo(store)["sections"][0]["id"]
        add = edits.add_block(store, section, text=BEFORE)
        add.apply(store)
    return path, add.item_id


def _type_and_kill(path: Path, block: str, mode: str, wait: float) -> None:
    """Start the app, let it type, wait ``wait`` seconds, then kill it with SIGKILL."""
    child = subprocess.Popen([sys.executable, str(CHILD), str(path), block, TYPED, mode],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             cwd=Path(__file__).parents[3])
    try:
        line = child.stdout.readline()
        if line == "typed\n":
            time.sleep(wait)
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        _out, err = child.communicate(timeout=30)
    assert line == "typed\n" and child.returncode == -signal.SIGKILL, err


def _text_in_file(path: Path, block: str) -> str:
    with Store.open(path, user="Someone else") as store:  # writable: plays back a hot journal
        return store.get("memo_blocks", block)["text"]


def test_typing_saved_on_a_pause_survives_the_app_being_killed(tmp_path):
    path, block = _brief_with_paragraph(tmp_path)
    # Well past the pause: the save came on its own (no focus change, no close).
    _type_and_kill(path, block, "pause", wait=SAVE_PAUSE_MS / 1000 + 2.0)
    assert _text_in_file(path, block) == BEFORE + TYPED


def test_typing_killed_inside_the_pause_is_put_back_when_the_brief_reopens(
        qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from desktop.ui.shell import app
    from desktop.ui.memo.typing_journal import journal_path

    path, block = _brief_with_paragraph(tmp_path)
    _type_and_kill(path, block, "hang", wait=0.2)
    # The pause never came: the brief still has the old text, the journal the new.
    assert _text_in_file(path, block) == BEFORE
    with Store.open(path, readonly=True) as store:
        journal = journal_path(store.brief()["id"], path.resolve())
    assert json.loads(journal.read_text(encoding="utf-8"))["text"] == BEFORE + TYPED

    told: list[str] = []
    monkeypatch.setattr(app.Messages, "info", classmethod(
        lambda cls, parent, title, text: told.append(text)))
    window = app.App(QApplication.instance(), watch_file_open=False).open(path)
    qtbot.addWidget(window)
    session = window.session
    assert session.store.get("memo_blocks", block)["text"] == BEFORE + TYPED
    assert told == ["Typing that had not been saved when Briefing Builder stopped was put "
                    "back in the memo. Edit → Undo takes it out again."]
    assert not journal.exists()
    session.undo()
    assert session.store.get("memo_blocks", block)["text"] == BEFORE
    session.redo()
    window.close()
    assert _text_in_file(path, block) == BEFORE + TYPED


def test_a_journal_for_a_paragraph_changed_since_is_kept_not_applied(qtbot, tmp_path,
                                                                     monkeypatch):
    from desktop.ui.shell.session import Session
    from desktop.ui.memo.typing_journal import journal_path, recover

    path, block = _brief_with_paragraph(tmp_path)
    with Store.open(path, user="Test Analyst") as store:
        brief_id = store.brief()["id"]
        edits.update_block(store, block, "Rewritten in another copy.").apply(store)
    journal = journal_path(brief_id, path.resolve())
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_text(json.dumps({"brief": brief_id, "path": str(path.resolve()),
                                   "dev": path.stat().st_dev, "ino": path.stat().st_ino,
                                   "block": block, "before": BEFORE,
                                   "text": BEFORE + TYPED}), encoding="utf-8")
    session = Session(Store.open(path, user="Test Analyst"))
    try:
        message = recover(session)
        assert session.store.get("memo_blocks", block)["text"] == "Rewritten in another copy."
    finally:
        session.close()
    assert message.startswith("Typing that had not been saved when Briefing Builder stopped "
                              "could not be put back, because its paragraph was changed")
    assert not journal.exists()
    kept = [p for p in journal.parent.iterdir() if p.name.startswith(journal.stem + ".not-")]
    assert len(kept) == 1 and str(kept[0]) in message
    assert json.loads(kept[0].read_text(encoding="utf-8"))["text"] == BEFORE + TYPED


def test_the_journal_is_gone_once_the_typing_is_saved(qtbot, make_window, brief_path):
    from desktop.ui.memo.typing_journal import journal_path

    window = make_window(brief_path, size=(1400, 860))
    window.show_memo()
    memo = window.memo
    section = memo.model.sections()[0]["id"]
    block = window.session.run(edits.add_block, section, text="").item_id
    memo.select(block)
    qtbot.waitUntil(lambda: memo.document.editor(block) is not None)
    editor = memo.document.editor(block)
    editor.setFocus()
    qtbot.keyClicks(editor, "Held back")
    journal = journal_path(window.session.store.brief()["id"], brief_path.resolve())
    assert json.loads(journal.read_text(encoding="utf-8"))["text"] == "Held back"
    # Rewritten in place: a shorter text is padded over the longer one, still one entry.
    for _ in range(5):
        qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert json.loads(journal.read_text(encoding="utf-8"))["text"] == "Held"
    qtbot.waitUntil(lambda: not memo.has_unsaved_typing, timeout=5000)
    assert not journal.exists()
    assert window.session.store.get("memo_blocks", block)["text"] == "Held"


def test_typing_in_a_paragraph_deleted_elsewhere_is_kept_and_the_user_told_where(
        qtbot, make_window, brief_path):
    """Another program deleted the paragraph while its typing was held back: the typed
    text is not thrown away with it."""
    from desktop.ui.memo.typing_journal import journal_path

    window = make_window(brief_path, size=(1400, 860))
    window.show_memo()
    memo = window.memo
    section = memo.model.sections()[0]["id"]
    block = window.session.run(edits.add_block, section, text="").item_id
    memo.select(block)
    qtbot.waitUntil(lambda: memo.document.editor(block) is not None)
    editor = memo.document.editor(block)
    editor.setFocus()
    qtbot.keyClicks(editor, "Not lost")
    with Store.open(brief_path, user="Someone else") as other:
        edits.delete_block(other, block).apply(other)
    window.session.check_external_changes()
    assert not memo.has_unsaved_typing
    journal = journal_path(window.session.store.brief()["id"], brief_path.resolve())
    assert not journal.exists()  # set aside: a later recovery must not apply it
    [kept] = [p for p in journal.parent.iterdir() if p.name.startswith(journal.stem + ".not-")]
    assert json.loads(kept.read_text(encoding="utf-8"))["text"] == "Not lost"
    assert window.errors == ["The paragraph you were typing in was deleted in another window "
                             f"or program. What you typed is kept in {kept}."]


def test_typing_killed_in_the_original_is_not_applied_to_a_copy_opened_first(
        qtbot, tmp_path, monkeypatch):
    """A copy keeps the brief id (Share a copy, `brief copy`, backups): the original's
    journal is neither applied to the copy nor deleted, and the user is told, once, which
    file to open; opening the original then puts the typing back."""
    from PySide6.QtWidgets import QApplication

    from desktop.core import share
    from desktop.ui.shell import app
    from desktop.ui.memo.typing_journal import journal_path

    original, block = _brief_with_paragraph(tmp_path)
    copy = tmp_path / "copy.brief"
    with Store.open(original, user="Test Analyst") as store:
        share.copy_brief(store, copy)
        journal = journal_path(store.brief()["id"], original.resolve())
    _type_and_kill(original, block, "hang", wait=0.2)
    assert journal.exists()

    told: list[str] = []
    monkeypatch.setattr(app.Messages, "info", classmethod(
        lambda cls, parent, title, text: told.append(text)))
    the_app = app.App(QApplication.instance(), watch_file_open=False)
    window = the_app.open(copy)
    qtbot.addWidget(window)
    assert window.session.store.get("memo_blocks", block)["text"] == BEFORE
    assert told == [f"Unsaved typing for {original.resolve()} is waiting; open that file "
                    "to get it back."]
    assert json.loads(journal.read_text(encoding="utf-8"))["text"] == BEFORE + TYPED
    window.close()
    told.clear()
    window = the_app.open(copy)  # told once, not on every open
    qtbot.addWidget(window)
    assert told == [] and journal.exists()
    window.close()
    assert _text_in_file(copy, block) == BEFORE

    window = the_app.open(original)
    qtbot.addWidget(window)
    assert window.session.store.get("memo_blocks", block)["text"] == BEFORE + TYPED
    assert told == ["Typing that had not been saved when Briefing Builder stopped was put "
                    "back in the memo. Edit → Undo takes it out again."]
    assert not journal.exists()
    window.close()
