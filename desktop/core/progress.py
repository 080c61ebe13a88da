"""Progress and cancel for long core work, without Qt.

Long functions (planning a merge, exporting, the checks) take two optional callables:
``progress(done, total)``, told as steps finish, and ``cancelled()``, asked between steps;
when it answers True the function raises :class:`~desktop.core.errors.Cancelled` before it
changes or writes anything. The window runs such work on a worker thread and wires both
to a progress dialog with a Cancel button (``desktop/ui/common/background.py``); the CLI passes
neither.
"""

from __future__ import annotations

from collections.abc import Callable

from .errors import Cancelled

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


class Steps:
    """Counts ``total`` steps of one piece of work, reporting each and stopping on cancel."""

    def __init__(self, total: int, progress: Progress | None = None,
                 cancelled: CancelCheck | None = None):
        self.total = max(1, total)
        self.done = 0
        self.progress = progress
        self.cancelled = cancelled

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user asked to stop (cheap: call it in loops)."""
        if self.cancelled is not None and self.cancelled():
            raise Cancelled

    def __call__(self, count: int = 1) -> None:
        """``count`` more steps are done: stop here if cancelled, else report."""
        self.check()
        self.done = min(self.total, self.done + count)
        if self.progress is not None:
            self.progress(self.done, self.total)
