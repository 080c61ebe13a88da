"""Small drawn icons and colours for evidence stance, matrix cells and check kinds.

They are painted with QPainter instead of shipped as image files: nothing to package, they
scale cleanly on high-DPI screens, and they draw no text, so they need no fonts (the
offscreen test platform may have none). Icons are cached, so a view asking for the same
decoration thousands of times gets one shared QIcon.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

from desktop.core.model import CREDIBILITY, NOT_GRADED, RELIABILITY, UNGRADED_MARK

STANCE_COLOURS = {"supports": "#2e7d32", "contradicts": "#c62828", "context": "#757575"}
STANCE_LABELS = {"supports": "Supports", "contradicts": "Contradicts", "context": "Context"}

_SIZE = 32  # drawn large and scaled down: crisp at 16 px on a 2x screen


# Lighter shades of the same hues, readable on a dark palette's background.
DARK_STANCE_COLOURS = {"supports": "#81c784", "contradicts": "#ef9a9a", "context": "#bdbdbd"}


def dark_palette_in_use() -> bool:
    """True when the app follows a dark system theme (text lighter than its background)."""
    from PySide6.QtGui import QGuiApplication

    palette = QGuiApplication.palette()
    return palette.base().color().lightness() < palette.text().color().lightness()


def stance_colour(stance: str) -> QColor:
    colours = DARK_STANCE_COLOURS if dark_palette_in_use() else STANCE_COLOURS
    return QColor(colours.get(stance, colours["context"]))


@cache
def stance_icon(stance: str) -> QIcon:
    """A filled disc in the stance's colour with a white tick, cross or bar."""
    pixmap, painter = _canvas()
    painter.setBrush(stance_colour(stance))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QRectF(2, 2, _SIZE - 4, _SIZE - 4))
    pen = QPen(QColor("white"), 3.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    if stance == "supports":
        painter.drawPolyline(QPolygonF([QPointF(9, 17), QPointF(14, 22), QPointF(23, 11)]))
    elif stance == "contradicts":
        painter.drawLine(QPointF(11, 11), QPointF(21, 21))
        painter.drawLine(QPointF(21, 11), QPointF(11, 21))
    else:
        painter.drawLine(QPointF(10, 16), QPointF(22, 16))
    painter.end()
    return QIcon(pixmap)


@cache
def shape_icon(colour: str, shape: str = "disc") -> QIcon:
    """A plain coloured ``disc``, ``ring``, ``triangle`` or ``square`` (for kinds of problem)."""
    pixmap, painter = _canvas()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    if shape == "triangle":
        painter.drawPolygon(QPolygonF([QPointF(16, 3), QPointF(30, 28), QPointF(2, 28)]))
    elif shape == "square":
        painter.drawRoundedRect(QRectF(4, 4, 24, 24), 4, 4)
    elif shape == "ring":
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(colour), 4))
        painter.drawEllipse(QRectF(5, 5, 22, 22))
    else:
        painter.drawEllipse(QRectF(3, 3, 26, 26))
    painter.end()
    return QIcon(pixmap)


@cache
def review_icon() -> QIcon:
    """A speech bubble: the item has open review comments or changes."""
    pixmap, painter = _canvas()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#1565c0"))
    painter.drawRoundedRect(QRectF(2, 3, 28, 20), 6, 6)
    painter.drawPolygon(QPolygonF([QPointF(8, 21), QPointF(8, 30), QPointF(16, 21)]))
    painter.end()
    return QIcon(pixmap)


def grade_tooltip(grade: str) -> str:
    """ "B2: usually reliable source; probably true" for an Admiralty grade like "B2"
    ("?2: source not graded; probably true" when the source has no grade)."""
    if len(grade) != 2 or grade[0] not in (*RELIABILITY, UNGRADED_MARK) \
            or not grade[1].isdigit():
        return grade
    source = (f"{RELIABILITY[grade[0]].lower()} source" if grade[0] in RELIABILITY
              else "source not graded")
    return f"{grade}: {source}; {CREDIBILITY.get(int(grade[1]), '').lower()}"


def reliability_mark(letter: str | None) -> str:
    """A source's reliability as a grade column shows it: the letter, or "?" if not graded."""
    return letter if letter in RELIABILITY else UNGRADED_MARK


def reliability_text(letter: str | None) -> str:
    """"B: Usually reliable", or "Not graded" for a source nobody has graded."""
    return f"{letter}: {RELIABILITY[letter]}" if letter in RELIABILITY else NOT_GRADED


def grade_label(letter: str | None) -> str:
    """A reliability grade as a choice reads ("B — Usually reliable", "Not graded")."""
    return f"{letter} — {RELIABILITY[letter]}" if letter in RELIABILITY else NOT_GRADED


# The choices of a source's reliability, in menu order: not graded first, then A-F.
GRADE_CHOICES = (None, *RELIABILITY)


def _canvas() -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(_SIZE, _SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter
