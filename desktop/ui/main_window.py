"""The main window: panels around the reader, menus, and the brief's file life.

The window owns one :class:`Session` (one brief, one undo history). Panels talk to the
session, never to each other; the window only routes navigation (a search hit or an
evidence row opens the reader at the highlight).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QThreadPool, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QMainWindow,
                               QMessageBox, QTabWidget)

from .. import version
from ..core import matching, queries
from .checks import ChecksPanel
from .claims import ClaimsPanel
from .export import ExportController, ExportOptionsDialog
from .importing import Importer
from .library import LibraryPanel
from .matrix import MatrixPanel
from .memo import MemoPanel
from .reader import ReaderPanel
from .filedialogs import SavePath
from .search import SearchPanel
from . import merging, review, sharing

SOURCE_FILTER = ("Sources (*.txt *.md *.markdown *.html *.htm *.docx *.pdf);;"
                 "All files (*)")


class Messages:
    """User-facing messages; tests replace these class methods."""

    @classmethod
    def error(cls, parent, text: str) -> None:
        QMessageBox.warning(parent, "Briefing Builder", text)

    @classmethod
    def info(cls, parent, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)


class MainWindow(QMainWindow):
    def __init__(self, session, opener=None):
        """``opener(path)`` opens another brief (the app decides in which window)."""
        super().__init__()
        self.session = session
        self.opener = opener
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)

        self.reader = ReaderPanel(session, self)
        self.memo = MemoPanel(session, self)
        self.matrix = MatrixPanel(session, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.reader, "Reader")
        self.tabs.addTab(self.memo, "Memo")
        self.tabs.addTab(self.matrix, "Evidence matrix")
        self.setCentralWidget(self.tabs)

        self.library = LibraryPanel(session, self)
        self.claims = ClaimsPanel(session, self)
        self.search = SearchPanel(session, self)
        self.checks = ChecksPanel(session, self)
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.library_dock = self._dock("Library", self.library, left)
        self.claims_dock = self._dock("Claims", self.claims, right)
        self.search_dock = self._dock("Search", self.search, left)
        self.checks_dock = self._dock("Checks", self.checks, right)
        self.tabifyDockWidget(self.library_dock, self.search_dock)
        self.tabifyDockWidget(self.claims_dock, self.checks_dock)
        self.library_dock.raise_()
        self.claims_dock.raise_()
        self.resizeDocks([self.library_dock, self.claims_dock], [340, 560],
                         Qt.Orientation.Horizontal)

        self.importer = Importer(session, self)
        self.exporter = ExportController(session, self)
        self._wire()
        self._menus()
        review.install(self)  # the Review dock, File → Import review…, badges
        self.statusBar()
        self.update_title()
        sources = queries.sources(session.store)
        if sources:
            self.library.select(sources[0]["id"])

    def _dock(self, title: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _wire(self) -> None:
        s = self.session
        s.error.connect(lambda text: Messages.error(self, text))
        s.changed.connect(self._on_changed)
        s.undo_stack.indexChanged.connect(lambda _: self.update_title())
        self.library.source_selected.connect(self._show_source)
        self.library.import_requested.connect(self.import_sources)
        self.library.paste_requested.connect(self.importer.import_clipboard)
        self.importer.imported.connect(lambda ids: self.library.select(ids[-1]))
        self.search.hit_activated.connect(self.go_to_hit)
        for panel in (self.claims, self.matrix, self.checks):
            panel.annotation_activated.connect(self.go_to_annotation)
        for panel in (self.checks, self.memo):
            panel.claim_activated.connect(self.go_to_claim)

    def _menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._add(file, "&New brief…", QKeySequence.StandardKey.New, self.new_brief)
        self._add(file, "&Open…", QKeySequence.StandardKey.Open, self.open_brief)
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        self._add(file, "&Import source…", "Ctrl+Shift+I", self.import_sources)
        self._add(file, "&Paste text as source", "Ctrl+Shift+V", self.importer.import_clipboard)
        self._add(file, "&Export to Word…", "Ctrl+E", self.export_word)
        file.addSeparator()
        self._add(file, "&Share a copy…", "", lambda: sharing.share_copy(self))
        self._add(file, "&Merge another brief…", "", lambda: merging.merge_another(self))
        self._add(file, "Restore from &backup…", "", lambda: sharing.restore_from_backup(self))
        file.addSeparator()
        self._add(file, "&Your name…", "", self.ask_user_name)
        file.addSeparator()
        self._add(file, "&Quit", QKeySequence.StandardKey.Quit, self.close)

        edit = bar.addMenu("&Edit")
        # Through the session, which first checks for changes made by other programs.
        stack = self.session.undo_stack
        undo = self._add(edit, "&Undo", QKeySequence.StandardKey.Undo, self.session.undo)
        redo = self._add(edit, "&Redo", QKeySequence.StandardKey.Redo, self.session.redo)
        undo.setEnabled(False)
        redo.setEnabled(False)
        stack.canUndoChanged.connect(undo.setEnabled)
        stack.canRedoChanged.connect(redo.setEnabled)
        stack.undoTextChanged.connect(lambda t: undo.setText(f"&Undo {t}".rstrip()))
        stack.redoTextChanged.connect(lambda t: redo.setText(f"&Redo {t}".rstrip()))
        self.undo_action, self.redo_action = undo, redo
        edit.addSeparator()
        self._add(edit, "&Find…", QKeySequence.StandardKey.Find, self.show_search)
        edit.addSeparator()
        for action in (self.reader.highlight_action, self.reader.note_action,
                       self.reader.claim_action, self.reader.reattach_action):
            edit.addAction(action)

        view = bar.addMenu("&View")
        for i, name in enumerate(("Reader", "Memo", "Evidence matrix")):
            self._add(view, name, f"Ctrl+{i + 1}", lambda i=i: self.tabs.setCurrentIndex(i))
        view.addSeparator()
        for dock in (self.library_dock, self.claims_dock, self.search_dock, self.checks_dock):
            view.addAction(dock.toggleViewAction())
        self._add(view, "Run &checks", "F7", self.show_checks)

        help_menu = bar.addMenu("&Help")
        self._add(help_menu, "&Keyboard shortcuts", QKeySequence.StandardKey.HelpContents,
                  self.show_shortcuts)
        self._add(help_menu, "&About Briefing Builder", "", self.show_about)

    def _add(self, menu, text, shortcut, slot) -> QAction:
        action = menu.addAction(text)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    # -------------------------------------------------------------------- navigation
    def _show_source(self, source_id: str) -> None:
        self.reader.show_source(source_id)
        self.tabs.setCurrentWidget(self.reader)

    def go_to_annotation(self, annotation_id: str) -> None:
        ann = self.session.store.select_one("annotations", {"id": annotation_id})
        if ann is None:
            return
        self.library.select(ann["source_id"], emit=False)
        self.reader.show_annotation(annotation_id)
        self.tabs.setCurrentWidget(self.reader)

    def go_to_claim(self, claim_id: str) -> None:
        self.claims_dock.raise_()
        self.claims.select_claim(claim_id)

    def go_to_hit(self, kind: str, item_id: str, source_id: str) -> None:
        if kind == "annotation":
            self.go_to_annotation(item_id)
        elif kind == "claim":
            self.go_to_claim(item_id)
        else:
            self.library.select(item_id, emit=False)
            self._show_source(item_id)
            span = matching.first_match(self.reader.text, self.search.field.text())
            if span:  # None when only the title matched
                self.reader.select_range(*span)

    def show_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search.focus()

    def show_checks(self) -> None:
        self.checks_dock.show()
        self.checks_dock.raise_()
        self.checks.refresh()

    def _on_changed(self, changes) -> None:
        if changes.touches("brief"):
            self.update_title()

    def update_title(self) -> None:
        store = self.session.store
        name = store.path.name if store.path else "(in memory)"
        title = store.brief()["title"] or name
        flag = " [read-only]" if store.readonly else ""
        self.setWindowTitle(f"{title} — {name}{flag} — Briefing Builder")

    # ------------------------------------------------------------------------- files
    def new_brief(self) -> None:
        path = SavePath.ask(self, "New brief", str(self._folder()), "Briefs (*.brief)", "brief")
        if path and self.opener:  # an existing file is refused with a message, never replaced
            self.opener(path, create=True)

    def open_brief(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open brief", str(self._folder()),
                                              "Briefs (*.brief);;All files (*)")
        if path and self.opener:
            self.opener(path)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in recent_files():
            self.recent_menu.addAction(path, lambda p=path: self.opener and self.opener(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction("(none)").setEnabled(False)

    def import_sources(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import sources", str(self._folder()),
                                                SOURCE_FILTER)
        self.importer.import_files(paths)

    def export_word(self) -> None:
        problems = queries.checks(self.session.store)
        if problems:
            self.show_checks()
            self.statusBar().showMessage(
                f"{len(problems)} check(s) to review before sending the memo", 8000)
        settings = QSettings()
        options = ExportOptionsDialog.ask(
            self, str(settings.value("export/style", "house") or "house"),
            settings.value("export/annex", "true") in (True, "true"))
        if options is None:
            return
        style, annex = options
        settings.setValue("export/style", style)
        settings.setValue("export/annex", "true" if annex else "false")
        default = self._folder() / f"{self.session.store.brief()['title'] or 'memo'}.docx"
        path = SavePath.ask(self, "Export to Word", str(default), "Word documents (*.docx)",
                            "docx")
        if path:
            self.exporter.start(path, style=style, annex=annex)

    def ask_user_name(self) -> None:
        from .reader import TextPrompt

        name = TextPrompt.ask(self, "Your name", "Name recorded on what you create:",
                              self.session.store.user)
        if name:
            QSettings().setValue("user/name", name)
            self.session.store.user = name

    def _folder(self) -> Path:
        path = self.session.store.path
        return path.parent if path else Path.home()

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        data = event.mimeData()
        files = [u.toLocalFile() for u in data.urls() if u.isLocalFile()]
        if files:
            self.importer.import_files(files)
        elif data.hasText():
            self.importer.import_text(data.text())
        event.acceptProposedAction()

    # ------------------------------------------------------------------------ help
    def show_shortcuts(self) -> None:
        lines = []
        for menu in self.menuBar().findChildren(type(self.recent_menu)):
            for action in menu.actions():
                if action.shortcut().toString():
                    name = action.text().replace("&", "")
                    lines.append(f"<tr><td>{name}</td><td><b>"
                                 f"{action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}"
                                 "</b></td></tr>")
        Messages.info(self, "Keyboard shortcuts", "<table>" + "".join(sorted(set(lines)))
                      + "</table>")

    def show_about(self) -> None:
        Messages.info(self, "About Briefing Builder",
                      f"<b>Briefing Builder {version()}</b><p>Turn source material into an "
                      "evidenced policy memo.</p>")

    def open_url(self, path: str) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    # ------------------------------------------------------------------------ closing
    def closeEvent(self, event) -> None:
        # A field being edited saves when it loses focus: let it, while the brief is open.
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            focused.clearFocus()
        self.importer.stop()
        self.exporter.cancel()
        QThreadPool.globalInstance().waitForDone(10_000)
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        self.session.close()
        super().closeEvent(event)

    def restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        state = settings.value("window/state")
        if state is not None:
            self.restoreState(state)


def recent_files() -> list[str]:
    value = QSettings().value("recent", []) or []
    if isinstance(value, str):
        value = [value]
    return [p for p in value if Path(p).exists()][:10]


def remember(path: Path) -> None:
    path = str(Path(path).resolve())
    files = [path] + [p for p in recent_files() if p != path]
    QSettings().setValue("recent", files[:10])
