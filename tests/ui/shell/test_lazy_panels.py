"""Panels out of view cost nothing: made when first shown, refreshed only while in view.

The first window builds the library, the reader and the memo; the claims (behind the
memo's tab at 1280×720), search, checks, tags and the evidence matrix are made when the
user first brings them up, by keyboard or menu, and a dock tabbed behind another does not
follow the brief's changes until its tab is raised.
"""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabBar

from desktop import resources
from desktop.core import edits, queries
from desktop.ui.common.on_screen import on_screen

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, make_window, tmp_path):
    path = tmp_path / "example.brief"
    shutil.copyfile(resources.example_brief(), path)
    w = make_window(path, (1280, 720))
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    qtbot.wait(20)  # the layout settles: which tab of each dock group is in front
    return w


def lazy_holders(window) -> dict:
    return {"claims": window.claims_dock, "search": window.search_dock,
            "checks": window.checks_dock, "tags": window.tags_dock,
            "matrix": window.matrix_page}


def menu_action(window, menu_title, text):
    menu = next(a.menu() for a in window.menuBar().actions()
                if a.text().replace("&", "") == menu_title)
    return next(a for a in menu.actions() if a.text().replace("&", "") == text)


def test_first_window_builds_only_the_panels_in_view(window):
    assert {name: holder.is_built() for name, holder in lazy_holders(window).items()} == {
        "claims": False, "search": False, "checks": False, "tags": False, "matrix": False}
    sources = queries.sources(window.session.store)
    assert window.library.model.rowCount() == len(sources) == 3
    assert window.reader.text  # the first source is open in the reader
    assert on_screen(window.memo)


def test_hidden_panels_are_made_and_filled_when_shown_by_keys_and_view_menu(qtbot, window):
    store = window.session.store
    menu_action(window, "View", "Evidence matrix").trigger()
    assert window.matrix_page.is_built()
    assert window.matrix.model.rowCount() == len(queries.claims(store)) == 6
    assert window.matrix.view.hasFocus()

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_K, CTRL | SHIFT)  # Go to claims
    assert window.claims_dock.is_built() and window.claims.view.hasFocus()
    qtbot.waitUntil(lambda: window.claims.model.rowCount() == 6)

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, CTRL)  # Edit → Find…
    assert window.search_dock.is_built() and window.search.field.hasFocus()
    qtbot.keyClicks(window.search.field, "lithium")
    qtbot.waitUntil(lambda: window.search.results.count() > 0)

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F7)  # View → Run checks
    assert window.checks_dock.is_built() and window.checks.view.hasFocus()
    assert window.checks.model.rowCount() == len(queries.checks(store)) > 0

    tags = menu_action(window, "View", "Tags")  # the dock's own entry: off, then on again
    tags.trigger()
    assert not window.tags_dock.isVisible()
    tags.trigger()
    window.tags_dock.raise_()
    qtbot.waitUntil(window.tags_dock.is_built)
    qtbot.waitUntil(lambda: window.tags.tags_model.rowCount() == len(queries.tags(store)) > 0)


def test_a_dock_behind_another_tab_catches_up_only_when_raised(qtbot, window):
    session = window.session
    window.focus_dock(window.claims_dock)
    claims = window.claims
    qtbot.waitUntil(lambda: claims.model.rowCount() == 6)
    window.show_memo()  # the claims go behind the memo's tab
    qtbot.waitUntil(lambda: not on_screen(claims))
    session.run(edits.add_claim, "Mali's junta will hold elections before 2027.")
    assert claims.model.rowCount() == 6 and claims.when_seen.behind
    window.focus_dock(window.claims_dock)
    qtbot.waitUntil(lambda: claims.model.rowCount() == 7)

    window.show_checks()
    checks = window.checks
    count = checks.model.rowCount()
    window.library_dock.raise_()  # the checks go behind the library's tab
    qtbot.waitUntil(lambda: not on_screen(checks))
    session.run(edits.add_claim, "A claim nothing backs yet.")  # one more thing to check
    qtbot.wait(checks.when_seen._timer.interval() + 50)
    assert checks.model.rowCount() == count and checks.when_seen.behind
    window.checks_dock.raise_()
    qtbot.waitUntil(lambda: checks.model.rowCount() == count + 1)

    window.show_matrix()
    matrix = window.matrix
    window.show_reader()  # the matrix's tab is not the current one
    session.run(edits.add_claim, "One more claim for the matrix.")
    assert matrix.model.rowCount() == 8 and matrix.when_seen.behind
    window.show_matrix()
    assert matrix.model.rowCount() == 9


def test_the_memo_behind_the_claims_tab_writes_its_page_when_raised(qtbot, window):
    session, memo = window.session, window.memo
    window.focus_dock(window.claims_dock)  # at 1280 px the memo and claims share a tab group
    qtbot.waitUntil(lambda: not on_screen(memo.document))
    section = queries.memo(session.store)["sections"][0]["id"]
    block = session.run(edits.add_block, section, text="Written while out of view").item_id
    assert memo.document.editor(block) is None  # no page work for a page nobody sees
    window.show_memo()
    qtbot.waitUntil(lambda: memo.document.editor(block) is not None)
    assert memo.document.editor(block).toPlainText() == "Written while out of view"


def test_left_column_tab_titles_are_shown_in_full_at_1280x720(window):
    bars = [b for b in window.findChildren(QTabBar)
            if b.isVisible() and b is not window.tabs.tabBar()]
    titles = {bar.tabText(i): (bar, i) for bar in bars for i in range(bar.count())}
    assert {"Library", "Search", "Checks", "Tags", "Review", "Memo", "Claims"} <= set(titles)
    for title, (bar, i) in titles.items():
        room, needs = bar.tabRect(i).size(), bar.tabSizeHint(i)
        assert room.width() >= needs.width() and room.height() >= needs.height(), title


def test_the_checks_count_reads_as_a_line_in_the_narrow_left_column(qtbot, window):
    window.show_checks()
    header = window.checks.header
    qtbot.waitUntil(lambda: header.text().endswith("before export"))
    qtbot.wait(20)
    assert header.height() < 3 * header.fontMetrics().lineSpacing()  # not a word per line
