"""The menus as the map of the keyboard (issue 16): every action with a shortcut, the
window's and every panel's, is an entry of the menu bar showing its keys, with an Alt letter
of its own in its menu; F1 lists every one; no key is claimed twice where both would act
(Qt then runs neither). Checked on a real window with every panel made."""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

EXAMPLE = Path(__file__).parents[3] / "briefs" / "example.brief"
PORTABLE = QKeySequence.SequenceFormat.PortableText


@pytest.fixture
def window(make_window, tmp_path):
    path = tmp_path / "example.brief"
    shutil.copy(EXAMPLE, path)
    w = make_window(path, size=(1280, 720))
    w.shortcuts()  # makes every panel (their actions, and the Claims menu's entries)
    w.tags  # and the tags panel, which F1 does not need
    return w


def keyed_actions(window) -> list[QAction]:
    return [a for a in window.findChildren(QAction)
            if any(not k.isEmpty() for k in a.shortcuts())]


def menus_of(window) -> list[QMenu]:
    found = []

    def walk(menu):
        found.append(menu)
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu())

    for top in window.menuBar().actions():
        walk(top.menu())
    return found


def mnemonic(text: str) -> str | None:
    plain = text.replace("&&", "")
    return plain[plain.index("&") + 1].upper() if "&" in plain else None


def test_every_action_with_a_shortcut_is_a_menu_entry(qtbot, window):
    in_menus = {a for menu in menus_of(window) for a in menu.actions()}
    missing = [(a.text(), [k.toString(PORTABLE) for k in a.shortcuts()])
               for a in keyed_actions(window) if a not in in_menus]
    assert missing == []
    # The panels' own keys are among them (the ones the audit found missing).
    texts = {a.text().replace("&", ""): a.shortcut().toString(PORTABLE) for a in in_menus}
    assert texts["Bold"] == "Ctrl+B" and texts["Italic"] == "Ctrl+I"
    assert texts["New paragraph after this one"] == "Ctrl+Return"
    assert texts["Delete selection"] == "Del" and texts["Find next"] == "F3"


def test_every_menu_entry_has_its_own_alt_letter(qtbot, window):
    """Two entries sharing a letter: pressing it only moves between them; none: no letter."""
    problems = {}
    bars = [window.menuBar()] + menus_of(window)
    for menu in bars:
        letters = defaultdict(list)
        for action in menu.actions():
            if action.isSeparator() or not action.text() or not action.isVisible():
                continue
            if menu is window.recent_menu:
                continue  # file paths, filled when opened
            letters[mnemonic(action.text())].append(action.text())
        title = menu.title() if isinstance(menu, QMenu) else "menu bar"
        problems.update({f"{title} {k}": v for k, v in letters.items()
                         if k is None or len(v) > 1})
    assert problems == {}


def test_f1_lists_every_shortcut_of_every_action(qtbot, window):
    listed = window.shortcuts()
    native = QKeySequence.SequenceFormat.NativeText
    by_keys = defaultdict(set)
    for what, keys in listed:
        by_keys[keys].add(what)
    missing = []
    for action in keyed_actions(window):
        keys = ", ".join(k.toString(native) for k in action.shortcuts() if not k.isEmpty())
        name = action.text().replace("&", "").rstrip(".…")
        if not any(what.endswith(name) for what in by_keys[keys]):
            missing.append((name, keys))
    assert missing == []
    # Named with the menu they are in, so the list says where to find each one.
    assert dict(listed)["Memo → Bold"] == QKeySequence("Ctrl+B").toString(native)


def _active_at(action: QAction, focus) -> bool:
    """Whether ``action``'s shortcut acts while ``focus`` has the keyboard (Qt's rules)."""
    context = action.shortcutContext()
    if context in (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut):
        return True
    for widget in action.associatedObjects():
        if isinstance(widget, QMenu):
            continue  # a menu entry's key acts where the action's own widgets say
        if widget is focus or (context == Qt.ShortcutContext.WidgetWithChildrenShortcut
                               and widget.isAncestorOf(focus)):
            return True
    return False


def _overlap(window, a: QAction, b: QAction) -> bool:
    """Whether some focus makes both ``a`` and ``b`` answer their key."""
    places = [w for act in (a, b) for w in act.associatedObjects()
              if not isinstance(w, QMenu)] or [window]
    return any(_active_at(a, f) and _active_at(b, f) for f in places)


def test_no_key_belongs_to_two_enabled_actions_that_act_in_the_same_place(qtbot, window):
    """Qt does nothing at all for a key two live shortcuts share ("ambiguous")."""
    # Something chosen in every panel, so that their Delete, Move up… are live.
    from desktop.core import queries

    store = window.session.store
    window.reader.show_annotation(queries.annotations(store)[0]["id"])
    window.memo.tree.setCurrentIndex(window.memo.tree.model().index(0, 0))
    window.claims.view.setCurrentIndex(window.claims.model.index(0, 0))
    assert window.memo.delete_action.isEnabled()
    assert window.claims.delete_selection_action.isEnabled()
    assert window.library.delete_action.isEnabled() and window.reader.delete_action.isEnabled()
    owners = defaultdict(list)
    for action in keyed_actions(window):
        if action.isEnabled():
            for keys in action.shortcuts():
                owners[keys.toString(PORTABLE)].append(action)
    clashes = []
    for keys, actions in owners.items():
        for i, a in enumerate(actions):
            for b in actions[i + 1:]:
                if _overlap(window, a, b):
                    clashes.append((keys, a.text(), b.text()))
    assert clashes == []


def test_the_memo_menus_delete_acts_on_the_outline_and_greys_out_without_a_choice(
        qtbot, window):
    memo = window.memo
    memo.tree.setCurrentIndex(memo.tree.model().index(0, 0))
    assert memo.delete_action.isEnabled() and memo.new_paragraph_action.isEnabled()
    memo.tree.setCurrentIndex(QModelIndex())
    memo._update_actions()
    assert not memo.delete_action.isEnabled()


def test_the_find_bars_entries_are_live_only_while_it_is_open(qtbot, window):
    bar = window.reader.find_bar
    assert [a.isEnabled() for a in bar.key_actions] == [False, False, False]
    window.find_in_source_action.trigger()
    assert [a.isEnabled() for a in bar.key_actions] == [True, True, True]
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert [a.isEnabled() for a in bar.key_actions] == [False, False, False]


def _letter_problems(menu: QMenu) -> dict[str, list[str]]:
    """Entries of ``menu`` and its submenus with no Alt letter, or sharing one."""
    problems = {}
    letters = defaultdict(list)
    for action in menu.actions():
        if action.isSeparator() or not action.text():
            continue
        letters[mnemonic(action.text())].append(action.text())
        if action.menu() is not None:
            problems.update(_letter_problems(action.menu()))
    problems.update({f"{menu.title() or 'context menu'} {k}": v
                     for k, v in letters.items() if k is None or len(v) > 1})
    return problems


def test_every_context_menu_entry_has_its_own_alt_letter(qtbot, window):
    """Shift+F10 (or the Menu key) opens them; a letter then picks an entry at once."""
    reader = window.reader
    reader.list.selectRow(0)  # a highlight chosen: every entry of the text's menu
    claims = window.claims
    first = claims.model.index(0, 0)
    menus = [reader.context_menu(), claims.context_menu(first),
             claims.context_menu(claims.model.index(0, 0, first))]
    problems = {}
    for menu in menus:
        problems.update(_letter_problems(menu))
    assert problems == {}


def test_a_claim_named_in_a_menu_shows_its_ampersand(qtbot, window):
    from desktop.core import edits

    window.session.run(edits.add_claim, "Mali & Niger share the corridor.")
    reader = window.reader
    reader.list.selectRow(0)
    evidence = next(a for a in reader.context_menu().actions()
                    if a.text().replace("&", "") == "Evidence for claim")
    labels = [a.text() for a in evidence.menu().actions()]
    assert any(label.endswith("Mali && Niger share the corridor.") for label in labels)
