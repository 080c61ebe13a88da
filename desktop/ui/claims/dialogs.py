"""The claims panel's dialogs: a new claim's statement and ratings, an evidence note.

Each sits behind a ``classmethod ask()`` that tests replace; the app shows it modally.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QInputDialog,
                               QPlainTextEdit)

from desktop.core.model import CONFIDENCE, LIKELIHOOD

__all__ = ["NewClaimDialog", "EvidenceNoteDialog"]


class NewClaimDialog(QDialog):
    """Asks for a claim's statement and, optionally, its likelihood and confidence."""

    def __init__(self, parent=None, statement: str = ""):
        super().__init__(parent)
        self.setWindowTitle("New claim")
        self.statement = QPlainTextEdit(statement)
        self.statement.setAccessibleName("Claim statement")
        self.statement.setTabChangesFocus(True)
        self.statement.selectAll()  # the quote is a suggestion: typing replaces it
        self.setMinimumWidth(520)
        self.likelihood = QComboBox(accessibleName="Likelihood")
        self.likelihood.addItem("(not set)", "")
        for term, band in LIKELIHOOD.items():
            self.likelihood.addItem(f"{term} ({band})", term)
        self.confidence = QComboBox(accessibleName="Confidence")
        self.confidence.addItem("(not set)", "")
        for level in CONFIDENCE:
            self.confidence.addItem(level, level)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&OK")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Statement:", self.statement)
        form.addRow("&Likelihood:", self.likelihood)
        form.addRow("Co&nfidence:", self.confidence)  # C is Cancel's
        form.addRow(buttons)

    def values(self) -> dict:
        # toPlainText() would turn non-breaking spaces ("5\u00a0000") into plain ones.
        text = self.statement.document().toRawText().replace("\u2029", "\n")
        return {"statement": text.strip(),
                "likelihood": self.likelihood.currentData() or None,
                "confidence": self.confidence.currentData() or None}

    @classmethod
    def ask(cls, parent=None, statement: str = "") -> dict | None:
        """The new claim's values, or None if cancelled (tests replace this)."""
        dialog = cls(parent, statement)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        values = dialog.values()
        return values if values["statement"] else None


class EvidenceNoteDialog:
    """Asks how a piece of evidence was weighed (the note shown with it in the memo)."""

    @classmethod
    def ask(cls, parent=None, note: str = "") -> str | None:
        text, ok = QInputDialog.getMultiLineText(parent, "Evidence note",
                                                 "How was this evidence weighed?", note)
        return text if ok else None
