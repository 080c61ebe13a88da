"""Where the panels go and how the keyboard moves between them.

The reader and the evidence matrix share the centre; the memo is a dock beside them, so a
source can be read while the memo is written; library, search and checks share the left;
the claims sit on the right. :class:`WorkspaceLayout` is mixed into the main window, which
owns the panels and docks it names.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget

# Bumped when the default dock layout changes, so an older saved layout is not restored.
LAYOUT_VERSION = 2
# A window at least this wide shows the memo beside the claims rather than tabbed with them.
WIDE = 1800


class WorkspaceLayout:
    """The main window's layout and panel navigation (View menu, F6, Ctrl+1/2/3)."""

    def arrange(self, width: int) -> None:
        """The default layout for a window ``width`` pixels wide.

        Wide: library | reader | memo | claims, all in view. Narrower: the memo and the
        claims share the right-hand side as tabs, the memo raised, so the reader and the
        memo are still side by side.
        """
        right = Qt.DockWidgetArea.RightDockWidgetArea
        for dock in (self.memo_dock, self.claims_dock):
            self.removeDockWidget(dock)
        if width >= WIDE:
            self.addDockWidget(right, self.memo_dock)
            self.splitDockWidget(self.memo_dock, self.claims_dock, Qt.Orientation.Horizontal)
            self.memo_dock.show()
            self.claims_dock.show()
            # Of 1,900 pixels: library 250, reader 600, memo 520, claims 530.
            self.resizeDocks([self.library_dock, self.memo_dock, self.claims_dock],
                             [int(width * 0.13), int(width * 0.27), int(width * 0.28)],
                             Qt.Orientation.Horizontal)
        else:
            self.addDockWidget(right, self.claims_dock)
            self.tabifyDockWidget(self.claims_dock, self.memo_dock)
            self.memo_dock.show()
            self.claims_dock.show()
            self.resizeDocks([self.library_dock, self.claims_dock],
                             [max(250, int(width * 0.2)), max(420, int(width * 0.42))],
                             Qt.Orientation.Horizontal)
            # A tab raised before the window is laid out does not stay raised.
            QTimer.singleShot(0, self.memo_dock, self.memo_dock.raise_)

    def show_reader(self) -> None:
        self.tabs.setCurrentWidget(self.reader)
        self.reader.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_memo(self) -> None:
        self.memo_dock.show()
        self.memo_dock.raise_()
        self.memo.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_matrix(self) -> None:
        self.tabs.setCurrentWidget(self.matrix_page)
        self.matrix.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_dock(self, dock: QDockWidget) -> None:
        dock.show()
        dock.raise_()
        target = {self.library_dock: lambda: self.library.view,
                  self.claims_dock: lambda: self.claims.view,
                  self.memo_dock: lambda: self.memo.tree,
                  self.search_dock: lambda: self.search.field,
                  self.checks_dock: lambda: self.checks.view}[dock]()
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def panels(self) -> list:
        """The widgets F6 moves between, in reading order (hidden ones are skipped, and so
        is the matrix until its tab was first chosen)."""
        def made(holder, widget):
            # A dock tabbed behind another counts (F6 brings it to the front): made now.
            wanted = holder.is_built() or (isinstance(holder, QDockWidget)
                                           and holder.isVisible())
            return [widget(holder.panel())] if wanted else []

        return [self.library.view, *made(self.search_dock, lambda p: p.field),
                *made(self.checks_dock, lambda p: p.view), self.reader.view,
                self.reader.list, *made(self.matrix_page, lambda p: p.view), self.memo.tree,
                *made(self.claims_dock, lambda p: p.view)]

    def cycle_panels(self, step: int) -> None:
        panels = self.panels()
        focused = QApplication.focusWidget()
        here = next((i for i, p in enumerate(panels)
                     if focused is not None and (p is focused or p.isAncestorOf(focused))), -1)
        for k in range(1, len(panels) + 1):
            candidate = panels[(here + step * k) % len(panels)]
            if candidate.isVisible() and candidate.isEnabled():
                candidate.setFocus(Qt.FocusReason.TabFocusReason)
                return

    def _reveal_focus(self, _old, new) -> None:
        """Tab into a panel that is behind another (tabbed docks): bring it to the front,
        so what has the keyboard focus can be seen."""
        if new is None or not self.isAncestorOf(new) or not new.visibleRegion().isEmpty():
            return
        for dock in (self.library_dock, self.search_dock, self.checks_dock, self.memo_dock,
                     self.claims_dock):
            if dock.isAncestorOf(new) and self.tabifiedDockWidgets(dock):
                dock.raise_()
                return


def first_size(available: QSize) -> QSize:
    """A first window that fits the screen's free area (minus room for the frame)."""
    width = available.width() - (16 if available.width() > 1440 else 8)
    height = available.height() - (48 if available.height() > 900 else 36)
    return QSize(max(640, width), max(480, height))
