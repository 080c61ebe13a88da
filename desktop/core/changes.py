"""What an edit changed, so views refresh only what they show (after Anki's OpChanges).

A notice can also say who made the change (its ``initiator``, an opaque object the window
sets when it pushes the edit, such as the editor the user typed in). The initiator only
rides on the first application of an edit: an undo or a redo is nobody's gesture in a
panel, so every panel refreshes from it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from .tables import KINDS, TABLES


@dataclass(frozen=True)
class Changes:
    """Kinds of data touched (``sources``, ``annotations``, ``claims``, …) and item ids.

    ``initiator``: who made the change (None when nobody in particular: an undo, a redo,
    another program). It is not part of what changed, so it is left out of comparisons.
    """

    kinds: frozenset[str] = frozenset()
    ids: frozenset[str] = field(default_factory=frozenset)
    initiator: object = field(default=None, compare=False)

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

    def made_by(self, initiator: object) -> "Changes":
        """The same changes, said to be made by ``initiator``."""
        return dataclasses.replace(self, initiator=initiator)

    def is_from(self, initiator: object) -> bool:
        """Whether ``initiator`` (not None) made these changes itself."""
        return initiator is not None and self.initiator is initiator

    def __or__(self, other: "Changes") -> "Changes":
        # One initiator for both, or nobody in particular.
        initiator = self.initiator if self.initiator is other.initiator else None
        return Changes(self.kinds | other.kinds, self.ids | other.ids, initiator)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def touches(self, *kinds: str) -> bool:
        return any(k in self.kinds for k in kinds)
