"""Typing the memo holds back, kept in a small file until it is saved: nothing typed is lost
even when the app is killed in the 0.4 s before a pause would have saved it.

The memo saves a paragraph's typing on a short pause (and at once on leaving it, on any
other edit and on close), so the keys of the last pause before a crash (power cut, the
process killed, a hang ended by the system) live only in memory. Each held-back change is
also written here, to ``<data folder>/unsaved/<brief id>.json``, rewritten in place by one
write per key and deleted once the typing is in the brief. Not beside the
brief: SQLite must never meet side files it did not write, and a brief's folder may be
read-only or shared. Not flushed to the disk on every key (that would stall typing): it
survives the app's crash, which the operating system's cache outlives, not a power cut in
the seconds before the cache is written out.

When a brief is opened and a journal for it is found, :func:`recover` puts the text back
as one undoable edit if the paragraph still reads as it did when the typing began; if it
has changed since (another copy of the app wrote it), the journal is kept under a new name
and the user is told where, rather than overwriting either text.
"""

from __future__ import annotations

import json
import os
import time
from datetime import datetime
from pathlib import Path

import platformdirs

from desktop.core import edits
from desktop.core.errors import BriefError

APP_NAME, ORG_NAME = "Briefing Builder", "BriefingBuilder"  # as desktop.ui.shell.app names them


def journal_folder() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, ORG_NAME)) / "unsaved"


def journal_path(brief_id: str) -> Path:
    # A brief id is 32 hex digits; anything else (a stranger's file) is not a file name.
    safe = "".join(c for c in brief_id if c.isalnum())[:64] or "brief"
    return journal_folder() / f"{safe}.json"


class TypingJournal:
    """The held-back typing of one open brief's memo, mirrored to a file."""

    def __init__(self, session):
        self.session = session
        self._brief_id: str | None = None
        self._path: Path | None = None
        self._base: tuple[str, str] | None = None  # (block id, its text before the typing)
        self._fd: int | None = None  # the journal, open while typing is held back
        self._size = 0  # the longest entry written to it since it was opened

    @property
    def path(self) -> Path | None:
        """The journal's file (None for a read-only brief: it takes no typing)."""
        if self._path is None and not self.session.store.readonly:
            self._brief_id = self.session.store.brief()["id"]
            self._path = journal_path(self._brief_id)
        return self._path

    def hold(self, block_id: str, markdown: str) -> None:
        """Record ``markdown`` as the paragraph's text not yet saved (on every key: cheap)."""
        path = self.path
        if path is None:
            return
        if self._base is None or self._base[0] != block_id:
            row = self.session.store.select_one("memo_blocks", {"id": block_id})
            if row is None:
                return
            self._base = (block_id, row["text"])
        data = json.dumps({"brief": self._brief_id, "block": block_id, "before": self._base[1],
                           "text": markdown, "typed": time.time()},
                          ensure_ascii=False).encode("utf-8")
        try:
            if self._fd is None:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC
                                   | getattr(os, "O_BINARY", 0), 0o600)
                self._size = 0
            # One write from the start of the file, padded with spaces over a longer earlier
            # entry (JSON allows trailing blanks): no rename per key (0.2 ms each, where this
            # takes microseconds), and a kill leaves the earlier entry or this one.
            _write_at_start(self._fd, data + b" " * (self._size - len(data)))
            self._size = max(self._size, len(data))
        except OSError:
            pass  # a full or read-only data folder must not stop the typing itself

    def saved(self) -> None:
        """The held-back typing is in the brief: the journal has nothing left to keep."""
        self._base = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._path is not None:
            try:
                self._path.unlink(missing_ok=True)
            except OSError:
                pass


    def set_aside(self) -> Path | None:
        """Keep the held-back typing under a name of its own (its paragraph is gone), out
        of the way of later typing and of :func:`recover`; its path, or None."""
        self._base = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._path is None or not self._path.exists():
            return None
        return _set_aside(self._path)


def _set_aside(path: Path) -> Path | None:
    kept = path.with_name(f"{path.stem}.not-recovered-"
                          f"{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}.json")
    try:
        os.replace(path, kept)
    except OSError:
        return None
    return kept


def _write_at_start(fd: int, data: bytes) -> None:
    if hasattr(os, "pwrite"):
        os.pwrite(fd, data, 0)
    else:  # Windows
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, data)


def recover(session) -> str | None:
    """Put back typing a crash left unsaved in this brief; a sentence for the user, or None.

    The text goes back as one undoable edit when its paragraph still reads as it did before
    the typing began; if the paragraph is gone or was changed since, the journal is kept
    (renamed) and the sentence says where.
    """
    store = session.store
    if store.readonly:
        return None
    try:
        path = journal_path(store.brief()["id"])
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("brief") != store.brief()["id"] \
            or not all(isinstance(entry.get(k), str) for k in ("block", "before", "text")):
        path.unlink(missing_ok=True)
        return None
    row = store.select_one("memo_blocks", {"id": entry["block"]})
    if row is not None and row["text"] == entry["text"]:
        path.unlink(missing_ok=True)  # it was saved after all
        return None
    if row is not None and row["text"] == entry["before"]:
        try:
            edit = edits.update_block(store, entry["block"], entry["text"])
        except BriefError:
            edit = None
        if edit is not None and session.push(edit):
            path.unlink(missing_ok=True)
            return ("Typing that had not been saved when Briefing Builder stopped was put "
                    "back in the memo. Edit → Undo takes it out again.")
    kept = _set_aside(path)
    if kept is None:
        return None
    return ("Typing that had not been saved when Briefing Builder stopped could not be put "
            "back, because its paragraph was changed or deleted since. The text is kept in "
            f"{kept}.")
