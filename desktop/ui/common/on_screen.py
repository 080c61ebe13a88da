"""Work for what the user can see: a panel refreshes only while it is on screen.

A dock tabbed behind another stays ``isVisible()`` (Qt keeps it shown under the front tab)
with an empty ``visibleRegion()``; a panel that refreshed whenever it "is visible" would
recompute on every edit for nothing, and fill at start-up although the user cannot see it.
:class:`WhenOnScreen` keeps a panel's refresh for when it is really on screen: changes
made while it is off screen mark it behind, and it catches up when it comes into view (its
dock's tab raised, its tab in a tab widget chosen, the window shown) or when code needs its
contents now (:meth:`WhenOnScreen.ensure`, e.g. before selecting a row in it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDockWidget, QWidget


def on_screen(widget: QWidget) -> bool:
    """Shown, and not behind another dock's tab or a parent's other page."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


class WhenOnScreen(QObject):
    """Calls ``refresh()`` for ``panel`` when it is on screen and behind, never otherwise.

    The panel starts behind (filled when first seen). Call :meth:`changed` where the panel
    would have refreshed; ``delay_ms`` > 0 gathers a burst of changes into one refresh.
    """

    def __init__(self, panel: QWidget, refresh: Callable[[], None], delay_ms: int = 0):
        super().__init__(panel)
        self.panel = panel
        self._refresh = refresh
        self.behind = True
        self._docks: list[QDockWidget] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.catch_up)
        panel.installEventFilter(self)

    def changed(self) -> None:
        """The panel's data changed: refresh (soon) if it is on screen, else later."""
        self.behind = True
        if not on_screen(self.panel):
            return
        if self._timer.interval():
            self._timer.start()  # restarts: one refresh after the last change of a burst
        else:
            self.refresh()

    @property
    def pending(self) -> bool:
        """Whether a refresh is waiting for the end of a burst of changes."""
        return self._timer.isActive()

    def catch_up(self) -> None:
        """Refresh if behind and on screen."""
        if self.behind and on_screen(self.panel):
            self.refresh()

    def ensure(self) -> None:
        """Refresh now if behind, on screen or not: code is about to use the contents."""
        if self.behind:
            self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        self.behind = False
        self._refresh()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Show:
            self._watch_dock()
            self.catch_up()  # a page of a tab widget, just chosen: fill it before it paints
            # A dock's first show may come before the window's layout says whether it is
            # behind another tab: look again once laid out.
            QTimer.singleShot(0, self, self.catch_up)
        return False

    def _watch_dock(self) -> None:
        """A tab raised in a tabbed dock area shows no widget anew: the dock says it."""
        widget = self.panel.parentWidget()
        while widget is not None and not isinstance(widget, QDockWidget):
            widget = widget.parentWidget()
        if widget is not None and widget not in self._docks:
            self._docks.append(widget)
            widget.visibilityChanged.connect(
                lambda shown: shown and QTimer.singleShot(0, self, self.catch_up))
