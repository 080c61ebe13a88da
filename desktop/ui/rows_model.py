"""The shared shape of the app's flat item models: a list of plain row dicts.

Subclasses name their column headers in ``COLUMNS`` and implement ``data``; loading,
counting and headers are the same for all of them, and they hold no SQL or rules.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt


class RowsModel(QAbstractTableModel):
    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []

    def load(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def row_of(self, item_id: str) -> int:
        """The row whose ``id`` is ``item_id``, or -1."""
        return next((i for i, r in enumerate(self.rows) if r["id"] == item_id), -1)
