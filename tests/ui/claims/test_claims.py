"""The claims panel on a real brief file: in-place edits, drops, menus, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from desktop.core import edits, queries
from desktop.core.model import SourceInput
from desktop.ui.claims import panel as claims_module
from desktop.ui.claims.panel import ClaimsModel, ClaimsPanel
from desktop.ui.common.mime import annotation_mime

# The offscreen platform warns whenever a top-level window with a toolbar is shown.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

TEXT = "The ministry said exports rose 4% in 2023. Critics say the figures exclude re-exports."


def build(session):
    """Two sources, three highlights, two claims (one with evidence), through core edits."""
    store = session.store
    a = edits.add_source(store, SourceInput(text=TEXT, title="Ministry release",
                                            reliability="B"))
    a.apply(store)
    b = edits.add_source(store, SourceInput(text=TEXT, title="Critic blog", reliability="D"))
    b.apply(store)
    ids = {}
    for name, src, (start, end) in (("h1", a, (0, 42)), ("h2", b, (43, 86)),
                                    ("h3", a, (18, 41))):
        edit = edits.add_annotation(store, src.item_id, start, end, credibility=2)
        edit.apply(store)
        ids[name] = edit.item_id
    for name, text in (("c1", "Exports grew in 2023"), ("c2", "Re-exports were excluded")):
        edit = edits.add_claim(store, text)
        edit.apply(store)
        ids[name] = edit.item_id
    for claim, ann, stance in (("c1", "h1", "supports"), ("c1", "h2", "contradicts")):
        edits.link_evidence(store, ids[claim], ids[ann], stance=stance).apply(store)
    return ids


@pytest.fixture
def panel(qtbot, session):
    ids = build(session)
    widget = ClaimsPanel(session)
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.show()
    widget.ids = ids
    return widget


def claim(session, claim_id):
    return session.store.get("claims", claim_id)


def test_model_passes_modeltester(panel, qtmodeltester):
    qtmodeltester.check(panel.model)


def test_tree_shows_claims_with_evidence_and_grades(panel):
    model = panel.model
    assert model.rowCount() == 2
    first = model.index(0, 0)
    assert first.data() == "Exports grew in 2023"
    assert model.rowCount(first) == 2
    support = model.index(0, 0, first)
    assert support.data(ClaimsModel.KindRole) == "evidence"
    assert support.data(Qt.ItemDataRole.ForegroundRole).name() == "#2e7d32"
    assert not support.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.index(0, ClaimsModel.GRADE, first).data() == "B2 · Ministry release"
    assert model.index(1, ClaimsModel.GRADE, first).data() == "D2 · Critic blog"
    assert model.index(1, 0, first).data(Qt.ItemDataRole.ForegroundRole).name() == "#c62828"
    assert model.index(0, ClaimsModel.GRADE).data() == "1 ✓ 1 ✗"
    assert panel.view.isExpanded(first)


def test_set_likelihood_in_place_is_one_undo_step(panel, session):
    c1 = panel.ids["c1"]
    index = panel.model.index(0, ClaimsModel.LIKELIHOOD)
    assert panel.model.setData(index, "very likely")
    assert claim(session, c1)["likelihood"] == "very likely"
    assert index.data() == "very likely"
    session.undo_stack.undo()
    assert claim(session, c1)["likelihood"] is None
    assert panel.model.index(0, ClaimsModel.LIKELIHOOD).data() == ""


def test_confidence_combo_editor_commits_on_choice(panel, session, qtbot):
    index = panel.model.index(0, ClaimsModel.CONFIDENCE)
    panel.view.setCurrentIndex(index)
    panel.view.edit(index)
    combo = panel.view.findChild(QComboBox)
    assert combo is not None and combo.count() == 4
    combo.setCurrentIndex(combo.findData("high"))
    combo.activated.emit(combo.currentIndex())
    assert claim(session, panel.ids["c1"])["confidence"] == "high"
    assert session.undo_stack.count() == 1


def test_edit_statement_by_keyboard(panel, session, qtbot):
    index = panel.model.index(1, 0)
    panel.view.setCurrentIndex(index)
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    editor = panel.view.findChild(QLineEdit)
    assert editor is not None and editor.text() == "Re-exports were excluded"
    editor.selectAll()
    qtbot.keyClicks(editor, "Re-exports were left out")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on a queued call
    qtbot.waitUntil(lambda: claim(session, panel.ids["c2"])["statement"]
                    == "Re-exports were left out", timeout=1000)
    session.undo_stack.undo()
    assert claim(session, panel.ids["c2"])["statement"] == "Re-exports were excluded"


def test_empty_statement_is_refused(panel, session, qtbot):
    errors = []
    session.error.connect(errors.append)
    assert not panel.model.setData(panel.model.index(0, 0), "  ")
    assert errors and claim(session, panel.ids["c1"])["statement"] == "Exports grew in 2023"


def test_drop_annotation_on_claim_links_it(panel, session):
    model, c2 = panel.model, panel.ids["c2"]
    data = annotation_mime(panel.ids["h3"])
    target = model.index(1, 0)
    assert model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, -1, target)
    assert not model.canDropMimeData(data, Qt.DropAction.CopyAction, 0, 0, model.index(-1, 0))
    assert not model.canDropMimeData(QMimeData(), Qt.DropAction.CopyAction, -1, -1, target)
    assert model.dropMimeData(data, Qt.DropAction.CopyAction, -1, -1, target)
    linked = session.store.select("evidence", {"claim_id": c2})
    assert [e["annotation_id"] for e in linked] == [panel.ids["h3"]]
    assert model.rowCount(model.index(1, 0)) == 1
    assert panel.view.isExpanded(model.index(1, 0))
    session.undo_stack.undo()
    assert session.store.select("evidence", {"claim_id": c2}) == []


def test_drop_event_on_the_view(panel, session, qtbot):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    rect = panel.view.visualRect(panel.model.index(1, 0))
    data = annotation_mime(panel.ids["h2"])  # kept alive: events do not own their data
    args = (Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
    drop = QDropEvent(QPointF(rect.center()), *args)
    panel.view.dropEvent(drop)
    assert [e["annotation_id"] for e in session.store.select(
        "evidence", {"claim_id": panel.ids["c2"]})] == [panel.ids["h2"]]


def test_new_claim_through_dialog(panel, session, monkeypatch):
    monkeypatch.setattr(claims_module.NewClaimDialog, "ask", classmethod(
        lambda cls, parent=None, statement="": {"statement": "Imports fell",
                                                "likelihood": "likely",
                                                "confidence": "low"}))
    panel.new_action.trigger()
    rows = queries.claims(session.store)
    assert rows[-1]["text"] == "Imports fell" and rows[-1]["likelihood"] == "likely"
    assert panel.view.currentIndex().data() == "Imports fell"
    session.undo_stack.undo()
    assert len(queries.claims(session.store)) == 2


def test_delete_claim_and_undo_restores_evidence(panel, session):
    panel.select_claim(panel.ids["c1"])
    assert panel.delete_action.isEnabled()
    panel.delete_action.trigger()
    assert [c["id"] for c in queries.claims(session.store)] == [panel.ids["c2"]]
    session.undo_stack.undo()
    rows = queries.claims(session.store)
    assert len(rows) == 2 and len(rows[0]["evidence"]) == 2
    assert panel.model.rowCount(panel.model.index(0, 0)) == 2


def test_change_stance_note_and_remove_evidence(panel, session, monkeypatch):
    first = panel.model.index(0, 0)
    panel.view.setCurrentIndex(panel.model.index(1, 0, first))  # the contradicting one
    menu = panel.context_menu(panel.view.currentIndex())
    assert panel.stance_menu.menuAction() in menu.actions()
    panel.stance_actions["context"].trigger()
    ev = queries.claims(session.store)[0]["evidence"]
    assert sorted(e["stance"] for e in ev) == ["context", "supports"]

    monkeypatch.setattr(claims_module.EvidenceNoteDialog, "ask",
                        classmethod(lambda cls, parent=None, note="": "Weighed: old data"))
    current = panel.view.currentIndex()
    assert current.data(ClaimsModel.KindRole) == "evidence"
    panel.note_action.trigger()
    link = session.store.get("evidence", current.data(ClaimsModel.IdRole))
    assert link["note"] == "Weighed: old data" and link["stance"] == "context"

    panel.remove_action.trigger()
    assert session.store.select_one("evidence", {"id": link["id"]}) is None
    for _ in range(3):
        session.undo_stack.undo()
    assert session.store.get("evidence", link["id"])["stance"] == "contradicts"


def double_click(qtbot, view, index):
    """A real double-click: a click, then the double-click event (QTest sends only that)."""
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_double_click_evidence_emits_annotation(panel, qtbot):
    first = panel.model.index(0, 0)
    with qtbot.waitSignal(panel.annotation_activated, timeout=1000) as blocker:
        double_click(qtbot, panel.view, panel.model.index(0, 0, first))
    assert blocker.args == [panel.ids["h1"]]
    with qtbot.waitSignal(panel.claim_activated, timeout=1000) as blocker:
        double_click(qtbot, panel.view, first)
    assert blocker.args == [panel.ids["c1"]]
    assert panel.view.state() != panel.view.State.EditingState


def test_folds_and_selection_survive_refresh(panel, session):
    first = panel.model.index(0, 0)
    panel.view.collapse(first)
    panel.select_claim(panel.ids["c2"])
    session.run(edits.link_evidence, panel.ids["c2"], panel.ids["h3"])  # reshapes the tree
    assert not panel.view.isExpanded(panel.model.index(0, 0))
    assert panel.view.isExpanded(panel.model.index(1, 0))
    assert panel.selected_claims() == [panel.ids["c2"]]


def test_unrelated_changes_do_not_reload(panel, session, monkeypatch):
    calls, reads = [], []
    monkeypatch.setattr(panel.model, "load", lambda rows: calls.append(rows) or False)
    real = queries.claims
    monkeypatch.setattr(queries, "claims", lambda *a, **k: reads.append(a) or real(*a, **k))
    session.run(edits.set_memo_header, subject="Exports")
    assert calls == [] and reads == []  # nothing read again, nothing reloaded
    # The panel does listen: a change to a claim it shows is read again.
    session.run(edits.update_claim, panel.ids["c1"], statement="Exports fell")
    assert reads and panel.model.claims[0]["text"] == "Exports fell"


def test_new_claim_dialog_keeps_non_breaking_spaces(qtbot):
    dialog = claims_module.NewClaimDialog(statement="5\u00a0000 troops\nwithdraw")
    qtbot.addWidget(dialog)
    assert dialog.values()["statement"] == "5\u00a0000 troops\nwithdraw"


def shown(panel):
    """What the tree shows: each claim's text, likelihood and evidence (stance, quote)."""
    model = panel.model
    out = []
    for row in range(model.rowCount()):
        parent = model.index(row, 0)
        out.append((parent.data(), model.index(row, 1).data(),
                    [(model.index(r, 0, parent).data(ClaimsModel.IdRole),
                      model.evidence_of(model.index(r, 0, parent))["stance"])
                     for r in range(model.rowCount(parent))]))
    return out


def expected(session):
    return [(c["text"], c["likelihood"] or "", [(e["id"], e["stance"]) for e in c["evidence"]])
            for c in queries.claims(session.store)]


def test_updating_one_claim_changes_only_its_row(panel, session, qtbot):
    resets, changed = [], []
    panel.model.modelReset.connect(lambda: resets.append(1))
    panel.model.dataChanged.connect(lambda top, bottom, *_: changed.append(
        (top.parent().isValid(), top.row(), bottom.row())))
    second = panel.model.index_of(panel.ids["c2"]).row()
    session.run(edits.update_claim, panel.ids["c2"], likelihood="likely")
    assert resets == [] and changed == [(False, second, second)]
    assert panel.model.index(second, ClaimsModel.LIKELIHOOD).data() == "likely"
    session.undo_stack.undo()
    session.undo_stack.redo()
    assert resets == [] and len(changed) == 3
    assert shown(panel) == expected(session)


def test_edits_and_their_undo_keep_the_tree_right_without_resets(panel, session,
                                                                 qtmodeltester):
    resets = []
    panel.model.modelReset.connect(lambda: resets.append(1))
    c1, c2, h1, h3 = (panel.ids[k] for k in ("c1", "c2", "h1", "h3"))
    first_link = panel.model.claims[0]["evidence"][0]["id"]
    steps = [
        (edits.link_evidence, (c2, h3), {}),
        (edits.update_evidence, (first_link,), {"stance": "context"}),  # reorders evidence
        (edits.update_annotation, (h1,), {"credibility": 5}),         # grade of a link
        (edits.add_claim, ("Imports fell",), {}),
        (edits.delete_claim, (c1,), {}),
        (edits.delete_annotation, (h3,), {}),
    ]
    history = [expected(session)]
    for make, args, kwargs in steps:
        assert session.run(make, *args, **kwargs) is not None
        assert shown(panel) == expected(session)
        history.append(expected(session))
    # Creation stamps are strictly increasing, so undo and redo restore the exact order.
    for state in reversed(history[:-1]):
        session.undo_stack.undo()
        assert shown(panel) == expected(session) == state
    for state in history[1:]:
        session.undo_stack.redo()
        assert shown(panel) == expected(session) == state
    assert resets == []
    qtmodeltester.check(panel.model)


def test_selection_and_folds_survive_claims_inserted_above(panel, session):
    first = panel.model.index(0, 0)
    panel.view.setCurrentIndex(panel.model.index(1, 0, first))  # c1's contradicting link
    link = panel.view.currentIndex().data(ClaimsModel.IdRole)
    panel.view.collapse(panel.model.index(1, 0))
    session.run(edits.delete_claim, panel.ids["c1"])
    session.undo_stack.undo()  # c1 comes back (above c2 unless made in the same ms)
    assert panel.view.isExpanded(panel.model.index_of(panel.ids["c1"]))
    assert not panel.view.isExpanded(panel.model.index_of(panel.ids["c2"]))
    panel.view.setCurrentIndex(panel.model.index_of(link))
    session.run(edits.add_claim, "Imports fell")  # a row inserted, the current one kept
    assert panel.view.currentIndex().data(ClaimsModel.IdRole) == link
    assert panel.model.claim_of(panel.view.currentIndex())["id"] == panel.ids["c1"]


def test_brief_replaced_wholesale_reloads(panel, session, monkeypatch):
    from desktop.core.changes import Changes
    calls = []
    real = queries.claims
    monkeypatch.setattr(claims_module.queries, "claims",
                        lambda store, ids=None: calls.append(ids) or real(store, ids))
    session.changed.emit(Changes.everything())
    assert calls == [None]
