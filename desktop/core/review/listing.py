"""Read models of review items for the CLI and the Review panel (no SQL here, no Qt)."""

from __future__ import annotations

import difflib
import re

from .. import markup
from ..model import NOTE_MARK as OBJECT
from ..queries import open_review_changes as open_changes  # noqa: F401 (part of this API)
from ..queries import unanswered_review_comments as unanswered_comments  # noqa: F401
from ..queries import evidence_rows
from ..store import Store

KIND_LABELS = {"comment": "comment", "insertion": "insertion", "deletion": "deletion",
               "replacement": "replacement", "edit": "direct edit"}


def has_reviews(store: Store) -> bool:
    return store.has_table("review_items")


def items(store: Store, *, everything: bool = False) -> list[dict]:
    """Review items in memo order (grouped by claim and paragraph, unplaced last): the open
    ones, or ``everything``. Each with its target's label, its state (open, conflict,
    accepted, rejected, done) and the change as diff segments."""
    # Here, not at the top: the counts the app shows at start-up need none of it.
    from .resolving import replies, state

    if not has_reviews(store):
        return []
    rows = store.select("review_items", order_by=["created", "id"])
    if not everything:
        rows = [r for r in rows if r["status"] == "open"]
    if not rows:
        return []
    order, labels = _targets(store)
    files = {r["id"]: r["file_name"] for r in store.select("reviews",
                                                           columns=["id", "file_name"])}
    out = []
    for row in rows:
        current_state, brief_text = state(store, row)
        key = (row["target_kind"], row["target_id"])
        before, after = _shown(row["before"]), _shown(row["after"])
        out.append({
            "id": row["id"], "kind": row["kind"], "kind_label": KIND_LABELS[row["kind"]],
            "author": row["author"], "made": row["made"], "status": row["status"],
            "state": current_state, "target_kind": row["target_kind"],
            "target_id": row["target_id"],
            "target": labels.get(key, _GONE.get(row["target_kind"], "")),
            "placed_by": row["placed_by"], "quote": row["quote"], "body": row["body"],
            "replies": replies(row), "before": before, "after": after,
            "diff": diff(before, after) if row["kind"] != "comment" else [],
            "brief_text": brief_text, "note": row["note"], "file": files.get(row["review_id"], ""),
            "order": order.get(key, (10**9,)),
        })
    out.sort(key=lambda i: (i["order"], i["made"], i["id"]))
    return out


_GONE = {"claim": "A deleted claim", "paragraph": "A deleted memo paragraph",
         "evidence": "A footnote whose evidence link was deleted"}


def open_counts(store: Store) -> dict[str, int]:
    """Open review items per target id (claim, memo block or evidence link)."""
    if not has_reviews(store):
        return {}
    counts: dict[str, int] = {}
    for row in store.select("review_items", {"status": "open"}, columns=["target_id"]):
        if row["target_id"]:
            counts[row["target_id"]] = counts.get(row["target_id"], 0) + 1
    return counts


def _targets(store: Store) -> tuple[dict, dict]:
    """Memo order and a short label for every claim, paragraph and evidence link."""
    order, labels = {}, {}
    sections = {s["id"]: s["position"] for s in store.select("memo_sections")}
    for b in store.select("memo_blocks", order_by=["position", "id"]):
        place = (sections.get(b["section_id"], 0), b["position"])
        if b["kind"] == "prose":
            order[("paragraph", b["id"])] = place
            labels[("paragraph", b["id"])] = "Paragraph: " + _clip(markup.plain(b["text"]))
        else:
            order.setdefault(("claim", b["claim_id"]), place)
    for c in store.select("claims", columns=["id", "statement"]):
        labels[("claim", c["id"])] = "Claim: " + _clip(c["statement"])
        order.setdefault(("claim", c["id"]), (10**8,))
    for e in evidence_rows(store):
        labels[("evidence", e["id"])] = "Footnote: " + _clip(e["quote"])
        order[("evidence", e["id"])] = order.get(("claim", e["claim_id"]), (10**8,)) + (1,)
    return order, labels


def _shown(text: str) -> str:
    return re.sub(r"\ufffc(,\ufffc)*", "", text or "").replace(OBJECT, "")


def diff(before: str, after: str) -> list[tuple[str, str]]:
    """Word-level diff segments: ("equal" | "delete" | "insert", text)."""
    a, b = re.findall(r"\s+|\S+", before), re.findall(r"\s+|\S+", after)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("insert", "".join(b[j1:j2])))
    return out


def diff_text(segments: list[tuple[str, str]], context: int = 30) -> str:
    """Segments as one line for a terminal: [-deleted-]{+inserted+}, as git diff shows,
    with unchanged text longer than twice ``context`` shortened to its ends."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    out = []
    for n, (op, text) in enumerate(segments):
        if op == "equal" and len(text) > 2 * context:
            head = text[:context] if n else ""
            tail = text[-context:] if n < len(segments) - 1 else ""
            text = (head + "…" if head else "…") + tail if n < len(segments) - 1 \
                else head + "…"
        out.append(marks[op].format(text))
    return "".join(out)


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
