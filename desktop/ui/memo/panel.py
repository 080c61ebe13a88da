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
from PySide6.QtWidgets import (QAbstractItemView, QLabel, QSizePolicy, QSplitter,
                               QStackedWidget, QToolBar, QTreeView, QVBoxLayout, QWidget)

from desktop.core import edits, queries
from desktop.core.changes import Changes
from desktop.ui.memo.actions import MemoGestures
from desktop.ui.memo.document import MemoDocument, section_words, words_label
from desktop.ui.memo.editor import ClaimPreview, ProseEditor
from desktop.ui.memo.header import MemoHeader
from desktop.ui.memo.model import MemoOutlineModel
from desktop.ui.memo.placed import FootnoteContext, PlacedClaims
from desktop.ui.common.on_screen import on_screen
from desktop.ui.memo.typing_journal import TypingJournal

# Typing is saved this long after the last key (and at once on leaving the paragraph).
SAVE_PAUSE_MS = 400
# What a placed claim's preview shows depends on all of these.
_PREVIEW_KINDS = ("claims", "evidence", "annotations", "sources")


class MemoPanel(MemoGestures, QWidget):
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
        # Ids whose placed claims must be read again (None: all of them), gathered from the
        # changes since the page last showed them.
        self._claims_due: set[str] | None = None
        self._document_behind = False  # changed while hidden: refresh when shown
        self._shown_before = False
        self._revealed: str | None = None
        self._format_editor: ProseEditor | None = None  # the paragraph Bold/Italic act on

        self.header = MemoHeader(session, self)
        self.header_fields = self.header.fields
        self._build_outline()
        self._build_document()
        self._build_detail()
        self.toolbar = QToolBar(self)
        self._build_actions()
        self._build_layout()
        session.changed.connect(self.on_changed)
        session.closing.connect(self.document.stop_building)
        self.on_changed(Changes.everything())

    def _build_outline(self) -> None:
        """The outline: sections and their blocks, to navigate, rename and reorder."""
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

    def _build_document(self) -> None:
        """The page: the memo as one document, paragraphs edited in place."""
        self.document = MemoDocument(self)
        self.document.shown.connect(self._document_shown)
        self.document.block_focused.connect(self._document_focus)
        self.document.text_edited.connect(self._commit_text)
        self.document.block_left.connect(lambda _block: self.save_typing())
        self.document.move_requested.connect(self.move_block)
        self.document.claim_drop_requested.connect(self.place_claim)
        self.document.claim_activated.connect(self.claim_activated)
        self.document.section_rename_requested.connect(self.rename_section)
        self.document.undo_requested.connect(self.session.undo)
        self.document.redo_requested.connect(self.session.redo)

    def _build_detail(self) -> None:
        """Under the outline: the selected placed claim's footnotes, or a hint."""
        self.preview = ClaimPreview(self)
        self.placeholder = QLabel("Select a placed claim to read its footnotes here; hover "
                                  "over a claim in the memo to see them too.", self)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QStackedWidget(self)
        for page in (self.placeholder, self.preview):
            self.detail.addWidget(page)

    def _build_layout(self) -> None:
        """Header and toolbar above; the outline (with the detail) beside the page."""
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

    # ------------------------------------------------------------------------ refreshing
    def on_changed(self, changes: Changes) -> None:
        if not changes.touches("memo", *_PREVIEW_KINDS):
            return
        current = self.current_id()
        memo = queries.memo(self.session.store)
        if changes.is_from(self.header) and changes.kinds == {"memo"}:
            # A header field the user just left: it shows its value already, and nothing
            # else on the panel shows the header.
            self._memo["header"] = memo["header"]
            self.header.show_values(memo["header"])
            return
        self._memo = memo
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
        self._note_claims_due(changes)
        if self._shown_before or self.document.isVisible():
            # Counted from the page's first showing on (reading the paragraphs' emphasis
            # loads markdown-it): the first window appears without waiting for either.
            total = sum(section_words(sec) for sec in self._memo["sections"])
            self.words.setText(f"Memo: {words_label(total)}")
        if not on_screen(self.document):  # brought up to date when it comes into view
            self._document_behind = True
            return
        self._document_behind = False
        if changes.is_from(self.document) and not self._claims_changed():
            # Typing saved: the paragraph typed in shows its text already; only its own
            # editor is told (in case the brief keeps the text cleaned), no other block.
            self.document.show_texts(self._memo["sections"], changes.ids)
            return
        claims = self._read_claims() if self._claims_changed() else None
        self.document.show_memo(self._memo["sections"], claims)

    def _placed(self) -> list[str]:
        return [b["claim"] for sec in self._memo["sections"] for b in sec["blocks"]
                if b["kind"] == "claim"]

    def _note_claims_due(self, changes: Changes) -> None:
        if self._claims_due is None or not changes.touches(*_PREVIEW_KINDS):
            return
        if not changes.ids:  # everything, or not said: read them all again
            self._claims_due = None
        else:
            self._claims_due |= changes.ids

    def _claims_changed(self) -> bool:
        return (self._claims_due is None or bool(self._claims_due)
                or set(self._placed()) != set(self.document.claims))

    def _read_claims(self) -> PlacedClaims | None:
        """The placed claims with their evidence (read as their blocks are built; those the
        changes left alone are kept), and what their footnotes cite (read on first hover);
        None when the page's claims are as they were."""
        store, current = self.session.store, self.document.claims
        due, self._claims_due = self._claims_due, set()
        placed = self._placed()
        known = None if due is None else current.kept(store, due)
        if (known is not None and list(dict.fromkeys(placed)) == list(current)
                and len(known) == current.read_count):
            return None
        self.document.set_footnote_context(FootnoteContext(store))
        return PlacedClaims(store, placed, known)

    def catch_up(self) -> None:
        """Bring the page up to date if it fell behind while out of view: call when the
        memo's dock tab is raised (a tabbed-away dock stays "visible", so its page gets no
        show event)."""
        self._document_shown()

    def _document_shown(self) -> None:
        if self.session.closed:  # shown, or its build came due, as the window closed
            return
        if not self._shown_before:
            # The page is built just after the window first appears, not before: building
            # it (a widget per block) is the largest part of opening a brief.
            self._shown_before = True
            QTimer.singleShot(0, self, self._document_shown)
            return
        if self._document_behind and on_screen(self.document):
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
        self.new_paragraph_action.setEnabled(has_sections)
        self.delete_action.setEnabled(item is not None)
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
                         merge_key=f"block:{block_id}#{typing_round}", initiator=self.document)
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


def _shape(memo: dict) -> list:
    return [(s["id"], [b["id"] for b in s["blocks"]]) for s in memo["sections"]]
