"""The shortcut list (F1): every key the window and its panels answer to, in one table.

Read from the live actions, so a new action with a shortcut is listed without anyone
remembering to add it here.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QHeaderView, QLabel,
                               QMenu, QTableWidget, QTableWidgetItem, QVBoxLayout)

# Keys that are not menu entries, for the shortcut list (F1).
NAVIGATION_KEYS = (
    ("F6 / Shift+F6", "Move to the next / previous panel"),
    ("Tab / Shift+Tab", "Move to the next / previous control; arrows move inside a list"),
    ("Shift+arrows", "Select text in the reader"),
    ("Enter", "Open the item chosen in a list (a check, an evidence row, a search hit)"),
    ("F2", "Edit the chosen claim's statement, likelihood or confidence; rename a section"),
    ("Menu key / Shift+F10", "The context menu of the chosen item"),
)


def menu_paths(window) -> dict[QAction, str]:
    """Every entry of ``window``'s menus and where it is ("Source → Source reliability").

    Walked down from the menu bar: asking each action for its menus (associatedObjects)
    instead left deleted actions behind in the window's list, in tests."""
    paths: dict[QAction, str] = {}

    def walk(menu, path: str) -> None:
        for action in menu.actions():
            paths.setdefault(action, path)
            if action.menu() is not None:
                walk(action.menu(), f"{path} → {action.text().replace('&', '')}")

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), top.text().replace("&", ""))
    return paths


def shortcut_rows(window, panels: dict) -> list[tuple[str, str]]:
    """(what, keys) for every action of ``window`` that has a shortcut, named with its menu
    ("Memo → Delete"), or with its panel from ``panels`` if it is in no menu ("Claims:
    Delete"), every field label with an Alt+letter, and the keys that move around."""
    native = QKeySequence.SequenceFormat.NativeText
    rows = set()
    paths = menu_paths(window)
    for action in window.findChildren(QAction):
        keys = ", ".join(k.toString(native) for k in action.shortcuts() if not k.isEmpty())
        if not keys or not action.text():
            continue
        what = action.text().replace("&", "").rstrip(".…")
        owner = action.parent()
        where = paths.get(action)
        while owner is not None and owner not in panels:
            owner = owner.parent()
        if where:
            what = f"{where} → {what}"
        elif owner is not None:
            what = f"{panels[owner]}: {what}"
        rows.add((what, keys))
    for label in window.findChildren(QLabel):
        text = label.text()
        if label.buddy() is not None and "&" in text and not text.startswith("<"):
            letter = text[text.index("&") + 1].upper()
            rows.add((f"Go to field: {text.replace('&', '')}", f"Alt+{letter}"))
    return sorted(rows, key=lambda r: r[0].casefold()) + [(w, k) for k, w in NAVIGATION_KEYS]


class ShortcutsDialog(QDialog):
    """Every shortcut in a scrolling two-column list (it is longer than a small screen)."""

    def __init__(self, parent, rows: list[tuple[str, str]]):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels(["Action", "Keys"])
        table.setAccessibleName("Keyboard shortcuts")
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        for row, (what, keys) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(what))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        available = (parent.screen() if parent else QApplication.primaryScreen()
                     ).availableGeometry()
        self.resize(min(620, available.width() - 40), min(640, available.height() - 60))

    @classmethod
    def ask(cls, parent, rows: list[tuple[str, str]]) -> None:
        dialog = cls(parent, rows)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
