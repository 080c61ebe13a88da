"""A merge plan plus the user's choices, as one reversible :class:`Edit`.

Kept apart from merge.py (the analysis) so each stays small. The ops run in an order that
keeps every reference valid at every step with foreign keys on: history and files first,
then inserts parents-first, updates, tag links, and deletes children-first (each delete
with its tombstone, so no later merge brings the item back). Undoing the Edit runs the
inverse ops in reverse and restores every item, and the merge history, exactly: the
versions the merge learnt or superseded are explicit ops, so a merge undone is forgotten.
"""

from __future__ import annotations

import json

from .edits import Edit, tag_link_id
from .merge_plan import ItemChange, MergePlan, deletion_entry
from .model import new_id, now
from .store import Op, Store
from .tables import SYNCED, TABLES


def merge_edit(store: Store, plan: MergePlan, choices: dict[str, str] | None = None) -> Edit:
    """The Edit that carries out ``plan`` on ``store`` (the brief it was planned for).

    ``choices`` maps a conflict's item id to ``"mine"`` (the default: keep this copy's
    version) or ``"theirs"`` (take the other's). Either way the losing version is kept in
    ``merge_conflicts``. Build and apply it before the brief changes again.
    """
    choices = choices or {}
    if set(choices.values()) - {"mine", "theirs"}:
        raise ValueError("a conflict is resolved with 'mine' or 'theirs'")
    taken = [c for c in plan.conflicts if choices.get(c.id, "mine") == "theirs"]
    refused = [c for c in plan.conflicts if c not in taken]
    inserts = plan.added + [c for c in taken if c.mine is None]
    updates = plan.changed + [c for c in taken if c.mine and c.theirs]
    deleting = _with_descendants(plan, plan.deleted + [c for c in taken if c.theirs is None])
    orphans = _drop_orphans(plan, inserts, updates, deleting)
    inserts = [c for c in inserts if c not in orphans and not _duplicate(plan, c)]
    updates = [c for c in updates if c not in orphans]
    present = _present(plan, inserts, deleting)

    # Versions dropped for want of a parent count as seen, like refused ones: merging the
    # same file again must not offer them (and their parent's conflict) once more.
    ops = _history_ops(store, plan, refused + orphans, taken, deleting)
    ops += [Op("insert", "source_files", row={"sha256": sha, "data": data})
            for sha, data in plan.files.items() if store.source_file(sha) is None]
    for change in inserts:
        if change.mine is None and (tomb := store.select_one("tombstones", {"id": change.id})):
            ops.append(Op("delete", "tombstones", row=tomb))  # restored on purpose
    ops += [Op("insert", c.table, row=c.theirs) for c in _ordered(inserts)]
    for c in updates:
        diff = {k: v for k, v in c.theirs.items() if c.mine.get(k) != v}
        ops.append(Op("update", c.table, key={"id": c.id}, old={k: c.mine[k] for k in diff},
                      new=diff))
    ops += _tag_link_ops(store, plan, present)
    ops += _delete_ops(store, plan, deleting)
    stamp = now()
    # A conflict already recorded (same item, outcome and losing version) is not recorded
    # again, so merging the same copy repeatedly converges.
    recorded = {(r["item_id"], r["item_table"], r["reason"], r["kept"], r["losing_row"])
                for r in store.select("merge_conflicts")}
    for change, kept, reason in ([(c, "mine", c.reason) for c in refused]
                                 + [(c, "theirs", c.reason) for c in taken]
                                 + [(c, "mine", "parent-deleted") for c in orphans]):
        losing = change.theirs if kept == "mine" else change.mine
        losing_row = json.dumps(losing, ensure_ascii=False) if losing else None
        if (change.id, change.table, reason, kept, losing_row) in recorded:
            continue
        recorded.add((change.id, change.table, reason, kept, losing_row))
        ops.append(Op("insert", "merge_conflicts", row={
            "id": new_id(), "item_id": change.id, "item_table": change.table,
            "reason": reason, "kept": kept, "losing_row": losing_row,
            "other_file": plan.other_name, "merged": stamp, "merged_by": store.user}))
    return Edit(f"Merge {plan.other_name}", ops)


def _history_ops(store: Store, plan: MergePlan, refused: list[ItemChange],
                 taken: list[ItemChange], deleting: dict[tuple, dict]) -> list[Op]:
    """What this merge learnt: their history, and every version it saw, overruled or
    deleted (whatever the clocks say), less what this brief already knew."""
    learnt = set(plan.history)
    for c in refused:
        if c.theirs is not None:
            learnt.add((c.id, c.theirs["modified"]))
        elif c.id in plan.tombstones:
            learnt.add((c.id, deletion_entry(plan.tombstones[c.id])))
    learnt |= {(c.id, c.mine["modified"]) for c in taken + plan.changed + plan.deleted
               if c.mine is not None}
    learnt |= {(item_id, row["modified"]) for (_, item_id), row in deleting.items()}
    learnt -= store.known_versions()
    return [Op("insert", "sync_versions", row={"id": i, "modified": m})
            for i, m in sorted(learnt)]


def _ordered(changes: list[ItemChange], reverse: bool = False) -> list[ItemChange]:
    return sorted(changes, key=lambda c: SYNCED.index(c.table), reverse=reverse)


def _with_descendants(plan: MergePlan, deletes: list[ItemChange]) -> dict[tuple, dict]:
    """(table, id) -> my row, for every item deleted, with the items that refer to them."""
    out = {(c.table, c.id): c.mine for c in deletes}
    todo = list(out)
    while todo:
        table, item_id = todo.pop()
        for child, refs in plan.references.items():
            for column, parent in refs:
                if parent != table or child not in plan.mine_rows:
                    continue
                for cid, row in plan.mine_rows[child].items():
                    if row.get(column) == item_id and (child, cid) not in out:
                        out[(child, cid)] = row
                        todo.append((child, cid))
    return out


def _present(plan: MergePlan, inserts: list[ItemChange], deleting: dict) -> set[tuple]:
    have = {(t, i) for t, rows in plan.mine_rows.items() for i in rows}
    return (have - set(deleting)) | {(c.table, c.id) for c in inserts}


def _drop_orphans(plan: MergePlan, inserts: list, updates: list,
                  deleting: dict) -> list[ItemChange]:
    """Incoming versions whose parents will not exist here (they are kept in conflicts)."""
    dropped: list[ItemChange] = []
    while True:
        present = _present(plan, [c for c in inserts if c not in dropped], deleting)
        more = [c for c in inserts + updates if c not in dropped and any(
            c.theirs.get(col) and (parent, c.theirs[col]) not in present
            for col, parent in plan.references.get(c.table, []))]
        if not more:
            return dropped
        dropped += more


def _duplicate(plan: MergePlan, change: ItemChange) -> bool:
    """An evidence link both copies made independently (one claim, one highlight)."""
    if change.table != "evidence":
        return False
    pair = (change.theirs["claim_id"], change.theirs["annotation_id"])
    return any((r["claim_id"], r["annotation_id"]) == pair
               for r in plan.mine_rows["evidence"].values())


def _tag_link_ops(store: Store, plan: MergePlan, present: set[tuple]) -> list[Op]:
    """Tag links as a set both sides add to: a link either side removed stays removed.

    A removal is remembered in ``tombstones`` (see edits.tag_link_id); their removals come
    in with their tombstones, so my copy of such a link goes too.
    """
    rows = store.select("annotation_tags")
    mine = {(r["annotation_id"], r["tag_id"]) for r in rows}
    removed_here = {r["id"] for r in store.select("tombstones", {"kind": "tag_link"},
                                                  columns=["id"])}
    ops = []
    for link in plan.tag_links:
        key = (link["annotation_id"], link["tag_id"])  # tag ids already mapped to mine
        tag = key[1]
        if tag_link_id(*key) in removed_here:
            continue
        if key not in mine and ("annotations", key[0]) in present and ("tags", tag) in present:
            mine.add(key)
            ops.append(Op("insert", "annotation_tags",
                          row={"annotation_id": key[0], "tag_id": key[1]}))
    removed_there = {i for i, t in plan.tombstones.items() if t.get("kind") == "tag_link"}
    ops += [Op("delete", "annotation_tags", row=r) for r in rows
            if tag_link_id(r["annotation_id"], r["tag_id"]) in removed_there]
    return ops


def _delete_ops(store: Store, plan: MergePlan, deleting: dict) -> list[Op]:
    ops: list[Op] = []
    tombstoned = {r["id"] for r in store.select("tombstones", columns=["id"])}
    for (table, item_id), row in sorted(deleting.items(), key=lambda kv: SYNCED.index(kv[0][0]),
                                        reverse=True):
        for child, column in TABLES[table].children:
            if not TABLES[child].synced:  # tag links, merged as a set: they go with the item
                ops += [Op("delete", child, row=link)
                        for link in store.select(child, {column: item_id})]
        ops.append(Op("delete", table, row=row))
        if item_id not in tombstoned:
            tombstoned.add(item_id)
            ops.append(Op("insert", "tombstones", row=plan.tombstones.get(item_id) or {
                "id": item_id, "kind": TABLES[table].item, "deleted": now(),
                "deleted_by": store.user}))
    present = {i for rows in plan.mine_rows.values() for i in rows}
    ops += [Op("insert", "tombstones", row=t) for i, t in sorted(plan.tombstones.items())
            if i not in tombstoned and i not in present]
    return ops
