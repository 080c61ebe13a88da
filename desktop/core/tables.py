"""The one registry of a brief's tables: what each holds and how the rest of the app treats it.

The store (which tables it reads and writes, their keys, what a missing row is called), the
merge (which tables it matches by id, in what order, what a deletion is remembered as),
:class:`~desktop.core.changes.Changes` (which views a write concerns) and the CLI's messages
all read it here. ``tests/core/test_tables.py`` checks it against the schema of a real brief:
every table is registered or is the store's own (the search index, the migrations'
table), every key column exists, and the cascades are the schema's ``ON DELETE CASCADE``
references.

A new table is added here, with its migration (``store/schema.py``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    """One table of a brief.

    ``kind`` is the kind of data views think of its rows as (a :class:`Changes` kind; None
    for bookkeeping no view shows); ``item`` is what a row is called in the file itself
    (``tombstones.kind``, ``search.kind``); ``singular`` what it is called in messages.
    ``children`` are the (table, column) pairs whose rows refer to a row of this one and
    are deleted with it. A ``synced`` table holds items the user makes: rows with the
    common columns (id, created, modified, created_by), matched by id when copies merge and
    recorded in the merge history; a ``singleton`` has exactly one row per brief.
    """

    name: str
    kind: str | None
    item: str
    singular: str
    keys: tuple[str, ...] = ("id",)
    children: tuple[tuple[str, str], ...] = ()
    synced: bool = False
    singleton: bool = False


# Synced tables come parents first: a merge inserts in this order and deletes in reverse.
_REGISTRY = (
    Table("brief", "brief", "brief", "brief details", synced=True, singleton=True),
    Table("memo", "memo", "memo", "memo header", synced=True, singleton=True),
    Table("sources", "sources", "source", "source", synced=True,
          children=(("annotations", "source_id"), ("source_versions", "source_id"))),
    Table("source_versions", "sources", "source_version", "source version", synced=True),
    Table("annotations", "annotations", "annotation", "annotation", synced=True,
          children=(("evidence", "annotation_id"), ("annotation_tags", "annotation_id"))),
    Table("tags", "tags", "tag", "tag", synced=True,
          children=(("annotation_tags", "tag_id"),)),
    Table("claims", "claims", "claim", "claim", synced=True,
          children=(("evidence", "claim_id"), ("memo_blocks", "claim_id"))),
    Table("evidence", "evidence", "evidence", "evidence link", synced=True),
    Table("memo_sections", "memo", "memo_section", "memo section", synced=True,
          children=(("memo_blocks", "section_id"),)),
    Table("memo_blocks", "memo", "memo_block", "memo block", synced=True),
    Table("exports", "reviews", "export", "export", synced=True),
    Table("reviews", "reviews", "review", "review", synced=True,
          children=(("review_items", "review_id"),)),
    Table("review_items", "reviews", "review_item", "review item", synced=True),
    # Merged as a set of links (see merge_ops.py); a removed link is remembered by
    # edits.tag_link_id in tombstones, under this item name.
    Table("annotation_tags", "annotations", "tag_link", "tag link",
          keys=("annotation_id", "tag_id")),
    Table("source_files", "sources", "source_file", "original file", keys=("sha256",)),
    # The merge's bookkeeping (see merge.py): no view shows it.
    Table("tombstones", None, "tombstone", "deletion record"),
    Table("sync_versions", None, "sync_version", "item version", keys=("id", "modified")),
    Table("merge_conflicts", None, "merge_conflict", "merge conflict"),
)

TABLES: dict[str, Table] = {t.name: t for t in _REGISTRY}

# Tables of items the user makes, parents first (the order a merge inserts in).
SYNCED = tuple(t.name for t in _REGISTRY if t.synced)
# Exactly one row per brief (the opening checks insist): a merge matches them by table.
SINGLETONS = tuple(t.name for t in _REGISTRY if t.singleton)
# Every kind of data a view can be told changed.
KINDS = frozenset(t.kind for t in _REGISTRY if t.kind is not None)


def table(name: str) -> Table:
    """The registered table ``name``; ValueError for any other (a stranger's, a typo)."""
    try:
        return TABLES[name]
    except KeyError:
        raise ValueError(f"unknown table {name!r}") from None


def references() -> dict[str, list[tuple[str, str]]]:
    """For each table with references: its (column, parent table) pairs."""
    out: dict[str, list[tuple[str, str]]] = {}
    for parent in _REGISTRY:
        for child, column in parent.children:
            out.setdefault(child, []).append((column, parent.name))
    return out
