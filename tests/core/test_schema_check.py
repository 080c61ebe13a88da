"""The schema of a brief from a stranger (desktop/core/store/schema_check.py). A current
brief is checked by digest: the schema the migrations make is built in memory only for a
file that differs from it. Objects a hostile file hides from a check comparing text exactly
(found in review) are refused with one message, by the full open and by ``brief info``: a
trigger whose type is written "TRIGGER" runs all the same, a name stored as a BLOB, the
migrations' own table and index (compared by name only) made differently, a record of
upgrades naming steps this version does not know, spaces inside an option's string."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.cli import main
from desktop.core import edits
from desktop.core.errors import BriefError
from desktop.core.model import SourceInput
from desktop.core.store import Store, schema_check
from desktop.core.store.migrating import MIGRATION_SET
from desktop.core.store.schema import MIGRATIONS, SCHEMA_DIGEST


def _migrations_digest() -> str:
    conn = sqlite3.connect(":memory:")
    for _, script in MIGRATIONS:
        for statement in schema_check.statements(script):
            conn.execute(statement)
    try:
        return schema_check.schema_digest(*schema_check.schema_rows(conn))
    finally:
        conn.close()


def _file_digest(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return schema_check.schema_digest(*schema_check.schema_rows(conn))
    finally:
        conn.close()


def _raw(path, *statements: str, schema: bool = False) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    if schema:
        conn.execute("PRAGMA writable_schema=ON")
    for sql in statements:
        conn.execute(sql)
    conn.close()


def _brief(path):
    with Store.create(path, title="x", user="u") as store:
        edits.add_source(store, SourceInput(text="hello", title="T")).apply(store)
    return path


def _hide_a_no_break_space(path) -> None:
    """The sources table's text column declared as "TEXT\u00a0NOT" (one word to SQLite,
    which then knows no type and no NOT NULL for it); the SQL differs from ours only by a
    character Python counts as whitespace."""
    conn = sqlite3.connect(path, isolation_level=None)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'sources'").fetchone()[0]
    conn.close()
    assert "text TEXT NOT NULL" in sql
    hostile = sql.replace("text TEXT NOT NULL", "text TEXT\u00a0NOT NULL")
    _raw(path, "UPDATE sqlite_master SET sql = ? WHERE name = 'sources'".replace(
        "?", "'" + hostile.replace("'", "''") + "'"), schema=True)


def test_the_schema_digest_is_that_of_the_tables_and_indexes_the_migrations_make():
    new = _migrations_digest()
    assert SCHEMA_DIGEST == new, f"a migration changed the schema: set SCHEMA_DIGEST = {new!r}"


def test_a_new_brief_has_the_digest_of_the_migrations(brief_path):
    assert _file_digest(brief_path) == SCHEMA_DIGEST


def test_a_current_brief_is_checked_without_building_the_expected_schema(brief_path,
                                                                         monkeypatch):
    monkeypatch.setattr(schema_check, "_EXPECTED", {})
    Store.open(brief_path).close()
    assert schema_check._EXPECTED == {}


def test_the_value_type_query_read_from_a_current_file_is_the_migrations_one(brief_path):
    conn = sqlite3.connect(brief_path)
    try:
        from_file = schema_check.schema_type_check(conn, "test.brief", len(MIGRATIONS))
    finally:
        conn.close()
    assert from_file == schema_check._expected_schema(len(MIGRATIONS)).type_check
    assert "memo_sections" in from_file


@pytest.mark.parametrize("change, says", [
    ("ALTER TABLE claims ADD COLUMN extra TEXT", "claims is defined differently"),
    ("DROP INDEX " + "{index}", "is missing"),
    ("CREATE TABLE stowaway (x)", r"contains a table \(stowaway\)"),
])
def test_a_file_whose_schema_differs_is_compared_object_by_object(brief_path, change, says):
    conn = sqlite3.connect(brief_path, isolation_level=None)
    index = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                         "AND sql IS NOT NULL ORDER BY name LIMIT 1").fetchone()[0]
    conn.execute(change.format(index=index))
    conn.close()
    assert _file_digest(brief_path) != SCHEMA_DIGEST
    with pytest.raises(BriefError, match=says):
        Store.open(brief_path)


def test_a_no_break_space_in_a_column_type_is_not_whitespace(tmp_path):
    # Found in review: Python's split() made this file's SQL equal to ours, and its value
    # types were then read from its own columns, where "text" has none: a BLOB got in.
    path = _brief(tmp_path / "hostile.brief")
    _hide_a_no_break_space(path)
    _raw(path, "UPDATE sources SET text = x'00ff00'")
    assert _file_digest(path) != SCHEMA_DIGEST
    with pytest.raises(BriefError, match="sources is defined differently"):
        Store.open(path, readonly=True)


def test_a_file_opened_first_changes_nothing_checked_in_the_next(tmp_path):
    first = _brief(tmp_path / "first.brief")
    _hide_a_no_break_space(first)
    with pytest.raises(BriefError):
        Store.open(first, readonly=True)
    second = _brief(tmp_path / "second.brief")
    _raw(second, "UPDATE sources SET text = x'00ff'")
    with pytest.raises(BriefError, match="table sources holds a value of the wrong type"):
        Store.open(second, readonly=True)


def test_sql_stored_as_a_blob_is_read_as_its_text(tmp_path):
    path = _brief(tmp_path / "blob.brief")
    _raw(path, "UPDATE sqlite_master SET sql = CAST(sql AS BLOB) WHERE name = 'claims'",
         schema=True)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT typeof(sql) FROM sqlite_master "
                        "WHERE name = 'claims'").fetchone()[0] == "blob"
    conn.close()
    assert _file_digest(path) == SCHEMA_DIGEST  # the text SQLite itself reads
    assert schema_check._normalised(b"CREATE  TABLE\tx") == "CREATE TABLE x"


def _refused(path, capsys, says: str) -> None:
    with pytest.raises(BriefError, match=says):
        Store.open(path)
    with pytest.raises(BriefError, match=says):
        Store.open(path, readonly=True)
    assert main(["info", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says.replace("\\", "") in err, err


HIDDEN = {
    "trigger typed in capitals": ((
        "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('TRIGGER', "
        "'evil', 'claims', 0, 'CREATE TRIGGER evil AFTER INSERT ON claims BEGIN "
        "UPDATE sources SET text = x''00''; END')",), r"contains a trigger \(evil\)"),
    "view typed as a BLOB": ((
        "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES "
        "(CAST('view' AS BLOB), 'v', 'v', 0, 'CREATE VIEW v AS SELECT 1')",),
        r"contains a view \(v\)"),
    "unique index typed in capitals": (
        ("CREATE UNIQUE INDEX one ON claims(created_by)",
         "UPDATE sqlite_master SET type = 'INDEX' WHERE name = 'one'"),
        r"contains an index \(one\)"),
    "a table's name stored as a BLOB": (
        ("UPDATE sqlite_master SET name = CAST(name AS BLOB) WHERE name = 'claims'",),
        r"contains a table \(claims\)"),
}


@pytest.mark.parametrize("hide", sorted(HIDDEN))
def test_an_object_hidden_from_an_exact_comparison_is_refused(tmp_path, capsys, hide):
    statements, says = HIDDEN[hide]
    path = _brief(tmp_path / "hidden.brief")
    _raw(path, *statements, schema=True)
    _refused(path, capsys, says)


@pytest.mark.parametrize("redefine", [
    "DROP INDEX idx__sqlite_migrations_migration_set_name",
    "DROP INDEX idx__sqlite_migrations_migration_set_name; "
    "CREATE UNIQUE INDEX idx__sqlite_migrations_migration_set_name ON claims(created_by)",
    "ALTER TABLE _sqlite_migrations DROP COLUMN applied_at",
    "ALTER TABLE _sqlite_migrations ADD COLUMN extra TEXT",
])
def test_the_migrations_table_made_otherwise_is_refused(tmp_path, capsys, redefine):
    path = _brief(tmp_path / "tool.brief")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(redefine)
    conn.close()
    _refused(path, capsys, "its table of migrations is defined differently")


def test_a_record_of_upgrades_naming_an_unknown_step_is_refused_not_counted(tmp_path):
    path = _brief(tmp_path / "steps.brief")
    _raw(path, "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES "
               f"('{MIGRATION_SET}', '9999_from_nowhere', '2020-01-01')")
    before = path.read_bytes()
    with pytest.raises(BriefError, match="names steps this version of Briefing Builder"):
        Store.open(path)
    assert path.read_bytes() == before


def test_whitespace_inside_a_string_of_the_schema_counts(tmp_path, capsys):
    path = _brief(tmp_path / "literal.brief")
    conn = sqlite3.connect(path)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'search'").fetchone()[0]
    conn.close()
    quoted = sql[sql.index("tokenize"):]
    start = quoted.index("'")
    literal = quoted[start:quoted.index("'", start + 1) + 1]
    assert " " in literal, literal
    hostile = sql.replace(literal, literal.replace(" ", "\t", 1))
    _raw(path, "UPDATE sqlite_master SET sql = '" + hostile.replace("'", "''")
         + "' WHERE name = 'search'", schema=True)
    _refused(path, capsys, "table search is defined differently")


@pytest.mark.parametrize("opening", ["[", "'", '"', "`"])
def test_an_unclosed_quote_in_the_schema_is_read_once_to_its_end(opening):
    # Found in the read-through: a name in brackets was sought afresh from each "[" of a
    # comment that closes none, so a hostile schema of many took minutes to compare.
    tail = opening + " a" * 1000
    found = [m.group(0) for m in schema_check._SQLITE_SPACE.finditer("CREATE TABLE x (a) -- "
                                                                     + tail)]
    assert found[-1] == tail
    assert schema_check._normalised("x  -- " + tail) == "x -- " + tail
