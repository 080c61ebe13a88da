"""Long core work off the GUI thread, with a progress dialog that has Cancel (after Anki's
``QueryOp``).

``work(progress, cancelled)`` runs on a pool thread and gets the two callables the core's
long functions take (:mod:`desktop.core.progress`): ``progress(done, total)`` reaches the
dialog as a queued signal, and ``cancelled()`` answers True once the user pressed Cancel,
so the core raises :class:`~desktop.core.errors.Cancelled` at its next step. The outcome
comes back on the GUI thread as exactly one of ``succeeded(value)``, ``failed(message)``
or ``cancelled()``.

The work must touch only what was handed to it: never the session's store (an SQLite
connection belongs to the thread that uses it, and the window keeps writing through its
own). Work that reads the brief opens its own read-only :class:`Store` on the file; any
write happens afterwards, on the GUI thread, through the session.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from desktop.core.errors import BriefError, Cancelled

log = logging.getLogger(__name__)

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], object]


class _Signals(QObject):
    progressed = Signal(int, int)     # done, total
    finished = Signal(str, object)    # "succeeded" / "failed" / "cancelled", value


class _Job:
    """Runs ``work`` on a pool thread; always ends with one ``finished`` signal.

    Started as a plain callable (``QThreadPool.start(job.run)``): the pool's own runnable
    holds it until ``run`` has returned, whatever the GUI thread drops meanwhile."""

    def __init__(self, work: Work, writes: bool):
        self.work = work
        self.writes = writes
        self.signals = _Signals()
        self.stop = threading.Event()  # set from the GUI thread

    def run(self) -> None:
        try:
            outcome, value = "succeeded", self.work(self._progress, self.stop.is_set)
        except Cancelled:
            outcome, value = "cancelled", None
        except BriefError as exc:
            outcome, value = "failed", str(exc)
        except Exception as exc:  # a bug in the work: report it, keep the app alive
            log.exception("background work failed")
            outcome, value = "failed", f"an unexpected problem ({exc})"
        if outcome == "succeeded" and self.stop.is_set() and not self.writes:
            outcome, value = "cancelled", None  # too late to stop it, but not wanted now
        self.signals.finished.emit(outcome, value)

    def _progress(self, done: int, total: int) -> None:
        if self.stop.is_set():
            raise Cancelled
        self.signals.progressed.emit(done, total)


class BackgroundTask(QObject):
    """One piece of work on a pool thread, shown in a window-modal progress dialog.

    ``title``/``label``: the dialog's. With ``dialog=False`` nothing is shown (work the
    user did not ask for, such as re-running the checks after an edit). The dialog appears
    only when the work outlasts ``show_after_ms``, so quick work does not flash it.

    A result that arrives after Cancel was pressed is dropped (``cancelled``), unless the
    work ``writes`` (an export): what it finished writing is reported as done.
    """

    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None, work: Work, title: str = "",
                 label: str = "", dialog: bool = True, show_after_ms: int = 300,
                 writes: bool = False):
        super().__init__(parent)
        self.parent_widget = parent
        self.title, self.label = title, label
        self.with_dialog = dialog
        self.show_after_ms = show_after_ms
        self._job: _Job | None = _Job(work, writes)
        self.progress = None  # the QProgressDialog, once made
        self.outcome: str | None = None  # set when the work has ended
        self._ended = False  # and once whoever listens has heard it

    @property
    def busy(self) -> bool:
        """True until the outcome was delivered (and acted on by the connected slots)."""
        return not self._ended

    def start(self) -> "BackgroundTask":
        job = self._job
        job.signals.progressed.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        if self.with_dialog:
            from PySide6.QtWidgets import QProgressDialog  # made when first asked for

            self.progress = dialog = QProgressDialog(self.label, "Cancel", 0, 0,
                                                     self.parent_widget)
            dialog.setWindowTitle(self.title)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(self.show_after_ms)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(self.cancel)
        QThreadPool.globalInstance().start(job.run)
        return self

    def cancel(self) -> None:
        """Ask the work to stop at its next step (the outcome is then ``cancelled``)."""
        if self._job is not None:
            self._job.stop.set()
            if self.progress is not None:
                self.progress.setLabelText("Cancelling…")

    def _on_progress(self, done: int, total: int) -> None:
        if self.progress is not None and self._job is not None:
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(min(done, max(total, 1)))

    def _on_finished(self, outcome: str, value) -> None:
        self.outcome = outcome
        self._job = None
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        if outcome == "succeeded":
            self.succeeded.emit(value)
        elif outcome == "failed":
            self.failed.emit(value)
        else:
            self.cancelled.emit()
        self._ended = True
        self.deleteLater()


def cancel_all(owner: QObject) -> None:
    """Stop every task ``owner`` started (its window is closing)."""
    for task in owner.findChildren(BackgroundTask):
        task.cancel()
