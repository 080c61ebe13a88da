"""The memo as one continuous document: headings, paragraphs edited in place, placed claims.

:class:`MemoDocument` lays the memo out the way it will read: each section's heading (with
its word count), each prose paragraph as an in-place :class:`ParagraphEditor` that grows
with its text, and each placed claim as it will be worded in Word (statement, note marks,
estimative sentence) with its footnotes on hover. Blocks are dragged by their handle to a
new place; claims can be dropped in from the claims panel.

Like the outline model it never pushes edits: it reports *requests* (text typed, a move, a
drop) and the memo panel decides which edit to push. It is rebuilt only when the memo's
shape (sections and blocks in order) changes; typing only refreshes texts, and a paragraph
editor ignores a refresh that echoes what it shows, so typing is never interrupted.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPalette, QTextCursor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from desktop.ui.memo.blocks import (PAGE_WIDTH, BlockRow, ClaimBlock, ParagraphEditor, SectionHeading,
                          block_mime, block_words, section_words, word_count, words_label)
from desktop.ui.memo.editor import footnotes_html
from desktop.ui.memo.model import MEMO_ITEM_MIME
from desktop.ui.common.mime import CLAIM_MIME, read_id

__all__ = ["MemoDocument", "block_mime", "block_words", "section_words", "word_count",
           "words_label"]


# --------------------------------------------------------------------------- document
class MemoDocument(QScrollArea):
    """The whole memo in one scrolling page. Requests go out as signals (see module doc)."""

    block_focused = Signal(str)                    # block id
    block_left = Signal(str)                       # block id: a paragraph lost the focus
    text_edited = Signal(str, str)                 # block id, Markdown
    move_requested = Signal(str, str, int)         # block id, section id, index
    claim_drop_requested = Signal(str, str, int)   # claim id, section id, index
    claim_activated = Signal(str)                  # claim id
    section_rename_requested = Signal(str)         # section id
    undo_requested = Signal()
    redo_requested = Signal()
    shown = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.claims: dict[str, dict] = {}  # the placed claims shown, by id
        # (sources by id, highlight locations by id): what the footnotes cite.
        self.footnote_context: tuple[dict, dict] = ({}, {})
        self.setWidgetResizable(True)
        # The page narrows with the window and its text rewraps: never a sideways scroll.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Memo document")
        self.setAcceptDrops(True)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self._sections: list[dict] = []
        self.headings: dict[str, SectionHeading] = {}
        self.rows: dict[str, BlockRow] = {}
        self.point_size = 0.0  # 0: the application's font size
        self._pending_cursor: tuple[str, int] | None = None  # (block id, where it was)

        self.page = QFrame()
        self.page.setAutoFillBackground(True)
        self.page.setBackgroundRole(QPalette.ColorRole.Base)
        self.page.setMaximumWidth(PAGE_WIDTH)
        self.page.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.page_layout = QVBoxLayout(self.page)
        self.page_layout.setContentsMargins(28, 12, 28, 28)
        self.page_layout.setSpacing(2)
        outer = QWidget()
        outer_layout = QHBoxLayout(outer)
        outer_layout.setContentsMargins(8, 8, 8, 8)
        outer_layout.addStretch(0)
        outer_layout.addWidget(self.page, 10, Qt.AlignmentFlag.AlignTop)
        outer_layout.addStretch(0)
        self.setWidget(outer)

        self.indicator = QFrame(self.page)  # where a dragged block would land
        self.indicator.setFrameShape(QFrame.Shape.HLine)
        self.indicator.setLineWidth(2)
        self.indicator.setForegroundRole(QPalette.ColorRole.Highlight)
        self.indicator.hide()

    # --------------------------------------------------------------------- contents
    def show_memo(self, sections: list[dict], claims: dict | None = None) -> None:
        """Show ``sections`` (from :func:`queries.memo`); ``claims`` maps the placed claims'
        ids to :func:`queries.claims` entries, None when they have not changed."""
        rebuilt = _shape(sections) != _shape(self._sections) or not self.headings and sections
        if rebuilt:
            self._rebuild(sections)
        self._sections = sections
        if claims is not None:
            self.claims = claims
        for section in sections:
            self.headings[section["id"]].update_from(section)
            for block in section["blocks"]:
                view = self.rows[block["id"]].view
                if block["kind"] != "claim":
                    view.set_markdown(block["text"])
                elif rebuilt or claims is not None:
                    view.show_claim(self.claims.get(block["claim"]))
        if self._pending_cursor is not None:
            block_id, position = self._pending_cursor
            self._pending_cursor = None
            editor = self.editor(block_id)
            cursor = editor.textCursor()
            cursor.setPosition(min(position, editor.document().characterCount() - 1))
            editor.setTextCursor(cursor)

    def show_texts(self, sections: list[dict], block_ids) -> None:
        """Like :meth:`show_memo` after typing: only the paragraphs ``block_ids`` may have
        new text, so only their editors (each ignores text it already shows) and their
        sections' word counts are told."""
        if _shape(sections) != _shape(self._sections) or not self.headings and sections:
            self.show_memo(sections)
            return
        self._sections = sections
        for section in sections:
            typed = [b for b in section["blocks"] if b["id"] in block_ids]
            if typed:
                self.headings[section["id"]].update_from(section)
            for block in typed:
                if block["kind"] != "claim":
                    self.rows[block["id"]].view.set_markdown(block["text"])

    def _rebuild(self, sections: list[dict]) -> None:
        """Lay the page out in the memo's new order, keeping the widgets of every heading
        and block still in it (a move or an added paragraph re-creates nothing else, and
        the paragraph being typed in keeps its cursor)."""
        focused = self.focused_block()
        editor = self.editor(focused) if focused else None
        cursor = editor.textCursor().position() if editor is not None else None
        while self.page_layout.count():
            self.page_layout.takeAt(0)  # the widgets stay; only the order is dropped
        old_headings, old_rows = self.headings, self.rows
        self.headings, self.rows = {}, {}
        created = []
        for section in sections:
            heading = old_headings.pop(section["id"], None)
            if heading is None:
                heading = SectionHeading(section, self.page)
                heading.rename_requested.connect(self.section_rename_requested)
                created.append(heading)
            self.headings[section["id"]] = heading
            self.page_layout.addWidget(heading)
            for block in section["blocks"]:
                row = old_rows.pop(block["id"], None)
                if row is None:
                    row = BlockRow(section["id"], block, self._block_view(block), self.page)
                    created.append(row)
                row.section_id = section["id"]
                self.rows[block["id"]] = row
                self.page_layout.addWidget(row)
        self.page_layout.addStretch(1)
        for gone in (*old_headings.values(), *old_rows.values()):
            gone.hide()
            gone.deleteLater()
        self._apply_font(created)
        for widget in created:
            widget.show()  # now, not on the layout's next turn: the caller may focus one
        if focused in self.rows:  # a change from elsewhere reshaped the memo mid-sentence
            self.rows[focused].view.setFocus()
            editor = self.editor(focused)
            if editor is not None and cursor is not None:
                self._pending_cursor = (focused, cursor)

    def _block_view(self, block: dict) -> QWidget:
        if block["kind"] == "claim":
            view = ClaimBlock(block["id"], self._footnotes_html, self.page)
            view.activated.connect(self.claim_activated)
        else:
            view = ParagraphEditor(block["id"], self.page)
            view.edited.connect(lambda text, b=block["id"]: self.text_edited.emit(b, text))
            view.undo_requested.connect(self.undo_requested)
            view.redo_requested.connect(self.redo_requested)
            view.left.connect(self.block_left)
        view.focused.connect(self.block_focused)
        view.step.connect(self.focus_neighbour)
        return view

    def focus_neighbour(self, block_id: str, direction: int) -> None:
        """Put the cursor in the block before or after ``block_id`` (across sections)."""
        order = [b["id"] for s in self._sections for b in s["blocks"]]
        at = order.index(block_id) + direction if block_id in order else -1
        if not 0 <= at < len(order):
            return
        view = self.rows[order[at]].view
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(view, ParagraphEditor):
            view.moveCursor(QTextCursor.MoveOperation.Start if direction > 0
                            else QTextCursor.MoveOperation.End)
        self.ensureWidgetVisible(self.rows[order[at]], 0, 40)

    def _footnotes_html(self, claim: dict) -> str:
        return footnotes_html(claim, *self.footnote_context)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.shown.emit()

    def editor(self, block_id: str) -> ParagraphEditor | None:
        row = self.rows.get(block_id)
        return row.view if row and isinstance(row.view, ParagraphEditor) else None

    def claim_view(self, block_id: str) -> ClaimBlock | None:
        row = self.rows.get(block_id)
        return row.view if row and isinstance(row.view, ClaimBlock) else None

    def focused_block(self) -> str | None:
        for block_id, row in self.rows.items():
            if row.view.hasFocus():
                return block_id
        return None

    def reveal(self, item_id: str, focus: bool = False) -> None:
        """Scroll to a section or block and mark it; ``focus`` puts the cursor in it."""
        for block_id, row in self.rows.items():
            row.set_current(block_id == item_id)
        widget = self.rows.get(item_id) or self.headings.get(item_id)
        if widget is None:
            return
        self.widget().layout().activate()
        self.ensureWidgetVisible(widget, 0, 40)
        if focus and item_id in self.rows:
            self.rows[item_id].view.setFocus(Qt.FocusReason.OtherFocusReason)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # Page margins shrink in a narrow window, so the text keeps the width.
        side = 28 if self.viewport().width() > 560 else 8
        margins = self.page_layout.contentsMargins()
        if margins.left() != side:
            self.page_layout.setContentsMargins(side, 12, side, 28)

    # ------------------------------------------------------------------------- zoom
    def set_point_size(self, size: float) -> None:
        self.point_size = size
        self._apply_font()

    def _apply_font(self, widgets: list[QWidget] | None = None) -> None:
        """The text size on every block and heading (or only on ``widgets``, new ones)."""
        base = QFont(self.font())
        if self.point_size > 0:
            base.setPointSizeF(self.point_size)
        rows = self.rows.values() if widgets is None else [
            w for w in widgets if isinstance(w, BlockRow)]
        headings = self.headings.values() if widgets is None else [
            w for w in widgets if isinstance(w, SectionHeading)]
        for row in rows:
            row.view.setFont(base)
        for heading in headings:
            font = QFont(base)
            font.setPointSizeF(base.pointSizeF() * 1.35)
            font.setBold(True)
            heading.title.setFont(font)

    # ---------------------------------------------------------------- drag and drop
    def dragEnterEvent(self, event) -> None:
        if self._drop_request(event.mimeData(), self._page_y(event)) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        request = self._drop_request(event.mimeData(), self._page_y(event))
        if request is None:
            self.indicator.hide()
            event.ignore()
            return
        self._show_indicator(self._page_y(event))
        event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self.indicator.hide()

    def dropEvent(self, event) -> None:
        self.indicator.hide()
        request = self._drop_request(event.mimeData(), self._page_y(event))
        if request is None:
            event.ignore()
            return
        event.acceptProposedAction()
        signal, *args = request
        # After the drag returns: the edit rebuilds the page the drag started from.
        QTimer.singleShot(0, self, lambda: signal.emit(*args))

    def _page_y(self, event) -> int:
        return self.page.mapFrom(self.viewport(), event.position().toPoint()).y()

    def drop_slot(self, y: int) -> tuple[str, int] | None:
        """(section id, index) a block dropped at page height ``y`` would land in."""
        slot = None
        for section in self._sections:
            heading = self.headings.get(section["id"])
            if heading is None:
                continue
            if slot is not None and y < heading.geometry().center().y():
                return slot
            slot = (section["id"], 0)
            for index, block in enumerate(section["blocks"]):
                row = self.rows[block["id"]]
                if y < row.geometry().center().y():
                    return section["id"], index
                slot = (section["id"], index + 1)
        return slot

    def _drop_request(self, data: QMimeData, y: int):
        slot = self.drop_slot(y)
        if slot is None or data is None:
            return None
        section_id, index = slot
        moving = read_id(data, MEMO_ITEM_MIME)
        if moving and moving.startswith("block:"):
            block_id = moving.split(":", 1)[1]
            section = next(s for s in self._sections if s["id"] == section_id)
            current = next((i for i, b in enumerate(section["blocks"])
                            if b["id"] == block_id), None)
            if current is not None and current < index:
                index -= 1
            return self.move_requested, block_id, section_id, index
        claim_id = read_id(data, CLAIM_MIME)
        if claim_id and not moving:
            return self.claim_drop_requested, claim_id, section_id, index
        return None

    def _show_indicator(self, y: int) -> None:
        slot = self.drop_slot(y)
        if slot is None:
            return
        section_id, index = slot
        blocks = next(s for s in self._sections if s["id"] == section_id)["blocks"]
        if index < len(blocks):
            top = self.rows[blocks[index]["id"]].geometry().top()
        elif blocks:
            top = self.rows[blocks[-1]["id"]].geometry().bottom()
        else:
            top = self.headings[section_id].geometry().bottom()
        margin = self.page_layout.contentsMargins()
        self.indicator.setGeometry(margin.left(), top - 1,
                                   self.page.width() - margin.left() - margin.right(), 3)
        self.indicator.raise_()
        self.indicator.show()


def _shape(sections: list[dict]) -> list:
    return [(s["id"], [(b["id"], b["kind"]) for b in s["blocks"]]) for s in sections]
