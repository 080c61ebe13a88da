"""Drag-and-drop payloads shared between panels."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt

ANNOTATION_MIME = "application/x-briefing-builder-annotation"
CLAIM_MIME = "application/x-briefing-builder-claim"


def annotation_mime(annotation_id: str) -> QMimeData:
    data = QMimeData()
    data.setData(ANNOTATION_MIME, annotation_id.encode("ascii"))
    return data


def claim_mime(claim_id: str) -> QMimeData:
    data = QMimeData()
    data.setData(CLAIM_MIME, claim_id.encode("ascii"))
    return data


def read_id(data: QMimeData, mime: str) -> str | None:
    if data is None or not data.hasFormat(mime):
        return None
    return bytes(data.data(mime)).decode("ascii", "replace") or None


class DraggableAnnotations:
    """Mixin for a rows model whose rows are highlights (``row["id"]``): each row can be
    dragged onto a claim, as the reader's and the tags panel's lists allow."""

    def flags(self, index):
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self):
        return [ANNOTATION_MIME]

    def mimeData(self, indexes):
        return annotation_mime(self.rows[indexes[0].row()]["id"]) if indexes else None
