"""Opening files from strangers safely: every check made before the app trusts a brief.

Following sqlite.org's advice for untrusted database files: the header is read before
SQLite parses anything; connections run with ``trusted_schema=OFF``, ``cell_size_check=ON``,
``mmap_size=0`` and limits on value and statement sizes; then ``integrity_check``, a refusal
of any trigger or view, a check of the expected tables and columns, and
``foreign_key_check``, all bounded in time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import BriefError, DamagedBriefError, NotABriefError, ReadOnlyBriefError
from .schema import APPLICATION_ID, MIGRATIONS, SCHEMA_DIGEST

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


def statements(script: str) -> list[str]:
    """Split a DDL script into complete statements."""
    out, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    if current.strip():
        raise ValueError(f"incomplete SQL statement: {current.strip()[:60]}")
    return out


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


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# Objects sqlite-utils' migrations make (its own SQL, which differs between its versions)
# and FTS5's shadow tables of the search index (SQLite's SQL): compared by name and type.
_TOOL_OBJECTS = {("table", "_sqlite_migrations"),
                 ("index", "idx__sqlite_migrations_migration_set_name")}
_FTS_SHADOWS = {("table", f"search_{s}") for s in ("data", "idx", "content", "docsize",
                                                   "config")}


@dataclass(frozen=True)
class ExpectedSchema:
    """What the migrations up to one version make: every table's and index's SQL
    (whitespace normalised), and the query checking the ordinary tables' value types."""

    sql: dict[tuple[str, str], str]
    type_check: str  # one query naming a table that holds a value of the wrong type


_EXPECTED: dict[int, ExpectedSchema] = {}


def _normalised(sql: str | bytes | None) -> str:
    """SQL with each run of SQLite's whitespace made one space. Only SQLite's: to SQLite a
    no-break space (which Python's ``split()`` takes for one) is part of a name or type."""
    if isinstance(sql, bytes):  # a BLOB where SQL belongs: a hostile file
        sql = sql.decode("utf-8", "replace")
    return _SQLITE_SPACE.sub(" ", sql or "").strip(" ")


_SQLITE_SPACE = re.compile(r"[ \t\n\v\f\r]+")


def _expected_schema(version: int) -> ExpectedSchema:
    """The schema the migrations make up to ``version``, built once per version in memory."""
    if version not in _EXPECTED:
        conn = sqlite3.connect(":memory:")
        for _, script in MIGRATIONS[:version]:
            for statement in statements(script):
                conn.execute(statement)
        objects, columns = schema_rows(conn)
        conn.close()
        _EXPECTED[version] = ExpectedSchema({(t, n): q for t, n, q in objects},
                                            _type_check(columns))
    return _EXPECTED[version]


# A brief's tables and indexes, and the columns of its ordinary tables as SQLite reads them,
# in one row of two JSON arrays: on a worker thread each row fetched waits for the GIL. (A
# BLOB where text belongs, in a hostile file, is read as the text SQLite itself reads.)
_SCHEMA_ROWS = (
    "SELECT (SELECT json_group_array(json_array(rowid, type, CAST(name AS TEXT), "
    "                                           CAST(sql AS TEXT))) "
    "        FROM sqlite_master WHERE type IN ('table', 'index')), "
    "       (SELECT json_group_array(json_array(m.rowid, p.cid, CAST(m.name AS TEXT), p.name, "
    "                                           p.type, p.\"notnull\")) "
    "        FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p "
    "        WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%')")


def schema_rows(conn: sqlite3.Connection) -> tuple[list, list]:
    """``(objects, columns)`` in the file's order: the ``(type, name, sql)`` of each table
    and index, SQL whitespace normalised, and the ``(table, column, TYPE, not null)`` of each
    ordinary table's columns; without the objects compared by name only."""
    objects, columns = conn.execute(_SCHEMA_ROWS).fetchone()
    skipped = _TOOL_OBJECTS | _FTS_SHADOWS
    # str(): a hostile file may hold NULL where a name belongs, which would not sort.
    return ([(str(t), str(n), _normalised(q)) for _, t, n, q in sorted(
                json.loads(objects or "[]"), key=lambda r: r[0]) if (t, n) not in skipped],
            [(str(t), str(c), str(declared).upper(), bool(notnull))
             for _, _, t, c, declared, notnull in sorted(
                json.loads(columns or "[]"), key=lambda r: (r[0], r[1]))
             if ("table", t) not in skipped])


def schema_digest(objects: list, columns: list) -> str:
    """The sha256 of :func:`schema_rows`: equal for two files only when SQLite reads the
    same tables, indexes and columns in both (in whatever order the tables were made)."""
    tables = {}
    for table, *column in columns:
        tables.setdefault(table, []).append(column)
    text = json.dumps([sorted(objects), sorted(tables.items())], ensure_ascii=False,
                      separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _current_schema_type_check(conn: sqlite3.Connection, version: int) -> str | None:
    """The value-type query for a file whose tables, indexes and columns are exactly this
    version's (:data:`SCHEMA_DIGEST`); None for any other file.

    A current brief is then checked without building the expected schema in memory (60
    statements, 3 ms while the app starts), which only a file that differs needs, to say
    how it differs.
    """
    if version != len(MIGRATIONS):
        return None
    objects, columns = schema_rows(conn)
    if schema_digest(objects, columns) != SCHEMA_DIGEST:
        return None
    return _type_check(columns)


def check_schema(conn: sqlite3.Connection, name: str, version: int) -> None:
    """The file's tables and indexes are exactly ours (a newer file's may add to them)."""
    expected = _expected_schema(max(1, min(version, len(MIGRATIONS))))
    have = {(t, n): _normalised(q) for t, n, q in conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'index')")}
    for key, sql in expected.sql.items():
        if key not in have:
            raise DamagedBriefError(f"{name} is damaged: {key[0]} {key[1]} is missing")
        if have[key] != sql and version <= len(MIGRATIONS):
            raise DamagedBriefError(f"{name} is not a brief as Briefing Builder makes it: "
                                    f"{key[0]} {key[1]} is defined differently")
    if version > len(MIGRATIONS):
        return  # a newer app's file: it may have tables and columns this version lacks
    extra = set(have) - set(expected.sql) - _TOOL_OBJECTS - _FTS_SHADOWS
    if extra:
        kind, obj = sorted(extra)[0]
        raise NotABriefError(f"{name} contains a {kind} ({obj}) that Briefing Builder did not "
                             "create; refusing to open it")


_STORAGE_CLASS = {"TEXT": "text", "INTEGER": "integer", "BLOB": "blob", "REAL": "real"}


def _type_check(columns: list) -> str:
    """One query for :func:`_check_value_types`: a table's name if any of its values has
    not its column's declared type (``columns`` as :func:`schema_rows` gives them). One
    statement, not one a table: on a worker thread (:mod:`desktop.core.ahead`) each
    statement waits for the GIL."""
    tests: dict[str, list[str]] = {}
    for table, column, declared, notnull in columns:
        kind = _STORAGE_CLASS.get(declared)
        if kind:
            allowed = f"'{kind}'" if notnull else f"'{kind}', 'null'"
            tests.setdefault(table, []).append(f"typeof({ident(column)}) NOT IN ({allowed})")
    arms = [f"SELECT {_literal(table)} FROM (SELECT 1 FROM {ident(table)} "
            f"WHERE {' OR '.join(checks)} LIMIT 1)" for table, checks in tests.items()]
    return " UNION ALL ".join(arms) + " LIMIT 1" if arms else ""


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


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
    foreign = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view')").fetchall()
    if foreign:
        kind, obj = foreign[0]
        raise NotABriefError(f"{name} contains a {kind} ({obj}) that Briefing Builder did not "
                             "create; refusing to open it")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    type_check = _current_schema_type_check(conn, version)
    if type_check is None:
        check_schema(conn, name, version)
        type_check = _expected_schema(max(1, min(version, len(MIGRATIONS)))).type_check
    _check_value_types(conn, name, type_check)
    if conn.execute("PRAGMA foreign_key_check").fetchone():
        raise DamagedBriefError(f"{name} is damaged: it has broken references between items")
    if conn.execute("SELECT count(*) FROM brief").fetchone()[0] != 1:
        raise DamagedBriefError(f"{name} is damaged: it has no brief record")
    if conn.execute("SELECT count(*) FROM memo").fetchone()[0] != 1:
        raise DamagedBriefError(f"{name} is damaged: it has no memo record")
