""""Link to claim…": choose a claim by typing words of it, a stance, and a note.

Behind a ``classmethod ask()`` that tests replace; the app shows it modally.
"""

from __future__ import annotations

from PySide6.QtCore import (QEvent, QRegularExpression, QSortFilterProxyModel,
                            QStringListModel, Qt)
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QDialogButtonBox,
                               QFormLayout, QLineEdit, QListView, QPlainTextEdit, QWidget)

from desktop.ui.common.badges import STANCE_LABELS, stance_icon


class LinkEvidenceDialog(QDialog):
    """The claims filtered by every word typed, a stance and a note."""

    def __init__(self, claims: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Link to claim")
        self.resize(560, 420)
        self.claims = claims
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Type words of the claim")
        self.filter.setAccessibleName("Filter claims")
        self.filter.setClearButtonEnabled(True)
        self.source_model = QStringListModel([c["text"] for c in claims], self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.source_model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.list.setAccessibleName("Claims")
        self.list.setWordWrap(True)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.stance = QComboBox(self)
        self.stance.setAccessibleName("Stance")
        for stance, label in STANCE_LABELS.items():
            self.stance.addItem(stance_icon(stance), label, stance)
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("How this evidence bears on the claim (optional)")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&OK")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Cancel")
        self.list.activated.connect(lambda _index: self.accept())
        self.filter.textChanged.connect(self._filter)
        # Down from the filter goes into the list, as in a completer.
        self.filter.returnPressed.connect(self._enter_from_filter)
        self.filter.installEventFilter(self)
        form = QFormLayout(self)
        form.addRow("&Find:", self.filter)
        form.addRow("C&laim:", self.list)  # C is Cancel's
        form.addRow("&Stance:", self.stance)
        form.addRow("&Note:", self.note)
        form.addRow(buttons)
        self._filter("")

    def eventFilter(self, watched, event) -> bool:
        """Up, Down, Page Up and Page Down in the find field move in the list."""
        if (watched is self.filter and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
                                    Qt.Key.Key_PageDown)):
            QApplication.sendEvent(self.list, event)
            return True
        return super().eventFilter(watched, event)

    def _filter(self, text: str) -> None:
        words = [w for w in text.split() if w]
        # Every word, in any order: a lookahead per word.
        pattern = "".join(f"(?=.*{QRegularExpression.escape(w)})" for w in words)
        self.proxy.setFilterRegularExpression(pattern)
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        self.ok.setEnabled(self.proxy.rowCount() > 0)

    def _enter_from_filter(self) -> None:
        if self.chosen():
            self.accept()

    def chosen(self) -> str | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        return self.claims[self.proxy.mapToSource(index).row()]["id"]

    def values(self) -> dict | None:
        claim_id = self.chosen()
        if claim_id is None:
            return None
        return {"claim_id": claim_id, "stance": self.stance.currentData(),
                "note": self.note.toPlainText().strip()}

    @classmethod
    def ask(cls, parent: QWidget | None, claims: list[dict]) -> dict | None:
        """{"claim_id", "stance", "note"}, or None if cancelled."""
        dialog = cls(claims, parent)
        try:
            return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

