"""What a merge would do: the plan that ``merge.plan_merge`` builds and ``merge_ops`` carries out.

Kept apart from both so that neither imports the other: the analysis (merge.py) and the
edit it becomes (merge_ops.py) share only these types and helpers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .tables import TABLES

REASONS = {
    "changed-both": "changed in both copies",
    "deleted-here": "deleted in this copy but changed in the other",
    "deleted-there": "deleted in the other copy but changed (or still used) in this one",
}


@dataclass(frozen=True)
class ItemChange:
    """One item the merge touches: its table, id, and both versions (None = absent)."""

    table: str
    id: str
    mine: dict | None
    theirs: dict | None
    reason: str = ""  # for conflicts: a key of REASONS


@dataclass
class MergePlan:
    """What merging ``other`` into a brief would do; built by :func:`plan_merge`."""

    other_name: str
    added: list[ItemChange] = field(default_factory=list)     # new there: insert here
    changed: list[ItemChange] = field(default_factory=list)   # changed there only: take
    deleted: list[ItemChange] = field(default_factory=list)   # deleted there only: delete
    conflicts: list[ItemChange] = field(default_factory=list)
    kept: int = 0                      # changed here only (nothing to do)
    tag_links: list[dict] = field(default_factory=list)
    tombstones: dict[str, dict] = field(default_factory=dict)  # theirs, new to me
    history: set[tuple[str, str]] = field(default_factory=set)  # theirs, new to me
    files: dict[str, bytes] = field(default_factory=dict)      # sha256 -> original bytes
    tag_ids: dict[str, str] = field(default_factory=dict)      # their tag id -> mine
    mine_rows: dict[str, dict[str, dict]] = field(default_factory=dict, repr=False)
    references: dict[str, list[tuple[str, str]]] = field(default_factory=dict, repr=False)

    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.deleted or self.conflicts
                    or self.tag_links)

    def summary(self) -> dict:
        """JSON-ready: counts and items per outcome (what the CLI prints)."""
        def items(changes):
            return [{"kind": TABLES[c.table].singular, "id": c.id, "label": item_label(c)}
                    for c in changes]
        return {"other": self.other_name, "added": items(self.added),
                "changed": items(self.changed), "deleted": items(self.deleted),
                "kept_here": self.kept,
                "conflicts": [{**i, "reason": REASONS[c.reason]} for i, c in
                              zip(items(self.conflicts), self.conflicts)]}


def deletion_entry(tombstone: dict) -> str:
    """The history entry meaning "I saw this deletion and kept the item"."""
    return "deleted " + tombstone["deleted"]


def item_label(change: ItemChange) -> str:
    """A short text naming the changed item (its title, statement, quote…), or ""."""
    row = change.mine or change.theirs or {}
    for key in ("title", "statement", "quote", "name", "text", "subject", "note", "body",
                "file_name"):
        if row.get(key):
            text = " ".join(str(row[key]).split())
            return text if len(text) <= 50 else text[:49] + "…"
    return ""
