"""Starting the app: which brief to open, settings, logging, and crash reporting."""

from __future__ import annotations

import logging
import sqlite3
import sys
import traceback
from pathlib import Path

import platformdirs
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop.core import share
from desktop.core.errors import BriefError, ReadOnlyBriefError
from desktop.core.store import Store
from desktop.core.users import current_user  # not from the CLI, which loads every importer
from desktop.ui.shell.main_window import MainWindow, Messages
from desktop.ui.shell.startup import APP_NAME, ORG_NAME, brief_to_open, remember
from desktop.ui.shell.session import Session
from desktop.ui.common import filelock
from desktop.ui.sharing import dialogs as sharing
from desktop.ui.memo import typing_journal
from desktop import resources

DESKTOP_ID = "org.briefingbuilder.BriefingBuilder"

log = logging.getLogger("briefing-builder")


def log_file() -> Path:
    folder = Path(platformdirs.user_log_dir(APP_NAME, ORG_NAME))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "briefing-builder.log"


class OpenConflict:
    """Asks what to do when another window or program has the brief open."""

    @classmethod
    def ask(cls, parent, name: str, holder: str) -> str | None:
        """"readonly", "anyway" or None (do not open); tests replace this."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME,
                          f"{name} is already open in {holder}.", parent=parent)
        box.setInformativeText(
            "Two windows changing one brief undo each other's work. Open it read-only to "
            "look at it here, or close it there first.")
        readonly = box.addButton("Open &read-only", QMessageBox.ButtonRole.AcceptRole)
        anyway = box.addButton("Open for &editing anyway", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(readonly)
        box.exec()
        return {readonly: "readonly", anyway: "anyway"}.get(box.clickedButton())


class FileOpenFilter(QObject):
    """macOS hands a double-clicked .brief to a running app as a FileOpen event, not argv."""

    def __init__(self, app: "App"):
        super().__init__()   # no parent: the filter goes (and Qt drops it) with its App
        self.app = app

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FileOpen and event.file():
            self.app.open(event.file())
            return True
        return False


class App:
    """Keeps the open windows; each window is one brief."""

    def __init__(self, qt_app: QApplication, watch_file_open: bool = True, ahead=None):
        """``watch_file_open`` False: call :meth:`watch_file_open` later (see :func:`main`).
        ``ahead``: the first brief's open, begun before the app loaded (an ``OpenAhead``)."""
        self.qt_app = qt_app
        self.windows: list[MainWindow] = []
        self._ahead = ahead
        self._file_open: FileOpenFilter | None = None
        if watch_file_open:
            self.watch_file_open()

    def watch_file_open(self) -> None:
        """Open the briefs macOS hands over as FileOpen events (a filter on every event)."""
        if self._file_open is None:
            self._file_open = FileOpenFilter(self)
            self.qt_app.installEventFilter(self._file_open)

    def user(self) -> str:
        return str(QSettings().value("user/name", "") or current_user())

    def open(self, path: str | Path, create: bool = False) -> MainWindow | None:
        path = Path(path)
        self.windows = [w for w in self.windows if w.isVisible()]
        for window in self.windows:
            if window.session.store.path and window.session.store.path.resolve() == path.resolve():
                window.raise_()
                window.activateWindow()
                return window
        notice = None
        parent = self.windows[-1] if self.windows else None
        lock, holder = filelock.acquire(path)
        readonly = False
        if holder is not None:
            choice = OpenConflict.ask(parent, path.name, holder)
            if choice is None:
                self._drop_ahead()
                return None
            readonly = choice == "readonly"
        # Before anything here reads the file itself (see desktop/core/ahead.py). Not after a
        # conflict: the other program may have left side files while the user chose, which
        # the open below settles (and backs up first); the one opened ahead never saw them.
        ahead = (self._take_ahead(path) if not create and holder is None
                 else self._drop_ahead())
        # Opened ahead only when the open changes nothing: backed up once the window is up.
        back_up_after = ahead is not None
        if ahead is None and not create and not readonly:
            if share.opening_may_change(path):
                # Before a writable open can migrate the file or change its journal mode.
                sharing.back_up(path)
            else:  # the open changes nothing: taken once the window is up (BackupAfterShow)
                back_up_after = True
        try:
            store = ahead or (Store.create(path, title=path.stem, user=self.user()) if create
                              else Store.open(path, readonly=readonly, user=self.user()))
        except ReadOnlyBriefError as exc:
            # An unwritable file can still be read: open it read-only rather than refuse.
            try:
                store = Store.open(path, readonly=True, user=self.user())
            except BriefError:
                Messages.error(parent, str(exc))
                if lock is not None:
                    lock.unlock()
                return None
            notice = (f"{path.name} cannot be written (the file or its folder is read-only), "
                      "so it is open read-only: you can read and export it, but not change "
                      "it. To work on it, save a copy with File → Share a copy….")
        except BriefError as exc:
            Messages.error(parent, str(exc))
            if lock is not None:
                lock.unlock()
            return None
        if readonly:
            notice = (f"{path.name} is open in {holder}, so it is open here read-only: you "
                      "can read and export it. Close it there, then open it again here to "
                      "change it.")
        window = MainWindow(Session(store, lock=lock), opener=self.open)
        window.restore_layout()
        self.windows.append(window)
        window.show()
        if back_up_after and not store.readonly:
            sharing.BackupAfterShow(window.session)
        remember(path)  # after showing: writing the settings file need not delay the window
        if store.notices:  # side files beside it set aside or ignored (core/store/sidefiles.py)
            Messages.info(window, APP_NAME, "\n\n".join(store.notices))
        recovered = typing_journal.recover(  # typing a crash left unsaved
            window.session, tuple(w.session.store.path for w in self.windows
                                  if w is not window and w.session.store.path is not None))
        if recovered:
            Messages.info(window, APP_NAME, recovered)
        if notice:
            Messages.info(window, APP_NAME, notice)
        elif store.newer:
            Messages.info(window, APP_NAME, "This brief was made by a newer version of "
                          "Briefing Builder. It is open read-only: you can read and export "
                          "it, but not change it.")
        return window

    def _take_ahead(self, path: Path) -> Store | None:
        ahead, self._ahead = self._ahead, None
        return ahead.take(path, user=self.user()) if ahead is not None else None

    def _drop_ahead(self) -> None:
        """Close the brief opened ahead if it was not taken (waiting for its worker)."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            ahead.drop()


def install_crash_handler() -> None:
    """Log unexpected exceptions to a file and report them without killing the app."""
    if not any(isinstance(h, logging.FileHandler) for h in log.handlers):
        handler = logging.FileHandler(log_file(), encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    sys.excepthook = report_unexpected


def report_unexpected(kind, value, tb) -> None:
    """sys.excepthook: Qt calls it for an exception escaping a slot; the app carries on."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb)))
    if isinstance(value, BriefError):
        Messages.error(None, str(value))
    elif isinstance(value, sqlite3.DatabaseError):
        Messages.error(None, f"The brief's file could not be read ({value}). It may be "
                             "damaged: File → Restore from backup… brings back an earlier "
                             "copy.")
    else:
        Messages.error(None, f"Something went wrong: {value}\n\nYour work is saved. "
                             f"Details were written to {log_file()}.")




def main(argv: list[str] | None = None, ahead=None) -> int:
    """``ahead``: the brief's open begun while the app loaded (see ``startup.open_ahead``)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--self-test":
        from desktop.ui.shell.selftest import run as self_test
        return self_test()
    qt_app = QApplication.instance() or QApplication([sys.argv[0]])
    qt_app.setOrganizationName(ORG_NAME)
    qt_app.setApplicationName(APP_NAME)
    qt_app.setApplicationDisplayName(APP_NAME)
    qt_app.setDesktopFileName(DESKTOP_ID)  # Wayland matches the window to its menu entry
    try:
        qt_app.setWindowIcon(QIcon(str(resources.icon())))
    except FileNotFoundError as exc:
        log.warning("%s", exc)
    install_crash_handler()
    # The FileOpen filter would see each of the ~10,000 events of building the first window:
    # installed once it is up (on macOS), still before the event loop delivers any FileOpen.
    app = App(qt_app, watch_file_open=False, ahead=ahead)
    # The brief opened ahead is the one brief_to_open chose before the app loaded.
    path, create = (ahead.path, False) if ahead is not None else brief_to_open(argv)
    window = app.open(path, create) if path else None
    # Only macOS hands a running app files as FileOpen events. Elsewhere the filter would
    # only watch every event go by, and its first look would build PySide's enums of QEvent
    # while the first window paints.
    if sys.platform == "darwin":
        app.watch_file_open()
    if window is None:
        Messages.error(None, "No brief to open. Start one with: brief new FILE.brief")
        return 1
    qt_app._briefing_app = app  # keep the windows alive as long as the application
    return qt_app.exec()
