"""Drawing highlights over the reader's text as extra selections, the first screen first.

Building a selection costs Python work per highlight (10 ms for 1,000), so a selection
whose highlight did not change is reused: an undo that adds or removes one highlight of a
thousand does not rebuild the other 999. Handing selections to the view costs more: Qt
lays out each paragraph a selection touches to find what to repaint (44 ms for 1,000
highlights over a 20,000-character source). So the highlights nearest the top, which the
first screen shows, are built and drawn at once, and the rest in batches from the event
loop, which takes input between them. A new drawing supersedes batches still to come.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from desktop.ui.common.textpos import PositionMap
from desktop.ui.reader.annotations_model import highlight_format, tag_colour

AT_ONCE = 50   # highlights drawn before the event loop runs again (about 2 ms)
BATCH = 100    # and then in each batch
BATCH_PAUSE_MS = 5  # between batches: a 0 ms timer would keep input waiting behind them all


class HighlightDrawing:
    """The highlights drawn in one text view."""

    def __init__(self, view: QPlainTextEdit):
        self.view = view
        self._drawn: dict[str, tuple] = {}  # annotation id -> (what was drawn, selection)
        self._before: dict[str, tuple] = {}  # the same, of the drawing being replaced
        self._order: list[dict] = []  # the highlights to draw, in drawing order
        self._selections: list = []  # the selections built, in the same order
        self._look: tuple = (PositionMap(""), {}, {})  # positions, tag colours, stances
        self._timer = QTimer(view)
        self._timer.setSingleShot(True)
        self._timer.setInterval(BATCH_PAUSE_MS)
        self._timer.timeout.connect(self._next_batch)

    @property
    def complete(self) -> bool:
        """Whether every highlight given to :meth:`draw` is drawn (none waits for a batch)."""
        return len(self._selections) == len(self._order)

    def forget(self) -> None:
        """A new text: every kept selection points into the old one, and its first screen
        is drawn at once again."""
        self._timer.stop()
        self._drawn = {}
        self._order, self._selections = [], []

    def draw(self, annotations: list[dict], positions: PositionMap, colours: dict,
             stances: dict[str, str]) -> None:
        """Draw ``annotations`` (later over earlier: in text order, and the longer first
        where two start together, so one inside another stays visible on top of it)."""
        shown = len(self._selections)
        self._before, self._drawn, self._selections = self._drawn, {}, []
        self._order = sorted((a for a in annotations if a["status"] != "orphan"),
                             key=lambda a: (a["start"], -a["end"]))
        self._look = (positions, colours, stances)
        self._build(max(AT_ONCE, shown))
        self.view.setExtraSelections(self._selections)
        self._continue()

    def _next_batch(self) -> None:
        self._build(len(self._selections) + BATCH)
        self.view.setExtraSelections(self._selections)
        self._continue()

    def _continue(self) -> None:
        if len(self._selections) < len(self._order):
            self._timer.start()
        else:
            self._timer.stop()
            self._before = {}

    def _build(self, count: int) -> None:
        """Build the selections of the next highlights, up to ``count`` in all."""
        positions, colours, stances = self._look
        document = self.view.document()
        doc_len = document.characterCount()
        # Inside an edit block a cursor skips placing itself on screen (which lays out its
        # paragraph): six times faster for a thousand highlights. Nothing is edited, so the
        # block's "changed" signals and modified flag, which would tell listeners (a screen
        # reader among them) that the text changed, are held back.
        blocker = QSignalBlocker(document)
        modified = document.isModified()
        batch = QTextCursor(document)
        batch.beginEditBlock()
        try:
            for ann in self._order[len(self._selections):count]:
                self._add(ann, document, doc_len, positions, colours, stances)
        finally:
            batch.endEditBlock()
            document.setModified(modified)
            blocker.unblock()

    def _add(self, ann: dict, document, doc_len: int, positions: PositionMap, colours: dict,
             stances: dict[str, str]) -> None:
        colour = tag_colour(ann["tags"][:1], ann["color"], colours)
        stance = stances.get(ann["id"])
        key = (ann["start"], ann["end"], colour, ann["status"], stance)
        cached = self._before.get(ann["id"])
        if cached is None or cached[0] != key:
            selection = QTextEdit.ExtraSelection()
            selection.format = highlight_format(colour, ann["status"] == "fuzzy", stance)
            cursor = QTextCursor(document)
            cursor.setPosition(min(positions.to_qt(ann["start"]), doc_len - 1))
            cursor.setPosition(min(positions.to_qt(ann["end"]), doc_len - 1),
                               QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            cached = (key, selection)
        self._drawn[ann["id"]] = cached
        self._selections.append(cached[1])
