"""File → Import review…: reading a reviewed .docx off the GUI thread.

Reading runs as :mod:`.background` work with a read-only store of its own (it may export
the brief to compare with, which takes a while on a large memo), behind a progress dialog
whose Cancel drops the result; the Edit it builds is pushed on the GUI thread as one undo
step. A copy exported from another brief is read again, matching text only, if the user
agrees.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.core import review as core_review
from desktop.core.errors import BriefError
from desktop.core.store import Store
from desktop.ui.common.background import BackgroundTask


def _read_review(brief: Store, path: Path, force: bool):
    """The reading as work for a pool thread, on a read-only store of its own
    (``brief.reader()``): ``(edit, report)``."""

    def work(progress, cancelled):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BriefError(f"cannot read {path.name}: {exc.strerror}") from None
        with brief.reader() as store:
            return core_review.import_review(store, data, path.name, force=force)
    return work


class ForeignCopyDialog:
    """Asks whether to read a copy exported from another brief, matching text only."""

    @classmethod
    def ask(cls, parent, message: str) -> bool:
        from PySide6.QtWidgets import QMessageBox  # made when first asked for

        answer = QMessageBox.question(parent, "Import review",
                                      f"{message[:1].upper()}{message[1:]}.\n\nMatch its "
                                      "paragraphs by their text anyway?")
        return answer == QMessageBox.StandardButton.Yes


class ReviewImporter(QObject):
    """One review import at a time; ``finished(report)`` after it is in the brief."""

    finished = Signal(object)

    def __init__(self, session, parent_widget=None):
        super().__init__(parent_widget)
        self.session, self.parent_widget = session, parent_widget
        self._task: BackgroundTask | None = None

    @property
    def busy(self) -> bool:
        return self._task is not None

    def start(self, path, force: bool = False) -> bool:
        store = self.session.store
        if self._task is not None or store.path is None:
            self.session.error.emit("A review is already being read." if self._task else
                                    "This brief is not saved in a file.")
            return False
        path = Path(path)
        self._task = task = BackgroundTask(
            self.parent_widget, _read_review(store, path, force),
            "Import review", f"Reading {path.name}…")
        task.succeeded.connect(self._on_read)
        task.failed.connect(lambda message: self._on_failed(path, message))
        task.cancelled.connect(self._on_cancelled)
        task.start()
        return True

    def _on_read(self, result) -> None:
        self._task = None
        edit, report = result
        if self.session.closed or (edit.ops and not self.session.push(edit)):
            return
        self.finished.emit(report)

    def _on_failed(self, path: Path, message: str) -> None:
        self._task = None
        foreign = "another brief" in message and not message.startswith("cannot read ")
        if foreign and ForeignCopyDialog.ask(self.parent_widget, message):
            self.start(path, force=True)
            return
        self.session.error.emit(f"Import review failed: {message}")

    def _on_cancelled(self) -> None:
        self._task = None


def report_text(report) -> str:
    lines = [f"{len(report.added)} new item(s) from {report.file_name}: "
             f"{report.kinds_text()}; {report.counts()['unplaced']} not placed."]
    if report.already:
        lines.append(f"{report.already} item(s) were already in the brief.")
    return "\n".join(lines + report.notes)
