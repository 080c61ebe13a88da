"""Importing sources off the GUI thread: files, pasted text, dropped files, web addresses.

Reading and converting a file (a 300-page PDF, a large web page) or downloading a page is
pure core work done in a worker; the resulting :class:`SourceInput` comes back to the GUI
thread, which asks for the citation details (pre-filled from the file's metadata) and pushes
one ``add_source`` edit per file inside one undo macro.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QProgressDialog

from ..core import edits
from ..core.errors import BriefError

# The importers (PDF, Word, web pages and what they load) are imported on first use, on the
# GUI thread before a worker starts: the first window does not wait for them.


# What the details form shows of an imported file (its text and bytes stay as they are).
DETAILS = ("title", "author", "outlet", "published", "url", "accessed", "reliability", "format")


class _Signals(QObject):
    loaded = Signal(int, object)  # index, SourceInput
    failed = Signal(int, str)     # index, message
    done = Signal()


class _LoadFiles(QRunnable):
    """Read each item (a path, or a web address) with ``loader``, reporting each result."""

    def __init__(self, paths: list, loader: Callable):
        super().__init__()
        self.paths = paths
        self.loader = loader
        self.signals = _Signals()
        self.cancelled = False

    def run(self) -> None:
        for i, path in enumerate(self.paths):
            if self.cancelled:
                break
            try:
                self.signals.loaded.emit(i, self.loader(path))
            except BriefError as exc:
                self.signals.failed.emit(i, str(exc))
            except Exception as exc:  # a converter bug must not kill the worker silently
                name = path.name if isinstance(path, Path) else str(path)
                self.signals.failed.emit(i, f"{name}: could not be read ({exc})")
        self.signals.done.emit()


class AddressPrompt:
    """Asks for a web address; tests replace ``ask``."""

    @classmethod
    def ask(cls, parent) -> str | None:
        value, ok = QInputDialog.getText(parent, "Import from URL",
                                         "Address of the page, PDF or Word file (http or "
                                         "https):", QLineEdit.EchoMode.Normal, "https://")
        value = value.strip()
        return value if ok and value not in ("", "https://", "http://") else None


class Importer(QObject):
    """Imports files into the session's brief; emits ``imported(list of source ids)``."""

    imported = Signal(list)

    def __init__(self, session, parent_widget):
        super().__init__(parent_widget)
        self.session = session
        self.parent_widget = parent_widget
        self._job: _LoadFiles | None = None

    def import_files(self, paths: list[str | Path]) -> None:
        from ..core import importers

        self._start([Path(p) for p in paths], importers.load_path, "Importing…")

    def import_from_address(self) -> None:
        """Ask for a web address and import what it serves (File → Import from URL…)."""
        address = AddressPrompt.ask(self.parent_widget)
        if address:
            self.import_url(address)

    def import_url(self, address: str) -> None:
        """Download ``address`` off the GUI thread and add it as a source."""
        from ..core.importers import web

        self._start([address], web.fetch, f"Fetching {address}…")

    def _start(self, paths: list, loader: Callable, label: str) -> None:
        if not paths or self._job is not None:
            return
        self._results: dict[int, object] = {}
        self._errors: list[str] = []
        self._progress = QProgressDialog(label, "Cancel", 0, len(paths), self.parent_widget)
        self._progress.setWindowTitle("Import sources")
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress.setMinimumDuration(400)
        self._job = job = _LoadFiles(paths, loader)
        job.setAutoDelete(False)
        job.signals.loaded.connect(self._loaded)
        job.signals.failed.connect(self._failed)
        job.signals.done.connect(self._done)
        self._progress.canceled.connect(self._cancel)
        QThreadPool.globalInstance().start(job)

    def _cancel(self) -> None:
        if self._job is not None:
            self._job.cancelled = True

    def stop(self) -> None:
        """The window is closing: finish no import into a brief about to be closed."""
        self._cancel()

    def _loaded(self, index: int, source) -> None:
        self._results[index] = source
        self._progress.setValue(len(self._results) + len(self._errors))

    def _failed(self, index: int, message: str) -> None:
        self._errors.append(message)
        self._progress.setValue(len(self._results) + len(self._errors))

    def _done(self) -> None:
        cancelled = self._job.cancelled or self.session.closed
        self._job = None
        self._progress.reset()
        self._progress.deleteLater()
        if cancelled:
            return
        self.add([self._results[i] for i in sorted(self._results)])
        for message in self._errors:
            self.session.error.emit(message)

    def import_text(self, text: str) -> None:
        """Add pasted text as a source."""
        if not text or not text.strip():
            self.session.error.emit("The clipboard holds no text to add.")
            return
        from ..core import importers

        try:
            source = importers.load(text.encode("utf-8"), "pasted text", "txt")
        except BriefError as exc:
            self.session.error.emit(str(exc))
            return
        self.add([source])

    def import_clipboard(self) -> None:
        self.import_text(QApplication.clipboard().text())

    def confirm_details(self, sources: list) -> list:
        """Each source with the details the user confirmed; a skipped one is left out."""
        from .library import ImportDetailsDialog

        chosen, ask = [], True
        for i, source in enumerate(sources):
            if ask:
                shown = {k: getattr(source, k) for k in DETAILS}
                answer = ImportDetailsDialog.ask(shown, len(sources) - i - 1,
                                                 self.parent_widget)
                if answer is None:
                    continue
                values, add_rest = answer
                source = dataclasses.replace(source, **values)
                ask = not add_rest
            chosen.append(source)
        return chosen

    def add(self, sources: list, ask: bool = True) -> list[str]:
        """Push one ``add_source`` per source, all in one undo step.

        With ``ask``, first show each source's details (title, author, outlet, date, URL,
        reliability) for the user to confirm or correct.
        """
        if ask:
            sources = self.confirm_details(sources)
        ids = []
        stack = self.session.undo_stack
        if len(sources) > 1:
            stack.beginMacro(f"Import {len(sources)} sources")
        try:
            for source in sources:
                edit = self.session.run(edits.add_source, source)
                if edit:
                    ids.append(edit.item_id)
        finally:
            if len(sources) > 1:
                stack.endMacro()
        if ids:
            self.imported.emit(ids)
        return ids

    @property
    def busy(self) -> bool:
        return self._job is not None
