"""Edits of highlights (annotations) and their tags."""

from __future__ import annotations

from collections.abc import Iterable

from .. import anchoring, tag_colours
from ..errors import BriefError
from ..model import new_id, now
from ..store import Op, Store
from .base import Edit, as_credibility, as_text, common_columns, delete_ops, short, update_ops


def add_annotation(store: Store, source_id: str, start: int, end: int, *, note: str = "",
                   color: str = "", credibility=None, tags: Iterable[str] = ()) -> Edit:
    """Highlight ``text[start:end]`` (code points) of a source."""
    text = store.get("sources", source_id)["text"]
    if not (0 <= start < end <= len(text)) or not text[start:end].strip():
        raise BriefError("select some text of the source to highlight")
    anchor = anchoring.make_anchor(text, start, end)
    item_id = new_id()
    row = {"id": item_id, **common_columns(store), "source_id": source_id, "start": anchor.start,
           "end": anchor.end, "quote": anchor.quote, "prefix": anchor.prefix,
           "suffix": anchor.suffix, "status": "exact", "note": as_text(note, "note"),
           "color": color or "", "credibility": as_credibility(credibility)}
    ops = [Op("insert", "annotations", row=row)] + _tag_ops(store, item_id, tags, [])
    return Edit(f"Highlight “{short(anchor.quote)}”", ops, item_id)


def update_annotation(store: Store, annotation_id: str, **values) -> Edit:
    allowed = {"note", "color", "credibility"}
    if set(values) - allowed:
        raise BriefError(f"an annotation has no field {sorted(set(values) - allowed)[0]!r}")
    if "credibility" in values:
        values["credibility"] = as_credibility(values["credibility"])
    return Edit("Edit highlight", update_ops(store, "annotations", annotation_id, values),
                annotation_id)


def reattach_annotation(store: Store, annotation_id: str, start: int, end: int) -> Edit:
    """Anchor a (typically orphaned) highlight to a new selection of its source's text."""
    ann = store.get("annotations", annotation_id)
    text = store.get("sources", ann["source_id"])["text"]
    if not (0 <= start < end <= len(text)) or not text[start:end].strip():
        raise BriefError("select some text of the source to attach the highlight to")
    anchor = anchoring.make_anchor(text, start, end)
    values = {"start": anchor.start, "end": anchor.end, "quote": anchor.quote,
              "prefix": anchor.prefix, "suffix": anchor.suffix, "status": "exact"}
    return Edit("Re-attach highlight", update_ops(store, "annotations", annotation_id, values),
                annotation_id)


def confirm_annotation(store: Store, annotation_id: str) -> Edit:
    """The analyst checked a highlight whose words changed when its source was replaced
    (status "fuzzy") and keeps it as it now reads: its status becomes "exact"."""
    ann = store.get("annotations", annotation_id)
    if ann["status"] != "fuzzy":
        raise BriefError("this highlight's text did not change; there is nothing to confirm")
    return Edit("Confirm highlight", update_ops(store, "annotations", annotation_id,
                                             {"status": "exact"}), annotation_id)


def delete_annotation(store: Store, annotation_id: str) -> Edit:
    ann = store.get("annotations", annotation_id)
    return Edit(f"Delete highlight “{short(ann['quote'])}”",
                annotation_removal_ops(store, ann), annotation_id)


def annotation_removal_ops(store: Store, ann: dict) -> list[Op]:
    ops: list[Op] = []
    for link in store.select("evidence", {"annotation_id": ann["id"]}):
        ops += delete_ops(store, "evidence", link)
    ops += [Op("delete", "annotation_tags", row=t)
            for t in store.select("annotation_tags", {"annotation_id": ann["id"]})]
    return ops + delete_ops(store, "annotations", ann)


def set_annotation_tags(store: Store, annotation_id: str, names: Iterable[str]) -> Edit:
    """Make the highlight's tags exactly ``names`` (new tag names create tags)."""
    store.get("annotations", annotation_id)
    current = store.select("annotation_tags", {"annotation_id": annotation_id})
    return Edit("Tag highlight", _tag_ops(store, annotation_id, names, current), annotation_id)


def _tag_ops(store: Store, annotation_id: str, names: Iterable[str],
             current: list[dict]) -> list[Op]:
    wanted: dict[str, str] = {}
    for name in names:
        name = " ".join(str(name).split())
        if name:
            wanted.setdefault(name.casefold(), name)
    ops: list[Op] = []
    keep = set()
    tags = store.select("tags")
    colours = list(tag_colours.effective_colours(tags).values())
    for folded, name in wanted.items():
        existing = [t for t in tags if t["name"].casefold() == folded]
        if existing:
            tag_id = existing[0]["id"]
        else:
            tag_id = new_id()
            colour = tag_colours.next_colour(colours)  # the palette colour fewest tags use
            colours.append(colour)
            ops.append(Op("insert", "tags", row={"id": tag_id, **common_columns(store), "name": name,
                                                 "color": colour}))
        keep.add(tag_id)
        if not any(link["tag_id"] == tag_id for link in current):
            ops.append(Op("insert", "annotation_tags",
                          row={"annotation_id": annotation_id, "tag_id": tag_id}))
            removed = store.select_one("tombstones", {"id": tag_link_id(annotation_id, tag_id)})
            if removed:  # tagged again: the earlier removal no longer holds
                ops.append(Op("delete", "tombstones", row=removed))
    for link in current:
        if link["tag_id"] not in keep:
            # Remembered like a deleted item, so merging a copy that still has the tag
            # does not put it back.
            ops += [Op("delete", "annotation_tags", row=link),
                    Op("insert", "tombstones", row={
                        "id": tag_link_id(link["annotation_id"], link["tag_id"]),
                        "kind": "tag_link", "deleted": now(), "deleted_by": store.user})]
    return ops


def tag_link_id(annotation_id: str, tag_id: str) -> str:
    """The id a removed tag link is remembered by in ``tombstones``."""
    return f"{annotation_id}:{tag_id}"


def set_tag_colour(store: Store, tag_id: str, colour: str) -> Edit:
    """Show the tag's highlights in ``colour`` (``#rrggbb``)."""
    tag = store.get("tags", tag_id)
    colour = str(colour or "").strip().lower()
    if not tag_colours.is_colour(colour):
        raise BriefError(f"not a colour: {colour!r} (expected #rrggbb)")
    return Edit(f"Colour of tag “{short(tag['name'])}”",
                update_ops(store, "tags", tag_id, {"color": colour}), tag_id)
