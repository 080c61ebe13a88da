"""Small dialogs the memo panel asks through, each behind a ``classmethod ask()``.

Tests replace ``ask`` to answer without showing anything; the app shows the dialog modally.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QInputDialog, QLineEdit,
                               QListWidget, QListWidgetItem, QVBoxLayout, QWidget)


class SectionTitleDialog:
    """Asks for a section title."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, current: str = "") -> str | None:
        text, ok = QInputDialog.getText(parent, title, "Section title:", text=current)
        text = " ".join(text.split())
        return text if ok and text else None


class ClaimChooserDialog(QDialog):
    """Pick one claim to place in the memo, filtering by words of its statement."""

    def __init__(self, claims: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Place claim")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter claims")
        self.filter.setAccessibleName("Filter claims")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Claims")
        for claim in claims:
            evidence = len(claim["evidence"])
            item = QListWidgetItem(f"{claim['text']}  ({evidence} evidence)")
            item.setData(Qt.ItemDataRole.UserRole, claim["id"])
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.filter.textChanged.connect(self._filter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = not all(w in item.text().casefold() for w in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = row
        if first is not None:
            self.list.setCurrentRow(first)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item and not item.isHidden() else None

    @classmethod
    def ask(cls, parent: QWidget | None, claims: list[dict]) -> str | None:
        """The id of the claim the user chose, or None."""
        dialog = cls(claims, parent)
        try:
            return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
