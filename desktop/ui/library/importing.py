"""Importing sources off the GUI thread: files, pasted text, dropped files, web addresses.

Reading and converting a file (a 300-page PDF, a large web page) or downloading a page is
pure core work done in a worker (:mod:`.background`, behind a progress dialog with Cancel);
the resulting :class:`SourceInput` values come back to the GUI thread, which asks for the
citation details (pre-filled from the file's metadata) and pushes one ``add_source`` edit
per file inside one undo macro.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.core import edits
from desktop.core.errors import BriefError, Cancelled
from desktop.ui.common.background import BackgroundTask

# The importers (PDF, Word, web pages and what they load) are imported on first use, on the
# GUI thread before a worker starts: the first window does not wait for them.


# What the details form shows of an imported file (its text and bytes stay as they are).
DETAILS = ("title", "author", "outlet", "published", "url", "accessed", "reliability", "format")


def _load_all(paths: list, loader: Callable):
    """Reading every item (a path, or a web address) as work for a pool thread:
    ``(sources in order, error messages)``; a file that cannot be read is one message."""

    def work(progress, cancelled):
        sources, errors = [], []
        for i, path in enumerate(paths):
            if cancelled():
                raise Cancelled
            try:
                sources.append(loader(path))
            except BriefError as exc:
                errors.append(str(exc))
            except Exception as exc:  # a converter bug must not kill the worker silently
                name = path.name if isinstance(path, Path) else str(path)
                errors.append(f"{name}: could not be read ({exc})")
            progress(i + 1, len(paths))
        return sources, errors
    return work


class AddressPrompt:
    """Asks for a web address; tests replace ``ask``."""

    @classmethod
    def ask(cls, parent) -> str | None:
        from PySide6.QtWidgets import QInputDialog  # made when first asked for

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
        self._task: BackgroundTask | None = None

    def import_files(self, paths: list[str | Path]) -> None:
        from desktop.core import importers

        self._start([Path(p) for p in paths], importers.load_path, "Importing…")

    def import_from_address(self) -> None:
        """Ask for a web address and import what it serves (File → Import from URL…)."""
        address = AddressPrompt.ask(self.parent_widget)
        if address:
            self.import_url(address)

    def import_url(self, address: str) -> None:
        """Download ``address`` off the GUI thread and add it as a source."""
        from desktop.core.importers import web

        self._start([address], web.fetch, f"Fetching {address}…")

    def _start(self, paths: list, loader: Callable, label: str) -> None:
        if not paths or self._task is not None:
            return
        self._task = task = BackgroundTask(self.parent_widget, _load_all(paths, loader),
                                           "Import sources", label, show_after_ms=400)
        task.succeeded.connect(self._loaded)
        task.failed.connect(self._failed)
        task.cancelled.connect(self._cancelled)
        task.start()

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def stop(self) -> None:
        """The window is closing: finish no import into a brief about to be closed."""
        self._cancel()

    def _loaded(self, result) -> None:
        self._task = None
        if self.session.closed:
            return
        sources, errors = result
        self.add(sources)
        for message in errors:
            self.session.error.emit(message)

    def _failed(self, message: str) -> None:
        self._task = None
        self.session.error.emit(message)

    def _cancelled(self) -> None:
        self._task = None

    def import_text(self, text: str) -> None:
        """Add pasted text as a source."""
        if not text or not text.strip():
            self.session.error.emit("The clipboard holds no text to add.")
            return
        from desktop.core import importers

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
        from desktop.ui.library.details import ImportDetailsDialog

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
        return self._task is not None
