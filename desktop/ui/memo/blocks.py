"""The pieces the memo page is made of: a paragraph editor that grows with its text, a
placed claim worded as Word will print it, a section heading with its word count, and the
grip a block is dragged by; and the word counts themselves.

Each piece only reports what the user did (typed, focused, asked to rename, stepped past its
last line); :class:`~desktop.ui.memo.document.MemoDocument` lays them out and passes the
requests on.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QPalette, QTextCursor
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolTip,
                               QVBoxLayout, QWidget)

from desktop.core import markup, queries
from desktop.ui.memo.editor import ProseEditor, claim_sentence_html
from desktop.ui.memo.model import MEMO_ITEM_MIME

PAGE_WIDTH = 760  # a comfortable line length at the default text size, in pixels
_WORD = re.compile(r"\w[\w'’–-]*")  # "55–80%" is one word, as "well-known" is


def word_count(text: str) -> int:
    """Words as a reader counts them: "don't", "well-known" and "55–80" are one word each."""
    return len(_WORD.findall(text))


def block_words(block: dict) -> int:
    """Words a block adds to the memo: a paragraph's text, or a claim as it will read."""
    if block["kind"] == "claim":
        judgment = queries.estimative_sentence(block.get("likelihood"),
                                               block.get("confidence"))
        return word_count(block["text"]) + word_count(judgment)
    return _prose_words(block["text"])


@functools.lru_cache(maxsize=4096)
def _prose_words(markdown: str) -> int:
    # Remembered by text: the page's total is summed again after every save of typing,
    # and parsing each paragraph's Markdown again was most of what that cost.
    return word_count(markup.plain(markdown))


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
    left = Signal(str)  # block id: the keyboard focus went elsewhere
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
        self._hfws: dict[int, int] = {}  # width: height, for the text and font of _hfw_key
        self._height = 0
        self.document().documentLayout().documentSizeChanged.connect(self._size_changed)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        # Kept per width: the page asks at two (with and without its scroll bar) in turn.
        document = self.document()
        key = (document.revision(), self.font().key())
        if key != self._hfw_key:
            self._hfw_key, self._hfws = key, {}
        height = self._hfws.get(width)
        if height is None:
            probe = document.clone()  # laid out at ``width`` without touching the editor
            probe.setTextWidth(max(width - 2 * self.frameWidth(), 1))
            height = self._hfws[width] = max(
                int(probe.size().height()) + 2 * self.frameWidth() + 2,
                self.fontMetrics().lineSpacing() + 8)
        return height

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

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.left.emit(self.block_id)

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


# What changes the height a placed claim's text needs at a given width (besides its text):
# another font or style, other margins, a screen of another pixel ratio.
_SIZE_CHANGES = (QEvent.Type.FontChange, QEvent.Type.StyleChange,
                 QEvent.Type.ContentsRectChange, QEvent.Type.DevicePixelRatioChange)


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
            self._heights.clear()
            self.setText(body)

    # Qt asks every placed claim its height at each layout pass of the page, at two widths
    # (with and without the scroll bar), and QLabel lays its rich text out anew each time:
    # while a long memo was built a few blocks a turn, that was most of the work (300
    # claims: 2.2 s, the last turns 0.1 s each). The height changes only with the text,
    # the font, the style or the margins.
    @functools.cached_property
    def _heights(self) -> dict[int, int]:
        return {}

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            QToolTip.showText(event.globalPos(), self.footnotes(), self)
            return True
        if event.type() in _SIZE_CHANGES:
            self._heights.clear()
        return super().event(event)

    def footnotes(self) -> str:
        """The claim's footnotes as the export words them (built when asked: on hover)."""
        return self._notes(self.claim) if self.claim else ""

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
