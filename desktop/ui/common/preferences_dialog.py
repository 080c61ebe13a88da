"""Preferences… (the dialog editing :class:`~desktop.ui.common.preferences.Preferences`,
asked through ``ask()``, which tests replace) and the citation-style choice it shares with
the export dialog. Loaded when one of them first opens, not with the first window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from desktop.core.model import CITATION_STYLES as BUNDLED, HOUSE_STYLE as HOUSE
from desktop.ui.common.filedialogs import OpenPaths
from desktop.ui.common.folders import remember_folder, start_folder
from desktop.ui.common.preferences import MAX_TEXT_SIZE, MIN_TEXT_SIZE, Preferences


def lay_out(dialog: QDialog, form: QFormLayout, note: str) -> QDialogButtonBox:
    """A settings dialog's layout: its form, a word-wrapped note, and OK and Cancel with
    their Alt letters (returned, for their labels)."""
    label = QLabel(note, dialog)
    label.setWordWrap(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&OK")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Cancel")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(label)
    layout.addWidget(buttons)
    return buttons


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A form label whose Alt letter (``&`` in ``text``) moves the focus to ``buddy``."""
    label = QLabel(text, buddy.parentWidget())
    label.setBuddy(buddy)
    return label


def style_combo(style: str | None, parent: QWidget | None = None) -> QComboBox:
    """A choice of citation style: the house style, the bundled CSL styles, and ``style``
    itself when it is a .csl file's path (shown by its name); ``style`` is selected."""
    combo = QComboBox(parent)
    combo.setAccessibleName("Citation style")
    combo.addItem("House style (Chicago-like notes, sources by surname)", HOUSE)
    for key, (label, _file) in BUNDLED.items():
        combo.addItem(label, key)
    if style and style not in (HOUSE, *BUNDLED):
        combo.addItem(Path(style).name, style)
    combo.setCurrentIndex(max(0, combo.findData(style or HOUSE)))
    return combo


class PreferencesDialog(QDialog):
    """Edit :class:`Preferences`; :meth:`values` reads the fields back."""

    def __init__(self, prefs: Preferences, default_size: float,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.name = QLineEdit(prefs.name, self)
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("recorded on the highlights, claims and notes you make")
        self.template = QLineEdit(prefs.template, self)
        self.template.setAccessibleName("Default Word template")
        self.template.setPlaceholderText("the app's own template")
        browse = QPushButton("C&hoose…", self)
        browse.clicked.connect(self._choose_template)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template, 1)
        template_row.addWidget(browse)
        self.backups = QSpinBox(self)
        self.backups.setAccessibleName("Backups kept per brief")
        self.backups.setRange(1, 100)
        self.backups.setValue(prefs.backups)
        self.text_size = QDoubleSpinBox(self)
        self.text_size.setAccessibleName("Text size")
        self.text_size.setDecimals(1)
        self.text_size.setSingleStep(1.0)
        self.text_size.setRange(MIN_TEXT_SIZE, MAX_TEXT_SIZE)
        self.text_size.setSuffix(" pt")
        self.text_size.setValue(prefs.text_size or default_size)
        self._default_size = default_size
        self.style = style_combo(prefs.style, self)
        choose_csl = QPushButton("Other .cs&l…", self)
        choose_csl.clicked.connect(self._choose_style)
        style_row = QHBoxLayout()
        style_row.addWidget(self.style, 1)
        style_row.addWidget(choose_csl)
        form = QFormLayout()
        form.addRow("Your &name", self.name)
        # A row of two widgets takes no buddy by itself: without one "&t" shows as typed.
        form.addRow(buddy_label("Default Word &template", self.template), template_row)
        form.addRow(buddy_label("Citation st&yle", self.style), style_row)
        form.addRow("&Backups kept per brief", self.backups)
        form.addRow("Text &size (sources and memo)", self.text_size)
        lay_out(self, form, "A backup is taken each time a brief is opened; older ones beyond "
                            "this number are removed. Ctrl+= and Ctrl+- also change the text "
                            "size.")

    def _choose_template(self) -> None:
        current = Path(self.template.text()).parent if self.template.text() else None
        folder = current if current and current.is_dir() else start_folder("template")
        path = next(iter(OpenPaths.ask(self, "Default Word template", str(folder),
                                       "Word templates (*.docx *.dotx)")), "")
        if path:
            remember_folder("template", path)
            self.template.setText(path)

    def _choose_style(self) -> None:
        path = choose_style_file(self)
        if path:
            if self.style.findData(path) < 0:
                self.style.addItem(Path(path).name, path)
            self.style.setCurrentIndex(self.style.findData(path))

    def values(self) -> Preferences:
        size = self.text_size.value()
        return Preferences(name=" ".join(self.name.text().split()),
                           template=self.template.text().strip(),
                           backups=self.backups.value(),
                           text_size=0.0 if abs(size - self._default_size) < 0.05 else size,
                           style=str(self.style.currentData()))

    @classmethod
    def ask(cls, parent: QWidget | None, prefs: Preferences,
            default_size: float) -> Preferences | None:
        """The preferences as the user left them, or None if they cancelled."""
        dialog = cls(prefs, default_size, parent)
        try:
            return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()



def choose_style_file(parent) -> str:
    """A .csl file the user chooses (empty if cancelled), from the folder last used for
    one, else their documents: never the app's working or data folder."""
    path = next(iter(OpenPaths.ask(parent, "Citation style", str(start_folder("style")),
                                   "CSL styles (*.csl);;All files (*)")), "")
    if path:
        remember_folder("style", path)
    return path
