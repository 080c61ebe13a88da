"""Merging two copies of one brief: items are matched by UUID.

How "changed on one side" is told from "changed on both" without a common ancestor file:
every brief keeps its items' history in ``sync_versions`` — each (id, modified) version
an edit superseded or deleted, plus the history learnt from earlier merges. The table
lives inside the file, so a copy mailed as a plain file carries it too. For an item whose
versions differ, mine M and theirs T:

* T is in my history and M is not in theirs: I changed it since; keep mine.
* M is in their history and T is not in mine: they changed it; take theirs.
* neither (or both): both changed it independently — a conflict.

Deletions are tombstones: an item deleted here whose other version T is in my history
stays deleted; if T is new to me, the other copy changed it after I saw it — a conflict
(and symmetrically for their deletions). ``modified`` timestamps are compared only for
equality, so clocks that disagree between laptops do not matter.

Merging records what it learnt (their history, and the versions it overruled) in my
``sync_versions`` within the same undoable :class:`Edit`, so merging the same file twice
changes nothing the second time, and undoing a merge forgets it completely. The losing
version of every conflict is kept as JSON in ``merge_conflicts``.

:func:`plan_merge` only reads; :func:`merge_edit` turns a plan and the user's choices into
one :class:`Edit` (built in ``merge_ops.py``: parents inserted first, children deleted
first).
"""

from __future__ import annotations

from typing import NamedTuple

from .errors import BriefError
from .merge_plan import ItemChange, MergePlan, deletion_entry
from .progress import CancelCheck, Progress, Steps
from .store import Store
from .tables import SINGLETONS, SYNCED, TABLES, references

# How many items are compared between two looks at ``cancelled()``.
_CANCEL_EVERY = 2_000


def plan_merge(store: Store, other: Store, progress: Progress | None = None,
               cancelled: CancelCheck | None = None) -> MergePlan:
    """Compare ``other`` (a copy of the same brief, opened read-only) with ``store``.

    Only reads. ``progress(done, total)`` is told as tables are read and compared;
    when ``cancelled()`` answers True, :class:`~desktop.core.errors.Cancelled` is raised
    (see :mod:`desktop.core.progress`).
    """
    steps = Steps(2 * len(SYNCED) + 2, progress, cancelled)
    _refuse_unmergeable(store, other)
    plan = MergePlan(_name(other), references=references())
    seen = _Histories(store.known_versions(), other.known_versions(),
                      _rows(store, "tombstones"), _rows(other, "tombstones"))
    theirs_rows = _read_both(store, other, plan, steps)
    _refuse_colliding_ids(plan.mine_rows, theirs_rows, plan.other_name)
    for table in SYNCED:
        mine, theirs = plan.mine_rows[table], theirs_rows[table]
        for n, item_id in enumerate(sorted(mine.keys() | theirs.keys()), start=1):
            if n % _CANCEL_EVERY == 0:
                steps.check()
            _compare_item(plan, seen, table, item_id, mine.get(item_id), theirs.get(item_id))
        steps()
    _match_tags(plan)
    _guard_references(plan, seen.tomb_mine, theirs_rows, seen.tomb_theirs, seen.known_mine)
    steps()
    _carry_the_rest(plan, store, other, seen)
    steps()
    return plan


class _Histories(NamedTuple):
    """What each copy has seen: its known versions and its tombstones."""

    known_mine: set[tuple[str, str]]
    known_theirs: set[tuple[str, str]]
    tomb_mine: dict[str, dict]
    tomb_theirs: dict[str, dict]


def _refuse_unmergeable(store: Store, other: Store) -> None:
    """A newer file, the brief itself, or another brief is refused before any reading."""
    if other.newer:
        raise BriefError(f"{_name(other)} was made by a newer version of Briefing Builder; "
                         "update before merging it")
    if store.path is not None and other.path is not None and \
            store.path.resolve() == other.path.resolve():
        raise BriefError("a brief cannot be merged with itself")
    if store.brief()["id"] != other.brief()["id"]:
        raise BriefError(f"{_name(other)} is not a copy of this brief (a different brief id); "
                         "only copies of one brief can be merged")


def _read_both(store: Store, other: Store, plan: MergePlan, steps) -> dict[str, dict[str, dict]]:
    """Every synced table of both copies by id: mine into ``plan.mine_rows``, theirs
    (in my columns) returned."""
    theirs_rows: dict[str, dict[str, dict]] = {}
    for table in SYNCED:
        mine, theirs = _rows(store, table), _rows(other, table, store.columns(table))
        if table in SINGLETONS:  # one per brief whatever its id: theirs is mine
            theirs = {i: {**row, "id": i} for i in mine for row in theirs.values()}
        plan.mine_rows[table], theirs_rows[table] = mine, theirs
        steps()
    return theirs_rows


def _compare_item(plan: MergePlan, seen: _Histories, table: str, item_id: str,
                  m: dict | None, t: dict | None) -> None:
    """Sort one item into kept, changed, added, deleted or a conflict (module docstring)."""
    known_mine, known_theirs = seen.known_mine, seen.known_theirs
    tomb_mine, tomb_theirs = seen.tomb_mine, seen.tomb_theirs
    if m is not None and t is not None:
        if m["modified"] == t["modified"]:
            return
        t_seen = (item_id, t["modified"]) in known_mine
        m_seen = (item_id, m["modified"]) in known_theirs
        if t_seen and not m_seen:
            plan.kept += 1
        elif m_seen and not t_seen:
            plan.changed.append(ItemChange(table, item_id, m, t))
        else:
            plan.conflicts.append(ItemChange(table, item_id, m, t, "changed-both"))
    elif t is not None:
        if (item_id, t["modified"]) in known_mine:
            return  # this version came in before and was set aside (a conflict)
        if item_id not in tomb_mine or \
                (item_id, deletion_entry(tomb_mine[item_id])) in known_theirs:
            # new there, or they saw my deletion and kept the item (resolved there)
            plan.added.append(ItemChange(table, item_id, None, t))
        elif (item_id, t["modified"]) not in known_mine:
            plan.conflicts.append(ItemChange(table, item_id, None, t, "deleted-here"))
    elif m is not None and item_id in tomb_theirs:
        if (item_id, m["modified"]) in known_theirs:
            plan.deleted.append(ItemChange(table, item_id, m, None))
        elif (item_id, deletion_entry(tomb_theirs[item_id])) not in known_mine:
            plan.conflicts.append(ItemChange(table, item_id, m, None, "deleted-there"))


def _carry_the_rest(plan: MergePlan, store: Store, other: Store, seen: _Histories) -> None:
    """Their tag links, tombstones and history new to me, and the files of their sources."""
    mine_links = {(r["annotation_id"], r["tag_id"]) for r in store.select("annotation_tags")}
    for link in other.select("annotation_tags"):
        tag = plan.tag_ids.get(link["tag_id"], link["tag_id"])
        if (link["annotation_id"], tag) not in mine_links:
            plan.tag_links.append({"annotation_id": link["annotation_id"], "tag_id": tag})
    plan.tombstones = {k: v for k, v in seen.tomb_theirs.items() if k not in seen.tomb_mine}
    plan.history = seen.known_theirs - seen.known_mine
    for change in plan.added + plan.changed + plan.conflicts:
        sha = (change.theirs or {}).get("sha256") if change.table == "sources" else None
        if sha and store.source_file(sha) is None and other.source_file(sha) is not None:
            plan.files[sha] = other.source_file(sha)


def _refuse_colliding_ids(mine: dict[str, dict], theirs: dict[str, dict], other: str) -> None:
    """One id names one item: an id used in two tables (in either copy, or across them)
    would make the merged brief ambiguous (its search index, history and conflicts are
    keyed by id), so such a copy is refused before anything changes."""
    seen: dict[str, str] = {}
    for side in (mine, theirs):
        for table, rows in side.items():
            for item_id in rows:
                if seen.setdefault(item_id, table) != table:
                    raise BriefError(
                        f"{other} cannot be merged: the id {item_id[:8]} names both a "
                        f"{TABLES[seen[item_id]].singular} and a {TABLES[table].singular}; such a copy was "
                        "not made by Briefing Builder")


def _rows(store: Store, table: str, columns=None) -> dict[str, dict]:
    if not store.has_table(table):  # an older copy, opened read-only, lacks newer tables
        return {}
    if columns is not None:
        columns = [c for c in columns if c in store.columns(table)]
    return {r["id"]: r for r in store.select(table, columns=columns)}


def _match_tags(plan: MergePlan) -> None:
    """A tag added on both sides under one name is one tag (names are unique)."""
    by_name = {t["name"].casefold(): i for i, t in plan.mine_rows["tags"].items()}
    for change in list(plan.added):
        if change.table == "tags" and change.theirs["name"].casefold() in by_name:
            plan.tag_ids[change.id] = by_name[change.theirs["name"].casefold()]
            plan.added.remove(change)


def _guard_references(plan: MergePlan, tomb_mine: dict, theirs_rows: dict,
                      tomb_theirs: dict, known_mine: set) -> None:
    """Turn silent losses through references into conflicts the user decides.

    Their new or changed item under a parent deleted here makes that deletion a conflict;
    their deletion of a parent that my surviving items still use does too, unless an
    earlier merge already put that deletion to me and I kept the item (it is in my
    history), so merging the same copy again converges.
    """
    incoming = [c for c in plan.added + plan.changed + plan.conflicts if c.theirs]
    seen = {(c.table, c.id) for c in plan.conflicts}
    while incoming:
        change = incoming.pop()
        for column, parent in plan.references.get(change.table, []):
            pid = change.theirs.get(column)
            if pid and pid in tomb_mine and pid not in plan.mine_rows[parent] and \
                    (parent, pid) not in seen and pid in theirs_rows[parent]:
                new = ItemChange(parent, pid, None, theirs_rows[parent][pid], "deleted-here")
                plan.conflicts.append(new)
                seen.add((parent, pid))
                incoming.append(new)
    deleting = {c.id for c in plan.deleted}
    for change in list(plan.deleted):
        if any(child not in deleting for child in _children(plan, change.table, change.id)):
            plan.deleted.remove(change)
            if (change.id, deletion_entry(tomb_theirs[change.id])) in known_mine:
                plan.kept += 1  # decided before: kept here
                continue
            plan.conflicts.append(ItemChange(change.table, change.id, change.mine, None,
                                             "deleted-there"))


def _children(plan: MergePlan, table: str, item_id: str) -> list[str]:
    return [cid for child, refs in plan.references.items() if child in plan.mine_rows
            for column, parent in refs if parent == table
            for cid, row in plan.mine_rows[child].items() if row.get(column) == item_id]


def _name(store: Store) -> str:
    return store.path.name if store.path is not None else "the other brief"


def merge_edit(store: Store, plan: MergePlan, choices: dict[str, str] | None = None):
    """One undoable Edit carrying out ``plan``; see :func:`merge_ops.merge_edit`."""
    from .merge_ops import merge_edit as build  # built there, to keep each module small

    return build(store, plan, choices)
