"""Reversible edits: every change a user can make to a brief.

Each factory below reads what it needs from the store *when it is called*, validates the
input (raising :class:`BriefError` before anything is written) and returns an :class:`Edit`:
a list of row operations captured with their old and new values. ``apply`` runs them in one
transaction, ``revert`` runs their inverses in reverse order in one transaction, and both
return the :class:`Changes` they made. The app's undo commands are thin wrappers around
these; the CLI calls ``apply`` directly.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from . import anchoring, tag_colours
from .changes import Changes
from .errors import BriefError
from .model import (CONFIDENCE, CREDIBILITY, MEMO_HEADER_FIELDS, RELIABILITY, STANCES,
                    Anchor, SourceInput, new_id, normalise_likelihood, now)
from .store import Op, Store
from .store.schema import ITEM_TABLES

SOURCE_FIELDS = ("title", "author", "outlet", "published", "url", "accessed", "reliability")


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


# ------------------------------------------------------------------------------ helpers
def _stamp(store: Store) -> dict:
    t = now()
    return {"created": t, "modified": t, "created_by": store.user}


def _superseded(store: Store, table: str, row: dict, modified: str | None = None) -> list[Op]:
    """Record in the merge history that ``row``'s version is superseded or deleted.

    An explicit op, written whatever the clocks say (merge.py compares stamps only for
    equality), and skipped when the history already has it, so undo forgets exactly what
    the edit added. ``modified`` is the new stamp of an update (no change, no record).
    """
    old = row.get("modified")
    if (table not in ITEM_TABLES or not old or old == modified
            or not store.keeps_history() or store.knows_version(row["id"], old)):
        return []
    return [Op("insert", "sync_versions", row={"id": row["id"], "modified": old})]


def _update(store: Store, table: str, item_id: str, values: dict) -> list[Op]:
    """An update op for the columns that really change (plus ``modified``)."""
    row = store.get(table, item_id)
    changed = {k: v for k, v in values.items() if row[k] != v}
    if not changed:
        return []
    changed["modified"] = now()
    return [Op("update", table, key={"id": item_id}, old={k: row[k] for k in changed},
               new=changed)] + _superseded(store, table, row, changed["modified"])


def _delete(store: Store, table: str, row: dict, kind: str) -> list[Op]:
    """Delete ``row`` and remember the deletion so a merge cannot bring it back."""
    return [Op("delete", table, row=row),
            Op("insert", "tombstones", row={"id": row["id"], "kind": kind,
                                            "deleted": now(), "deleted_by": store.user}),
            *_superseded(store, table, row)]


def _text(value: str | None, what: str, *, required: bool = False) -> str:
    value = "" if value is None else str(value)
    if required and not value.strip():
        raise BriefError(f"{what} cannot be empty")
    return value


def _reliability(value: str | None) -> str | None:
    """A reliability letter A-F, or None for "not graded" (None or a blank value)."""
    grade = (value or "").strip().upper()
    if not grade:
        return None
    if grade not in RELIABILITY:
        raise BriefError(f"reliability must be one of A-F (or empty for not graded), "
                         f"not {value!r}")
    return grade


def _credibility(value) -> int | None:
    if value is None or value == "":
        return None
    try:
        grade = int(value)
    except (TypeError, ValueError):
        grade = 0
    if grade not in CREDIBILITY:
        raise BriefError(f"credibility must be 1-6, not {value!r}")
    return grade


def _likelihood(value: str | None) -> str | None:
    try:
        return normalise_likelihood(value)
    except ValueError as exc:
        raise BriefError(str(exc)) from None


def _confidence(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    level = value.strip().lower()
    if level not in CONFIDENCE:
        raise BriefError(f"confidence must be low, moderate or high, not {value!r}")
    return level


def _stance(value: str) -> str:
    stance = (value or "").strip().lower()
    if stance not in STANCES:
        raise BriefError(f"stance must be supports, contradicts or context, not {value!r}")
    return stance


def _place(store: Store, table: str, row: dict, position: int, stamp: str) -> list[Op]:
    """Move ``row`` to ``position``; the ``modified`` bump lets a merge carry the new order."""
    return [Op("update", table, key={"id": row["id"]},
               old={"position": row["position"], "modified": row["modified"]},
               new={"position": position, "modified": stamp}),
            *_superseded(store, table, row, stamp)]


def _renumber(store: Store, table: str, ordered: list[dict], first: int = 0) -> list[Op]:
    """Updates giving ``ordered`` rows positions first, first+1, …, skipping those already right."""
    stamp = now()
    return [op for i, r in enumerate(ordered) if r["position"] != first + i
            for op in _place(store, table, r, first + i, stamp)]


# ---------------------------------------------------------------------------- the brief
def set_brief(store: Store, *, title: str | None = None, author: str | None = None) -> Edit:
    values = {k: v for k, v in (("title", title), ("author", author)) if v is not None}
    return Edit("Edit brief details", _update(store, "brief", store.brief()["id"], values))


# ------------------------------------------------------------------------------ sources
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
    row = {"id": item_id, **_stamp(store),
           "title": _text(source.title, "title"), "author": _text(source.author, "author"),
           "outlet": source.outlet or "", "published": source.published or "",
           "url": source.url or "", "accessed": source.accessed or now()[:10],
           "reliability": _reliability(source.reliability), "format": source.format,
           "text": source.text, "sha256": sha, "locations": json.dumps(source.locations),
           **_import_columns(store, source)}
    ops.append(Op("insert", "sources", row=row))
    return Edit(f"Add source “{_short(source.title)}”", ops, item_id, list(source.warnings))


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
    version = {"id": new_id(), **_stamp(store), "source_id": source_id,
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
    ops += _update(store, "sources", source_id, values)
    orphans = 0
    for ann in store.select("annotations", {"source_id": source_id}, order_by=["start", "id"]):
        old = Anchor(ann["start"], ann["end"], ann["quote"], ann["prefix"], ann["suffix"])
        anchor, found = anchoring.reanchor(old, source.text)
        orphans += found.status == "orphan"
        ops += _update(store, "annotations", ann["id"], {
            "start": anchor.start, "end": anchor.end, "quote": anchor.quote,
            "prefix": anchor.prefix, "suffix": anchor.suffix, "status": found.status})
    warnings = list(source.warnings)
    if orphans:
        warnings.append(f"{orphans} highlight(s) could not be found in the new version; they "
                        "are kept as orphans with their quotes and notes")
    return Edit(f"Replace source “{_short(current['title'])}”", ops, source_id, warnings)


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
        values["reliability"] = _reliability(values["reliability"])
    values = {k: _text(v, k) if k != "reliability" else v for k, v in values.items()}
    return Edit("Edit source", _update(store, "sources", source_id, values), source_id)


def delete_source(store: Store, source_id: str) -> Edit:
    """Delete a source with its annotations and their evidence links (all restorable)."""
    source = store.get("sources", source_id)
    ops: list[Op] = []
    for ann in store.select("annotations", {"source_id": source_id}):
        ops += _annotation_removal(store, ann)
    versions = store.select("source_versions", {"source_id": source_id})
    for version in versions:
        ops += _delete(store, "source_versions", version, "source_version")
    ops += _delete(store, "sources", source, "source")
    for sha in sorted(({source["sha256"]} | {v["sha256"] for v in versions}) - {None}):
        # An original stays while another source, or an earlier version of one, is it.
        users = {r["id"] for r in store.select("sources", {"sha256": sha}, columns=["id"])}
        users |= {r["source_id"] for r in store.select("source_versions", {"sha256": sha},
                                                       columns=["source_id"])}
        data = store.source_file(sha)
        if data is not None and users <= {source_id}:
            ops.append(Op("delete", "source_files", row={"sha256": sha, "data": data}))
    return Edit(f"Delete source “{_short(source['title'])}”", ops, source_id)


# -------------------------------------------------------------------------- annotations
def add_annotation(store: Store, source_id: str, start: int, end: int, *, note: str = "",
                   color: str = "", credibility=None, tags: Iterable[str] = ()) -> Edit:
    """Highlight ``text[start:end]`` (code points) of a source."""
    text = store.get("sources", source_id)["text"]
    if not (0 <= start < end <= len(text)) or not text[start:end].strip():
        raise BriefError("select some text of the source to highlight")
    anchor = anchoring.make_anchor(text, start, end)
    item_id = new_id()
    row = {"id": item_id, **_stamp(store), "source_id": source_id, "start": anchor.start,
           "end": anchor.end, "quote": anchor.quote, "prefix": anchor.prefix,
           "suffix": anchor.suffix, "status": "exact", "note": _text(note, "note"),
           "color": color or "", "credibility": _credibility(credibility)}
    ops = [Op("insert", "annotations", row=row)] + _tag_ops(store, item_id, tags, [])
    return Edit(f"Highlight “{_short(anchor.quote)}”", ops, item_id)


def update_annotation(store: Store, annotation_id: str, **values) -> Edit:
    allowed = {"note", "color", "credibility"}
    if set(values) - allowed:
        raise BriefError(f"an annotation has no field {sorted(set(values) - allowed)[0]!r}")
    if "credibility" in values:
        values["credibility"] = _credibility(values["credibility"])
    return Edit("Edit highlight", _update(store, "annotations", annotation_id, values),
                annotation_id)


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
            ops.append(Op("insert", "tags", row={"id": tag_id, **_stamp(store), "name": name,
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


def set_tag_colour(store: Store, tag_id: str, colour: str) -> Edit:
    """Show the tag's highlights in ``colour`` (``#rrggbb``)."""
    tag = store.get("tags", tag_id)
    colour = str(colour or "").strip().lower()
    if not tag_colours.is_colour(colour):
        raise BriefError(f"not a colour: {colour!r} (expected #rrggbb)")
    return Edit(f"Colour of tag “{_short(tag['name'])}”",
                _update(store, "tags", tag_id, {"color": colour}), tag_id)


def tag_link_id(annotation_id: str, tag_id: str) -> str:
    """The id a removed tag link is remembered by in ``tombstones``."""
    return f"{annotation_id}:{tag_id}"


def reattach_annotation(store: Store, annotation_id: str, start: int, end: int) -> Edit:
    """Anchor a (typically orphaned) highlight to a new selection of its source's text."""
    ann = store.get("annotations", annotation_id)
    text = store.get("sources", ann["source_id"])["text"]
    if not (0 <= start < end <= len(text)) or not text[start:end].strip():
        raise BriefError("select some text of the source to attach the highlight to")
    anchor = anchoring.make_anchor(text, start, end)
    values = {"start": anchor.start, "end": anchor.end, "quote": anchor.quote,
              "prefix": anchor.prefix, "suffix": anchor.suffix, "status": "exact"}
    return Edit("Re-attach highlight", _update(store, "annotations", annotation_id, values),
                annotation_id)


def _import_columns(store: Store, source: SourceInput) -> dict:
    """The importer's doubts about a source (one a line, kept until the analyst checks it)
    and a PDF's line boxes, for the columns the file has (fixtures of older versions are
    made with today's edits)."""
    values = {"import_warnings": "\n".join(" ".join(str(w).split()) for w in source.warnings),
              "line_boxes": json.dumps(source.boxes, separators=(",", ":"))
              if source.boxes else ""}
    return {k: v for k, v in values.items() if k in store.columns("sources")}


def confirm_source(store: Store, source_id: str) -> Edit:
    """The analyst checked a source the importer doubted (e.g. a web page whose article
    looked incomplete): its import warnings are cleared."""
    source = store.get("sources", source_id)
    if not source["import_warnings"]:
        raise BriefError("the import of this source raised no doubt; there is nothing to "
                         "confirm")
    return Edit("Confirm source", _update(store, "sources", source_id,
                                          {"import_warnings": ""}), source_id)


def confirm_annotation(store: Store, annotation_id: str) -> Edit:
    """The analyst checked a highlight whose words changed when its source was replaced
    (status "fuzzy") and keeps it as it now reads: its status becomes "exact"."""
    ann = store.get("annotations", annotation_id)
    if ann["status"] != "fuzzy":
        raise BriefError("this highlight's text did not change; there is nothing to confirm")
    return Edit("Confirm highlight", _update(store, "annotations", annotation_id,
                                             {"status": "exact"}), annotation_id)


def delete_annotation(store: Store, annotation_id: str) -> Edit:
    ann = store.get("annotations", annotation_id)
    return Edit(f"Delete highlight “{_short(ann['quote'])}”",
                _annotation_removal(store, ann), annotation_id)


def _annotation_removal(store: Store, ann: dict) -> list[Op]:
    ops: list[Op] = []
    for link in store.select("evidence", {"annotation_id": ann["id"]}):
        ops += _delete(store, "evidence", link, "evidence")
    ops += [Op("delete", "annotation_tags", row=t)
            for t in store.select("annotation_tags", {"annotation_id": ann["id"]})]
    return ops + _delete(store, "annotations", ann, "annotation")


# ------------------------------------------------------------------------------- claims
def add_claim(store: Store, statement: str, *, likelihood: str | None = None,
              confidence: str | None = None, section_id: str | None = None) -> Edit:
    """A new claim, optionally placed at the end of a memo section in the same step."""
    item_id = new_id()
    row = {"id": item_id, **_stamp(store),
           "statement": _text(statement, "the claim", required=True).strip(),
           "likelihood": _likelihood(likelihood), "confidence": _confidence(confidence)}
    ops = [Op("insert", "claims", row=row)]
    if section_id is not None:
        ops += _new_block_ops(store, section_id, "claim", "", item_id, None)
    return Edit(f"Add claim “{_short(statement)}”", ops, item_id)


def update_claim(store: Store, claim_id: str, **values) -> Edit:
    allowed = {"statement", "likelihood", "confidence"}
    if set(values) - allowed:
        raise BriefError(f"a claim has no field {sorted(set(values) - allowed)[0]!r}")
    if "statement" in values:
        values["statement"] = _text(values["statement"], "the claim", required=True).strip()
    if "likelihood" in values:
        values["likelihood"] = _likelihood(values["likelihood"])
    if "confidence" in values:
        values["confidence"] = _confidence(values["confidence"])
    return Edit("Edit claim", _update(store, "claims", claim_id, values), claim_id)


def delete_claim(store: Store, claim_id: str) -> Edit:
    """Delete a claim, its evidence links and its places in the memo (all restorable)."""
    claim = store.get("claims", claim_id)
    ops: list[Op] = []
    for link in store.select("evidence", {"claim_id": claim_id}):
        ops += _delete(store, "evidence", link, "evidence")
    for block in store.select("memo_blocks", {"claim_id": claim_id}):
        ops += _delete(store, "memo_blocks", block, "memo_block")
    ops += _delete(store, "claims", claim, "claim")
    return Edit(f"Delete claim “{_short(claim['statement'])}”", ops, claim_id)


# ----------------------------------------------------------------------------- evidence
def link_evidence(store: Store, claim_id: str, annotation_id: str, *,
                  stance: str = "supports", note: str = "") -> Edit:
    store.get("claims", claim_id)
    store.get("annotations", annotation_id)
    if store.select_one("evidence", {"claim_id": claim_id, "annotation_id": annotation_id}):
        raise BriefError("that highlight is already evidence for this claim")
    item_id = new_id()
    row = {"id": item_id, **_stamp(store), "claim_id": claim_id,
           "annotation_id": annotation_id, "stance": _stance(stance), "note": note or ""}
    return Edit("Link evidence", [Op("insert", "evidence", row=row)], item_id)


def update_evidence(store: Store, evidence_id: str, **values) -> Edit:
    if set(values) - {"stance", "note"}:
        raise BriefError("an evidence link has only a stance and a note")
    if "stance" in values:
        values["stance"] = _stance(values["stance"])
    return Edit("Edit evidence", _update(store, "evidence", evidence_id, values), evidence_id)


def unlink_evidence(store: Store, evidence_id: str) -> Edit:
    link = store.get("evidence", evidence_id)
    return Edit("Remove evidence", _delete(store, "evidence", link, "evidence"), evidence_id)


# --------------------------------------------------------------------------------- memo
def set_memo_header(store: Store, **values) -> Edit:
    unknown = set(values) - set(MEMO_HEADER_FIELDS)
    if unknown:
        raise BriefError(f"the memo header has no field {sorted(unknown)[0]!r}")
    values = {k: _text(v, k) for k, v in values.items() if v is not None}
    return Edit("Edit memo header", _update(store, "memo", store.memo()["id"], values))


def add_section(store: Store, title: str, index: int | None = None) -> Edit:
    sections = store.select("memo_sections", order_by=["position"])
    index = len(sections) if index is None else max(0, min(index, len(sections)))
    item_id = new_id()
    row = {"id": item_id, **_stamp(store), "title": _text(title, "the section title",
                                                           required=True).strip(),
           "position": index}
    ops = _renumber(store, "memo_sections", sections[index:], first=index + 1)
    return Edit(f"Add section “{row['title']}”", ops + [Op("insert", "memo_sections", row=row)],
                item_id)


def rename_section(store: Store, section_id: str, title: str) -> Edit:
    title = _text(title, "the section title", required=True).strip()
    return Edit("Rename section", _update(store, "memo_sections", section_id, {"title": title}),
                section_id)


def move_section(store: Store, section_id: str, index: int) -> Edit:
    sections = store.select("memo_sections", order_by=["position"])
    moving = next((s for s in sections if s["id"] == section_id), None)
    if moving is None:
        store.get("memo_sections", section_id)
    sections.remove(moving)
    sections.insert(max(0, min(index, len(sections))), moving)
    return Edit("Move section", _renumber(store, "memo_sections", sections), section_id)


def delete_section(store: Store, section_id: str) -> Edit:
    section = store.get("memo_sections", section_id)
    ops: list[Op] = []
    for block in store.select("memo_blocks", {"section_id": section_id}):
        ops += _delete(store, "memo_blocks", block, "memo_block")
    ops += _delete(store, "memo_sections", section, "memo_section")
    return Edit(f"Delete section “{section['title']}”", ops, section_id)


def add_block(store: Store, section_id: str, *, text: str = "", claim_id: str | None = None,
              index: int | None = None) -> Edit:
    """A prose paragraph (``text``, simple Markdown ``**bold**``/``*italic*``) or a placed claim."""
    kind = "claim" if claim_id else "prose"
    if claim_id:
        store.get("claims", claim_id)
    ops = _new_block_ops(store, section_id, kind, text, claim_id, index)
    label = "Place claim in memo" if claim_id else "Add paragraph"
    return Edit(label, ops, ops[-1].row["id"])


def _new_block_ops(store: Store, section_id: str, kind: str, text: str,
                   claim_id: str | None, index: int | None) -> list[Op]:
    store.get("memo_sections", section_id)
    blocks = store.select("memo_blocks", {"section_id": section_id}, order_by=["position"])
    index = len(blocks) if index is None else max(0, min(index, len(blocks)))
    ops = _renumber(store, "memo_blocks", blocks[index:], first=index + 1)
    row = {"id": new_id(), **_stamp(store), "section_id": section_id, "position": index,
           "kind": kind, "text": _text(text, "text"), "claim_id": claim_id}
    return ops + [Op("insert", "memo_blocks", row=row)]


def update_block(store: Store, block_id: str, text: str) -> Edit:
    block = store.get("memo_blocks", block_id)
    if block["kind"] != "prose":
        raise BriefError("only a prose paragraph has text to edit")
    return Edit("Edit paragraph", _update(store, "memo_blocks", block_id,
                                          {"text": _text(text, "text")}), block_id)


def move_block(store: Store, block_id: str, section_id: str, index: int) -> Edit:
    """Move a block to position ``index`` of ``section_id`` (possibly its own section)."""
    block = store.get("memo_blocks", block_id)
    store.get("memo_sections", section_id)
    source = store.select("memo_blocks", {"section_id": block["section_id"]},
                          order_by=["position"])
    source = [b for b in source if b["id"] != block_id]
    ops: list[Op] = []
    if section_id == block["section_id"]:
        target = source
    else:
        ops += _renumber(store, "memo_blocks", source)
        target = store.select("memo_blocks", {"section_id": section_id}, order_by=["position"])
        ops += _update(store, "memo_blocks", block_id, {"section_id": section_id})
    target.insert(max(0, min(index, len(target))), block)
    ops += _renumber(store, "memo_blocks", target)
    return Edit("Move in memo", ops, block_id)


def delete_block(store: Store, block_id: str) -> Edit:
    block = store.get("memo_blocks", block_id)
    label = "Remove claim from memo" if block["kind"] == "claim" else "Delete paragraph"
    return Edit(label, _delete(store, "memo_blocks", block, "memo_block"), block_id)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def highlight_as_evidence(store: Store, source_id: str, start: int, end: int, *,
                          claim_id: str | None = None, statement: str | None = None,
                          stance: str = "supports", tags: Iterable[str] = (),
                          likelihood: str | None = None, confidence: str | None = None,
                          note: str = "") -> Edit:
    """Highlight a selection and make it evidence, in one step.

    With ``claim_id`` the new highlight supports (or ``stance``) that claim; with
    ``statement`` a new claim (with ``likelihood`` and ``confidence``) is written from it.
    """
    highlight = add_annotation(store, source_id, start, end, tags=tags)
    ops = list(highlight.ops)
    creates_claim = claim_id is None
    if creates_claim:
        claim = add_claim(store, statement if statement is not None else
                          store.get("sources", source_id)["text"][start:end].strip(),
                          likelihood=likelihood, confidence=confidence)
        ops += claim.ops
        claim_id = claim.item_id
    else:
        store.get("claims", claim_id)
    link = {"id": new_id(), **_stamp(store), "claim_id": claim_id,
            "annotation_id": highlight.item_id, "stance": _stance(stance), "note": note or ""}
    ops.append(Op("insert", "evidence", row=link))
    label = "New claim from selection" if creates_claim else "Add evidence to claim"
    return Edit(label, ops, claim_id)


def claim_from_annotation(store: Store, annotation_id: str, *, statement: str,
                          likelihood: str | None = None, confidence: str | None = None,
                          stance: str = "supports") -> Edit:
    """A new claim resting on an existing highlight, in one step (no second highlight)."""
    store.get("annotations", annotation_id)
    claim = add_claim(store, statement, likelihood=likelihood, confidence=confidence)
    link = {"id": new_id(), **_stamp(store), "claim_id": claim.item_id,
            "annotation_id": annotation_id, "stance": _stance(stance), "note": ""}
    return Edit("New claim from highlight", claim.ops + [Op("insert", "evidence", row=link)],
                claim.item_id)
