"""What every edit is made of: the :class:`Edit` itself and the row operations and input
checks the edits of each kind of item share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..changes import Changes
from ..errors import BriefError
from ..model import CONFIDENCE, CREDIBILITY, RELIABILITY, STANCES, normalise_likelihood, now
from ..store import Op, Store
from ..tables import SYNCED, TABLES


@dataclass
class Edit:
    """A reversible change: ``apply`` and ``revert`` are each one transaction."""

    label: str
    ops: list[Op]
    item_id: str | None = None  # the item this edit created or is about, if one
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Parts built ahead (compound edits, a block's move and renumbering) may each
        # record the same superseded version: the history holds it once.
        seen: set[tuple] = set()
        ops = []
        for op in self.ops:
            if op.action == "insert" and op.table == "sync_versions":
                pair = (op.row["id"], op.row["modified"])
                if pair in seen:
                    continue
                seen.add(pair)
            ops.append(op)
        self.ops = ops

    def apply(self, store: Store) -> Changes:
        store.apply_ops(self.ops)
        return Changes.from_ops(self.ops)

    def revert(self, store: Store) -> Changes:
        store.apply_ops([op.inverse() for op in reversed(self.ops)])
        return Changes.from_ops(self.ops)


def compound(label: str, edits: Sequence[Edit]) -> Edit:
    """Several edits as one step (built ahead, so later parts must not depend on earlier)."""
    ops = [op for e in edits for op in e.ops]
    return Edit(label, ops, edits[0].item_id if edits else None,
                [w for e in edits for w in e.warnings])


def common_columns(store: Store) -> dict:
    """The columns every new item's row carries: when it was made, and by whom."""
    t = now()
    return {"created": t, "modified": t, "created_by": store.user}


def superseded_ops(store: Store, table: str, row: dict, modified: str | None = None) -> list[Op]:
    """Record in the merge history that ``row``'s version is superseded or deleted.

    An explicit op, written whatever the clocks say (merge.py compares stamps only for
    equality), and skipped when the history already has it, so undo forgets exactly what
    the edit added. ``modified`` is the new stamp of an update (no change, no record).
    """
    old = row.get("modified")
    if (table not in SYNCED or not old or old == modified
            or not store.keeps_history() or store.knows_version(row["id"], old)):
        return []
    return [Op("insert", "sync_versions", row={"id": row["id"], "modified": old})]


def update_ops(store: Store, table: str, item_id: str, values: dict) -> list[Op]:
    """An update op for the columns that really change (plus ``modified``)."""
    row = store.get(table, item_id)
    changed = {k: v for k, v in values.items() if row[k] != v}
    if not changed:
        return []
    changed["modified"] = now()
    return [Op("update", table, key={"id": item_id}, old={k: row[k] for k in changed},
               new=changed)] + superseded_ops(store, table, row, changed["modified"])


def delete_ops(store: Store, table: str, row: dict) -> list[Op]:
    """Delete ``row`` and remember the deletion so a merge cannot bring it back."""
    return [Op("delete", table, row=row),
            Op("insert", "tombstones", row={"id": row["id"], "kind": TABLES[table].item,
                                            "deleted": now(), "deleted_by": store.user}),
            *superseded_ops(store, table, row)]


def _place(store: Store, table: str, row: dict, position: int, stamp: str) -> list[Op]:
    """Move ``row`` to ``position``; the ``modified`` bump lets a merge carry the new order."""
    return [Op("update", table, key={"id": row["id"]},
               old={"position": row["position"], "modified": row["modified"]},
               new={"position": position, "modified": stamp}),
            *superseded_ops(store, table, row, stamp)]


def renumber_ops(store: Store, table: str, ordered: list[dict], first: int = 0) -> list[Op]:
    """Updates giving ``ordered`` rows positions first, first+1, …, skipping those already right."""
    stamp = now()
    return [op for i, r in enumerate(ordered) if r["position"] != first + i
            for op in _place(store, table, r, first + i, stamp)]


def as_text(value: str | None, what: str, *, required: bool = False) -> str:
    value = "" if value is None else str(value)
    if required and not value.strip():
        raise BriefError(f"{what} cannot be empty")
    return value


def as_reliability(value: str | None) -> str | None:
    """A reliability letter A-F, or None for "not graded" (None or a blank value)."""
    grade = (value or "").strip().upper()
    if not grade:
        return None
    if grade not in RELIABILITY:
        raise BriefError(f"reliability must be one of A-F (or empty for not graded), "
                         f"not {value!r}")
    return grade


def as_credibility(value) -> int | None:
    if value is None or value == "":
        return None
    try:
        grade = int(value)
    except (TypeError, ValueError):
        grade = 0
    if grade not in CREDIBILITY:
        raise BriefError(f"credibility must be 1-6, not {value!r}")
    return grade


def as_likelihood(value: str | None) -> str | None:
    try:
        return normalise_likelihood(value)
    except ValueError as exc:
        raise BriefError(str(exc)) from None


def as_confidence(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    level = value.strip().lower()
    if level not in CONFIDENCE:
        raise BriefError(f"confidence must be low, moderate or high, not {value!r}")
    return level


def as_stance(value: str) -> str:
    stance = (value or "").strip().lower()
    if stance not in STANCES:
        raise BriefError(f"stance must be supports, contradicts or context, not {value!r}")
    return stance


def short(text: str, limit: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
