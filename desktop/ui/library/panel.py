"""The library: the brief's sources, their grades and highlight counts.

Change notices update the rows they name (a source edited, added or deleted; a highlight
count changed) in place; only a brief replaced wholesale reloads the list.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QMenu, QTableView, QToolBar,
                               QVBoxLayout, QWidget)

from desktop.core import edits, queries
from desktop.core.model import NOT_GRADED
from desktop.ui.common.badges import (GRADE_CHOICES, grade_label, reliability_mark,
                                      reliability_text)
from desktop.ui.common.confirm import Confirm, plural
from desktop.ui.common.rows_model import FIT_ROWS, RowsModel

# Admiralty reliability as a colour: green for A/B, amber for C, red for D/E, grey for F
# and for a source not graded.
GRADE_COLOURS = {"A": "#2e7d32", "B": "#558b2f", "C": "#f9a825", "D": "#ef6c00",
                 "E": "#c62828", "F": "#757575"}


class SourcesModel(RowsModel):
    """Rows from :func:`queries.sources`; no SQL, no rules."""

    # Title and highlight count first: they must show even in a narrow dock.
    KEYS = ("reliability", "title", "annotations", "outlet", "published")
    COLUMNS = ("Grade", "Title", "Highlights", "Outlet", "Date")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = self.KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "reliability":
                return reliability_mark(row[key])
            return str(row[key]) if key != "title" else (row["title"] or "(untitled)")
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "reliability":
                return reliability_text(row["reliability"])
            return row["url"] or row["title"]
        if role == Qt.ItemDataRole.ForegroundRole and key == "reliability":
            return QColor(GRADE_COLOURS.get(row["reliability"], "#757575"))
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("reliability", "annotations"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        return None

    def set_counts(self, counts: dict[str, int]) -> None:
        """Adopt fresh highlight counts (source id: count), signalling only rows that differ."""
        column = self.KEYS.index("annotations")
        for row, source in enumerate(self.rows):
            count = counts.get(source["id"], 0)
            if source["annotations"] != count:
                self.rows[row] = {**source, "annotations": count}
                self.dataChanged.emit(self.index(row, column), self.index(row, column))


class SourcesView(QTableView):
    def resizeEvent(self, event) -> None:
        """The title takes the room the grade and count leave; outlet and date scroll in.

        A scroll area's resize events are its viewport's, so the event has the width: asking
        ``viewport()`` for it would make PySide6 create every widget class it has (7 ms).
        """
        super().resizeEvent(event)
        header = self.horizontalHeader()
        spare = event.size().width() - header.sectionSize(0) - header.sectionSize(2)
        header.resizeSection(1, max(120, spare))


class LibraryPanel(QWidget):
    """The list of sources. Emits ``source_selected`` with the id of the chosen source."""

    source_selected = Signal(str)
    import_requested = Signal()
    paste_requested = Signal()

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.model = SourcesModel(self)
        self.view = SourcesView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName("Sources")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)  # Tab leaves the list; arrows move inside it
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Fit grade, count and date to the rows in view and a few more, not all: Qt
        # measures them again at every layout pass (four while the first window shows:
        # 7,200 reads of a 1,000-source list at 100 rows) and after every changed count.
        header.setResizeContentsPrecision(FIT_ROWS)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 190)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, 140)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.activated.connect(lambda _: self.edit_current())  # double-click or Enter

        self.bar = bar = QToolBar(self)
        self.import_action = bar.addAction("Import…", self.import_requested.emit)
        self.paste_action = bar.addAction("Paste", self.paste_requested.emit)
        self.paste_action.setToolTip("Add the clipboard's text as a new source")
        self.edit_action = bar.addAction("Details…", self.edit_current)
        self.edit_action.setText("Source &details…")
        self.edit_action.setIconText("Details…")
        self.delete_action = QAction("Delete source…", self)
        self.delete_action.setIconText("Delete")
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_current)
        bar.addAction(self.delete_action)
        self.addAction(self.delete_action)
        self.grade_menu = self._grade_menu()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bar)
        layout.addWidget(self.view)
        session.changed.connect(self._on_changed)
        self.reload()

    def minimumSizeHint(self) -> QSize:
        """Never narrower than the toolbar: its four actions stay in view, none behind »."""
        return super().minimumSizeHint().expandedTo(QSize(self.bar.sizeHint().width(), 0))

    def reload(self) -> None:
        current = self.current_id()
        self.model.load(queries.sources(self.session.store))
        if current:
            self.select(current, emit=False)

    def _on_changed(self, changes) -> None:
        if not changes.touches("sources", "annotations"):
            return
        if not changes.ids or not self._update(changes):
            self.reload()

    def _update(self, changes) -> bool:
        """Update the rows ``changes`` names; False when a full reload is needed instead."""
        store = self.session.store
        ids = [r["id"] for r in self.model.rows]
        fresh: dict[str, dict] = {}
        if changes.touches("sources"):
            shown = set(ids)
            ids = queries.source_order(store)
            wanted = [i for i in ids if i in changes.ids or i not in shown]
            fresh = {r["id"]: r for r in queries.sources(store, wanted)} if wanted else {}
        if not self.model.update(ids, fresh):
            return False
        if changes.touches("annotations"):
            self.model.set_counts(queries.annotation_counts(store))
        return True

    def current_id(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None

    def select(self, source_id: str, emit: bool = True) -> None:
        row = self.model.row_of(source_id)
        if row < 0:
            return
        blocker = None if emit else self.view.selectionModel().blockSignals(True)
        self.view.selectRow(row)
        self.view.setCurrentIndex(self.model.index(row, 1))
        if blocker is not None:
            self.view.selectionModel().blockSignals(False)

    def select_first(self) -> None:
        """Choose the first source listed, if any (what a new window shows first)."""
        if self.model.rows:
            self.select(self.model.rows[0]["id"])

    def _current_changed(self, current: QModelIndex, _previous) -> None:
        if current.isValid():
            self.source_selected.emit(self.model.rows[current.row()]["id"])

    def edit_current(self) -> None:
        source_id = self.current_id()
        if not source_id:
            return
        from desktop.ui.library.details import SourceDialog  # loaded when first opened

        source = self.session.store.get("sources", source_id)
        values = SourceDialog.ask(source, self)
        if values is not None:
            self.session.run(edits.update_source, source_id, **values)

    def _grade_menu(self) -> QMenu:
        """Source → Source reliability: not graded or A-F for the chosen source, one undo
        step each (the same choice as in Source details…)."""
        menu = QMenu("Source &reliability", self)
        group = QActionGroup(menu)
        self.grade_actions = {}
        for letter in GRADE_CHOICES:
            label = grade_label(letter).replace(f"{letter} —", f"&{letter} —") if letter \
                else f"&{NOT_GRADED}"
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setActionGroup(group)
            action.triggered.connect(lambda _checked=False, g=letter: self.grade_current(g))
            self.grade_actions[letter] = action
        menu.aboutToShow.connect(self._check_grade)
        return menu

    def _check_grade(self) -> None:
        """Tick the chosen source's grade; nothing to choose without a source."""
        source_id = self.current_id()
        current = (self.session.store.get("sources", source_id)["reliability"]
                   if source_id else "none chosen")
        for letter, action in self.grade_actions.items():
            action.setEnabled(source_id is not None)
            action.setChecked(letter == current)

    def grade_current(self, letter: str | None) -> bool:
        """Grade the chosen source's reliability (None: not graded), as one undo step."""
        source_id = self.current_id()
        if not source_id:
            return False
        if self.session.store.get("sources", source_id)["reliability"] == letter:
            return False
        return self.session.run(edits.update_source, source_id,
                                reliability=letter) is not None

    def delete_current(self) -> bool:
        """Delete the chosen source after saying what goes with it (undoable)."""
        source_id = self.current_id()
        if not source_id:
            return False
        store = self.session.store
        source = store.get("sources", source_id)
        title = source["title"] or "(untitled)"
        highlights = store.select("annotations", {"source_id": source_id}, columns=["id"])
        links = sum(len(store.select("evidence", {"annotation_id": a["id"]}, columns=["id"]))
                    for a in highlights)
        goes = (f"Its {plural(len(highlights), 'highlight')} and "
                f"{plural(links, 'evidence link')} go with it. "
                if highlights else "It has no highlights. ")
        if not Confirm.ask(self, "Delete source",
                           f"Delete the source “{title}”?\n\n{goes}"
                           "Edit → Undo brings everything back.", "Delete source"):
            return False
        return self.session.run(edits.delete_source, source_id) is not None
