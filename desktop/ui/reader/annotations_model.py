"""A source's highlights as rows for the reader's list, and how each one is drawn."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat

from desktop.core import queries
from desktop.core.tag_colours import HIGHLIGHT_TEXT, UNTAGGED
from desktop.ui.common.badges import STANCE_COLOURS
from desktop.ui.common.mime import DraggableAnnotations
from desktop.ui.common.rows_model import RowsModel

ORPHAN_COLOUR = "#c62828"


def tag_colour(tags, explicit: str = "", colours: dict[str, str] | None = None) -> str:
    """A highlight's colour: its own, else its first tag's (``colours`` maps folded tag
    names to colours, from :func:`tag_colour_map`), else the untagged yellow."""
    if explicit:
        return explicit
    if not tags:
        return UNTAGGED
    return (colours or {}).get(tags[0].casefold(), UNTAGGED)


def tag_colour_map(store) -> dict[str, str]:
    return queries.tag_colours(store)


class AnnotationsModel(DraggableAnnotations, RowsModel):
    """A source's highlights (rows from :func:`queries.annotations`), draggable onto claims."""

    COLUMNS = ("Quote", "Tags", "Cred.", "Where")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.colours: dict[str, str] = {}  # folded tag name -> colour

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
            return QColor(tag_colour(row["tags"], row["color"], self.colours))
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        return None


def highlight_format(colour: str, fuzzy: bool, stance: str | None = None) -> QTextCharFormat:
    """How a highlight is drawn: its colour, dark text, and an underline for its stance as
    evidence (wavy: contradicts) or a dashed one for a highlight placed by fuzzy match."""
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(colour))
    fmt.setForeground(QColor(HIGHLIGHT_TEXT))  # pastel backgrounds need dark text
    if stance in ("supports", "contradicts"):
        # Drawn over the pastel, so the light theme's darker stance colours are used.
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline
                              if stance == "contradicts"
                              else QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(QColor(STANCE_COLOURS[stance]))
    elif fuzzy:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
    return fmt
