"""The evidence matrix: claims × sources, so weak spots in the argument stand out.

Each cell counts the supporting and contradicting excerpts a source gives a claim, coloured
green (support only), red (contradiction only) or amber (both); a leading "Check" column
flags claims with no evidence, no support, a single supporting source or a contradiction
nobody has weighed. Clicking a cell lists its excerpts below.

It must stay fast at 1,000 claims × 1,000 sources: the counts are built in one pass over
:func:`queries.claims` into a dict holding only the non-empty cells, ``data`` is a lookup,
and the view uses fixed section sizes so Qt never measures a million cells.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel,
                               QSplitter, QTableView, QVBoxLayout, QWidget)

from desktop.ui.common.on_screen import WhenOnScreen
from desktop.ui.common.rows_model import RowsModel
from desktop.core import queries
from desktop.core.model import LIKELIHOOD
from desktop.ui.common.badges import (STANCE_LABELS, grade_tooltip, reliability_mark,
                                      reliability_text, shape_icon, stance_colour, stance_icon)

D = Qt.ItemDataRole
SHOWN_KINDS = ("claims", "evidence", "annotations", "sources")

# Light tints readable with dark text in light and dark palettes alike.
SUPPORT_BG, CONTRA_BG, BOTH_BG, CONTEXT_BG = (QColor("#c8e6c9"), QColor("#ffcdd2"),
                                               QColor("#ffe0b2"), QColor("#eceff1"))
CELL_FG = QColor("#212121")
FLAGS = {  # flag: (colour, shape, explanation), most serious first
    "no evidence": ("#c62828", "ring", "No excerpt is linked to this claim yet."),
    "no support": ("#c62828", "triangle", "Evidence is linked, but none of it supports "
                                          "the claim."),
    "unaddressed contradiction": ("#ef6c00", "triangle", "Contradicting evidence has no "
                                                         "note saying how it was weighed."),
    "single source": ("#f9a825", "disc", "All the supporting evidence comes from one "
                                         "source."),
}


def claim_flags(evidence: list[dict]) -> list[str]:
    """The matrix's warnings for one claim (the checks panel has the full pre-export list)."""
    if not evidence:
        return ["no evidence"]
    flags = []
    supporting = {e["source"] for e in evidence if e["stance"] == "supports"}
    if not supporting:
        flags.append("no support")
    elif len(supporting) == 1:
        flags.append("single source")
    if any(e["stance"] == "contradicts" and not e["note"].strip() for e in evidence):
        flags.append("unaddressed contradiction")
    return sorted(flags, key=list(FLAGS).index)  # the first one picks the row's icon


ROW_HEADER_MAX = 260  # pixels for the claims' column; the full statement is in its tooltip


class MatrixModel(QAbstractTableModel):
    """Rows are claims (from :func:`queries.claims`), column 0 is the check, then sources."""

    CHECK = 0
    CountsRole = D.UserRole + 1  # (supports, contradicts, context) for a cell

    def __init__(self, parent=None):
        super().__init__(parent)
        self.claims: list[dict] = []
        self.sources: list[dict] = []
        self.row_flags: list[list[str]] = []
        self.cells: dict[tuple[int, int], tuple[int, int, int]] = {}

    def load(self, claims: list[dict], sources: list[dict]) -> None:
        """Adopt rows of :func:`queries.claims` and :func:`queries.sources`; one pass."""
        column = {s["id"]: i + 1 for i, s in enumerate(sources)}
        slot = {"supports": 0, "contradicts": 1, "context": 2}
        cells: dict[tuple[int, int], list[int]] = {}
        for row, claim in enumerate(claims):
            for ev in claim["evidence"]:
                col = column.get(ev["source"])
                if col is not None:
                    cells.setdefault((row, col), [0, 0, 0])[slot[ev["stance"]]] += 1
        self.beginResetModel()
        self.claims, self.sources = claims, sources
        self.row_flags = [claim_flags(c["evidence"]) for c in claims]
        self.cells = {key: tuple(counts) for key, counts in cells.items()}
        self.endResetModel()

    def claim_row(self, claim_id: str) -> int:
        return next((i for i, c in enumerate(self.claims) if c["id"] == claim_id), -1)

    def source_column(self, source_id: str) -> int:
        return next((i + 1 for i, s in enumerate(self.sources) if s["id"] == source_id), -1)

    def excerpts(self, row: int, column: int) -> list[dict]:
        """The evidence a cell counts (every source's, for the check column)."""
        evidence = self.claims[row]["evidence"]
        if column == self.CHECK:
            return list(evidence)
        source = self.sources[column - 1]["id"]
        return [e for e in evidence if e["source"] == source]

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.claims)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.sources) + 1

    def data(self, index, role=D.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if col == self.CHECK:
            return self._check_data(row, role)
        counts = self.cells.get((row, col))
        if counts is None:
            return (0, 0, 0) if role == self.CountsRole else None
        if role == D.DisplayRole:
            return cell_text(counts)
        if role == D.BackgroundRole:
            return cell_colour(counts)
        if role == D.ForegroundRole:
            return CELL_FG
        if role == D.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == D.ToolTipRole:
            support, contra, context = counts
            return (f"{support} supporting, {contra} contradicting, {context} context "
                    f"from “{self.sources[col - 1]['title'] or 'untitled'}”")
        if role == self.CountsRole:
            return counts
        return None

    def _check_data(self, row: int, role):
        flags = self.row_flags[row]
        if role == D.DisplayRole:
            return ", ".join(flags)
        if role == D.DecorationRole and flags:
            colour, shape, _ = FLAGS[flags[0]]
            return shape_icon(colour, shape)
        if role == D.ToolTipRole:
            return "\n".join(FLAGS[f][2] for f in flags) or "Nothing to flag"
        return None

    def headerData(self, section, orientation, role=D.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if section == self.CHECK:
                return "Check" if role == D.DisplayRole else None
            source = self.sources[section - 1]
            title = source["title"] or "(untitled)"
            if role == D.DisplayRole:
                return f"{reliability_mark(source['reliability'])} {_clip(title, 22)}"
            if role == D.ToolTipRole:
                return f"{title}\n{reliability_text(source['reliability'])}"
            return None
        claim = self.claims[section]
        if role == D.DisplayRole:
            return _clip(claim["text"], 48)
        if role == D.ToolTipRole:
            lines = [claim["text"]]
            if claim["likelihood"]:
                lines.append(f"{claim['likelihood']} ({LIKELIHOOD[claim['likelihood']]})")
            if claim["confidence"]:
                lines.append(f"{claim['confidence']} confidence")
            lines += [FLAGS[f][2] for f in self.row_flags[section]]
            return "\n".join(lines)
        return None


class ExcerptsModel(RowsModel):
    """The excerpts behind one matrix cell: quote, stance, grade, source, note."""

    COLUMNS = ("Excerpt", "Stance", "Grade", "Source", "Note")
    AnnotationRole = D.UserRole + 1

    def data(self, index, role=D.DisplayRole):
        if not index.isValid():
            return None
        ev, col = self.rows[index.row()], index.column()
        if role == D.DisplayRole:
            return (" ".join(ev["quote"].split()), STANCE_LABELS[ev["stance"]], ev["grade"],
                    ev["source_title"] or "(untitled)", ev["note"])[col]
        if role == D.DecorationRole and col == 1:
            return stance_icon(ev["stance"])
        if role == D.ForegroundRole and col == 1:
            return stance_colour(ev["stance"])
        if role == D.ToolTipRole:
            return grade_tooltip(ev["grade"]) if col == 2 else (ev["quote"], None, None,
                                                                 None, ev["note"] or None)[col]
        if role == self.AnnotationRole:
            return ev["annotation"]
        return None


class MatrixPanel(QWidget):
    """The matrix above, the excerpts of the clicked cell below."""

    annotation_activated = Signal(str)
    claim_activated = Signal(str)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.model = MatrixModel(self)
        self._build_matrix_view()
        self._build_cell_pane()
        self._build_layout()
        self._connect_signals()
        # Filled when its tab is first chosen, and after changes only while in view.
        self.when_seen = WhenOnScreen(self, self.refresh)

    def _build_matrix_view(self) -> None:
        self.view = QTableView(self)
        self.view.setAccessibleName("Evidence matrix")
        self.view.setModel(self.model)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)  # Tab leaves the matrix; arrows move inside it
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Fixed sizes: no per-cell measuring, which is what keeps 1,000 × 1,000 instant.
        rows, cols = self.view.verticalHeader(), self.view.horizontalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        rows.setMaximumWidth(ROW_HEADER_MAX)
        cols.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        cols.setDefaultSectionSize(100)
        cols.setMinimumSectionSize(60)
        cols.setTextElideMode(Qt.TextElideMode.ElideRight)
        cols.resizeSection(MatrixModel.CHECK, 100)

    def _build_cell_pane(self) -> None:
        """The controls above the matrix and the clicked cell's excerpts below it."""
        self.hide_unused = QCheckBox("Hide unused sources", self)
        self.hide_unused.setAccessibleName("Hide sources no claim uses")
        self.summary = QLabel(self)
        self.cell_label = QLabel("Click a cell to see its excerpts.", self)
        self.cell_label.setWordWrap(True)
        self.excerpts = ExcerptsModel(self)
        self.excerpt_view = QTableView(self)
        self.excerpt_view.setAccessibleName("Excerpts for the selected cell")
        self.excerpt_view.setModel(self.excerpts)
        self.excerpt_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.excerpt_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.excerpt_view.setWordWrap(False)
        self.excerpt_view.setTabKeyNavigation(False)
        excerpt_header = self.excerpt_view.horizontalHeader()
        excerpt_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        excerpt_header.setMinimumSectionSize(40)
        for column, width in ((1, 90), (2, 50), (3, 120), (4, 120)):  # the excerpt gets the rest
            excerpt_header.resizeSection(column, width)
        self.excerpt_view.verticalHeader().hide()
        self.excerpt_view.verticalHeader().setDefaultSectionSize(
            self.view.verticalHeader().defaultSectionSize())

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.hide_unused)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.cell_label)
        lower_layout.addWidget(self.excerpt_view)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter)

    def _connect_signals(self) -> None:
        self.view.selectionModel().currentChanged.connect(
            lambda now, _was: self._show_cell(now))
        self.view.clicked.connect(self._show_cell)
        self.view.activated.connect(self._activate)
        self.view.verticalHeader().sectionDoubleClicked.connect(
            lambda row: self.claim_activated.emit(self.model.claims[row]["id"]))
        self.hide_unused.toggled.connect(lambda _on: self.refresh())
        self.excerpt_view.activated.connect(
            lambda i: self.annotation_activated.emit(i.data(ExcerptsModel.AnnotationRole)))
        self.session.changed.connect(self._on_changed)

    def refresh(self) -> None:
        """Reload the matrix, keeping the current cell (by claim and source) if it survives."""
        self.when_seen.behind = False
        current = self.view.currentIndex()
        keep = self._cell_ids(current) if current.isValid() else None
        claims = queries.claims(self.session.store)
        sources = queries.sources(self.session.store)
        if self.hide_unused.isChecked():
            used = {e["source"] for c in claims for e in c["evidence"]}
            sources = [s for s in sources if s["id"] in used]
        self.model.load(claims, sources)
        flagged = sum(bool(f) for f in self.model.row_flags)
        self.summary.setText(f"{len(claims)} claims × {len(sources)} sources; "
                             f"{flagged} flagged")
        index = self._index_of(*keep) if keep else QModelIndex()
        if index.isValid():
            self.view.setCurrentIndex(index)
        else:
            self._show_cell(QModelIndex())

    def select_claim(self, claim_id: str) -> bool:
        self.when_seen.ensure()
        row = self.model.claim_row(claim_id)
        if row < 0:
            return False
        self.view.setCurrentIndex(self.model.index(row, MatrixModel.CHECK))
        self.view.scrollTo(self.view.currentIndex())
        return True

    def show_cell(self, claim_id: str, source_id: str) -> bool:
        """Make a claim × source cell current and list its excerpts."""
        self.when_seen.ensure()
        index = self._index_of(claim_id, source_id)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        return index.isValid()

    # ---------------------------------------------------------------------------- private
    def _on_changed(self, changes) -> None:
        if changes.touches(*SHOWN_KINDS):
            self.when_seen.changed()  # a hidden tab reloads when shown, not on every edit

    def resizeEvent(self, event) -> None:
        # The claims' column gives way in a narrow panel, so sources still show beside it.
        self.view.verticalHeader().setMaximumWidth(
            max(120, min(ROW_HEADER_MAX, int(event.size().width() * 0.35))))
        super().resizeEvent(event)

    def _activate(self, index: QModelIndex) -> None:
        """Activating the check column means "show me this claim"."""
        if index.column() == MatrixModel.CHECK:
            self.claim_activated.emit(self.model.claims[index.row()]["id"])

    def _cell_ids(self, index: QModelIndex) -> tuple[str, str | None]:
        col = index.column()
        return (self.model.claims[index.row()]["id"],
                self.model.sources[col - 1]["id"] if col else None)

    def _index_of(self, claim_id: str, source_id: str | None) -> QModelIndex:
        row = self.model.claim_row(claim_id)
        col = self.model.source_column(source_id) if source_id else MatrixModel.CHECK
        return self.model.index(row, col) if row >= 0 and col >= 0 else QModelIndex()

    def _show_cell(self, index: QModelIndex) -> None:
        if not index.isValid():
            self.excerpts.load([])
            self.cell_label.setText("Click a cell to see its excerpts.")
            return
        rows = self.model.excerpts(index.row(), index.column())
        self.excerpts.load(rows)
        claim = _clip(self.model.claims[index.row()]["text"], 60)
        where = ("all sources" if index.column() == MatrixModel.CHECK else
                 f"“{_clip(self.model.sources[index.column() - 1]['title'] or 'untitled', 40)}”")
        self.cell_label.setText(f"“{claim}” × {where}: {len(rows)} excerpt(s)")


def cell_text(counts: tuple[int, int, int]) -> str:
    support, contra, context = counts
    parts = [f"{support} ✓" if support else "", f"{contra} ✗" if contra else "",
             f"({context})" if context else ""]
    return " ".join(p for p in parts if p)


def cell_colour(counts: tuple[int, int, int]) -> QColor:
    support, contra, _ = counts
    if support and contra:
        return BOTH_BG
    return SUPPORT_BG if support else CONTRA_BG if contra else CONTEXT_BG


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
