"""Putting what a reviewed .docx holds onto the brief's claims, paragraphs and evidence.

Each reviewed paragraph is matched to a paragraph of the export record: by its identity mark
when it kept one; otherwise by its text, first by aligning the two documents' sequences of
paragraphs (a paragraph unchanged in place matches), then by anchoring its text against the
exported text (:func:`desktop.core.anchoring.resolve`, as highlights are found again in a
changed source). What cannot be matched is still made an item, with no target: unplaced,
listed, never dropped.

The items made here are plain dicts ready for ``review_items`` (less the row columns):
``kind`` comment | insertion | deletion | edit; ``before``/``after`` the paragraph's text
before and after the change (for a comment, both empty); ``quote`` the text a comment covers
or a change inserts or deletes.
"""

from __future__ import annotations

import difflib
import json

from .. import anchoring
from ..export.identity import OBJECT, ExportRecord
from ..model import Anchor
from .docx_reader import Comment, Paragraph, ReviewedDocument

TARGETS = {"claim": ("claim", "claim"), "prose": ("paragraph", "block"),
           "note": ("evidence", "evidence")}


def place(doc: ReviewedDocument, record: ExportRecord, *, use_marks: bool = True) -> list[dict]:
    """Every comment, tracked change and direct edit of ``doc``, placed against ``record``."""
    marks = _match_paragraphs(doc, record, use_marks)
    items: list[dict] = []
    author = doc.properties.get("core:lastModifiedBy", "")
    made = doc.properties.get("core:modified", "")
    for index, para in enumerate(doc.paragraphs):
        mark, placed_by = marks.get(index, ("", ""))
        if para.inserted_whole:
            items += _inserted_paragraph(doc, marks, record, index, para)
            continue
        items += _paragraph_items(para, record, mark, placed_by, author, made)
    items += _footnote_items(doc, record, marks, author, made)
    items += _comment_items(doc, record, marks)
    return items


# --------------------------------------------------------------------------- matching
def _match_paragraphs(doc: ReviewedDocument, record: ExportRecord,
                      use_marks: bool) -> dict[int, tuple[str, str]]:
    """Reviewed paragraph index -> (mark name, "mark" | "text")."""
    found: dict[int, tuple[str, str]] = {}
    if use_marks:
        for i, para in enumerate(doc.paragraphs):
            known = [m for m in para.marks if m in record.items]
            if known:
                found[i] = (known[0], "mark")
    exported = [text for text, _mark in record.paragraphs]
    exported_marks = [mark for _text, mark in record.paragraphs]
    reviewed = [p.original for p in doc.paragraphs]
    taken = {m for m, _ in found.values()}
    matcher = difflib.SequenceMatcher(None, reviewed, exported, autojunk=False)
    leftovers: list[int] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                mark = exported_marks[j]
                if i not in found and mark and mark not in taken:
                    found[i] = (mark, "text")
                    taken.add(mark)
        elif op in ("replace", "insert"):
            leftovers += [i for i in range(i1, i2) if i not in found]
    if leftovers:
        _anchor_leftovers(doc, record, leftovers, found, taken)
    return found


def _anchor_leftovers(doc, record, leftovers, found, taken) -> None:
    """Find changed, unmarked paragraphs in the exported text, as a highlight is found."""
    spans, joined, offset = [], [], 0
    for text, mark in record.paragraphs:
        spans.append((offset, offset + len(text), mark))
        joined.append(text)
        offset += len(text) + 2
    whole = "\n\n".join(joined)
    for i in leftovers:
        quote = doc.paragraphs[i].original
        if len(quote.strip()) < anchoring.MIN_FUZZY_LENGTH:
            continue
        guess = spans[min(i, len(spans) - 1)][0] if spans else 0
        found_at = anchoring.resolve(Anchor(guess, guess + len(quote), quote), whole)
        if found_at.status == "orphan":
            continue
        best, overlap = None, 0
        for start, end, mark in spans:
            shared = min(end, found_at.end) - max(start, found_at.start)
            if mark and shared > overlap and mark not in taken:
                best, overlap = mark, shared
        if best is not None and overlap >= len(quote) / 2:
            found[i] = (best, "text")
            taken.add(best)


# ------------------------------------------------------------------------------ items
def _target(record: ExportRecord, mark: str) -> tuple[str, str]:
    item = record.items.get(mark) if mark else None
    if item is None:
        return "", ""
    kind, key = TARGETS[item["kind"]]
    return kind, item[key]


def _item(kind: str, record: ExportRecord, mark: str, placed_by: str, **values) -> dict:
    target_kind, target_id = _target(record, mark)
    row = {"kind": kind, "author": "", "made": "", "target_kind": target_kind,
           "target_id": target_id, "mark": mark if target_id else "",
           "placed_by": placed_by if target_id else "", "quote": "", "body": "",
           "replies": "[]", "before": "", "after": "", "status": "open", "note": ""}
    row.update(values)
    return row


def _paragraph_items(para: Paragraph, record: ExportRecord, mark: str, placed_by: str,
                     author: str, made: str) -> list[dict]:
    items = []
    exported = record.items[mark]["text"] if mark else None
    if exported is not None and _differs(para.original, exported):
        items.append(_item("edit", record, mark, placed_by, author=author, made=made,
                           before=exported, after=para.original,
                           quote=_changed_part(exported, para.original)))
    elif exported is None and para.original.strip() and not _exported_text(record,
                                                                          para.original):
        # A paragraph the export did not write (typed by the reviewer without tracking).
        items.append(_item("edit", record, "", "", author=author, made=made,
                           after=para.original, quote=para.original))
    for change in para.changes:
        after = _apply_change(para.original, change)
        items.append(_item(change.kind, record, mark, placed_by, author=change.author,
                           made=change.date, before=para.original, after=after,
                           quote=_quote(change)))
    return items


def _exported_text(record: ExportRecord, text: str) -> bool:
    return any(not _differs(text, t) for t, _m in record.paragraphs)


def _differs(a: str, b: str) -> bool:
    """Whether two texts differ beyond what editors change on their own (trailing spaces,
    non-breaking spaces written as plain ones)."""
    def norm(t: str) -> str:
        return t.replace("\u00a0", " ").replace("\u202f", " ").rstrip()
    return norm(a) != norm(b)


def _apply_change(original: str, change) -> str:
    return change.apply(original)


def _quote(change) -> str:
    if change.kind == "replacement":
        return f"{change.text} → {change.new}".replace(OBJECT, "")
    return change.text.replace(OBJECT, "")


def _changed_part(before: str, after: str) -> str:
    """The words of ``after`` that differ from ``before`` (for a one-line summary)."""
    start, end_b, end_a = changed_region(before, after)
    return (after[start:end_a] or before[start:end_b]).replace(OBJECT, "")


def changed_region(before: str, after: str) -> tuple[int, int, int]:
    """(start, end in before, end in after) of the part that differs: the common prefix and
    suffix left out."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end_b, end_a = len(before), len(after)
    while end_b > start and end_a > start and before[end_b - 1] == after[end_a - 1]:
        end_b -= 1
        end_a -= 1
    return start, end_b, end_a


def _inserted_paragraph(doc, marks, record, index, para) -> list[dict]:
    """A whole paragraph inserted with tracking: added to the prose paragraph before it
    (a new paragraph of that block), else unplaced."""
    change = para.changes[0] if para.changes else None
    author = change.author if change else ""
    date = change.date if change else ""
    prev = index - 1
    while prev >= 0 and doc.paragraphs[prev].inserted_whole:
        prev -= 1
    mark, placed_by = marks.get(prev, ("", "")) if prev >= 0 else ("", "")
    if mark and record.items[mark]["kind"] == "prose":
        base = doc.paragraphs[prev].original
        return [_item("insertion", record, mark, placed_by, author=author, made=date,
                      before=base, after=base + "\n\n" + para.current, quote=para.current)]
    return [_item("insertion", record, "", "", author=author, made=date,
                  after=para.current, quote=para.current)]


def _footnote_items(doc, record, marks, author, made) -> list[dict]:
    by_ref: dict[str, tuple[str, str]] = {}
    for index, para in enumerate(doc.paragraphs):
        mark, placed_by = marks.get(index, ("", ""))
        item = record.items.get(mark) if mark else None
        if item is None or item["kind"] != "claim":
            continue
        for ref, note_mark in zip(para.note_refs, item.get("notes", [])):
            if note_mark:
                by_ref[ref] = (note_mark, placed_by)
    items = []
    for note_id, paras in doc.footnotes.items():
        own = [m for p in paras for m in p.marks if m in record.items]
        mark, placed_by = (own[0], "mark") if own else by_ref.get(note_id, ("", ""))
        original = "\n".join(p.original for p in paras)
        exported = record.items[mark]["text"] if mark else None
        if exported is not None and _differs(original, exported):
            items.append(_item("edit", record, mark, placed_by, author=author, made=made,
                               before=exported, after=original,
                               quote=_changed_part(exported, original)))
        offset = 0
        for p in paras:
            for change in p.changes:
                shifted = type(change)(change.kind, change.author, change.date,
                                       change.start + offset, change.text, change.new)
                items.append(_item(change.kind, record, mark, placed_by,
                                   author=change.author, made=change.date, before=original,
                                   after=_apply_change(original, shifted), quote=_quote(change)))
            offset += len(p.original) + 1
    return items


def _comment_items(doc, record, marks) -> list[dict]:
    where: dict[str, tuple[int, int]] = {}
    ends: dict[str, tuple[int, int]] = {}
    for index, para in enumerate(doc.paragraphs):
        for cid, pos in para.comment_starts.items():
            where.setdefault(cid, (index, pos))
        for cid, pos in para.comment_ends.items():
            ends.setdefault(cid, (index, pos))
        for cid in para.comment_refs:
            where.setdefault(cid, (index, len(para.current)))
    note_marks = {}
    for note_id, paras in doc.footnotes.items():
        for p in paras:
            for cid in list(p.comment_starts) + p.comment_refs:
                note_marks.setdefault(cid, (p, [m for m in p.marks if m in record.items]))
    items = []
    for comment in doc.comments.values():
        mark, placed_by, quote = "", "", ""
        if comment.id in where:
            index, start = where[comment.id]
            mark, placed_by = marks.get(index, ("", ""))
            quote = _covered(doc, where[comment.id], ends.get(comment.id))
        elif comment.id in note_marks:
            para, found = note_marks[comment.id]
            mark, placed_by = (found[0], "mark") if found else ("", "")
            quote = para.current
        items.append(_item(
            "comment", record, mark, placed_by, author=comment.author, made=comment.date,
            body=comment.text, quote=quote.replace(OBJECT, ""),
            replies=json.dumps([_reply(r) for r in comment.replies], ensure_ascii=False),
            status="done" if comment.done else "open",
            note="marked done in Word" if comment.done else ""))
    return items


def _reply(comment: Comment) -> dict:
    return {"author": comment.author, "date": comment.date, "text": comment.text,
            "done": comment.done}


def _covered(doc, start: tuple[int, int], end: tuple[int, int] | None) -> str:
    (i, s) = start
    if end is None or end[0] < i:
        return doc.paragraphs[i].current
    j, e = end
    if i == j:
        return doc.paragraphs[i].current[s:e]
    parts = [doc.paragraphs[i].current[s:]]
    parts += [doc.paragraphs[k].current for k in range(i + 1, j)]
    parts.append(doc.paragraphs[j].current[:e])
    return "\n".join(parts)
