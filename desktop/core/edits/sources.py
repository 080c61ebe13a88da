"""Edits of sources: adding one, replacing its text with a new version, its details,
confirming a doubtful import, deleting it with everything that rests on it."""

from __future__ import annotations

import hashlib
import json

from .. import anchoring
from ..errors import BriefError
from ..model import Anchor, SourceInput, new_id, now
from ..store import Op, Store
from .base import Edit, as_reliability, as_text, common_columns, delete_ops, short, update_ops
from .highlights import annotation_removal_ops

SOURCE_FIELDS = ("title", "author", "outlet", "published", "url", "accessed", "reliability")


def add_source(store: Store, source: SourceInput) -> Edit:
    """Add a source with its normalised text and (if given) its original file's bytes."""
    if not source.text.strip():
        raise BriefError("the source has no text")
    ops, sha = [], None
    if source.original is not None:
        sha = hashlib.sha256(source.original).hexdigest()
        twin = store.select_one("sources", {"sha256": sha})
        if twin is not None:
            raise BriefError(f"this file is already in the brief as "
                             f"\"{twin['title'] or twin['id'][:8]}\" ({twin['id'][:8]})")
        earlier = store.select_one("source_versions", {"sha256": sha})
        if earlier is not None:
            twin = store.get("sources", earlier["source_id"])
            raise BriefError(f"this file is already in the brief as an earlier version of "
                             f"\"{twin['title'] or twin['id'][:8]}\" ({twin['id'][:8]})")
        if store.source_file(sha) is None:
            ops.append(Op("insert", "source_files", row={"sha256": sha, "data": source.original}))
    item_id = new_id()
    row = {"id": item_id, **common_columns(store),
           "title": as_text(source.title, "title"), "author": as_text(source.author, "author"),
           "outlet": source.outlet or "", "published": source.published or "",
           "url": source.url or "", "accessed": source.accessed or now()[:10],
           "reliability": as_reliability(source.reliability), "format": source.format,
           "text": source.text, "sha256": sha, "locations": json.dumps(source.locations),
           **_import_columns(store, source)}
    ops.append(Op("insert", "sources", row=row))
    return Edit(f"Add source “{short(source.title)}”", ops, item_id, list(source.warnings))


def replace_source_text(store: Store, source_id: str, source: SourceInput) -> Edit:
    """Swap in a new version of a source's text and re-anchor every highlight on it.

    The previous text (with its hash, format and location map) is kept as a row of
    ``source_versions``, so it stays recoverable after the edit as well as by undo. Each
    highlight is re-resolved with :func:`anchoring.reanchor` and gets the status it was found
    with; orphans keep their quote, note and tags and are never deleted. Metadata the
    analyst already has is kept; fields still empty are filled from the new file.
    """
    current = store.get("sources", source_id)
    if not source.text.strip():
        raise BriefError("the new version has no text")
    ops: list[Op] = []
    sha = None  # no original given: the old hash would name the wrong file
    if source.original is not None:
        sha = hashlib.sha256(source.original).hexdigest()
        if sha == current["sha256"]:
            raise BriefError("that file is the version the brief already has")
        twin = next((s for s in store.select("sources", {"sha256": sha})
                     if s["id"] != source_id), None)
        if twin is not None:
            raise BriefError(f"this file is already in the brief as another source, "
                             f"\"{twin['title'] or twin['id'][:8]}\" ({twin['id'][:8]})")
        if store.source_file(sha) is None:
            ops.append(Op("insert", "source_files", row={"sha256": sha, "data": source.original}))
    version = {"id": new_id(), **common_columns(store), "source_id": source_id,
               "text": current["text"], "sha256": current["sha256"],
               "format": current["format"], "locations": current["locations"]}
    if "line_boxes" in current:
        version["line_boxes"] = current["line_boxes"]
    ops.append(Op("insert", "source_versions", row=version))
    values = {"text": source.text, "sha256": sha, "format": source.format,
              "locations": json.dumps(source.locations), **_import_columns(store, source)}
    # Metadata the analyst set stays; only empty fields are filled from the new file.
    metadata = ("title", "author", "outlet", "published", "url")
    values.update({k: getattr(source, k) for k in metadata
                   if not current[k] and getattr(source, k)})
    ops += update_ops(store, "sources", source_id, values)
    orphans = 0
    for ann in store.select("annotations", {"source_id": source_id}, order_by=["start", "id"]):
        old = Anchor(ann["start"], ann["end"], ann["quote"], ann["prefix"], ann["suffix"])
        anchor, found = anchoring.reanchor(old, source.text)
        orphans += found.status == "orphan"
        ops += update_ops(store, "annotations", ann["id"], {
            "start": anchor.start, "end": anchor.end, "quote": anchor.quote,
            "prefix": anchor.prefix, "suffix": anchor.suffix, "status": found.status})
    warnings = list(source.warnings)
    if orphans:
        warnings.append(f"{orphans} highlight(s) could not be found in the new version; they "
                        "are kept as orphans with their quotes and notes")
    return Edit(f"Replace source “{short(current['title'])}”", ops, source_id, warnings)


def source_anchor_counts(store: Store, source_id: str) -> dict[str, int]:
    """How many of a source's highlights are exact, moved, fuzzy and orphaned."""
    counts = dict.fromkeys(("exact", "moved", "fuzzy", "orphan"), 0)
    for ann in store.select("annotations", {"source_id": source_id}, columns=["status"]):
        counts[ann["status"]] += 1
    return counts


def update_source(store: Store, source_id: str, **values) -> Edit:
    unknown = set(values) - set(SOURCE_FIELDS)
    if unknown:
        raise BriefError(f"a source has no field {sorted(unknown)[0]!r}")
    if "reliability" in values:
        values["reliability"] = as_reliability(values["reliability"])
    values = {k: as_text(v, k) if k != "reliability" else v for k, v in values.items()}
    return Edit("Edit source", update_ops(store, "sources", source_id, values), source_id)


def confirm_source(store: Store, source_id: str) -> Edit:
    """The analyst checked a source the importer doubted (e.g. a web page whose article
    looked incomplete): its import warnings are cleared."""
    source = store.get("sources", source_id)
    if not source["import_warnings"]:
        raise BriefError("the import of this source raised no doubt; there is nothing to "
                         "confirm")
    return Edit("Confirm source", update_ops(store, "sources", source_id,
                                          {"import_warnings": ""}), source_id)


def delete_source(store: Store, source_id: str) -> Edit:
    """Delete a source with its annotations and their evidence links (all restorable)."""
    source = store.get("sources", source_id)
    ops: list[Op] = []
    for ann in store.select("annotations", {"source_id": source_id}):
        ops += annotation_removal_ops(store, ann)
    versions = store.select("source_versions", {"source_id": source_id})
    for version in versions:
        ops += delete_ops(store, "source_versions", version)
    ops += delete_ops(store, "sources", source)
    for sha in sorted(({source["sha256"]} | {v["sha256"] for v in versions}) - {None}):
        # An original stays while another source, or an earlier version of one, is it.
        users = {r["id"] for r in store.select("sources", {"sha256": sha}, columns=["id"])}
        users |= {r["source_id"] for r in store.select("source_versions", {"sha256": sha},
                                                       columns=["source_id"])}
        data = store.source_file(sha)
        if data is not None and users <= {source_id}:
            ops.append(Op("delete", "source_files", row={"sha256": sha, "data": data}))
    return Edit(f"Delete source “{short(source['title'])}”", ops, source_id)


def _import_columns(store: Store, source: SourceInput) -> dict:
    """The importer's doubts about a source (one a line, kept until the analyst checks it)
    and a PDF's line boxes, for the columns the file has (fixtures of older versions are
    made with today's edits)."""
    values = {"import_warnings": "\n".join(" ".join(str(w).split()) for w in source.warnings),
              "line_boxes": json.dumps(source.boxes, separators=(",", ":"))
              if source.boxes else ""}
    return {k: v for k, v in values.items() if k in store.columns("sources")}
