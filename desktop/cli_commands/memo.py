"""Commands on the memo: show it or set its header, add a paragraph, export it to Word."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core import queries
from ..core.errors import BriefError, ReadOnlyBriefError
from ..core.store import Store
from ..core.text import normalise
from .common import clip, emit, find_section, open_store, warn


def memo(args) -> int:
    values = {"memo_to": args.to, "memo_from": args.from_, "memo_date": args.date,
              "subject": args.subject, "classification": args.classification}
    values = {k: v for k, v in values.items() if v is not None}
    if values:
        from ..core import edits

        with open_store(args) as store:
            edits.set_memo_header(store, **values).apply(store)
    with open_store(args, readonly=True) as store:
        data = queries.memo(store)
    header = data["header"]
    lines = [f"{label}: {header[key]}" for label, key in
             (("To", "memo_to"), ("From", "memo_from"), ("Date", "memo_date"),
              ("Subject", "subject"), ("Classification", "classification"))]
    for section in data["sections"]:
        lines.append(f"\n## {section['title']}")
        lines += [("  [claim] " if b["kind"] == "claim" else "  ") + clip(b["text"], 100)
                  for b in section["blocks"]]
    emit(args, data, lines)
    return 0


def paragraph(args) -> int:
    from ..core import edits

    with open_store(args) as store:
        section = find_section(store, args.section)
        edit = edits.add_block(store, section["id"], text=normalise(args.text))
        edit.apply(store)
    print(edit.item_id)
    return 0


def export(args) -> int:
    from ..core.export import export_docx

    out = Path(args.output)
    # Opened once (opening checks the whole file): writable where it can be, to keep the
    # export's record for reading its review later; a read-only brief still exports.
    try:
        store = open_store(args)
    except ReadOnlyBriefError:
        store = open_store(args, readonly=True)
    with store:
        result = export_docx(store, out, template=args.template, annex=not args.no_annex,
                             style=args.style)
        unrecorded = record_export(store, result)
    if out.suffix.lower() != ".docx":
        print(f"warning: {out.name} does not end in .docx", file=sys.stderr)
    warn(result.warnings + unrecorded)
    print(result.path)
    return 0


def record_export(store: Store, result) -> list[str]:
    """Keep the export's record in the brief, for reading its review later (warnings)."""
    from ..core.review import record_export as record

    if store.readonly:
        return ["the brief is read-only, so this export was not recorded in it; a review of "
                "it will be compared with the brief as it is then"]
    try:
        edit = record(store, result.record, result.path)
        if edit.ops:  # an unchanged brief exported again: nothing to write
            edit.apply(store)
    except BriefError as exc:
        return [f"the export was not recorded in the brief ({exc}); a review of it will be "
                "compared with the brief as it is then"]
    return []
