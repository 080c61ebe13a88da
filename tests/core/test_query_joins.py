"""The read models that join tables (queries.py, built from the store's generic reads) give
what one SQL join over the same file gives: the same rows, in the same order."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.core import edits, queries
from desktop.core.store import Store

EXAMPLE = Path(__file__).resolve().parents[2] / "briefs" / "example.brief"
EVIDENCE_JOIN = """SELECT e.id, e.claim_id, e.annotation_id, e.stance, e.note,
                          a.quote, a.start, a.status, a.credibility, a.source_id,
                          s.title AS source_title, s.reliability
                   FROM evidence e JOIN annotations a ON a.id = e.annotation_id
                   JOIN sources s ON s.id = a.source_id {where}
                   ORDER BY e.claim_id, e.created, e.id"""
TAGS_JOIN = ("SELECT at.annotation_id, t.name FROM annotation_tags at "
             "JOIN tags t ON t.id = at.tag_id {where} ORDER BY t.name")


@pytest.fixture
def brief(tmp_path):
    """The example brief, plus tags whose names differ by case, accents and symbols (the
    order a tag list is shown in is SQLite's NOCASE order)."""
    path = tmp_path / "example.brief"
    shutil.copy(EXAMPLE, path)
    with Store.open(path) as store:
        annotations = [a["id"] for a in store.select("annotations", order_by=["id"])]
        names = ["zeta", "Alpha", "beta", "Émile", "_under", "Zulu", "émigré", "[x]", "a"]
        for i, annotation in enumerate(annotations[:4]):
            edits.set_annotation_tags(store, annotation, names[i:] + ["Beta2"]).apply(store)
    return path


def _sql(path: Path, sql: str, params=()) -> list[dict]:
    conn = sqlite3.connect(path)
    try:
        cursor = conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r)) for r in cursor]
    finally:
        conn.close()


def _tags(rows: list[dict]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(r["annotation_id"], []).append(r["name"])
    return out


def test_evidence_rows_are_the_join_of_links_highlights_and_sources(brief):
    with Store.open(brief, readonly=True) as store:
        rows = queries.evidence_rows(store)
        claims = sorted({r["claim_id"] for r in rows})[:2]
        some = queries.evidence_rows(store, claims)
    assert len(rows) > 5 and rows == _sql(brief, EVIDENCE_JOIN.format(where=""))
    assert some == _sql(brief, EVIDENCE_JOIN.format(where="WHERE e.claim_id IN (?, ?)"),
                        claims)


def test_tag_names_come_in_sqlites_nocase_order(brief):
    with Store.open(brief, readonly=True) as store:
        everything = queries.annotation_tags(store)
        source = store.select("sources", order_by=["created"])[0]["id"]
        one_source = queries.annotation_tags(store, source)
        some = sorted(everything)[:2]
        chosen = queries.annotation_tags_of(store, some)
    assert len(everything) >= 4 and everything == _tags(_sql(brief, TAGS_JOIN.format(where="")))
    assert one_source == _tags(_sql(brief, TAGS_JOIN.format(
        where="WHERE at.annotation_id IN (SELECT id FROM annotations WHERE source_id = ?)"),
        [source]))
    assert chosen == _tags(_sql(brief, TAGS_JOIN.format(
        where="WHERE at.annotation_id IN (?, ?)"), some))


def test_the_claims_an_item_touches_are_found_through_every_link(brief):
    sql = """SELECT id FROM claims WHERE id = :i
             UNION SELECT claim_id FROM evidence WHERE id = :i
             UNION SELECT claim_id FROM evidence WHERE annotation_id = :i
             UNION SELECT e.claim_id FROM annotations a
                   JOIN evidence e ON e.annotation_id = a.id WHERE a.source_id = :i"""
    with Store.open(brief, readonly=True) as store:
        items = [r["id"] for t in ("sources", "annotations", "evidence", "claims", "tags")
                 for r in store.select(t, columns=["id"])]
        found = {i: queries.claims_touched_by(store, [i]) for i in items}
        together = queries.claims_touched_by(store, items)
    expected = {i: {r["id"] for r in _sql(brief, sql, {"i": i})} for i in items}
    assert found == expected and any(found.values())
    assert together == set().union(*expected.values())


def test_stances_and_counts_per_source(brief):
    stances_sql = ("SELECT e.annotation_id, e.stance FROM evidence e "
                   "JOIN annotations a ON a.id = e.annotation_id WHERE a.source_id = ?")
    with Store.open(brief, readonly=True) as store:
        sources = [s["id"] for s in store.select("sources")]
        stances = {s: sorted(queries.evidence_stances(store, s)) for s in sources}
        counts = queries.annotation_counts(store)
    assert stances == {s: sorted((r["annotation_id"], r["stance"])
                                 for r in _sql(brief, stances_sql, [s])) for s in sources}
    assert counts == {r["source_id"]: r["n"] for r in _sql(
        brief, "SELECT source_id, count(*) AS n FROM annotations GROUP BY source_id")}
    assert any(stances.values()) and sum(counts.values()) > 0


def test_source_rows_read_nothing_stored_after_the_sources_text_but_its_warnings(brief):
    # SQLite reaches a value stored after a long text only through the text's overflow
    # pages: the library's 1,000 rows read 4 ms slower with each source's sha256. Import
    # warnings are the exception: empty, as they nearly always are, they cost nothing.
    columns = [r["name"] for r in _sql(brief, "SELECT name FROM pragma_table_info('sources')")]
    after_text = set(columns[columns.index("text") + 1:])
    with Store.open(brief, readonly=True) as store:
        rows = queries.sources(store)
    assert rows and after_text & set(rows[0]) == {"import_warnings"}
