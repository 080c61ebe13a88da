"""The memo's header: To, From, Date, Classification and Subject, two fields a row.

Each field is committed as one edit when the user leaves it (Enter, Tab, a click elsewhere,
or the window closing); Ctrl+Z in a field first drops what was typed and not yet committed,
then undoes the brief's last step, from the window's one history.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QMenu, QWidget

from desktop.core import edits
from desktop.ui.memo.editor import WindowUndoKeys

HEADER_FIELDS = (("memo_to", "&To"), ("memo_from", "Fr&om"), ("memo_date", "&Date"),
                 ("subject", "&Subject"), ("classification", "&Classification"))

# Where each header field sits: (row, column, columns its field spans).
_HEADER_GRID = {"memo_to": (0, 0, 1), "memo_from": (0, 2, 1), "memo_date": (1, 0, 1),
                "classification": (1, 2, 1), "subject": (2, 0, 3)}


class HeaderField(WindowUndoKeys, QLineEdit):
    """A header line edit whose Ctrl+Z belongs to the window's undo stack, not Qt's."""

    undo_requested = Signal()
    redo_requested = Signal()

    def context_menu(self) -> QMenu:
        """Qt's menu for the field, with Undo/Redo leading to the window's history."""
        menu = self.createStandardContextMenu()
        own = [a for a in menu.actions() if a.text().replace("&", "").startswith(("Undo", "Redo"))]
        first = next((a for a in menu.actions() if a not in own), None)
        for action in own:
            menu.removeAction(action)
        undo = QAction("Undo", menu)
        undo.triggered.connect(self.undo_requested)
        redo = QAction("Redo", menu)
        redo.triggered.connect(self.redo_requested)
        menu.insertActions(first, [undo, redo])
        return menu

    def contextMenuEvent(self, event) -> None:
        self.context_menu().exec(event.globalPos())


class MemoHeader(QWidget):
    """The header fields (``fields`` by key), committed through ``session``."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.values: dict = {}  # what the brief holds, as last shown
        self.fields: dict[str, HeaderField] = {}
        # Two fields a row (the subject a whole row): the memo's text gets the height.
        form = QGridLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        for key, label in HEADER_FIELDS:
            field = HeaderField(self)
            field.setAccessibleName(label.replace("&", ""))
            field.editingFinished.connect(partial(self._commit, key))
            field.undo_requested.connect(partial(self._undo_in_field, field, key))
            field.redo_requested.connect(self.session.redo)
            caption = QLabel(label, self)
            caption.setBuddy(field)
            row, column, span = _HEADER_GRID[key]
            form.addWidget(caption, row, column)
            form.addWidget(field, row, column + 1, 1, span)
            self.fields[key] = field

    def show_values(self, header: dict) -> None:
        """Show the brief's header, leaving alone a field the user is typing in."""
        self.values = header
        for key, field in self.fields.items():
            value = header.get(key) or ""
            if field.text() != value and not field.isModified():
                field.setText(value)
                field.setCursorPosition(0)  # show the start of a long subject, not its end

    def _commit(self, key: str) -> None:
        field = self.fields[key]
        field.setModified(False)
        if field.text() != (self.values.get(key) or ""):
            self.session.run(edits.set_memo_header, initiator=self, **{key: field.text()})

    def _undo_in_field(self, field: HeaderField, key: str) -> None:
        """Ctrl+Z in a header field: first drop uncommitted typing, then undo the brief."""
        stored = self.values.get(key) or ""
        if field.isModified() and field.text() != stored:
            field.setText(stored)
        else:
            self.session.undo()
