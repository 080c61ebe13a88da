"""Edits of the memo (its header, sections and blocks) and of the brief's details."""

from __future__ import annotations

from ..errors import BriefError
from ..model import MEMO_HEADER_FIELDS, new_id
from ..store import Op, Store
from .base import Edit, as_text, common_columns, delete_ops, renumber_ops, update_ops


def set_brief(store: Store, *, title: str | None = None, author: str | None = None) -> Edit:
    values = {k: v for k, v in (("title", title), ("author", author)) if v is not None}
    return Edit("Edit brief details", update_ops(store, "brief", store.brief()["id"], values))


def set_memo_header(store: Store, **values) -> Edit:
    unknown = set(values) - set(MEMO_HEADER_FIELDS)
    if unknown:
        raise BriefError(f"the memo header has no field {sorted(unknown)[0]!r}")
    values = {k: as_text(v, k) for k, v in values.items() if v is not None}
    return Edit("Edit memo header", update_ops(store, "memo", store.memo()["id"], values))


def add_section(store: Store, title: str, index: int | None = None) -> Edit:
    sections = store.select("memo_sections", order_by=["position"])
    index = len(sections) if index is None else max(0, min(index, len(sections)))
    item_id = new_id()
    row = {"id": item_id, **common_columns(store), "title": as_text(title, "the section title",
                                                           required=True).strip(),
           "position": index}
    ops = renumber_ops(store, "memo_sections", sections[index:], first=index + 1)
    return Edit(f"Add section “{row['title']}”", ops + [Op("insert", "memo_sections", row=row)],
                item_id)


def rename_section(store: Store, section_id: str, title: str) -> Edit:
    title = as_text(title, "the section title", required=True).strip()
    return Edit("Rename section", update_ops(store, "memo_sections", section_id, {"title": title}),
                section_id)


def move_section(store: Store, section_id: str, index: int) -> Edit:
    sections = store.select("memo_sections", order_by=["position"])
    moving = next((s for s in sections if s["id"] == section_id), None)
    if moving is None:
        store.get("memo_sections", section_id)
    sections.remove(moving)
    sections.insert(max(0, min(index, len(sections))), moving)
    return Edit("Move section", renumber_ops(store, "memo_sections", sections), section_id)


def delete_section(store: Store, section_id: str) -> Edit:
    section = store.get("memo_sections", section_id)
    ops: list[Op] = []
    for block in store.select("memo_blocks", {"section_id": section_id}):
        ops += delete_ops(store, "memo_blocks", block)
    ops += delete_ops(store, "memo_sections", section)
    return Edit(f"Delete section “{section['title']}”", ops, section_id)


def add_block(store: Store, section_id: str, *, text: str = "", claim_id: str | None = None,
              index: int | None = None) -> Edit:
    """A prose paragraph (``text``, simple Markdown ``**bold**``/``*italic*``) or a placed claim."""
    kind = "claim" if claim_id else "prose"
    if claim_id:
        store.get("claims", claim_id)
    ops = new_block_ops(store, section_id, kind, text, claim_id, index)
    label = "Place claim in memo" if claim_id else "Add paragraph"
    return Edit(label, ops, ops[-1].row["id"])


def new_block_ops(store: Store, section_id: str, kind: str, text: str,
                   claim_id: str | None, index: int | None) -> list[Op]:
    store.get("memo_sections", section_id)
    blocks = store.select("memo_blocks", {"section_id": section_id}, order_by=["position"])
    index = len(blocks) if index is None else max(0, min(index, len(blocks)))
    ops = renumber_ops(store, "memo_blocks", blocks[index:], first=index + 1)
    row = {"id": new_id(), **common_columns(store), "section_id": section_id, "position": index,
           "kind": kind, "text": as_text(text, "text"), "claim_id": claim_id}
    return ops + [Op("insert", "memo_blocks", row=row)]


def update_block(store: Store, block_id: str, text: str) -> Edit:
    block = store.get("memo_blocks", block_id)
    if block["kind"] != "prose":
        raise BriefError("only a prose paragraph has text to edit")
    return Edit("Edit paragraph", update_ops(store, "memo_blocks", block_id,
                                          {"text": as_text(text, "text")}), block_id)


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
        ops += renumber_ops(store, "memo_blocks", source)
        target = store.select("memo_blocks", {"section_id": section_id}, order_by=["position"])
        ops += update_ops(store, "memo_blocks", block_id, {"section_id": section_id})
    target.insert(max(0, min(index, len(target))), block)
    ops += renumber_ops(store, "memo_blocks", target)
    return Edit("Move in memo", ops, block_id)


def delete_block(store: Store, block_id: str) -> Edit:
    block = store.get("memo_blocks", block_id)
    label = "Remove claim from memo" if block["kind"] == "claim" else "Delete paragraph"
    return Edit(label, delete_ops(store, "memo_blocks", block), block_id)
