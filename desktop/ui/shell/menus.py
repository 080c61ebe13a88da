"""The main window's menu bar, one function per menu.

Every action that has a shortcut, the window's and the panels', is an entry in one of these
menus, showing its keys, so the menus double as the list of what the keyboard can do; F1
(:mod:`.shortcuts`) reads the same live actions. Every entry has an Alt letter of its own in
its menu (tests/ui/shell/test_menus.py checks both).

A panel's own actions keep the panel's shortcut context (Del deletes in the panel that has
the focus); in the menu they act on the panel's current item, and are greyed out when it
has none. The claims panel is made when first needed: its entries are added then.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from desktop.ui.sharing import dialogs as sharing
from desktop.ui.shell.startup import recent_files
from desktop.ui.shell.window_comfort import quit_app


def add(menu, text: str, shortcut, slot) -> QAction:
    """A new entry ``text`` in ``menu`` running ``slot``, with ``shortcut`` if any."""
    action = menu.addAction(text)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    return action


def entry(menu, action: QAction, text: str) -> QAction:
    """A panel's ``action`` in ``menu``, named ``text`` (with its Alt letter)."""
    action.setText(text)
    menu.addAction(action)
    return action


def build(window) -> None:
    bar = window.menuBar()
    file_menu(window, bar.addMenu("&File"))
    edit_menu(window, bar.addMenu("&Edit"))
    source_menu(window, bar.addMenu("So&urce"))
    claims_menu(window, bar.addMenu("C&laims"))
    memo_menu(window, bar.addMenu("Me&mo"))
    view_menu(window, bar.addMenu("&View"))
    help_menu(window, bar.addMenu("&Help"))


def file_menu(window, file) -> None:
    add(file, "&New brief…", QKeySequence.StandardKey.New, window.new_brief)
    add(file, "&Open…", QKeySequence.StandardKey.Open, window.open_brief)
    window.recent_menu = file.addMenu("Open &Recent")
    window.recent_menu.aboutToShow.connect(lambda: fill_recent(window))
    file.addSeparator()
    add(file, "&Import source…", "Ctrl+Shift+I", window.import_sources)
    add(file, "Import from &URL…", "", window.importer.import_from_address)
    add(file, "&Paste text as source", "Ctrl+Shift+V", window.importer.import_clipboard)
    add(file, "&Export to Word…", "Ctrl+E", window.export_word)
    file.addSeparator()
    add(file, "&Share a copy…", "", lambda: sharing.share_copy(window))
    add(file, "&Merge another brief…", "", window.merge_another)
    add(file, "Restore from &backup…", "", lambda: sharing.restore_from_backup(window))
    file.addSeparator()
    add(file, "Pre&ferences…", "Ctrl+,", window.show_preferences)
    file.addSeparator()
    add(file, "&Close", "Ctrl+W", window.close)
    add(file, "&Quit", "Ctrl+Q", quit_app)


def fill_recent(window) -> None:
    menu = window.recent_menu
    menu.clear()
    for path in recent_files():
        menu.addAction(path, lambda _checked=False, p=path: window.opener and window.opener(p))
    if not menu.actions():
        menu.addAction("(none)").setEnabled(False)


def edit_menu(window, edit) -> None:
    # Through the session, which first checks for changes made by other programs.
    session = window.session
    stack = session.undo_stack
    undo = add(edit, "&Undo", QKeySequence.StandardKey.Undo, session.undo)
    redo = add(edit, "&Redo", QKeySequence.StandardKey.Redo, session.redo)
    undo.setEnabled(False)
    redo.setEnabled(False)
    stack.canUndoChanged.connect(undo.setEnabled)
    stack.canRedoChanged.connect(redo.setEnabled)
    stack.undoTextChanged.connect(lambda t: undo.setText(f"&Undo {t}".rstrip()))
    stack.redoTextChanged.connect(lambda t: redo.setText(f"&Redo {t}".rstrip()))
    window.undo_action, window.redo_action = undo, redo
    edit.addSeparator()
    add(edit, "&Find…", QKeySequence.StandardKey.Find, window.show_search)
    window.find_in_source_action = add(edit, "Find in this &source…", "Ctrl+Shift+F",
                                       window.find_in_source)
    # The find bar's keys, which work while it is open (its field has the focus).
    bar = window.reader.find_bar
    for action, text in zip(bar.key_actions, ("Find &next", "Find pre&vious",
                                            "&Close the find bar")):
        entry(edit, action, text)


def source_menu(window, source) -> None:
    reader, library = window.reader, window.library
    for action, text in ((reader.highlight_action, "&Highlight"),
                         (reader.note_action, "Highlight &with note…"),
                         (reader.claim_action, "New cl&aim from highlight…"),
                         (reader.link_action, "&Link to claim…"),
                         (reader.reattach_action, "R&e-attach highlight to selection")):
        entry(source, action, text)
    source.addSeparator()
    add(source, "Edit highlight &note", "Alt+N", reader.focus_note)
    add(source, "Edit highlight &tags", "Alt+G", reader.focus_tags)
    add(source, "Grade highlight &credibility", "Alt+B", reader.focus_credibility)
    entry(source, reader.delete_action, "Delete h&ighlight")
    source.addSeparator()
    source.addAction(library.edit_action)  # Source &details…
    source.addMenu(library.grade_menu)  # Source &reliability
    entry(source, library.delete_action, "Delete &source…")


def claims_menu(window, claims) -> None:
    # The claims panel's own actions, once it is made (opening the menu makes it).
    claims.aboutToShow.connect(lambda: window.claims)
    window.claims_dock.when_built(lambda panel: fill_claims_menu(claims, panel))


def fill_claims_menu(menu, panel) -> None:
    for action, text in ((panel.new_action, "&New claim…"),
                         (panel.delete_selection_action, "&Delete selection"),
                         (panel.delete_action, "Delete &claim"),
                         (panel.note_action, "&Edit note…"),
                         (panel.remove_action, "&Remove evidence")):
        entry(menu, action, text)
    panel.stance_menu.setTitle("Change &stance")
    for action, text in zip(panel.stance_menu.actions(),
                            ("&Supports", "&Contradicts", "Conte&xt")):
        action.setText(text)
    menu.addMenu(panel.stance_menu)


def memo_menu(window, memo) -> None:
    m = window.memo
    # Short toolbar labels, so the memo's toolbar fits a half-screen panel at 1280×720
    # (the menu and the tooltips keep the full names).
    for action, short in ((m.add_section_action, "+ Section"),
                          (m.delete_section_action, "− Section"),
                          (m.add_paragraph_action, "+ Paragraph"),
                          (m.place_claim_action, "+ Claim…"),
                          (m.remove_block_action, "Remove"),
                          (m.move_up_action, "↑"), (m.move_down_action, "↓")):
        action.setToolTip(action.text())
        action.setIconText(short)
    m.toolbar.removeAction(m.rename_action)  # F2, double-click, or Memo → Rename
    # The memo's own actions work on its outline; here they also get window shortcuts.
    for action, keys, text in (
            (m.add_section_action, "Ctrl+Shift+S", "Add &section"),
            (m.add_paragraph_action, "Ctrl+Shift+P", "Add &paragraph"),
            (m.new_paragraph_action, None, "New paragraph &after this one"),
            (m.place_claim_action, "Ctrl+Shift+M", "Place &claim…"),
            (m.rename_action, None, "&Rename"),
            (m.delete_section_action, None, "D&elete section"),
            (m.remove_block_action, None, "Remove from &memo"),
            (m.delete_action, None, "&Delete"),
            (m.move_up_action, None, "Move &up"),
            (m.move_down_action, None, "Move do&wn")):
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        entry(memo, action, text)
    memo.addSeparator()
    entry(memo, m.bold_action, "&Bold")
    entry(memo, m.italic_action, "&Italic")


def view_menu(window, view) -> None:
    # triggered(checked) passes a bool: a default argument must not be the first one.
    add(view, "&Reader", "Ctrl+1", lambda _checked=False: window.show_reader())
    add(view, "&Memo", "Ctrl+2", lambda _checked=False: window.show_memo())
    add(view, "Evidence ma&trix", "Ctrl+3", lambda _checked=False: window.show_matrix())
    add(view, "&Next panel", "F6", lambda _checked=False: window.cycle_panels(1))
    add(view, "&Previous panel", "Shift+F6", lambda _checked=False: window.cycle_panels(-1))
    view.addSeparator()
    for dock, keys, go, shown in ((window.library_dock, "Ctrl+Shift+L", "Go to &library",
                                   "Li&brary"),
                                  (window.claims_dock, "Ctrl+Shift+K", "Go to &claims",
                                   "Cla&ims"),
                                  (window.memo_dock, None, None, "M&emo"),
                                  (window.search_dock, None, None, "&Search"),
                                  (window.checks_dock, None, None, "C&hecks")):
        if keys:
            add(view, go, keys, lambda _checked=False, d=dock: window.focus_dock(d))
        entry(view, dock.toggleViewAction(), shown)
    add(view, "Run chec&ks", "F7", window.show_checks)
    view.addSeparator()
    entry(view, window.tags_dock.toggleViewAction(), "Ta&gs")
    view.addSeparator()
    zoom_in = add(view, "&Zoom in", QKeySequence.StandardKey.ZoomIn,
                  lambda: window.zoom(+1))
    zoom_in.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
    add(view, "Zoom &out", QKeySequence.StandardKey.ZoomOut, lambda: window.zoom(-1))
    add(view, "&Actual size", "Ctrl+0", lambda: window.zoom(0))


def help_menu(window, help_) -> None:
    add(help_, "&Keyboard shortcuts", QKeySequence.StandardKey.HelpContents,
        window.show_shortcuts)
    add(help_, "&About Briefing Builder", "", window.show_about)
