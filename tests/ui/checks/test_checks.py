"""The checks panel on a real brief file: every kind of problem, clicks, refresh, undo."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from desktop.core import edits, queries
from desktop.core.model import SourceInput
from desktop.ui.checks import panel as checks_module
from desktop.ui.checks.panel import ChecksModel, ChecksPanel

# The offscreen platform warns whenever a top-level window with a layout is shown.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

TEXT = "Exports rose 4% in 2023, the ministry said. Critics say re-exports were excluded."


def build(session):
    """One claim of each problem kind, plus a highlight orphaned by a new source version."""
    store, ids = session.store, {}

    def apply(edit):
        edit.apply(store)
        return edit.item_id

    ids["weak"] = apply(edits.add_source(store, SourceInput(text=TEXT, title="Blog",
                                                            reliability="E")))
    ids["good"] = apply(edits.add_source(store, SourceInput(text=TEXT, title="Ministry",
                                                            reliability="A")))
    ids["w1"] = apply(edits.add_annotation(store, ids["weak"], 0, 24))
    ids["g1"] = apply(edits.add_annotation(store, ids["good"], 0, 24))
    ids["g2"] = apply(edits.add_annotation(store, ids["good"], 44, 81))
    ids["bare"] = apply(edits.add_claim(store, "Nothing backs this"))
    ids["shaky"] = apply(edits.add_claim(store, "Only the blog says so", confidence="high"))
    ids["placed"] = apply(edits.add_claim(store, "Exports grew"))
    apply(edits.link_evidence(store, ids["shaky"], ids["w1"]))
    apply(edits.link_evidence(store, ids["placed"], ids["g1"]))
    apply(edits.link_evidence(store, ids["placed"], ids["w1"]))
    ids["contra"] = apply(edits.link_evidence(store, ids["placed"], ids["g2"],
                                              stance="contradicts"))
    section = queries.memo(store)["sections"][0]["id"]
    apply(edits.add_block(store, section, claim_id=ids["placed"]))
    return ids


@pytest.fixture
def panel(qtbot, session):
    ids = build(session)
    widget = ChecksPanel(session)
    qtbot.addWidget(widget)
    widget.resize(500, 300)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0)  # filled once on screen
    widget.ids = ids
    return widget


def kinds(panel):
    return sorted((r["kind"], r["id"]) for r in panel.model.rows)


def test_model_passes_modeltester(panel, qtmodeltester):
    qtmodeltester.check(panel.model)


def test_lists_each_problem_with_a_count(panel):
    ids = panel.ids
    assert kinds(panel) == sorted([("no-evidence", ids["bare"]),
                                   ("single-source", ids["shaky"]),
                                   ("weak-sources", ids["shaky"]),
                                   ("unaddressed-contradiction", ids["placed"])])
    assert panel.header.text() == "4 things to look at before export"
    first = panel.model.index(0)
    assert first.data()[0].isupper()
    assert not first.data(Qt.ItemDataRole.DecorationRole).isNull()


def test_click_emits_claim_or_annotation(panel, session, qtbot):
    session.run(edits.replace_source_text, panel.ids["good"],
                SourceInput(text="An entirely different article about tariffs."))
    qtbot.waitUntil(lambda: any(r["kind"] == "orphan" for r in panel.model.rows), timeout=2000)
    rows = panel.model.rows
    orphan_row = next(i for i, r in enumerate(rows) if r["kind"] == "orphan")
    claim_row = next(i for i, r in enumerate(rows) if r["kind"] == "no-evidence")
    view = panel.view
    with qtbot.waitSignal(panel.annotation_activated, timeout=1000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.visualRect(panel.model.index(orphan_row)).center())
    assert blocker.args == [rows[orphan_row]["id"]]
    assert blocker.args[0] in (panel.ids["g1"], panel.ids["g2"])
    with qtbot.waitSignal(panel.claim_activated, timeout=1000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.visualRect(panel.model.index(claim_row)).center())
    assert blocker.args == [panel.ids["bare"]]


def test_fixing_a_problem_refreshes_and_undo_brings_it_back(panel, session, qtbot):
    session.run(edits.update_evidence, panel.ids["contra"], note="Ministry later revised")
    assert session.store.get("evidence", panel.ids["contra"])["note"]
    qtbot.waitUntil(lambda: ("unaddressed-contradiction", panel.ids["placed"])
                    not in kinds(panel), timeout=2000)
    assert panel.header.text() == "3 things to look at before export"
    session.undo_stack.undo()
    assert session.store.get("evidence", panel.ids["contra"])["note"] == ""
    qtbot.waitUntil(lambda: ("unaddressed-contradiction", panel.ids["placed"])
                    in kinds(panel), timeout=2000)


def test_a_burst_of_changes_runs_the_checks_once_later(panel, session, qtbot, monkeypatch):
    runs = []
    real = checks_module.queries.checks
    monkeypatch.setattr(checks_module.queries, "checks",
                        lambda store: runs.append(1) or real(store))
    for claim in ("Bare one", "Bare two", "Bare three"):
        session.run(edits.add_claim, claim)
    session.undo_stack.undo()
    assert runs == []  # not inside the edits and the undo themselves
    qtbot.waitUntil(lambda: runs == [1], timeout=2000)
    qtbot.wait(checks_module.RECHECK_DELAY_MS * 2)
    assert runs == [1]
    assert panel.model.rowCount() == 6  # the four problems and two of the new bare claims


def test_refresh_button_and_empty_state(panel, session, qtbot):
    for claim in ("bare", "shaky", "placed"):
        edits.delete_claim(session.store, panel.ids[claim]).apply(session.store)
    assert panel.model.rowCount() == 4  # changed behind the session's back: not yet seen
    qtbot.mouseClick(panel.refresh_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 0
    assert panel.header.text() == "No problems found"


def test_hidden_panel_checks_when_shown(panel, session, qtbot):
    panel.hide()
    session.run(edits.add_claim, "Another bare claim")
    qtbot.wait(checks_module.RECHECK_DELAY_MS * 2)
    assert panel.model.rowCount() == 4
    panel.show()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 5, timeout=5000)
    assert panel.model.index(4).data(ChecksModel.KindRole) == "no-evidence"


def test_checks_after_an_edit_run_off_the_gui_thread_newest_run_wins(panel, session, qtbot,
                                                                     monkeypatch):
    threads, stores = [], []
    slow = threading.Event()  # holds back the second run's answer
    real = checks_module.queries.checks

    def checks(store):
        threads.append(threading.current_thread() is threading.main_thread())
        stores.append(store is session.store)
        problems = real(store)
        if len(threads) == 2:
            slow.wait(10)
        return problems

    monkeypatch.setattr(checks_module.queries, "checks", checks)
    session.run(edits.add_claim, "Bare one")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 5, timeout=5000)
    assert threads == [False] and stores == [False]  # a worker, on a connection of its own
    assert not panel.checking
    session.run(edits.add_claim, "Bare two")
    qtbot.waitUntil(lambda: len(threads) == 2, timeout=5000)  # its answer held back
    session.run(edits.add_claim, "Bare three")
    qtbot.waitUntil(lambda: len(threads) == 3 and not panel.checking, timeout=5000)
    assert panel.model.rowCount() == 7
    slow.set()  # the overtaken run answers last, with six problems: not shown
    qtbot.wait(100)
    assert panel.model.rowCount() == 7
    panel.refresh()  # Refresh runs them at once, here
    assert threads[-1] is True and panel.model.rowCount() == 7


def test_a_background_run_that_could_not_read_the_brief_is_tried_again(panel, session, qtbot,
                                                                       monkeypatch):
    from desktop.core.errors import BriefError

    monkeypatch.setattr(checks_module, "RETRY_MS", 20)
    calls = []
    real = checks_module.queries.checks

    def checks(store):
        calls.append(threading.current_thread() is threading.main_thread())
        if len(calls) == 1:
            raise BriefError("the brief is busy in another program; try again")
        return real(store)

    monkeypatch.setattr(checks_module.queries, "checks", checks)
    session.run(edits.add_claim, "Bare after a busy moment")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 5, timeout=5000)
    assert calls == [False, False]  # the failed run, then the retry: both off the GUI thread
