"""The table registry (desktop/core/tables.py) matches the schema of real brief files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.core import tables
from desktop.core.changes import Changes
from desktop.core.store import Op, Store, key_of

EXAMPLE = Path(__file__).resolve().parents[2] / "briefs" / "example.brief"

# The store's own tables, read and written through no op: sqlite-utils' record of the
# migrations, the full-text index with FTS5's shadow tables, and the index's map.
INTERNAL = {"_sqlite_migrations", "search", "search_config", "search_content", "search_data",
            "search_docsize", "search_idx", "search_rowids"}
COMMON = {"id", "created", "modified", "created_by"}


@pytest.fixture(params=["new", "example"])
def schema(request, tmp_path) -> dict:
    """Each table of a real brief file (a new one, and the shipped example): its columns,
    primary key and foreign keys, read from the file's own sqlite_master and pragmas."""
    path = tmp_path / "brief.brief"
    if request.param == "new":
        Store.create(path, title="Registry").close()
    else:
        shutil.copy(EXAMPLE, path)
    with Store.open(path, readonly=True) as store:
        assert store.brief()  # the file passed every opening check
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        out = {}
        for name in names:
            info = conn.execute("SELECT name, pk FROM pragma_table_info(?)", [name]).fetchall()
            out[name] = {
                "columns": {c for c, _ in info},
                "key": tuple(c for c, pk in sorted(info, key=lambda r: r[1]) if pk),
                "references": {(name, r[0], r[1], r[2]) for r in conn.execute(
                    'SELECT "from", "table", on_delete FROM pragma_foreign_key_list(?)',
                    [name])},
            }
    finally:
        conn.close()
    return out


def test_every_table_of_a_brief_is_registered_or_the_stores_own(schema):
    unlisted = set(schema) - set(tables.TABLES) - INTERNAL
    assert unlisted == set()
    missing = (set(tables.TABLES) | INTERNAL) - set(schema)
    assert missing == set()


def test_each_tables_key_columns_are_its_primary_key(schema):
    for name, table in tables.TABLES.items():
        assert set(table.keys) <= schema[name]["columns"], name
        assert table.keys == schema[name]["key"], name


def test_cascades_are_the_schemas_references(schema):
    registered = {(child, column, parent.name, "CASCADE")
                  for parent in tables.TABLES.values() for child, column in parent.children}
    in_file = set().union(*(t["references"] for t in schema.values()))
    assert registered == in_file


def test_synced_tables_are_those_whose_rows_carry_the_common_columns(schema):
    carrying = {n for n in tables.TABLES if COMMON <= schema[n]["columns"]}
    assert set(tables.SYNCED) == carrying


def test_synced_tables_list_parents_before_children():
    order = tables.SYNCED
    for parent in tables.TABLES.values():
        for child, _ in parent.children:
            if child in order:
                assert order.index(parent.name) < order.index(child), (parent.name, child)


def test_names_in_the_file_and_in_messages_are_unique():
    items = [t.item for t in tables.TABLES.values()]
    singulars = [t.singular for t in tables.TABLES.values()]
    assert len(set(items)) == len(items) and len(set(singulars)) == len(singulars)


def test_the_store_and_changes_read_the_registry():
    store = Store.memory()
    assert store.columns("tombstones")  # registered bookkeeping is readable
    with pytest.raises(ValueError, match="unknown table 'search'"):
        store.columns("search")
    with pytest.raises(Exception, match="no memo section with id abcd"):
        store.resolve_id("memo_sections", "abcd")
    assert key_of("annotation_tags", {"annotation_id": "a", "tag_id": "t", "x": 1}) == \
        {"annotation_id": "a", "tag_id": "t"}
    kinds = Changes.from_ops([Op("insert", t, row={"id": "x"}) for t in tables.TABLES]).kinds
    assert kinds == tables.KINDS == {t.kind for t in tables.TABLES.values()} - {None}
