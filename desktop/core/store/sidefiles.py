"""Side files beside a brief (``-journal``, ``-wal``, ``-shm``): never trusted blindly.

SQLite matches a side file to its database by file name only (sqlite.org, "How To Corrupt
An SQLite Database File"): a hot journal or a ``-wal`` that travelled from another file (a
file manager or sync tool copies ``X.brief-journal`` along with a colleague's brief) is
played into this brief, and a ``-wal`` is read even beside a brief whose header says
rollback mode. The app only ever writes rollback journals, so:

* a ``-wal``/``-shm`` beside a rollback-mode brief is never read: a writable open renames
  it aside (kept, and reported); a read-only open reads the brief alone (``immutable``);
* a hot journal is played back on a copy first; the copy must pass every opening check and
  keep the application id and the brief id the brief had; only then does SQLite play it
  back into the brief (its own atomic rollback, from the same bytes to the same result).
  Otherwise the brief stays as it was and the journal is set aside;
* a WAL-mode brief (made by another tool) with changes in its ``-wal`` is brought into
  rollback mode the same way: on a copy first, verified, then by SQLite's own checkpoint.

While it works on a journal this module holds SQLite's own locks on the brief (the POSIX
byte-range locks of SQLite's unix VFS), so a program writing the brief right now (whose
journal is not hot) is never disturbed, and nobody writes while the copy is made.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from ..errors import BriefError, ReadOnlyBriefError
from .search import TEXT_OF

try:
    import fcntl
except ImportError:  # Windows: locks cannot be tested, so SQLite handles hot journals
    fcntl = None

JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
# SQLite's unix VFS locks these bytes of the database file (PENDING, RESERVED, SHARED).
_LOCK_START, _LOCK_LENGTH = 0x40000000, 512


def side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def set_aside(file: Path) -> Path:
    """Rename ``file`` to ``<name>.set-aside-<UTC time>`` beside itself; return the new path."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    target = file.with_name(f"{file.name}.set-aside-{stamp}")
    os.replace(file, target)
    return target


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[bool]:
    """Hold SQLite's exclusive lock on ``path`` if nobody else holds a lock on it.

    Yields False when another connection holds any lock (it may be writing right now: its
    journal is live, not hot). POSIX locks belong to the process, so this is only called
    when this process has no connection open to the file.
    """
    if fcntl is None:  # no way to tell here: callers leave the journal to SQLite
        yield False
        return
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, _LOCK_LENGTH, _LOCK_START)
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # releases the lock


def hot_journal(path: Path) -> Path | None:
    """The journal beside ``path`` if it could be hot (exists, not empty, not zeroed)."""
    journal = side(path, "-journal")
    try:
        with open(journal, "rb") as f:
            head = f.read(8)
    except OSError:
        return None
    return journal if head and head[0] != 0 else None


def stray_wal_files(path: Path) -> list[Path]:
    return [p for p in (side(path, "-wal"), side(path, "-shm")) if p.exists()]


class Recovery:
    """Plays a hot journal or a ``-wal`` back on a copy of the brief before trusting it.

    ``verify(conn, name)`` runs the opening checks on the copy; ``brief_id(path)`` reads
    the brief's id without side files (None when unreadable).
    """

    def __init__(self, verify: Callable[[sqlite3.Connection, str], None],
                 connect: Callable[[Path, str], sqlite3.Connection],
                 brief_id: Callable[[Path], str | None],
                 check_header: Callable[[Path], tuple[int, bool]]):
        self.verify, self.connect = verify, connect
        self.brief_id, self.check_header = brief_id, check_header
        self.notices: list[str] = []

    def prepare(self, path: Path, *, readonly: bool, wal_mode: bool) -> bool:
        """Make ``path`` safe to open; return whether to open it ``immutable``."""
        if wal_mode:
            return self._wal_mode(path, readonly)
        immutable = False
        strays = stray_wal_files(path)
        if strays:
            if readonly:
                immutable = True
                self.notices.append(f"{strays[0].name} beside {path.name} does not belong to "
                                    "it and was not read")
            else:
                for stray in strays:
                    aside = set_aside(stray)
                    self.notices.append(f"{stray.name} does not belong beside {path.name} "
                                        f"and was not read; it was set aside as {aside.name}")
        if hot_journal(path):
            self._journal(path, readonly)
            immutable = False  # a recovered brief has no side files left to ignore
        return immutable

    # ------------------------------------------------------------------ hot journals
    def _journal(self, path: Path, readonly: bool) -> None:
        with exclusive(path) as locked:
            journal = hot_journal(path)
            if not locked or journal is None:
                return  # another program is writing: its journal is live, not hot
            with open(journal, "rb") as f:
                valid = f.read(8) == JOURNAL_MAGIC
            if not valid:  # SQLite would play nothing back and delete it: keep it aside
                if not readonly:
                    self._quarantine(journal, path, "is not a journal SQLite can play back")
                return
            if readonly:
                raise ReadOnlyBriefError(
                    f"{path.name} has unfinished changes from a program that stopped while "
                    "writing; open it for editing to recover it")
            self._recover_copy(path, journal, "-journal", "a program that stopped while "
                               "writing left unfinished changes")

    def _recover_copy(self, path: Path, side_file: Path, suffix: str, why: str) -> None:
        """Play ``side_file`` back on a copy of the brief and verify the result.

        If it verifies, the side file is left for SQLite to play back into the brief itself
        when the brief is opened next (its own rollback or checkpoint, atomic and safe from
        crashes, from the same bytes, so to the same verified result, and without swapping
        the file under any other connection). Otherwise the side file is set aside and the
        brief stays as it was.
        """
        before = self.brief_id(path)
        copy = path.with_name(f".{path.name}.recover-{os.getpid()}")
        copies = [copy, side(copy, suffix), side(copy, "-journal"), side(copy, "-wal"),
                  side(copy, "-shm")]
        try:
            shutil.copyfile(path, copy)
            shutil.copyfile(side_file, side(copy, suffix))
            problem = self._verify_copy(copy, path.name, before)
            if problem is None:
                # The -wal's index is rebuilt from the -wal itself, as it was on the copy.
                side(path, "-shm").unlink(missing_ok=True)
                return
        except OSError as exc:
            raise BriefError(f"cannot recover {path.name} ({why}): {exc.strerror}") from None
        finally:
            for leftover in copies:
                leftover.unlink(missing_ok=True)
        self._quarantine(side_file, path, f"does not fit it ({problem})")
        if suffix == "-wal" and side(path, "-shm").exists():
            set_aside(side(path, "-shm"))

    def _verify_copy(self, copy: Path, name: str, before: str | None) -> str | None:
        """None if the recovered copy is a sound brief with the same id, else why not."""
        try:
            conn = self.connect(copy, "rw")
        except sqlite3.Error as exc:
            return str(exc)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # plays it back
            self.verify(conn, name)
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "delete":
                conn.execute("PRAGMA journal_mode=DELETE")  # checkpoints a -wal into it
            after = conn.execute("SELECT id FROM brief").fetchone()[0]
            if _unindexed_items(conn):
                return "its items do not match its search index"
        except BriefError as exc:
            return str(exc).removeprefix(f"{name} ")
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            return f"it would be damaged: {exc}"
        finally:
            conn.close()
        try:
            self.check_header(copy)
        except BriefError as exc:
            return str(exc).replace(copy.name, name)
        if before is not None and after != before:
            return "it belongs to another brief"
        return None

    def _quarantine(self, file: Path, path: Path, why: str) -> None:
        try:
            aside = set_aside(file)
        except OSError as exc:
            raise BriefError(f"{file.name} beside {path.name} {why}, and it cannot be set "
                             f"aside: {exc.strerror}") from None
        self.notices.append(f"{file.name} beside {path.name} {why}; it was not played into "
                            f"the brief and was set aside as {aside.name}")

    # ------------------------------------------------------------- WAL-mode briefs
    def _wal_mode(self, path: Path, readonly: bool) -> bool:
        wal = side(path, "-wal")
        pending = wal.exists() and wal.stat().st_size > 0
        if readonly:
            if pending:
                raise ReadOnlyBriefError(
                    f"{path.name} is in WAL mode and {wal.name} beside it holds changes not "
                    "yet written into it; open it for editing once to bring them in")
            return True  # read the main file alone: no -wal/-shm created beside it
        if not pending:
            return False
        with exclusive(path) as locked:
            if not locked and fcntl is not None:
                raise BriefError(f"{path.name} is open in another program; close it there "
                                 "and try again")
            self._recover_copy(path, wal, "-wal", "changes in its -wal file")
        return False


def _unindexed_items(conn: sqlite3.Connection) -> bool:
    """Whether an item lacks its search index entry: the store writes both in one
    transaction, so pages played back from another brief's journal show up as a mismatch."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_rowids'").fetchone():
        return False
    return any(conn.execute(
        f"SELECT 1 FROM {table} WHERE id NOT IN (SELECT item_id FROM search_rowids) LIMIT 1"
    ).fetchone() for table in TEXT_OF)
