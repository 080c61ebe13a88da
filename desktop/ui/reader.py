"""The reader: a source's text with its highlights, and the tools to make more.

Highlights are drawn as extra selections over a read-only QPlainTextEdit (cheap even for
thousands of them). Offsets cross the Qt boundary through :class:`PositionMap`, because Qt
counts UTF-16 units and the core counts code points.
"""

from __future__ import annotations

import functools
import hashlib

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QHeaderView,
                               QInputDialog, QLabel, QLineEdit, QMenu, QPlainTextEdit,
                               QSplitter, QTableView, QTextEdit, QVBoxLayout, QWidget)

from ..core import edits, queries
from ..core.model import CREDIBILITY
from .mime import annotation_mime
from .rows_model import RowsModel
from .textpos import PositionMap

DEFAULT_HIGHLIGHT = "#fff59d"
HIGHLIGHT_TEXT = "#1a1a1a"
ORPHAN_COLOUR = "#c62828"


def tag_colour(tags, explicit: str = "") -> str:
    """A highlight's colour: its own, else a stable pastel for its first tag, else yellow."""
    if explicit:
        return explicit
    if not tags:
        return DEFAULT_HIGHLIGHT
    return _pastel(tags[0].casefold())


@functools.lru_cache(maxsize=1024)
def _pastel(name: str) -> str:
    hue = int(hashlib.sha1(name.encode()).hexdigest()[:4], 16) % 360
    return QColor.fromHsl(hue, 170, 205).name()


class AnnotationsModel(RowsModel):
    """A source's highlights (rows from :func:`queries.annotations`), draggable onto claims."""

    COLUMNS = ("Quote", "Tags", "Cred.", "Where")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                quote = " ".join(row["quote"].split())
                return ("⚠ orphan: " if row["status"] == "orphan" else "") + quote
            if col == 1:
                return ", ".join(row["tags"])
            if col == 2:
                return str(row["credibility"] or "")
            return row["location"]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = row["note"] or row["quote"]
            if row["status"] == "orphan":
                tip = ("This highlight lost its place when the text changed. Select the "
                       "passage in the text and choose Re-attach.\n\n") + tip
            return tip
        if role == Qt.ItemDataRole.ForegroundRole and row["status"] == "orphan":
            return QColor(ORPHAN_COLOUR)
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return QColor(tag_colour(row["tags"], row["color"]))
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        return None

    def flags(self, index):
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self):
        from .mime import ANNOTATION_MIME
        return [ANNOTATION_MIME]

    def mimeData(self, indexes):
        if not indexes:
            return None
        return annotation_mime(self.rows[indexes[0].row()]["id"])


class ReaderPanel(QWidget):
    """Shows one source. Signals: ``new_claim_requested(source_id, start, end)``."""

    annotation_selected = Signal(str)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.source_id: str | None = None
        self.text = ""
        self.positions = PositionMap("")
        self.annotations: list[dict] = []
        self._painted: dict[str, tuple] = {}  # annotation id -> (what was drawn, selection)

        self.title = QLabel("Choose a source in the library, or import one.")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view = QPlainTextEdit(self)
        self.view.setReadOnly(True)
        self.view.setUndoRedoEnabled(False)
        self.view.setAccessibleName("Source text")
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.cursorPositionChanged.connect(self._cursor_moved)
        font = self.view.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.view.setFont(font)

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
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        # Size those columns from the first rows, not all of a source's 1,000 highlights.
        header.setResizeContentsPrecision(100)
        self.list.selectionModel().currentRowChanged.connect(self._list_row_changed)

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
        form.addRow("Note", self.note)
        form.addRow("Tags", self.tags)
        form.addRow("Credibility", self.credibility)
        self._show_details(None)

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
        layout.addWidget(splitter)

        self.highlight_action = self._action("Highlight", "Ctrl+H", self.highlight_selection)
        self.note_action = self._action("Highlight with note…", "Ctrl+Shift+H",
                                        self.highlight_with_note)
        self.claim_action = self._action("New claim from selection…", "Ctrl+Shift+C",
                                         self.claim_from_selection)
        self.reattach_action = self._action("Re-attach highlight to selection", "Ctrl+R",
                                            self.reattach_selected)
        self.delete_action = self._action("Delete highlight", "", self.delete_selected)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        session.changed.connect(self._on_changed)

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
                               f"&nbsp;[{source['reliability']}]")
        self.positions = PositionMap(self.text)
        self._painted = {}  # a new text: every cached selection points into the old one
        self.view.setPlainText(self.text)
        self._reload_annotations()

    def _reload_annotations(self) -> None:
        selected = self.selected_annotation()
        self.annotations = (queries.annotations(self.session.store, self.source_id)
                            if self.source_id else [])
        self.model.load(self.annotations)
        self._paint()
        if selected and self.model.row_of(selected) >= 0:
            self.list.selectRow(self.model.row_of(selected))
        else:
            self._show_details(None)

    def _paint(self) -> None:
        """Draw the highlights, reusing the selection of any highlight that did not change.

        Building a selection costs Python work per highlight; an undo that adds or removes
        one highlight of a thousand should not rebuild the other 999.
        """
        selections, kept = [], {}
        doc_len = self.view.document().characterCount()
        for ann in self.annotations:
            if ann["status"] == "orphan":
                continue
            colour = tag_colour(tuple(ann["tags"][:1]), ann["color"])
            key = (ann["start"], ann["end"], colour, ann["status"])
            cached = self._painted.get(ann["id"])
            if cached is None or cached[0] != key:
                selection = QTextEdit.ExtraSelection()
                selection.format = self._format(colour, ann["status"] == "fuzzy")
                cursor = QTextCursor(self.view.document())
                cursor.setPosition(min(self.positions.to_qt(ann["start"]), doc_len - 1))
                cursor.setPosition(min(self.positions.to_qt(ann["end"]), doc_len - 1),
                                   QTextCursor.MoveMode.KeepAnchor)
                selection.cursor = cursor
                cached = (key, selection)
            kept[ann["id"]] = cached
            selections.append(cached[1])
        self._painted = kept
        self.view.setExtraSelections(selections)

    def _format(self, colour: str, fuzzy: bool) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(colour))
        fmt.setForeground(QColor(HIGHLIGHT_TEXT))  # pastel backgrounds need dark text
        if fuzzy:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
        return fmt

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
            self._reload_annotations()

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
        if ann:
            self.annotation_selected.emit(ann["id"])

    def _show_details(self, ann: dict | None) -> None:
        for widget in (self.note, self.tags, self.credibility):
            widget.setEnabled(ann is not None)
        self.note.setText(ann["note"] if ann else "")
        self.tags.setText(", ".join(ann["tags"]) if ann else "")
        index = self.credibility.findData(ann["credibility"]) if ann else 0
        self.credibility.setCurrentIndex(max(index, 0))

    # ------------------------------------------------------------------------ gestures
    def highlight_selection(self, note: str = "") -> str | None:
        selected = self.selection()
        if selected is None:
            self.session.error.emit("Select some text of the source first.")
            return None
        edit = self.session.run(edits.add_annotation, self.source_id, *selected,
                                note=note or "")
        if edit:
            row = self.model.row_of(edit.item_id)
            if row >= 0:
                self.list.selectRow(row)
            return edit.item_id
        return None

    def highlight_with_note(self) -> None:
        if self.selection() is None:
            self.session.error.emit("Select some text of the source first.")
            return
        note = TextPrompt.ask(self, "Highlight with note", "Note:")
        if note is not None:
            self.highlight_selection(note)

    def claim_from_selection(self) -> str | None:
        selected = self.selection()
        if selected is None:
            self.session.error.emit("Select the passage the claim rests on first.")
            return None
        suggestion = " ".join(self.text[selected[0]:selected[1]].split())
        statement = TextPrompt.ask(self, "New claim", "Claim:", suggestion)
        if not statement:
            return None
        edit = self.session.run(edits.highlight_as_evidence, self.source_id, *selected,
                                statement=statement)
        return edit.item_id if edit else None

    def evidence_for(self, claim_id: str, stance: str = "supports") -> None:
        selected = self.selection()
        if selected is not None:
            self.session.run(edits.highlight_as_evidence, self.source_id, *selected,
                             claim_id=claim_id, stance=stance)
        elif self.selected_annotation():
            self.session.run(edits.link_evidence, claim_id, self.selected_annotation(),
                             stance=stance)
        else:
            self.session.error.emit("Select a passage or a highlight first.")

    def reattach_selected(self) -> None:
        ann, selected = self.selected_annotation(), self.selection()
        if ann is None or selected is None:
            self.session.error.emit("Choose a highlight in the list, then select the text "
                                    "to attach it to.")
            return
        self.session.run(edits.reattach_annotation, ann, *selected)

    def delete_selected(self) -> None:
        ann = self.selected_annotation()
        if ann:
            self.session.run(edits.delete_annotation, ann)

    def _commit_note(self) -> None:
        ann = self.selected_annotation()
        if ann:
            self.session.run(edits.update_annotation, ann, note=self.note.text())

    def _commit_tags(self) -> None:
        ann = self.selected_annotation()
        if ann:
            names = [t.strip() for t in self.tags.text().split(",")]
            self.session.run(edits.set_annotation_tags, ann, names)

    def _commit_credibility(self) -> None:
        ann = self.selected_annotation()
        if ann:
            self.session.run(edits.update_annotation, ann,
                             credibility=self.credibility.currentData())

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        has_selection = self.selection() is not None
        for action in (self.highlight_action, self.note_action, self.claim_action):
            action.setEnabled(has_selection)
            menu.addAction(action)
        claims = queries.claims(self.session.store)
        evidence_menu = menu.addMenu("Evidence for claim")
        evidence_menu.setEnabled(has_selection and bool(claims))
        for claim in claims:
            text = claim["text"] if len(claim["text"]) < 70 else claim["text"][:69] + "…"
            sub = evidence_menu.addMenu(text)
            for stance in ("supports", "contradicts", "context"):
                sub.addAction(stance.capitalize(),
                              lambda c=claim["id"], s=stance: self.evidence_for(c, s))
        credibility_menu = menu.addMenu("Credibility of highlight")
        credibility_menu.setEnabled(self.selected_annotation() is not None)
        for grade, meaning in CREDIBILITY.items():
            credibility_menu.addAction(f"{grade} — {meaning}", lambda g=grade: self.session.run(
                edits.update_annotation, self.selected_annotation(), credibility=g))
        menu.addSeparator()
        self.reattach_action.setEnabled(has_selection and self.selected_annotation() is not None)
        menu.addAction(self.reattach_action)
        menu.addAction(self.delete_action)
        menu.exec(self.view.mapToGlobal(pos))


class TextPrompt:
    """A one-line text question; tests replace ``ask``."""

    @classmethod
    def ask(cls, parent, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        return value.strip() if ok and value.strip() else None


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
