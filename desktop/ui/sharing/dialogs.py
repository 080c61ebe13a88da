"""File → Share a copy…, Restore from backup…: the window side of desktop.core.share."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import platformdirs
from PySide6.QtCore import QTimer

from desktop.core import share
from desktop.core.errors import BriefError
from desktop.ui.common.filedialogs import SavePath
from desktop.ui.common.folders import remember_folder, start_folder
from desktop.ui.common.preferences import Preferences


def backup_dir() -> Path:
    return Path(platformdirs.user_data_dir("Briefing Builder", "BriefingBuilder")) / "backups"


def back_up(brief) -> None:
    """Keep a rolling backup of a brief as it was when opened (never blocks opening).

    ``brief`` is an open store or, better, the file's path before the app opens it for
    writing: that open may upgrade the file, and the backup must hold it as it was.
    """
    if getattr(brief, "path", brief) is None:  # a store held only in memory
        return
    try:
        share.backup_on_open(brief, backup_dir(), keep=Preferences.load().backups)
    except (BriefError, OSError, sqlite3.Error):
        pass  # a full disk, an unwritable data folder or a bad file must not stop opening


class BackupAfterShow:
    """The backup of a brief as it was opened, taken on a worker thread a moment after the
    window is up (hashing and copying a large brief is the slowest part of opening it, and
    the first paint should not share the machine with it), through its own read-only
    connection (:meth:`Store.reader`: SQLite alone touches the file, so the session's locks
    are kept). The session's first write waits for it: it holds a flusher that every push,
    undo, redo and close calls first (taking the backup there and then if the worker has
    not started yet).

    Only for a brief whose writable open changed nothing (:func:`share.opening_may_change`
    is False); any other is backed up before it is opened, by :func:`back_up`.
    """

    DELAY_MS = 400  # after the window is shown: past its first paint and first screen

    def __init__(self, session):
        self._session = session
        self._folder, self._keep = backup_dir(), Preferences.load().backups
        self._thread = threading.Thread(target=self._run, name="backup-on-open", daemon=True)
        self._started = False
        session.add_flusher(self.wait, first=True)  # before held-back typing is written
        self._timer = QTimer(session)  # goes with the session
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._start)
        self._timer.start(self.DELAY_MS)

    def _start(self) -> None:
        if not self._started:
            self._started = True
            self._thread.start()

    def _run(self) -> None:
        try:
            with self._session.store.reader() as reader:
                share.backup_on_open(reader, self._folder, keep=self._keep)
        except (BriefError, OSError, sqlite3.Error):
            pass  # a full disk or an unwritable data folder must not stop the work

    def wait(self) -> None:
        """Block until the backup exists (at once after the first time)."""
        self._timer.stop()
        if not self._started:
            self._started = True
            self._run()  # a write came first: the backup is taken here, before it
        elif self._thread.is_alive():
            self._thread.join()
        self._session.remove_flusher(self.wait)


class ShareCopyDialog:
    """Where to write the copy, and whether to leave out the original files."""

    @classmethod
    def ask(cls, parent, default: Path) -> tuple[str, bool] | None:
        path = SavePath.ask(parent, "Share a copy", str(default), "Briefs (*.brief)", "brief")
        if not path:
            return None
        from PySide6.QtWidgets import QInputDialog  # made when first asked for

        choice, ok = QInputDialog.getItem(
            parent, "Share a copy", "Original source files:",
            ["Include them (larger file)", "Leave them out (smaller file)"], 0, False)
        if not ok:
            return None
        return path, choice.startswith("Include")


class BackupChooser:
    """Pick one of a brief's backups (newest first)."""

    @classmethod
    def ask(cls, parent, backups: list) -> object | None:
        labels = [f"{b.created.astimezone():%Y-%m-%d %H:%M:%S} — {b.size // 1024} KB"
                  for b in backups]
        from PySide6.QtWidgets import QInputDialog

        label, ok = QInputDialog.getItem(parent, "Restore from backup",
                                         "Replace the brief with the backup taken:",
                                         labels, 0, False)
        return backups[labels.index(label)] if ok else None


def share_copy(window) -> Path | None:
    store = window.session.store
    name = f"{store.path.stem} (copy).brief" if store.path else "copy.brief"
    # Not the app's data folder (where the example lives): the user's own folders.
    default = start_folder("brief", store.path) / name
    answer = ShareCopyDialog.ask(window, default)
    if answer is None:
        return None
    path, include = answer
    remember_folder("brief", path)
    try:
        written = share.copy_brief(store, path, include_files=include, overwrite=True)
    except BriefError as exc:
        window.session.error.emit(str(exc))
        return None
    window.statusBar().showMessage(f"Copy written to {written}", 8000)
    return written


def restore_from_backup(window) -> bool:
    store = window.session.store
    if store.path is None:
        return False
    backups = share.list_backups(store.path, backup_dir())
    if not backups:
        window.session.error.emit("There is no backup of this brief yet.")
        return False
    chosen = BackupChooser.ask(window, backups)
    if chosen is None:
        return False
    path, opener = store.path, window.opener
    window.close()  # the brief must be closed before its file is replaced
    try:
        share.restore_backup(chosen, path, backup_dir())
    except BriefError as exc:
        window.session.error.emit(str(exc))
    if opener:
        opener(path)
    return True
