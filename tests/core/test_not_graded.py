"""A source's reliability starts "not graded" (NULL), never F: the 0009 migration that lets
the file hold it, import, edits and undo, the checks, the export and the ``brief`` command."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from desktop.core import edits, queries
from desktop.core.errors import BriefError
from desktop.core.importers import load
from desktop.core.model import SourceInput
from desktop.core.store import Store
from desktop.core.store.schema import MIGRATIONS

FIXTURES = Path(__file__).parent / "fixtures"
TABLES = ("brief", "sources", "annotations", "annotation_tags", "tags", "claims", "evidence",
          "memo", "memo_sections", "memo_blocks", "source_versions", "source_files",
          "tombstones", "sync_versions", "search_rowids")


def _rows(path: Path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        out = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
               for t in TABLES}
        out["sources rowids"] = conn.execute("SELECT rowid, id FROM sources "
                                             "ORDER BY rowid").fetchall()
        out["sources indexes"] = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sources' "
            "ORDER BY name").fetchall()
        return out
    finally:
        conn.close()


def test_the_fixture_is_the_schema_before_the_migration():
    conn = sqlite3.connect(FIXTURES / "v8.brief")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 8
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'sources'").fetchone()[0]
    conn.close()
    assert "reliability TEXT NOT NULL DEFAULT 'F'" in sql
    assert MIGRATIONS[8][0] == "0009_reliability_not_graded"


def test_upgrading_keeps_every_row_grade_and_reference(tmp_path):
    path = tmp_path / "v8.brief"
    shutil.copy(FIXTURES / "v8.brief", path)
    before = _rows(path)
    assert before["annotations"] and before["evidence"] and before["source_versions"]
    with Store.open(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store.integrity_problems() == []
        # The grade the source had is kept; nothing was turned into "not graded".
        assert [s["reliability"] for s in store.select("sources")] == ["B"]
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    after = _rows(path)
    # Dropping the old table with foreign keys on would have cascaded to the highlights,
    # their evidence links and the replaced texts: every row is still there, unchanged.
    assert after == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert ("sources_sha256", "CREATE INDEX sources_sha256 ON sources(sha256)") in \
        after["sources indexes"]
    conn.execute("PRAGMA foreign_keys = ON")
    # The references point at the rebuilt table: deleting its source cascades as before.
    conn.execute("DELETE FROM sources")
    assert conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM source_versions").fetchone()[0] == 0
    conn.rollback()
    conn.close()


def test_an_upgraded_file_reopens_as_a_sound_current_brief(tmp_path):
    path = tmp_path / "v8.brief"
    shutil.copy(FIXTURES / "v8.brief", path)
    Store.open(path).close()
    with Store.open(path, readonly=True) as store:  # the exact-schema check at open passes
        source = store.select("sources")[0]
        edits_ok = store.integrity_problems() == []
    assert edits_ok and source["title"] == "Grain report"
    with Store.open(path) as store:
        edits.update_source(store, source["id"], reliability=None).apply(store)
        assert store.get("sources", source["id"])["reliability"] is None


def test_a_stored_grade_outside_a_to_f_is_still_refused(store):
    add = edits.add_source(store, SourceInput(text="Text.", title="T"))
    add.apply(store)
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("UPDATE sources SET reliability = 'G' WHERE id = ?", [add.item_id])
    with pytest.raises(BriefError, match="A-F"):
        edits.update_source(store, add.item_id, reliability="G")


def test_an_imported_source_is_not_graded(store):
    source = load(b"Wheat exports rose in March.", "wheat.txt", "txt")
    assert source.reliability is None
    add = edits.add_source(store, source)
    add.apply(store)
    assert store.get("sources", add.item_id)["reliability"] is None
    assert queries.sources(store)[0]["reliability"] is None


def test_grading_and_clearing_a_grade_undo_to_the_previous_value(store):
    add = edits.add_source(store, SourceInput(text="Text.", title="T"))
    add.apply(store)
    grade = edits.update_source(store, add.item_id, reliability="b")
    grade.apply(store)
    assert store.get("sources", add.item_id)["reliability"] == "B"
    clear = edits.update_source(store, add.item_id, reliability="")
    clear.apply(store)
    assert store.get("sources", add.item_id)["reliability"] is None
    clear.revert(store)
    assert store.get("sources", add.item_id)["reliability"] == "B"
    grade.revert(store)
    assert store.get("sources", add.item_id)["reliability"] is None


def test_evidence_from_an_ungraded_source_is_graded_with_a_question_mark(store,
                                                                       cited_ungraded):
    source_id, _claim = cited_ungraded(store)
    assert [e["grade"] for c in queries.claims(store) for e in c["evidence"]] == ["?2"]
    assert [h["grade"] for h in queries.highlights(store, grade="?")] == ["?2"]
    assert queries.highlights(store, grade="F") == []


def test_checks_name_a_cited_source_that_is_not_graded(store, cited_ungraded):
    source_id, claim_id = cited_ungraded(store, confidence="high")
    found = {(c["kind"], c["id"]): c["message"] for c in queries.checks(store)}
    assert found[("ungraded-source", source_id)] == (
        "source “Harbour log” is evidence for a claim but its reliability is not graded")
    # High confidence resting only on an ungraded source is weak too.
    assert "graded D-F or not graded" in found[("weak-sources", claim_id)]
    edits.update_source(store, source_id, reliability="A").apply(store)
    kinds = {c["kind"] for c in queries.checks(store)}
    assert "ungraded-source" not in kinds and "weak-sources" not in kinds


def test_an_uncited_ungraded_source_is_not_a_check(store):
    edits.add_source(store, SourceInput(text="Unused.", title="Unused")).apply(store)
    assert [c for c in queries.checks(store) if c["kind"] == "ungraded-source"] == []


@pytest.fixture
def brief_cli(capsys):
    """Run ``brief ARGS`` in this process: (exit status, standard output, standard error)."""
    from desktop.cli import main

    def run(*args):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)
    return run


def test_cli_lists_sets_and_clears_a_grade(tmp_path, brief_cli):
    _brief = brief_cli
    path = tmp_path / "b.brief"
    text = tmp_path / "note.txt"
    text.write_text("Wheat exports rose in March.", encoding="utf-8")
    assert _brief("new", path).returncode == 0
    source_id = _brief("add-source", path, text).stdout.strip()
    listed = json.loads(_brief("sources", path, "--json").stdout)
    assert listed[0]["reliability"] is None
    assert _brief("sources", path).stdout.startswith(f"{source_id[:8]}  [?]  ")
    assert _brief("edit-source", path, source_id[:8], "--reliability", "b").returncode == 0
    assert json.loads(_brief("sources", path, "--json").stdout)[0]["reliability"] == "B"
    assert _brief("edit-source", path, source_id[:8], "--reliability", "none").returncode == 0
    assert json.loads(_brief("sources", path, "--json").stdout)[0]["reliability"] is None
    bad = _brief("edit-source", path, source_id[:8], "--reliability", "Z")
    assert bad.returncode == 1 and bad.stderr.startswith("error: reliability must be one of A-F")
    assert len(bad.stderr.splitlines()) == 1


def test_cli_add_source_takes_a_grade(tmp_path, brief_cli):
    _brief = brief_cli
    path = tmp_path / "b.brief"
    text = tmp_path / "note.txt"
    text.write_text("Port capacity remains the main constraint.", encoding="utf-8")
    _brief("new", path)
    assert _brief("add-source", path, text, "--reliability", "c").returncode == 0
    assert json.loads(_brief("sources", path, "--json").stdout)[0]["reliability"] == "C"


def _two_copies(tmp_path, brief_path) -> tuple[Path, Path, str]:
    """Two copies of one brief holding one ungraded source."""
    with Store.open(brief_path, user="base") as base:
        add = edits.add_source(base, SourceInput(text="Ports shut.", title="Wire"))
        add.apply(base)
    here, there = tmp_path / "here.brief", tmp_path / "there.brief"
    shutil.copyfile(brief_path, here)
    shutil.copyfile(brief_path, there)
    return here, there, add.item_id


def test_merging_a_grade_given_in_the_other_copy_keeps_it(tmp_path, brief_path):
    from desktop.core.merge import merge_edit, plan_merge

    here, there, source_id = _two_copies(tmp_path, brief_path)
    with Store.open(there, user="Ben") as b:
        edits.update_source(b, source_id, reliability="B").apply(b)
    with Store.open(here, user="Ana") as a, Store.open(there, readonly=True) as b:
        plan = plan_merge(a, b)
        assert plan.conflicts == [] and [c.id for c in plan.changed] == [source_id]
        merge_edit(a, plan).apply(a)
        assert a.get("sources", source_id)["reliability"] == "B"


def test_merging_a_grade_cleared_in_the_other_copy_clears_it(tmp_path, brief_path):
    from desktop.core.merge import merge_edit, plan_merge

    with Store.open(brief_path, user="base") as base:
        add = edits.add_source(base, SourceInput(text="Ports shut.", title="Wire",
                                                 reliability="C"))
        add.apply(base)
    here, there = tmp_path / "here.brief", tmp_path / "there.brief"
    shutil.copyfile(brief_path, here)
    shutil.copyfile(brief_path, there)
    with Store.open(there, user="Ben") as b:
        edits.update_source(b, add.item_id, reliability=None).apply(b)
    with Store.open(here, user="Ana") as a, Store.open(there, readonly=True) as b:
        merge_edit(a, plan_merge(a, b)).apply(a)
        assert a.get("sources", add.item_id)["reliability"] is None


def test_a_grade_against_not_graded_in_both_copies_is_a_conflict(
        tmp_path, brief_path):
    from desktop.core.merge import plan_merge

    here, there, source_id = _two_copies(tmp_path, brief_path)
    with Store.open(here, user="Ana") as a:
        edits.update_source(a, source_id, reliability="A").apply(a)
        edits.update_source(a, source_id, title="Wire service").apply(a)
    with Store.open(there, user="Ben") as b:
        edits.update_source(b, source_id, reliability="D").apply(b)
        edits.update_source(b, source_id, reliability=None).apply(b)
    with Store.open(here, user="Ana") as a, Store.open(there, readonly=True) as b:
        plan = plan_merge(a, b)
        [conflict] = plan.conflicts
        assert (conflict.mine["reliability"], conflict.theirs["reliability"]) == ("A", None)
