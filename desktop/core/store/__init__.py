"""The store: the only code that speaks SQL to a ``.brief`` file.

A brief is one SQLite file in rollback-journal mode (never WAL: a WAL file copied or mailed
on its own loses committed rows). Opening follows sqlite.org's advice for files from
strangers (see :mod:`.opening`). Every failure is a one-line :class:`BriefError` and
leaves the file's bytes as they were.

The store's parts, each a module of this package: opening and closing a file (here, with
:mod:`.opening`, :mod:`.sidefiles` and :mod:`.migrating`), the write gateway
(:mod:`.writing`: every change is a list of :class:`Op` s run in one transaction), the
full-text index (:mod:`.search`, kept in step by the gateway rather than by triggers:
``trusted_schema=OFF`` forbids FTS triggers) and the generic reads (:mod:`.reading`).
What panels show is built from those reads in :mod:`desktop.core.queries`.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from ..errors import BriefError, DamagedBriefError, ReadOnlyBriefError
from ..model import DEFAULT_SECTIONS, new_id, now
from . import opening
from .migrating import migrate
from .opening import brief_id, check_header, connect, harden, open_error, verify, writable
from .schema import APPLICATION_ID, MIGRATIONS
from .sidefiles import Recovery
from .writing import Op, Writes, key_of

__all__ = ["Op", "Store", "key_of"]


class _Busy(Exception):
    """Opening found the file locked by another program's write (retried for a while)."""


# The files this process has open, by (device, inode), with how many stores hold each. POSIX
# locks belong to the process: closing *any* descriptor of a file drops every lock SQLite
# holds on it, so the checks that read the file's bytes or take its lock with ``open()``
# (header, side files, crash recovery) must never run on a file this process has open. A
# second connection to such a file goes through SQLite alone (see :meth:`Store.open`).
_OPEN_FILES: dict[tuple[int, int], int] = {}
_OPEN_LOCK = threading.Lock()


def _file_key(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)  # stat opens no descriptor, so it cannot drop a lock
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _already_open(path: Path) -> bool:
    key = _file_key(path)
    with _OPEN_LOCK:
        return key is not None and key in _OPEN_FILES


class Store(Writes):
    """An open brief. Create with :meth:`create`, :meth:`open` or :meth:`memory`.

    Its reads come from :class:`.reading.Reads`, its writes from :class:`.writing.Writes`.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None, *, readonly: bool,
                 user: str, newer: bool = False):
        super().__init__(conn, path, readonly=readonly, newer=newer)
        self.user = user
        # What opening did to side files beside the brief (one line each, to show the user).
        self.notices: list[str] = []
        self.immutable = False  # read alone, its side files ignored (see sidefiles.py)
        self._key: tuple[int, int] | None = None  # in _OPEN_FILES while open

    # ----------------------------------------------------------------- opening and closing
    @classmethod
    def create(cls, path: str | Path, *, title: str = "", author: str = "",
               user: str = "") -> "Store":
        """Make a new brief file at ``path``; refuses to overwrite an existing file."""
        path = Path(path)
        if path.exists():
            raise BriefError(f"{path} already exists; choose another name")
        try:
            conn = connect(path, "rwc")
        except sqlite3.Error as exc:
            raise BriefError(f"cannot create {path}: {exc}") from None
        store = cls(conn, path, readonly=False, user=user)
        try:
            store._initialise(title, author)
        except BaseException:
            conn.close()
            path.unlink(missing_ok=True)
            raise
        store._hold()
        return store

    @classmethod
    def memory(cls, *, title: str = "", author: str = "", user: str = "") -> "Store":
        """A brief held in memory only, for tests and scratch work."""
        store = cls(sqlite3.connect(":memory:", isolation_level=None), None,
                    readonly=False, user=user)
        harden(store.conn)
        store._initialise(title, author)
        return store

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False, user: str = "") -> "Store":
        """Open an existing brief safely; raise a one-line :class:`BriefError` if it isn't one.

        A brief written by a newer version of the app is opened read-only.
        """
        path = Path(path)
        if _already_open(path):
            return cls._open_again(path, readonly=readonly, user=user)
        version, wal = check_header(path)
        newer = version > len(MIGRATIONS)
        readonly = readonly or newer
        if not readonly and not writable(path):
            raise ReadOnlyBriefError(f"{path.name} cannot be written (the file or its folder is "
                                     "read-only); open it read-only") from None
        # Side files are checked before SQLite sees them (see sidefiles.py); a file read as
        # immutable is read alone: no -wal/-shm read or created, no writable folder needed.
        recovery = Recovery(verify, connect, brief_id, check_header)
        immutable = recovery.prepare(path, readonly=readonly, wal_mode=wal)
        deadline = time.monotonic() + opening.OPEN_WAIT_SECONDS
        while True:
            try:
                return cls._open_checked(path, readonly, immutable, user, newer, recovery)
            except _Busy:
                if time.monotonic() > deadline:
                    raise BriefError(f"{path.name} is busy in another program; try again "
                                     "in a moment") from None
                time.sleep(0.05)

    @classmethod
    def _open_again(cls, path: Path, *, readonly: bool, user: str) -> "Store":
        """A further connection to a file this process already has open (and checked when it
        first opened it): SQLite's own checks run, the raw-file ones do not (see
        ``_OPEN_FILES``); side files, recovery and upgrades were settled by the first open.
        """
        try:
            conn = connect(path, "ro" if readonly else "rw")
        except sqlite3.Error as exc:
            raise DamagedBriefError(f"{path.name} cannot be opened: {exc}") from None
        try:
            verify(conn, path.name, path.stat().st_size)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            newer = version > len(MIGRATIONS)
            store = cls(conn, path, readonly=readonly or newer, user=user, newer=newer)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise open_error(exc, path.name) from None
        except BaseException:
            conn.close()
            raise
        store._hold()
        return store

    def reader(self) -> "Store":
        """A second, read-only store on this brief's file, for work on another thread.

        Safe to call from any thread: it reads only this store's path and flags. It skips
        every opening check (this process checked the file when it opened it) and never
        touches the file outside SQLite, so the locks this store holds are kept.
        """
        if self.path is None:
            raise BriefError("a brief held in memory has no file to read from another thread")
        try:
            conn = connect(self.path, "ro", immutable=self.immutable)
        except sqlite3.Error as exc:
            raise BriefError(f"{self.path.name} cannot be read: {exc}") from None
        store = type(self)(conn, self.path, readonly=True, user=self.user, newer=self.newer)
        store.immutable = self.immutable
        store._hold()
        return store

    def _hold(self) -> None:
        self._key = _file_key(self.path) if self.path is not None else None
        if self._key is not None:
            with _OPEN_LOCK:
                _OPEN_FILES[self._key] = _OPEN_FILES.get(self._key, 0) + 1

    def _release(self) -> None:
        key, self._key = getattr(self, "_key", None), None
        if key is not None:
            with _OPEN_LOCK:
                left = _OPEN_FILES.get(key, 1) - 1
                if left > 0:
                    _OPEN_FILES[key] = left
                else:
                    _OPEN_FILES.pop(key, None)

    @classmethod
    def _open_checked(cls, path: Path, readonly: bool, immutable: bool, user: str,
                      newer: bool, recovery: Recovery) -> "Store":
        try:
            conn = connect(path, "ro" if readonly else "rw", immutable=immutable)
        except sqlite3.Error as exc:
            if not readonly and "readonly" in str(exc).lower().replace(" ", ""):
                raise BriefError(f"{path.name} cannot be written; open it read-only") from None
            raise DamagedBriefError(f"{path.name} cannot be opened: {exc}") from None
        try:
            verify(conn, path.name, path.stat().st_size)
            store = cls(conn, path, readonly=readonly, user=user, newer=newer)
            store.notices = recovery.notices
            store.immutable = immutable
            if not readonly:
                store._prepare_for_writing()
        except sqlite3.DatabaseError as exc:
            conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise _Busy from None  # another program kept writing: open() retries
            raise open_error(exc, path.name) from None
        except UnicodeDecodeError:  # SQLite's own report quoted bytes that are not UTF-8
            conn.close()
            raise DamagedBriefError(f"{path.name} is damaged: its structure is corrupt") from None
        except BaseException:
            conn.close()
            raise
        store._hold()
        return store

    def close(self) -> None:
        self._release()
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _initialise(self, title: str, author: str) -> None:
        self.conn.execute("PRAGMA journal_mode=DELETE")
        self.conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        self._migrate()
        stamp = now()
        common = {"created": stamp, "modified": stamp, "created_by": self.user}
        self.apply_ops([
            Op("insert", "brief", row={"id": new_id(), **common, "title": title,
                                       "author": author}),
            Op("insert", "memo", row={"id": new_id(), **common}),
            *(Op("insert", "memo_sections", row={"id": new_id(), **common, "title": name,
                                                 "position": position})
              for position, name in enumerate(DEFAULT_SECTIONS))])

    def _prepare_for_writing(self) -> None:
        mode = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() != "delete":
            self.conn.execute("PRAGMA journal_mode=DELETE")
        self._migrate()

    def _migrate(self) -> None:
        if migrate(self.conn, lambda: self.db):
            self.forget_schema()  # tables and columns may have just appeared

    # ----------------------------------------------------------------- copies (share.py)
    def backup_to(self, dest: str | Path) -> None:
        """Write a consistent copy of the whole file to ``dest`` with SQLite's backup API.

        The backup API reads through this connection, so the copy holds exactly the
        committed state even while another program writes (it restarts if the source
        changes mid-copy) and even if the file was moved away while open.
        """
        dest = Path(dest)
        try:
            target = sqlite3.connect(dest, isolation_level=None)
        except sqlite3.Error as exc:  # e.g. a folder that cannot be written: name it, not us
            raise BriefError(f"cannot write in {dest.parent}: {exc}") from None
        try:
            self._backup_with_retries(target)
            target.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.Error as exc:
            raise BriefError(f"cannot write {dest.name} in {dest.parent}: {exc}") from None
        finally:
            target.close()

    def _backup_with_retries(self, target: sqlite3.Connection) -> None:
        """Copy every page to ``target``, waiting for a moment when nobody writes.

        A one-step backup restarts from scratch whenever another program commits, and a
        writer that commits again and again can starve it; each attempt here copies the
        whole file in one step while holding a read transaction (so no commit can land in
        the middle), and a busy file is retried with a growing pause, up to a bound.
        """
        deadline = time.monotonic() + opening.OPEN_WAIT_SECONDS
        pause = 0.01
        while True:
            try:
                self.conn.execute("BEGIN")
                try:
                    self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                    self.conn.backup(target)
                finally:
                    self.conn.execute("COMMIT")
                return
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 0.2)
