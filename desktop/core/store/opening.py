"""Opening files from strangers safely: every check made before the app trusts a brief.

Following sqlite.org's advice for untrusted database files: the header is read before
SQLite parses anything; connections run with ``trusted_schema=OFF``, ``cell_size_check=ON``,
``mmap_size=0`` and limits on value and statement sizes; then ``integrity_check``, a refusal
of any trigger or view, a check of the expected tables and columns, and
``foreign_key_check``, all bounded in time.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from ..errors import BriefError, DamagedBriefError, NotABriefError, ReadOnlyBriefError
from .schema import APPLICATION_ID
from .schema_check import ident, refuse_foreign_objects, schema_type_check

SQLITE_MAGIC = b"SQLite format 3\x00"

# Bounds for files from strangers. Importers refuse sources over 100 MiB, so no honest
# value comes near MAX_VALUE_BYTES; a hostile row larger than that fails with "too big"
# instead of exhausting memory. OPEN_CHECK_SECONDS bounds the checks run while opening.
MAX_VALUE_BYTES = 256 * 1024 * 1024
MAX_SQL_BYTES = 1_000_000
OPEN_CHECK_SECONDS = 30.0
INTERRUPT_EVERY = 0.01  # seconds between interrupts once the checks' time is up
# SQLite's own wait for a lock (its busy handler), and how long opening keeps retrying
# when another program's writes keep the file busy (a colleague's window saving in a loop).
BUSY_TIMEOUT_SECONDS = 5.0
OPEN_WAIT_SECONDS = 30.0


def connect(path: Path, mode: str, *, immutable: bool = False) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={mode}" + ("&immutable=1" if immutable else "")
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS,
                           check_same_thread=False)
    harden(conn)
    return conn


def harden(conn: sqlite3.Connection) -> None:
    # Text that is not UTF-8 (damage, or a hostile file) shows as U+FFFD, never a crash.
    conn.text_factory = _lenient_text
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)
    for pragma in ("trusted_schema=OFF", "cell_size_check=ON", "mmap_size=0",
                   "foreign_keys=ON", "recursive_triggers=OFF"):
        conn.execute(f"PRAGMA {pragma}")


def check_header(path: Path) -> tuple[int, bool]:
    """Look at the file's first 100 bytes before SQLite does.

    Returns its user_version, and whether it is in WAL mode (header bytes 18-19, the file
    format write and read versions, are 2 for WAL and 1 for a rollback journal).
    """
    name = path.name
    if not path.exists():
        raise BriefError(f"{path} does not exist")
    if path.is_dir():
        raise NotABriefError(f"{path} is a folder, not a brief")
    if not path.is_file():  # a FIFO or device would block or never end
        raise NotABriefError(f"{path} is not a regular file, not a brief")
    try:
        with open(path, "rb") as f:
            head = f.read(100)
    except OSError as exc:
        raise BriefError(f"cannot read {path}: {exc.strerror}") from None
    if not head:
        raise NotABriefError(f"{name} is empty, not a brief")
    if not head.startswith(SQLITE_MAGIC):
        raise NotABriefError(f"{name} is not a brief (not an SQLite database)")
    if len(head) < 100:
        raise DamagedBriefError(f"{name} is damaged: the file is truncated")
    if int.from_bytes(head[68:72], "big") != APPLICATION_ID:
        raise NotABriefError(f"{name} is an SQLite database of another application, not a brief")
    if head[18] not in (1, 2) or head[19] not in (1, 2):
        raise DamagedBriefError(f"{name} is damaged: its header names an unknown file format")
    return int.from_bytes(head[60:64], "big"), head[18] == 2 or head[19] == 2


def brief_id(path: Path) -> str | None:
    """The brief id stored in ``path`` itself, read without any side file; None if unreadable."""
    try:
        conn = connect(path, "ro", immutable=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT id FROM brief").fetchone()
        return row[0] if row else None
    except (sqlite3.Error, UnicodeDecodeError):
        return None
    finally:
        conn.close()


def _lenient_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def writable(path: Path) -> bool:
    """Whether SQLite can write ``path``: the file, and its folder for the rollback journal."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def open_error(exc: sqlite3.DatabaseError, name: str) -> BriefError:
    """The one-line message for an SQLite error raised while opening ``name``."""
    message = str(exc)
    if getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK":
        # A rollback journal beside the file (a program stopped mid-write): only a
        # writable open may play it back, which restores the last committed state.
        return ReadOnlyBriefError(f"{name} has unfinished changes from a program that stopped "
                                  "while writing; open it for editing to recover it")
    if "locked" in message or "busy" in message:
        return BriefError(f"{name} is busy in another program; try again in a moment")
    if "interrupted" in message:
        return DamagedBriefError(f"{name} took too long to check; it may be damaged or "
                                 "far too large")
    if "too big" in message:
        return DamagedBriefError(f"{name} holds a value too large to be a brief's")
    return DamagedBriefError(f"{name} is damaged: {_first_line([(message,)])}")


def _first_line(rows: list) -> str:
    """The first informative line of SQLite's (possibly multi-line) check report."""
    lines = [line for r in rows for line in str(r[0]).splitlines()]
    return next((x for x in lines if x.strip() and not x.startswith("***")), "unknown damage")


def verify(conn: sqlite3.Connection, name: str, size: int = 0) -> None:
    """Checks before the app trusts a file, bounded together by :data:`OPEN_CHECK_SECONDS`."""
    with _Deadline(conn, OPEN_CHECK_SECONDS) as deadline:
        _verify_contents(conn, name)
        if size > MAX_VALUE_BYTES:
            _check_value_sizes(conn)
    if deadline.expired:  # between two statements, where an interrupt finds nothing to stop
        raise sqlite3.OperationalError("interrupted")


class _Deadline:
    """Interrupts the statements running on ``conn`` once ``seconds`` have passed.

    A timer thread calls SQLite's interrupt: SQLite needs nothing from Python meanwhile, so
    the checks keep running without the GIL. (A progress handler would take the GIL every
    so many steps; on a worker beside the app's imports, each time waiting for it, the
    checks of a 66 MB brief took more than twice as long: desktop/core/ahead.py.) An
    interrupt that comes between two statements is forgotten when the next one starts, so
    once the time is up the timer interrupts again every :data:`INTERRUPT_EVERY` seconds
    until the checks are over.
    """

    def __init__(self, conn: sqlite3.Connection, seconds: float):
        self.conn = conn
        self.expired = False
        self._over = threading.Event()
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._interrupt)
        self._timer.daemon = True  # never keeps a finished command waiting

    def __enter__(self) -> "_Deadline":
        self._timer.start()
        return self

    def _interrupt(self) -> None:
        while True:
            with self._lock:  # never after the checks: it would stop a later statement
                if self._over.is_set():
                    return
                self.expired = True
                self.conn.interrupt()
            self._over.wait(INTERRUPT_EVERY)

    def __exit__(self, *exc) -> None:
        with self._lock:
            self._over.set()
        self._timer.cancel()


def _check_value_sizes(conn: sqlite3.Connection) -> None:
    """Read every value once so one over ``MAX_VALUE_BYTES`` fails now ("too big"), not later.

    Only files larger than the limit can hold such a value (SQLite stores values
    uncompressed), so ordinary briefs never pay for this scan.
    """
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
    for table in tables:
        cols = [r[0] for r in conn.execute("SELECT name FROM pragma_table_info(?)", [table])]
        if cols:  # names come from a stranger's file: quote them as identifiers
            lengths = ", ".join(f"max(length({ident(c)}))" for c in cols)
            conn.execute(f"SELECT {lengths} FROM {ident(table)}").fetchall()


def _check_value_types(conn: sqlite3.Connection, name: str, query: str) -> None:
    """Every stored value has its column's declared type (non-STRICT tables accept any).

    One scan a table; ``typeof()`` reads no large value's content, so this stays cheap.
    """
    bad = conn.execute(query).fetchone() if query else None
    if bad:
        raise DamagedBriefError(f"{name} is damaged: table {bad[0]} holds a value of the "
                                "wrong type")


def _verify_contents(conn: sqlite3.Connection, name: str) -> None:
    """Integrity, no foreign code, sound references."""
    # integrity_check, not quick_check: it also proves indexes match their tables, without
    # which foreign_key_check can pass over dangling references (found by fuzzing). It
    # costs about the same as quick_check (0.02 s on a 60 MB brief).
    result = conn.execute("PRAGMA integrity_check").fetchall()
    if [r[0] for r in result] != ["ok"]:
        raise DamagedBriefError(f"{name} is damaged: {_first_line(result)}")
    refuse_foreign_objects(conn, name)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    _check_value_types(conn, name, schema_type_check(conn, name, version))
    if conn.execute("PRAGMA foreign_key_check").fetchone():
        raise DamagedBriefError(f"{name} is damaged: it has broken references between items")
    if conn.execute("SELECT count(*) FROM brief").fetchone()[0] != 1:
        raise DamagedBriefError(f"{name} is damaged: it has no brief record")
    if conn.execute("SELECT count(*) FROM memo").fetchone()[0] != 1:
        raise DamagedBriefError(f"{name} is damaged: it has no memo record")
