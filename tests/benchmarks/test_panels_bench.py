"""The speed users feel inside the window, on the large brief: search as you type, switching
the reader to a 300 KB source with 1,000 highlights, and the 1,000 × 1,000 evidence matrix.

Targets (issue 7), checked only at full size (``BRIEF_BENCH_FULL=1 python -m pytest
tests/benchmarks --benchmark-enable``): < 50 ms per search query, < 150 ms to switch the
reader, < 300 ms to show the matrix. Each panel is shown and Qt's events are processed, so
layout and painting count too.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from benchkit import FULL, SIZE, check_target
from desktop.core import queries
from desktop.core.store import Store

ROUNDS = 9 if FULL else 1
# What a user types, keystroke by keystroke and then some multi-word queries.
QUERIES = ["m", "mi", "min", "mines", "lithium exp", "Bamako convoys", "economie",
           "officials doubted security"]


@pytest.fixture(scope="module")
def store(bench_brief):
    s = Store.open(bench_brief, readonly=True, user="bench")
    yield s
    s.close()


@pytest.fixture
def session(qtbot, bench_copy):
    from desktop.ui.shell.session import Session

    s = Session(Store.open(bench_copy, user="bench"))
    yield s
    s.close()


def _folded(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold())
                   if not unicodedata.combining(c))


@pytest.mark.parametrize("query", QUERIES)
def test_search_as_you_type(benchmark, qapp, qtbot, session, query):
    """The search panel as the user sees it: the query typed into its field, then (after the
    pause in typing the panel waits for) the query run and its hits listed and painted.
    The timed step is that last part; the pause itself is by design and not counted."""
    from PySide6.QtCore import Qt

    from desktop.ui.library.search import KIND_LABEL, SearchPanel

    expected = [(h["kind"], h["id"], h["source_id"])
                for h in queries.search(session.store, query)]
    assert expected, f"the generated brief has no hit for {query!r}"
    count = f"{len(expected)} result{'s' if len(expected) != 1 else ''}"
    panel = SearchPanel(session)
    qtbot.addWidget(panel)
    panel.resize(400, 800)
    panel.show()

    def type_query():
        panel.field.clear()
        qtbot.waitUntil(lambda: panel.results.count() == 0)
        qtbot.keyClicks(panel.field, query)
        qtbot.waitUntil(lambda: panel.status.text().startswith(count))

    def show_hits():
        panel.run_query()  # what the panel runs when the typing pauses
        qapp.processEvents()

    benchmark.pedantic(show_hits, setup=type_query, rounds=ROUNDS)
    shown = [panel.results.item(i) for i in range(panel.results.count())]
    assert panel.field.text() == query and panel.status.text().startswith(count)
    assert [item.data(Qt.ItemDataRole.UserRole) for item in shown] == expected
    words = [_folded(w) for w in query.split()]
    for item in shown:  # each hit names its kind and marks a word matching what was typed
        label, _, snippet = item.text().partition(": ")
        assert label in KIND_LABEL.values()
        marked = [_folded(m) for m in re.findall(r"\[([^\]]+)\]", snippet)]
        assert any(m.startswith(w) for m in marked for w in words), item.text()
    check_target(benchmark, 0.05)


@pytest.mark.parametrize("query", QUERIES)
def test_floor_the_core_search_alone(benchmark, store, query):
    """The floor for the panel's figure: the same query through the core, nothing shown."""
    hits = benchmark.pedantic(queries.search, args=(store, query), rounds=ROUNDS)
    assert hits and all(h["kind"] in ("source", "annotation", "claim") for h in hits)


def test_reader_switch_to_big_source(benchmark, qapp, qtbot, session):
    from desktop.ui.reader.panel import ReaderPanel

    big, other = [s["id"] for s in queries.sources(session.store)[:2]]
    assert queries.annotation_counts(session.store)[big] == SIZE.big_annotations
    reader = ReaderPanel(session)
    qtbot.addWidget(reader)
    reader.resize(900, 700)
    reader.show()

    def show(source_id):
        reader.show_source(source_id)
        qapp.processEvents()

    benchmark.pedantic(show, args=(big,), setup=lambda: show(other), rounds=ROUNDS)
    assert len(reader.model.rows) == SIZE.big_annotations
    assert len(reader.text) >= SIZE.big_chars
    check_target(benchmark, 0.15)


def test_evidence_matrix(benchmark, qapp, qtbot, session):
    from desktop.ui.matrix.panel import MatrixPanel

    panel = MatrixPanel(session)
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    panel.show()
    qapp.processEvents()

    def refresh():
        panel.refresh()
        qapp.processEvents()

    benchmark.pedantic(refresh, rounds=ROUNDS)
    assert panel.model.rowCount() == SIZE.claims
    assert panel.model.columnCount() == SIZE.sources + 1
    check_target(benchmark, 0.3)
