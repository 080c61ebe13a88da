"""Read models: what the panels, the CLI and the exporter show, built from store reads
(those that join tables item by item are in :mod:`.joins` and read from here too).

Each function returns plain dicts and lists (JSON-ready), so the CLI's ``--json`` output and
the app's item models share one shape.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable

from . import tag_colours as _tag_colours
from .joins import annotation_counts, annotation_tags, annotation_tags_of, evidence_rows
from .joins import claims_touched_by, evidence_stances  # noqa: F401 (panels read them here)
from .model import LIKELIHOOD_SENTENCES, estimative_sentence  # noqa: F401 (read from here too)
from .model import UNGRADED_MARK
from .store import Store


def info(store: Store) -> dict:
    brief = store.brief()
    return {"title": brief["title"], "author": brief["author"],
            "schema_version": store.schema_version,
            "sources": store.count("sources"), "annotations": store.count("annotations"),
            "claims": store.count("claims"), "links": store.count("evidence")}


def sources(store: Store, ids: Iterable[str] | None = None) -> list[dict]:
    """Sources with their highlight counts, in creation order (only ``ids`` when given)."""
    counts = annotation_counts(store)
    # Not sha256, or anything else stored after a source's text: SQLite reaches such a value
    # only through the text's overflow pages (4 of the 5 ms of a 1,000-source library).
    cols = ["id", "title", "author", "outlet", "published", "url", "accessed", "reliability",
            "format", "created"]
    if "import_warnings" in store.columns("sources"):  # not in an older file opened read-only
        cols.append("import_warnings")
    rows = (store.select("sources", columns=cols, order_by=["created", "id"]) if ids is None
            else sorted(store.select_ids("sources", ids, columns=cols),
                        key=lambda r: r["created"]))
    return [{"import_warnings": "", **r, "annotations": counts.get(r["id"], 0)} for r in rows]


def location_label(locations: list, offset: int) -> str:
    """"p. 4" or "¶ 12" for a code point offset, from a source's location map.

    The map is a list of ``[start_offset, label]`` pairs in ascending order.
    """
    if not locations:
        return ""
    i = bisect.bisect_right(locations, offset, key=lambda loc: loc[0]) - 1
    return locations[max(i, 0)][1]


def annotations(store: Store, source_id: str | None = None) -> list[dict]:
    where = {"source_id": source_id} if source_id else None
    rows = store.select("annotations", where, order_by=["source_id", "start", "id"],
                        columns=_ANNOTATION_COLUMNS)
    tags = (annotation_tags_of(store, [r["id"] for r in rows]) if source_id
            else annotation_tags(store))  # the ids just read, not read again
    return _annotation_rows(store, rows, tags)


# What a highlight's row shows: not its anchoring context (prefix, suffix) or its history.
_ANNOTATION_COLUMNS = ("id", "source_id", "start", "end", "quote", "status", "note", "color",
                       "credibility")


def annotation_locations(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """"p. 4" / "¶ 12" labels of the highlights ``ids`` (each source's map read once)."""
    maps: dict[str, list] = {}
    out = {}
    for r in store.select_ids("annotations", ids, columns=["id", "source_id", "start"]):
        if r["source_id"] not in maps:
            maps[r["source_id"]] = store.locations(r["source_id"])
        out[r["id"]] = location_label(maps[r["source_id"]], r["start"])
    return out


def _annotation_rows(store: Store, rows: list[dict], tags: dict[str, list[str]]) -> list[dict]:
    locations: dict[str, list] = {}
    out = []
    for r in rows:
        if r["source_id"] not in locations:
            locations[r["source_id"]] = store.locations(r["source_id"])
        out.append({"id": r["id"], "source": r["source_id"], "quote": r["quote"],
                    "start": r["start"], "end": r["end"], "status": r["status"],
                    "note": r["note"], "color": r["color"], "credibility": r["credibility"],
                    "tags": tags.get(r["id"], []),
                    "location": location_label(locations[r["source_id"]], r["start"])})
    return out


def tag_colours(store: Store) -> dict[str, str]:
    """Folded tag name -> the colour its highlights show in (no counting: cheap)."""
    rows = store.select("tags", columns=["id", "name", "color", "created"])
    colours = _tag_colours.effective_colours(rows)
    return {r["name"].casefold(): colours[r["id"]] for r in rows}


def tags(store: Store) -> list[dict]:
    """Tags by name: each with the colour its highlights show in and how many carry it."""
    rows = store.select("tags", columns=["id", "name", "color", "created"])
    counts = Counter(link["tag_id"]
                     for link in store.select("annotation_tags", columns=["tag_id"]))
    colours = _tag_colours.effective_colours(rows)
    return sorted(({"id": r["id"], "name": r["name"], "colour": colours[r["id"]],
                    "count": counts.get(r["id"], 0)} for r in rows),
                  key=lambda t: (t["name"].casefold(), t["id"]))


def highlights(store: Store, *, tag: str | None = None, grade: str | None = None,
               stance: str | None = None, claim: str | None = None) -> list[dict]:
    """Highlights of every source that pass all the filters given, in source order.

    ``tag`` is a tag id; ``grade`` an Admiralty grade ("B2") or a reliability letter ("B";
    "?" for sources not graded);
    ``stance`` keeps highlights used as evidence with that stance, ``claim`` those used as
    evidence for that claim id. Each row is an :func:`annotations` row plus ``source_title``,
    ``grade`` and ``stances`` (the stances it is evidence with).
    """
    links = store.select("evidence", columns=["annotation_id", "claim_id", "stance"])
    stances: dict[str, list[str]] = defaultdict(list)
    for link in links:
        stances[link["annotation_id"]].append(link["stance"])
    keep: set[str] | None = None

    def narrow(ids: Iterable[str]) -> None:
        nonlocal keep
        keep = set(ids) if keep is None else keep & set(ids)

    if tag is not None:
        narrow(r["annotation_id"] for r in store.select("annotation_tags", {"tag_id": tag},
                                                          columns=["annotation_id"]))
    if stance is not None:
        narrow(link["annotation_id"] for link in links if link["stance"] == stance)
    if claim is not None:
        narrow(link["annotation_id"] for link in links if link["claim_id"] == claim)
    by_source = {s["id"]: s for s in sources(store)}
    order = {source_id: i for i, source_id in enumerate(by_source)}
    if keep is None:
        found = annotations(store)
    else:  # only the rows the filters kept: a tag on 50 of 20,000 highlights reads 50
        found = _annotation_rows(store, store.select_ids("annotations", keep),
                                 annotation_tags_of(store, keep))
    out = []
    for ann in found:
        source = by_source[ann["source"]]
        graded = _grade_of(source["reliability"], ann["credibility"])
        if grade and not (graded == grade or (len(grade) == 1 and graded[0] == grade)):
            continue
        out.append({**ann, "source_title": source["title"], "grade": graded,
                    "stances": sorted(set(stances.get(ann["id"], [])))})
    out.sort(key=lambda a: (order[a["source"]], a["start"], a["id"]))
    return out


def grade(reliability: str | None, credibility: int | None) -> str:
    """The Admiralty grade of a piece of evidence, e.g. "B2" (credibility 6 when unset;
    "?2" when the source is not graded)."""
    return f"{reliability or UNGRADED_MARK}{credibility if credibility else 6}"


_grade_of = grade  # for functions whose ``grade`` argument hides it


def claims(store: Store, ids: Iterable[str] | None = None) -> list[dict]:
    """Claims with their evidence, supporting first, in creation order.

    With ``ids``, only those claims (the ones that still exist): what a panel re-reads after
    an edit touched a few of them, without joining every evidence link of the brief.
    """
    evidence: dict[str, list[dict]] = defaultdict(list)
    order = {"supports": 0, "contradicts": 1, "context": 2}
    if ids is not None:
        ids = list(ids)
        rows = sorted(store.select_ids("claims", ids), key=lambda c: c["created"])
    else:
        rows = store.select("claims", order_by=["created", "id"])
    for e in evidence_rows(store, ids):
        evidence[e["claim_id"]].append({
            "id": e["id"], "annotation": e["annotation_id"], "stance": e["stance"],
            "note": e["note"], "quote": e["quote"], "source": e["source_id"],
            "source_title": e["source_title"], "status": e["status"],
            "grade": grade(e["reliability"], e["credibility"])})
    out = []
    for c in rows:
        links = sorted(evidence.get(c["id"], []), key=lambda e: order[e["stance"]])
        out.append({"id": c["id"], "text": c["statement"], "likelihood": c["likelihood"],
                    "confidence": c["confidence"], "evidence": links})
    return out


def claim_order(store: Store) -> list[str]:
    """Every claim's id, in the order :func:`claims` lists them."""
    return [c["id"] for c in store.select("claims", columns=["id"], order_by=["created", "id"])]


def source_order(store: Store) -> list[str]:
    """Every source's id, in the order :func:`sources` lists them."""
    return [s["id"] for s in store.select("sources", columns=["id"],
                                          order_by=["created", "id"])]


def memo(store: Store) -> dict:
    """The memo: header fields and sections in order, each with its blocks in order."""
    header = {k: v for k, v in store.memo().items()
              if k not in ("id", "created", "modified", "created_by")}
    statements = {c["id"]: c for c in store.select(
        "claims", columns=["id", "statement", "likelihood", "confidence"])}
    blocks: dict[str, list[dict]] = defaultdict(list)
    for b in store.select("memo_blocks", order_by=["section_id", "position", "id"]):
        block = {"id": b["id"], "kind": b["kind"], "text": b["text"], "claim": b["claim_id"]}
        if b["claim_id"]:
            claim = statements[b["claim_id"]]
            block["text"] = claim["statement"]
            block["likelihood"], block["confidence"] = claim["likelihood"], claim["confidence"]
        blocks[b["section_id"]].append(block)
    sections = [{"id": s["id"], "title": s["title"], "blocks": blocks.get(s["id"], [])}
                for s in store.select("memo_sections", order_by=["position", "id"])]
    return {"header": header, "sections": sections}


def find_section(store: Store, name: str) -> dict | None:
    """The memo section called ``name`` (case-insensitive), or None."""
    wanted = " ".join(name.split()).casefold()
    for s in store.select("memo_sections", order_by=["position"]):
        if s["title"].casefold() == wanted:
            return s
    return None


def search(store: Store, query: str, limit: int = 50) -> list[dict]:
    return store.search(query, limit)


def checks(store: Store) -> list[dict]:
    """Problems an analyst should look at before export, each with the item it concerns."""
    found: list[dict] = []
    for a in store.select("annotations", {"status": "orphan"}, columns=["id", "quote"]):
        found.append({"kind": "orphan", "id": a["id"],
                      "message": f"highlight “{_clip(a['quote'])}” lost its place in the text"})
    flagged = ([s for s in store.select("sources", columns=["id", "title", "import_warnings"],
                                        order_by=["created", "id"]) if s["import_warnings"]]
               if "import_warnings" in store.columns("sources") else [])  # an older file
    for s in flagged:
        doubt = s["import_warnings"].split("\n")[0].split(": ", 1)[-1]
        found.append({"kind": "doubtful-source", "id": s["id"],
                      "message": f"source “{_clip(s['title'] or s['id'][:8])}” may not have "
                                 f"been read in full: {doubt}"})
    all_claims = claims(store)
    found += _ungraded_sources(store, all_claims)
    for a in store.select("annotations", {"status": "fuzzy"}, columns=["id", "quote"]):
        found.append({"kind": "changed-highlight", "id": a["id"],
                      "message": f"highlight “{_clip(a['quote'])}” reads differently since its "
                                 "source was replaced; confirm it still says what you meant"})
    placed = {b["claim_id"] for b in store.select("memo_blocks", {"kind": "claim"},
                                                  columns=["claim_id"])}
    for c in all_claims:
        label = f"claim “{_clip(c['text'])}”"
        ev = c["evidence"]
        support = [e for e in ev if e["stance"] == "supports"]
        if not ev:
            found.append({"kind": "no-evidence", "id": c["id"],
                          "message": f"{label} has no evidence"})
            continue
        if support and len({e["source"] for e in support}) == 1:
            found.append({"kind": "single-source", "id": c["id"],
                          "message": f"{label} rests on a single source"})
        if c["confidence"] == "high" and support and all(
                e["grade"][0] in "DEF" + UNGRADED_MARK for e in support):
            ungraded = any(e["grade"][0] == UNGRADED_MARK for e in support)
            found.append({"kind": "weak-sources", "id": c["id"],
                          "message": f"{label} has high confidence but only sources "
                                     + ("graded D-F or not graded" if ungraded else
                                        "graded D-F") + " support it"})
        if c["id"] in placed and any(e["stance"] == "contradicts" and not e["note"].strip()
                                     for e in ev):
            found.append({"kind": "unaddressed-contradiction", "id": c["id"],
                          "message": f"{label} has contradicting evidence with no note "
                                     "saying how it was weighed"})
    return found + _review_checks(store)


def _ungraded_sources(store: Store, all_claims: list[dict]) -> list[dict]:
    """Sources not graded whose highlights are evidence: their notes would print "?"."""
    cited = {e["source"] for c in all_claims for e in c["evidence"]
             if e["grade"].startswith(UNGRADED_MARK)}
    return [{"kind": "ungraded-source", "id": s["id"],
             "message": f"source “{_clip(s['title'] or s['id'][:8])}” is evidence for a claim "
                        "but its reliability is not graded"}
            for s in sources(store, cited)] if cited else []


def unanswered_review_comments(store: Store) -> int:
    """Reviewers' comments not yet answered (0 in a brief from before reviews)."""
    if not store.has_table("review_items"):
        return 0
    return len(store.select("review_items", {"status": "open", "kind": "comment"},
                            columns=["id"]))


def open_review_changes(store: Store) -> int:
    """Reviewers' changes not yet accepted or rejected (0 in a brief from before reviews)."""
    if not store.has_table("review_items"):
        return 0
    return sum(1 for r in store.select("review_items", {"status": "open"}, columns=["kind"])
               if r["kind"] != "comment")


def _review_checks(store: Store) -> list[dict]:
    """Reviewers' comments not yet answered and changes not yet accepted or rejected."""
    found = []
    comments, changes = unanswered_review_comments(store), open_review_changes(store)
    if comments:
        found.append({"kind": "review-comments", "id": "",
                      "message": f"{comments} reviewer comment{'s' * (comments != 1)} "
                                 "unanswered"})
    if changes:
        found.append({"kind": "review-changes", "id": "",
                      "message": f"{changes} reviewer change{'s' * (changes != 1)} to accept "
                                 "or reject"})
    return found


def source_versions(store: Store, source_id: str) -> list[dict]:
    """Earlier texts of a source that a replacement superseded, oldest first."""
    store.get("sources", source_id)
    return [{"id": v["id"], "replaced": v["created"], "replaced_by": v["created_by"],
             "format": v["format"], "sha256": v["sha256"], "characters": len(v["text"]),
             "text": v["text"]}
            for v in store.select("source_versions", {"source_id": source_id},
                                  order_by=["created", "id"])]


def _clip(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
