"""The checks panel's Confirm button: a doubtful import and a changed highlight are listed
until the analyst confirms them, as one undoable step each."""

from __future__ import annotations

import pytest

from desktop.core import edits, queries
from desktop.core.model import SourceInput
from desktop.ui.checks.panel import ChecksModel, ChecksPanel

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

OLD = "Mali has deepened its security partnership with Russia since 2021. Talks continue."


@pytest.fixture
def panel(qtbot, session):
    store = session.store
    web = edits.add_source(store, SourceInput(
        text="A first paragraph only.", title="Review", format="html",
        warnings=["review.html: the article text found may be incomplete"]))
    web.apply(store)
    wire = edits.add_source(store, SourceInput(text=OLD, title="Wire"))
    wire.apply(store)
    ann = edits.add_annotation(store, wire.item_id, OLD.index("deepened"), OLD.index(" since"))
    ann.apply(store)
    edits.replace_source_text(store, wire.item_id, SourceInput(
        text=OLD.replace("with Russia", "with Moscow"))).apply(store)
    widget = ChecksPanel(session)
    qtbot.addWidget(widget)
    widget.show()
    widget.ids = {"web": web.item_id, "ann": ann.item_id}
    return widget


def _select(panel, kind):
    row = next(i for i, r in enumerate(panel.model.rows) if r["kind"] == kind)
    panel.view.setCurrentIndex(panel.model.index(row))


def test_doubtful_source_and_changed_highlight_are_listed(panel):
    assert {(r["kind"], r["id"]) for r in panel.model.rows} == {
        ("doubtful-source", panel.ids["web"]), ("changed-highlight", panel.ids["ann"])}
    assert not panel.confirm_button.isEnabled()


@pytest.mark.parametrize("kind, item", [("doubtful-source", "web"),
                                        ("changed-highlight", "ann")])
def test_confirm_clears_one_problem_and_undo_brings_it_back(qtbot, panel, session, kind, item):
    _select(panel, kind)
    assert panel.confirm_button.isEnabled()
    panel.confirm_button.click()
    qtbot.waitUntil(lambda: kind not in {r["kind"] for r in panel.model.rows}, timeout=3000)
    assert len(panel.model.rows) == 1
    session.undo_stack.undo()
    qtbot.waitUntil(lambda: len(panel.model.rows) == 2, timeout=3000)


def test_clicking_a_doubtful_source_asks_to_show_it(qtbot, panel):
    _select(panel, "doubtful-source")
    with qtbot.waitSignal(panel.source_activated) as signal:
        panel.view.activated.emit(panel.view.currentIndex())
    assert signal.args == [panel.ids["web"]]
    assert panel.view.currentIndex().data(ChecksModel.TargetRole) == "source"


def test_cli_lists_and_confirms_a_doubtful_source(brief_path, capsys):
    from desktop import cli
    from desktop.core.store import Store

    with Store.open(brief_path, user="t") as store:
        edit = edits.add_source(store, SourceInput(text="Some text.", title="Page",
                                                   warnings=["page.html: may be incomplete"]))
        edit.apply(store)
        assert [c["kind"] for c in queries.checks(store)] == ["doubtful-source"]
    assert cli.main(["sources", str(brief_path)]) == 0
    assert "(doubtful) Page" in capsys.readouterr().out
    assert cli.main(["confirm", str(brief_path), edit.item_id[:8]]) == 0
    assert cli.main(["check", str(brief_path), "--json"]) == 0
    assert '"warnings": []' in capsys.readouterr().out
    assert cli.main(["confirm", str(brief_path), edit.item_id[:8]]) == 1
    assert "nothing to confirm" in capsys.readouterr().err
