"""The brief's record of each export: what a reviewed copy is compared with.

Kept apart from reading reviews so that ``brief export`` records an export without loading
the review reader (start-up time counts there).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..edits import Edit
from ..export.identity import ExportRecord
from ..model import now
from ..store import Op, Store


def record_export(store: Store, record: ExportRecord, path: str | Path) -> Edit:
    """Remember an export (its identity, file hash and the text of every item as exported).

    Exporting an unchanged brief again gives the same export id: nothing new is recorded,
    only the file's name and hash are brought up to date.
    """
    path = Path(path)
    existing = store.select_one("exports", {"id": record.export_id})
    if existing is not None:
        values = {k: v for k, v in (("file_name", path.name), ("sha256", record.sha256))
                  if existing[k] != v}
        ops = [Op("update", "exports", key={"id": record.export_id},
                  old={k: existing[k] for k in values}, new=values)] if values else []
        return Edit("Record export", ops, record.export_id)
    row = {"id": record.export_id, "created": now(), "modified": record.stamp or now(),
           "created_by": store.user, "file_name": path.name, "sha256": record.sha256,
           "base": record.to_json()}
    return Edit("Record export", [Op("insert", "exports", row=row)], record.export_id)


def current_record(store: Store) -> ExportRecord:
    """The record an export of the brief as it is now would make (nothing is kept)."""
    from ..export import export_docx

    with tempfile.TemporaryDirectory(prefix="brief-review-") as folder:
        return export_docx(store, Path(folder) / "current.docx").record
