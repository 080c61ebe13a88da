"""The memo panel: the header, the memo as one document, and its outline as a navigator.

The memo is written in :class:`MemoDocument` (headings, paragraphs edited in place, placed
claims as they will read); the outline beside it navigates and reorders, and under it the
selected claim's footnotes show in full. Every gesture becomes one core edit pushed through
the session (one undo step each). Typing in a paragraph is saved on a short pause (not on
every key, which fell behind fast typing on a large brief), and at once when the paragraph
loses the focus, before any other edit, undo or redo, and when the brief closes; its pushes
share a merge key, so a burst of typing in one paragraph is one undo step. The panel redraws only from the session's ``changed`` notices, and an editor
ignores a notice that only echoes what it already shows, so typing is never interrupted.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QLabel, QSizePolicy, QSplitter,
                               QStackedWidget, QToolBar, QTreeView, QVBoxLayout, QWidget)

from ..core import edits, queries
from ..core.changes import Changes
from .memo_dialogs import ClaimChooserDialog, SectionTitleDialog
from .memo_document import MemoDocument, section_words, words_label
from .memo_editor import ClaimPreview, ProseEditor
from .memo_header import MemoHeader
from .memo_model import MemoOutlineModel
from .typing_journal import TypingJournal

# Typing is saved this long after the last key (and at once on leaving the paragraph).
SAVE_PAUSE_MS = 400
# What a placed claim's preview shows depends on all of these.
_PREVIEW_KINDS = ("claims", "evidence", "annotations", "sources")


class MemoPanel(QWidget):
    """Compose the memo. ``claim_activated(claim_id)``: the user opened a placed claim."""

    claim_activated = Signal(str)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._memo: dict = {"header": {}, "sections": []}
        self._editing_block: str | None = None
        self._typing_round = 0  # a new undo step when the user comes back to a paragraph
        self._collapsed: set[str] = set()
        # Typed text not yet saved: (block id, Markdown, typing round), written on a pause.
        self._unsaved: tuple[str, str, int] | None = None
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_PAUSE_MS)
        self._save_timer.timeout.connect(self.save_typing)
        self._journal = TypingJournal(session)  # the held-back typing, safe from a crash
        session.add_flusher(self.save_typing)
        flusher = self.save_typing
        self.destroyed.connect(lambda *_: session.remove_flusher(flusher))

        self.header = MemoHeader(session, self)
        self.header_fields = self.header.fields

        self.model = MemoOutlineModel(parent=self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Memo outline")
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # DragDrop rather than InternalMove: claims are dragged in from the claims panel.
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.tree.selectionModel().currentChanged.connect(self._show_current)
        self.tree.activated.connect(self._activate)
        self.tree.collapsed.connect(lambda i: self._collapsed.add(self.model.item(i)["id"]))
        self.tree.expanded.connect(lambda i: self._collapsed.discard(self.model.item(i)["id"]))
        self.model.block_move_requested.connect(self.move_block)
        self.model.section_move_requested.connect(self.move_section)
        self.model.claim_drop_requested.connect(self.place_claim)
        self.model.rename_requested.connect(
            lambda section_id, title: self.session.run(edits.rename_section, section_id, title))

        self.document = MemoDocument(self)
        self.document.shown.connect(self._document_shown)
        self._stale_claims = True  # the placed claims' data must be read again
        self._document_behind = False  # changed while hidden: refresh when shown
        self._shown_before = False
        self._revealed: str | None = None
        self.document.block_focused.connect(self._document_focus)
        self.document.text_edited.connect(self._commit_text)
        self.document.block_left.connect(lambda _block: self.save_typing())
        self.document.move_requested.connect(self.move_block)
        self.document.claim_drop_requested.connect(self.place_claim)
        self.document.claim_activated.connect(self.claim_activated)
        self.document.section_rename_requested.connect(self.rename_section)
        self.document.undo_requested.connect(self.session.undo)
        self.document.redo_requested.connect(self.session.redo)
        self._format_editor: ProseEditor | None = None  # the paragraph Bold/Italic act on

        self.preview = ClaimPreview(self)
        self.placeholder = QLabel("Select a placed claim to read its footnotes here; hover "
                                  "over a claim in the memo to see them too.", self)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QStackedWidget(self)
        for page in (self.placeholder, self.preview):
            self.detail.addWidget(page)

        self.toolbar = QToolBar(self)
        self._make_actions()
        # The total on the format bar's right, above the page it counts.
        self.words = QLabel(self)
        self.words.setAccessibleName("Memo word count")
        spacer = QWidget(self.format_bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.format_bar.addWidget(spacer)
        self.format_bar.addWidget(self.words)
        navigator = QSplitter(Qt.Orientation.Vertical, self)
        navigator.addWidget(self.tree)
        navigator.addWidget(self.detail)
        navigator.setStretchFactor(0, 3)
        navigator.setStretchFactor(1, 1)
        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(0)
        page_layout.addWidget(self.format_bar)
        page_layout.addWidget(self.document, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(navigator)
        self.splitter.addWidget(page)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([260, 780])
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter, 1)

        session.changed.connect(self.on_changed)
        self.on_changed(Changes.everything())

    def _make_actions(self) -> None:
        def action(text, slot, shortcut=None, on_tree=False) -> QAction:
            act = QAction(text, self)
            act.triggered.connect(lambda _checked=False: slot())
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
                act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                self.tree.addAction(act)
            self.toolbar.addAction(act)
            return act

        self.add_section_action = action("Add section", self.add_section)
        self.rename_action = action("Rename", self.rename_current, "F2")
        self.delete_section_action = action("Delete section", self.delete_current_section)
        self.toolbar.addSeparator()
        self.add_paragraph_action = action("Add paragraph", self.add_paragraph)
        self.place_claim_action = action("Place claim…", self.choose_claim)
        self.remove_block_action = action("Remove from memo", self.remove_current_block)
        self.toolbar.addSeparator()
        self.move_up_action = action("Move up", lambda: self.move_current(-1), "Alt+Up")
        self.move_down_action = action("Move down", lambda: self.move_current(1), "Alt+Down")
        # One Bold and one Italic for every paragraph on the page (Ctrl+B / Ctrl+I there),
        # a bold B and an italic I on a bar of their own above the page, so the outline's
        # toolbar still fits a half-screen panel.
        self.format_bar = QToolBar(self)
        self.format_bar.setAccessibleName("Paragraph format")
        self.bold_action = QAction("Bold", self)
        self.bold_action.triggered.connect(lambda _c=False: self._format("bold_action"))
        self.italic_action = QAction("Italic", self)
        self.italic_action.triggered.connect(lambda _c=False: self._format("italic_action"))
        self.format_bar.addAction(self.bold_action)
        self.format_bar.addAction(self.italic_action)
        for act, key, style in ((self.bold_action, QKeySequence.StandardKey.Bold, "setBold"),
                                (self.italic_action, QKeySequence.StandardKey.Italic,
                                 "setItalic")):
            act.setIconText(act.text()[0])
            act.setToolTip(f"{act.text()} ({QKeySequence(key).toString()})")
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.document.addAction(act)
            font = act.font()
            getattr(font, style)(True)
            act.setFont(font)
        new_paragraph = QAction("New paragraph after this one", self)
        new_paragraph.setShortcut(QKeySequence("Ctrl+Return"))
        new_paragraph.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new_paragraph.triggered.connect(self.add_paragraph)
        self.document.addAction(new_paragraph)
        delete = QAction("Delete", self)
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_current)
        self.tree.addAction(delete)
        self._update_actions()

    # ------------------------------------------------------------------------ refreshing
    def on_changed(self, changes: Changes) -> None:
        if not changes.touches("memo", *_PREVIEW_KINDS):
            return
        current = self.current_id()
        self._memo = queries.memo(self.session.store)
        self.header.show_values(self._memo["header"])
        before = self.model.rowCount()
        shape_kept = self._shape() == _shape(self._memo)
        self.model.refresh(self._memo)
        self._refresh_document(changes)
        if not shape_kept or before == 0:
            self._expand()
            if current:
                self.select(current)
        self._show_current(self.tree.currentIndex())

    def _shape(self) -> list:
        return _shape({"sections": self.model.sections()})

    def _expand(self) -> None:
        for row, section in enumerate(self.model.sections()):
            self.tree.setExpanded(self.model.index(row, 0), section["id"] not in self._collapsed)

    def current_id(self) -> str | None:
        item = self.model.item(self.tree.currentIndex())
        return item["id"] if item else None

    def select(self, item_id: str) -> bool:
        index = self.model.find(item_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        return index.isValid()

    def _refresh_document(self, changes: Changes) -> None:
        """Show the memo on the page; the placed claims' data is re-read only if it may
        have changed (typing a paragraph re-reads none of it)."""
        self._stale_claims = self._stale_claims or self._claims_touched(changes)
        total = sum(section_words(sec) for sec in self._memo["sections"])
        self.words.setText(f"Memo: {words_label(total)}")
        if not self.document.isVisible():  # brought up to date when it is shown
            self._document_behind = True
            return
        self._document_behind = False
        claims = None
        if self._stale_claims:
            claims = self._read_claims()
            self._stale_claims = False
        self.document.show_memo(self._memo["sections"], claims)

    def _claims_touched(self, changes: Changes) -> bool:
        placed = {b["claim"] for sec in self._memo["sections"] for b in sec["blocks"]
                  if b["kind"] == "claim"}
        if placed != set(self.document.claims) or changes.touches("evidence"):
            return True
        if not changes.touches(*_PREVIEW_KINDS):
            return False
        if not changes.ids:  # everything, or not said: read again
            return True
        shown = self.document.claims.values()
        related = set(placed)
        related |= {e[key] for c in shown for e in c["evidence"]
                    for key in ("annotation", "source")}
        return bool(related & changes.ids)

    def _read_claims(self) -> dict:
        """The placed claims with their evidence, and what their footnotes need."""
        store = self.session.store
        placed = {b["claim"] for sec in self._memo["sections"] for b in sec["blocks"]
                  if b["kind"] == "claim"}
        claims = {c["id"]: c for c in queries.claims(store, placed)} if placed else {}
        annotations = {e["annotation"] for c in claims.values() for e in c["evidence"]}
        source_ids = {e["source"] for c in claims.values() for e in c["evidence"]}
        self.document.footnote_context = (
            {s["id"]: s for s in queries.sources(store, source_ids)} if source_ids else {},
            queries.annotation_locations(store, annotations) if annotations else {})
        return claims

    def _document_shown(self) -> None:
        if not self._shown_before:
            # The page is built just after the window first appears, not before: building
            # it (a widget per block) is the largest part of opening a brief.
            self._shown_before = True
            QTimer.singleShot(0, self, self._document_shown)
            return
        if self._document_behind and self.document.isVisible():
            self._refresh_document(Changes())
            current = self.current_id()
            if current:
                self._revealed = current
                self.document.reveal(current)

    @property
    def editor(self) -> ProseEditor | None:
        """The editor of the paragraph being written (the current block), if any."""
        return self.document.editor(self._editing_block) if self._editing_block else None

    def _document_focus(self, block_id: str) -> None:
        editor = self.document.editor(block_id)
        if editor is not None:
            self._format_editor = editor
        if self.current_id() != block_id:
            self.select(block_id)

    def _show_current(self, index: QModelIndex, _previous=None) -> None:
        item = self.model.item(index)
        kind = None if item is None or "kind" not in item else item["kind"]
        if kind == "prose":
            if item["id"] != self._editing_block:
                self._editing_block = item["id"]
                self._typing_round += 1
        else:
            self._editing_block = None
        if kind == "claim":
            self._show_preview(item["claim"])
            self.detail.setCurrentIndex(1)
        else:
            self.detail.setCurrentIndex(0)
        if item is not None and item["id"] != self._revealed:
            self._revealed = item["id"]
            self.document.reveal(item["id"])
        self._update_actions()

    def _show_preview(self, claim_id: str) -> None:
        store = self.session.store
        claim = next(iter(queries.claims(store, [claim_id])), None)
        evidence = claim["evidence"] if claim else []
        sources = {s["id"]: s for s in queries.sources(store, {e["source"] for e in evidence})}
        locations = queries.annotation_locations(store, [e["annotation"] for e in evidence])
        self.preview.show_claim(claim, sources, locations)

    def _update_actions(self) -> None:
        item = self.model.item(self.tree.currentIndex())
        is_section = item is not None and "kind" not in item
        is_block = item is not None and not is_section
        self.rename_action.setEnabled(is_section)
        self.delete_section_action.setEnabled(is_section)
        self.remove_block_action.setEnabled(is_block)
        self.move_up_action.setEnabled(item is not None)
        self.move_down_action.setEnabled(item is not None)
        has_sections = bool(self.model.sections())
        self.add_paragraph_action.setEnabled(has_sections)
        self.place_claim_action.setEnabled(has_sections)

    # ------------------------------------------------------------------------------ typing
    def _commit_text(self, block_id: str, markdown: str) -> None:
        """Hold the paragraph's new text; it is saved when the typing pauses."""
        if self._unsaved is not None and self._unsaved[0] != block_id:
            self.save_typing()  # another paragraph's text first, as its own step
        if block_id != self._editing_block:  # typed in before the outline caught up
            self._editing_block = block_id
            self._typing_round += 1
        self._unsaved = (block_id, markdown, self._typing_round)
        self._journal.hold(block_id, markdown)
        self._save_timer.start()  # restarted by every key: saved on the first pause

    @property
    def has_unsaved_typing(self) -> bool:
        return self._unsaved is not None

    def save_typing(self) -> None:
        """Write the held-back typing now (the session also calls this before any other
        edit, undo, redo, and on close)."""
        unsaved, self._unsaved = self._unsaved, None
        if unsaved is None:
            return
        if self._save_timer.isActive():
            self._save_timer.stop()
        block_id, markdown, typing_round = unsaved
        if self.session.store.select_one("memo_blocks", {"id": block_id}) is None:
            kept = self._journal.set_aside()  # deleted elsewhere while it was being typed in
            self.session.error.emit(
                "The paragraph you were typing in was deleted in another window or program."
                + (f" What you typed is kept in {kept}." if kept else ""))
            return
        self.session.run(edits.update_block, block_id, markdown,
                         merge_key=f"block:{block_id}#{typing_round}")
        saved = self.session.store.select_one("memo_blocks", {"id": block_id})
        if saved is not None and saved["text"] == markdown:
            self._journal.saved()  # else (the save refused) the journal keeps the text

    def _format(self, action_name: str) -> None:
        """Bold or italic in the paragraph being written (or the one written last)."""
        focused = self.document.editor(self.document.focused_block() or "")
        editor = focused or self._format_editor
        if editor is not None and self.document.editor(editor.block_id) is editor:
            getattr(editor, action_name).trigger()
            editor.setFocus()

    # --------------------------------------------------------------------------- gestures
    def _target(self) -> tuple[str | None, int | None]:
        """Where a new block goes: after the current block, or at the end of the section."""
        index = self.tree.currentIndex()
        section = self.model.section_of(index)
        if section is None:
            sections = self.model.sections()
            return (sections[-1]["id"], None) if sections else (None, None)
        if index.parent().isValid():
            return section["id"], index.row() + 1
        return section["id"], None

    def add_section(self) -> None:
        title = SectionTitleDialog.ask(self, "Add section", "")
        if not title:
            return
        section = self.model.section_of(self.tree.currentIndex())
        index = None
        if section is not None:
            index = next(i for i, s in enumerate(self.model.sections())
                         if s["id"] == section["id"]) + 1
        edit = self.session.run(edits.add_section, title, index)
        if edit:
            self.select(edit.item_id)

    def rename_current(self) -> None:
        index = self.tree.currentIndex()
        if index.isValid() and not index.parent().isValid():
            self.tree.edit(index)

    def rename_section(self, section_id: str) -> None:
        """Rename a section from the page (its heading double-clicked)."""
        section = next((s for s in self.model.sections() if s["id"] == section_id), None)
        if section is None:
            return
        title = SectionTitleDialog.ask(self, "Rename section", section["title"])
        if title and title != section["title"]:
            self.session.run(edits.rename_section, section_id, title)

    def delete_current_section(self) -> None:
        section = self.model.item(self.tree.currentIndex())
        if section is not None and "kind" not in section:
            self.session.run(edits.delete_section, section["id"])

    def add_paragraph(self) -> None:
        section_id, index = self._target()
        if section_id is None:
            return
        edit = self.session.run(edits.add_block, section_id, text="", index=index)
        if edit:
            self.select(edit.item_id)
            self.document.reveal(edit.item_id, focus=True)

    def choose_claim(self) -> None:
        claims = queries.claims(self.session.store)
        claim_id = ClaimChooserDialog.ask(self, claims)
        if claim_id:
            section_id, index = self._target()
            if section_id is not None:
                self.place_claim(claim_id, section_id, index)

    def place_claim(self, claim_id: str, section_id: str, index: int | None = None) -> None:
        edit = self.session.run(edits.add_block, section_id, claim_id=claim_id, index=index)
        if edit:
            self.select(edit.item_id)

    def remove_current_block(self) -> None:
        block = self.model.item(self.tree.currentIndex())
        if block is not None and "kind" in block:
            self.session.run(edits.delete_block, block["id"])

    def delete_current(self) -> None:
        item = self.model.item(self.tree.currentIndex())
        if item is not None:
            (self.remove_current_block if "kind" in item else self.delete_current_section)()

    def move_block(self, block_id: str, section_id: str, index: int) -> None:
        if self.session.run(edits.move_block, block_id, section_id, index):
            self.select(block_id)

    def move_section(self, section_id: str, index: int) -> None:
        if self.session.run(edits.move_section, section_id, index):
            self.select(section_id)

    def move_current(self, step: int) -> None:
        """Alt+Up/Down: a block moves within its section, then into the next one."""
        index = self.tree.currentIndex()
        item = self.model.item(index)
        if item is None:
            return
        sections = self.model.sections()
        if "kind" not in item:
            target = index.row() + step
            if 0 <= target < len(sections):
                self.move_section(item["id"], target)
            return
        srow, row = index.parent().row(), index.row() + step
        if 0 <= row < len(sections[srow]["blocks"]):
            self.move_block(item["id"], sections[srow]["id"], row)
        elif 0 <= srow + step < len(sections):
            neighbour = sections[srow + step]
            self.move_block(item["id"], neighbour["id"],
                            len(neighbour["blocks"]) if step < 0 else 0)

    def _activate(self, index: QModelIndex) -> None:
        item = self.model.item(index)
        if item is not None and item.get("kind") == "claim":
            self.claim_activated.emit(item["claim"])
        elif item is not None and item.get("kind") == "prose":
            self.document.reveal(item["id"], focus=True)


def _shape(memo: dict) -> list:
    return [(s["id"], [b["id"] for b in s["blocks"]]) for s in memo["sections"]]
