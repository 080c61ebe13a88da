"""Read models that combine tables (evidence with its highlight and source, a highlight's
tag names, the claims an item touches), joined here from the store's generic reads.

Each read is one indexed lookup, never a scan of the brief per row, and the rows come in
the order one SQL join would give them (``tests/core/test_query_joins.py`` compares them).
Panels and the CLI read them through :mod:`desktop.core.queries`.
"""

from __future__ import annotations

from collections.abc import Iterable

from .store import Store


def annotation_counts(store: Store) -> dict[str, int]:
    """How many highlights each source has, by source id (sources without any: absent)."""
    return store.count_by("annotations", "source_id")


def evidence_rows(store: Store, claim_ids: Iterable[str] | None = None) -> list[dict]:
    """Evidence links with their highlight and its source, by claim then creation: every
    link, or only the links of ``claim_ids``."""
    cols = ["id", "claim_id", "annotation_id", "stance", "note", "created"]
    links = (store.select("evidence", columns=cols) if claim_ids is None
             else store.select_in("evidence", "claim_id", claim_ids, columns=cols))
    highlights = {a["id"]: a for a in store.select_ids(
        "annotations", {e["annotation_id"] for e in links},
        columns=["id", "quote", "start", "status", "credibility", "source_id"])}
    sources = {s["id"]: s for s in store.select_ids(
        "sources", {a["source_id"] for a in highlights.values()},
        columns=["id", "title", "reliability"])}
    rows = []
    for e in sorted(links, key=lambda e: (e["claim_id"], e["created"], e["id"])):
        a = highlights.get(e["annotation_id"])
        s = sources.get(a["source_id"]) if a else None
        if s is None:  # deleted by another program between the reads: as an inner join
            continue
        rows.append({"id": e["id"], "claim_id": e["claim_id"],
                     "annotation_id": e["annotation_id"], "stance": e["stance"],
                     "note": e["note"], "quote": a["quote"], "start": a["start"],
                     "status": a["status"], "credibility": a["credibility"],
                     "source_id": a["source_id"], "source_title": s["title"],
                     "reliability": s["reliability"]})
    return rows


def claims_touched_by(store: Store, ids: Iterable[str]) -> set[str]:
    """Ids of the claims among ``ids`` or whose evidence links, their highlights or those
    highlights' sources are among them: the claims whose read model may have changed."""
    ids = set(ids)
    found = {c["id"] for c in store.select_ids("claims", ids, columns=["id"])}
    found |= {e["claim_id"] for e in store.select_ids("evidence", ids, columns=["claim_id"])}
    highlights = ids | {a["id"] for a in store.select_in("annotations", "source_id", ids,
                                                         columns=["id"])}
    found |= {e["claim_id"] for e in store.select_in("evidence", "annotation_id", highlights,
                                                     columns=["claim_id"])}
    return found


def annotation_tags(store: Store, source_id: str | None = None) -> dict[str, list[str]]:
    """Tag names per annotation id (of one source's annotations if ``source_id``)."""
    if not source_id:
        return _tag_names(store, store.select("annotation_tags"))
    ids = [a["id"] for a in store.select("annotations", {"source_id": source_id},
                                         columns=["id"])]
    return annotation_tags_of(store, ids)


def annotation_tags_of(store: Store, annotation_ids: Iterable[str]) -> dict[str, list[str]]:
    """Tag names per annotation id, for the annotations ``annotation_ids`` only."""
    return _tag_names(store, store.select_in("annotation_tags", "annotation_id",
                                             annotation_ids))


def _tag_names(store: Store, links: list[dict]) -> dict[str, list[str]]:
    """Each annotation's tag names in the order SQLite sorts the names (``COLLATE NOCASE``:
    ASCII letters folded, everything else by code point)."""
    names = {t["id"]: t["name"] for t in store.select("tags", columns=["id", "name"])}
    out: dict[str, list[str]] = {}
    links = [k for k in links if k["tag_id"] in names]  # as an inner join
    for link in sorted(links, key=lambda k: names[k["tag_id"]].translate(_NOCASE)):
        out.setdefault(link["annotation_id"], []).append(names[link["tag_id"]])
    return out


_NOCASE = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def evidence_stances(store: Store, source_id: str) -> list[tuple[str, str]]:
    """(annotation id, stance) of every evidence link to one source's highlights."""
    ids = [a["id"] for a in store.select("annotations", {"source_id": source_id},
                                         columns=["id"])]
    return [(e["annotation_id"], e["stance"]) for e in store.select_in(
        "evidence", "annotation_id", ids, columns=["annotation_id", "stance"])]
