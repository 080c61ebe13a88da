"""The session: one open brief, one undo history, one stream of change notices.

Every user intent becomes one :class:`EditCommand` pushed here; ``redo`` applies the core
edit, ``undo`` reverts it, and both announce the :class:`Changes` so panels refresh only
what they show. Edits are built (and validated) *before* they are pushed, so nothing is
written until ``push`` runs ``redo``.

A gesture may name its ``initiator`` (the widget that made it, e.g. the paragraph editor
the user typed in); the first ``redo`` announces the changes as made by it, so that panel
can skip redrawing what it already shows. Undo and every later redo announce them as made
by nobody in particular: all panels refresh.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.core.changes import Changes
from desktop.core.edits import Edit
from desktop.core.errors import BriefError
from desktop.core.store import Store

# Ids for merging consecutive commands (QUndoCommand.id): typing in one memo paragraph.
MERGE_TYPING = 1


class EditCommand(QUndoCommand):
    """A thin adapter: redo = ``edit.apply``, undo = ``edit.revert``."""

    def __init__(self, session: "Session", edit: Edit, merge_key: str | None = None,
                 initiator: object = None):
        super().__init__(edit.label)
        self.session = session
        self.edit = edit
        self.merge_key = merge_key
        self.initiator = initiator  # who pushed it: named only in the first redo's notice
        self.applied = False

    def redo(self) -> None:
        try:
            changes = self.edit.apply(self.session.store)
        except BriefError as exc:
            self.setObsolete(True)
            if self.applied:  # a redo from the history: it no longer matches the data
                self.session.failed(str(exc))
            else:  # a new edit that did not happen: the history is still right
                self.session.error.emit(str(exc))
            return
        if not self.applied:  # the gesture itself; a redo from the history is nobody's
            changes = changes.made_by(self.initiator)
        self.applied = True
        self.session.changed.emit(changes)

    def undo(self) -> None:
        try:
            changes = self.edit.revert(self.session.store)
        except BriefError as exc:
            self.setObsolete(True)
            self.session.failed(str(exc))
            return
        self.session.changed.emit(changes)

    def id(self) -> int:
        return MERGE_TYPING if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or other.merge_key != self.merge_key:
            return False
        self.edit = Edit(self.edit.label, self.edit.ops + other.edit.ops, self.edit.item_id)
        return True


class Session(QObject):
    """Owns the open :class:`Store` and the window's :class:`QUndoStack`."""

    changed = Signal(object)  # Changes
    error = Signal(str)
    history_reset = Signal(str)  # why a non-empty undo history had to be cleared
    closing = Signal()  # the brief is about to close: work still to come must stop reading it

    def __init__(self, store: Store, parent: QObject | None = None, lock=None):
        """``lock``: a held lock on the brief's file (released on :meth:`close`)."""
        super().__init__(parent)
        self.store = store
        self.lock = lock
        self.undo_stack = QUndoStack(self)
        self.closed = False
        # Work held back for a moment (typing in a memo paragraph, saved on a pause):
        # written before any other edit, undo, redo, outside change or close.
        self._flushers: list[Callable[[], None]] = []
        self._flushing = False
        self._seen_version = store.data_version()
        # Notice edits other programs (the `brief` command, a second window) commit.
        self._watch = QTimer(self)
        self._watch.setInterval(1500)
        self._watch.timeout.connect(self.check_external_changes)
        self._watch.start()

    @property
    def readonly(self) -> bool:
        return self.store.readonly

    def add_flusher(self, flush: Callable[[], None], first: bool = False) -> None:
        """``flush()`` pushes whatever its owner has held back (nothing when it holds
        nothing); it is called before every other push, undo, redo and on close, so held
        work always lands in order and is never lost. ``first``: before those added
        earlier (a flusher that must finish before anything is written)."""
        if first:
            self._flushers.insert(0, flush)
        else:
            self._flushers.append(flush)

    def remove_flusher(self, flush: Callable[[], None]) -> None:
        if flush in self._flushers:
            self._flushers.remove(flush)

    def flush_pending(self) -> None:
        if self._flushing or self.closed:
            return
        self._flushing = True
        try:
            for flush in list(self._flushers):
                flush()
        finally:
            self._flushing = False

    def push(self, edit: Edit | None, merge_key: str | None = None,
             initiator: object = None) -> bool:
        """Apply ``edit`` as one undoable step; False if it changed nothing or failed.

        ``initiator``: who made the gesture (see :attr:`Changes.initiator`)."""
        if self.closed:
            return False
        self.flush_pending()  # held-back typing first, so the history keeps the order
        if edit is None or not edit.ops:
            return False
        if self.store.readonly:
            self.error.emit("This brief is open read-only; changes cannot be saved.")
            return False
        # Another program's commit first: the history is reset before this edit joins it.
        # (Our own commits never change data_version, so nothing needs noting after.)
        self.check_external_changes()
        before = self.undo_stack.count(), self.undo_stack.index()
        self.undo_stack.push(EditCommand(self, edit, merge_key, initiator))
        return (self.undo_stack.count(), self.undo_stack.index()) != before or bool(merge_key)

    def undo(self) -> None:
        """Undo the last step, unless another program changed the brief since."""
        self.flush_pending()  # what was just typed is the step undone
        if not self.closed and not self.check_external_changes():
            self.undo_stack.undo()

    def redo(self) -> None:
        self.flush_pending()
        if not self.closed and not self.check_external_changes():
            self.undo_stack.redo()

    def failed(self, message: str) -> None:
        """An undo or redo could not be carried out: the history no longer matches the data.

        Report it, and (once the stack has finished the current step) start a fresh history
        and reload everything from the file.
        """
        self.error.emit(message)
        QTimer.singleShot(0, self._reset_history)

    def _reset_history(self) -> None:
        if not self.closed:
            had_history = self.undo_stack.count() > 0
            self.undo_stack.clear()
            self.changed.emit(Changes.everything())
            if had_history:
                self.history_reset.emit(
                    "The undo history was cleared: a step could not be undone or redone "
                    "because the brief no longer matches it. What you see is what is saved.")

    def run(self, make: Callable[..., Edit], *args, merge_key: str | None = None,
            initiator: object = None, **kwargs) -> Edit | None:
        """Build an edit with ``make(store, *args, **kwargs)`` and push it.

        A :class:`BriefError` while building (bad input) is reported and nothing changes.
        """
        if self.closed:
            return None
        # Before the edit is built: it captures old values (a deleted paragraph's text)
        # that must include what was just typed.
        self.flush_pending()
        try:
            edit = make(self.store, *args, **kwargs)
        except BriefError as exc:
            self.error.emit(str(exc))
            return None
        return edit if self.push(edit, merge_key, initiator) else None

    def check_external_changes(self) -> bool:
        """Refresh everything when another connection committed to the file."""
        if self.closed:
            return False
        try:
            version = self.store.data_version()
        except Exception:  # the file vanished or the connection closed: nothing to do here
            return False
        if version == self._seen_version:
            return False
        self._seen_version = version
        # Commands captured old values that may no longer hold: start a fresh history.
        had_history = self.undo_stack.count() > 0
        self.undo_stack.clear()
        # Held-back typing is saved over the outside change before the panels reload,
        # or their refresh would show the file's older text in its place.
        self.flush_pending()
        self.changed.emit(Changes.everything())
        if had_history:
            self.history_reset.emit(
                "Another window or program changed this brief, so the undo history was "
                "cleared: undoing your earlier steps could overwrite their change. Your work "
                "and theirs are both saved.")
        return True

    def close(self) -> None:
        self.flush_pending()  # nothing typed is lost by closing
        self.closed = True
        self.closing.emit()
        self._watch.stop()
        self.undo_stack.clear()
        self.store.close()
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None
