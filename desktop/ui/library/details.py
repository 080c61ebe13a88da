"""Source → Source details… and the details asked as a source is imported: what its
citation needs (title, author, outlet, dates, address) and its reliability grade.

Loaded when a dialog first opens, not with the first window (the library imports it then).
"""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QVBoxLayout)

from desktop.core.model import RELIABILITY
from desktop.ui.common.badges import GRADE_CHOICES, grade_label


class SourceDialog(QDialog):
    """Edit a source's metadata and reliability grade."""

    FIELDS = [("title", "&Title"), ("author", "&Author"), ("outlet", "Outl&et"),
              ("published", "&Published (YYYY-MM-DD)"), ("url", "&URL"),
              ("accessed", "Acce&ssed (YYYY-MM-DD)")]

    def __init__(self, source: dict, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Source details")
        form = QFormLayout()
        self.edits = {}
        for key, label in self.FIELDS:
            edit = QLineEdit(source.get(key) or "")
            edit.setAccessibleName(label.replace("&", ""))
            edit.setCursorPosition(0)
            self.edits[key] = edit
            form.addRow(label, edit)
        self.grade = QComboBox()
        self.grade.setAccessibleName("Reliability")
        for letter in GRADE_CHOICES:
            self.grade.addItem(grade_label(letter), letter)
        current = source.get("reliability")
        self.grade.setCurrentIndex(GRADE_CHOICES.index(current if current in RELIABILITY
                                                       else None))
        form.addRow("&Reliability", self.grade)
        self.buttons = buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                                  | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&OK")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.setMinimumWidth(520)
        self.form = form
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> dict:
        out = {k: e.text().strip() for k, e in self.edits.items()}
        out["reliability"] = self.grade.currentData()
        return out

    @classmethod
    def ask(cls, source: dict, parent=None) -> dict | None:
        """The edited values, or None if the user cancelled."""
        dialog = cls(source, parent)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ImportDetailsDialog(SourceDialog):
    """What a citation needs, asked as a source is imported, pre-filled from the file."""

    def __init__(self, source: dict, remaining: int = 0, parent=None):
        super().__init__(source, parent)
        self.setWindowTitle(f"Details of the new source ({source.get('format') or 'text'})")
        self.add_all = False
        intro = QLabel("Check what the footnote will cite. You can change these later with "
                       "Source → Source details….")
        intro.setWordWrap(True)
        self.form.insertRow(0, intro)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Add sour&ce")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Don't add")
        if remaining:
            rest = self.buttons.addButton(f"Add &it and the {remaining} other(s) as they are",
                                          QDialogButtonBox.ButtonRole.AcceptRole)
            rest.clicked.connect(lambda: setattr(self, "add_all", True))

    @classmethod
    def ask(cls, source: dict, remaining: int = 0, parent=None) -> tuple[dict, bool] | None:
        """(values, add the remaining files without asking), or None to skip this file."""
        dialog = cls(source, remaining, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.values(), dialog.add_all
        finally:
            dialog.deleteLater()
