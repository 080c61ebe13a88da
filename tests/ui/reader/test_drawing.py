"""Highlights over a source's text: the first screen's at once, the rest from the event loop
(desktop/ui/reader/drawing.py), on a real brief."""

from __future__ import annotations

from desktop.core import edits
from desktop.core.model import SourceInput
from desktop.core.store import Op
from desktop.ui.reader import drawing

WORDS = "The corridor reopened and insurers raised premiums for ships in the region. "


def _source_with_highlights(session, count: int, title: str) -> str:
    text = WORDS * count
    add = edits.add_source(session.store, SourceInput(text=text, title=title, reliability="B"))
    session.push(add)
    step = len(WORDS)
    # One transaction for them all: a thousand undo steps would only slow the test.
    session.store.apply_ops([Op("insert", "annotations", row=row) for row in (
        edits.add_annotation(session.store, add.item_id, i * step + 4, i * step + 12)
        .ops[0].row for i in range(count))])
    return add.item_id


def _starts(reader) -> list[int]:
    return [s.cursor.selectionStart() for s in reader.view.extraSelections()]


def test_the_first_highlights_in_the_text_are_drawn_at_once_and_the_rest_soon(qtbot, session):
    from desktop.ui.reader.panel import ReaderPanel

    count = drawing.AT_ONCE + 2 * drawing.BATCH + 7
    source = _source_with_highlights(session, count, "Long")
    reader = ReaderPanel(session)
    qtbot.addWidget(reader)
    reader.show_source(source)
    first = _starts(reader)
    assert len(first) == drawing.AT_ONCE
    assert first == sorted(first) and first[0] == 4  # from the top of the text down
    qtbot.waitUntil(lambda: len(reader.view.extraSelections()) == count)
    assert _starts(reader) == sorted(_starts(reader))


def test_a_source_shown_while_batches_remain_draws_only_its_own(qtbot, session):
    from desktop.ui.reader.panel import ReaderPanel

    long = _source_with_highlights(session, drawing.AT_ONCE + drawing.BATCH, "Long")
    short = _source_with_highlights(session, 3, "Short")
    reader = ReaderPanel(session)
    qtbot.addWidget(reader)
    reader.show_source(long)
    reader.show_source(short)  # before the long one's batches came
    qtbot.wait(50)  # the batch timer would have fired by now
    assert len(reader.view.extraSelections()) == 3


def test_drawing_never_tells_the_text_changed(qtbot, session):
    """Building the selections inside an edit block must not look like an edit: a screen
    reader, or any listener, would hear "text changed" once a batch."""
    from desktop.ui.reader.panel import ReaderPanel

    count = drawing.AT_ONCE + drawing.BATCH + 1
    source = _source_with_highlights(session, count, "Long")
    reader = ReaderPanel(session)
    qtbot.addWidget(reader)
    reader.show_source(source)
    document = reader.view.document()
    heard = []
    document.contentsChanged.connect(lambda: heard.append("contents"))
    document.modificationChanged.connect(lambda changed: heard.append("modified"))
    reader.view.textChanged.connect(lambda: heard.append("text"))
    qtbot.waitUntil(lambda: len(reader.view.extraSelections()) == count)
    assert heard == [] and not document.isModified()
