"""Reading a reviewed .docx into the brief: one Edit adding its review items, and a report."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from ..edits import Edit
from ..errors import BriefError
from ..export.identity import ExportRecord
from ..model import now
from ..store import Op, Store
from .docx_reader import read_reviewed
from .placing import place
from .records import current_record


@dataclass
class ImportReport:
    """What reading a reviewed copy found, for the CLI and the app to show."""

    file_name: str
    matched: str = "marks"            # "marks" | "text"
    added: list[dict] = field(default_factory=list)
    already: int = 0                  # items an earlier import already brought in
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict:
        out = {"comments": 0, "changes": 0, "edits": 0, "unplaced": 0}
        for item in self.added:
            out[{"comment": "comments", "edit": "edits"}.get(item["kind"], "changes")] += 1
            out["unplaced"] += not item["target_id"]
        return out

    def kinds_text(self) -> str:
        """What came in, by kind: "2 comment(s), 1 tracked change(s), 0 direct edit(s)"."""
        counts = self.counts()
        return (f"{counts['comments']} comment(s), {counts['changes']} tracked change(s), "
                f"{counts['edits']} direct edit(s)")

    def summary(self) -> dict:
        return {"file": self.file_name, "matched_by": self.matched, **self.counts(),
                "already_imported": self.already, "notes": self.notes,
                "items": [{k: i[k] for k in ("id", "kind", "author", "target_kind",
                                             "target_id", "placed_by", "quote", "body")}
                          for i in self.added]}


def import_review(store: Store, data: bytes, name: str, *,
                  force: bool = False) -> tuple[Edit, ImportReport]:
    """Read a reviewed .docx into the brief as review items: one Edit, and a report.

    A copy exported from another brief is refused (with ``force``, it is matched by text
    only); the same file read twice adds nothing; a copy with no identity and no marks is
    matched by text, and the report says so.
    """
    brief_id = store.brief()["id"]
    sha = hashlib.sha256(data).hexdigest()
    report = ImportReport(name)
    review_id = _derived(brief_id, "review", sha)
    earlier = store.select_one("reviews", {"id": review_id})
    if earlier is not None:
        report.notes.append(f"{name} was already read on {earlier['created'][:10]}; "
                            "nothing was added")
        return Edit(f"Import review “{name}”", []), report
    doc = read_reviewed(data, name)
    foreign = bool(doc.brief_id) and doc.brief_id != brief_id
    if foreign and not force:
        raise BriefError(f"{name} was exported from another brief, not this one; "
                         "use --force to match its text against this brief anyway")
    row, record = _export_of(store, doc, brief_id, foreign)
    use_marks = not foreign and doc.has_marks()
    report.matched = "marks" if use_marks else "text"
    _note_how_matched(report, doc, name, foreign, row, sha)
    if doc.properties.get("core:lastModifiedBy") in _exported_authors(store):
        # Saved by nobody but the export (it wrote that name): who edited is not known.
        doc.properties["core:lastModifiedBy"] = ""
    stamp = _stamp(doc.properties.get("core:modified", "")) or record.stamp or now()
    export_id = record.export_id if row is not None else ""
    ops = [Op("insert", "reviews", row={
        "id": review_id, "created": now(), "modified": stamp, "created_by": store.user,
        "export_id": export_id, "file_name": name, "sha256": sha, "matched": report.matched})]
    ops += _item_ops(store, place(doc, record, use_marks=use_marks), brief_id, export_id,
                     review_id, stamp, report)
    unplaced = sum(1 for i in report.added if not i["target_id"])
    if unplaced:
        report.notes.append(f"{unplaced} item(s) could not be placed on a claim or paragraph; "
                            "they are listed as unplaced")
    return Edit(f"Import review “{name}”", ops, review_id), report


def _export_of(store: Store, doc, brief_id: str, foreign: bool):
    """The export row ``doc`` came from (None if not recorded here) and the record its
    items are placed against: that export's, else the brief as it is now."""
    row = store.select_one("exports", {"id": doc.export_id}) if doc.export_id else None
    record = _stored_record(brief_id, row) if row is not None and not foreign else None
    if record is None:
        row = None
        record = current_record(store)
    return row, record


def _note_how_matched(report: ImportReport, doc, name: str, foreign: bool, row: dict | None,
                      sha: str) -> None:
    """Tell the analyst how the copy was matched, and when it holds no review at all."""
    if foreign:
        report.notes.append(f"{name} comes from another brief: matched by text only")
    elif not doc.brief_id and not doc.has_marks():
        report.notes.append(f"{name} has no Briefing Builder marks: its paragraphs were "
                            "matched by their text")
    elif row is None:
        report.notes.append("this export is not recorded in the brief (made from a copy or "
                            "a read-only brief): compared with the brief as it is now")
    if sha == (row or {}).get("sha256"):
        report.notes.append(f"{name} is the file as exported: it has no review in it")


def _item_ops(store: Store, items, brief_id: str, export_id: str, review_id: str, stamp: str,
              report: ImportReport) -> list[Op]:
    """An insert for each placed item not already in the brief (nor twice in this file);
    ``report`` counts what was added and what an earlier import brought in."""
    ops = []
    seen: set[str] = set()
    for item in items:
        key = json.dumps([item[k] for k in ("kind", "author", "made", "mark", "quote", "body",
                                            "before", "after")], ensure_ascii=False)
        item_id = _derived(brief_id, export_id, key)
        if item_id in seen or store.select_one("review_items", {"id": item_id}):
            report.already += item_id not in seen
            seen.add(item_id)
            continue
        seen.add(item_id)
        row = {"id": item_id, "created": now(), "modified": _stamp(item["made"]) or stamp,
               "created_by": store.user, "review_id": review_id, **item}
        ops.append(Op("insert", "review_items", row=row))
        report.added.append(row)
    return ops


def _stored_record(brief_id: str, row: dict) -> ExportRecord | None:
    """The export record kept in ``row``, or None when it is not one this app wrote (a
    stranger's brief merged in can hold anything there)."""
    try:
        record = ExportRecord.from_json(brief_id, row["id"], row["base"])
    except (TypeError, ValueError, AttributeError):
        return None
    fields = {"claim": ("claim", "text"), "prose": ("block", "text"),
              "note": ("evidence", "text")}
    sound = isinstance(record.items, dict) and isinstance(record.paragraphs, list) and all(
        isinstance(item, dict) and item.get("kind") in fields
        and all(isinstance(item.get(key), str) for key in fields[item["kind"]])
        for item in record.items.values()) and all(
        isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) for p in
        record.paragraphs)
    return record if sound else None


def _exported_authors(store: Store) -> set[str]:
    """The names an export writes as the file's author (the memo's FROM, else the brief's
    author), as Word would show them."""
    from ..export.typography import clean

    names = {clean(store.memo().get("memo_from")), clean(store.brief().get("author"))}
    return {n for n in names if n}


def _derived(*parts: str) -> str:
    """An id made from ``parts``: the same item read twice, or by two copies, is one row."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def _stamp(value: str) -> str:
    """A reviewer's date as the brief's stamp format, or "" when it is not a date."""
    import datetime as dt

    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return ""
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return stamp.isoformat(timespec="microseconds") + "Z"
