"""The schema of a file from a stranger, checked: exactly the tables, indexes and columns the
migrations make, and nothing else in ``sqlite_master`` (no trigger or view, whatever case
its type is written in). A current brief is compared by one digest (:data:`SCHEMA_DIGEST`);
any other file object by object against the schema the migrations make in memory, to say
what differs. Also the query that checks every stored value has its column's type.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass

from ..errors import DamagedBriefError, NotABriefError
from .schema import MIGRATIONS, SCHEMA_DIGEST


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
    """SQL with each run of SQLite's whitespace between tokens made one space. Only SQLite's
    (to SQLite a no-break space, which Python's ``split()`` takes for one, is part of a name
    or type), and never inside a string or a quoted name, whose spaces are its content."""
    if isinstance(sql, bytes):  # a BLOB where SQL belongs: a hostile file
        sql = sql.decode("utf-8", "replace")
    return _SQLITE_SPACE.sub(lambda m: m.group(1) or " ", sql or "").strip(" ")


# A string or quoted name runs to its closing quote or, unclosed, to the end: a hostile
# file's thousands of unclosed "[" in a comment are then read once, not once each.
_SQLITE_SPACE = re.compile(r"""('(?:[^']|'')*(?:'|$)|"(?:[^"]|"")*(?:"|$)|`(?:[^`]|``)*(?:`|$)"""
                           r"""|\[[^\]]*(?:\]|$))|[ \t\n\f\r]+""")


def refuse_foreign_objects(conn: sqlite3.Connection, name: str) -> None:
    """Nothing in ``sqlite_master`` but tables and indexes, named by text. SQLite loads a
    row whatever case its type is written in (a "TRIGGER" runs as a trigger) and compares
    names without regard to case: anything else is refused before the schema is compared."""
    odd = conn.execute(
        "SELECT lower(CAST(type AS TEXT)), CAST(name AS TEXT) FROM sqlite_master "
        "WHERE typeof(type) <> 'text' OR type NOT IN ('table', 'index') "
        "OR typeof(name) <> 'text' OR typeof(tbl_name) <> 'text' LIMIT 1").fetchone()
    if odd:
        kind = odd[0] or "entry"  # NULL where its type belongs
        article = "an" if kind[:1] in ("a", "e", "i", "o", "u") else "a"
        raise NotABriefError(f"{name} contains {article} {kind} ({odd[1]}) that Briefing "
                             "Builder did not create; refusing to open it")
    if not _tool_objects_sound(conn):
        raise NotABriefError(f"{name} is not a brief as Briefing Builder makes it: its table "
                             "of migrations is defined differently")


def _tool_objects_sound(conn: sqlite3.Connection) -> bool:
    """sqlite-utils' table of migrations and its index, compared by name (their SQL differs
    between its versions), hold what its migrations read: no more, no other index."""
    columns = [r[0] for r in conn.execute(
        "SELECT name FROM pragma_table_info('_sqlite_migrations') ORDER BY cid")]
    if not columns:
        return conn.execute("SELECT count(*) FROM sqlite_master WHERE name = "
                            "'idx__sqlite_migrations_migration_set_name'").fetchone()[0] == 0
    indexes = conn.execute(
        "SELECT l.name, l.\"unique\", (SELECT group_concat(i.name) FROM "
        "pragma_index_info(l.name) AS i) FROM pragma_index_list('_sqlite_migrations') AS l "
        "WHERE l.origin = 'c'").fetchall()
    on = conn.execute("SELECT tbl_name FROM sqlite_master "
                      "WHERE name = 'idx__sqlite_migrations_migration_set_name'").fetchone()
    return ({"migration_set", "name", "applied_at"} <= set(columns)
            <= {"id", "migration_set", "name", "applied_at"}
            and indexes == [("idx__sqlite_migrations_migration_set_name", 1,
                             "migration_set,name")]
            and on == ("_sqlite_migrations",))


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


def check_schema(conn: sqlite3.Connection, name: str, version: int) -> None:
    """The file's tables and indexes are exactly ours (a newer file's may add to them)."""
    _compare(schema_rows(conn)[0], name, version)


def _compare(objects: list, name: str, version: int) -> None:
    """``objects`` (as :func:`schema_rows` gives them) against the migrations' schema."""
    expected = _expected_schema(max(1, min(version, len(MIGRATIONS))))
    have = {(t, n): sql for t, n, sql in objects}
    for key, sql in expected.sql.items():
        if key not in have:
            raise DamagedBriefError(f"{name} is damaged: {key[0]} {key[1]} is missing")
        if have[key] != sql and version <= len(MIGRATIONS):
            raise DamagedBriefError(f"{name} is not a brief as Briefing Builder makes it: "
                                    f"{key[0]} {key[1]} is defined differently")
    if version > len(MIGRATIONS):
        return  # a newer app's file: it may have tables and columns this version lacks
    extra = set(have) - set(expected.sql)
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


def schema_type_check(conn: sqlite3.Connection, name: str, version: int) -> str:
    """The query checking the value types of ``conn``'s file, once its schema is known to
    be ours (else raises the BriefError saying how it differs).

    A current brief whose tables, indexes and columns are exactly this version's
    (:data:`SCHEMA_DIGEST`) is checked without building the expected schema in memory (60
    statements, 3 ms while the app starts): only a file that differs needs it, to say how.
    """
    objects, columns = schema_rows(conn)
    if version == len(MIGRATIONS) and schema_digest(objects, columns) == SCHEMA_DIGEST:
        return _type_check(columns)
    _compare(objects, name, version)
    return _expected_schema(max(1, min(version, len(MIGRATIONS)))).type_check
