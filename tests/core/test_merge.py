"""Merging two copies of one brief: every combination of edits, in both directions."""

from __future__ import annotations

import json
import sqlite3
import shutil

import pytest

from desktop.cli import main
from desktop.core import edits, share
from desktop.core.errors import BriefError
from desktop.core.merge import merge_edit, plan_merge
from desktop.core.model import SourceInput
from desktop.core.store import Store

CASES = ("untouched", "changed_here", "changed_there", "changed_both", "deleted_here",
         "deleted_there", "deleted_here_changed_there", "deleted_there_changed_here",
         "deleted_both")


def snapshot(store) -> dict:
    tables = [r[0] for r in store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'search_%'")]
    return {t: sorted(store.conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
            for t in tables}


@pytest.fixture
def copies(tmp_path, brief_path):
    """Two copies of one brief (one via `copy_brief`, one a plain byte copy, as mailed),
    each then edited in every combination; returns (here path, there path, ids)."""
    ids = {}
    with Store.open(brief_path, user="base") as base:
        src = edits.add_source(base, SourceInput(text="Grain exports fell in May. Ports shut.",
                                                 title="Wire", original=b"raw bytes"))
        src.apply(base)
        ids["source"] = src.item_id
        ann = edits.add_annotation(base, src.item_id, 0, 18)
        ann.apply(base)
        ids["annotation"] = ann.item_id
        for case in CASES:
            edit = edits.add_claim(base, f"{case} original")
            edit.apply(base)
            ids[case] = edit.item_id
        here = share.copy_brief(base, tmp_path / "here.brief")
    there = tmp_path / "there.brief"
    shutil.copyfile(brief_path, there)
    with Store.open(here, user="Ana") as a, Store.open(there, user="Ben") as b:
        for store, side, other in ((a, "here", "there"), (b, "there", "here")):
            edits.update_claim(store, ids[f"changed_{side}"], statement=f"{side} text").apply(store)
            edits.update_claim(store, ids["changed_both"], statement=f"{side} text").apply(store)
            edits.delete_claim(store, ids[f"deleted_{side}"]).apply(store)
            edits.delete_claim(store, ids["deleted_both"]).apply(store)
            edits.delete_claim(store, ids[f"deleted_{side}_changed_{other}"]).apply(store)
            edits.update_claim(store, ids[f"deleted_{other}_changed_{side}"],
                               statement=f"{side} text").apply(store)
            added = edits.add_claim(store, f"added {side}")
            added.apply(store)
            ids[f"added_{side}"] = added.item_id
            tagged = edits.set_annotation_tags(store, ids["annotation"], ["shipping", side])
            tagged.apply(store)
    return here, there, ids


def statements(store) -> dict:
    return {c["id"]: c["statement"] for c in store.select("claims")}


def expected(ids, me: str, them: str) -> dict:
    """Claims after merging `them` into `me`, conflicts kept as `me` has them."""
    return {ids["untouched"]: "untouched original",
            ids[f"changed_{me}"]: f"{me} text", ids[f"changed_{them}"]: f"{them} text",
            ids["changed_both"]: f"{me} text",
            ids[f"deleted_{them}_changed_{me}"]: f"{me} text",
            ids[f"added_{me}"]: f"added {me}", ids[f"added_{them}"]: f"added {them}"}


@pytest.mark.parametrize("direction", ["here", "there"])
def test_merge_every_combination_in_both_directions(copies, direction):
    here, there, ids = copies
    me, them = (here, there) if direction == "here" else (there, here)
    other_side = "there" if direction == "here" else "here"
    with Store.open(me) as store, Store.open(them, readonly=True) as other:
        plan = plan_merge(store, other)
        by = {(c.id, c.reason) for c in plan.conflicts}
        assert by == {(ids["changed_both"], "changed-both"),
                      (ids[f"deleted_{direction}_changed_{other_side}"], "deleted-here"),
                      (ids[f"deleted_{other_side}_changed_{direction}"], "deleted-there")}
        assert {c.id for c in plan.deleted} == {ids[f"deleted_{other_side}"]}
        before = snapshot(store)
        edit = merge_edit(store, plan)
        edit.apply(store)
        assert statements(store) == expected(ids, direction, other_side)
        tags = {t["name"] for t in store.select("tags")}
        assert tags == {"shipping", "here", "there"}
        assert len(store.select("annotation_tags")) == 3
        assert store.integrity_problems() == []
        assert {h["id"] for h in store.search("original")} == {ids["untouched"]}
        # the losing versions are recoverable
        lost = {r["item_id"]: r for r in store.select("merge_conflicts")}
        assert json.loads(lost[ids["changed_both"]]["losing_row"])["statement"] == \
            f"{other_side} text"
        assert lost[ids[f"deleted_{direction}_changed_{other_side}"]]["kept"] == "mine"
        # merging the same file again changes nothing
        assert plan_merge(store, other).is_empty()
        # one undo step takes it all back
        edit.revert(store)
        assert snapshot(store) == before
        edit.apply(store)


def test_taking_theirs_for_every_conflict(copies):
    here, there, ids = copies
    with Store.open(here) as store, Store.open(there, readonly=True) as other:
        plan = plan_merge(store, other)
        merge_edit(store, plan, {c.id: "theirs" for c in plan.conflicts}).apply(store)
        claims = statements(store)
        assert claims[ids["changed_both"]] == "there text"
        assert claims[ids["deleted_here_changed_there"]] == "there text"  # restored
        assert ids["deleted_there_changed_here"] not in claims
        assert store.select_one("tombstones", {"id": ids["deleted_here_changed_there"]}) is None
        assert store.integrity_problems() == []
        assert plan_merge(store, other).is_empty()


def test_merging_back_and_forth_converges(copies):
    here, there, ids = copies
    with Store.open(here) as a, Store.open(there) as b:
        merge_edit(a, plan_merge(a, b)).apply(a)
        merge_edit(b, plan_merge(b, a)).apply(b)  # b learns a's resolutions
        assert statements(a) == statements(b)
        assert plan_merge(a, b).is_empty() and plan_merge(b, a).is_empty()


def test_a_third_copy_does_not_undo_a_merged_change(copies, tmp_path):
    here, there, ids = copies
    third = tmp_path / "third.brief"
    shutil.copyfile(there, third)  # a copy of there, before there changes again
    with Store.open(there) as b:
        edits.update_claim(b, ids["untouched"], statement="later").apply(b)
    with Store.open(here) as a:
        for other in (there, third):
            with Store.open(other, readonly=True) as o:
                merge_edit(a, plan_merge(a, o)).apply(a)
        assert statements(a)[ids["untouched"]] == "later"


def test_new_work_under_an_item_deleted_elsewhere_is_a_conflict(tmp_path, brief_path):
    with Store.open(brief_path) as base:
        src = edits.add_source(base, SourceInput(text="Ports shut in May.", title="Wire"))
        src.apply(base)
    there = tmp_path / "there.brief"
    shutil.copyfile(brief_path, there)
    with Store.open(brief_path) as a, Store.open(there) as b:
        edits.delete_source(a, src.item_id).apply(a)
        ann = edits.add_annotation(b, src.item_id, 0, 10, note="new work")
        ann.apply(b)
        plan = plan_merge(a, b)
        assert [(c.table, c.reason) for c in plan.conflicts] == [("sources", "deleted-here")]
        merge_edit(a, plan).apply(a)  # keep mine: the highlight is kept aside, not lost
        assert a.count("annotations") == 0
        kept = {r["item_id"]: r for r in a.select("merge_conflicts")}
        assert json.loads(kept[ann.item_id]["losing_row"])["note"] == "new work"
        # the other direction: their deletion would take my new highlight: a conflict too
        plan = plan_merge(b, a)
        assert [(c.table, c.reason) for c in plan.conflicts] == [("sources", "deleted-there")]
        merge_edit(b, plan).apply(b)
        assert b.get("annotations", ann.item_id)["note"] == "new work"


def test_merge_refuses_unrelated_briefs_and_itself(brief_path, tmp_path):
    stranger = tmp_path / "other.brief"
    Store.create(stranger).close()
    with Store.open(brief_path) as a, Store.open(stranger, readonly=True) as o:
        with pytest.raises(BriefError, match="not a copy"):
            plan_merge(a, o)
    with Store.open(brief_path) as a, Store.open(brief_path, readonly=True) as same:
        with pytest.raises(BriefError, match="itself"):
            plan_merge(a, same)


def test_original_files_follow_their_sources(tmp_path, brief_path):
    there = tmp_path / "there.brief"
    shutil.copyfile(brief_path, there)
    with Store.open(there) as b:
        edits.add_source(b, SourceInput(text="Text.", title="T", original=b"%PDF-1.7")).apply(b)
    with Store.open(brief_path) as a, Store.open(there, readonly=True) as b:
        merge_edit(a, plan_merge(a, b)).apply(a)
        assert a.count("source_files") == 1 and a.count("sources") == 1


def test_cli_merge_dry_run_and_json(copies, capsys):
    here, there, ids = copies
    before = here.read_bytes()
    assert main(["merge", str(here), str(there), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "conflicts: 3" in out and "dry run" in out
    assert here.read_bytes() == before
    assert share.list_backups(here, share.default_backup_dir()) == []
    assert main(["merge", str(here), str(there), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["applied"] and len(data["conflicts"]) == 3
    backups = share.list_backups(here, share.default_backup_dir())  # taken before merging
    as_before = here.with_name("as-before.brief")
    as_before.write_bytes(before)
    assert len(backups) == 1 and backups[0].digest == share.content_digest(as_before)
    assert {i["id"] for i in data["added"]} >= {ids["added_there"]}
    assert main(["merge", str(here), str(there), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert not again["applied"] and not again["conflicts"] and not again["added"]


def test_reordering_the_memo_on_one_side_is_carried_over(tmp_path, brief_path):
    from desktop.core import queries

    with Store.open(brief_path, user="base") as base:
        analysis = queries.find_section(base, "analysis")["id"]
        for text in ("first", "second", "third"):
            edits.add_block(base, analysis, text=text).apply(base)
        there = share.copy_brief(base, tmp_path / "there.brief")
    with Store.open(there, user="Ben") as other:
        block = [b for b in queries.memo(other)["sections"][2]["blocks"]
                 if b["text"] == "third"][0]
        edits.move_block(other, block["id"], analysis, 0).apply(other)
    with Store.open(brief_path, user="Ana") as here, Store.open(there, readonly=True) as other:
        plan = plan_merge(here, other)
        assert not plan.conflicts
        merge_edit(here, plan).apply(here)
        order = [b["text"] for b in queries.memo(here)["sections"][2]["blocks"]]
        assert order == ["third", "first", "second"]


def _one_claim_in_two_copies(tmp_path, brief_path):
    with Store.open(brief_path, user="base") as base:
        claim = edits.add_claim(base, "original")
        claim.apply(base)
    there = tmp_path / "there.brief"
    shutil.copyfile(brief_path, there)
    return brief_path, there, claim.item_id


def test_an_edit_on_a_laptop_whose_clock_is_behind_merges_as_a_clean_change(
        tmp_path, brief_path, monkeypatch):
    here, there, claim = _one_claim_in_two_copies(tmp_path, brief_path)
    with Store.open(there, user="Ben") as b:
        monkeypatch.setattr(edits.base, "now", lambda: "2001-01-01T00:00:00.000Z")
        edits.update_claim(b, claim, statement="fixed on a slow clock").apply(b)
        monkeypatch.undo()
        assert b.get("claims", claim)["modified"] < "2002"
    with Store.open(here) as a, Store.open(there, readonly=True) as b:
        plan = plan_merge(a, b)
        assert [c.id for c in plan.changed] == [claim] and plan.conflicts == []
        merge_edit(a, plan).apply(a)
        assert statements(a)[claim] == "fixed on a slow clock"
        assert plan_merge(a, b).is_empty()


def test_a_merge_undone_is_offered_again_in_full(tmp_path, brief_path):
    here, there, claim = _one_claim_in_two_copies(tmp_path, brief_path)
    with Store.open(there, user="Ben") as b:
        edits.update_claim(b, claim, statement="theirs").apply(b)
    with Store.open(here, user="Ana") as a:  # later: mine has the newer stamp
        edits.update_claim(a, claim, statement="mine").apply(a)
    with Store.open(here) as a, Store.open(there, readonly=True) as b:
        first = plan_merge(a, b)
        assert [(c.id, c.reason) for c in first.conflicts] == [(claim, "changed-both")]
        before = snapshot(a)
        edit = merge_edit(a, first, {claim: "theirs"})
        edit.apply(a)
        assert statements(a)[claim] == "theirs"
        edit.revert(a)  # moves the stamp forward again: must record nothing
        assert snapshot(a) == before
        again = plan_merge(a, b)
        assert again.summary() == first.summary()
        merge_edit(a, again, {claim: "theirs"}).apply(a)
        assert statements(a)[claim] == "theirs"


def test_a_tag_removed_on_one_side_stays_removed_after_merging(tmp_path, brief_path):
    from desktop.core import queries

    with Store.open(brief_path, user="base") as base:
        src = edits.add_source(base, SourceInput(text="Cobalt exports doubled in May.",
                                                 title="Wire"))
        src.apply(base)
        ann = edits.add_annotation(base, src.item_id, 0, 14, tags=["minerals", "trade"])
        ann.apply(base)
        there = share.copy_brief(base, tmp_path / "there.brief")
    with Store.open(there, user="Ben") as other:
        edits.set_annotation_tags(other, ann.item_id, ["minerals"]).apply(other)
    with Store.open(brief_path, user="Ana") as here, Store.open(there, readonly=True) as other:
        plan = plan_merge(here, other)
        assert not plan.conflicts
        merge_edit(here, plan).apply(here)
        assert queries.annotations(here)[0]["tags"] == ["minerals"]
    # The other way round: removed here, the colleague's unchanged copy does not restore it.
    with Store.open(brief_path, user="Ana") as here:
        edits.set_annotation_tags(here, ann.item_id, []).apply(here)
    with Store.open(brief_path, user="Ana") as here, Store.open(there, readonly=True) as other:
        plan = plan_merge(here, other)
        merge_edit(here, plan).apply(here)
        assert queries.annotations(here)[0]["tags"] == []


def test_merging_again_after_a_set_aside_child_changes_nothing(tmp_path, brief_path):
    with Store.open(brief_path, user="base") as base:
        src = edits.add_source(base, SourceInput(text="alpha beta gamma delta", title="S"))
        src.apply(base)
        there = share.copy_brief(base, tmp_path / "there.brief")
    with Store.open(brief_path, user="Ana") as here:
        edits.delete_source(here, src.item_id).apply(here)
    with Store.open(there, user="Ben") as other:
        edits.add_annotation(other, src.item_id, 0, 5).apply(other)
    with Store.open(brief_path, user="Ana") as here, Store.open(there, readonly=True) as other:
        first = plan_merge(here, other)
        assert first.conflicts
        merge_edit(here, first).apply(here)  # keeps mine: the source stays deleted
        rows = here.count("merge_conflicts")
        again = plan_merge(here, other)
        assert again.is_empty(), again.summary()
        merge_edit(here, again).apply(here)
        assert here.count("merge_conflicts") == rows


# ------------------------------------------------------ copies that could break a brief
def _raw(path, *statements):
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    for sql in statements:
        conn.execute(sql)
    conn.close()


def test_a_copy_whose_memo_has_another_id_merges_into_the_one_memo(tmp_path, brief_path):
    there = tmp_path / "there.brief"
    shutil.copyfile(brief_path, there)
    _raw(there, "UPDATE memo SET id = 'aaaaaaaa-0000-4000-8000-000000000000', "
         "subject = 'their subject', modified = '2030-01-01T00:00:00+00:00'")
    with Store.open(brief_path) as here, Store.open(there, readonly=True) as other:
        plan = plan_merge(here, other)
        assert not plan.added and not plan.deleted
        merge_edit(here, plan, {c.id: "theirs" for c in plan.conflicts}).apply(here)
        assert here.count("memo") == 1 and here.memo()["subject"] == "their subject"
        assert plan_merge(here, other).is_empty()
    with Store.open(brief_path) as here:  # still opens: one memo record
        assert here.memo()["subject"] == "their subject"


def test_a_copy_whose_ids_collide_across_tables_is_refused_unchanged(tmp_path, brief_path):
    with Store.open(brief_path) as base:
        src = edits.add_source(base, SourceInput(text="Ports shut in May.", title="Wire"))
        src.apply(base)
    there = tmp_path / "there.brief"
    shutil.copyfile(brief_path, there)
    _raw(there, "INSERT INTO claims (id, created, modified, statement) VALUES "
         f"('{src.item_id}', 'x', 'x', 'a claim with a source''s id')")
    before = brief_path.read_bytes()
    assert main(["merge", str(brief_path), str(there)]) == 1
    assert brief_path.read_bytes() == before
    with Store.open(brief_path) as here, Store.open(there, readonly=True) as other:
        with pytest.raises(BriefError, match="names both a source and a claim"):
            plan_merge(here, other)


def test_merging_a_deleting_copy_again_and_again_converges(tmp_path, brief_path):
    """One copy deletes a source, the other highlights in it; merge the deleting copy in
    twice: the second time nothing is offered and no conflict is recorded again."""
    with Store.open(brief_path, user="base") as base:
        src = edits.add_source(base, SourceInput(text="alpha beta gamma delta", title="S"))
        src.apply(base)
    deleting = tmp_path / "deleting.brief"
    shutil.copyfile(brief_path, deleting)
    with Store.open(deleting, user="Ana") as a:
        edits.delete_source(a, src.item_id).apply(a)
    with Store.open(brief_path, user="Ben") as b:
        edits.add_annotation(b, src.item_id, 0, 5).apply(b)
    for round_ in range(3):
        with Store.open(brief_path, user="Ben") as b, \
                Store.open(deleting, readonly=True) as a:
            plan = plan_merge(b, a)
            assert bool(plan.conflicts) == (round_ == 0), plan.summary()
            merge_edit(b, plan).apply(b)
            assert b.count("merge_conflicts") == 1 and b.count("annotations") == 1


def test_a_copy_holding_values_of_the_wrong_type_is_refused_before_merging(tmp_path,
                                                                           brief_path, capsys):
    with Store.open(brief_path) as base:
        edits.add_claim(base, "A claim both copies share.").apply(base)
    there = tmp_path / "there.brief"
    shutil.copyfile(brief_path, there)
    _raw(there, "UPDATE claims SET statement = x'00ff', modified = x'01'")
    before = brief_path.read_bytes()
    assert main(["merge", str(brief_path), str(there)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "there.brief" in err and "wrong type" in err
    assert brief_path.read_bytes() == before


class _FailingConnection:
    """Stands in for a connection to a file damaged where the opening checks do not read."""

    def __init__(self, conn):
        self._conn = conn

    def execute(self, sql, *args):
        if "FROM claims" in sql:
            raise sqlite3.DatabaseError("database disk image is malformed")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_damage_met_while_merging_names_the_file_that_failed(tmp_path, brief_path):
    there = tmp_path / "there.brief"
    shutil.copyfile(brief_path, there)
    with Store.open(brief_path) as here, Store.open(there, readonly=True) as other:
        other.conn = _FailingConnection(other.conn)
        with pytest.raises(BriefError, match="^there.brief could not be read: database disk"):
            plan_merge(here, other)
