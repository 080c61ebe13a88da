"""A long memo's page: the first screen is built at once, the rest after, and nothing that
asks for a block further down has to wait for it (it is built on demand)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core import edits, queries
from desktop.ui.memo import document as memo_document
from desktop.ui.memo.panel import MemoPanel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

BLOCKS = 120


@pytest.fixture
def long_memo(session):
    """A section (after the new brief's empty ones) with BLOCKS one-line paragraphs;
    their ids in order."""
    section = session.run(edits.add_section, "The long part").item_id
    return [session.run(edits.add_block, section, text=f"Paragraph {n} of the memo.").item_id
            for n in range(BLOCKS)]


@pytest.fixture
def panel(qtbot, session, long_memo):
    widget = MemoPanel(session)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    return widget


def build_page(panel) -> None:
    """What the window does just after it first appears: build the page (its first part).
    Called in the test itself: pytest-qt runs the event loop between fixtures and test."""
    panel.show()
    panel.catch_up()


def _laid_out(doc) -> list[str]:
    """Block ids in the order the page's layout holds them."""
    items = (doc.page_layout.itemAt(i).widget() for i in range(doc.page_layout.count()))
    return [w.block_id for w in items if w is not None and hasattr(w, "block_id")]


def place_claims(session, count: int) -> tuple[list[str], list[str], list[str]]:
    """A section placing ``count`` claims, each with a highlight of one source as evidence:
    (claim ids, evidence link ids, block ids)."""
    from desktop.core.model import SourceInput

    source = session.run(edits.add_source, SourceInput(
        text="Exports recovered in the autumn, officials said. " * 80, title="Harbour wire",
        reliability="B")).item_id
    section = session.run(edits.add_section, "Claims").item_id
    claims, links, blocks = [], [], []
    for n in range(count):
        claims.append(session.run(edits.add_claim, f"Exports recover ({n}).").item_id)
        highlight = session.run(edits.add_annotation, source, n * 10, n * 10 + 7).item_id
        links.append(session.run(edits.link_evidence, claims[-1], highlight).item_id)
        blocks.append(session.run(edits.add_block, section, claim_id=claims[-1]).item_id)
    return claims, links, blocks


def memo_panel(qtbot, session) -> MemoPanel:
    """A memo panel on ``session``, its page being built (as :func:`build_page`)."""
    panel = MemoPanel(session)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    build_page(panel)
    return panel


def test_a_long_memo_shows_its_first_screen_without_building_every_block(qtbot, panel,
                                                                          long_memo):
    build_page(panel)
    doc = panel.document
    built = _laid_out(doc)
    widgets = [doc.page_layout.itemAt(i).widget() for i in range(doc.page_layout.count())]
    placed = [w for w in widgets if w is not None]  # headings and blocks, not the stretch
    assert 0 < len(placed) <= memo_document.EAGER_WIDGETS < BLOCKS
    assert built == long_memo[:len(built)] and not doc.fully_built
    assert panel.words.text() == f"Memo: {5 * BLOCKS:,} words"  # counted from the data
    qtbot.waitUntil(lambda: doc.fully_built, timeout=10000)  # the rest, a chunk at a time
    assert _laid_out(doc) == long_memo
    assert doc.editor(long_memo[-1]).toPlainText() == f"Paragraph {BLOCKS - 1} of the memo."


def test_jumping_to_the_last_block_builds_it_and_scrolls_to_it(qtbot, panel, long_memo):
    build_page(panel)
    doc = panel.document
    assert long_memo[-1] not in doc.rows
    panel.select(long_memo[-1])  # the outline (or find) jumps to the end of the memo
    row = doc.rows[long_memo[-1]]
    assert _laid_out(doc) == long_memo  # everything above it is laid out, in order
    assert doc.verticalScrollBar().value() > 0
    top = row.mapTo(doc.viewport(), row.rect().topLeft()).y()
    assert 0 <= top < doc.viewport().height()  # on screen


def test_arrow_down_past_the_built_part_goes_on_to_the_next_block(qtbot, panel, long_memo,
                                                                    monkeypatch):
    monkeypatch.setattr(memo_document, "CHUNK_WIDGETS", 0)  # the page stops at its first part
    monkeypatch.setattr(memo_document, "EAGER_WIDGETS", 12)  # which reaches the long section
    with qtbot.waitActive(panel):  # keyboard focus needs an active window
        build_page(panel)
        panel.activateWindow()
    doc = panel.document
    last_built = _laid_out(doc)[-1]
    following = long_memo[long_memo.index(last_built) + 1]
    assert following not in doc.rows
    editor = doc.editor(last_built)
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    assert doc.editor(following).hasFocus() and panel.current_id() == following


def test_an_edit_to_a_block_not_built_yet_shows_when_it_is_built_and_undoes(qtbot, session,
                                                                             panel, long_memo):
    build_page(panel)
    doc, last = panel.document, long_memo[-1]
    assert last not in doc.rows
    session.run(edits.update_block, last, "Rewritten far below, in more words than before.")
    assert panel.words.text() == f"Memo: {5 * BLOCKS + 3:,} words"
    assert doc.editor(last).toPlainText() == "Rewritten far below, in more words than before."
    section = queries.memo(session.store)["sections"][-1]["id"]
    assert doc.headings[section].count.text() == f"{5 * BLOCKS + 3:,} words"
    session.undo()
    assert doc.editor(last).toPlainText() == f"Paragraph {BLOCKS - 1} of the memo."
    qtbot.waitUntil(lambda: doc.fully_built, timeout=10000)
    assert doc.editor(last).toPlainText() == f"Paragraph {BLOCKS - 1} of the memo."


def test_typing_in_a_block_built_on_demand_is_saved_on_the_pause(qtbot, session, panel,
                                                                 long_memo):
    build_page(panel)
    doc, last = panel.document, long_memo[-1]
    panel.select(last)
    editor = doc.editor(last)
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " Added")
    qtbot.waitUntil(lambda: not panel.has_unsaved_typing, timeout=3000)
    assert session.store.get("memo_blocks", last)["text"] == \
        f"Paragraph {BLOCKS - 1} of the memo. Added"


def test_a_reshape_from_elsewhere_never_takes_the_focus_from_the_paragraph_typed_in(
        qtbot, session, panel, long_memo):
    with qtbot.waitActive(panel):
        build_page(panel)
        panel.activateWindow()
    doc = panel.document
    qtbot.waitUntil(lambda: doc.fully_built, timeout=10000)
    typed_in = long_memo[-1]
    panel.select(typed_in)
    editor = doc.editor(typed_in)
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    left = []
    doc.block_left.connect(left.append)
    section = queries.memo(session.store)["sections"][-1]["id"]
    session.run(edits.add_block, section, text="Added by another panel.", index=0)
    assert left == [] and doc.editor(typed_in).hasFocus()
    assert panel.current_id() == typed_in


def test_placed_claims_are_read_as_their_blocks_are_built(qtbot, session):
    """A memo placing many claims reads their evidence a batch at a time, not all before
    its first screen; a claim's footnotes still cite its own source when hovered."""
    from desktop.ui.memo import placed

    claims, _links, _blocks = place_claims(session, 3 * placed.BATCH)
    doc = memo_panel(qtbot, session).document
    shown = [b for b in _laid_out(doc) if doc.claim_view(b) is not None]
    read = {c["id"] for c in doc.claims.read_so_far()}
    assert len(shown) <= len(read) < len(claims)  # the blocks built, and a few more
    qtbot.waitUntil(lambda: doc.fully_built, timeout=10000)
    assert {c["id"] for c in doc.claims.read_so_far()} == set(claims)
    last = doc.claims[claims[-1]]
    assert last["text"] == f"Exports recover ({len(claims) - 1})."
    assert "Harbour wire" in doc._footnotes_html(last)


def test_closing_the_brief_while_its_page_builds_reads_nothing_more(qtbot, session, panel,
                                                                    long_memo):
    """The rest of a long page comes a few blocks a turn; the brief may close before it is
    all there (the window closed just after opening): nothing then reads the closed file."""
    from desktop.core.model import SourceInput

    source = session.run(edits.add_source, SourceInput(text="Exports recovered. " * 50,
                                                       title="Wire")).item_id
    section = queries.memo(session.store)["sections"][0]["id"]  # at the top of the page
    for n in range(30):  # placed claims: their blocks read the brief when they are built
        claim = session.run(edits.add_claim, f"Exports recover ({n}).").item_id
        highlight = session.run(edits.add_annotation, source, n, n + 9).item_id
        session.run(edits.link_evidence, claim, highlight)
        session.run(edits.add_block, section, claim_id=claim)
    build_page(panel)
    doc = panel.document
    assert not doc.fully_built
    session.close()
    qtbot.wait(100)  # the build's turns would have come by now (each 5 ms apart)
    assert not doc.fully_built


def test_blocks_on_the_page_are_neither_remeasured_nor_resized_as_the_rest_comes(
        qtbot, session, monkeypatch):
    """Each chunk of a long page must cost the same, not lay out every claim above it again
    (300 placed claims took 2.2 s to build, the last chunks 0.1 s each, input waiting)."""
    import collections

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QLabel

    section = session.run(edits.add_section, "Claims").item_id
    for n in range(8 * memo_document.CHUNK_WIDGETS):
        claim = session.run(edits.add_claim, f"Exports recover by the autumn of year {n}, "
                                             "officials at the harbour said.").item_id
        session.run(edits.add_block, section, claim_id=claim)
    panel = MemoPanel(session)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    measured = collections.Counter()  # block id: rich-text layouts of its claim
    real = QLabel.heightForWidth

    def counting(label, width):
        measured[getattr(label, "block_id", None)] += 1
        return real(label, width)

    monkeypatch.setattr(QLabel, "heightForWidth", counting)
    build_page(panel)
    doc = panel.document

    def claims_built() -> list[str]:
        return [b for b in _laid_out(doc) if doc.claim_view(b) is not None]

    qtbot.waitUntil(lambda: bool(claims_built()), timeout=10000)
    first = claims_built()[0]
    assert not doc.fully_built
    resized = []

    class Resizes(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Resize:
                resized.append(event.size().height())
            return False

    watch = Resizes()
    doc.rows[first].installEventFilter(watch)
    before = measured[first]
    qtbot.waitUntil(lambda: doc.fully_built, timeout=10000)
    doc.rows[first].removeEventFilter(watch)
    # Once more at most when the scroll bar comes and the page narrows: not each chunk.
    assert len(resized) <= 2 and measured[first] - before <= 4, (resized, measured[first])


def test_a_placed_claims_remembered_height_follows_its_text_font_and_margins(qtbot):
    from PySide6.QtGui import QFont

    from desktop.ui.memo.blocks import ClaimBlock

    view = ClaimBlock("block", lambda claim: "")
    qtbot.addWidget(view)

    def claim(text: str) -> dict:
        return {"id": "c", "text": text, "evidence": [], "likelihood": None,
                "confidence": None}

    view.show_claim(claim("Exports recover."))
    one_line = view.heightForWidth(300)
    view.show_claim(claim("Exports recover by the autumn, officials said. " * 6))
    longer = view.heightForWidth(300)
    assert longer > one_line
    font = QFont(view.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    view.setFont(font)
    larger = view.heightForWidth(300)
    assert larger > longer
    view.setContentsMargins(2, 40, 2, 40)
    assert view.heightForWidth(300) == larger + 76  # 2 + 2 before, 40 + 40 now


def test_an_edit_to_one_placed_claim_reads_that_claim_again_not_the_memos_others(
        qtbot, session, monkeypatch):
    """Claims, links, highlights and sources change on many edits (and their undo): each
    used to have the page read every placed claim with its evidence again (300 claims:
    16 ms, most of undoing a deleted claim)."""
    from desktop.ui.memo import placed

    claims, links, blocks = place_claims(session, 12)
    doc = memo_panel(qtbot, session).document
    qtbot.waitUntil(lambda: doc.fully_built, timeout=10000)
    read = []
    real = placed.queries.claims

    def reading(store, ids=None):
        read.append(sorted(ids))
        return real(store, ids)

    monkeypatch.setattr(placed.queries, "claims", reading)
    session.run(edits.update_claim, claims[3], likelihood="very likely")
    assert read == [[claims[3]]]
    assert "very likely" in doc.claim_view(blocks[3]).text()
    read.clear()
    session.run(edits.unlink_evidence, links[5])  # the link is gone: found by its entry
    assert read == [[claims[5]]]
    assert "<sup>" not in doc.claim_view(blocks[5]).text()
    assert "<sup>1</sup>" in doc.claim_view(blocks[6]).text()
    read.clear()
    source = session.store.select("sources", columns=["id"])[0]["id"]
    session.run(edits.add_annotation, source, 300, 310)  # touches no placed claim
    assert read == []
    session.undo()
    session.undo()  # the link comes back
    assert read == [[claims[5]]] and "<sup>1</sup>" in doc.claim_view(blocks[5]).text()


def test_paragraphs_on_the_page_are_not_laid_out_again_as_the_rest_comes(
        qtbot, panel, long_memo, monkeypatch):
    """A paragraph measures its height on a copy of its text; the page asks at two widths
    in turn (with and without its scroll bar), so one remembered height missed every time."""
    from PySide6.QtGui import QTextDocument

    copies = []
    real = QTextDocument.clone

    def counting(document, *args):
        copies.append(document)
        return real(document, *args)

    monkeypatch.setattr(QTextDocument, "clone", counting)
    build_page(panel)
    doc = panel.document
    qtbot.waitUntil(lambda: len(_laid_out(doc)) > memo_document.CHUNK_WIDGETS, timeout=10000)
    first = doc.editor(long_memo[0]).document()
    before = copies.count(first)
    qtbot.waitUntil(lambda: doc.fully_built, timeout=10000)
    assert copies.count(first) - before <= 2


def test_a_text_size_chosen_while_the_page_rebuilds_reaches_the_blocks_kept_aside(
        qtbot, session):
    # Rebuilding, the page keeps the widgets of blocks still to be laid out again aside; a
    # text size chosen then missed them, and they kept the old size for good.
    top = session.run(edits.add_section, "Top").item_id
    for n in range(30):
        session.run(edits.add_block, top, text=f"Top {n} " * 5)
    section = session.run(edits.add_section, "Lower").item_id
    blocks = [session.run(edits.add_block, section, text=f"Para {n} " * 5).item_id
              for n in range(40)]
    panel = MemoPanel(session)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    build_page(panel)
    doc = panel.document
    qtbot.waitUntil(lambda: doc.fully_built, timeout=20000)
    session.run(edits.delete_section, top)
    qtbot.waitUntil(lambda: doc.fully_built, timeout=20000)
    session.undo()  # the top section's blocks come back new; the lower ones wait aside
    assert not doc.fully_built
    doc.set_point_size(30)
    qtbot.waitUntil(lambda: doc.fully_built, timeout=20000)
    assert {doc.rows[b].view.font().pointSizeF() for b in blocks} == {30}
