"""Checks before export: the weak spots an editor would ask about, as a list to click through.

The list is :func:`queries.checks` (claims with no evidence, resting on one source, high
confidence on low-reliability sources, contradictions nobody weighed, highlights that lost
their place). Clicking an item says where to go: ``claim_activated`` for a claim problem,
``annotation_activated`` for an orphaned highlight or one whose words changed when its
source was replaced, ``source_activated`` for a source whose import raised a doubt or that
is cited without a reliability grade; the
main window does the jumping.

The checks read the whole brief (about 0.1 s on a large one), so a change notice never runs
them inside the edit or undo that sent it: a hidden panel runs them when next shown, a
shown one a moment later on a single-shot timer that a burst of edits restarts. Those
re-runs go off the GUI thread (:mod:`.background`, on a read-only connection of their own,
with no dialog: nobody asked for them), a newer run replacing one still under way, so
typing in a large memo never waits for them. Refresh (and F7) runs them at once.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QListView, QPushButton,
                               QVBoxLayout, QWidget)

from desktop.core import edits, queries
from desktop.ui.common.background import BackgroundTask
from desktop.ui.common.badges import shape_icon
from desktop.ui.common.on_screen import WhenOnScreen
from desktop.ui.common.rows_model import RowsModel

D = Qt.ItemDataRole
# Everything a check reads: memo placement decides whether a contradiction needs a note.
SHOWN_KINDS = ("claims", "evidence", "annotations", "sources", "memo", "reviews")
RECHECK_DELAY_MS = 150  # after the last change of a burst (typing, repeated undo)
# A run that could not read the brief (another program writing) is tried again this much
# later (times the failures so far), this many times; then at the next edit or show.
RETRY_MS, RETRIES = 1000, 3

KINDS = {  # kind: (title, colour, shape, what it is about)
    "no-evidence": ("No evidence", "#c62828", "ring", "claim"),
    "single-source": ("Single source", "#f9a825", "disc", "claim"),
    "weak-sources": ("Weak sources", "#ef6c00", "square", "claim"),
    "unaddressed-contradiction": ("Unaddressed contradiction", "#c62828", "triangle",
                                  "claim"),
    "orphan": ("Lost highlight", "#757575", "ring", "annotation"),
    "changed-highlight": ("Changed highlight", "#ef6c00", "ring", "annotation"),
    "doubtful-source": ("Doubtful import", "#ef6c00", "square", "source"),
    "ungraded-source": ("Source not graded", "#757575", "square", "source"),
    "review-comments": ("Review", "#1565c0", "square", "review"),
    "review-changes": ("Review", "#1565c0", "ring", "review"),
}
_UNKNOWN = ("Check", "#757575", "disc", "claim")
# Problems the analyst settles by confirming them, and the edit that does it.
CONFIRM = {"changed-highlight": edits.confirm_annotation,
           "doubtful-source": edits.confirm_source}


class ChecksModel(RowsModel):
    """Rows of :func:`queries.checks`: a kind, the id it concerns and a message."""

    COLUMNS = ("Problem",)
    IdRole = D.UserRole + 1
    KindRole = D.UserRole + 2
    TargetRole = D.UserRole + 3  # "claim", "annotation" or "source"

    def index(self, row, column=0, parent=QModelIndex()):
        """A list's single column: ``index(row)`` as on a list model."""
        return super().index(row, column, parent)

    def data(self, index, role=D.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        title, colour, shape, target = KINDS.get(row["kind"], _UNKNOWN)
        if role == D.DisplayRole:
            return _capitalised(row["message"])
        if role == D.DecorationRole:
            return shape_icon(colour, shape)
        if role in (D.ToolTipRole, D.AccessibleDescriptionRole):
            where = {"claim": "the claim", "source": "the source in the reader",
                     "review": "the Review panel"}.get(
                target, "the highlight in the reader")
            return f"{title}: click to go to {where}"
        if role == self.IdRole:
            return row["id"]
        if role == self.KindRole:
            return row["kind"]
        if role == self.TargetRole:
            return target
        return None


class ChecksPanel(QWidget):
    """A count, a Refresh button and the list of problems."""

    claim_activated = Signal(str)
    annotation_activated = Signal(str)
    source_activated = Signal(str)
    review_activated = Signal()

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._task: BackgroundTask | None = None  # checks running off the GUI thread
        self._filled = False  # the first fill is done at once, when first on screen
        self._failed_runs = 0  # background runs in a row that could not read the brief
        self.model = ChecksModel(self)
        self.header = QLabel(self)
        self.header.setAccessibleName("Number of problems found")
        self.header.setWordWrap(True)  # a narrow dock must not be held wide by this line
        # No Alt+letter: F7 (View → Run checks) does the same, and Alt+R is Confirm's.
        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.setAccessibleName("Run the checks again")
        self.refresh_button.setToolTip("Run the checks again (F7)")
        self.refresh_button.clicked.connect(self.refresh)
        # A changed highlight or a doubtful import stays listed until the analyst confirms it.
        # Alt+R: Alt+N is Source → Edit highlight note, and a key two controls share in
        # one window does nothing at all.
        self.confirm_button = QPushButton("Confi&rm", self)
        self.confirm_button.setAccessibleName("Confirm the selected highlight or source as it "
                                              "now reads")
        self.confirm_button.setEnabled(False)
        self.confirm_button.clicked.connect(self.confirm_current)
        self.view = QListView(self)
        self.view.setAccessibleName("Problems to look at before export")
        self.view.setModel(self.model)
        # The whole message, wrapped to the dock's width: it names the claim in question.
        self.view.setUniformItemSizes(False)
        self.view.setWordWrap(True)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setSpacing(2)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # A click is the gesture; Enter does the same for keyboard users.
        self.view.clicked.connect(self._go)
        self.view.activated.connect(self._go)
        # The count on a line of its own: beside the buttons, a narrow dock wrapped it
        # into a column a word wide.
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        self.view.selectionModel().currentChanged.connect(self._update_confirm)
        session.changed.connect(self._on_changed)
        # Run when first on screen, and after a burst of changes only while in view.
        self.when_seen = WhenOnScreen(self, self._catch_up, RECHECK_DELAY_MS)

    def confirm_current(self) -> None:
        """Keep the selected changed highlight as it now reads, or mark the selected
        doubtful source as checked (one undoable edit)."""
        index = self.view.currentIndex()
        make = CONFIRM.get(index.data(ChecksModel.KindRole)) if index.isValid() else None
        if make is not None:
            self.session.run(make, index.data(ChecksModel.IdRole))

    def refresh(self) -> None:
        """Run the checks again now, keeping the current item when it is still a problem."""
        self._drop_task()
        self.when_seen.behind = False  # a run the timer would start is no longer needed
        self._show(queries.checks(self.session.store))

    def _show(self, problems: list[dict]) -> None:
        current = self.view.currentIndex()
        keep = (current.data(ChecksModel.KindRole), current.data(ChecksModel.IdRole)
                ) if current.isValid() else None
        self.model.load(problems)
        self._filled = True
        count = self.model.rowCount()
        self.header.setText("No problems found" if count == 0 else
                            f"{count} thing{'s' if count != 1 else ''} to look at before export")
        for row, item in enumerate(self.model.rows):
            if keep == (item["kind"], item["id"]):
                self.view.setCurrentIndex(self.model.index(row))
                break
        self._update_confirm(self.view.currentIndex())

    # ---------------------------------------------------------------------------- private
    def _go(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        item_id = index.data(ChecksModel.IdRole)
        if index.data(ChecksModel.TargetRole) == "annotation":
            self.annotation_activated.emit(item_id)
        elif index.data(ChecksModel.TargetRole) == "source":
            self.source_activated.emit(item_id)
        elif index.data(ChecksModel.TargetRole) == "review":
            self.review_activated.emit()
        else:
            self.claim_activated.emit(item_id)

    def _update_confirm(self, current: QModelIndex, _previous=None) -> None:
        self.confirm_button.setEnabled(current.isValid()
                                       and current.data(ChecksModel.KindRole) in CONFIRM)

    def _catch_up(self) -> None:
        """First on screen: fill now, before it paints; after edits: off the GUI thread."""
        if self._filled:
            self._recheck()
        elif not self.session.closed:
            self.refresh()

    def _recheck(self) -> None:
        """Run the checks off the GUI thread; the newest run's answer is shown."""
        if self.session.closed:  # the window may have closed the brief meanwhile
            return
        brief = self.session.store
        if brief.path is None:  # a brief held in memory: no second connection can read it
            self.refresh()
            return
        self._drop_task()

        def work(progress, cancelled):
            with brief.reader() as store:  # never the session's connection, nor a new open
                return queries.checks(store)

        self._task = task = BackgroundTask(self, work, dialog=False)
        task.succeeded.connect(lambda problems: self._checked(task, problems))
        task.failed.connect(lambda message: self._checked(task, None))
        task.start()

    def _checked(self, task: BackgroundTask, problems: list[dict] | None) -> None:
        if task is not self._task:
            return  # a run replaced by a newer one, or by Refresh
        self._task = None
        if self.session.closed:
            return
        if problems is None:  # could not read the file just now (busy): try again soon
            self.when_seen.behind = True
            self._failed_runs += 1
            if self._failed_runs <= RETRIES:
                QTimer.singleShot(RETRY_MS * self._failed_runs, self, self.when_seen.catch_up)
            return
        self._failed_runs = 0
        self._show(problems)

    def _drop_task(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    @property
    def checking(self) -> bool:
        """Whether checks are running off the GUI thread (or are about to)."""
        return self._task is not None or self.when_seen.pending

    def _on_changed(self, changes) -> None:
        if changes.touches(*SHOWN_KINDS):
            self.when_seen.changed()


def _capitalised(message: str) -> str:
    return message[:1].upper() + message[1:]
