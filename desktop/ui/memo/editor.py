"""The memo's block views: a rich-text editor for prose, a preview for a placed claim.

:class:`ProseEditor` shows a paragraph's Markdown as bold and italic text and reports each
change as Markdown; it never pushes edits itself. Its own undo is switched off because the
window's one undo stack owns undo: Ctrl+Z and Ctrl+Shift+Z are left to the window's actions
(or, with none, reported by :attr:`ProseEditor.undo_requested`).

:class:`ClaimPreview` shows a placed claim the way the Word export will read: the statement
with footnote marks, the estimative sentence, and the footnotes worded by the exporter's own
:func:`desktop.core.export.citations.footnote`, so the two cannot drift apart.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (QAction, QFont, QKeyEvent, QKeySequence, QTextCharFormat,
                           QTextCursor)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from desktop.core import markup, queries
from desktop.core.text import clean

_UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


def _is_undo_key(event: QKeyEvent) -> bool:
    return any(event.matches(key) for key in _UNDO_KEYS)


class WindowUndoKeys:
    """Mixin for text widgets: Ctrl+Z / Ctrl+Shift+Z go to the window's history.

    Qt's text widgets claim those keys for their own undo; here they are passed on as the
    widget's ``undo_requested`` / ``redo_requested`` signals instead.
    """

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and _is_undo_key(event):
            event.ignore()
            return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo_requested.emit()
        elif event.matches(QKeySequence.StandardKey.Redo):
            self.redo_requested.emit()
        else:
            super().keyPressEvent(event)


class ProseEditor(WindowUndoKeys, QTextEdit):
    """Edits one prose block; :attr:`edited` carries its Markdown after each user change."""

    edited = Signal(str)
    undo_requested = Signal()
    redo_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, format_keys: bool = True):
        """``format_keys``: Ctrl+B / Ctrl+I act here (False when a container's own Bold and
        Italic actions hold those keys for all its editors, which must not be ambiguous)."""
        super().__init__(parent)
        self._format_keys = format_keys
        self.setUndoRedoEnabled(False)
        self.setAcceptRichText(False)  # pasted text arrives plain: the memo holds bold/italic only
        self.setTabChangesFocus(True)
        self.setAccessibleName("Paragraph text")
        self._loading = False
        self._markdown = ""
        self.bold_action = self._format_action("&Bold", QKeySequence.StandardKey.Bold,
                                               self._apply_bold)
        self.italic_action = self._format_action("&Italic", QKeySequence.StandardKey.Italic,
                                                 self._apply_italic)
        self.textChanged.connect(self._on_text_changed)
        self.currentCharFormatChanged.connect(self._show_format)

    def _format_action(self, text: str, key, slot) -> QAction:
        action = QAction(text, self)
        action.setCheckable(True)
        if self._format_keys:
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # --------------------------------------------------------------------- Markdown in/out
    def markdown(self) -> str:
        return markup.to_markdown(self.runs())

    def runs(self) -> list[markup.Run]:
        """The document's text as (text, bold, italic) runs; paragraphs joined by newlines."""
        runs: list[markup.Run] = []
        block = self.document().begin()
        while block.isValid():
            if runs or block != self.document().begin():
                runs.append(("\n", False, False))
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.isValid():
                    fmt = fragment.charFormat()
                    text = fragment.text().replace("\u2028", "\n").replace("\ufffc", "")
                    runs.append((text, fmt.fontWeight() >= QFont.Weight.Bold,
                                 fmt.fontItalic()))
                it += 1
            block = block.next()
        return markup.merge(runs)

    def set_markdown(self, text: str) -> None:
        """Show ``text`` unless the editor already shows it (so typing is never disturbed)."""
        shown = markup.to_markdown(markup.parse(text))
        if shown == self._markdown and shown == self.markdown():
            return
        position = self.textCursor().position()
        self._loading = True
        try:
            self.clear()
            cursor = QTextCursor(self.document())
            for run_text, bold, italic in markup.parse(text):
                cursor.insertText(run_text, _char_format(bold, italic))
            cursor.setPosition(min(position, self.document().characterCount() - 1))
            self.setTextCursor(cursor)
            self._markdown = self.markdown()
        finally:
            self._loading = False
        self._show_format(self.currentCharFormat())

    def _on_text_changed(self) -> None:
        if self._loading:
            return
        text = self.markdown()
        if text != self._markdown:
            self._markdown = text
            self.edited.emit(text)

    # ------------------------------------------------------------------------ formatting
    def _apply_bold(self, checked: bool) -> None:
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold if checked else QFont.Weight.Normal)
        self.mergeCurrentCharFormat(fmt)

    def _apply_italic(self, checked: bool) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(checked)
        self.mergeCurrentCharFormat(fmt)

    def _show_format(self, fmt: QTextCharFormat) -> None:
        self.bold_action.setChecked(fmt.fontWeight() >= QFont.Weight.Bold)
        self.italic_action.setChecked(fmt.fontItalic())


def _char_format(bold: bool, italic: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    fmt.setFontItalic(italic)
    return fmt


class ClaimPreview(QTextBrowser):
    """Read-only: how a placed claim and its footnotes will read in the exported memo."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName("Claim preview")

    def show_claim(self, claim: dict | None, sources: dict, locations: dict) -> None:
        self.setHtml(claim_preview_html(claim, sources, locations) if claim else "")


def claim_sentence_html(claim: dict) -> str:
    """A placed claim as the memo will read: statement, note marks, estimative sentence."""
    statement = clean(claim["text"])
    if statement and statement[-1] not in ".!?…”\"'":
        statement += "."
    marks = ",".join(str(n) for n in range(1, len(claim["evidence"]) + 1))
    judgment = queries.estimative_sentence(claim["likelihood"], claim["confidence"])
    return (html.escape(statement) + (f"<sup>{marks}</sup>" if marks else "")
            + (f" {html.escape(judgment)}" if judgment else ""))


def footnotes_html(claim: dict, sources: dict, locations: dict) -> str:
    """The claim's footnotes, numbered and worded as the export words them."""
    from desktop.core.export import citations

    if not claim["evidence"]:
        return ("<p><i>No evidence yet: the export will have no footnote for this "
                "claim.</i></p>")
    notes = []
    for number, evidence in enumerate(claim["evidence"], 1):
        segments = citations.footnote(evidence, sources.get(evidence["source"], {}),
                                      locations.get(evidence["annotation"], ""))
        body = "".join(f"<i>{html.escape(t)}</i>" if italic else html.escape(t)
                       for t, italic in segments)
        notes.append(f"<p style='font-size: small'><sup>{number}</sup> {body}</p>")
    return "\n".join(notes)


def claim_preview_html(claim: dict, sources: dict, locations: dict) -> str:
    """HTML for ``claim`` (a :func:`queries.claims` entry).

    ``sources`` maps source ids to :func:`queries.sources` entries and ``locations`` maps
    annotation ids to their "p. 4" labels, as the exporter's content does.
    """
    separator = "<hr/>" if claim["evidence"] else ""
    return (f"<p>{claim_sentence_html(claim)}</p>\n{separator}"
            + footnotes_html(claim, sources, locations))
