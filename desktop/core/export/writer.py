"""Writes the memo into a python-docx document: the body, the page furniture, the annex.

Everything goes through named styles (never direct formatting beyond bold and italic), so a
user's template restyles the whole memo. Text is made safe before it is written:
:func:`~.citations.clean` or :func:`~desktop.core.text.xml_safe` remove what XML cannot
hold.

Speed: the body and the notes are written as WordprocessingML text by :mod:`.wordml` and
put in at the end (:meth:`MemoWriter.finish`); building them element by element through
python-docx took most of a 1,500-note export. Headers and footers, a handful of paragraphs,
go through python-docx's API.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from docx.enum.style import WD_STYLE_TYPE

from .. import docx_internals, queries
from ..text import xml_safe
from . import citations, wordml
from .content import MemoContent
from .footnotes import Footnotes
from .template import text_width
from .wordml import R_NS, RT_HYPERLINK, W_NS, linkable, run, web_address
from .wordtree import add_field, can_splice, has_field, mark_insertion, mark_right_to_left, qn

HEADER_LINES = (("MEMORANDUM FOR", "memo_to"), ("FROM", "memo_from"), ("DATE", "memo_date"),
                ("SUBJECT", "subject"))
ANNEX_COLUMNS = (("Stance", 0.14), ("Excerpt", 0.48), ("Source", 0.28), ("Grade", 0.10))

# A paragraph markup.parse would return unchanged: one line, no emphasis, escape or entity
# characters, no space at either end.
_PLAIN = re.compile(r"[^\s*_\\&](?:[^\n*_\\&]*[^\s*_\\&])?")

_TYPES = {"paragraph": WD_STYLE_TYPE.PARAGRAPH, "character": WD_STYLE_TYPE.CHARACTER,
          "table": WD_STYLE_TYPE.TABLE}


class MemoWriter:
    """Writes one memo; ``style_ids`` maps the roles in ``template.STYLES`` to style ids.

    Call the parts in reading order, then :meth:`finish`.
    """

    def __init__(self, document, style_ids: dict[str, str], content: MemoContent,
                 tick: Callable[[], None] = lambda: None, citation_style=None):
        self.doc = document
        self.content = content
        self.ids = style_ids
        self.footnotes = Footnotes.of(document, text_style=style_ids["footnote_text"],
                                      reference_style=style_ids["footnote_reference"])
        self.cited: dict[str, dict] = {}
        self.warnings: list[str] = []
        self._tick = tick
        self._uncited_reported: set[str] = set()
        self._body: list[str] = []
        # The house style, or a CSL style (:class:`~.csl.CslStyle`): notes and sources.
        self.house = citation_style or citations.HouseStyle(
            dates=citations.date_style(content.header.get("memo_date")))
        self._text_width = text_width(document)
        # Given each memo block and the body XML written for it, returns that XML (the
        # identity marks of export/identity.py go in here).
        self.on_block: Callable[[dict, list[str]], list[str]] = lambda block, xml: xml

    def _para(self, role: str, text: str = "", pieces: list | None = None) -> None:
        """A body paragraph in the style for ``role`` holding ``text`` (already clean) or
        ``pieces``."""
        self._body.append(wordml.paragraph(self.ids[role],
                                         pieces if pieces is not None
                                         else [run(text)] if text else []))

    def finish(self, splices: dict | None = None) -> None:
        """Put the written body and notes into the document: as text that
        :func:`~.package.docx_bytes` puts in place when saving, if ``splices`` is given and
        the parts allow it, else parsed once."""
        body = docx_internals.body(self.doc)
        sect_pr = body.find(qn("w:sectPr"))  # the body ends with its section properties
        if splices is not None and can_splice(body):
            mark_insertion(body, before=sect_pr)
            splices[docx_internals.part_name(self.doc)] = "".join(self._body)
        else:
            fragment = docx_internals.parse(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
                                            + "".join(self._body) + "</w:body>")
            for child in list(fragment):
                sect_pr.addprevious(child)
        self._body = []
        self.footnotes.flush(splices)

    # ------------------------------------------------------------------------ the body
    def header_block(self) -> None:
        self._para("title", "Memorandum")
        header = self.content.header
        for label, key in HEADER_LINES:
            value = citations.clean(header.get(key))
            if value:
                self._para("header_block", pieces=[run(f"{label}:", bold=True),
                                                   run(f"\t{value}")])
        if not citations.clean(header.get("subject")):
            self.warnings.append("the memo has no subject")

    def sections(self) -> None:
        written = 0
        for section in self.content.sections:
            if not section["blocks"]:
                continue
            self._para("heading1", citations.clean(section["title"]))
            for block in section["blocks"]:
                before = len(self._body)
                if block["kind"] == "claim":
                    self.claim(block)
                else:
                    self.prose(block["text"])
                self._body[before:] = self.on_block(block, self._body[before:])
                written += 1
                self._tick()
        if not written:
            self.warnings.append("the memo is empty: no section has a paragraph or a claim")

    def prose(self, text: str) -> None:
        """A prose block: paragraphs split at blank lines, bold and italic as the memo
        editor shows them (:func:`desktop.core.markup.parse`).

        A line starting with ``>`` is text, as the memo editor shows it (it has no quotations).
        """
        for chunk in _paragraphs(xml_safe(text or "")):
            if _PLAIN.fullmatch(chunk):  # nothing Markdown would read: no parser needed
                self._para("body", pieces=[run(chunk)])
                continue
            from .. import markup  # markdown-it costs a tenth of the export's start-up

            self._para("body", pieces=[run(t, bold=b, italic=i)
                                       for t, b, i in markup.parse(chunk) if t])

    def claim(self, block: dict) -> None:
        claim = self.content.claims.get(block["claim"])
        if claim is None:
            return
        statement = citations.clean(claim["text"])
        if statement and statement[-1] not in ".!?…”\"'":
            statement += "."
        pieces = [run(statement)]
        if not claim["evidence"] and claim["id"] not in self._uncited_reported:
            self._uncited_reported.add(claim["id"])
            self.warnings.append(f"claim “{_clip(statement)}” has no evidence, so no footnote")
        reference = self.ids["footnote_reference"]
        for i, evidence in enumerate(claim["evidence"]):
            if i:
                pieces.append(run(",", style_id=reference))
            source = self.content.sources.get(evidence["source"], {})
            self.cited[evidence["source"]] = source
            note = self.house.note(evidence, source,
                                   self.content.locations.get(evidence["annotation"], ""))
            pieces.append(self.footnotes.note([run(t, italic=it) for t, it in note]))
        judgment = queries.estimative_sentence(claim["likelihood"], claim["confidence"])
        if judgment:
            pieces.append(run(" " + judgment))
        self._para("body", pieces=pieces)

    def sources(self) -> None:
        """Every source a footnote cites, once (the house style sorts by author surname and
        title, a CSL style as it says); then the key to the grades the notes end with."""
        if not self.cited:
            return
        self._para("heading1", "Sources")
        for _source, segments, url, tail in self.house.entries(list(self.cited.values())):
            pieces = [run(text, italic=italic) for text, italic in segments]
            if url and linkable(url):
                pieces.append(self._hyperlink(url))
            elif url:
                pieces.append(run(url))
            if tail:
                pieces.append(run(tail))
            self._para("bibliography", pieces=pieces)
        self._para("body", pieces=[run("Grades. ", italic=True), run(citations.grade_key(
            ungraded=any(not s.get("reliability") for s in self.cited.values())))])

    def _hyperlink(self, url: str) -> wordml.Piece:
        """``url`` as a link to itself (percent-encoded; one relationship per address)."""
        r_id = docx_internals.relate_external(self.doc, web_address(url), RT_HYPERLINK)
        inner, plain = run(url, style_id=self.ids["hyperlink"])
        return f'<w:hyperlink r:id="{r_id}" w:history="1">{inner}</w:hyperlink>', plain

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
        self._body.append(wordml.PAGE_BREAK)
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
        self._body.append(wordml.table_xml(rows, widths, self.ids["table"]))

    # ---------------------------------------------------------------- page furniture
    def page_furniture(self) -> None:
        """Classification marking at the top and bottom of every page; page numbers.

        A template with a different first page, or different even pages, gets them there
        too: the marking must be on every page.
        """
        style = {role: self.doc.styles.get_by_id(self.ids[role], WD_STYLE_TYPE.PARAGRAPH)
                 for role in ("classification", "footer")}
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
                    p.style = style["classification"]
                    p.add_run(marking)
                    mark_right_to_left(docx_internals.element(header))
            for footer in footers:
                footer.is_linked_to_previous = False
                if not has_field(docx_internals.element(footer), "PAGE"):
                    p = _first_empty(footer) or footer.add_paragraph()
                    p.style = style["footer"]
                    add_field(docx_internals.element(p), "PAGE")
                if marking:
                    footer.add_paragraph(marking, style["classification"])
                    mark_right_to_left(docx_internals.element(footer))


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


def _first_empty(story):
    paragraphs = story.paragraphs
    if len(paragraphs) == 1 and not paragraphs[0].text \
            and not len(docx_internals.element(paragraphs[0])) > 1:
        return paragraphs[0]
    return None


def _clip(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
