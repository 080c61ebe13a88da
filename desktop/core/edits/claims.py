"""Edits of claims and of the evidence links between claims and highlights."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import BriefError
from ..model import new_id
from ..store import Op, Store
from .base import (Edit, as_confidence, as_likelihood, as_stance, as_text, common_columns,
                   delete_ops, short, update_ops)
from .highlights import add_annotation
from .memo import new_block_ops


def add_claim(store: Store, statement: str, *, likelihood: str | None = None,
              confidence: str | None = None, section_id: str | None = None) -> Edit:
    """A new claim, optionally placed at the end of a memo section in the same step."""
    item_id = new_id()
    row = {"id": item_id, **common_columns(store),
           "statement": as_text(statement, "the claim", required=True).strip(),
           "likelihood": as_likelihood(likelihood), "confidence": as_confidence(confidence)}
    ops = [Op("insert", "claims", row=row)]
    if section_id is not None:
        ops += new_block_ops(store, section_id, "claim", "", item_id, None)
    return Edit(f"Add claim “{short(statement)}”", ops, item_id)


def update_claim(store: Store, claim_id: str, **values) -> Edit:
    allowed = {"statement", "likelihood", "confidence"}
    if set(values) - allowed:
        raise BriefError(f"a claim has no field {sorted(set(values) - allowed)[0]!r}")
    if "statement" in values:
        values["statement"] = as_text(values["statement"], "the claim", required=True).strip()
    if "likelihood" in values:
        values["likelihood"] = as_likelihood(values["likelihood"])
    if "confidence" in values:
        values["confidence"] = as_confidence(values["confidence"])
    return Edit("Edit claim", update_ops(store, "claims", claim_id, values), claim_id)


def delete_claim(store: Store, claim_id: str) -> Edit:
    """Delete a claim, its evidence links and its places in the memo (all restorable)."""
    claim = store.get("claims", claim_id)
    ops: list[Op] = []
    for link in store.select("evidence", {"claim_id": claim_id}):
        ops += delete_ops(store, "evidence", link)
    for block in store.select("memo_blocks", {"claim_id": claim_id}):
        ops += delete_ops(store, "memo_blocks", block)
    ops += delete_ops(store, "claims", claim)
    return Edit(f"Delete claim “{short(claim['statement'])}”", ops, claim_id)


def link_evidence(store: Store, claim_id: str, annotation_id: str, *,
                  stance: str = "supports", note: str = "") -> Edit:
    store.get("claims", claim_id)
    store.get("annotations", annotation_id)
    if store.select_one("evidence", {"claim_id": claim_id, "annotation_id": annotation_id}):
        raise BriefError("that highlight is already evidence for this claim")
    item_id = new_id()
    row = {"id": item_id, **common_columns(store), "claim_id": claim_id,
           "annotation_id": annotation_id, "stance": as_stance(stance), "note": note or ""}
    return Edit("Link evidence", [Op("insert", "evidence", row=row)], item_id)


def update_evidence(store: Store, evidence_id: str, **values) -> Edit:
    if set(values) - {"stance", "note"}:
        raise BriefError("an evidence link has only a stance and a note")
    if "stance" in values:
        values["stance"] = as_stance(values["stance"])
    return Edit("Edit evidence", update_ops(store, "evidence", evidence_id, values), evidence_id)


def unlink_evidence(store: Store, evidence_id: str) -> Edit:
    link = store.get("evidence", evidence_id)
    return Edit("Remove evidence", delete_ops(store, "evidence", link), evidence_id)


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
    link = {"id": new_id(), **common_columns(store), "claim_id": claim_id,
            "annotation_id": highlight.item_id, "stance": as_stance(stance), "note": note or ""}
    ops.append(Op("insert", "evidence", row=link))
    label = "New claim from selection" if creates_claim else "Add evidence to claim"
    return Edit(label, ops, claim_id)


def claim_from_annotation(store: Store, annotation_id: str, *, statement: str,
                          likelihood: str | None = None, confidence: str | None = None,
                          stance: str = "supports") -> Edit:
    """A new claim resting on an existing highlight, in one step (no second highlight)."""
    store.get("annotations", annotation_id)
    claim = add_claim(store, statement, likelihood=likelihood, confidence=confidence)
    link = {"id": new_id(), **common_columns(store), "claim_id": claim.item_id,
            "annotation_id": annotation_id, "stance": as_stance(stance), "note": ""}
    return Edit("New claim from highlight", claim.ops + [Op("insert", "evidence", row=link)],
                claim.item_id)
