"""The memo's placed claims, read a batch at a time as the page builds their blocks.

A long memo places hundreds of claims, each with its evidence (300 claims and 1,500 links
in the benchmark brief: 24 ms to read). The page builds a screen of blocks first and the
rest later, so the claims are read the same way: the first time a block asks for its claim,
that claim and the next few placed after it are read together.

What the footnotes cite (sources and highlight locations) is read on first hover, for that
claim's evidence only, and kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from desktop.core import queries

BATCH = 20  # claims read together: about a screen of blocks


class PlacedClaims(Mapping):
    """:func:`queries.claims` entries of the claims ``placed`` (ids in memo order), by id.

    Iterating gives every placed id; reading one reads its batch if not read yet. A claim
    deleted meanwhile is not in the mapping once its batch is read.
    """

    def __init__(self, store, placed: list[str],
                 known: Mapping[str, dict | None] | None = None):
        """``known``: entries read before and still current, kept for the claims still placed."""
        self._store = store
        self._order = list(dict.fromkeys(placed))
        self._at = {claim_id: i for i, claim_id in enumerate(self._order)}
        self._read: dict[str, dict | None] = {
            claim_id: entry for claim_id, entry in (known or {}).items() if claim_id in self._at}

    def __getitem__(self, claim_id: str) -> dict:
        if claim_id not in self._at:
            raise KeyError(claim_id)
        if claim_id not in self._read:
            self._read_batch(claim_id)
        entry = self._read[claim_id]
        if entry is None:
            raise KeyError(claim_id)
        return entry

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    @property
    def read_count(self) -> int:
        """How many claims have been read (found or not)."""
        return len(self._read)

    def read_so_far(self) -> list[dict]:
        """The entries read until now (the claims of the blocks built), without reading more."""
        return [entry for entry in self._read.values() if entry is not None]

    def kept(self, store, changed: set[str]) -> dict[str, dict | None]:
        """The entries read so far that items ``changed`` (ids of claims, evidence links,
        highlights, sources) leave as they are: an edit to one claim or link re-reads that
        claim only, not the memo's hundreds (a link's claim is found by the link's id even
        when the link is gone, from the entry that lists it)."""
        stale = queries.claims_touched_by(store, changed)
        stale |= {entry["id"] for entry in self.read_so_far() if any(
            link[key] in changed for link in entry["evidence"]
            for key in ("id", "annotation", "source"))}
        return {claim_id: entry for claim_id, entry in self._read.items()
                if claim_id not in stale and claim_id not in changed}

    def _read_batch(self, claim_id: str) -> None:
        after = self._order[self._at[claim_id] + 1:]
        batch = [claim_id] + [c for c in after if c not in self._read][:BATCH - 1]
        found = {c["id"]: c for c in queries.claims(self._store, batch)}
        for one in batch:
            self._read[one] = found.get(one)


class FootnoteContext:
    """(sources by id, highlight locations by id) for the footnotes of the claims asked
    about: read for each claim's evidence when first asked, then kept."""

    def __init__(self, store):
        self._store = store
        self.sources: dict[str, dict] = {}
        self.locations: dict[str, str] = {}
        self._asked: set[str] = set()  # highlights whose location was read (or has none)

    def __call__(self, claim: dict) -> tuple[dict, dict]:
        sources = {e["source"] for e in claim["evidence"]} - self.sources.keys()
        highlights = {e["annotation"] for e in claim["evidence"]} - self._asked
        if sources:
            self.sources.update((s["id"], s) for s in queries.sources(self._store, sources))
        if highlights:
            self.locations.update(queries.annotation_locations(self._store, highlights))
            self._asked |= highlights
        return self.sources, self.locations
