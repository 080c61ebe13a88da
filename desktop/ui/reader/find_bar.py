"""Find within the source on screen: a bar above the text, separate from brief-wide search.

Matches are found in the reader's text (code points, case-insensitive) and selected one at a
time through the reader's own ``select_range``, so a found passage can be highlighted or
made a claim straight away. Enter or F3 goes to the next match, Shift+Enter or Shift+F3 to
the previous one, Escape closes the bar and gives the text back the keyboard.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """(start, end) code point spans of ``query`` in ``text``, ignoring case."""
    if not query:
        return []
    return [m.span() for m in re.finditer(re.escape(query), text, re.IGNORECASE)]


class FindBar(QWidget):
    """Find in the reader's current source; ``reader`` provides ``text`` and ``select_range``."""

    def __init__(self, reader, parent: QWidget | None = None):
        super().__init__(parent)
        self.reader = reader
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Find in this source")
        self.field.setAccessibleName("Find in this source")
        # Its clear button (a style icon, ~10 ms to load) is added when the bar first opens.
        self.field.textChanged.connect(self._search)
        self.field.returnPressed.connect(self.next)
        self.count = QLabel(self)
        self.count.setMinimumWidth(90)
        previous = QToolButton(self)
        previous.setText("▲")
        previous.setToolTip("Previous match (Shift+F3)")
        previous.clicked.connect(self.previous)
        following = QToolButton(self)
        following.setText("▼")
        following.setToolTip("Next match (F3)")
        following.clicked.connect(self.next)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(close)
        # Named, so the shortcut list (F1) can say what they do.
        self.key_actions = []  # also in Edit → Find next / previous / Close the find bar
        for name, keys, slot in (("Find next", ("F3",), self.next),
                                 ("Find previous", ("Shift+F3", "Shift+Return"), self.previous),
                                 ("Close the find bar", ("Escape",), self.close_bar)):
            action = QAction(name, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            self.key_actions.append(action)
        self.hide()
        self._keys_live(False)

    def _keys_live(self, live: bool) -> None:
        """Find next / previous / Close in the Edit menu: greyed out while the bar is shut."""
        for action in self.key_actions:
            action.setEnabled(live)

    def open(self) -> None:
        """Show the bar with the selected words (if short) as the query, ready to type."""
        selected = self.reader.view.textCursor().selectedText()
        if selected and "\u2029" not in selected and len(selected) < 80:
            self.field.setText(selected)
        self.field.setClearButtonEnabled(True)
        self.show()
        self._keys_live(True)
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self._search(self.field.text())

    def close_bar(self) -> None:
        self.hide()
        self._keys_live(False)
        self.reader.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def refresh(self) -> None:
        """The source changed: search its new text."""
        if self.isVisible():
            self._search(self.field.text())

    def _search(self, query: str) -> None:
        self.matches = find_all(self.reader.text, query)
        # Start from the cursor, as a reader expects: the next match below where they are.
        here = self.reader.positions.from_qt(self.reader.view.textCursor().selectionStart())
        self.current = next((i for i, (start, _e) in enumerate(self.matches) if start >= here),
                            0 if self.matches else -1)
        self._show()

    def next(self) -> None:
        if self.matches:
            self.current = (self.current + 1) % len(self.matches)
            self._show()

    def previous(self) -> None:
        if self.matches:
            self.current = (self.current - 1) % len(self.matches)
            self._show()

    def _show(self) -> None:
        if not self.field.text():
            self.count.setText("")
        elif not self.matches:
            self.count.setText("no match")
        else:
            self.count.setText(f"{self.current + 1} of {len(self.matches)}")
            self.reader.select_range(*self.matches[self.current])
            self.reader.view.centerCursor()
