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

import re

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QDrag, QFont, QPalette, QTextCursor
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy,
                               QToolTip, QVBoxLayout, QWidget)

from ..core import markup, queries
from .memo_editor import ProseEditor, claim_sentence_html, footnotes_html
from .memo_model import MEMO_ITEM_MIME
from .mime import CLAIM_MIME, read_id

PAGE_WIDTH = 760  # a comfortable line length at the default text size, in pixels
_WORD = re.compile(r"\w[\w'’-]*")


def word_count(text: str) -> int:
    """Words as a reader counts them: "don't" and "well-known" are one word each."""
    return len(_WORD.findall(text))


def block_words(block: dict) -> int:
    """Words a block adds to the memo: a paragraph's text, or a claim as it will read."""
    if block["kind"] == "claim":
        judgment = queries.estimative_sentence(block.get("likelihood"),
                                               block.get("confidence"))
        return word_count(block["text"]) + word_count(judgment)
    return word_count(markup.plain(block["text"]))


def section_words(section: dict) -> int:
    return sum(block_words(b) for b in section["blocks"])


def words_label(count: int) -> str:
    return f"{count:,} word{'' if count == 1 else 's'}"


def _muted(widget: QWidget, role: QPalette.ColorRole | None = None) -> None:
    """Draw ``widget``'s text half way between the text and page colours (or in ``role``).

    Computed rather than taken from the PlaceholderText role, which some dark palettes
    leave near-black on a dark page.
    """
    palette = widget.palette()
    if role is None:
        text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
        colour = QColor((text.red() + base.red()) // 2, (text.green() + base.green()) // 2,
                        (text.blue() + base.blue()) // 2)
    else:
        colour = palette.color(role)
    # On the page (a Base background) labels draw in the Text role, elsewhere WindowText.
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    palette.setColor(QPalette.ColorRole.Text, colour)
    widget.setPalette(palette)


# ----------------------------------------------------------------------------- pieces
class ParagraphEditor(ProseEditor):
    """One prose block edited in place: no frame, no scroll bar, as tall as its text."""

    focused = Signal(str)  # block id
    step = Signal(str, int)  # block id, -1 / +1: the arrow keys went past the first/last line

    def __init__(self, block_id: str, parent: QWidget | None = None):
        super().__init__(parent, format_keys=False)  # the page's Bold / Italic hold the keys
        self.block_id = block_id
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # As tall as its text at whatever width the page gives it: height-for-width, like
        # the wrapped labels of the placed claims, so the page is laid out in one pass.
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setPlaceholderText("Type the paragraph here…")
        self.document().setDocumentMargin(2)
        self._hfw_key: tuple | None = None
        self._hfw = 0
        self._height = 0
        self.document().documentLayout().documentSizeChanged.connect(self._size_changed)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        document = self.document()
        key = (document.revision(), width, self.font().key())
        if key != self._hfw_key:
            probe = document.clone()  # laid out at ``width`` without touching the editor
            probe.setTextWidth(max(width - 2 * self.frameWidth(), 1))
            self._hfw = max(int(probe.size().height()) + 2 * self.frameWidth() + 2,
                            self.fontMetrics().lineSpacing() + 8)
            self._hfw_key = key
        return self._hfw

    def sizeHint(self) -> QSize:
        width = self.width() if self.width() > 1 else PAGE_WIDTH
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(60, self.fontMetrics().lineSpacing() + 8)

    def _size_changed(self, *_args) -> None:
        """A line more or less: ask the page for the new height."""
        height = self.heightForWidth(max(self.width(), 1))
        if height != self._height:
            self._height = height
            self.updateGeometry()

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.focused.emit(self.block_id)

    def keyPressEvent(self, event) -> None:
        """Up on the first line or Down on the last goes on to the next block, as in one
        document."""
        key, plain = event.key(), event.modifiers() == Qt.KeyboardModifier.NoModifier
        if plain and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            cursor = self.textCursor()
            moved = cursor.movePosition(QTextCursor.MoveOperation.Up if key == Qt.Key.Key_Up
                                        else QTextCursor.MoveOperation.Down)
            if not moved:
                self.step.emit(self.block_id, -1 if key == Qt.Key.Key_Up else 1)
                return
        super().keyPressEvent(event)


class ClaimBlock(QLabel):
    """A placed claim as it will read; its footnotes show on hover, a double-click opens it."""

    focused = Signal(str)     # block id
    activated = Signal(str)   # claim id
    step = Signal(str, int)   # block id, -1 / +1: Up or Down to the neighbouring block

    def __init__(self, block_id: str, notes: Callable[[dict], str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.block_id = block_id
        self.claim_id = ""
        self.claim: dict | None = None
        self._notes = notes  # the footnotes' HTML for a claim, asked for on hover
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName("Placed claim")
        self.setContentsMargins(2, 2, 2, 2)  # the text lines up with the paragraphs' own

    def show_claim(self, claim: dict | None) -> None:
        self.claim, self.claim_id = claim, claim["id"] if claim else ""
        body = claim_sentence_html(claim) if claim else "<i>(claim not found)</i>"
        if self.text() != body:
            self.setText(body)

    def footnotes(self) -> str:
        """The claim's footnotes as the export words them (built when asked: on hover)."""
        return self._notes(self.claim) if self.claim else ""

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            QToolTip.showText(event.globalPos(), self.footnotes(), self)
            return True
        return super().event(event)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.focused.emit(self.block_id)

    def mousePressEvent(self, event) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        if self.claim_id:
            self.activated.emit(self.claim_id)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.claim_id:
            self.activated.emit(self.claim_id)
        elif event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step.emit(self.block_id, -1 if event.key() == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)


class DragHandle(QLabel):
    """The grip beside a block: drag it to move the block elsewhere in the memo."""

    def __init__(self, block_id: str, parent: QWidget | None = None):
        super().__init__("⠿", parent)
        self.block_id = block_id
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setToolTip("Drag to move this block")
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.setFixedWidth(18)
        _muted(self)
        self._press: QPoint | None = None

    def mousePressEvent(self, event) -> None:
        self._press = event.position().toPoint()

    def mouseMoveEvent(self, event) -> None:
        if self._press is None:
            return
        if (event.position().toPoint() - self._press).manhattanLength() < 6:
            return
        self._press = None
        drag = QDrag(self)
        drag.setMimeData(block_mime(self.block_id))
        drag.exec(Qt.DropAction.MoveAction)


def block_mime(block_id: str) -> QMimeData:
    data = QMimeData()
    data.setData(MEMO_ITEM_MIME, QByteArray(f"block:{block_id}".encode()))
    return data


class BlockRow(QWidget):
    """A drag handle and a block's view side by side."""

    def __init__(self, section_id: str, block: dict, view: QWidget, parent: QWidget):
        super().__init__(parent)
        self.section_id = section_id
        self.block_id = block["id"]
        self.kind = block["kind"]
        self.view = view
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0 if block["kind"] == "prose" else 0, 2)
        layout.setSpacing(4)
        self.handle = DragHandle(block["id"], self)
        layout.addWidget(self.handle)
        layout.addWidget(view, 1)

    def set_current(self, current: bool) -> None:
        """Mark the block the outline has selected: its grip in the selection colour."""
        _muted(self.handle, QPalette.ColorRole.Highlight if current else None)


class SectionHeading(QWidget):
    """A section's title in heading type, with its word count after it; a double-click
    asks to rename it."""

    rename_requested = Signal(str)  # section id

    def __init__(self, section: dict, parent: QWidget):
        super().__init__(parent)
        self.section_id = section["id"]
        self.setToolTip("Double-click to rename this section")
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setMinimumWidth(40)  # a long word is cut in a narrow window, not the page
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.count = QLabel(self)
        _muted(self.count)
        self.count.setAccessibleName("Section word count")
        self.empty = QLabel("Empty section: add a paragraph or drop a claim here.", self)
        self.empty.setWordWrap(True)
        _muted(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 14, 0, 2)
        line = QHBoxLayout()
        line.addWidget(self.title, 1)
        line.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(line)
        layout.addWidget(self.empty)
        self.update_from(section)

    def mouseDoubleClickEvent(self, event) -> None:
        self.rename_requested.emit(self.section_id)

    def update_from(self, section: dict) -> None:
        if self.title.text() != section["title"]:
            self.title.setText(section["title"])
        self.count.setText(words_label(section_words(section)))
        self.empty.setVisible(not section["blocks"])


# --------------------------------------------------------------------------- document
class MemoDocument(QScrollArea):
    """The whole memo in one scrolling page. Requests go out as signals (see module doc)."""

    block_focused = Signal(str)                    # block id
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
