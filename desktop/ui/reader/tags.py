"""The tags panel: every tag with its colour and count (the legend), and highlights found
across all sources by tag, grade, stance or claim.

A tag's colour is changed here (one undoable edit); activating a found highlight asks the
window, through ``annotation_activated``, to open it in the reader. :class:`TagLegend` is the
one-line key the reader shows for the tags of the source on screen.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from desktop.core import edits, queries
from desktop.core.model import CREDIBILITY, RELIABILITY, STANCES, UNGRADED_MARK
from desktop.core.tag_colours import HIGHLIGHT_TEXT, NAMED_PALETTE, UNTAGGED
from desktop.ui.common.badges import STANCE_LABELS, grade_tooltip, stance_icon
from desktop.ui.common.mime import DraggableAnnotations
from desktop.ui.common.rows_model import RowsModel

_REFRESH_KINDS = ("tags", "annotations", "evidence", "claims", "sources")


class ColourChooser:
    """Asks for a tag's colour, offering the palette first; tests replace ``ask``."""

    @classmethod
    def ask(cls, parent, tag_name: str, current: str) -> str | None:
        from PySide6.QtWidgets import QColorDialog  # made when first asked for

        for i, (_name, colour) in enumerate(NAMED_PALETTE):
            QColorDialog.setCustomColor(i, QColor(colour))
        chosen = QColorDialog.getColor(QColor(current), parent, f"Colour of “{tag_name}”")
        return chosen.name() if chosen.isValid() else None


class TagsModel(RowsModel):
    """Rows from :func:`queries.tags`: the colour swatch, the name and the highlight count."""

    COLUMNS = ("Tag", "Highlights")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row["name"] if index.column() == 0 else str(row["count"])
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return QColor(row["colour"])
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row['name']}: {row['count']} highlight(s), shown in {row['colour']}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        return None


class HighlightsModel(DraggableAnnotations, RowsModel):
    """Rows from :func:`queries.highlights`; draggable onto claims like the reader's list."""

    COLUMNS = ("Quote", "Source", "Grade")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.colours: dict[str, str] = {}

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return " ".join(row["quote"].split())
            return row["source_title"] if col == 1 else row["grade"]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            if row["stances"]:
                return stance_icon(row["stances"][0])
            tags = row["tags"]
            return QColor(self.colours.get(tags[0].casefold(), UNTAGGED) if tags
                          else UNTAGGED)
        if role == Qt.ItemDataRole.ToolTipRole:
            bits = [row["quote"], f"Source: {row['source_title']}"]
            if row["tags"]:
                bits.append("Tags: " + ", ".join(row["tags"]))
            if row["stances"]:
                bits.append("Evidence: " + ", ".join(STANCE_LABELS[s] for s in row["stances"]))
            bits.append(grade_tooltip(row["grade"]))
            return "\n".join(bits)
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        return None


def _table(parent, model, name: str) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    header = view.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for col in range(1, model.columnCount()):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    return view


class TagsPanel(QWidget):
    """Tags (the colour legend) and highlights across sources, filtered."""

    annotation_activated = Signal(str)

    FILTERS = (("Tag", "tag"), ("Grade", "grade"), ("Stance", "stance"), ("Claim", "claim"),
               ("All highlights", None))

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._behind = True  # read when first shown, and after changes made while hidden
        tag_buttons = self._build_tags()
        filters = self._build_filters()
        self._build_layout(tag_buttons, filters)
        self._connect_signals()

    def _build_tags(self) -> QHBoxLayout:
        """The tags table with the colour button and the untagged chip below it."""
        self.tags_model = TagsModel(self)
        self.tags_view = _table(self, self.tags_model, "Tags")
        self.colour_button = QPushButton("Colour…", self)
        self.colour_button.setToolTip("Choose the colour this tag's highlights show in")
        self.untagged = QLabel(self)
        self.untagged.setText(_chip(UNTAGGED) + " no tag")
        tag_buttons = QHBoxLayout()
        tag_buttons.addWidget(self.untagged)
        tag_buttons.addStretch(1)
        tag_buttons.addWidget(self.colour_button)
        return tag_buttons

    def _build_filters(self) -> QHBoxLayout:
        """The filter (kind and value), the count, and the highlights it finds."""
        self.kind = QComboBox(self)
        self.kind.setAccessibleName("Filter highlights by")
        for label, key in self.FILTERS:
            self.kind.addItem(label, key)
        self.value = QComboBox(self)
        self.value.setAccessibleName("Filter value")
        self.value.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.value.setMinimumContentsLength(12)
        self.count = QLabel(self)
        self.results_model = HighlightsModel(self)
        self.results = _table(self, self.results_model, "Highlights found")
        self.results.setDragEnabled(True)
        self.results.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 110)  # the source's title is in the tooltip; the quote matters
        filters = QHBoxLayout()
        filters.addWidget(self.kind)
        filters.addWidget(self.value, 1)
        return filters

    def _build_layout(self, tag_buttons: QHBoxLayout, filters: QHBoxLayout) -> None:
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.tags_view)
        top_layout.addLayout(tag_buttons)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(filters)
        bottom_layout.addWidget(self.count)
        bottom_layout.addWidget(self.results)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    def _connect_signals(self) -> None:
        self.tags_view.activated.connect(lambda _i: self.choose_colour())  # Enter, double-click
        self.tags_view.selectionModel().currentRowChanged.connect(self._tag_selected)
        self.colour_button.clicked.connect(self.choose_colour)
        self.kind.activated.connect(lambda _i: self._fill_values())
        self.value.activated.connect(lambda _i: self.refresh_results())
        self.results.activated.connect(self._open_result)
        self.results.doubleClicked.connect(self._open_result)
        self.session.changed.connect(self._on_changed)

    # ---------------------------------------------------------------------- refreshing
    def on_screen(self) -> bool:
        """Shown and not behind another dock's tab (a tabbed-away dock still "isVisible")."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def _on_changed(self, changes) -> None:
        if not changes.touches(*_REFRESH_KINDS):
            return
        if self.on_screen():
            self.refresh()
        else:  # a dock tabbed away costs nothing while the user edits
            self._behind = True

    def catch_up(self) -> None:
        """Refresh if changes came while off screen (the dock's tab was just raised)."""
        if self._behind and self.on_screen():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self.catch_up)  # once laid out: is it really on screen?

    def refresh(self) -> None:
        self._behind = False
        selected = self.selected_tag()
        self.tags_model.load(queries.tags(self.session.store))
        row = self.tags_model.row_of(selected) if selected else -1
        if row >= 0:
            self.tags_view.selectRow(row)
        self.colour_button.setEnabled(row >= 0)
        self._fill_values()

    def _fill_values(self) -> None:
        """The choices for the filter kind, keeping the one chosen if it still exists."""
        key = self.kind.currentData()
        current = self.value.currentData()
        self.value.clear()
        store = self.session.store
        if key == "tag":
            for tag in self.tags_model.rows:
                self.value.addItem(f"{tag['name']} ({tag['count']})", tag["id"])
        elif key == "grade":
            for letter, meaning in RELIABILITY.items():
                self.value.addItem(f"{letter}: {meaning.lower()} source (any credibility)",
                                   letter)
            self.value.addItem(f"{UNGRADED_MARK}: source not graded (any credibility)",
                               UNGRADED_MARK)
            for letter in (*RELIABILITY, UNGRADED_MARK):
                for number in CREDIBILITY:
                    self.value.addItem(grade_tooltip(f"{letter}{number}"), f"{letter}{number}")
        elif key == "stance":
            for stance in STANCES:
                self.value.addItem(stance_icon(stance), STANCE_LABELS[stance], stance)
        elif key == "claim":
            for claim in queries.claims(store):
                self.value.addItem(claim["text"], claim["id"])
        self.value.setEnabled(key is not None)
        at = self.value.findData(current)
        self.value.setCurrentIndex(at if at >= 0 else 0)
        self.refresh_results()

    def refresh_results(self) -> None:
        key, value = self.kind.currentData(), self.value.currentData()
        filters = {key: value} if key and value is not None else {}
        if key and value is None:
            rows = []  # a filter with nothing to choose (no tags yet, say) finds nothing
        else:
            rows = queries.highlights(self.session.store, **filters)
        self.results_model.colours = {t["name"].casefold(): t["colour"]
                                      for t in self.tags_model.rows}
        self.results_model.load(rows)
        sources = len({r["source"] for r in rows})
        self.count.setText(f"{len(rows)} highlight(s) in {sources} source(s)")

    # ------------------------------------------------------------------------ gestures
    def selected_tag(self) -> str | None:
        index = self.tags_view.currentIndex()
        if not index.isValid() or index.row() >= len(self.tags_model.rows):
            return None
        return self.tags_model.rows[index.row()]["id"]

    def _tag_selected(self, current, _previous) -> None:
        self.colour_button.setEnabled(current.isValid())
        tag_id = self.selected_tag()
        if tag_id is None:
            return
        self.kind.setCurrentIndex(self.kind.findData("tag"))
        self._fill_values()
        self.value.setCurrentIndex(max(self.value.findData(tag_id), 0))
        self.refresh_results()

    def choose_colour(self) -> None:
        tag_id = self.selected_tag()
        if tag_id is None:
            return
        tag = self.tags_model.rows[self.tags_model.row_of(tag_id)]
        colour = ColourChooser.ask(self, tag["name"], tag["colour"])
        if colour and colour.lower() != tag["colour"]:
            self.session.run(edits.set_tag_colour, tag_id, colour)

    def _open_result(self, index) -> None:
        if index.isValid():
            self.annotation_activated.emit(self.results_model.rows[index.row()]["id"])


def _chip(colour: str) -> str:
    return (f"<span style='background-color:{colour}; color:{HIGHLIGHT_TEXT}'>"
            "&nbsp;&nbsp;&nbsp;</span>")


class TagLegend(QLabel):
    """One line naming the colours of the tags on the source shown: the reader's key."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAccessibleName("Highlight colours")

    def show_for(self, annotations: list[dict], colours: dict[str, str]) -> None:
        """Name each first tag in use (it decides the colour), and "no tag" if any."""
        names: dict[str, str] = {}
        untagged = False
        for ann in annotations:
            if ann["status"] == "orphan" or ann["color"]:
                continue
            if ann["tags"]:
                names.setdefault(ann["tags"][0].casefold(), ann["tags"][0])
            else:
                untagged = True
        parts = [f"{_chip(colours.get(folded, UNTAGGED))}&nbsp;{html.escape(name)}"
                 for folded, name in sorted(names.items())]
        if untagged:
            parts.append(f"{_chip(UNTAGGED)}&nbsp;no tag")
        self.setText("&nbsp;&nbsp; ".join(parts))
        self.setVisible(bool(parts))
