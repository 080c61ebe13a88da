"""The full-text index heals: damage is found by `brief check` and rebuilt by `--repair`;
the index map is keyed by kind and id."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.cli import main
from desktop.core import edits
from desktop.core.errors import BriefError
from desktop.core.model import SourceInput
from desktop.core.store import Store


def _fill(path):
    with Store.open(path) as store:
        src = edits.add_source(store, SourceInput(text="Grain corridors reopened in spring. "
                                                  * 200, title="Wire"))
        src.apply(store)
        for i in range(30):
            edits.add_claim(store, f"Claim {i}: corridors stay open.").apply(store)
    return src.item_id


def _damage_index(path):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE search_data SET block = zeroblob(length(block)) WHERE id > 10")
    conn.close()


def test_check_reports_a_damaged_index_as_repairable_and_repair_rebuilds_it(brief_path,
                                                                          capsys):
    _fill(brief_path)
    _damage_index(brief_path)
    assert main(["check", str(brief_path)]) == 1
    captured = capsys.readouterr()
    assert "repairable: the search index is damaged" in captured.out
    assert captured.err.count("\n") == 1 and "--repair" in captured.err
    assert "ok: the file is sound" not in captured.out
    assert main(["check", str(brief_path), "--repair"]) == 0
    captured = capsys.readouterr()
    assert "repaired:" in captured.out and "ok: the file is sound" in captured.out
    with Store.open(brief_path) as store:
        assert store.search_index_problems() == []
        assert {h["kind"] for h in store.search("corridors")} == {"source", "claim"}
        assert len(store.search("corridors")) == 31
        edits.add_claim(store, "After the repair.").apply(store)


def test_an_edit_that_meets_a_damaged_index_rebuilds_it_and_is_saved(brief_path):
    _fill(brief_path)
    _damage_index(brief_path)
    with Store.open(brief_path) as store:
        assert store.search_index_problems()
        claim = store.select("claims")[0]["id"]
        for i in range(40):  # some edits touch only sound pages of the index
            edits.update_claim(store, claim, statement=f"zebras {i}").apply(store)
        assert store.search_index_problems() == []
        assert [h["id"] for h in store.search("zebras")] == [claim]
    assert main(["check", str(brief_path)]) == 0


def test_a_damaged_index_that_cannot_be_rebuilt_is_one_clear_error(brief_path, monkeypatch):
    _fill(brief_path)
    _damage_index(brief_path)
    monkeypatch.setattr(Store, "rebuild_search_index", lambda self: (_ for _ in ()).throw(
        BriefError("cannot rebuild")))
    with Store.open(brief_path) as store:
        claim = store.select("claims")[0]["id"]
        with pytest.raises(BriefError, match="check --repair"):
            for i in range(40):
                edits.update_claim(store, claim, statement=f"corridors {i}").apply(store)


def test_an_item_with_another_tables_id_keeps_its_own_index_entry(brief_path):
    """A claim whose id equals a source's (a stranger's copy made it so) stays findable
    after the source is replaced, and the source keeps one index row."""
    source_id = _fill(brief_path)
    conn = sqlite3.connect(brief_path, isolation_level=None)
    conn.execute("INSERT INTO claims (id, created, modified, statement) VALUES "
                 "(?, 'x', 'x', 'zebras cross the corridor')", [source_id])
    conn.close()
    with Store.open(brief_path) as store:
        store.rebuild_search_index()
        edits.replace_source_text(store, source_id, SourceInput(
            text="Grain corridors closed again.", title="Wire")).apply(store)
        assert [h["kind"] for h in store.search("zebras")] == ["claim"]
        assert [h["kind"] for h in store.search("closed")] == ["source"]
        assert store.search_index_problems() == []


def test_a_sound_brief_has_no_index_problems_read_only_or_not(brief_path):
    _fill(brief_path)
    for readonly in (True, False):
        with Store.open(brief_path, readonly=readonly) as store:
            assert store.search_index_problems() == []


def test_a_long_source_gets_a_short_snippet_around_its_first_match(store):
    text = "Insurers raised premiums. " * 2000 + "Officials in Bamako doubted the économie."
    edits.add_source(store, SourceInput(text=text, title="Long")).apply(store)
    for query, marked in (("bamako", "[Bamako]"), ("econ", "[économie]"),
                          ("doubt offic", "[Officials]")):
        (hit,) = store.search(query)
        assert marked in hit["snippet"], hit
        assert hit["snippet"].startswith("…") and len(hit["snippet"].split()) <= 13
    (hit,) = store.search("premiums")
    assert hit["snippet"].startswith("…Insurers raised [premiums]. Insurers")  # after title
    assert hit["snippet"].endswith("…")
