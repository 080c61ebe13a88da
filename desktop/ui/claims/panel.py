"""The claims panel: the analyst's judgments with the evidence each rests on.

A tree of claims (likelihood and confidence edited in place) with their evidence beneath,
stance shown by icon and colour next to the source's grade. Every gesture is one core edit
pushed through the session (one undo step). A change notice re-reads only the claims it
touched and updates those rows in place, so what the user expanded and selected stays; a
brief replaced wholesale, or a change too big to signal row by row, reloads the tree.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHeaderView, QMenu, QToolBar,
                               QToolButton, QTreeView, QVBoxLayout, QWidget)

from desktop.core import edits, queries
from desktop.core.model import STANCES
from desktop.ui.common.badges import STANCE_LABELS, stance_icon
from desktop.ui.claims.delegate import ClaimDelegate
from desktop.ui.claims.dialogs import EvidenceNoteDialog, NewClaimDialog
from desktop.ui.claims.model import ClaimsModel
from desktop.ui.common.confirm import Confirm, plural
from desktop.ui.common.on_screen import WhenOnScreen, on_screen

__all__ = ["ClaimsPanel", "ClaimsModel", "NewClaimDialog", "EvidenceNoteDialog"]

SHOWN_KINDS = ("claims", "evidence", "annotations", "sources")
# Re-reading more claims than this costs about what a full reload does.
MAX_PARTIAL_CLAIMS = 300


class ClaimsPanel(QWidget):
    """Claims and their evidence; emits what the user wants to jump to."""

    annotation_activated = Signal(str)  # an evidence row was activated: show its highlight
    claim_activated = Signal(str)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._collapsed: set[str] = set()  # claims start expanded; remember the user's folds
        self.model = ClaimsModel(session, self)
        self._build_view()
        self._build_header()
        self._make_actions()
        self._build_layout(self._build_toolbar())
        self._connect_signals()
        # Filled when first on screen: at 1280 px the claims start behind the memo's tab.
        self.when_seen = WhenOnScreen(self, self.refresh)

    def _build_view(self) -> None:
        self.view = QTreeView(self)
        self.view.setAccessibleName("Claims and evidence")
        self.view.setModel(self.model)
        self.view.setItemDelegate(ClaimDelegate(self.view))
        # A claim's statement wraps to as many lines as it needs: rows differ in height.
        self.view.setUniformRowHeights(False)
        self.view.setWordWrap(True)
        self.view.setTabKeyNavigation(False)  # Tab leaves the tree; arrows move inside it
        self.view.setAlternatingRowColors(True)
        self.view.setExpandsOnDoubleClick(False)  # double-click means "go to it"
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.SelectedClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.view.setDragDropOverwriteMode(True)  # a drop lands on the row under the pointer
        self.view.setDropIndicatorShown(True)
        self.view.setAcceptDrops(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def _build_header(self) -> None:
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ClaimsModel.TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((ClaimsModel.LIKELIHOOD, 95), (ClaimsModel.CONFIDENCE, 72),
                              (ClaimsModel.GRADE, 92)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        # Wrapped rows change height with the statement column's width: re-lay them out
        # once a resize settles (dragging a splitter sends dozens of resizes).
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(60)
        self._relayout.timeout.connect(self.view.doItemsLayout)
        header.sectionResized.connect(self._column_resized)

    def _build_toolbar(self) -> QToolBar:
        toolbar = QToolBar(self)
        toolbar.setAccessibleName("Claim actions")
        toolbar.addAction(self.new_action)
        toolbar.addAction(self.delete_action)
        toolbar.addSeparator()
        stance_button = QToolButton(toolbar)
        stance_button.setDefaultAction(self.stance_menu.menuAction())
        stance_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        stance_button.setAccessibleName("Change stance")
        toolbar.addWidget(stance_button)
        toolbar.addAction(self.note_action)
        toolbar.addAction(self.remove_action)
        return toolbar

    def _build_layout(self, toolbar: QToolBar) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(toolbar)
        layout.addWidget(self.view)

    def _connect_signals(self) -> None:
        session = self.session
        self.view.customContextMenuRequested.connect(self._show_context_menu)
        self.view.activated.connect(self._activate)
        self.view.expanded.connect(lambda i: self._collapsed.discard(i.data(ClaimsModel.IdRole)))
        self.view.collapsed.connect(lambda i: self._collapsed.add(i.data(ClaimsModel.IdRole)))
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        session.changed.connect(self._on_changed)
        # A statement, likelihood or confidence being edited in place is committed before
        # any other edit, undo or outside change refreshes the tree (which would close the
        # editor and drop what was typed).
        session.add_flusher(self._commit_open_editor)
        flusher = self._commit_open_editor
        self.destroyed.connect(lambda *_: session.remove_flusher(flusher))

    def _commit_open_editor(self) -> None:
        if self.view.state() != QAbstractItemView.State.EditingState:
            return
        editor = QApplication.focusWidget()
        while editor is not None and editor.parentWidget() is not self.view.viewport():
            editor = editor.parentWidget()
        if editor is not None:
            self.view.itemDelegate().commitData.emit(editor)

    def _make_actions(self) -> None:
        def action(text, slot, tip, shortcut=None):
            act = QAction(text, self)
            act.setToolTip(tip)
            act.triggered.connect(slot)
            if shortcut is not None:
                act.setShortcut(shortcut)
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.addAction(act)
            return act

        self.new_action = action("New claim…", self.new_claim, "Write a new claim",
                                 QKeySequence("Ctrl+Shift+N"))
        self.delete_action = action("Delete claim", self.delete_claims,
                                    "Delete the selected claims with their evidence links")
        self.remove_action = action("Remove evidence", self.remove_evidence,
                                    "Unlink the selected evidence from its claim")
        self.note_action = action("Edit note…", self.edit_evidence_note,
                                  "Say how this evidence was weighed")
        # Delete removes whatever is selected: claims, evidence links, or both.
        self.delete_selection_action = action(
            "Delete", self.delete_selection, "Delete the selection",
            QKeySequence(QKeySequence.StandardKey.Delete))
        self.stance_menu = QMenu("Change stance", self)
        self.stance_actions = {}
        for stance in STANCES:
            act = self.stance_menu.addAction(stance_icon(stance), STANCE_LABELS[stance])
            act.triggered.connect(lambda _=False, s=stance: self.set_stance(s))
            self.stance_actions[stance] = act

    # ------------------------------------------------------------------------ public API
    def refresh(self) -> None:
        """Reload the claims, keeping folds, selection and the current row where they exist."""
        self.when_seen.behind = False
        current = self.view.currentIndex()
        current_id = current.data(ClaimsModel.IdRole) if current.isValid() else None
        fallback = (current.parent().row(), current.row()) if current.isValid() else None
        selected = {i.data(ClaimsModel.IdRole) for i in self.view.selectionModel().selectedRows()}
        if self.model.load(queries.claims(self.session.store)):
            self._restore(current_id, fallback, selected)
        self._update_actions()

    def select_claim(self, claim_id: str) -> bool:
        """Make a claim current, selected and visible; False if there is no such claim."""
        self.when_seen.ensure()
        index = self.model.index_of(claim_id)
        if not index.isValid():
            return False
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)
        return True

    def selected_claims(self) -> list[str]:
        rows = self.view.selectionModel().selectedRows()
        return [i.data(ClaimsModel.IdRole) for i in rows if self.model.is_claim(i)]

    def selected_evidence(self) -> list[dict]:
        rows = self.view.selectionModel().selectedRows()
        return [self.model.evidence_of(i) for i in rows if not self.model.is_claim(i)]

    # ---------------------------------------------------------------------------- gestures
    def new_claim(self) -> str | None:
        values = NewClaimDialog.ask(self)
        if not values:
            return None
        edit = self.session.run(edits.add_claim, values["statement"],
                                likelihood=values.get("likelihood"),
                                confidence=values.get("confidence"))
        if edit is None:
            return None
        self.select_claim(edit.item_id)
        return edit.item_id

    def delete_claims(self) -> None:
        ids = self.selected_claims()
        if ids and self._confirm_deleting(ids):
            self.session.run(_each, edits.delete_claim, ids, "Delete claims")

    def _confirm_deleting(self, claim_ids: list[str]) -> bool:
        """Ask before deleting claims that take evidence links or memo places with them."""
        store = self.session.store
        claims = [c for c in self.model.claims if c["id"] in set(claim_ids)]
        links = sum(len(c["evidence"]) for c in claims)
        placed = sum(len(store.select("memo_blocks", {"claim_id": c["id"]}, columns=["id"]))
                     for c in claims)
        if not links and not placed:
            return True  # nothing else goes; the status bar says how to undo
        what = (f"the claim “{_short(claims[0]['text'])}”" if len(claims) == 1
                else plural(len(claims), "claim"))
        parts = [plural(links, "evidence link")] if links else []
        if placed:
            parts.append(f"{plural(placed, 'place')} in the memo")
        return Confirm.ask(self, "Delete claim", f"Delete {what}?\n\n"
                           f"{' and '.join(parts).capitalize()} go with it. The highlights "
                           "stay. Edit → Undo brings everything back.", "Delete")

    def remove_evidence(self) -> None:
        ids = [e["id"] for e in self.selected_evidence()]
        if ids:
            self.session.run(_each, edits.unlink_evidence, ids, "Remove evidence")

    def delete_selection(self) -> None:
        """Claims and evidence selected together go in one step (a claim takes its links)."""
        claims = self.selected_claims()
        links = [e["id"] for e in self.selected_evidence()
                 if not any(e["id"] in {x["id"] for x in c["evidence"]}
                            for c in self.model.claims if c["id"] in claims)]
        if not claims and not links:
            return
        if claims and not self._confirm_deleting(claims):
            return

        def both(store):
            parts = [edits.delete_claim(store, c) for c in claims]
            parts += [edits.unlink_evidence(store, e) for e in links]
            return edits.compound(parts[0].label if len(parts) == 1 else "Delete", parts)
        self.session.run(both)

    def set_stance(self, stance: str) -> None:
        ids = [e["id"] for e in self.selected_evidence() if e["stance"] != stance]
        if ids:
            self.session.run(_each, lambda store, i: edits.update_evidence(store, i,
                                                                           stance=stance),
                             ids, f"Mark evidence as {STANCE_LABELS[stance].lower()}")

    def edit_evidence_note(self) -> None:
        evidence = self.model.evidence_of(self.view.currentIndex())
        if evidence is None:
            return
        note = EvidenceNoteDialog.ask(self, evidence["note"])
        if note is not None and note != evidence["note"]:
            self.session.run(edits.update_evidence, evidence["id"], note=note)

    def context_menu(self, index: QModelIndex) -> QMenu:
        """The menu for a row (built separately from showing it, so tests can read it)."""
        menu = QMenu(self)
        menu.addAction(self.new_action)
        if self.model.is_claim(index):
            menu.addAction(self.delete_action)
        elif index.isValid():
            menu.addMenu(self.stance_menu)
            menu.addAction(self.note_action)
            menu.addAction(self.remove_action)
        return menu

    # ---------------------------------------------------------------------------- private
    def _on_changed(self, changes) -> None:
        if not changes.touches(*SHOWN_KINDS):
            return
        if self.when_seen.behind or not on_screen(self):
            self.when_seen.changed()  # a full reload when next on screen
            return
        if not changes.ids or not self._update(changes):
            self.refresh()

    def _update(self, changes) -> bool:
        """Re-read just the claims ``changes`` touched; False if a full reload is needed."""
        store = self.session.store
        touched = (queries.claims_touched_by(store, changes.ids)
                   | self.model.claims_showing(changes.ids))
        if len(touched) > MAX_PARTIAL_CLAIMS:
            return False
        order = (queries.claim_order(store) if changes.touches("claims")
                 else [c["id"] for c in self.model.claims])
        current = self.view.currentIndex()
        current_id = current.data(ClaimsModel.IdRole) if current.isValid() else None
        fallback = (current.parent().row(), current.row()) if current.isValid() else None
        fresh = {c["id"]: c for c in queries.claims(store, touched)} if touched else {}
        expand = self.model.update(order, fresh)
        if expand is None:
            return False
        for claim_id in expand:
            if claim_id not in self._collapsed:
                self.view.setExpanded(self.model.index_of(claim_id), True)
        if current_id and not self.model.index_of(current_id).isValid():
            self._restore_current(None, fallback)  # what was current went: stay near it
        self._update_actions()
        return True

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if column == ClaimsModel.TEXT and self.view.isVisible():
            self._relayout.start()

    def _activate(self, index: QModelIndex) -> None:
        if self.model.is_claim(index):
            self.claim_activated.emit(index.data(ClaimsModel.IdRole))
        elif index.isValid():
            self.annotation_activated.emit(index.data(ClaimsModel.AnnotationRole))

    def _show_context_menu(self, pos) -> None:
        self.context_menu(self.view.indexAt(pos)).exec(self.view.viewport().mapToGlobal(pos))

    def _update_actions(self, *_) -> None:
        evidence = self.selected_evidence()
        self.delete_action.setEnabled(bool(self.selected_claims()))
        self.remove_action.setEnabled(bool(evidence))
        self.delete_selection_action.setEnabled(bool(self.selected_claims()) or bool(evidence))
        self.stance_menu.setEnabled(bool(evidence))
        self.note_action.setEnabled(self.model.evidence_of(self.view.currentIndex()) is not None)

    def _restore(self, current_id, fallback, selected) -> None:
        for row, claim in enumerate(self.model.claims):
            if claim["id"] not in self._collapsed:
                self.view.setExpanded(self.model.index(row, 0), True)
        selection = self.view.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for item_id in selected:
            index = self.model.index_of(item_id)
            if index.isValid():
                selection.select(index, flags)
        self._restore_current(current_id, fallback)

    def _restore_current(self, current_id, fallback) -> None:
        selection = self.view.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        current = self.model.index_of(current_id) if current_id else QModelIndex()
        if not current.isValid() and fallback is not None:
            # What was current is gone (deleted): stay near it, so Delete can be repeated.
            parent_row, row = fallback
            parent = self.model.index(parent_row, 0) if parent_row >= 0 else QModelIndex()
            count = self.model.rowCount(parent)
            current = (self.model.index(min(row, count - 1), 0, parent) if count
                       else parent if parent.isValid()
                       else self.model.index(min(row, len(self.model.claims) - 1), 0))
            if current.isValid():
                selection.select(current, flags)
        if current.isValid():
            selection.setCurrentIndex(current, QItemSelectionModel.SelectionFlag.NoUpdate)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _each(store, make, ids, label):
    """One undo step applying ``make(store, id)`` to every id."""
    parts = [make(store, i) for i in ids]
    return parts[0] if len(parts) == 1 else edits.compound(label, parts)
