"""The reader's gestures: highlight, write a claim from a passage, link evidence, edit a
highlight's note, tags and credibility, and the text's context menu.

:class:`ReaderGestures` is mixed into :class:`~desktop.ui.reader.panel.ReaderPanel`, whose
widgets (``view``, ``list``, ``note``, ``tags``, ``credibility``, the actions) and reading
helpers (``selection``, ``target``, ``selected_annotation``) it uses; every gesture is one
edit pushed through the session.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMenu

from desktop.core import edits, queries
from desktop.core.model import CREDIBILITY

MENU_CLAIMS = 25  # claims listed in the context menu; "Link to claim…" filters them all
# Each listed claim's key in that menu (L stays "Link to claim…"'s), and the stances'.
CLAIM_KEYS = "123456789ABCDFGHIJKMNOPQRS"
STANCE_ENTRIES = (("supports", "&Supports"), ("contradicts", "&Contradicts"),
                  ("context", "Con&text"))


class ReaderGestures:
    """What the user does to the shown source (a mixin of the reader panel)."""

    def focus_note(self) -> None:
        self._focus_detail(self.note)

    def focus_tags(self) -> None:
        self._focus_detail(self.tags)

    def focus_credibility(self) -> None:
        self._focus_detail(self.credibility)

    def _focus_detail(self, widget) -> None:
        if self.selected_annotation() is None:
            self.notice.emit("Choose a highlight in the list first (or put the cursor in one).")
            return
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)  # arrows or F4 then choose a grade

    def highlight_selection(self, note: str = "") -> str | None:
        selected = self.selection()
        if selected is None:
            self.session.error.emit("Select some text of the source first.")
            return None
        existing = self.covering(*selected)
        if existing is not None:  # the same passage again: choose it, never double it
            self.list.selectRow(self.model.row_of(existing))
            if note:
                self.session.run(edits.update_annotation, existing, note=note)
            self.notice.emit("That passage is already highlighted; it is now chosen.")
            return existing
        edit = self.session.run(edits.add_annotation, self.source_id, *selected,
                                note=note or "")
        if edit:
            row = self.model.row_of(edit.item_id)
            if row >= 0:
                self.list.selectRow(row)
            return edit.item_id
        return None

    def highlight_with_note(self) -> None:
        if self.selection() is None:
            self.session.error.emit("Select some text of the source first.")
            return
        note = TextPrompt.ask(self, "Highlight with note", "Note:")
        if note is not None:
            self.highlight_selection(note)

    def claim_from_selection(self) -> str | None:
        """A new claim resting on the selected text, or on the chosen highlight (reused)."""
        from desktop.ui.claims.dialogs import NewClaimDialog

        existing, selected = self.target()
        if existing is None and selected is None:
            self.session.error.emit("Select the passage the claim rests on, or choose a "
                                    "highlight, first.")
            return None
        quote = (self.text[selected[0]:selected[1]] if selected
                 else self.session.store.get("annotations", existing)["quote"])
        values = NewClaimDialog.ask(self, " ".join(quote.split()))
        if not values:
            return None
        if existing is not None:
            edit = self.session.run(edits.claim_from_annotation, existing, **values)
        else:
            edit = self.session.run(edits.highlight_as_evidence, self.source_id, *selected,
                                    **values)
        return edit.item_id if edit else None

    def link_to_claim(self) -> bool:
        """Ask which claim (type to filter), with what stance and note; then link."""
        existing, selected = self.target()
        if existing is None and selected is None:
            self.session.error.emit("Select a passage or choose a highlight first.")
            return False
        claims = queries.claims(self.session.store)
        if not claims:
            self.session.error.emit("There is no claim yet: write one first "
                                    "(Claims → New claim…, or Ctrl+Shift+C from a highlight).")
            return False
        from desktop.ui.claims.evidence_dialog import LinkEvidenceDialog

        answer = LinkEvidenceDialog.ask(self, claims)
        if answer is None:
            return False
        return self.evidence_for(answer["claim_id"], answer["stance"], answer["note"])

    def evidence_for(self, claim_id: str, stance: str = "supports", note: str = "") -> bool:
        existing, selected = self.target()
        if existing is not None:
            edit = self.session.run(edits.link_evidence, claim_id, existing, stance=stance,
                                    note=note)
        elif selected is not None:
            edit = self.session.run(edits.highlight_as_evidence, self.source_id, *selected,
                                    claim_id=claim_id, stance=stance, note=note)
        else:
            self.session.error.emit("Select a passage or a highlight first.")
            return False
        return edit is not None

    def reattach_selected(self) -> None:
        ann, selected = self.selected_annotation(), self.selection()
        if ann is None or selected is None:
            self.session.error.emit("Choose a highlight in the list, then select the text "
                                    "to attach it to.")
            return
        self.session.run(edits.reattach_annotation, ann, *selected)

    def delete_selected(self) -> None:
        ann = self.selected_annotation()
        if ann:
            self.session.run(edits.delete_annotation, ann)

    def _flush_details(self) -> None:
        """Commit the note or tags being typed (the session calls this before other work)."""
        if self.note.isModified():
            self._commit_note()
        if self.tags.isModified():
            self._commit_tags()

    def _commit_note(self) -> None:
        self.note.setModified(False)
        ann = self.selected_annotation()
        if ann:
            self.session.run(edits.update_annotation, ann, note=self.note.text(),
                             initiator=self)

    def _commit_tags(self) -> None:
        self.tags.setModified(False)
        ann = self.selected_annotation()
        if ann:
            names = [t.strip() for t in self.tags.text().split(",")]
            self.session.run(edits.set_annotation_tags, ann, names)

    def _commit_credibility(self) -> None:
        ann = self.selected_annotation()
        if ann:
            self.session.run(edits.update_annotation, ann,
                             credibility=self.credibility.currentData(), initiator=self)

    def _set_credibility(self, grade) -> None:
        ann = self.selected_annotation()
        if ann:
            self.session.run(edits.update_annotation, ann, credibility=grade, initiator=self)

    def context_menu(self) -> QMenu:
        """The text's menu (built apart from showing it, so tests can read it)."""
        menu = QMenu(self)
        self._update_actions()
        existing, selected = self.target()
        for action in (self.highlight_action, self.note_action, self.claim_action,
                       self.link_action):
            menu.addAction(action)
        claims = queries.claims(self.session.store)
        evidence_menu = menu.addMenu("E&vidence for claim")
        evidence_menu.setEnabled((existing is not None or selected is not None) and bool(claims))
        for key, claim in zip(CLAIM_KEYS, claims[:MENU_CLAIMS]):
            text = claim["text"] if len(claim["text"]) < 70 else claim["text"][:69] + "…"
            sub = evidence_menu.addMenu(f"&{key} {text.replace('&', '&&')}")
            for stance, label in STANCE_ENTRIES:
                # triggered(checked) passes a bool first: keep it out of the defaults.
                sub.addAction(label, lambda _checked=False, c=claim["id"],
                              s=stance: self.evidence_for(c, s))
        if len(claims) > MENU_CLAIMS:
            evidence_menu.addSeparator()
            evidence_menu.addAction(self.link_action)
        credibility_menu = menu.addMenu("&Credibility of highlight")
        credibility_menu.setEnabled(self.selected_annotation() is not None)
        for grade, meaning in CREDIBILITY.items():
            credibility_menu.addAction(f"&{grade} — {meaning}", lambda _checked=False, g=grade:
                                       self._set_credibility(g))
        menu.addSeparator()
        menu.addAction(self.reattach_action)
        menu.addAction(self.delete_action)
        return menu

    def _context_menu(self, pos) -> None:
        self.context_menu().exec(self.view.mapToGlobal(pos))


class TextPrompt:
    """A one-line text question; tests replace ``ask``."""

    @classmethod
    def ask(cls, parent, title: str, label: str, text: str = "") -> str | None:
        from PySide6.QtWidgets import QInputDialog  # made when first asked for

        value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        return value.strip() if ok and value.strip() else None
