"""Dragging on the memo page: blocks moved by their handle, claims dropped in from the
claims panel, and the line that shows where a drop would land.

:class:`BlockDrops` is mixed into :class:`~desktop.ui.memo.document.MemoDocument`, whose
page, sections, built rows and headings, indicator and request signals it uses; like the
page it never edits, it emits a request after the drag returns.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QTimer

from desktop.ui.common.mime import CLAIM_MIME, read_id
from desktop.ui.memo.model import MEMO_ITEM_MIME


class BlockDrops:
    """Drag and drop on the memo page (a mixin for the page's scroll area)."""

    def dragEnterEvent(self, event) -> None:
        if self._drop_request(event.mimeData(), self._page_y(event)) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        request = self._drop_request(event.mimeData(), self._page_y(event))
        if request is None:
            self.indicator.hide()
            event.ignore()
            return
        self._show_indicator(self._page_y(event))
        event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self.indicator.hide()

    def dropEvent(self, event) -> None:
        self.indicator.hide()
        request = self._drop_request(event.mimeData(), self._page_y(event))
        if request is None:
            event.ignore()
            return
        event.acceptProposedAction()
        signal, *args = request
        # After the drag returns: the edit rebuilds the page the drag started from.
        QTimer.singleShot(0, self, lambda: signal.emit(*args))

    def _page_y(self, event) -> int:
        return self.page.mapFrom(self.viewport(), event.position().toPoint()).y()

    def drop_slot(self, y: int) -> tuple[str, int] | None:
        """(section id, index) a block dropped at page height ``y`` would land in."""
        slot = None
        for section in self._sections:
            heading = self.headings.get(section["id"])
            if heading is None:  # below the part of the page built so far
                return slot or (section["id"], 0)
            if slot is not None and y < heading.geometry().center().y():
                return slot
            slot = (section["id"], 0)
            for index, block in enumerate(section["blocks"]):
                row = self.rows.get(block["id"])
                if row is None or y < row.geometry().center().y():
                    return section["id"], index
                slot = (section["id"], index + 1)
        return slot

    def _drop_request(self, data: QMimeData, y: int):
        slot = self.drop_slot(y)
        if slot is None or data is None:
            return None
        section_id, index = slot
        moving = read_id(data, MEMO_ITEM_MIME)
        if moving and moving.startswith("block:"):
            block_id = moving.split(":", 1)[1]
            section = next(s for s in self._sections if s["id"] == section_id)
            current = next((i for i, b in enumerate(section["blocks"])
                            if b["id"] == block_id), None)
            if current is not None and current < index:
                index -= 1
            return self.move_requested, block_id, section_id, index
        claim_id = read_id(data, CLAIM_MIME)
        if claim_id and not moving:
            return self.claim_drop_requested, claim_id, section_id, index
        return None

    def _show_indicator(self, y: int) -> None:
        slot = self.drop_slot(y)
        if slot is None:
            return
        section_id, index = slot
        blocks = next(s for s in self._sections if s["id"] == section_id)["blocks"]
        if index < len(blocks):
            self._build_through(blocks[index]["id"])
        if index < len(blocks):
            top = self.rows[blocks[index]["id"]].geometry().top()
        elif blocks:
            top = self.rows[blocks[-1]["id"]].geometry().bottom()
        else:
            top = self.headings[section_id].geometry().bottom()
        margin = self.page_layout.contentsMargins()
        self.indicator.setGeometry(margin.left(), top - 1,
                                   self.page.width() - margin.left() - margin.right(), 3)
        self.indicator.raise_()
        self.indicator.show()
