"""The review round trip in the main window: File → Import review…, View → Review, the
Review dock, the open items counted on claims and memo paragraphs, and the Checks panel's
link to the dock.

The dock starts as a tab behind the library, so its panel (:mod:`.panel`: Qt's tree, the
item view and buttons) is made, and its module loaded, when the dock first comes into view
or when asked for (``window.review``), not with the first window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from desktop.core.review import listing
from desktop.ui.common.folders import remember_folder
from desktop.ui.review.importing import ReviewImporter, report_text

DOCX_FILTER = "Word documents (*.docx);;All files (*)"


def install(window) -> None:
    """Add the review feature to ``window`` (a MainWindow): dock, menu, badges, checks."""
    importer = ReviewImporter(window.session, window)

    def show() -> None:
        dock.show()
        dock.raise_()

    def ask_and_import() -> None:
        from desktop.ui.common.filedialogs import OpenPaths

        found = OpenPaths.ask(window, "Import review", str(window._folder("review")),
                              DOCX_FILTER)
        if found:
            remember_folder("review", found[0])
            importer.start(found[0])

    def make_panel():
        from desktop.ui.review.panel import ReviewPanel

        panel = ReviewPanel(window.session, window)
        panel.import_requested.connect(ask_and_import)
        panel.target_activated.connect(lambda kind, item: go_to_target(window, kind, item))
        # Its tab brought to the front: fill it if it fell behind while out of view.
        dock.visibilityChanged.connect(lambda shown: shown and panel.refresh_if_stale())
        return panel

    def imported(report) -> None:
        panel = window.review
        panel.report.setText(report_text(report))
        panel.report.setVisible(True)
        show()
        window.statusBar().showMessage(report_text(report).replace("\n", " "), 12000)

    dock = _add_dock(window, make_panel)
    window.review_dock, window.review_importer = dock, importer
    _add_menu_entries(window, dock, ask_and_import)
    importer.finished.connect(imported)
    window.checks_dock.when_built(lambda checks: checks.review_activated.connect(show))
    _keep_badges_current(window)


def _add_dock(window, make_panel) -> QDockWidget:
    """The review dock, a tab beside the checks, behind the library."""
    dock = window._dock("Review", make_panel, Qt.DockWidgetArea.RightDockWidgetArea)
    window.tabifyDockWidget(window.checks_dock, dock)   # a tab beside the library
    window.library_dock.raise_()
    return dock


def _add_menu_entries(window, dock: QDockWidget, ask_and_import) -> None:
    """File → Import review… (beside Export to Word) and View → Review."""
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    menu = menus["File"]
    export = next((a for a in menu.actions() if a.text().startswith("&Export")), None)
    action = menu.addAction("Import re&view…")
    action.triggered.connect(ask_and_import)
    if export is not None:  # beside Export to Word, where the round trip starts
        menu.removeAction(action)
        following = menu.actions()[menu.actions().index(export) + 1]
        menu.insertAction(following, action)
    window.import_review_action = action
    dock.toggleViewAction().setText("Re&view")  # V: R is View → Reader's
    menus["View"].addAction(dock.toggleViewAction())


def _keep_badges_current(window) -> None:
    """The open review items counted on the claims and memo rows, kept current."""
    def badges(changes=None) -> None:
        if changes is None or changes.touches("reviews", "claims", "memo"):
            counts = listing.open_counts(window.session.store)
            if window.claims_dock.is_built():  # else when it is made, below
                window.claims.model.set_review_counts(counts)
            window.memo.model.set_review_counts(counts)
    window.session.changed.connect(badges)
    window.claims_dock.when_built(lambda _claims: badges())
    badges()


def go_to_target(window, kind: str, item_id: str) -> None:
    """Show a review item's claim, memo paragraph or footnote's highlight."""
    store = window.session.store
    if kind == "evidence":
        link = store.select_one("evidence", {"id": item_id})
        if link is not None:
            window.go_to_annotation(link["annotation_id"])
        return
    block = item_id
    if kind == "claim":
        placed = store.select("memo_blocks", {"claim_id": item_id}, columns=["id"])
        if not placed:
            window.go_to_claim(item_id)
            return
        block = placed[0]["id"]
    window.show_memo()
    window.memo.select(block)
