"""The evidence matrix on a real brief file, and at 1,000 claims × 1,000 sources."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core import edits
from desktop.core.model import SourceInput
from desktop.ui.matrix.panel import (BOTH_BG, CONTRA_BG, SUPPORT_BG, MatrixModel, MatrixPanel,
                                     claim_flags)

# The offscreen platform warns whenever a top-level window with a layout is shown.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

TEXT = "Exports rose 4% in 2023, the ministry said. Critics say re-exports were excluded."


def build(session):
    """Claim c1: supported by A twice and contradicted by B; c2: supported by B only."""
    store, ids = session.store, {}
    for name, title, grade in (("A", "Ministry", "B"), ("B", "Blog", "D"), ("C", "Unused", "C")):
        edit = edits.add_source(store, SourceInput(text=TEXT, title=title, reliability=grade))
        edit.apply(store)
        ids[name] = edit.item_id
    for name, src, span in (("a1", "A", (0, 24)), ("a2", "A", (26, 43)), ("b1", "B", (44, 81))):
        edit = edits.add_annotation(store, ids[src], *span)
        edit.apply(store)
        ids[name] = edit.item_id
    for name in ("c1", "c2"):
        edit = edits.add_claim(store, f"Claim {name}")
        edit.apply(store)
        ids[name] = edit.item_id
    for claim, ann, stance in (("c1", "a1", "supports"), ("c1", "a2", "supports"),
                               ("c1", "b1", "contradicts"), ("c2", "b1", "supports")):
        edit = edits.link_evidence(store, ids[claim], ids[ann], stance=stance)
        edit.apply(store)
        ids[f"{claim}-{ann}"] = edit.item_id
    return ids


@pytest.fixture
def panel(qtbot, session):
    ids = build(session)
    widget = MatrixPanel(session)
    qtbot.addWidget(widget)
    widget.resize(800, 500)
    widget.show()
    widget.ids = ids
    return widget


def test_models_pass_modeltester(panel, qtmodeltester):
    qtmodeltester.check(panel.model)
    panel.show_cell(panel.ids["c1"], panel.ids["A"])
    qtmodeltester.check(panel.excerpts)


def test_cells_count_and_colour(panel):
    model = panel.model
    assert (model.rowCount(), model.columnCount()) == (2, 4)
    a, b, c = (model.source_column(panel.ids[k]) for k in "ABC")
    assert model.index(0, a).data() == "2 ✓"
    assert model.index(0, a).data(Qt.ItemDataRole.BackgroundRole) == SUPPORT_BG
    assert model.index(0, b).data() == "1 ✗"
    assert model.index(0, b).data(Qt.ItemDataRole.BackgroundRole) == CONTRA_BG
    assert model.index(0, c).data() is None
    assert model.index(1, b).data() == "1 ✓"
    assert model.index(0, MatrixModel.CHECK).data() == ("unaddressed contradiction, "
                                                        "single source")
    assert model.index(1, MatrixModel.CHECK).data() == "single source"
    assert "one source" in model.headerData(1, Qt.Orientation.Vertical,
                                            Qt.ItemDataRole.ToolTipRole)


def test_flags():
    ev = lambda src, stance, note="": {"source": src, "stance": stance, "note": note}  # noqa
    assert claim_flags([]) == ["no evidence"]
    assert claim_flags([ev("a", "context")]) == ["no support"]
    assert claim_flags([ev("a", "supports"), ev("b", "supports")]) == []
    assert claim_flags([ev("a", "supports"), ev("b", "supports"),
                        ev("c", "contradicts", "weighed")]) == []


def test_click_cell_lists_excerpts_and_double_click_jumps(panel, qtbot):
    model = panel.model
    index = model.index(0, model.source_column(panel.ids["A"]))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.view.visualRect(index).center())
    assert panel.excerpts.rowCount() == 2
    assert {panel.excerpts.index(r, 1).data() for r in range(2)} == {"Supports"}
    assert panel.excerpts.index(0, 2).data() == "B6"
    assert "2 excerpt(s)" in panel.cell_label.text()
    first = panel.excerpts.index(0, 0)
    pos = panel.excerpt_view.visualRect(first).center()
    with qtbot.waitSignal(panel.annotation_activated, timeout=1000) as blocker:
        qtbot.mouseClick(panel.excerpt_view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        qtbot.mouseDClick(panel.excerpt_view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args[0] in (panel.ids["a1"], panel.ids["a2"])


def test_refreshes_on_change_and_undo_keeping_the_cell(panel, session):
    model = panel.model
    b = model.source_column(panel.ids["B"])
    assert panel.show_cell(panel.ids["c1"], panel.ids["B"])
    session.run(edits.update_evidence, panel.ids["c1-b1"], note="Blog is partisan")
    assert session.store.get("evidence", panel.ids["c1-b1"])["note"] == "Blog is partisan"
    assert model.index(0, MatrixModel.CHECK).data() == "single source"
    assert panel.view.currentIndex() == model.index(0, b)
    assert panel.excerpts.index(0, 4).data() == "Blog is partisan"
    session.run(edits.update_evidence, panel.ids["c1-a1"], stance="contradicts")
    assert model.index(0, model.source_column(panel.ids["A"])).data(
        Qt.ItemDataRole.BackgroundRole) == BOTH_BG
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.store.get("evidence", panel.ids["c1-b1"])["note"] == ""
    assert model.index(0, MatrixModel.CHECK).data().startswith("unaddressed contradiction")
    assert model.index(0, model.source_column(panel.ids["A"])).data() == "2 ✓"


def test_hide_unused_sources(panel):
    panel.hide_unused.setChecked(True)
    assert panel.model.columnCount() == 3 and panel.model.source_column(panel.ids["C"]) == -1


def test_hidden_panel_defers_reload(panel, session, monkeypatch):
    panel.hide()
    calls = []
    original = panel.model.load
    monkeypatch.setattr(panel.model, "load", lambda *a: calls.append(1) or original(*a))
    session.run(edits.add_claim, "Later claim")
    assert calls == []
    panel.show()
    assert calls == [1] and panel.model.rowCount() == 3


class _CountedEvidence(list):
    """A claim's evidence list that counts how often it is read through."""

    passes = 0

    def __iter__(self):
        _CountedEvidence.passes += 1
        return super().__iter__()


class _CountedMatrixModel(MatrixModel):
    """The matrix model counting what the view asks of it."""

    def __init__(self):
        super().__init__()
        self.data_calls = 0

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        self.data_calls += 1
        return super().data(index, role)


def test_thousand_by_thousand_loads_in_a_few_passes_and_paints_only_what_is_visible(qtbot):
    """1,000 claims × 1,000 sources: loading reads each claim's evidence a few times, not
    once per source; the model holds only the 5,000 cells that have evidence, not a million;
    showing, scrolling and painting ask for the visible cells only. (The time this takes on
    the large brief is the panel benchmark's: tests/benchmarks/test_panels_bench.py.)"""
    from PySide6.QtWidgets import QApplication, QTableView

    sources = [{"id": f"s{i}", "title": f"Source {i}", "reliability": "ABCDEF"[i % 6]}
               for i in range(1000)]
    claims = [{"id": f"c{r}", "text": f"Claim {r}", "likelihood": None, "confidence": None,
               "evidence": _CountedEvidence(
                   {"id": f"e{r}-{k}", "annotation": f"a{r}-{k}",
                    "source": f"s{(r * 7 + k * 13) % 1000}",
                    "stance": ("supports", "contradicts", "context")[k % 3],
                    "note": "", "quote": "q", "source_title": "t", "grade": "B2",
                    "status": "exact"} for k in range(5))}
              for r in range(1000)]
    model = _CountedMatrixModel()
    _CountedEvidence.passes = 0
    model.load(claims, sources)
    assert model.rowCount() == 1000 and model.columnCount() == 1001
    assert _CountedEvidence.passes <= 5 * len(claims), "evidence read once per source"
    assert len(model.cells) == 5000  # each claim's five excerpts, in five sources' columns
    assert model.index(0, 1).data() == "1 ✓" and model.index(0, 2).data() is None

    view = QTableView()
    qtbot.addWidget(view)
    view.verticalHeader().setSectionResizeMode(view.verticalHeader().ResizeMode.Fixed)
    view.setModel(model)
    view.resize(1000, 700)
    model.data_calls = 0
    view.show()
    qtbot.waitExposed(view)
    QApplication.processEvents()  # painted
    painted_first = model.data_calls
    view.scrollTo(model.index(900, 900))
    view.viewport().update()
    QApplication.processEvents()  # painted again, scrolled
    assert 0 < painted_first < model.data_calls
    rows = view.rowAt(view.viewport().height() - 1) - view.rowAt(0) + 1
    columns = view.columnAt(view.viewport().width() - 1) - view.columnAt(0) + 1
    assert view.rowAt(0) > 800 and view.columnAt(0) > 800  # it did scroll
    # A painted cell asks for a dozen roles at most; the view paints what is visible, twice
    # at most (before and after scrolling), never the million cells around it.
    assert model.data_calls <= 2 * 12 * (rows + 1) * (columns + 1), model.data_calls
