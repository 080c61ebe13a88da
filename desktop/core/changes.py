"""What an edit changed, so views refresh only what they show (after Anki's OpChanges)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .tables import KINDS, TABLES


@dataclass(frozen=True)
class Changes:
    """Kinds of data touched (``sources``, ``annotations``, ``claims``, …) and item ids."""

    kinds: frozenset[str] = frozenset()
    ids: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *kinds: str, ids: Iterable[str] = ()) -> "Changes":
        unknown = set(kinds) - KINDS
        if unknown:
            raise ValueError(f"unknown kinds {sorted(unknown)}")
        return cls(frozenset(kinds), frozenset(ids))

    @classmethod
    def everything(cls) -> "Changes":
        """For a brief replaced wholesale (opened, merged, changed by another program)."""
        return cls(KINDS)

    @classmethod
    def from_ops(cls, ops: Iterable) -> "Changes":
        kinds, ids = set(), set()
        for op in ops:
            kind = TABLES[op.table].kind if op.table in TABLES else None
            if kind is None:  # bookkeeping no view shows (the merge's history, tombstones)
                continue
            kinds.add(kind)
            row = op.row if op.row is not None else op.key
            if row and "id" in row:
                ids.add(row["id"])
            elif row and "annotation_id" in row:
                ids.add(row["annotation_id"])
        return cls(frozenset(kinds), frozenset(ids))

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(self.kinds | other.kinds, self.ids | other.ids)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def touches(self, *kinds: str) -> bool:
        return any(k in self.kinds for k in kinds)
