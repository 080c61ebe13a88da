"""Typing the memo holds back, kept in a small file until it is saved: nothing typed is lost
even when the app is killed in the 0.4 s before a pause would have saved it.

The memo saves a paragraph's typing on a short pause (and at once on leaving it, on any
other edit and on close), so the keys of the last pause before a crash (power cut, the
process killed, a hang ended by the system) live only in memory. Each held-back change is
also written here, to ``<data folder>/unsaved/<hash>.json``, rewritten in place by one
write per key and deleted once the typing is in the brief. Not beside the
brief: SQLite must never meet side files it did not write, and a brief's folder may be
read-only or shared. Not flushed to the disk on every key (that would stall typing): it
survives the app's crash, which the operating system's cache outlives, not a power cut in
the seconds before the cache is written out.

A journal belongs to one file, not to a brief id: copies keep the id (``brief copy``, Share
a copy, a file manager's copy, backups, a returned copy), so the journal is named by a hash
of the raw id and the brief's resolved path, and records that path and the file's
(st_dev, st_ino). It is applied only when all three still match the file being opened:

* the path alone cannot tell the file typed into from a backup or copy put in its place
  (a new inode: SQLite itself always writes in place, so the brief typed into keeps its);
* dev/inode alone cannot tell a renamed brief from a new file that was given a freed inode
  number (file systems reuse them at once), so a renamed or moved brief is not matched: the
  user is told where its typing waits and moving it back recovers it.

A journal that does not match is never applied and never deleted. At this file's own name it
is kept under a new name and the user told where; another file's journal for the same brief
id is left alone and the user told, once, to open that file. An unreadable journal
(damaged, huge, not a regular file) is read at most 4 MB, from a regular file only, and kept
aside the same way: it never stops the brief from opening.

When a brief is opened and its journal is found, :func:`recover` puts the text back as one
undoable edit if the paragraph still reads as it did when the typing began; if it has
changed since (another copy of the app wrote it), the journal is kept under a new name and
the user is told where, rather than overwriting either text.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import time
from datetime import datetime
from pathlib import Path

import platformdirs

from desktop.core import edits
from desktop.core.errors import BriefError

APP_NAME, ORG_NAME = "Briefing Builder", "BriefingBuilder"  # as desktop.ui.shell.app names them


def journal_folder() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, ORG_NAME)) / "unsaved"


MAX_JOURNAL_BYTES = 4 << 20  # far above any paragraph; a bigger file is not one of ours
_NAME = re.compile(r"[0-9a-f]{32}\.json")
_TOLD: set[str] = set()  # journals of other files the user was told about, once per run


def file_identity(brief_path: Path) -> tuple[str, int, int] | None:
    """The brief file's resolved path and (st_dev, st_ino), or None if it cannot be found."""
    try:
        resolved = Path(brief_path).resolve()
        st = os.stat(resolved)
    except (OSError, RuntimeError):
        return None
    return str(resolved), st.st_dev, st.st_ino


def journal_path(brief_id: str, brief_path: str | Path) -> Path:
    """The journal of the brief ``brief_id`` in the file at (resolved) ``brief_path``: named
    by a hash, so ids differing in punctuation or case, or copies elsewhere, never share it."""
    key = brief_id.encode("utf-8", "surrogatepass") + b"\0" + os.fsencode(str(brief_path))
    return journal_folder() / f"{hashlib.sha256(key).hexdigest()[:32]}.json"


class TypingJournal:
    """The held-back typing of one open brief's memo, mirrored to a file."""

    def __init__(self, session):
        self.session = session
        self._brief_id: str | None = None
        self._identity: tuple[str, int, int] | None = None  # the brief's path, dev, inode
        self._path: Path | None = None
        self._base: tuple[str, str] | None = None  # (block id, its text before the typing)
        self._fd: int | None = None  # the journal, open while typing is held back
        self._size = 0  # the longest entry written to it since it was opened

    @property
    def path(self) -> Path | None:
        """The journal's file (None for a read-only brief: it takes no typing)."""
        store = self.session.store
        if self._path is None and not store.readonly and store.path is not None:
            self._identity = file_identity(store.path)
            if self._identity is not None:
                self._brief_id = store.brief()["id"]
                self._path = journal_path(self._brief_id, self._identity[0])
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
        brief_path, dev, ino = self._identity
        data = json.dumps({"brief": self._brief_id, "path": brief_path, "dev": dev, "ino": ino,
                           "block": block_id, "before": self._base[1],
                           "text": markdown, "typed": time.time()},
                          ensure_ascii=False).encode("utf-8")
        try:
            if self._fd is None:
                path.parent.mkdir(parents=True, exist_ok=True)
                # Never blocks on a FIFO nor follows a link planted at the name.
                self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC
                                   | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
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


def read_journal(path: Path) -> tuple[dict | None, str]:
    """The entry in the journal at ``path``, or None and why it cannot be read. Reads at
    most :data:`MAX_JOURNAL_BYTES`, from a regular file only, and never raises."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # a FIFO: no wait
                     | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        return None, f"it cannot be opened: {exc.strerror or exc}"
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, "it is not a regular file"
        data = bytearray()
        while len(data) <= MAX_JOURNAL_BYTES:
            chunk = os.read(fd, MAX_JOURNAL_BYTES + 1 - len(data))
            if not chunk:
                break
            data += chunk
        if len(data) > MAX_JOURNAL_BYTES:
            return None, "it is too large to be one"
        entry = json.loads(data.decode("utf-8"))
    except OSError as exc:
        return None, f"it cannot be read: {exc.strerror or exc}"
    except Exception:  # damaged: not UTF-8, not JSON, nested deeper than Python recurses
        return None, "it is damaged"
    finally:
        os.close(fd)
    if not isinstance(entry, dict) \
            or not all(isinstance(entry.get(k), str) for k in ("brief", "block", "before", "text")):
        return None, "it is not a typing journal"
    return entry, ""


def _matches(entry: dict, brief_id: str, identity: tuple[str, int, int]) -> bool:
    return (entry.get("brief") == brief_id and entry.get("path") == identity[0]
            and entry.get("dev") == identity[1] and entry.get("ino") == identity[2])


def recover(session, open_elsewhere: tuple[Path, ...] = ()) -> str | None:
    """Put back typing a crash left unsaved in this brief; a sentence for the user, or None.

    The text goes back as one undoable edit when the journal is this file's (same brief id,
    path, device and inode) and its paragraph still reads as it did before the typing began;
    otherwise the journal is kept (renamed) and the sentence says where. Journals of other
    files with this brief's id (the original of this copy, ...) are left alone, and the
    user told once where their typing waits, unless that file is among ``open_elsewhere``
    (open in another window: its typing is live there, not waiting).
    """
    store = session.store
    if store.readonly or store.path is None:
        return None
    brief_id = store.brief()["id"]
    identity = file_identity(store.path)
    if identity is None:
        return None
    path = journal_path(brief_id, identity[0])
    told = []
    if os.path.lexists(path):
        told.append(_recover_own(session, brief_id, identity, path))
    live = {ident[0] for ident in map(file_identity, open_elsewhere) if ident}
    told.extend(_waiting_elsewhere(brief_id, path, live))
    return "\n\n".join(t for t in told if t) or None


def _recover_own(session, brief_id: str, identity: tuple[str, int, int],
                 path: Path) -> str | None:
    store = session.store
    entry, problem = read_journal(path)
    if entry is None:
        kept = _set_aside(path)
        return ("Typing that had not been saved when Briefing Builder stopped could not be "
                f"read back ({problem}), so it was not put back. The file is kept in "
                f"{kept or path}.")
    if not _matches(entry, brief_id, identity):
        kept = _set_aside(path)
        return ("Typing that had not been saved when Briefing Builder stopped was typed into "
                "another file that was at this place (it has been replaced since, by a "
                "backup or a copy), so it was not put back. The text is kept in "
                f"{kept or path}.")
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


def _waiting_elsewhere(brief_id: str, own: Path, live: set[str]) -> list[str]:
    """Tell, once per run, of journals with this brief id typed into another file."""
    try:
        names = sorted(n for n in os.listdir(journal_folder()) if _NAME.fullmatch(n))
    except OSError:
        return []
    told = []
    for name in names:
        journal = journal_folder() / name
        if name == own.name or str(journal) in _TOLD:
            continue
        entry, _problem = read_journal(journal)
        if entry is None or entry["brief"] != brief_id:
            continue
        typed_into = entry.get("path")
        if not isinstance(typed_into, str):
            typed_into = None
        elif typed_into in live:
            continue
        _TOLD.add(str(journal))
        if isinstance(typed_into, str):
            told.append(f"Unsaved typing for {typed_into} is waiting; open that file to "
                        "get it back.")
        else:  # named by the brief id alone, as the first journals were: maybe a copy's
            told.append("Unsaved typing for this brief, kept by an earlier version of "
                        "Briefing Builder, was not put back because it may belong to a copy "
                        f"of it. The text is in {journal}.")
    return told
