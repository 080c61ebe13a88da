"""The typing journal belongs to one brief file: copies, renamed or replaced files, briefs
whose ids look alike, and unreadable journals never get or lose another file's typing, and
never stop a brief from opening."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from desktop.core import edits, queries, share
from desktop.core.store import Store

BEFORE = "Exports rose."
TYPED = BEFORE + " Port capacity is the constraint."


def _brief(tmp_path, name="typing.brief") -> tuple[Path, str, str]:
    path = tmp_path / name
    with Store.create(path, title="Typing", user="Test Analyst") as store:
        section = queries.memo(store)["sections"][0]["id"]
        add = edits.add_block(store, section, text=BEFORE)
        add.apply(store)
        return path, add.item_id, store.brief()["id"]


def _hold(path: Path, block: str, text: str) -> Path:
    """Type ``text`` into ``block`` with the journal the memo uses, as if the app then
    stopped inside the pause: the journal file is left behind."""
    from desktop.ui.memo.typing_journal import TypingJournal
    from desktop.ui.shell.session import Session

    session = Session(Store.open(path, user="Test Analyst"))
    try:
        journal = TypingJournal(session)
        journal.hold(block, text)
        assert journal.path.exists()
        return journal.path
    finally:
        session.close()


def _recover(path: Path) -> tuple[str | None, str]:
    """What reopening ``path`` tells the user, and the paragraph's text after it."""
    from desktop.ui.memo.typing_journal import recover
    from desktop.ui.shell.session import Session

    session = Session(Store.open(path, user="Test Analyst"))
    try:
        message = recover(session)
        rows = session.store.select("memo_blocks", {})
        return message, [r["text"] for r in rows if r["text"]][0]
    finally:
        session.close()


def _aside(journal: Path) -> list[Path]:
    return [p for p in journal.parent.iterdir()
            if p.name.startswith(journal.stem + ".not-recovered-")]


def test_ids_differing_in_punctuation_or_case_or_without_letters_get_their_own_journals(
        tmp_path):
    from desktop.ui.memo.typing_journal import journal_path

    brief = tmp_path / "a.brief"
    names = {journal_path(i, brief).name
             for i in ("abc-1", "abc.1", "abc1", "ABC1", "--", "..", "", "x" * 64 + "a",
                       "x" * 64 + "b")}
    assert len(names) == 9
    # Lower-case hex only: a case-insensitive file system cannot fold two into one.
    assert all(n == n.lower() for n in names)
    assert journal_path("abc1", brief) != journal_path("abc1", tmp_path / "b.brief")


def test_a_journal_typed_into_a_renamed_brief_waits_for_the_old_name(qtbot, tmp_path):
    """dev/inode alone are not trusted (a freed inode number is reused at once): a moved
    brief does not take its journal; the user is told where, and moving it back works."""
    path, block, _id = _brief(tmp_path)
    journal = _hold(path, block, TYPED)
    moved = tmp_path / "moved.brief"
    os.replace(path, moved)
    message, text = _recover(moved)
    assert text == BEFORE
    assert message == (f"Unsaved typing for {path.resolve()} is waiting; open that file to "
                       "get it back.")
    assert json.loads(journal.read_text(encoding="utf-8"))["text"] == TYPED
    os.replace(moved, path)
    message, text = _recover(path)
    assert text == TYPED and message.startswith("Typing that had not been saved when "
                                                "Briefing Builder stopped was put back")
    assert not journal.exists()


def test_a_copy_put_in_place_of_the_brief_does_not_take_its_journal(qtbot, tmp_path):
    """Same path, another file (a copy or backup moved over it): not applied, kept aside."""
    path, block, _id = _brief(tmp_path)
    journal = _hold(path, block, TYPED)
    copy = tmp_path / "copy.brief"
    with Store.open(path, user="Test Analyst") as store:
        share.copy_brief(store, copy)
    os.replace(copy, path)
    message, text = _recover(path)
    assert text == BEFORE
    assert not journal.exists()
    [kept] = _aside(journal)
    assert json.loads(kept.read_text(encoding="utf-8"))["text"] == TYPED
    assert message == ("Typing that had not been saved when Briefing Builder stopped was "
                       "typed into another file that was at this place (it has been replaced "
                       "since, by a backup or a copy), so it was not put back. The text is "
                       f"kept in {kept}.")


def test_a_journal_naming_another_brief_is_kept_not_applied_nor_deleted(qtbot, tmp_path):
    from desktop.ui.memo.typing_journal import journal_path

    path, block, brief_id = _brief(tmp_path)
    journal = journal_path(brief_id, path.resolve())
    journal.parent.mkdir(parents=True, exist_ok=True)
    st = path.stat()
    journal.write_text(json.dumps({"brief": brief_id + "-", "path": str(path.resolve()),
                                   "dev": st.st_dev, "ino": st.st_ino, "block": block,
                                   "before": BEFORE, "text": TYPED}), encoding="utf-8")
    message, text = _recover(path)
    assert text == BEFORE
    [kept] = _aside(journal)
    assert str(kept) in message and json.loads(kept.read_text("utf-8"))["text"] == TYPED


def _truncated(journal: Path) -> None:
    journal.write_text('{"brief": "x", "block": "y", "bef', encoding="utf-8")


def _nul_bytes(journal: Path) -> None:
    journal.write_bytes(b"\0" * 4096)


def _deeply_nested(journal: Path) -> None:
    journal.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")


def _huge(journal: Path) -> None:
    entry = json.dumps({"brief": "x", "block": "y", "before": "", "text": "z"})
    journal.write_bytes(entry.encode() + b" " * (5 << 20))


def _fifo(journal: Path) -> None:
    os.mkfifo(journal)


def _folder(journal: Path) -> None:
    journal.mkdir()


@pytest.mark.parametrize("spoil", [_truncated, _nul_bytes, _deeply_nested, _huge, _fifo,
                                   _folder])
def test_an_unreadable_journal_never_stops_the_brief_opening_and_is_kept_aside(
        qtbot, tmp_path, monkeypatch, spoil):
    from PySide6.QtWidgets import QApplication

    from desktop.ui.memo.typing_journal import journal_path
    from desktop.ui.shell import app

    if spoil is _fifo and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    path, block, brief_id = _brief(tmp_path)
    journal = journal_path(brief_id, path.resolve())
    journal.parent.mkdir(parents=True, exist_ok=True)
    spoil(journal)
    told: list[str] = []
    monkeypatch.setattr(app.Messages, "info", classmethod(
        lambda cls, parent, title, text: told.append(text)))

    def hung(*_):
        raise AssertionError("opening the brief hung on its journal")

    previous = signal.signal(signal.SIGALRM, hung) if hasattr(signal, "SIGALRM") else None
    if previous is not None:
        signal.alarm(20)
    try:
        window = app.App(QApplication.instance(), watch_file_open=False).open(path)
    finally:
        if previous is not None:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    qtbot.addWidget(window)
    assert window.session.store.get("memo_blocks", block)["text"] == BEFORE
    assert not os.path.lexists(journal)
    [kept] = _aside(journal)
    assert len(told) == 1 and told[0].startswith(
        "Typing that had not been saved when Briefing Builder stopped could not be read back")
    assert told[0].endswith(f"The file is kept in {kept}.")
    window.close()


def test_opening_a_copy_beside_the_original_being_typed_in_says_nothing_of_its_typing(
        qtbot, tmp_path, monkeypatch):
    """The original's journal is live in its window, not waiting: no message, untouched."""
    from PySide6.QtWidgets import QApplication

    from desktop.ui.memo.typing_journal import journal_path
    from desktop.ui.shell import app

    original, block, brief_id = _brief(tmp_path)
    copy = tmp_path / "copy.brief"
    with Store.open(original, user="Test Analyst") as store:
        share.copy_brief(store, copy)
    told: list[str] = []
    monkeypatch.setattr(app.Messages, "info", classmethod(
        lambda cls, parent, title, text: told.append(text)))
    the_app = app.App(QApplication.instance(), watch_file_open=False)
    window = the_app.open(original)
    qtbot.addWidget(window)
    window.show_memo()
    memo = window.memo
    memo.select(block)
    qtbot.waitUntil(lambda: memo.document.editor(block) is not None)
    editor = memo.document.editor(block)
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " More")
    journal = journal_path(brief_id, original.resolve())
    assert json.loads(journal.read_text(encoding="utf-8"))["text"] == BEFORE + " More"
    other = the_app.open(copy)
    qtbot.addWidget(other)
    assert told == []
    assert other.session.store.get("memo_blocks", block)["text"] == BEFORE
    assert json.loads(journal.read_text(encoding="utf-8"))["text"] == BEFORE + " More"
    other.close()
    window.close()
    assert not journal.exists()


def test_a_journal_named_by_the_brief_id_alone_is_reported_never_applied(qtbot, tmp_path):
    """The first journals were named ``<brief id>.json`` with no path: it may be a copy's,
    so it is left where it is and the user told where, once."""
    from desktop.ui.memo.typing_journal import journal_folder

    path, block, brief_id = _brief(tmp_path)
    old = journal_folder() / f"{brief_id}.json"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text(json.dumps({"brief": brief_id, "block": block, "before": BEFORE,
                               "text": TYPED, "path": ["not", "a", "path"]}), encoding="utf-8")
    message, text = _recover(path)
    assert text == BEFORE
    assert message == ("Unsaved typing for this brief, kept by an earlier version of Briefing "
                       "Builder, was not put back because it may belong to a copy of it. The "
                       f"text is in {old}.")
    assert json.loads(old.read_text(encoding="utf-8"))["text"] == TYPED
    assert _recover(path) == (None, BEFORE)
    assert old.exists()
