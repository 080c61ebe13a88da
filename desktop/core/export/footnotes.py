"""Footnotes, hyperlinks and fields: the WordprocessingML that python-docx has no API for.

Kept in one small module so that the rest of the exporter uses python-docx's public API only.

Footnotes are written the way Word writes them: a ``/word/footnotes.xml`` part related from
the document, starting with the separator (id -1) and continuation separator (id 0)
footnotes, which ``settings.xml`` names in ``w:footnotePr``; numbered footnotes follow from
id 1, each beginning with a ``w:footnoteRef`` mark in the "footnote reference" style. The
body refers to a footnote with a ``w:footnoteReference`` run. Ids are given in order, so the
same memo always gives the same XML.

A template saved by Word usually has a footnotes part already, and python-docx loads it as
an opaque blob; :class:`Footnotes` then adopts it: it parses the blob, keeps the template's
separators (their look is part of the template) and drops any numbered footnotes left in it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_EMPTY_FOOTNOTES = (
    f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '</w:footnotes>')

# Elements that CT_Settings puts after w:footnotePr; the schema fixes the order.
_SETTINGS_AFTER_FOOTNOTEPR = tuple(qn(t) for t in (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator"))

_SEPARATOR_TYPES = ("separator", "continuationSeparator", "continuationNotice")

HYPERLINK_SCHEMES = ("http", "https", "mailto")


class Footnotes:
    """The footnotes of one document; create with :meth:`of`.

    ``text_style`` and ``reference_style`` are style *ids* (e.g. "FootnoteText"), which the
    caller has made sure exist in the document's styles.
    """

    def __init__(self, document, element, text_style: str, reference_style: str):
        self._document = document
        self._element = element
        self._text_style = text_style
        self._reference_style = reference_style
        used = [int(n.get(qn("w:id"))) for n in element.findall(qn("w:footnote"))]
        self._first_id = max(used + [0]) + 1
        self._next_id = self._first_id

    @classmethod
    def of(cls, document, *, text_style: str = "FootnoteText",
           reference_style: str = "FootnoteReference") -> "Footnotes":
        """The document's footnotes, adopting the template's part or adding a new one."""
        doc_part = document.part
        element = None
        for rId, rel in list(doc_part.rels.items()):
            if rel.reltype != RT.FOOTNOTES or rel.is_external:
                continue
            old = rel.target_part
            element = getattr(old, "element", None)
            if element is None:
                element = parse_xml(old.blob)
            del doc_part.rels[rId]  # replaced below by an XmlPart we can write into
        if element is None:
            element = parse_xml(_EMPTY_FOOTNOTES)
        for note in element.findall(qn("w:footnote")):
            if note.get(qn("w:type")) not in _SEPARATOR_TYPES:
                element.remove(note)
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, element,
                       doc_part.package)
        doc_part.relate_to(part, RT.FOOTNOTES)
        _declare_separators(document, element)
        return cls(document, element, text_style, reference_style)

    @property
    def count(self) -> int:
        """How many numbered footnotes have been added."""
        return self._next_id - self._first_id

    def add(self, paragraph: Paragraph) -> Paragraph:
        """Put a new footnote's reference mark at the end of ``paragraph``.

        Returns the footnote's (first) paragraph, already holding its number mark and a
        space, for the caller to fill with ``add_run``.
        """
        note_id = str(self._next_id)
        self._next_id += 1
        run = paragraph._p.add_r()
        run.append(_run_style(self._reference_style))
        run.append(OxmlElement("w:footnoteReference", {qn("w:id"): note_id}))

        note = OxmlElement("w:footnote", {qn("w:id"): note_id})
        self._element.append(note)
        p = OxmlElement("w:p")
        note.append(p)
        ppr = OxmlElement("w:pPr")
        ppr.append(OxmlElement("w:pStyle", {qn("w:val"): self._text_style}))
        p.append(ppr)
        mark = OxmlElement("w:r")
        mark.append(_run_style(self._reference_style))
        mark.append(OxmlElement("w:footnoteRef"))
        p.append(mark)
        body = Paragraph(p, self._document._body)
        body.add_run(" ")
        return body


def _run_style(style_id: str):
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:rStyle", {qn("w:val"): style_id}))
    return rpr


def _declare_separators(document, footnotes) -> None:
    """Name the separator footnotes in ``settings.xml``, as Word does."""
    ids = [n.get(qn("w:id")) for n in footnotes.findall(qn("w:footnote"))
           if n.get(qn("w:type")) in _SEPARATOR_TYPES]
    settings = document.settings.element
    existing = settings.find(qn("w:footnotePr"))
    if existing is not None:
        settings.remove(existing)
    if not ids:
        return
    pr = OxmlElement("w:footnotePr")
    for note_id in ids:
        pr.append(OxmlElement("w:footnote", {qn("w:id"): note_id}))
    following = next((child for child in settings
                      if child.tag in _SETTINGS_AFTER_FOOTNOTEPR), None)
    if following is not None:
        following.addprevious(pr)
    else:
        settings.append(pr)


def linkable(url: str) -> bool:
    """Whether ``url`` is safe to make a hyperlink: a web or mail address, no spaces."""
    url = url.strip()
    if not url or any(c.isspace() or ord(c) < 32 for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in HYPERLINK_SCHEMES and bool(parts.netloc or parts.path)


def add_hyperlink(paragraph: Paragraph, url: str, text: str, style: str | None = None) -> None:
    """Append ``text`` to ``paragraph`` as a link to ``url`` (an external relationship).

    ``style`` is a character style id (e.g. "Hyperlink"). Callers check :func:`linkable`
    first; the same URL used twice shares one relationship.
    """
    r_id = paragraph.part.relate_to(url.strip(), RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink", {qn("r:id"): r_id, qn("w:history"): "1"})
    paragraph._p.append(link)
    run = OxmlElement("w:r")
    if style:
        run.append(_run_style(style))
    t = OxmlElement("w:t")
    t.text = text
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    link.append(run)


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """Append a simple field (e.g. ``PAGE``) that Word and LibreOffice compute when they lay
    out the page; ``placeholder`` is shown by readers that do not."""
    field = OxmlElement("w:fldSimple", {qn("w:instr"): f" {instruction} "})
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = placeholder
    run.append(t)
    field.append(run)
    paragraph._p.append(field)


def has_field(element, instruction: str) -> bool:
    """Whether ``element`` (a header or footer) already holds a field ``instruction``."""
    wanted = instruction.upper()
    codes = [f.get(qn("w:instr"), "") for f in element.iter(qn("w:fldSimple"))]
    codes += [t.text or "" for t in element.iter(qn("w:instrText"))]
    return any(code.split()[:1] == [wanted] for code in codes if code.split())


def repeat_as_header_row(row) -> None:
    """Make a table row repeat at the top of each page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
