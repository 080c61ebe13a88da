"""The reader: a source's text with its highlights, and the tools to make more.

Highlights are drawn as extra selections over a read-only QPlainTextEdit, the first screen's
at once and the rest from the event loop (:mod:`.drawing`). Offsets cross the Qt boundary
through :class:`PositionMap`, because Qt counts UTF-16 units and the core counts code points.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QHeaderView,
                               QLabel, QLineEdit, QPlainTextEdit, QSplitter, QTableView,
                               QVBoxLayout, QWidget)

from desktop.core import queries
from desktop.core.model import CREDIBILITY
from desktop.ui.reader.annotations_model import AnnotationsModel, tag_colour_map
from desktop.ui.reader.drawing import HighlightDrawing
from desktop.ui.reader.find_bar import FindBar
from desktop.ui.reader.actions import ReaderGestures
from desktop.ui.reader.tags import TagLegend
from desktop.ui.common.rows_model import FIT_ROWS
from desktop.ui.common.textpos import PositionMap


# What a highlight's drawing in the text depends on (beside its stance as evidence).
_DRAWN = ("start", "end", "status", "tags", "color")


class ReaderPanel(ReaderGestures, QWidget):
    """Shows one source, its highlights, and the gestures that turn them into evidence.

    A gesture works on the selected text, or when there is none on the chosen highlight;
    selected text that exactly covers a highlight *is* that highlight, so no gesture ever
    makes a second highlight of the same passage.
    """

    annotation_selected = Signal(str)
    notice = Signal(str)  # something the status bar should say

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.source_id: str | None = None
        self.text = ""
        self.positions = PositionMap("")
        self.annotations: list[dict] = []
        self._stances: dict[str, str] = {}  # annotation id -> stance it is evidence with
        self._build_text_view()
        self._build_highlight_list()
        details = self._build_details()
        self._build_layout(details)
        self._build_actions()
        session.changed.connect(self._on_changed)
        # A note or tags typed but not yet committed (the field still has the focus) are
        # saved before any other edit, undo or outside change reloads the fields.
        session.add_flusher(self._flush_details)
        flusher = self._flush_details
        self.destroyed.connect(lambda *_: session.remove_flusher(flusher))
        self._update_actions()

    def _build_text_view(self) -> None:
        """The source's title, and its text: read-only, selectable by mouse and keyboard."""
        self.title = QLabel("Choose a source in the library, or import one.")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view = QPlainTextEdit(self)
        self.view.setReadOnly(True)
        self.drawing = HighlightDrawing(self.view)
        self.view.setUndoRedoEnabled(False)
        self.view.setAccessibleName("Source text")
        # Read-only text is selectable by mouse only unless told: keyboard users select too.
        self.view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.view.setTabChangesFocus(True)
        self.view.selectionChanged.connect(self._update_actions)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.cursorPositionChanged.connect(self._cursor_moved)
        font = self.view.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.view.setFont(font)
        self.default_point_size = font.pointSizeF()  # what text zoom resets to

    def _build_highlight_list(self) -> None:
        """The source's highlights, one a row, draggable onto claims."""
        self.model = AnnotationsModel(self)
        self.list = QTableView(self)
        self.list.setModel(self.model)
        self.list.setAccessibleName("Highlights")
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setDragEnabled(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.list.verticalHeader().hide()
        self.list.setWordWrap(False)
        self.list.setTabKeyNavigation(False)  # Tab leaves the list; arrows move inside it
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        # Size those columns from the rows in view and a few more, not all of a source's
        # 1,000 highlights: Qt measures again at every layout pass (12,000 reads at 100).
        header.setResizeContentsPrecision(FIT_ROWS)
        self.list.selectionModel().currentRowChanged.connect(self._list_row_changed)

    def _build_details(self) -> QWidget:
        """The chosen highlight's note, tags and credibility, each committed on leaving it."""
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Note on this highlight")
        self.note.editingFinished.connect(self._commit_note)
        self.tags = QLineEdit()
        self.tags.setAccessibleName("Tags")
        self.tags.setPlaceholderText("tags, separated by commas")
        self.tags.editingFinished.connect(self._commit_tags)
        self.credibility = QComboBox()
        self.credibility.setAccessibleName("Credibility")
        self.credibility.addItem("—", None)
        for grade, meaning in CREDIBILITY.items():
            self.credibility.addItem(f"{grade} — {meaning}", grade)
        self.credibility.activated.connect(self._commit_credibility)
        details = QWidget()
        form = QFormLayout(details)
        form.setContentsMargins(4, 4, 4, 4)
        # Source → Edit highlight note / tags / credibility (Alt+N, Alt+G, Alt+B) reach them.
        form.addRow("Note", self.note)
        form.addRow("Tags", self.tags)
        form.addRow("Credibility", self.credibility)
        self._show_details(None)
        return details

    def _build_layout(self, details: QWidget) -> None:
        """Title, tag legend and find bar above; the text over the highlights and details."""
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.list)
        lower_layout.addWidget(details)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        self.legend = TagLegend(self)
        layout.addWidget(self.legend)
        self.find_bar = FindBar(self, self)
        layout.addWidget(self.find_bar)
        layout.addWidget(splitter)

    def _build_actions(self) -> None:
        """The gestures (:mod:`.reader_actions`), with their shortcuts inside the panel."""
        self.highlight_action = self._action("Highlight", "Ctrl+H", self.highlight_selection)
        self.note_action = self._action("Highlight with note…", "Ctrl+Shift+H",
                                        self.highlight_with_note)
        self.claim_action = self._action("New claim from highlight…", "Ctrl+Shift+C",
                                         self.claim_from_selection)
        self.claim_action.setToolTip("Write a claim resting on the selected text or highlight")
        self.link_action = self._action("Link to claim…", "Ctrl+L", self.link_to_claim)
        self.link_action.setToolTip("Make the selected text or highlight evidence for a claim")
        self.reattach_action = self._action("Re-attach highlight to selection", "Ctrl+R",
                                            self.reattach_selected)
        self.delete_action = self._action("Delete highlight", "", self.delete_selected)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)

    def _action(self, text: str, shortcut: str, slot) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # ------------------------------------------------------------------------ showing
    def show_source(self, source_id: str | None) -> None:
        store = self.session.store
        self.source_id = source_id
        if source_id is None:
            self.text = ""
            self.title.setText("Choose a source in the library, or import one.")
        else:
            source = store.get("sources", source_id)
            self.text = source["text"]
            bits = [source["author"], source["outlet"], source["published"]]
            meta = " · ".join(b for b in bits if b)
            self.title.setText(f"<b>{_esc(source['title'] or '(untitled)')}</b>"
                               f"{' — ' + _esc(meta) if meta else ''} "
                               f"&nbsp;[{source['reliability'] or 'not graded'}]")
        self.positions = PositionMap(self.text)
        self.drawing.forget()
        self.view.setPlainText(self.text)
        self._reload_annotations()
        self.find_bar.refresh()

    def _reload_annotations(self) -> None:
        selected = self.selected_annotation()
        self.annotations = (queries.annotations(self.session.store, self.source_id)
                            if self.source_id else [])
        self.model.colours = tag_colour_map(self.session.store)
        self._stances = self._read_stances()
        self.legend.show_for(self.annotations, self.model.colours)
        self.model.load(self.annotations)
        self.drawing.draw(self.annotations, self.positions, self.model.colours, self._stances)
        if selected and self.model.row_of(selected) >= 0:
            self.list.selectRow(self.model.row_of(selected))
        else:
            self._show_details(None)

    def _read_stances(self) -> dict[str, str]:
        """Evidence shows in the text: each highlight underlined in its stance's colour
        (contradicting wins)."""
        order = {"contradicts": 0, "supports": 1, "context": 2}
        links = (queries.evidence_stances(self.session.store, self.source_id)
                 if self.source_id else [])
        return dict(sorted(links, key=lambda r: order[r[1]], reverse=True))

    def show_annotation(self, annotation_id: str) -> None:
        ann = self.session.store.get("annotations", annotation_id)
        if ann["source_id"] != self.source_id:
            self.show_source(ann["source_id"])
        row = self.model.row_of(annotation_id)
        if row >= 0:
            self.list.selectRow(row)
            self.list.scrollTo(self.model.index(row, 0))
        if ann["status"] != "orphan":
            cursor = self.view.textCursor()
            cursor.setPosition(self.positions.to_qt(ann["start"]))
            cursor.setPosition(self.positions.to_qt(ann["end"]), QTextCursor.MoveMode.KeepAnchor)
            self.view.setTextCursor(cursor)
            self.view.centerCursor()

    def set_point_size(self, size: float) -> None:
        """Text zoom: the source's text in ``size`` points (0: the default size)."""
        font = self.view.font()
        font.setPointSizeF(size if size > 0 else self.default_point_size)
        self.view.setFont(font)

    def select_range(self, start: int, end: int) -> None:
        """Select code points ``start``–``end`` of the text (as a user's drag would)."""
        cursor = self.view.textCursor()
        cursor.setPosition(self.positions.to_qt(start))
        cursor.setPosition(self.positions.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)

    def _on_changed(self, changes) -> None:
        if self.source_id is None:
            return
        if changes.touches("sources") and (not changes.ids or self.source_id in changes.ids):
            if self.session.store.select_one("sources", {"id": self.source_id}) is None:
                self.show_source(None)
                return
            scroll = self.view.verticalScrollBar().value()
            self.show_source(self.source_id)
            self.view.verticalScrollBar().setValue(scroll)
        elif changes.touches("annotations", "tags") and self._shows_any(changes):
            if not (changes.is_from(self) and self._update_own(changes)):
                self._reload_annotations()
        elif changes.touches("evidence") and self._read_stances() != self._stances:
            self._reload_annotations()  # a stance underline comes or goes

    def _update_own(self, changes) -> bool:
        """This panel's own note or credibility edit: its field shows the value already and
        no colour in the text changes, so only those highlights' rows are re-read (the list
        keeps its selection and scroll, the note field its cursor). False if more changed."""
        if changes.kinds != {"annotations"} or not changes.ids:
            return False
        fresh = {a["id"]: a for a in queries.annotations(self.session.store, self.source_id)
                 if a["id"] in changes.ids}
        shown = {a["id"]: a for a in self.annotations if a["id"] in changes.ids}
        if fresh.keys() != shown.keys() or any(
                fresh[i][key] != shown[i][key] for i in fresh for key in _DRAWN):
            return False
        if not self.model.update([a["id"] for a in self.model.rows], fresh):
            return False
        self.annotations = self.model.rows
        ann = fresh.get(self.selected_annotation())
        if ann is not None:  # a grade chosen from the context menu: the combo follows
            index = self.credibility.findData(ann["credibility"])
            if index != self.credibility.currentIndex():
                self.credibility.setCurrentIndex(max(index, 0))
            if self.note.text() != ann["note"] and not self.note.isModified():
                self.note.setText(ann["note"])
        return True

    def _shows_any(self, changes) -> bool:
        """Whether ``changes`` may touch the shown source's highlights (or their tags)."""
        if "tags" in changes.kinds or not changes.ids:
            return True  # a renamed or recoloured tag can show on any highlight
        if any(a["id"] in changes.ids for a in self.annotations):
            return True  # changed or deleted
        added = self.session.store.select_ids("annotations", changes.ids, columns=["source_id"])
        return any(a["source_id"] == self.source_id for a in added)

    # ---------------------------------------------------------------------- selection
    def selection(self) -> tuple[int, int] | None:
        """The selected text as code point offsets, or None."""
        cursor = self.view.textCursor()
        if not cursor.hasSelection() or self.source_id is None:
            return None
        start = self.positions.from_qt(cursor.selectionStart())
        end = self.positions.from_qt(cursor.selectionEnd())
        return (start, end) if end > start else None

    def selected_annotation(self) -> str | None:
        index = self.list.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()]["id"]

    def _cursor_moved(self) -> None:
        if self.view.textCursor().hasSelection():
            return
        offset = self.positions.from_qt(self.view.textCursor().position())
        for ann in self.annotations:
            if ann["status"] != "orphan" and ann["start"] <= offset < ann["end"]:
                row = self.model.row_of(ann["id"])
                self.list.selectRow(row)
                return

    def _list_row_changed(self, current, _previous) -> None:
        ann = self.model.rows[current.row()] if current.isValid() else None
        self._show_details(ann)
        self._update_actions()
        if ann:
            self.annotation_selected.emit(ann["id"])

    def _update_actions(self) -> None:
        has_selection = self.selection() is not None
        has_target = has_selection or self.selected_annotation() is not None
        self.highlight_action.setEnabled(has_selection)
        self.note_action.setEnabled(has_selection)
        self.claim_action.setEnabled(has_target)
        self.link_action.setEnabled(has_target)
        self.reattach_action.setEnabled(has_selection and self.selected_annotation() is not None)
        self.delete_action.setEnabled(self.selected_annotation() is not None)

    def covering(self, start: int, end: int) -> str | None:
        """The highlight (not an orphan) that covers exactly ``start``–``end``, if any."""
        for ann in self.annotations:
            if ann["start"] == start and ann["end"] == end and ann["status"] != "orphan":
                return ann["id"]
        return None

    def target(self) -> tuple[str | None, tuple[int, int] | None]:
        """What a gesture works on: (an existing highlight, None) or (None, a new passage).

        Selected text wins; selected text that is exactly a highlight is that highlight;
        with no text selected, the highlight chosen in the list (or under the cursor).
        """
        selected = self.selection()
        if selected is not None:
            existing = self.covering(*selected)
            return (existing, None) if existing else (None, selected)
        return self.selected_annotation(), None

    def _show_details(self, ann: dict | None) -> None:
        for widget in (self.note, self.tags, self.credibility):
            widget.setEnabled(ann is not None)
        self.note.setText(ann["note"] if ann else "")
        self.tags.setText(", ".join(ann["tags"]) if ann else "")
        index = self.credibility.findData(ann["credibility"]) if ann else 0
        self.credibility.setCurrentIndex(max(index, 0))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
