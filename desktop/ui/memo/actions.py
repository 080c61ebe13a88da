"""The memo panel's actions and gestures: sections and blocks added, renamed, removed,
moved and placed; Bold and Italic on the format bar.

:class:`MemoGestures` is mixed into :class:`~desktop.ui.memo.panel.MemoPanel`, whose outline
(``tree``, ``model``), page (``document``) and ``select`` it uses; each gesture is one edit
pushed through the session.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from desktop.core import edits, queries


class MemoGestures:
    """What the user does to the memo's structure (a mixin of the memo panel)."""

    def _build_actions(self) -> None:
        """The toolbar's actions (their shortcuts on the outline) and the format bar's."""
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
        self.new_paragraph_action = new_paragraph  # named for the Memo menu
        delete = QAction("Delete", self)
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_current)
        self.tree.addAction(delete)
        self.delete_action = delete
        self._update_actions()

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
        from desktop.ui.memo.dialogs import SectionTitleDialog  # loaded when first opened

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
        from desktop.ui.memo.dialogs import SectionTitleDialog

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
        from desktop.ui.memo.dialogs import ClaimChooserDialog

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
