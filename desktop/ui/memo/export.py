"""Export to Word off the GUI thread, with progress, cancel, and "Open" afterwards.

The worker (:mod:`.background`) opens its *own* read-only :class:`Store` on the brief's
file: an sqlite connection must not be shared across threads, and a reader never blocks
the window's writes (the .brief uses the rollback journal). Everything the worker learns
travels back as queued signals, so dialogs and the session are only touched on the GUI
thread. Cancel is cooperative: the exporter asks ``cancelled()`` between blocks and stops
with :class:`~desktop.core.errors.Cancelled`; it writes the file atomically at the very
end, so a cancelled or failed export never leaves a half-written document behind.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QMessageBox,
                               QProgressDialog, QWidget)

from desktop.core.errors import BriefError
from desktop.core.model import HOUSE_STYLE as HOUSE
from desktop.core.store import Store
from desktop.ui.common.background import BackgroundTask
from desktop.ui.common.preferences import Preferences
from desktop.ui.common.preferences_dialog import choose_style_file, lay_out, style_combo

log = logging.getLogger(__name__)


def export_docx(store, out_path, **kwargs):
    """:func:`desktop.core.export.export_docx`, imported on first use: python-docx and lxml
    take about a fifth of a second to load, which the window's start should not pay."""
    from desktop.core.export import export_docx as run
    return run(store, out_path, **kwargs)


def _export_work(brief: Store, out_path: Path, template, annex: bool, style: str | None):
    """The export as work for a pool thread (:mod:`.background`), on a read-only store of
    its own (``brief.reader()``: never the session's connection, never a fresh open of the
    file the session holds, which would drop the session's locks)."""

    def work(progress, cancelled):
        with brief.reader() as store:
            try:
                return export_docx(store, out_path, template=template, annex=annex,
                                   progress=progress, style=style, cancelled=cancelled)
            except OSError as exc:
                raise BriefError(f"{out_path.name} could not be written: "
                                 f"{exc.strerror or exc}") from None
    return work


class ExportOptionsDialog(QDialog):
    """Asks how to export: the citation style (house, Chicago, APA or any .csl file) and
    whether to include the evidence annex. Use :meth:`ask`."""

    OTHER = "other"

    def __init__(self, parent: QWidget | None, style: str, annex: bool):
        super().__init__(parent)
        self.setWindowTitle("Export to Word")
        self.styles = style_combo(style, self)
        self.styles.addItem("Other CSL style file…", self.OTHER)
        self._last = self.styles.currentIndex()
        self.styles.activated.connect(self._chosen)
        self.annex = QCheckBox("Include the evidence &annex")
        self.annex.setChecked(annex)
        form = QFormLayout()
        form.addRow("Citation &style:", self.styles)
        form.addRow("", self.annex)
        buttons = lay_out(self, form, "CSL styles are the ones Zotero and pandoc use "
                                      "(citationstyles.org).")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose &file name…")

    def _chosen(self, index: int) -> None:
        if self.styles.itemData(index) != self.OTHER:
            self._last = index
            return
        path = choose_style_file(self)
        if not path:
            self.styles.setCurrentIndex(self._last)
            return
        found = self.styles.findData(path)
        if found < 0:
            found = self.styles.count() - 1
            self.styles.insertItem(found, Path(path).name, path)
        self.styles.setCurrentIndex(found)
        self._last = found

    def choice(self) -> tuple[str, bool]:
        return self.styles.currentData(), self.annex.isChecked()

    @classmethod
    def ask(cls, parent: QWidget | None, style: str = HOUSE,
            annex: bool = True) -> tuple[str, bool] | None:
        """``(style, annex)``, or None if the user cancelled."""
        dialog = cls(parent, style, annex)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        choice = dialog.choice()
        dialog.deleteLater()
        return choice if accepted else None


class ExportDoneDialog:
    """Tells the user the export is done and offers Open / Show in folder."""

    OPEN, SHOW_IN_FOLDER = "open", "folder"

    @classmethod
    def ask(cls, parent: QWidget | None, path: str, warnings: list[str]) -> str | None:
        """``OPEN``, ``SHOW_IN_FOLDER`` or None (closed)."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("Export to Word")
        box.setText(f"The memo was exported to {Path(path).name}.")
        if warnings:
            box.setInformativeText("Worth a look before sending:\n• " + "\n• ".join(warnings))
        open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
        folder_button = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(open_button)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        if clicked is open_button:
            return cls.OPEN
        if clicked is folder_button:
            return cls.SHOW_IN_FOLDER
        return None


class ExportController(QObject):
    """Runs one export at a time for the window.

    ``finished(path)`` after a successful export; ``failed(message)`` after a failed one
    (the message also goes to ``session.error``, which the window shows).
    """

    finished = Signal(str)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, session, parent_widget: QWidget | None = None):
        super().__init__(parent_widget)
        self.session = session
        self.parent_widget = parent_widget
        self._task: BackgroundTask | None = None
        self.last_result = None

    @property
    def busy(self) -> bool:
        return self._task is not None

    @property
    def _progress(self) -> QProgressDialog | None:
        """The running export's progress dialog (with its Cancel button)."""
        return self._task.progress if self._task is not None else None

    def start(self, out_path, template=None, annex: bool = True, style: str | None = None) -> bool:
        """Begin exporting to ``out_path`` in citation ``style`` (see
        :func:`~desktop.core.export.export_docx`); False if it cannot start (reported)."""
        if self._task is not None:
            self._fail("An export is already running.")
            return False
        brief = self.session.store.path
        if brief is None:
            self._fail("This brief is not saved in a file, so it cannot be exported.")
            return False
        if template is None:  # the default template chosen in Preferences, if it still exists
            template = Preferences.load().template_path()
        work = _export_work(self.session.store, Path(out_path), template, annex, style)
        self._task = task = BackgroundTask(self.parent_widget, work, "Export to Word",
                                           "Exporting the memo to Word…", writes=True)
        task.succeeded.connect(self._on_succeeded)
        task.failed.connect(self._on_failed)
        task.cancelled.connect(self._on_cancelled)
        task.start()
        return True

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _finish_job(self) -> None:
        self._task = None

    def _on_succeeded(self, result) -> None:
        self._finish_job()
        self.last_result = result
        self._record(result)
        path = str(result.path)
        self.finished.emit(path)
        choice = ExportDoneDialog.ask(self.parent_widget, path, list(result.warnings))
        if choice == ExportDoneDialog.OPEN:
            self.open_document(path)
        elif choice == ExportDoneDialog.SHOW_IN_FOLDER:
            self.show_in_folder(path)

    def _record(self, result) -> None:
        """Keep the export's record in the brief (for its review), outside the undo history:
        it is a fact about a file written, not a change to the memo."""
        from desktop.core.review import record_export

        if result.record is None or self.session.readonly or self.session.closed:
            return
        try:
            changes = record_export(self.session.store, result.record, result.path).apply(
                self.session.store)
        except BriefError as exc:
            log.warning("the export to %s was not recorded: %s", result.path, exc)
            return
        if changes:
            self.session.changed.emit(changes)

    def _on_failed(self, message: str) -> None:
        self._finish_job()
        self._fail(f"Export to Word failed: {message}")

    def _on_cancelled(self) -> None:
        self._finish_job()
        self.cancelled.emit()

    def _fail(self, message: str) -> None:
        self.failed.emit(message)
        self.session.error.emit(message)

    @staticmethod
    def open_document(path: str) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    @staticmethod
    def show_in_folder(path: str) -> bool:
        # No portable way to select the file in the platform's file manager: open its folder.
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))
