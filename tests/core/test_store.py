"""The brief file on disk: creation, safe opening, migrations, journal mode, search."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.core import edits
from desktop.core.errors import (BriefError, DamagedBriefError, NotABriefError,
                                 ReadOnlyBriefError)
from desktop.core.model import SourceInput
from desktop.core.store import Store
from desktop.core.store.schema import APPLICATION_ID, MIGRATIONS

FIXTURES = Path(__file__).parent / "fixtures"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_brief_has_identity_version_and_default_memo(brief_path):
    conn = sqlite3.connect(brief_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    titles = [r[0] for r in conn.execute("SELECT title FROM memo_sections ORDER BY position")]
    assert titles == ["Bottom line", "Background", "Analysis", "Outlook", "Recommendations"]
    conn.close()


def test_create_refuses_to_overwrite(brief_path):
    with pytest.raises(BriefError, match="already exists"):
        Store.create(brief_path)


def test_foreign_keys_are_enforced(store):
    with pytest.raises(BriefError, match="refused"):
        store.apply_ops([edits.Op("insert", "annotations", row={
            "id": "x" * 32, "created": "t", "modified": "t", "created_by": "",
            "source_id": "missing", "start": 0, "end": 1, "quote": "a"})])


def test_rows_carry_uuid_timestamps_and_author(store):
    edit = edits.add_claim(store, "Grain prices will rise.")
    edit.apply(store)
    row = store.get("claims", edit.item_id)
    assert re.fullmatch("[0-9a-f]{32}", row["id"])
    assert row["created"].endswith("Z") and row["modified"] == row["created"]
    assert row["created_by"] == "Test Analyst"


def test_copied_bytes_after_an_edit_hold_the_edit(store, brief_path, tmp_path):
    """A user who mails the open file sends every committed edit (no WAL side file)."""
    edit = edits.add_claim(store, "Exports will fall by a third.")
    edit.apply(store)
    copy = tmp_path / "mailed.brief"
    copy.write_bytes(brief_path.read_bytes())
    assert not Path(str(brief_path) + "-wal").exists()
    with Store.open(copy) as other:
        assert other.get("claims", edit.item_id)["statement"] == "Exports will fall by a third."


def test_search_index_follows_inserts_updates_and_deletes(store):
    add = edits.add_source(store, SourceInput(text="Wheat shipments through the Bosporus.",
                                              title="Shipping"))
    add.apply(store)
    claim = edits.add_claim(store, "Shipments resume in spring.")
    claim.apply(store)
    assert {h["kind"] for h in store.search("shipm")} == {"source", "claim"}
    edits.update_claim(store, claim.item_id, statement="Exports resume.").apply(store)
    assert [h["kind"] for h in store.search("shipm")] == ["source"]
    edits.delete_source(store, add.item_id).apply(store)
    assert store.search("shipm") == []
    assert store.search('"') == [] and store.search("   ") == []


def test_resolve_id_prefixes(store):
    edit = edits.add_claim(store, "A claim.")
    edit.apply(store)
    assert store.resolve_id("claims", edit.item_id[:6].upper()) == edit.item_id
    with pytest.raises(BriefError, match="too short"):
        store.resolve_id("claims", "abc")
    with pytest.raises(BriefError, match="no claim"):
        store.resolve_id("claims", "ffffffff-nope")


# ----------------------------------------------------------------------- safe opening
def test_missing_file(tmp_path):
    with pytest.raises(BriefError, match="does not exist"):
        Store.open(tmp_path / "nope.brief")


@pytest.mark.parametrize("content, error, message", [
    (b"", NotABriefError, "empty"),
    (b"Hello, this is a text file\n" * 10, NotABriefError, "not an SQLite database"),
    (b"PK\x03\x04" + bytes(200), NotABriefError, "not an SQLite database"),
    (b"SQLite format 3\x00" + bytes(20), DamagedBriefError, "truncated"),
])
def test_bad_files_give_one_line_errors_and_stay_untouched(tmp_path, content, error, message):
    path = tmp_path / "bad.brief"
    path.write_bytes(content)
    with pytest.raises(error, match=message) as caught:
        Store.open(path)
    assert "\n" not in str(caught.value)
    assert path.read_bytes() == content


def test_other_applications_database_is_refused(tmp_path):
    path = tmp_path / "other.brief"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotABriefError, match="another application"):
        Store.open(path)
    assert digest(path) == before


def test_damaged_brief_is_reported(brief_path, store):
    edits.add_source(store, SourceInput(text="x " * 20000, title="Long")).apply(store)
    store.close()
    data = bytearray(brief_path.read_bytes())
    for i in range(4096, len(data) - 4096, 97):
        data[i] ^= 0x5A
    brief_path.write_bytes(bytes(data))
    before = digest(brief_path)
    with pytest.raises(DamagedBriefError, match="damaged"):
        Store.open(brief_path)
    assert digest(brief_path) == before


def test_foreign_triggers_and_views_are_refused(brief_path):
    conn = sqlite3.connect(brief_path)
    conn.execute("CREATE TRIGGER sneaky AFTER INSERT ON claims BEGIN DELETE FROM sources; END")
    conn.commit()
    conn.close()
    before = digest(brief_path)
    with pytest.raises(NotABriefError, match="trigger"):
        Store.open(brief_path)
    assert digest(brief_path) == before


def test_newer_brief_opens_read_only(brief_path):
    conn = sqlite3.connect(brief_path)
    conn.execute(f"PRAGMA user_version={len(MIGRATIONS) + 5}")
    conn.close()
    before = digest(brief_path)
    with Store.open(brief_path) as store:
        assert store.newer and store.readonly
        assert store.brief()["title"] == "Test brief"
        with pytest.raises(ReadOnlyBriefError, match="newer version"):
            edits.add_claim(store, "Nope").apply(store)
    assert digest(brief_path) == before


def test_opening_does_not_change_the_bytes(brief_path):
    before = digest(brief_path)
    Store.open(brief_path).close()
    Store.open(brief_path, readonly=True).close()
    assert digest(brief_path) == before


def test_wal_file_from_elsewhere_is_switched_to_rollback_journal(brief_path):
    conn = sqlite3.connect(brief_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    with Store.open(brief_path) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def _wal_brief(folder: Path) -> Path:
    path = folder / "wal.brief"
    with Store.create(path, title="From elsewhere") as store:
        edits.add_claim(store, "Committed before the switch.").apply(store)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    conn.close()
    assert path.read_bytes()[18:20] == b"\x02\x02"
    return path


def test_a_wal_file_opened_read_only_leaves_nothing_beside_it(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    path = _wal_brief(folder)
    before = digest(path)
    folder.chmod(0o555)  # a read-only folder, as on a mounted share
    try:
        with Store.open(path, readonly=True) as store:
            assert store.brief()["title"] == "From elsewhere"
            assert [c["statement"] for c in store.select("claims")] == \
                ["Committed before the switch."]
            assert store.integrity_problems() == []
    finally:
        folder.chmod(0o755)
    assert sorted(p.name for p in folder.iterdir()) == ["wal.brief"]
    assert digest(path) == before


def test_a_wal_file_with_pending_changes_beside_it_is_refused_read_only(tmp_path):
    path = _wal_brief(tmp_path)
    path.with_name("wal.brief-wal").write_bytes(b"\0" * 32)  # changes not yet in the file
    with pytest.raises(ReadOnlyBriefError, match="WAL mode.*open it for editing"):
        Store.open(path, readonly=True)


# ------------------------------------------------------------------------- migrations
def test_every_earlier_version_upgrades(tmp_path):
    fixtures = sorted(FIXTURES.glob("v*.brief"))
    assert fixtures, "keep one fixture per earlier schema version"
    for fixture in fixtures:
        path = tmp_path / fixture.name
        shutil.copy(fixture, path)
        items = _item_ids(path)
        assert items["sources"] and items["annotations"], fixture.name
        with Store.open(path) as store:
            assert store.schema_version == len(MIGRATIONS)
            assert {t: sorted(r["id"] for r in store.select(t, columns=["id"]))
                    for t in items} == items, fixture.name  # every item kept
            assert store.integrity_problems() == []
            # The upgraded file takes every kind of edit.
            source = store.select("sources")[0]
            edits.delete_source(store, source["id"]).apply(store)
            assert store.count("sources") == 0


def _item_ids(path) -> dict[str, list[str]]:
    """The ids of the items an old brief holds, read before the app touches it."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {t: sorted(r[0] for r in conn.execute(f"SELECT id FROM {t}"))
                for t in ("sources", "annotations", "claims", "evidence") if t in tables}
    finally:
        conn.close()


def _index_consistent(store) -> bool:
    mapped = dict(store.conn.execute("SELECT item_id, fts_rowid FROM search_rowids"))
    indexed = {r[1]: r[0] for r in store.conn.execute("SELECT rowid, item_id FROM search")}
    return mapped == indexed


def test_search_index_rows_are_found_by_key_through_edits_and_undo(store):
    add = edits.add_source(store, SourceInput(text="Cobalt output doubled.", title="Mines"))
    add.apply(store)
    ann = edits.add_annotation(store, add.item_id, 0, 6, note="metal")
    ann.apply(store)
    claim = edits.add_claim(store, "Output keeps growing.")
    claim.apply(store)
    edits.update_annotation(store, ann.item_id, note="battery metal").apply(store)
    assert _index_consistent(store)
    gone = edits.delete_source(store, add.item_id)
    gone.apply(store)
    assert _index_consistent(store) and store.search("cobalt") == []
    gone.revert(store)
    assert _index_consistent(store)
    assert {h["kind"] for h in store.search("batter")} == {"annotation"}


def test_upgrading_to_the_search_map_indexes_existing_items(tmp_path):
    path = tmp_path / "v4.brief"
    shutil.copy(FIXTURES / "v4.brief", path)
    with Store.open(path) as store:
        assert _index_consistent(store) and len(store.search("grain")) >= 1
        claim = store.select("claims")[0]
        edits.update_claim(store, claim["id"], statement="Rewritten after upgrade.").apply(store)
        assert _index_consistent(store)
        assert [h["id"] for h in store.search("rewritten")] == [claim["id"]]


def test_new_ids_are_version_4_uuids_and_never_repeat():
    # Made without the uuid module (its import costs every start 2.5 ms): each id must still
    # be what uuid.uuid4().hex gives, a random RFC 4122 version-4 UUID.
    import uuid

    from desktop.core.model import new_id

    ids = [new_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    for item_id in ids:
        parsed = uuid.UUID(hex=item_id)
        assert parsed.hex == item_id and parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
    # Every other digit varies: none is fixed but the version's and the variant's bits.
    assert all(len({i[k] for i in ids}) == 16 for k in range(32) if k not in (12, 16))
