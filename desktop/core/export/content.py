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


def gather(store: Store) -> MemoContent:
    brief = store.brief()
    memo = queries.memo(store)
    stamps = [brief["created"]]
    for table in _CONTENT_TABLES:
        stamps += [r["modified"] for r in store.select(table, columns=["modified"])]
    stamps += [r["deleted"] for r in store.select("tombstones", columns=["deleted"])]
    return MemoContent(
        title=brief["title"], author=brief["author"], header=memo["header"],
        sections=memo["sections"],
        claims={c["id"]: c for c in queries.claims(store)},
        sources={s["id"]: s for s in queries.sources(store)},
        locations={a["id"]: a["location"] for a in queries.annotations(store)},
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
