"""The memo's outline as a Qt item model: sections at the top level, their blocks beneath.

The model adapts the plain dict that :func:`desktop.core.queries.memo` returns and holds no
business rules: a drop or an in-place rename is turned into a *request* signal, and the
panel decides which edit to push. Requests are emitted on the next turn of the event loop,
because the edit they cause refreshes this model, which must not happen while the view is
still inside its drop handling.
"""

from __future__ import annotations

from PySide6.QtCore import (QAbstractItemModel, QByteArray, QMimeData, QModelIndex, QObject,
                            Qt, QTimer, Signal)
from PySide6.QtGui import QFont

from desktop.core import markup
from desktop.ui.common.badges import review_icon
from desktop.ui.common.mime import CLAIM_MIME, read_id

MEMO_ITEM_MIME = "application/x-briefing-builder-memo-item"

ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "section", "prose" or "claim"

_SECTION = 0  # internalId of a section index; a block's is its section's row + 1


class MemoOutlineModel(QAbstractItemModel):
    """Sections and blocks of the memo, refreshed with :meth:`refresh`."""

    block_move_requested = Signal(str, str, int)    # block id, section id, index
    section_move_requested = Signal(str, int)       # section id, index
    claim_drop_requested = Signal(str, str, int)    # claim id, section id, index
    rename_requested = Signal(str, str)             # section id, new title

    def __init__(self, memo: dict | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._sections: list[dict] = []
        self.review_counts: dict[str, int] = {}  # block or claim id -> open review items
        if memo:
            self._sections = memo["sections"]

    # ------------------------------------------------------------------------- contents
    def refresh(self, memo: dict) -> None:
        """Show ``memo``; keeps the view's state when only texts changed (typing)."""
        sections = memo["sections"]
        if _shape(sections) != _shape(self._sections):
            self.beginResetModel()
            self._sections = sections
            self.endResetModel()
            return
        old, self._sections = self._sections, sections
        for row, (was, now) in enumerate(zip(old, sections)):
            if was["title"] != now["title"]:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)
            parent = self.index(row, 0)
            for brow, (b_was, b_now) in enumerate(zip(was["blocks"], now["blocks"])):
                if b_was != b_now:
                    index = self.index(brow, 0, parent)
                    self.dataChanged.emit(index, index)

    def sections(self) -> list[dict]:
        return self._sections

    def item(self, index: QModelIndex) -> dict | None:
        """The section or block dict at ``index``."""
        if not index.isValid():
            return None
        if index.internalId() == _SECTION:
            return self._sections[index.row()]
        return self._sections[index.internalId() - 1]["blocks"][index.row()]

    def section_of(self, index: QModelIndex) -> dict | None:
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == _SECTION else index.internalId() - 1
        return self._sections[row]

    def find(self, item_id: str) -> QModelIndex:
        """The index of the section or block with ``item_id`` (invalid if none)."""
        for row, section in enumerate(self._sections):
            if section["id"] == item_id:
                return self.index(row, 0)
            for brow, block in enumerate(section["blocks"]):
                if block["id"] == item_id:
                    return self.index(brow, 0, self.index(row, 0))
        return QModelIndex()

    # ------------------------------------------------------------------------ structure
    def index(self, row: int, column: int = 0, parent=QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row < len(self._sections):
                return self.createIndex(row, 0, _SECTION)
            return QModelIndex()
        if parent.internalId() != _SECTION:
            return QModelIndex()
        blocks = self._sections[parent.row()]["blocks"]
        if row < len(blocks):
            return self.createIndex(row, 0, parent.row() + 1)
        return QModelIndex()

    def parent(self, index=QModelIndex()) -> QModelIndex:
        if not index.isValid() or index.internalId() == _SECTION:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _SECTION)

    def rowCount(self, parent=QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._sections)
        if parent.column() != 0 or parent.internalId() != _SECTION:
            return 0
        return len(self._sections[parent.row()]["blocks"])

    def columnCount(self, parent=QModelIndex()) -> int:
        return 1

    def set_review_counts(self, counts: dict[str, int]) -> None:
        """Badge the blocks with open review items (``counts``: block or claim id -> items).

        Only the blocks whose badge changes are signalled: the counts are refreshed after
        every edit to a claim or the memo, and each signal has the outline read its rows.
        """
        changed = {k for k in counts.keys() | self.review_counts.keys()
                   if counts.get(k) != self.review_counts.get(k)}
        self.review_counts = counts
        if not changed:
            return
        for row, section in enumerate(self._sections):
            parent = self.index(row, 0)
            for at, block in enumerate(section["blocks"]):
                if block["id"] in changed or (block.get("claim") or "") in changed:
                    self.dataChanged.emit(self.index(at, 0, parent), self.index(at, 0, parent))

    def hasChildren(self, parent=QModelIndex()) -> bool:
        return self.rowCount(parent) > 0

    # ----------------------------------------------------------------------------- data
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        item = self.item(index)
        if item is None:
            return None
        is_section = index.internalId() == _SECTION
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if is_section:
                return item["title"]
            if item["kind"] == "claim":
                return f"[claim] {item['text']}"
            text = " ".join(markup.plain(item["text"]).split())
            return text or "(empty paragraph)"
        reviews = 0 if is_section else (self.review_counts.get(item["id"], 0)
                                        + self.review_counts.get(item.get("claim") or "", 0))
        if role == Qt.ItemDataRole.DecorationRole and reviews:
            return review_icon()
        if role == Qt.ItemDataRole.ToolTipRole and not is_section:
            text = item["text"] if item["kind"] == "claim" else markup.plain(item["text"])
            return text + (f"\n({reviews} open review item(s))" if reviews else "")
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            if is_section:
                font.setBold(True)
            elif item["kind"] == "prose" and not item["text"].strip():
                font.setItalic(True)
            return font
        if role == ID_ROLE:
            return item["id"]
        if role == KIND_ROLE:
            return "section" if is_section else item["kind"]
        return None

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                 | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)
        if index.internalId() == _SECTION:
            flags |= Qt.ItemFlag.ItemIsEditable
        else:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        """An in-place rename: asks the panel to rename (the change arrives by refresh)."""
        if (role != Qt.ItemDataRole.EditRole or not index.isValid()
                or index.internalId() != _SECTION):
            return False
        title = " ".join(str(value or "").split())
        section = self._sections[index.row()]
        if not title or title == section["title"]:
            return False
        self._later(self.rename_requested, section["id"], title)
        return True

    # ---------------------------------------------------------------------- drag & drop
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MEMO_ITEM_MIME, CLAIM_MIME]

    def mimeData(self, indexes) -> QMimeData | None:
        items = [i for i in indexes if i.isValid()]
        if not items:
            return None
        index = items[0]
        kind = "section" if index.internalId() == _SECTION else "block"
        data = QMimeData()
        data.setData(MEMO_ITEM_MIME, QByteArray(f"{kind}:{self.item(index)['id']}".encode()))
        return data

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return self._drop_target(data, row, parent) is not None

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        target = self._drop_target(data, row, parent)
        if target is None:
            return False
        signal, *args = target
        self._later(signal, *args)
        return True

    def _drop_target(self, data: QMimeData, row: int, parent: QModelIndex):
        """(request signal, *arguments) for a drop, or None if it cannot land there."""
        if data is None:
            return None
        moving = read_id(data, MEMO_ITEM_MIME)
        if moving and moving.startswith("section:"):
            if parent.isValid() and (parent.internalId() != _SECTION or row >= 0):
                return None  # not among blocks
            if parent.isValid():  # dropped onto a section: take its place
                row = parent.row()
            elif row < 0:
                row = len(self._sections)
            section_id = moving.split(":", 1)[1]
            current = next((i for i, s in enumerate(self._sections)
                            if s["id"] == section_id), None)
            if current is None:
                return None
            return self.section_move_requested, section_id, row - (current < row)
        if not parent.isValid():
            return None  # blocks and claims belong inside a section
        if parent.internalId() != _SECTION:  # onto a block: take its place
            row, parent = parent.row(), parent.parent()
        section = self._sections[parent.row()]
        row = len(section["blocks"]) if row < 0 else row
        if moving and moving.startswith("block:"):
            block_id = moving.split(":", 1)[1]
            current = next((i for i, b in enumerate(section["blocks"])
                            if b["id"] == block_id), None)
            if current is not None and current < row:
                row -= 1
            return self.block_move_requested, block_id, section["id"], row
        claim_id = read_id(data, CLAIM_MIME)
        if claim_id and not moving:
            return self.claim_drop_requested, claim_id, section["id"], row
        return None

    def _later(self, signal, *args) -> None:
        QTimer.singleShot(0, self, lambda: signal.emit(*args))


def _shape(sections: list[dict]) -> list:
    """What decides the rows: section ids in order, each with its block ids in order."""
    return [(s["id"], [b["id"] for b in s["blocks"]]) for s in sections]
