"""Opening a current brief checks its schema by digest (desktop/core/store/opening.py): the
schema the migrations make is built in memory only for a file that differs from it."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.core.errors import BriefError
from desktop.core.store import Store, opening
from desktop.core.store.schema import MIGRATIONS, SCHEMA_DIGEST


def _expected_digest() -> str:
    expected = opening._expected_schema(len(MIGRATIONS))
    return opening.schema_digest([(t, n, sql) for (t, n), sql in expected.sql.items()])


def test_the_schema_digest_is_that_of_the_tables_and_indexes_the_migrations_make():
    new = _expected_digest()
    assert SCHEMA_DIGEST == new, f"a migration changed the schema: set SCHEMA_DIGEST = {new!r}"


def test_a_current_brief_is_checked_without_building_the_expected_schema(brief_path,
                                                                         monkeypatch):
    monkeypatch.setattr(opening, "_EXPECTED", {})
    Store.open(brief_path).close()
    assert opening._EXPECTED == {}


def test_the_value_type_query_read_from_a_current_file_is_the_migrations_one(brief_path):
    conn = sqlite3.connect(brief_path)
    try:
        from_file = opening._current_schema_type_check(conn, len(MIGRATIONS))
    finally:
        conn.close()
    assert from_file == opening._expected_schema(len(MIGRATIONS)).type_check
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
    objects = conn.execute("SELECT type, name, sql FROM sqlite_master "
                           "WHERE type IN ('table', 'index')").fetchall()
    conn.close()
    assert opening.schema_digest(objects) != SCHEMA_DIGEST
    with pytest.raises(BriefError, match=says):
        Store.open(brief_path)
