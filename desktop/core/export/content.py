"""What an export writes, gathered from the read models in one pass (no SQL here).

:func:`gather` joins the memo, the claims' evidence, the sources and the highlights'
locations into one :class:`MemoContent`, and works out the timestamps the document's
properties carry. Those come from the brief, never from the clock, so exporting the same
brief twice gives the same file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import queries
from ..store import Store

# Tables whose edits change what the memo says (deletions leave a tombstone).
_CONTENT_TABLES = ("brief", "memo", "memo_sections", "memo_blocks", "claims", "evidence",
                   "sources", "annotations")


@dataclass
class MemoContent:
    title: str
    author: str
    header: dict            # memo_to, memo_from, memo_date, subject, classification
    sections: list[dict]    # queries.memo sections, blocks in order
    claims: dict            # claim id -> queries.claims entry (with its evidence)
    sources: dict           # source id -> queries.sources entry
    locations: dict         # annotation id -> "p. 4" / "¶ 12" / ""
    created: dt.datetime
    modified: dt.datetime

    @property
    def placed_claims(self) -> list[dict]:
        """Claims as the memo places them, in reading order (a claim placed twice, twice)."""
        return [self.claims[b["claim"]] for s in self.sections for b in s["blocks"]
                if b["kind"] == "claim" and b["claim"] in self.claims]


SOURCE_COLUMNS = ("id", "title", "author", "outlet", "published", "url", "accessed",
                  "reliability")


def gather(store: Store) -> MemoContent:
    """The memo and only what it cites: the placed claims, their evidence, the sources and
    locations of that evidence (a large brief has far more highlights than a memo uses)."""
    brief = store.brief()
    memo = queries.memo(store)
    placed = {b["claim"] for s in memo["sections"] for b in s["blocks"]
              if b["kind"] == "claim" and b["claim"]}
    claims = {c["id"]: c for c in queries.claims(store, placed)} if placed else {}
    evidence = [e for c in claims.values() for e in c["evidence"]]
    sources = {r["id"]: r for r in store.select_ids(
        "sources", {e["source"] for e in evidence}, columns=SOURCE_COLUMNS)}
    anchors = store.select_ids("annotations", {e["annotation"] for e in evidence},
                               columns=["id", "source_id", "start"])
    maps = store.location_maps({a["source_id"] for a in anchors})
    locations = {a["id"]: queries.location_label(maps[a["source_id"]], a["start"])
                 for a in anchors}
    stamps = [brief["created"], store.latest("tombstones", "deleted")]
    stamps += [store.latest(table) for table in _CONTENT_TABLES]
    stamps = [s for s in stamps if s]
    return MemoContent(
        title=brief["title"], author=brief["author"], header=memo["header"],
        sections=memo["sections"], claims=claims, sources=sources, locations=locations,
        created=parse_stamp(brief["created"]), modified=parse_stamp(max(stamps)))


def parse_stamp(value: str) -> dt.datetime:
    """A stored ISO 8601 UTC time as a naive UTC datetime (what docx core properties take)."""
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return dt.datetime(1980, 1, 1)
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return stamp.replace(microsecond=0)
