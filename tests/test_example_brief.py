"""The example brief shipped in ``briefs/``: sound, complete, and what its build script makes."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import queries
from desktop.core.store import Store

BRIEFS = Path(__file__).resolve().parent.parent / "briefs"
SHIPPED = BRIEFS / "example.brief"
SCRIPT = BRIEFS / "build_example.py"


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("build_example", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def shipped(tmp_path):
    """The shipped brief, opened read-only from a copy so the original stays untouched."""
    copy = tmp_path / "example.brief"
    shutil.copyfile(SHIPPED, copy)
    store = Store.open(copy, readonly=True)
    yield store
    store.close()


def contents(store: Store) -> dict:
    """What a reader sees in a brief, without ids or timestamps."""
    titles = {s["id"]: s["title"] for s in store.select("sources", columns=["id", "title"])}
    files = {s["id"]: s["sha256"] for s in store.select("sources", columns=["id", "sha256"])}
    memo = queries.memo(store)
    return {
        "sources": [{**{k: s[k] for k in ("title", "author", "outlet", "published", "url",
                                          "reliability")}, "sha256": files[s["id"]]}
                    for s in queries.sources(store)],
        "annotations": sorted((titles[a["source"]], a["start"], a["end"], a["quote"],
                               a["note"], a["credibility"], tuple(a["tags"]))
                              for a in queries.annotations(store)),
        "claims": [(c["text"], c["likelihood"], c["confidence"],
                    sorted((e["stance"], e["quote"], e["note"]) for e in c["evidence"]))
                   for c in queries.claims(store)],
        "memo": {"header": memo["header"],
                 "sections": [(s["title"], [(b["kind"], b["text"]) for b in s["blocks"]])
                              for s in memo["sections"]]},
    }


def test_shipped_brief_is_sound(shipped):
    assert shipped.integrity_problems() == []
    assert shipped.readonly


def test_shipped_brief_has_every_kind_of_item(shipped):
    counts = queries.info(shipped)
    assert counts["sources"] >= 2
    assert 10 <= counts["annotations"] <= 15
    assert 5 <= counts["claims"] <= 7
    assert counts["links"] > counts["claims"]
    stances = {e["stance"] for e in queries.evidence_rows(shipped)}
    assert stances == {"supports", "contradicts", "context"}
    memo = queries.memo(shipped)
    assert all(memo["header"][k] for k in ("memo_to", "memo_from", "memo_date", "subject",
                                           "classification"))
    for section in memo["sections"]:
        assert any(b["kind"] == "prose" and b["text"].strip() for b in section["blocks"]), \
            section["title"]


def test_every_highlight_is_exactly_anchored(shipped):
    for a in queries.annotations(shipped):
        assert a["status"] == "exact"
        text = shipped.get("sources", a["source"])["text"]
        assert text[a["start"]:a["end"]] == a["quote"]


def test_every_placed_claim_has_evidence_and_contradictions_are_weighed(shipped):
    placed = {b["claim_id"] for b in shipped.select("memo_blocks", {"kind": "claim"})}
    claims = {c["id"]: c for c in queries.claims(shipped)}
    assert placed == set(claims)
    for claim_id in placed:
        assert any(e["stance"] == "supports" for e in claims[claim_id]["evidence"])
    kinds = {w["kind"] for w in queries.checks(shipped)}
    assert not kinds & {"orphan", "no-evidence", "unaddressed-contradiction", "weak-sources"}


def test_rebuilding_gives_the_same_brief(builder, shipped, tmp_path):
    out = tmp_path / "rebuilt.brief"
    out.write_bytes(b"stale")  # an old file at the output path is replaced
    counts = builder.build(out)
    assert counts == builder.counts_of(shipped)
    with Store.open(out, readonly=True) as rebuilt:
        assert rebuilt.integrity_problems() == []
        assert contents(rebuilt) == contents(shipped)
    assert not out.with_name(out.name + ".partial").exists()


def test_script_takes_an_output_path(tmp_path):
    out = tmp_path / "cli.brief"
    done = subprocess.run([sys.executable, str(SCRIPT), str(out)], capture_output=True,
                          text=True, check=True)
    assert out.exists()
    assert "claims: " in done.stdout


def test_shipped_brief_is_at_the_current_schema(shipped):
    # A newcomer's first open needs no upgrade (nor the backup taken before one); a new
    # migration means rebuilding it: python briefs/build_example.py briefs/example.brief
    from desktop.core.store.schema import MIGRATIONS

    assert shipped.schema_version == len(MIGRATIONS)
