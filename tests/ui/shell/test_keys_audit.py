"""Issue 16's keyboard promises, checked on a real window with key events: every Alt+letter
and shortcut reaches one control only, whatever panels are shown; tables let Tab out; file
dialogs for styles and templates open in the user's folders, never the working folder.""" 

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

EXAMPLE = Path(__file__).parents[3] / "briefs" / "example.brief"


@pytest.fixture
def window(make_window, tmp_path):
    path = tmp_path / "example.brief"
    shutil.copy(EXAMPLE, path)
    w = make_window(path, size=(1600, 1000))
    w.show_checks()
    w.show_reader()
    return w


def _mnemonic(text: str) -> str | None:
    plain = text.replace("&&", "")
    return f"Alt+{plain[plain.index('&') + 1].upper()}" if "&" in plain else None


def test_no_two_window_wide_keys_are_the_same(qtbot, window):
    """A key two window-wide shortcuts share does nothing at all in Qt ("ambiguous")."""
    owners = defaultdict(list)
    native = QKeySequence.SequenceFormat.PortableText
    for action in window.findChildren(QAction):
        if action.shortcutContext() in (Qt.ShortcutContext.WindowShortcut,
                                        Qt.ShortcutContext.ApplicationShortcut):
            for keys in action.shortcuts():
                owners[keys.toString(native)].append(action.text())
    for button in window.findChildren(QAbstractButton):
        key = _mnemonic(button.text())
        if key:
            owners[key].append(button.text())
    for label in window.findChildren(QLabel):
        key = _mnemonic(label.text()) if label.buddy() is not None else None
        if key and not label.text().startswith("<"):
            owners[key].append(label.text())
    for action in window.menuBar().actions():
        key = _mnemonic(action.text())
        if key:
            owners[key].append(action.text())
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert shared == {}


def test_tab_leaves_the_tags_panel_tables(qtbot, window):
    panel = window.tags
    window.tags_dock.show()
    window.tags_dock.raise_()
    panel.catch_up()
    qtbot.waitUntil(lambda: panel.tags_model.rowCount() > 0)
    panel.tags_view.setCurrentIndex(panel.tags_model.index(0, 0))  # lists its highlights
    assert panel.results_model.rowCount() > 0
    for table in (panel.tags_view, panel.results):
        table.setFocus()
        qtbot.waitUntil(table.hasFocus)
        table.setCurrentIndex(table.model().index(0, 0))
        qtbot.keyClick(table, Qt.Key.Key_Tab)
        assert not table.hasFocus(), table.accessibleName()


def test_style_and_template_choosers_open_in_the_users_folders(qtbot, settings, tmp_path,
                                                               monkeypatch):
    """Not in the working folder (where the app was started, often its data folder)."""
    from desktop.ui.memo.export import ExportOptionsDialog
    from desktop.ui.common.filedialogs import OpenPaths
    from desktop.ui.common.folders import documents
    from desktop.ui.common.preferences import Preferences
    from desktop.ui.common.preferences_dialog import PreferencesDialog

    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "house.csl").write_text("<style/>", encoding="utf-8")
    opened: list[tuple[str, str]] = []
    answer: list[str] = []

    def ask(cls, parent, title, folder, name_filter, many=False):
        opened.append((title, folder))
        return list(answer)

    monkeypatch.setattr(OpenPaths, "ask", classmethod(ask))
    monkeypatch.chdir(tmp_path)
    prefs = PreferencesDialog(Preferences(), 11.0)
    qtbot.addWidget(prefs)
    prefs._choose_template()
    prefs._choose_style()
    assert opened == [("Default Word template", str(documents())),
                      ("Citation style", str(documents()))]
    # A style chosen once: the next chooser, in either dialog, opens where it was.
    answer.append(str(styles / "house.csl"))
    prefs._choose_style()
    assert prefs.values().style == str(styles / "house.csl")
    opened.clear()
    options = ExportOptionsDialog(None, "house", True)
    qtbot.addWidget(options)
    other = options.styles.findData(options.OTHER)
    options.styles.setCurrentIndex(other)
    options.styles.activated.emit(other)
    assert opened == [("Citation style", str(styles))]
    assert options.styles.currentText() == "house.csl"


def test_file_import_review_opens_a_chooser_in_the_users_folders(qtbot, window, settings,
                                                                 monkeypatch):
    from desktop.ui.common.filedialogs import OpenPaths

    opened = []
    monkeypatch.setattr(OpenPaths, "ask", classmethod(
        lambda cls, parent, title, folder, name_filter, many=False:
        opened.append((title, folder)) or []))
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    action = next(a for a in file_menu.actions()
                  if a.text().replace("&", "").startswith("Import review"))
    action.trigger()
    # No folder used for reviews yet: the brief's own folder (a temporary one here).
    assert opened == [("Import review", str(window.session.store.path.parent))]
    assert window.errors == []


def test_no_menu_has_two_entries_with_the_same_letter(qtbot, window):
    """Two entries sharing an underlined letter: pressing it only moves between them."""
    def clashes(menu) -> dict:
        letters = defaultdict(list)
        for action in menu.actions():
            key = _mnemonic(action.text()) if not action.isSeparator() else None
            if key:
                letters[key].append(action.text())
        found = {f"{menu.title()} {k}": v for k, v in letters.items() if len(v) > 1}
        for action in menu.actions():
            if action.menu() is not None:
                found.update(clashes(action.menu()))
        return found

    found = {}
    for action in window.menuBar().actions():
        found.update(clashes(action.menu()))
    assert found == {}


def test_f1_names_every_key_the_window_answers_to(qtbot, window):
    """An action with a shortcut but no name was left out of the list (F3 and Shift+F3)."""
    unnamed = [[k.toString() for k in a.shortcuts()] for a in window.findChildren(QAction)
               if not a.text() and any(not k.isEmpty() for k in a.shortcuts())]
    assert unnamed == []
    listed = dict(window.shortcuts())
    assert listed["Edit → Find next"] == "F3"
    assert listed["Edit → Find previous"] == "Shift+F3, Shift+Return"
    assert listed["Edit → Close the find bar"] == "Esc"
