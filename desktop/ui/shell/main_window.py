"""The main window: panels around the reader, menus, and the brief's file life.

The window owns one :class:`Session` (one brief, one undo history). Panels talk to the
session, never to each other; the window only routes navigation (a search hit or an
evidence row opens the reader at the highlight).

Layout: the reader and the evidence matrix share the centre; the memo is a dock beside it,
so a source can be read while the memo is written; the library, search and checks share the
left; the claims sit on the right. Every panel action is also in a menu, with its shortcut.

Only what the first screen shows is built with the window (library, reader, memo); the
claims, matrix, search, checks and review panels, and their modules, are made when first
shown or asked for (:mod:`.lazy_panels`): ``window.claims`` makes the claims panel if need
be.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QThreadPool, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QTabWidget, QWidget

from desktop import version
from desktop.core import matching, queries
from desktop.ui.library.importing import Importer
from desktop.ui.shell.lazy_panels import LazyDock, LazyPage
from desktop.ui.library.panel import LibraryPanel
from desktop.ui.memo.panel import MemoPanel
from desktop.ui.common.messages import Messages  # also imported from here by the app and tests
from desktop.ui.reader.panel import ReaderPanel
from desktop.ui.common.filedialogs import OpenPaths, SavePath
from desktop.ui.common.folders import remember_folder, start_folder
from desktop.ui.common.preferences import Preferences
from desktop.ui.shell.workspace import LAYOUT_VERSION, WorkspaceLayout, first_size
from desktop.ui.shell import menus
from desktop.ui.shell.window_comfort import ComfortMixin
from desktop.ui.common import background
from desktop.ui.review import feature as review

SOURCE_FILTER = ("Sources (*.txt *.md *.markdown *.html *.htm *.docx *.pdf);;"
                 "All files (*)")


class MainWindow(ComfortMixin, WorkspaceLayout, QMainWindow):
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
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.reader, "Reader")
        self.matrix_page = LazyPage(self.tabs, self._make_matrix)
        self.tabs.addTab(self.matrix_page, "Evidence matrix")
        self.setCentralWidget(self.tabs)

        self.library = LibraryPanel(session, self)
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.library_dock = self._dock("Library", self.library, left)
        self.search_dock = self._dock("Search", self._make_search, left)
        # Beside the library, not behind the claims: a clicked check shows its claim while
        # the list of checks stays in view.
        self.checks_dock = self._dock("Checks", self._make_checks, left)
        self.memo_dock = self._dock("Memo", self.memo, right)
        # Its tab raised: the page catches up with what changed while it was behind.
        self.memo_dock.visibilityChanged.connect(
            lambda shown: shown and QTimer.singleShot(0, self.memo, self.memo.catch_up))
        self.claims_dock = self._dock("Claims", self._make_claims, right)
        self.tabifyDockWidget(self.library_dock, self.search_dock)
        self.tabifyDockWidget(self.library_dock, self.checks_dock)
        # Five panels share the narrow left column (library, search, checks, tags, review):
        # tabs down its side have room for every title, where tabs across it cut them short.
        self.setTabPosition(left, QTabWidget.TabPosition.West)
        self.library_dock.raise_()
        self.arrange(self.width())

        self.importer = Importer(session, self)
        self._exporter = None
        self._wire()
        self._add_tags_dock()
        menus.build(self)  # desktop/ui/shell/menus.py
        self.apply_text_size(self.preferences().text_size)
        review.install(self)  # the Review dock, File → Import review…, badges
        self.statusBar()
        self.update_title()
        self.library.select_first()

    def _dock(self, title: str, widget, area) -> QDockWidget:
        """A dock holding ``widget``, or a :class:`LazyDock` if ``widget`` is a factory."""
        if callable(widget) and not isinstance(widget, QWidget):
            dock = LazyDock(title, widget, self)
        else:
            dock = QDockWidget(title, self)
            dock.setWidget(widget)
        dock.setObjectName(f"dock-{title.lower()}")
        self.addDockWidget(area, dock)
        return dock

    # ------------------------------------------------- panels made when first needed
    @property
    def claims(self):
        return self.claims_dock.panel()

    @property
    def search(self):
        return self.search_dock.panel()

    @property
    def checks(self):
        return self.checks_dock.panel()

    @property
    def review(self):
        return self.review_dock.panel()

    @property
    def matrix(self):
        return self.matrix_page.panel()

    @property
    def exporter(self):
        if self._exporter is None:
            from desktop.ui.memo.export import ExportController

            self._exporter = ExportController(self.session, self)
        return self._exporter

    def _make_claims(self):
        from desktop.ui.claims.panel import ClaimsPanel

        panel = ClaimsPanel(self.session, self)
        panel.annotation_activated.connect(self.go_to_annotation)
        return panel

    def _make_search(self):
        from desktop.ui.library.search import SearchPanel

        panel = SearchPanel(self.session, self)
        panel.hit_activated.connect(self.go_to_hit)
        return panel

    def _make_checks(self):
        from desktop.ui.checks.panel import ChecksPanel

        panel = ChecksPanel(self.session, self)
        panel.annotation_activated.connect(self.go_to_annotation)
        panel.claim_activated.connect(self.go_to_claim)
        panel.source_activated.connect(self.go_to_source)
        return panel

    def _make_matrix(self):
        from desktop.ui.matrix.panel import MatrixPanel

        panel = MatrixPanel(self.session, self)
        panel.annotation_activated.connect(self.go_to_annotation)
        return panel

    def _wire(self) -> None:
        s = self.session
        s.error.connect(lambda text: Messages.error(self, text))
        s.changed.connect(self._on_changed)
        s.undo_stack.indexChanged.connect(lambda _: self.update_title())
        s.undo_stack.indexChanged.connect(self._announce_deletion)
        self._last_index = s.undo_stack.index()
        s.history_reset.connect(self._history_reset)
        self.reader.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
        QApplication.instance().focusChanged.connect(self._reveal_focus)
        self._watching_focus = True
        self.library.source_selected.connect(self._show_source)
        self.library.import_requested.connect(self.import_sources)
        self.library.paste_requested.connect(self.importer.import_clipboard)
        self.importer.imported.connect(lambda ids: self.library.select(ids[-1]))
        self.memo.claim_activated.connect(self.go_to_claim)

    # -------------------------------------------------------------------- navigation
    def _show_source(self, source_id: str) -> None:
        self.reader.show_source(source_id)
        self.tabs.setCurrentWidget(self.reader)

    def _announce_deletion(self, index: int) -> None:
        """After a deletion (or a redo of one), say that Undo brings it back."""
        stack, last = self.session.undo_stack, self._last_index
        self._last_index = index
        if index != last + 1 or index < 1:
            return
        text = stack.text(index - 1)
        if text.startswith(("Delete", "Remove")):
            keys = self.undo_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            self.statusBar().showMessage(f"{text}. Edit → Undo ({keys}) brings it back.", 15000)

    def _history_reset(self, reason: str) -> None:
        self._last_index = self.session.undo_stack.index()
        self.statusBar().showMessage(reason, 30000)

    def go_to_annotation(self, annotation_id: str) -> None:
        ann = self.session.store.select_one("annotations", {"id": annotation_id})
        if ann is None:
            return
        self.library.select(ann["source_id"], emit=False)
        self.reader.show_annotation(annotation_id)
        self.tabs.setCurrentWidget(self.reader)

    def go_to_source(self, source_id: str) -> None:
        self.library.select(source_id, emit=False)
        self._show_source(source_id)

    def go_to_claim(self, claim_id: str) -> None:
        self.claims_dock.show()
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
        self.checks.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

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
        path = SavePath.ask(self, "New brief", str(self._folder("brief")), "Briefs (*.brief)",
                            "brief")
        if path:
            remember_folder("brief", path)
        if path and self.opener:  # an existing file is refused with a message, never replaced
            self.opener(path, create=True)

    def open_brief(self) -> None:
        paths = OpenPaths.ask(self, "Open brief", str(self._folder("brief")),
                              "Briefs (*.brief);;All files (*)", many=False)
        if paths:
            remember_folder("brief", paths[0])
        if paths and self.opener:
            self.opener(paths[0])

    def merge_another(self) -> None:
        from desktop.ui.sharing import merging  # loaded when asked for: the first window does not need it

        merging.merge_another(self)

    def import_sources(self) -> None:
        paths = OpenPaths.ask(self, "Import sources", str(self._folder("import")),
                              SOURCE_FILTER, many=True)
        if paths:
            remember_folder("import", paths[0])
        self.importer.import_files(paths)

    def export_word(self) -> None:
        problems = queries.checks(self.session.store)
        if problems:
            self.show_checks()
            self.statusBar().showMessage(
                f"{len(problems)} check(s) to review before sending the memo", 8000)
        settings = QSettings()
        annex = settings.value("export/annex", "true") in (True, "true")
        # The style set in Preferences, which is also the one chosen here last time.
        from desktop.ui.memo.export import ExportOptionsDialog

        options = ExportOptionsDialog.ask(self, Preferences.load().style, annex)
        if options is None:
            return
        style, annex = options
        settings.setValue("export/style", style)
        settings.setValue("export/annex", "true" if annex else "false")
        default = self._folder("export") / f"{self.session.store.brief()['title'] or 'memo'}.docx"
        path = SavePath.ask(self, "Export to Word", str(default), "Word documents (*.docx)",
                            "docx")
        if path:
            remember_folder("export", path)
            self.exporter.start(path, style=style, annex=annex)

    def _folder(self, purpose: str) -> Path:
        """Where a ``purpose`` dialog opens: last used, else the brief's, else documents."""
        return start_folder(purpose, self.session.store.path)

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
    def shortcuts(self) -> list[tuple[str, str]]:
        """(what, keys) for everything the keyboard can do here (see :func:`shortcut_rows`);
        makes every panel, so that each one's keys are listed."""
        from desktop.ui.shell.shortcuts import shortcut_rows

        return shortcut_rows(self, {self.library: "Library", self.reader: "Reader",
                                    self.claims: "Claims", self.memo: "Memo",
                                    self.matrix: "Matrix", self.search: "Search",
                                    self.checks: "Checks"})

    def show_shortcuts(self) -> None:
        from desktop.ui.shell.shortcuts import ShortcutsDialog

        ShortcutsDialog.ask(self, self.shortcuts())

    def show_about(self) -> None:
        Messages.info(self, "About Briefing Builder",
                      f"<b>Briefing Builder {version()}</b><p>Turn source material into an "
                      "evidenced policy memo.</p>")

    # ------------------------------------------------------------------------ closing
    def closeEvent(self, event) -> None:
        if self._watching_focus:
            self._watching_focus = False
            QApplication.instance().focusChanged.disconnect(self._reveal_focus)
        # A field being edited saves when it loses focus: let it, while the brief is open.
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            focused.clearFocus()
        self.importer.stop()
        if self._exporter is not None:
            self._exporter.cancel()
        background.cancel_all(self)  # a merge being compared, checks being run
        QThreadPool.globalInstance().waitForDone(10_000)
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState(LAYOUT_VERSION))
        self.session.close()
        super().closeEvent(event)

    def restore_layout(self) -> None:
        """The user's last layout, else a first layout that fits the screen."""
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(first_size(self.screen().availableGeometry().size()))
        state = settings.value("window/state")
        if state is None or not self.restoreState(state, LAYOUT_VERSION):
            self.arrange(self.width())

