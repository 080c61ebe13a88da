"""Free-text fields besides the memo (a highlight's note and tags, a claim's statement) keep
what was typed: on leaving the field, on closing the window, and when a change from
elsewhere refreshes the panel while the field is being typed in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core import edits, queries
from desktop.core.model import SourceInput
from desktop.core.store import Store

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TEXT = "Port capacity remains the main constraint on wheat exports this spring."


@pytest.fixture
def window(make_window, brief_path):
    with Store.open(brief_path, user="Test Analyst") as store:
        add = edits.add_source(store, SourceInput(text=TEXT, title="Ports"))
        add.apply(store)
        edits.add_annotation(store, add.item_id, 0, 13).apply(store)
        edits.add_claim(store, "Exports stay low.").apply(store)
    w = make_window(brief_path, size=(1400, 860))
    w.library.select(add.item_id)
    w.reader.list.selectRow(0)
    return w


def _stored_note(brief_path) -> str:
    with Store.open(brief_path, readonly=True) as store:
        return store.select("annotations")[0]["note"]


def _type_note(qtbot, window, text: str):
    window.reader.focus_note()
    note = window.reader.note
    assert note.hasFocus() or note.isEnabled()
    note.setFocus()
    qtbot.keyClicks(note, text)
    return note


def test_a_note_being_typed_is_saved_when_the_window_closes(qtbot, window, brief_path):
    _type_note(qtbot, window, "capacity, not demand")
    window.close()
    assert _stored_note(brief_path) == "capacity, not demand"


def test_a_note_is_saved_when_tab_leaves_it(qtbot, window):
    note = _type_note(qtbot, window, "weighed")
    qtbot.keyClick(note, Qt.Key.Key_Tab)
    assert queries.annotations(window.session.store)[0]["note"] == "weighed"


def test_a_note_being_typed_survives_an_edit_made_elsewhere(qtbot, window):
    note = _type_note(qtbot, window, "half-typed")
    # Another gesture reaches the session while the note still has the focus (a shortcut,
    # or another panel's button): the panels refresh from its change notice.
    window.session.run(edits.add_claim, "Prices will rise.")
    assert queries.annotations(window.session.store)[0]["note"] == "half-typed"
    assert note.text() == "half-typed"


def test_a_note_being_typed_survives_another_programs_change(qtbot, window, brief_path):
    note = _type_note(qtbot, window, "still mine")
    with Store.open(brief_path, user="Someone else") as other:
        edits.add_claim(other, "Written elsewhere.").apply(other)
    assert window.session.check_external_changes()
    assert note.text() == "still mine"
    assert queries.annotations(window.session.store)[0]["note"] == "still mine"


def test_tags_being_typed_are_saved_when_the_window_closes(qtbot, window, brief_path):
    window.reader.focus_tags()
    tags = window.reader.tags
    tags.setFocus()
    qtbot.keyClicks(tags, "ports, logistics")
    window.close()
    with Store.open(brief_path, readonly=True) as store:
        assert sorted(queries.annotations(store)[0]["tags"]) == ["logistics", "ports"]


def test_a_claim_statement_being_edited_is_saved_when_the_window_closes(qtbot, window,
                                                                        brief_path):
    view = window.claims.view
    window.focus_dock(window.claims_dock)  # panels fill when on screen
    window.claims.when_seen.ensure()
    index = window.claims.model.index(0, 0)
    view.setCurrentIndex(index)
    view.setFocus()
    view.edit(index)
    editor = view.focusWidget()
    assert editor is not view and editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "Exports stay low until June.")
    window.close()
    with Store.open(brief_path, readonly=True) as store:
        assert [c["text"] for c in queries.claims(store)] == ["Exports stay low until June."]


def test_a_claim_statement_being_edited_survives_another_programs_change(qtbot, window,
                                                                         brief_path):
    view = window.claims.view
    window.focus_dock(window.claims_dock)  # panels fill when on screen
    window.claims.when_seen.ensure()
    index = window.claims.model.index(0, 0)
    view.setCurrentIndex(index)
    view.setFocus()
    view.edit(index)
    editor = view.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Exports stay low until June.")
    with Store.open(brief_path, user="Someone else") as other:
        edits.add_claim(other, "Written elsewhere.").apply(other)
    assert window.session.check_external_changes()
    statements = [c["text"] for c in queries.claims(window.session.store)]
    assert "Exports stay low until June." in statements
