"""Panels made the first time they are needed, so the first window shows sooner.

At start-up only the library, the reader and the memo are in view; the claims (behind the
memo's tab at 1280 px), search, checks, review, tags and the evidence matrix are not.
Building them, and importing their modules, is a good part of what the first window waits
for.
:class:`LazyDock` is a dock whose panel is made when the dock comes into view (its tab
raised, its View-menu entry ticked) or when code asks for it (:meth:`LazyDock.panel`);
:class:`LazyPage` does the same for a page of a tab widget. Until then the dock or page
is empty and costs nothing: the user never sees it empty, since it is filled before it
is painted in view.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QTabWidget, QVBoxLayout, QWidget

from desktop.ui.common.on_screen import on_screen


class _Lazy:
    """What the dock and the page share: a factory, made at most once, and listeners."""

    def _init_lazy(self, factory: Callable[[], QWidget]) -> None:
        self._factory = factory
        self._panel: QWidget | None = None
        self._waiting: list[Callable[[QWidget], None]] = []

    def is_built(self) -> bool:
        return self._panel is not None

    def when_built(self, callback: Callable[[QWidget], None]) -> None:
        """``callback(panel)`` now if the panel exists, else as soon as it is made."""
        if self._panel is not None:
            callback(self._panel)
        else:
            self._waiting.append(callback)

    def panel(self) -> QWidget:
        """The panel, made now if it was not yet."""
        if self._panel is None:
            self._panel = self._factory()
            self._place(self._panel)
            for callback in self._waiting:
                callback(self._panel)
            self._waiting.clear()
        return self._panel


class LazyDock(_Lazy, QDockWidget):
    """A dock whose panel ``factory()`` makes when the dock first comes into view."""

    built = Signal(QWidget)

    def __init__(self, title: str, factory: Callable[[], QWidget], parent: QWidget):
        super().__init__(title, parent)
        self._init_lazy(factory)
        self._settled = False
        self.visibilityChanged.connect(self._visibility_changed)

    def _place(self, panel: QWidget) -> None:
        self.setWidget(panel)
        self.built.emit(panel)

    def _visibility_changed(self, visible: bool) -> None:
        if not visible or self.is_built():
            return
        if self._settled and on_screen(self):
            self.panel()  # its tab raised: made before it is painted
        else:
            # The window's first show passes every dock, some on top of a tab group for a
            # moment until the layout raises another: decide once the window is laid out.
            QTimer.singleShot(0, self, self._build_if_in_view)

    def _build_if_in_view(self) -> None:
        self._settled = True
        if not self.is_built() and on_screen(self):
            self.panel()


class LazyPage(_Lazy, QWidget):
    """A page of ``tabs`` whose panel ``factory()`` makes when the page is first chosen."""

    def __init__(self, tabs: QTabWidget, factory: Callable[[], QWidget]):
        super().__init__(tabs)
        self._init_lazy(factory)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        tabs.currentChanged.connect(
            lambda _index: tabs.currentWidget() is self and self.panel())

    def _place(self, panel: QWidget) -> None:
        panel.setParent(self)
        self._layout.addWidget(panel)
        if self.isVisible():
            panel.show()  # now, not on the layout's next turn: it fills before it paints
