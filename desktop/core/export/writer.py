"""Writes the memo into a python-docx document: the body, the page furniture, the annex.

Everything goes through named styles (never direct formatting beyond bold and italic), so a
user's template restyles the whole memo. Text reaches python-docx only after
:func:`~.citations.clean` or :func:`~desktop.core.text.xml_safe`, because python-docx raises
on XML-invalid characters and leaves a broken paragraph behind.

Speed: python-docx's public style setter scans the style table on every call, its run text
setter adds text one character at a time and ``Document.add_table`` looks the last section
up through an XPath over the whole body. With 1,500 footnotes those dominated the export,
so the hot paths (:meth:`MemoWriter._para`, :func:`_run`, the annex tables) set style ids
and text through python-docx's own oxml layer instead; the XML is the same.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.enum.style import WD_STYLE_TYPE

from .. import markup, queries
from ..text import xml_safe
from . import citations
from .content import MemoContent
from . import oxml
from .oxml import Footnotes, add_field, add_hyperlink, has_field, linkable

HEADER_LINES = (("MEMORANDUM FOR", "memo_to"), ("FROM", "memo_from"), ("DATE", "memo_date"),
                ("SUBJECT", "subject"))
ANNEX_COLUMNS = (("Stance", 0.14), ("Excerpt", 0.48), ("Source", 0.28), ("Grade", 0.10))

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
        self.house = citations.HouseStyle(
            dates=citations.date_style(content.header.get("memo_date")))
        self._text_width = oxml.text_width(document)
        # Called with each memo block and the body paragraphs written for it (identity marks).
        self.on_block: Callable[[dict, list], None] = lambda block, paragraphs: None

    def _para(self, role: str, text: str = ""):
        """A new body paragraph in the style for ``role``, holding ``text`` (already clean)."""
        p = self.doc.add_paragraph()
        p._p.style = self.ids[role]
        if text:
            _run(p, text)
        return p

    # ------------------------------------------------------------------------ the body
    def header_block(self) -> None:
        self._para("title", "Memorandum")
        header = self.content.header
        for label, key in HEADER_LINES:
            value = citations.clean(header.get(key))
            if not value:
                continue
            p = self._para("header_block")
            _run(p, f"{label}:", bold=True)
            p.add_run(f"\t{value}")
        if not citations.clean(header.get("subject")):
            self.warnings.append("the memo has no subject")

    def sections(self) -> None:
        written = 0
        for section in self.content.sections:
            if not section["blocks"]:
                continue
            self._para("heading1", citations.clean(section["title"]))
            body = self.doc.element.body
            for block in section["blocks"]:
                before = len(body)
                if block["kind"] == "claim":
                    self.claim(block)
                else:
                    self.prose(block["text"])
                self.on_block(block, _written_since(body, before))
                written += 1
                self._tick()
        if not written:
            self.warnings.append("the memo is empty: no section has a paragraph or a claim")

    def prose(self, text: str) -> None:
        """A prose block: paragraphs split at blank lines.

        A line starting with ``>`` is text, as the memo editor shows it (it has no quotations).
        """
        for chunk in _paragraphs(xml_safe(text or "")):
            _inline(self._para("body"), chunk)

    def claim(self, block: dict) -> None:
        claim = self.content.claims.get(block["claim"])
        if claim is None:
            return
        statement = citations.clean(claim["text"])
        if statement and statement[-1] not in ".!?…”\"'":
            statement += "."
        p = self._para("body", statement)
        if not claim["evidence"] and claim["id"] not in self._uncited_reported:
            self._uncited_reported.add(claim["id"])
            self.warnings.append(f"claim “{_clip(statement)}” has no evidence, so no footnote")
        for i, evidence in enumerate(claim["evidence"]):
            if i:
                _run(p, ",", style_id=self.ids["footnote_reference"])
            source = self.content.sources.get(evidence["source"], {})
            self.cited[evidence["source"]] = source
            note = self.footnotes.add(p)
            for text, italic in self.house.note(
                    evidence, source, self.content.locations.get(evidence["annotation"], "")):
                _run(note, text, italic=italic)
        judgment = queries.estimative_sentence(claim["likelihood"], claim["confidence"])
        if judgment:
            _run(p, " " + judgment)

    def sources(self) -> None:
        """Every source a footnote cites, once, sorted by author surname and title; then
        the key to the grades the notes end with."""
        if not self.cited:
            return
        self._para("heading1", "Sources")
        for source in sorted(self.cited.values(), key=citations.sort_key):
            segments, url, tail = citations.source_entry(source, self.house.dates)
            p = self._para("bibliography")
            for text, italic in segments:
                _run(p, text, italic=italic)
            if url and linkable(url):
                add_hyperlink(p, url, url, self.ids["hyperlink"])
            elif url:
                _run(p, url)
            if tail:
                _run(p, tail)
        p = self._para("body")
        _run(p, "Grades. ", italic=True)
        _run(p, citations.grade_key())

    def annex(self) -> None:
        """The evidence annex: per memo section, each placed claim numbered under a short
        heading ("Claim 3"), its statement in body text, and a table of its evidence whose
        rows never split across pages and whose header row repeats."""
        placed = [(s, [self.content.claims[b["claim"]] for b in s["blocks"]
                       if b["kind"] == "claim" and b["claim"] in self.content.claims])
                  for s in self.content.sections]
        placed = [(s, claims) for s, claims in placed if claims]
        if not placed:
            return
        self.doc.add_page_break()
        self._para("heading1", "Evidence annex")
        number = 0
        for section, claims in placed:
            self._para("heading2", citations.clean(section["title"]))
            for claim in claims:
                number += 1
                self._para("heading3", f"Claim {number}")
                self._para("body", citations.clean(claim["text"]))
                if claim["evidence"]:
                    self._evidence_table(claim["evidence"])
                else:
                    self._para("body", "No evidence is linked to this claim.")
                self._tick()

    def _evidence_table(self, evidence: list[dict]) -> None:
        rows = [tuple(name for name, _share in ANNEX_COLUMNS)]
        rows += [citations.annex_row(e, self.content.sources.get(e["source"], {}),
                                     self.content.locations.get(e["annotation"], ""))
                 for e in evidence]
        widths = [int(self._text_width * share) for _name, share in ANNEX_COLUMNS]
        oxml.add_table(self.doc, rows, widths, self.ids["table"])

    # ---------------------------------------------------------------- page furniture
    def page_furniture(self) -> None:
        """Classification marking at the top and bottom of every page; page numbers.

        A template with a different first page, or different even pages, gets them there
        too: the marking must be on every page.
        """
        marking = citations.clean(self.content.header.get("classification"))
        even = self.doc.settings.odd_and_even_pages_header_footer
        for section in self.doc.sections:
            first = section.different_first_page_header_footer
            headers = [section.header] + [section.first_page_header] * first \
                + [section.even_page_header] * even
            footers = [section.footer] + [section.first_page_footer] * first \
                + [section.even_page_footer] * even
            for header in headers:
                if marking:
                    header.is_linked_to_previous = False
                    p = _first_empty(header) or header.paragraphs[0].insert_paragraph_before()
                    p.style = self.style["classification"]
                    p.add_run(marking)
            for footer in footers:
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
    """Add ``text``'s inline Markdown to ``paragraph`` as runs with bold and italic.

    Read by :func:`desktop.core.markup.parse`, so Word gets what the memo editor shows.
    """
    for run_text, bold, italic in markup.parse(text):
        for i, line in enumerate(run_text.split("\n")):
            if i:
                paragraph.add_run().add_break()
            if line:
                run = paragraph.add_run(line)
                run.bold = True if bold else None
                run.italic = True if italic else None


def _run(paragraph, text: str, *, italic: bool = False, bold: bool = False,
         style_id: str | None = None) -> None:
    """Append a run of one-line ``text`` (no tabs or breaks) to ``paragraph``."""
    r = paragraph._p.add_r()
    if style_id or italic or bold:
        rpr = r.get_or_add_rPr()
        if style_id:
            rpr.style = style_id
        if bold:
            rpr._add_b()
        if italic:
            rpr._add_i()
    r.add_t(text)


def _written_since(body, before: int) -> list:
    """The body's children added since it had ``before`` (new ones go before a w:sectPr)."""
    tail = 1 if len(body) and body[-1].tag.endswith("}sectPr") else 0
    return list(body)[before - tail:len(body) - tail]


def _first_empty(story):
    paragraphs = story.paragraphs
    if len(paragraphs) == 1 and not paragraphs[0].text and not len(paragraphs[0]._p) > 1:
        return paragraphs[0]
    return None


def _clip(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
