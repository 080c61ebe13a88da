"""A source not graded, as the window shows it: the library, the reader, the matrix, the
checks, Source details… and Source → Source reliability, with undo back to "not graded"."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core import edits, queries

ARTICLE = "Port capacity remains the main constraint on wheat exports this spring.\n"


def _import(qtbot, window, tmp_path):
    article = tmp_path / "ports.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with qtbot.waitSignal(window.importer.imported, timeout=10000):
        window.importer.import_files([article])
    return window.library.model.rows[0]["id"]


def _grade_cell(window):
    model = window.library.model
    index = model.index(0, model.KEYS.index("reliability"))
    return index.data(), index.data(Qt.ItemDataRole.ToolTipRole)


def test_an_imported_source_shows_as_not_graded_everywhere(qtbot, make_window, brief_path,
                                                           tmp_path, asked):
    window = make_window(brief_path)
    source_id = _import(qtbot, window, tmp_path)
    assert asked == ["details of 'ports'"]
    assert window.session.store.get("sources", source_id)["reliability"] is None
    assert _grade_cell(window) == ("?", "Not graded")
    assert window.reader.title.text().endswith("[not graded]")
    window.show_matrix()
    session = window.session
    claim = session.run(edits.add_claim, "Exports stay low.")
    ann = session.run(edits.add_annotation, source_id, 0, 13)
    session.run(edits.link_evidence, claim.item_id, ann.item_id)
    model = window.matrix.model
    header = model.headerData(1, Qt.Orientation.Horizontal)
    tip = model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert header == "? ports" and tip == "ports\nNot graded"
    window.show_checks()
    checks = window.checks
    checks.refresh()
    kinds = [checks.model.index(r).data(checks.model.KindRole)
             for r in range(checks.model.rowCount())]
    assert "ungraded-source" in kinds
    row = kinds.index("ungraded-source")
    checks.view.setCurrentIndex(checks.model.index(row))
    checks.view.activated.emit(checks.model.index(row))
    assert window.library.current_id() == source_id and window.reader.source_id == source_id
    assert window.errors == []


def test_grading_from_the_source_menu_and_undoing_back_to_not_graded(
        qtbot, make_window, brief_path, tmp_path):
    window = make_window(brief_path)
    source_id = _import(qtbot, window, tmp_path)
    library = window.library
    source_menu = next(a.menu() for a in window.menuBar().actions()
                       if a.text() == "So&urce")
    assert library.grade_menu in [a.menu() for a in source_menu.actions()]
    library.select(source_id)
    library.grade_menu.aboutToShow.emit()
    assert library.grade_actions[None].isChecked()
    library.grade_actions["B"].trigger()
    assert window.session.store.get("sources", source_id)["reliability"] == "B"
    assert _grade_cell(window) == ("B", "B: Usually reliable")
    assert window.undo_action.text() == "&Undo Edit source"
    library.view.setFocus()
    qtbot.keyClick(library.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.store.get("sources", source_id)["reliability"] is None
    assert _grade_cell(window) == ("?", "Not graded")
    # And clearing a grade is one undo step too.
    qtbot.keySequence(library.view, window.redo_action.shortcut())
    library.grade_menu.aboutToShow.emit()
    assert library.grade_actions["B"].isChecked()
    library.grade_actions[None].trigger()
    assert _grade_cell(window) == ("?", "Not graded")
    window.session.undo_stack.undo()
    assert _grade_cell(window)[0] == "B"
    assert window.errors == []


def test_source_details_offers_not_graded_first_and_keeps_it(qtbot, session):
    from desktop.ui.library.details import SourceDialog

    ungraded = SourceDialog({"title": "T", "reliability": None})
    qtbot.addWidget(ungraded)
    assert ungraded.grade.currentText() == "Not graded"
    assert ungraded.grade.itemText(0) == "Not graded"
    assert ungraded.grade.findText("F — Reliability cannot be judged") == 6
    assert ungraded.values()["reliability"] is None
    graded = SourceDialog({"title": "T", "reliability": "D"})
    qtbot.addWidget(graded)
    assert graded.values()["reliability"] == "D"
    graded.grade.setCurrentIndex(0)
    assert graded.values()["reliability"] is None


def test_the_tags_panel_finds_highlights_of_ungraded_sources(qtbot, session):
    from desktop.core.model import SourceInput
    from desktop.ui.reader.tags import TagsPanel

    add = edits.add_source(session.store, SourceInput(text=ARTICLE, title="Ports"))
    session.push(add)
    session.run(edits.add_annotation, add.item_id, 0, 13, credibility=3)
    panel = TagsPanel(session)
    qtbot.addWidget(panel)
    panel.kind.setCurrentIndex(panel.kind.findData("grade"))
    panel.kind.activated.emit(panel.kind.currentIndex())
    at = panel.value.findData("?")
    assert panel.value.itemText(at) == "?: source not graded (any credibility)"
    assert panel.value.itemText(panel.value.findData("?3")) == \
        "?3: source not graded; possibly true"
    assert [h["grade"] for h in queries.highlights(session.store, grade="?3")] == ["?3"]


def test_a_merge_conflict_shows_a_missing_grade_as_not_graded(qtbot):
    from desktop.core.merge_plan import ItemChange, MergePlan
    from desktop.ui.sharing.merging import differing_fields

    mine = {"id": "s1", "title": "Wire", "reliability": "A", "outlet": ""}
    theirs = {**mine, "reliability": None}
    rows = differing_fields(ItemChange("sources", "s1", mine, theirs, "changed-both"),
                            MergePlan("there.brief"))
    assert rows == [("Reliability", "A", "(not graded)")]


def test_grading_a_source_with_the_keyboard_alone(qtbot, make_window, brief_path, tmp_path,
                                                  monkeypatch):
    """Enter on the library row opens Source details; Alt+R reaches Reliability; arrows
    choose; Ctrl+Z takes the grade back to not graded."""
    from PySide6.QtWidgets import QApplication

    from desktop.ui.library.details import SourceDialog

    window = make_window(brief_path)
    source_id = _import(qtbot, window, tmp_path)
    seen = []

    def answer(cls, source, parent=None):
        dialog = SourceDialog(source, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is dialog.grade
        seen.append(dialog.grade.currentText())
        qtbot.keyClick(dialog.grade, Qt.Key.Key_Down)  # A
        qtbot.keyClick(dialog.grade, Qt.Key.Key_Down)  # B
        values = dialog.values()
        dialog.close()
        return values

    monkeypatch.setattr(SourceDialog, "ask", classmethod(answer))
    library = window.library
    library.view.setFocus()
    qtbot.keyClick(library.view, Qt.Key.Key_Return)
    assert seen == ["Not graded"]
    assert window.session.store.get("sources", source_id)["reliability"] == "B"
    assert _grade_cell(window)[0] == "B"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(library.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.store.get("sources", source_id)["reliability"] is None
    assert window.errors == []
