"""The shared shape of the app's flat item models: a list of plain row dicts.

Subclasses name their column headers in ``COLUMNS`` and implement ``data``; loading,
counting and headers are the same for all of them, and they hold no SQL or rules.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, Qt

# More row insertions, removals and moves than this and a reset is cheaper than signalling each.
MAX_ROW_STEPS = 50
# Rows a table's fitted column is measured on (beside those in view), for
# QHeaderView.setResizeContentsPrecision: Qt measures again at every layout pass.
FIT_ROWS = 25


def sync_rows(model: QAbstractItemModel, parent: QModelIndex, rows: list[dict],
              ids: list[str], make: Callable[[str], dict],
              after: Callable[[], None] = lambda: None) -> list[str] | None:
    """Make ``rows`` (what ``model`` shows under ``parent``) list ``ids`` in that order.

    Rows whose id is not in ``ids`` are removed, rows out of place are moved and missing ones
    are inserted (``make(id)`` builds them), each with Qt's begin/end signals, so views keep
    their selection, expansion and scroll position. ``after`` runs after every change to the
    list, before the end signal (for models that index their rows). Returns the ids inserted,
    or None when it would take more than MAX_ROW_STEPS steps: the caller then resets the
    model (some rows may have been moved already, each change properly signalled).
    """
    wanted = set(ids)
    kept = [r["id"] for r in rows if r["id"] in wanted]
    steps = (len(rows) - len(kept)) + (len(ids) - len(kept))
    if steps > MAX_ROW_STEPS:
        return None
    _remove_unwanted(model, parent, rows, wanted, after)
    return _move_and_insert(model, parent, rows, ids, make, after, steps)


def _remove_unwanted(model, parent, rows, wanted, after) -> None:
    """Remove the rows whose id is not ``wanted``, a run at a time, the last run first so
    the earlier row numbers stay valid."""
    end = len(rows) - 1
    while end >= 0:
        if rows[end]["id"] in wanted:
            end -= 1
            continue
        start = end
        while start > 0 and rows[start - 1]["id"] not in wanted:
            start -= 1
        model.beginRemoveRows(parent, start, end)
        del rows[start:end + 1]
        after()
        model.endRemoveRows()
        end = start - 1


def _move_and_insert(model, parent, rows, ids, make, after, steps) -> list[str] | None:
    """Put ``rows`` (now a subset of ``ids``) in the order of ``ids``, moving rows out of
    place and inserting the missing ones; the ids inserted, or None past MAX_ROW_STEPS."""
    inserted = []
    for i, item_id in enumerate(ids):
        if i < len(rows) and rows[i]["id"] == item_id:
            continue
        j = next((k for k in range(i + 1, len(rows)) if rows[k]["id"] == item_id), -1)
        if j >= 0:
            steps += 1
            if steps > MAX_ROW_STEPS:  # a big reordering: the caller resets instead
                return None
            model.beginMoveRows(parent, j, j, parent, i)
            rows.insert(i, rows.pop(j))
            after()
            model.endMoveRows()
        else:
            model.beginInsertRows(parent, i, i)
            rows.insert(i, make(item_id))
            after()
            model.endInsertRows()
            inserted.append(item_id)
    return inserted


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

    def update(self, ids: list[str], fresh: dict[str, dict]) -> bool:
        """Show rows ``ids`` in that order without a reset: rows not listed go, new ones come
        from ``fresh`` (re-read rows by id), which also replaces the rows already shown.
        False (nothing or part done) when a reset is needed instead: :meth:`load` then."""
        shown = {r["id"] for r in self.rows}
        if any(i not in shown and i not in fresh for i in ids):
            return False
        inserted = sync_rows(self, QModelIndex(), self.rows, ids, fresh.__getitem__)
        if inserted is None:
            return False
        for item_id, row in fresh.items():
            at = self.row_of(item_id) if item_id not in inserted else -1
            if at >= 0:
                self.rows[at] = row
                self.dataChanged.emit(self.index(at, 0), self.index(at, len(self.COLUMNS) - 1))
        return True

    def row_of(self, item_id: str) -> int:
        """The row whose ``id`` is ``item_id``, or -1."""
        return next((i for i, r in enumerate(self.rows) if r["id"] == item_id), -1)
