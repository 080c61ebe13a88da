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

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPalette, QTextCursor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from desktop.ui.memo.blocks import (PAGE_WIDTH, BlockRow, ClaimBlock, ParagraphEditor,
                                    SectionHeading, block_mime, block_words, section_words,
                                    word_count, words_label)
from desktop.ui.memo.drops import BlockDrops
from desktop.ui.memo.editor import footnotes_html
from desktop.ui.memo.placed import PlacedClaims

# New widgets built at once when the page is (re)built (kept ones cost nothing): the top of
# the page. A screen's worth (12) kept the app from answering input for 20 ms just after
# its first window appeared (the large brief, usable 3.27-3.39x the bare window's start
# against 3.12-3.26x with 1-2).
EAGER_WIDGETS = 2
# Then this many a turn of the event loop (~12 ms of work on the large brief) to the end.
CHUNK_WIDGETS = 8

__all__ = ["MemoDocument", "block_mime", "block_words", "section_words", "word_count",
           "words_label"]


# --------------------------------------------------------------------------- document
class MemoDocument(BlockDrops, QScrollArea):
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
        self.claims: PlacedClaims = PlacedClaims(None, [])  # the placed claims, by id
        # claim -> (sources by id, highlight locations by id): what its footnotes cite.
        self._footnote_context: Callable[[dict], tuple[dict, dict]] = lambda claim: ({}, {})
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
        # The page in order, (is a section, id), and how much of it is laid out (built):
        # a long memo is built a few blocks at a time after its first screen (_rebuild).
        self._plan: list[tuple[bool, str]] = []
        self._laid_out = 0
        self._data: dict = {}  # section id: section; block id: (section id, block)
        self._spare_headings: dict[str, SectionHeading] = {}  # kept, not laid out again yet
        self._spare_rows: dict[str, BlockRow] = {}
        self._current_item: str | None = None  # the block the outline has selected
        self._build_timer = QTimer(self)
        # A pause between chunks: the event loop answers input then (with no pause, zero
        # timers kept firing ahead of the window system's events until the page was built).
        self._build_timer.setInterval(5)
        self._build_timer.timeout.connect(self._build_chunk)

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
    def show_memo(self, sections: list[dict], claims: PlacedClaims | None = None) -> None:
        """Show ``sections`` (from :func:`queries.memo`); ``claims`` maps the placed claims'
        ids to :func:`queries.claims` entries, None when they have not changed."""
        rebuilt = _shape(sections) != _shape(self._sections) or not self._plan and sections
        self._sections = sections
        self._index_sections()
        if claims is not None:
            self.claims = claims
        if rebuilt:  # every widget laid out is shown the latest data as it is placed
            self._rebuild(sections)
        for section in () if rebuilt else sections:
            heading = self.headings.get(section["id"])
            if heading is not None:  # one not built yet is built from the latest data
                heading.update_from(section)
            for block in section["blocks"]:
                row = self.rows.get(block["id"])
                if row is None:
                    continue
                if block["kind"] != "claim":
                    row.view.set_markdown(block["text"])
                elif claims is not None:
                    row.view.show_claim(self.claims.get(block["claim"]))
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
        if _shape(sections) != _shape(self._sections) or not self._plan and sections:
            self.show_memo(sections)
            return
        self._sections = sections
        self._index_sections()
        for section in sections:
            typed = [b for b in section["blocks"] if b["id"] in block_ids]
            heading = self.headings.get(section["id"])
            if typed and heading is not None:
                heading.update_from(section)
            for block in typed:
                row = self.rows.get(block["id"])
                if block["kind"] != "claim" and row is not None:
                    row.view.set_markdown(block["text"])

    def _index_sections(self) -> None:
        self._data = {}
        for section in self._sections:
            self._data[section["id"]] = section
            for block in section["blocks"]:
                self._data[block["id"]] = (section["id"], block)

    def _rebuild(self, sections: list[dict]) -> None:
        """Lay the page out in the memo's new order, keeping the widgets of every heading
        and block still in it (a move or an added paragraph re-creates nothing else, and
        the paragraph being typed in keeps its cursor).

        Only the first :data:`EAGER_WIDGETS` new widgets (the top of the page) are
        built now; the rest follow a few at a time on later turns of the event loop, so a
        long memo's first screen shows (and takes input) without waiting for the whole
        page. Whatever asks for a block not built yet (:meth:`editor`, :meth:`reveal`,
        the arrow keys) builds the page down to it first; the word counts and the outline
        come from the memo's data, never from the widgets."""
        focused = self.focused_block()
        editor = self.editor(focused) if focused else None
        cursor = editor.textCursor().position() if editor is not None else None
        while self.page_layout.count():
            self.page_layout.takeAt(0)  # the widgets stay; only the order is dropped
        self._spare_headings.update(self.headings)
        self._spare_rows.update(self.rows)
        self.headings, self.rows = {}, {}
        self._plan = []
        for section in sections:
            self._plan.append((True, section["id"]))
            self._plan.extend((False, b["id"]) for b in section["blocks"])
        self._laid_out = 0
        self.page_layout.addStretch(1)
        planned = {item_id for _, item_id in self._plan}
        for spares in (self._spare_headings, self._spare_rows):
            for item_id in [i for i in spares if i not in planned]:
                gone = spares.pop(item_id)
                gone.hide()
                gone.deleteLater()
        self._lay_out(EAGER_WIDGETS)
        if focused in self._data:  # a change from elsewhere reshaped the memo mid-sentence
            self._build_through(focused)
            self.rows[focused].view.setFocus()
            editor = self.editor(focused)
            if editor is not None and cursor is not None:
                self._pending_cursor = (focused, cursor)
        # Kept widgets not laid out again yet leave the page until they are; hidden only
        # now, so the paragraph being typed in (laid out above) never loses the focus.
        for spares in (self._spare_headings, self._spare_rows):
            for widget in spares.values():
                widget.hide()
        if self._laid_out < len(self._plan):
            self._build_timer.start()
        else:
            self._build_timer.stop()

    def stop_building(self) -> None:
        """Build no more of the page (its brief is closing: the claims of blocks still to
        come can no longer be read)."""
        self._build_timer.stop()

    @property
    def fully_built(self) -> bool:
        """Whether every heading and block of the memo has its widget on the page."""
        return self._laid_out == len(self._plan)

    def _build_chunk(self) -> None:
        self._lay_out(CHUNK_WIDGETS)
        if self._laid_out == len(self._plan):
            self._build_timer.stop()

    def _build_through(self, item_id: str) -> None:
        """Lay the page out down to ``item_id`` (a section or block id) if it is not yet."""
        if item_id in self.rows or item_id in self.headings or item_id not in self._data:
            return
        self._lay_out(len(self._plan), until=item_id)

    def _lay_out(self, new_widgets: int, until: str | None = None) -> None:
        """Lay out the next items of the plan until ``new_widgets`` have been created (a
        kept widget costs nothing) or, with ``until``, until that item is on the page."""
        created = []
        # Showing a child of a visible page lays the whole page out again (Qt activates the
        # parent's layout on each show): off while the chunk goes in, then once, with room.
        self.page_layout.setEnabled(False)
        try:
            self._insert(created, new_widgets, until)
        finally:
            self.page_layout.setEnabled(True)
        height = self.page_layout.totalHeightForWidth(self.page.width())
        if height > self.page.height():  # else every block above is squeezed, then restored
            self.page.resize(self.page.width(), height)
        self.page_layout.activate()

    def _insert(self, created: list, new_widgets: int, until: str | None) -> None:
        while self._laid_out < len(self._plan) and len(created) < new_widgets:
            is_section, item_id = self._plan[self._laid_out]
            widget, new = (self._place_heading if is_section else self._place_block)(item_id)
            self.page_layout.insertWidget(self._laid_out, widget)
            self._laid_out += 1
            if new:
                created.append(widget)
            else:
                widget.show()
            if item_id == until:
                break
        self._apply_font(created)
        for widget in created:
            widget.show()  # now, not on the layout's next turn: the caller may focus one

    def _place_heading(self, section_id: str) -> tuple[QWidget, bool]:
        section = self._data[section_id]
        heading = self._spare_headings.pop(section_id, None)
        if heading is not None:
            heading.update_from(section)
            self.headings[section_id] = heading
            return heading, False
        heading = SectionHeading(section, self.page)
        heading.rename_requested.connect(self.section_rename_requested)
        self.headings[section_id] = heading
        return heading, True

    def _place_block(self, block_id: str) -> tuple[QWidget, bool]:
        section_id, block = self._data[block_id]
        row = self._spare_rows.pop(block_id, None)
        new = row is None
        if new:
            row = BlockRow(section_id, block, self._block_view(block), self.page)
        row.section_id = section_id
        if block["kind"] != "claim":
            row.view.set_markdown(block["text"])
        else:
            row.view.show_claim(self.claims.get(block["claim"]))
        row.set_current(block_id == self._current_item)
        self.rows[block_id] = row
        return row, new

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
        self._build_through(order[at])
        view = self.rows[order[at]].view
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(view, ParagraphEditor):
            view.moveCursor(QTextCursor.MoveOperation.Start if direction > 0
                            else QTextCursor.MoveOperation.End)
        self.ensureWidgetVisible(self.rows[order[at]], 0, 40)

    def set_footnote_context(self, read: Callable[[dict], tuple[dict, dict]]) -> None:
        """``read(claim)`` returns (sources by id, highlight locations by id) covering what
        the claim's footnotes cite; called when its footnotes are wanted (on hover)."""
        self._footnote_context = read

    def _footnotes_html(self, claim: dict) -> str:
        return footnotes_html(claim, *self._footnote_context(claim))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.shown.emit()

    def editor(self, block_id: str) -> ParagraphEditor | None:
        """The paragraph's editor (built now if the page has not reached it yet)."""
        self._build_through(block_id)
        row = self.rows.get(block_id)
        return row.view if row and isinstance(row.view, ParagraphEditor) else None

    def claim_view(self, block_id: str) -> ClaimBlock | None:
        self._build_through(block_id)
        row = self.rows.get(block_id)
        return row.view if row and isinstance(row.view, ClaimBlock) else None

    def focused_block(self) -> str | None:
        for block_id, row in self.rows.items():
            if row.view.hasFocus():
                return block_id
        return None

    def reveal(self, item_id: str, focus: bool = False) -> None:
        """Scroll to a section or block and mark it; ``focus`` puts the cursor in it."""
        self._current_item = item_id  # a block built later is marked as it is built
        for block_id, row in self.rows.items():
            row.set_current(block_id == item_id)
        self._build_through(item_id)
        widget = self.rows.get(item_id) or self.headings.get(item_id)
        if widget is None:
            return
        self.widget().layout().activate()
        # The page may have just grown (built down to ``widget``): let the scroll range
        # follow now, or the scroll stops at the old end.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.ensureWidgetVisible(widget, 0, 40)
        if focus and item_id in self.rows:
            self.rows[item_id].view.setFocus(Qt.FocusReason.OtherFocusReason)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # Narrow margins in a narrow window. The event's size is the viewport's (see SourcesView).
        side = 28 if event.size().width() > 560 else 8
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
        rows = [*self.rows.values(), *self._spare_rows.values()] if widgets is None else [
            w for w in widgets if isinstance(w, BlockRow)]  # spares: kept ones get none later
        headings = ([*self.headings.values(), *self._spare_headings.values()] if widgets is None
                    else [w for w in widgets if isinstance(w, SectionHeading)])
        for row in rows:
            row.view.setFont(base)
        for heading in headings:
            font = QFont(base)
            font.setPointSizeF(base.pointSizeF() * 1.35)
            font.setBold(True)
            heading.title.setFont(font)


def _shape(sections: list[dict]) -> list:
    return [(s["id"], [(b["id"], b["kind"]) for b in s["blocks"]]) for s in sections]
