"""Working through review items: accept, reject or mark done, each one undoable step.

Accepting a tracked change or a direct edit applies it to what the brief stores: a claim's
statement, its likelihood and confidence (when the reviewer changed those words in the
judgment sentence the export writes), or a memo paragraph's Markdown text. An item says
what its paragraph read before and after the change. When the brief's text is still what the
reviewer started from, the change is applied as is; when the brief changed since, the
changed words are found again in its text with their context (as a highlight is re-anchored)
and changed there. When they cannot be found, the item is a conflict: :class:`ReviewConflict`
carries both versions, and nothing is changed.
"""

from __future__ import annotations

import json
import re

from .. import anchoring, edits, markup
from ..edits import Edit, compound
from ..errors import BriefError
from ..export.typography import clean
from ..export.identity import OBJECT, split_claim
from ..model import CONFIDENCE, LIKELIHOOD, Anchor
from ..store import Store
from ..text import xml_safe

ACTIONS = {"accept": "accepted", "reject": "rejected", "done": "done"}
_CONTEXT = 8


class ReviewConflict(BriefError):
    """The brief's text changed since the export where the reviewer changed it."""

    def __init__(self, message: str, brief_text: str, reviewer_text: str):
        shown = [" ".join(t.replace(OBJECT, "").split()) for t in (brief_text, reviewer_text)]
        shown = [t if len(t) <= 80 else t[:79] + "…" for t in shown]
        super().__init__(f"conflict: {message}; the brief now reads “{shown[0]}”, the "
                         f"reviewer's version “{shown[1]}”; make the change by hand, then "
                         "mark this item done")
        self.brief_text, self.reviewer_text = brief_text, reviewer_text


def resolve(store: Store, item_id: str, action: str, note: str = "") -> Edit:
    """One Edit: the item's new status (and note) plus, for ``accept``, the change itself."""
    if action not in ACTIONS:
        raise BriefError("resolve an item with accept, reject or done")
    item = store.get("review_items", item_id)
    if item["status"] != "open":
        raise BriefError(f"this review item is already {item['status']}")
    parts = []
    if action == "accept":
        parts.append(proposal(store, item))
    values = {"status": ACTIONS[action]}
    if note:
        values["note"] = note
    status = Edit("", edits.update_ops(store, "review_items", item_id, values), item_id)
    label = {"accept": "Accept", "reject": "Reject", "done": "Mark done"}[action]
    return compound(f"{label} review item", parts + [status])


def proposal(store: Store, item: dict) -> Edit:
    """The edit accepting ``item`` would make; raises BriefError (ReviewConflict when the
    brief's text moved on) when it cannot be accepted."""
    if item["kind"] == "comment":
        raise BriefError("a comment has nothing to accept; answer it with done (and a note)")
    if not item["target_id"]:
        raise BriefError("this item is not placed on a claim or paragraph; make the change "
                         "by hand, then mark it done")
    if item["target_kind"] == "evidence":
        raise BriefError("a footnote is written from its evidence and source; change those, "
                         "then mark this item done")
    if item["target_kind"] == "claim":
        return _claim_edit(store, item)
    return _paragraph_edit(store, item)


def state(store: Store, item: dict) -> tuple[str, str]:
    """("open" | "conflict" | the status, the brief's current text where it conflicts)."""
    if item["status"] != "open" or item["kind"] == "comment" or not item["target_id"] \
            or item["target_kind"] == "evidence":
        return item["status"], ""
    try:
        proposal(store, item)
    except ReviewConflict as exc:
        return "conflict", exc.brief_text
    except BriefError:
        return "open", ""
    return "open", ""


# ----------------------------------------------------------------------------- claims
def rendered_statement(statement: str) -> str:
    """A claim's statement as the export writes it (see export.writer.MemoWriter.claim)."""
    text = clean(statement)
    if text and text[-1] not in ".!?…”\"'":
        text += "."
    return text


def _claim_edit(store: Store, item: dict) -> Edit:
    claim = store.select_one("claims", {"id": item["target_id"]})
    if claim is None:
        raise BriefError("the claim this item is about was deleted")
    before_s, before_j = _split(item["before"], claim)
    after_s, after_j = _split(item["after"], claim)
    values: dict = {}
    if before_s != after_s:
        current = rendered_statement(claim["statement"])
        new = rebase(before_s, after_s, current)
        if current != clean(claim["statement"]) and new.endswith("."):
            new = new[:-1]  # the export added the full stop
        values["statement"] = new.strip()
    if before_j != after_j:
        old, new = judgment_terms(before_j), judgment_terms(after_j)
        for key in ("likelihood", "confidence"):
            if old[key] != new[key]:
                if claim[key] != old[key]:
                    raise ReviewConflict(
                        f"the claim's {key} changed since the export "
                        f"({old[key] or 'none'} → {claim[key] or 'none'})",
                        claim[key] or "", new[key] or "")
                values[key] = new[key]
    if not values:
        raise BriefError("the change is to wording the export writes itself, not to the "
                         "claim; mark it done instead")
    return edits.update_claim(store, claim["id"], **values)


def _split(text: str, claim: dict) -> tuple[str, str]:
    if OBJECT in text:
        statement, judgment = split_claim(text)
        return statement.rstrip(), judgment
    match = re.search(r"\s*We (judge|have) ", text)
    if match:
        return text[:match.start()], text[match.start():].strip()
    return text, ""


_TERMS = sorted(LIKELIHOOD, key=len, reverse=True)


def judgment_terms(text: str) -> dict:
    """The ICD 203 likelihood term and confidence level a judgment sentence names."""
    lower = text.lower()
    likelihood = next((t for t in _TERMS if re.search(rf"(?<![a-z]){t}(?![a-z])", lower)),
                      None)
    found = re.search(r"\b(" + "|".join(CONFIDENCE) + r") confidence\b", lower)
    return {"likelihood": likelihood, "confidence": found.group(1) if found else None}


# -------------------------------------------------------------------------- paragraphs
def chunk_spans(text: str) -> list[tuple[int, int]]:
    """Where each exported paragraph of a prose block sits in its Markdown (split at blank
    lines, as the exporter splits it)."""
    spans, start, end, offset = [], None, None, 0
    for line in text.split("\n"):
        if line.strip():
            if start is None:
                start = offset
            end = offset + len(line.rstrip())
        elif start is not None:
            spans.append((start, end))
            start = None
        offset += len(line) + 1
    if start is not None:
        spans.append((start, end))
    return spans


def _paragraph_edit(store: Store, item: dict) -> Edit:
    block = store.select_one("memo_blocks", {"id": item["target_id"]})
    if block is None or block["kind"] != "prose":
        raise BriefError("the memo paragraph this item is about was deleted")
    tail = item["mark"][3:].rsplit("_", 1)  # _BBp<block id>_<paragraph of the block>
    chunk = int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else 0
    spans = chunk_spans(block["text"])
    if chunk >= len(spans):
        raise ReviewConflict("the paragraph was split or joined since the export",
                             block["text"], item["after"])
    start, end = spans[chunk]
    source = block["text"][start:end]
    runs = markup.parse(xml_safe(source))
    current = "".join(t for t, _b, _i in runs)
    new = rebase(item["before"], item["after"], current)
    a, eb, ea = _region(current, new)
    new_source = markup.to_markdown(_splice(runs, a, eb, new[a:ea]))
    text = block["text"][:start] + new_source + block["text"][end:]
    return edits.update_block(store, block["id"], text)


def _splice(runs: list, start: int, end: int, replacement: str) -> list:
    """``runs`` with the plain text [start, end) replaced. The new text takes the format of
    the first character it replaces, or of the one it follows when it only inserts."""
    chars = [(ch, bold, italic) for text, bold, italic in runs for ch in text]
    if end > start and start < len(chars):
        fmt = chars[start][1:]
    elif start > 0 and chars:
        fmt = chars[min(start, len(chars)) - 1][1:]
    else:
        fmt = chars[0][1:] if chars else (False, False)
    new = chars[:start] + [(ch, *fmt) for ch in replacement] + chars[end:]
    return markup.merge(new)


# ----------------------------------------------------------------------------- rebase
def _region(before: str, after: str) -> tuple[int, int, int]:
    from .placing import changed_region

    return changed_region(before, after)


def rebase(before: str, after: str, current: str) -> str:
    """``current`` with the change that turns ``before`` into ``after``.

    Raises :class:`ReviewConflict` when the changed words (with a little context) are not
    found in ``current`` verbatim.
    """
    if current == before:
        return after
    start, end_b, end_a = _region(before, after)
    lo, hi = max(0, start - _CONTEXT), min(len(before), end_b + _CONTEXT)
    quote = before[lo:hi]
    replacement = after[lo:end_a + (hi - end_b)]
    if quote:
        anchor = Anchor(lo, hi, quote, before[max(0, lo - 32):lo], before[hi:hi + 32])
        found = anchoring.resolve(anchor, current)
        if found.status in ("exact", "moved"):
            return current[:found.start] + replacement + current[found.end:]
    raise ReviewConflict("the text changed since the export", current, after)


def replies(item: dict) -> list[dict]:
    try:
        value = json.loads(item.get("replies") or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []
