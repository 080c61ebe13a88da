"""Drag-and-drop payloads shared between panels."""

from __future__ import annotations

from PySide6.QtCore import QMimeData

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
