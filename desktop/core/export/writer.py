"""Writes the memo into a python-docx document: the body, the page furniture, the annex.

Everything goes through named styles (never direct formatting beyond bold and italic), so a
user's template restyles the whole memo. Text reaches python-docx only after
:func:`~.citations.clean` or :func:`~desktop.core.text.xml_safe`, because python-docx raises
on XML-invalid characters and leaves a broken paragraph behind.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Emu
from markdown_it import MarkdownIt

from .. import queries
from ..text import xml_safe
from . import citations
from .content import MemoContent
from .footnotes import (Footnotes, add_field, add_hyperlink, has_field, linkable,
                        repeat_as_header_row)

HEADER_LINES = (("MEMORANDUM FOR", "memo_to"), ("FROM", "memo_from"), ("DATE", "memo_date"),
                ("SUBJECT", "subject"))
ANNEX_COLUMNS = (("Stance", 0.14), ("Excerpt", 0.48), ("Source", 0.28), ("Grade", 0.10))

# Inline Markdown only: **bold**, *italic* / _italic_, backslash escapes, line breaks.
_MARKDOWN = MarkdownIt("zero").enable(["emphasis", "escape", "newline"])

_TYPES = {"paragraph": WD_STYLE_TYPE.PARAGRAPH, "character": WD_STYLE_TYPE.CHARACTER,
          "table": WD_STYLE_TYPE.TABLE}


class MemoWriter:
    """Writes one memo; ``style_ids`` maps the roles in ``template.STYLES`` to style ids."""

    def __init__(self, document, style_ids: dict[str, str], content: MemoContent,
                 tick: Callable[[], None] = lambda: None):
        from .template import STYLES

        self.doc = document
        self.content = content
        self.ids = style_ids
        self.style = {role: document.styles.get_by_id(style_ids[role], _TYPES[kind])
                      for role, (_name, kind) in STYLES.items()}
        self.footnotes = Footnotes.of(document, text_style=style_ids["footnote_text"],
                                      reference_style=style_ids["footnote_reference"])
        self.cited: dict[str, dict] = {}
        self.warnings: list[str] = []
        self._tick = tick
        self._uncited_reported: set[str] = set()

    # ------------------------------------------------------------------------ the body
    def header_block(self) -> None:
        self.doc.add_paragraph("Memorandum", self.style["title"])
        header = self.content.header
        for label, key in HEADER_LINES:
            value = citations.clean(header.get(key))
            if not value:
                continue
            p = self.doc.add_paragraph(style=self.style["header_block"])
            p.add_run(f"{label}:").bold = True
            p.add_run(f"\t{value}")
        if not citations.clean(header.get("subject")):
            self.warnings.append("the memo has no subject")

    def sections(self) -> None:
        written = 0
        for section in self.content.sections:
            if not section["blocks"]:
                continue
            self.doc.add_paragraph(citations.clean(section["title"]), self.style["heading1"])
            for block in section["blocks"]:
                if block["kind"] == "claim":
                    self.claim(block)
                else:
                    self.prose(block["text"])
                written += 1
                self._tick()
        if not written:
            self.warnings.append("the memo is empty: no section has a paragraph or a claim")

    def prose(self, text: str) -> None:
        """A prose block: paragraphs split at blank lines, ``> `` lines as quotations."""
        for chunk in _paragraphs(xml_safe(text or "")):
            quote = all(line.startswith(">") for line in chunk.splitlines())
            if quote:
                chunk = "\n".join(line[1:].lstrip() for line in chunk.splitlines())
            p = self.doc.add_paragraph(style=self.style["quote" if quote else "body"])
            _inline(p, chunk)

    def claim(self, block: dict) -> None:
        claim = self.content.claims.get(block["claim"])
        if claim is None:
            return
        statement = citations.clean(claim["text"])
        if statement and statement[-1] not in ".!?…”\"'":
            statement += "."
        p = self.doc.add_paragraph(statement, self.style["body"])
        if not claim["evidence"] and claim["id"] not in self._uncited_reported:
            self._uncited_reported.add(claim["id"])
            self.warnings.append(f"claim “{_clip(statement)}” has no evidence, so no footnote")
        for i, evidence in enumerate(claim["evidence"]):
            if i:
                p.add_run(",", self.style["footnote_reference"])
            source = self.content.sources.get(evidence["source"], {})
            self.cited[evidence["source"]] = source
            note = self.footnotes.add(p)
            for text, italic in citations.footnote(
                    evidence, source, self.content.locations.get(evidence["annotation"], "")):
                note.add_run(text).italic = italic or None
        judgment = queries.estimative_sentence(claim["likelihood"], claim["confidence"])
        if judgment:
            p.add_run(" " + judgment)

    def sources(self) -> None:
        """Every source a footnote cites, once, sorted by author and title."""
        if not self.cited:
            return
        self.doc.add_paragraph("Sources", self.style["heading1"])
        for source in sorted(self.cited.values(), key=citations.sort_key):
            segments, url, tail = citations.source_entry(source)
            p = self.doc.add_paragraph(style=self.style["bibliography"])
            for text, italic in segments:
                p.add_run(text).italic = italic or None
            if url and linkable(url):
                add_hyperlink(p, url, url, self.ids["hyperlink"])
            elif url:
                p.add_run(url)
            p.add_run(tail)

    def annex(self) -> None:
        """The evidence annex: per memo section, per placed claim, a table of its evidence."""
        placed = [(s, [self.content.claims[b["claim"]] for b in s["blocks"]
                       if b["kind"] == "claim" and b["claim"] in self.content.claims])
                  for s in self.content.sections]
        placed = [(s, claims) for s, claims in placed if claims]
        if not placed:
            return
        self.doc.add_page_break()
        self.doc.add_paragraph("Evidence annex", self.style["heading1"])
        for section, claims in placed:
            self.doc.add_paragraph(citations.clean(section["title"]), self.style["heading2"])
            for claim in claims:
                self.doc.add_paragraph(citations.clean(claim["text"]), self.style["heading3"])
                if claim["evidence"]:
                    self._evidence_table(claim["evidence"])
                else:
                    self.doc.add_paragraph("No evidence is linked to this claim.",
                                           self.style["body"])
                self._tick()

    def _evidence_table(self, evidence: list[dict]) -> None:
        table = self.doc.add_table(rows=1, cols=len(ANNEX_COLUMNS))
        table.style = self.style["table"]
        width = self.doc.sections[-1].page_width - self.doc.sections[-1].left_margin \
            - self.doc.sections[-1].right_margin
        widths = [Emu(int(width * share)) for _name, share in ANNEX_COLUMNS]
        for column, w in zip(table.columns, widths):
            column.width = w
        rows = [tuple(name for name, _share in ANNEX_COLUMNS)]
        rows += [citations.annex_row(e, self.content.sources.get(e["source"], {}),
                                     self.content.locations.get(e["annotation"], ""))
                 for e in evidence]
        repeat_as_header_row(table.rows[0])
        for i, values in enumerate(rows):
            cells = table.rows[0].cells if i == 0 else table.add_row().cells
            for cell, w, value in zip(cells, widths, values):
                cell.width = w
                cell.text = value

    # ---------------------------------------------------------------- page furniture
    def page_furniture(self) -> None:
        """Classification marking at the top and bottom of every page; page numbers."""
        marking = citations.clean(self.content.header.get("classification"))
        for section in self.doc.sections:
            if marking:
                header = section.header
                header.is_linked_to_previous = False
                p = _first_empty(header) or header.paragraphs[0].insert_paragraph_before()
                p.style = self.style["classification"]
                p.add_run(marking)
            footer = section.footer
            footer.is_linked_to_previous = False
            if not has_field(footer._element, "PAGE"):
                p = _first_empty(footer) or footer.add_paragraph()
                p.style = self.style["footer"]
                add_field(p, "PAGE")
            if marking:
                footer.add_paragraph(marking, self.style["classification"])


def _paragraphs(text: str) -> list[str]:
    chunks, current = [], []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            chunks.append("\n".join(current))
            current = []
    if current:
        chunks.append("\n".join(current))
    return chunks


def _inline(paragraph, text: str) -> None:
    """Add ``text``'s inline Markdown to ``paragraph`` as runs with bold and italic."""
    bold = italic = 0
    for token in _MARKDOWN.parseInline(text)[0].children or []:
        kind = token.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind in ("softbreak", "hardbreak"):
            paragraph.add_run().add_break()
        elif token.content:
            run = paragraph.add_run(token.content)
            run.bold = True if bold else None
            run.italic = True if italic else None


def _first_empty(story):
    paragraphs = story.paragraphs
    if len(paragraphs) == 1 and not paragraphs[0].text and not len(paragraphs[0]._p) > 1:
        return paragraphs[0]
    return None


def _clip(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
