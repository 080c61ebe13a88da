"""Every kind of edit applies, reverts to exactly the previous database, and re-applies."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.core import edits, queries
from desktop.core.changes import Changes
from desktop.core.errors import BriefError
from desktop.core.model import SourceInput

TEXT = ("Mali holds vast reserves of gold, lithium and uranium. Security ties matter too.\n"
        "Washington re-engages Bamako for minerals and counterterrorism. 🌍 café")


def snapshot(store) -> dict:
    """Every row of every table (FTS included), order-independent."""
    out = {}
    tables = [r[0] for r in store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'search_%'")]
    for table in tables:
        rows = store.conn.execute(f"SELECT * FROM {table}").fetchall()
        out[table] = sorted(rows, key=repr)
    return out


@pytest.fixture
def world(store):
    """A brief with a source, two highlights, a claim with evidence, and a placed claim."""
    source = edits.add_source(store, SourceInput(text=TEXT, title="Mali", original=b"raw",
                                                 reliability="B"))
    source.apply(store)
    a1 = edits.add_annotation(store, source.item_id, 0, 54, tags=["minerals"], credibility=2)
    a1.apply(store)
    a2 = edits.add_annotation(store, source.item_id, 55, 80, note="security")
    a2.apply(store)
    claim = edits.add_claim(store, "The US re-engages for minerals.", likelihood="likely",
                            confidence="moderate",
                            section_id=queries.find_section(store, "bottom line")["id"])
    claim.apply(store)
    link = edits.link_evidence(store, claim.item_id, a1.item_id)
    link.apply(store)
    para = edits.add_block(store, queries.find_section(store, "analysis")["id"],
                           text="Some *prose*.")
    para.apply(store)
    return {"source": source.item_id, "a1": a1.item_id, "a2": a2.item_id,
            "claim": claim.item_id, "link": link.item_id, "para": para.item_id}


def section(store, name):
    return queries.find_section(store, name)["id"]


EDITS = {
    "set_brief": lambda s, w: edits.set_brief(s, title="New title", author="Someone"),
    "add_source": lambda s, w: edits.add_source(s, SourceInput(text="Other text.",
                                                               original=b"other")),
    "update_source": lambda s, w: edits.update_source(s, w["source"], reliability="d",
                                                      outlet="Outlet"),
    "delete_source": lambda s, w: edits.delete_source(s, w["source"]),
    "add_annotation": lambda s, w: edits.add_annotation(s, w["source"], 100, 120,
                                                        tags=["minerals", "New tag"]),
    "update_annotation": lambda s, w: edits.update_annotation(s, w["a1"], note="n",
                                                              credibility=5, color="#ff0"),
    "set_annotation_tags": lambda s, w: edits.set_annotation_tags(s, w["a1"], ["other"]),
    "reattach_annotation": lambda s, w: edits.reattach_annotation(s, w["a2"], 10, 20),
    "delete_annotation": lambda s, w: edits.delete_annotation(s, w["a1"]),
    "add_claim": lambda s, w: edits.add_claim(s, "Another.", section_id=section(s, "outlook")),
    "update_claim": lambda s, w: edits.update_claim(s, w["claim"], statement="Changed.",
                                                    likelihood="very unlikely",
                                                    confidence="high"),
    "delete_claim": lambda s, w: edits.delete_claim(s, w["claim"]),
    "link_evidence": lambda s, w: edits.link_evidence(s, w["claim"], w["a2"],
                                                      stance="contradicts", note="weighed"),
    "update_evidence": lambda s, w: edits.update_evidence(s, w["link"], stance="context"),
    "unlink_evidence": lambda s, w: edits.unlink_evidence(s, w["link"]),
    "set_memo_header": lambda s, w: edits.set_memo_header(s, memo_to="Director",
                                                          classification="OFFICIAL"),
    "add_section": lambda s, w: edits.add_section(s, "Annex", index=1),
    "rename_section": lambda s, w: edits.rename_section(s, section(s, "outlook"), "Forecast"),
    "move_section": lambda s, w: edits.move_section(s, section(s, "outlook"), 0),
    "delete_section": lambda s, w: edits.delete_section(s, section(s, "bottom line")),
    "add_block": lambda s, w: edits.add_block(s, section(s, "analysis"), text="First",
                                              index=0),
    "update_block": lambda s, w: edits.update_block(s, w["para"], "Rewritten **bold**."),
    "move_block": lambda s, w: edits.move_block(s, w["para"], section(s, "bottom line"), 0),
    "delete_block": lambda s, w: edits.delete_block(s, w["para"]),
    "highlight_as_new_claim": lambda s, w: edits.highlight_as_evidence(
        s, w["source"], 100, 120, statement="From a selection.", tags=["fresh"]),
    "highlight_as_evidence": lambda s, w: edits.highlight_as_evidence(
        s, w["source"], 100, 120, claim_id=w["claim"], stance="context"),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_apply_then_revert_restores_the_database_exactly(store, world, name):
    before = snapshot(store)
    edit = EDITS[name](store, world)
    changes = edit.apply(store)
    assert isinstance(changes, Changes) and changes
    after = snapshot(store)
    assert after != before
    assert edit.revert(store) == changes
    assert snapshot(store) == before
    edit.apply(store)  # redo after undo gives the same state again
    assert snapshot(store) == after
    assert store.integrity_problems() == []


def test_changes_name_the_kinds_touched(store, world):
    changes = edits.delete_claim(store, world["claim"]).apply(store)
    assert changes.touches("claims", "evidence", "memo")
    assert not changes.touches("sources")
    assert world["claim"] in changes.ids


def test_delete_source_takes_highlights_and_evidence_and_undo_brings_them_back(store, world):
    edit = edits.delete_source(store, world["source"])
    edit.apply(store)
    assert store.count("annotations") == 0 and store.count("evidence") == 0
    assert store.select_one("tombstones", {"id": world["source"]})["kind"] == "source"
    edit.revert(store)
    assert queries.claims(store)[0]["evidence"][0]["quote"].startswith("Mali holds")
    assert queries.annotations(store)[0]["tags"] == ["minerals"]


def test_a_failed_edit_writes_nothing(store, world):
    before = snapshot(store)
    bad = edits.Edit("bad", edits.add_claim(store, "fine").ops + [
        edits.Op("insert", "evidence", row={"id": "e" * 32, "created": "t", "modified": "t",
                                            "created_by": "", "claim_id": "missing",
                                            "annotation_id": "missing"})])
    with pytest.raises(BriefError):
        bad.apply(store)
    assert snapshot(store) == before


@pytest.mark.parametrize("make, message", [
    (lambda s, w: edits.update_source(s, w["source"], reliability="Z"), "A-F"),
    (lambda s, w: edits.update_annotation(s, w["a1"], credibility=9), "1-6"),
    (lambda s, w: edits.add_claim(s, "   "), "cannot be empty"),
    (lambda s, w: edits.add_claim(s, "x", likelihood="maybe"), "unknown likelihood"),
    (lambda s, w: edits.add_claim(s, "x", confidence="total"), "confidence"),
    (lambda s, w: edits.link_evidence(s, w["claim"], w["a1"]), "already evidence"),
    (lambda s, w: edits.link_evidence(s, w["claim"], w["a2"], stance="maybe"), "stance"),
    (lambda s, w: edits.add_annotation(s, w["source"], 50, 40), "select some text"),
    (lambda s, w: edits.add_source(s, SourceInput(text="again", original=b"raw")),
     "already in the brief"),
    (lambda s, w: edits.update_block(s, queries.memo(s)["sections"][0]["blocks"][0]["id"],
                                     "x"), "only a prose"),
])
def test_invalid_input_is_refused_before_anything_is_written(store, world, make, message):
    before = snapshot(store)
    with pytest.raises(BriefError, match=message):
        make(store, world).apply(store)
    assert snapshot(store) == before


def test_likelihood_aliases_and_memo_order(store, world):
    edit = edits.add_claim(store, "x", likelihood="Almost Certainly")
    edit.apply(store)
    assert store.get("claims", edit.item_id)["likelihood"] == "almost certain"
    analysis = section(store, "analysis")
    edits.add_block(store, analysis, text="zero", index=0).apply(store)
    edits.move_block(store, world["para"], analysis, 0).apply(store)
    memo = queries.memo(store)
    texts = [b["text"] for s in memo["sections"] if s["id"] == analysis for b in s["blocks"]]
    assert texts == ["Some *prose*.", "zero"]


def test_checks_find_what_an_editor_would_query(store, world):
    edits.update_claim(store, world["claim"], confidence="high").apply(store)
    edits.update_source(store, world["source"], reliability="E").apply(store)
    edits.link_evidence(store, world["claim"], world["a2"], stance="contradicts").apply(store)
    edits.add_claim(store, "Unsupported.").apply(store)
    kinds = {c["kind"] for c in queries.checks(store)}
    assert kinds == {"no-evidence", "single-source", "weak-sources",
                     "unaddressed-contradiction"}


def test_database_file_is_the_only_state(store, world, brief_path):
    store.close()
    conn = sqlite3.connect(brief_path)
    assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 1
    conn.close()


def test_superseded_versions_are_explicit_ops_whatever_the_clock(store, world, monkeypatch):
    claim = world["claim"]
    old = (claim, store.get("claims", claim)["modified"])
    monkeypatch.setattr(edits.base, "now", lambda: "2000-01-01T00:00:00.000Z")  # clock behind
    edit = edits.update_claim(store, claim, statement="Written on a slow clock.")
    assert edits.Op("insert", "sync_versions", row=dict(zip(("id", "modified"), old))) \
        in edit.ops
    edit.apply(store)
    assert old in store.known_versions()
    edit.revert(store)
    assert old not in store.known_versions()
    # A version the history already holds is not added again, so undo keeps it there.
    edits.Edit("learn", [edits.Op("insert", "sync_versions",
                                  row={"id": old[0], "modified": old[1]})]).apply(store)
    edit = edits.delete_claim(store, claim)
    assert not any(op.table == "sync_versions" and op.row["id"] == claim for op in edit.ops)
    edit.apply(store)
    edit.revert(store)
    assert old in store.known_versions()


def test_items_made_in_a_burst_keep_their_order_through_undo(store):
    made = []
    for i in range(50):
        edit = edits.add_claim(store, f"Claim {i}")
        edit.apply(store)
        made.append(edit)
    order = [c["id"] for c in queries.claims(store)]
    assert order == [e.item_id for e in made]
    made[10].revert(store)
    made[10].apply(store)
    assert [c["id"] for c in queries.claims(store)] == order
