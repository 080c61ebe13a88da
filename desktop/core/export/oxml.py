"""Every use of python-docx's internals, and the WordprocessingML it has no API for.

The rest of the exporter goes through python-docx's public API, :mod:`.wordml` (XML as
text) and the functions here; when python-docx changes, this is the one module to look at.
What is here:

- the package: the extended properties (``app.xml``), resetting the core properties,
  compatibility mode, a theme for a template without one, the one-pass package writer
  that splices the body and notes in as text (:func:`package_bytes`);
- the template's body and page setup, reading and writing style elements, and the child
  order the schema fixes for styles and settings;
- footnotes, hyperlinks, fields, table-row properties and bidi marking.

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

import io
import re
import zipfile

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.text.paragraph import Paragraph

from .wordml import (RTL_CHARS, R_NS, W_NS, Piece, run, starts_right_to_left,
                     web_address, xml_escape)

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
        used = [int(i) for i in (n.get(qn("w:id"), "") for n in element.findall(qn("w:footnote")))
                if i.lstrip("-").isdigit()]
        self._first_id = max(used + [0]) + 1
        self._next_id = self._first_id
        self._pending: list[str] = []

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
                try:
                    element = parse_xml(old.blob)
                except Exception:  # a template's unreadable notes: start afresh
                    element = None
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
        notes = cls(document, element, text_style, reference_style)
        notes._part = part
        return notes

    def note(self, pieces: list[Piece]) -> Piece:
        """A new footnote holding ``pieces``; returns the reference mark's run for the body.

        The note's XML is kept until :meth:`flush`, which parses every note at once.
        """
        note_id = str(self._next_id)
        self._next_id += 1
        style = xml_escape(self._reference_style)
        mark = f'<w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
        text = "".join(t for _x, t in pieces)
        bidi = "<w:bidi/>" if RTL_CHARS.search(text) and starts_right_to_left(text) else ""
        self._pending.append(
            f'<w:footnote w:id="{note_id}"><w:p><w:pPr><w:pStyle '
            f'w:val="{xml_escape(self._text_style)}"/>{bidi}</w:pPr><w:r>{mark}<w:footnoteRef/>'
            f'</w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>'
            + "".join(x for x, _t in pieces) + "</w:p></w:footnote>")
        return f'<w:r>{mark}<w:footnoteReference w:id="{note_id}"/></w:r>', ""

    def flush(self, splices: dict | None = None) -> None:
        """Put the notes written with :meth:`note` into the footnotes part: as text to
        splice in when saving, if ``splices`` is given and the part allows it, else parsed."""
        if not self._pending:
            return
        if splices is not None and can_splice(self._element):
            mark_insertion(self._element)
            splices[self._part.partname] = "".join(self._pending)
            self._pending = []
            return
        parsed = parse_xml(f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
                           + "".join(self._pending) + "</w:footnotes>")
        self._pending = []
        for child in list(parsed):
            self._element.append(child)

    @property
    def element(self):
        """The ``w:footnotes`` element."""
        return self._element

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


def add_hyperlink(paragraph: Paragraph, url: str, text: str, style: str | None = None) -> None:
    """Append ``text`` to ``paragraph`` as a link to ``url`` (an external relationship,
    percent-encoded by :func:`web_address`).

    ``style`` is a character style id (e.g. "Hyperlink"). Callers check :func:`linkable`
    first; the same URL used twice shares one relationship.
    """
    r_id = paragraph.part.relate_to(web_address(url), RT.HYPERLINK, is_external=True)
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


def mark_right_to_left(root) -> int:
    """Give every paragraph under ``root`` that starts in a right-to-left script the
    ``w:bidi`` paragraph property, and its right-to-left runs ``w:rtl``, as Word does when
    such text is typed. Returns how many paragraphs were marked."""
    marked = 0
    p_tag, t_tag, r_tag = qn("w:p"), qn("w:t"), qn("w:r")
    for p in root.iter(p_tag):
        text = "".join(t.text or "" for t in p.iter(t_tag))
        if not RTL_CHARS.search(text):
            continue
        if starts_right_to_left(text):
            ppr = p.find(qn("w:pPr"))
            if ppr is None:
                ppr = OxmlElement("w:pPr")
                p.insert(0, ppr)
            if ppr.find(qn("w:bidi")) is None:
                ppr.append(OxmlElement("w:bidi"))
                put_in_schema_order(ppr)
            marked += 1
        for r in p.iter(r_tag):
            if starts_right_to_left("".join(t.text or "" for t in r.iter(t_tag))):
                rpr = r.find(qn("w:rPr"))
                if rpr is None:
                    rpr = OxmlElement("w:rPr")
                    r.insert(0, rpr)
                if rpr.find(qn("w:rtl")) is None:
                    rpr.append(OxmlElement("w:rtl"))
                    put_in_schema_order(rpr)
    return marked


# ------------------------------------------------------------------------------ package
def drop_styles_with_effects(document) -> None:
    """Word 2010's copy of the styles would contradict the styles an export adds."""
    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del document.part.rels[r_id]


# Parts only the body refers to; once the template's body is gone they are dead weight
# (pandoc's reference document carries a sample comment, Word's a picture or two).
_BODY_ONLY = ("/image", "/hyperlink", "/chart", "/oleObject", "/package", "/comments",
              "/commentsExtended", "/commentsIds", "/commentsExtensible", "/people",
              "/diagramData", "/diagramLayout", "/diagramQuickStyle", "/diagramColors",
              "/diagramDrawing", "/video", "/audio", "/media")

# US Letter with one-inch margins, in twentieths of a point: the app's own page.
PAGE_DEFAULTS = {"page_width": 12240, "page_height": 15840, "left_margin": 1440,
                 "right_margin": 1440, "top_margin": 1440, "bottom_margin": 1440,
                 "header_distance": 720, "footer_distance": 720, "gutter": 0}


def clear_body(document) -> None:
    """Empty the template's body, keeping (or adding) its last section's properties, and
    give that section whatever page setup it lacks."""
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect_pr:
            body.remove(child)
    if sect_pr is None:
        body.append(OxmlElement("w:sectPr"))
    used = {v for el in body.iter() for k, v in el.attrib.items() if k.startswith(f"{{{R_NS}}}")}
    for r_id, rel in list(document.part.rels.items()):
        if r_id not in used and rel.reltype.endswith(_BODY_ONLY):
            del document.part.rels[r_id]
    section = document.sections[-1]
    for attr, twips in PAGE_DEFAULTS.items():
        value = getattr(section, attr)
        if value is None or (value <= 0 and attr in ("page_width", "page_height")):
            setattr(section, attr, Twips(twips))


def text_width(document) -> int:
    """The last section's width between the margins (EMU), at least an inch."""
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    return max(int(width), int(Twips(1440)))


# ------------------------------------------------------------------------------- styles
def styles_element(document):
    return document.styles.element


def style_elements(styles) -> list:
    """The ``w:style`` children that carry an id (a style without one cannot be used)."""
    return [s for s in styles.findall(qn("w:style")) if s.get(qn("w:styleId"))]


def style_id(style) -> str:
    return style.get(qn("w:styleId"))


def set_style_id(style, value: str) -> None:
    style.set(qn("w:styleId"), value)


def style_type(style) -> str:
    return style.get(qn("w:type")) or "paragraph"  # the schema's default


def style_name(style) -> str | None:
    name = style.find(qn("w:name"))
    return None if name is None else name.get(qn("w:val"))


def style_ref(style, tag: str) -> str | None:
    """The style id that ``tag`` (``w:basedOn``, ``w:link``, ``w:next``) refers to."""
    el = style.find(qn(tag))
    return None if el is None else el.get(qn("w:val"))


def set_style_ref(style, tag: str, value: str | None) -> None:
    el = style.find(qn(tag))
    if el is not None and value is None:
        style.remove(el)
    elif el is not None:
        el.set(qn("w:val"), value)


# ----------------------------------------------------------------------- document parts
WORD_URI = "http://schemas.microsoft.com/office/word"
_SETTINGS_AFTER_COMPAT = _SETTINGS_AFTER_FOOTNOTEPR[2:]
_SETTINGS_NAMESPACES = (f"{{{W_NS}}}", "{http://schemas.openxmlformats.org/officeDocument/"
                        "2006/math}", "{http://schemas.openxmlformats.org/schemaLibrary/2006/main}")


def set_compatibility_mode(document, mode: int = 15) -> None:
    """Lay the document out as Word 2013 and later do, so Word opens it without
    "[Compatibility Mode]", whatever the template said."""
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        following = next((c for c in settings if c.tag in _SETTINGS_AFTER_COMPAT
                          or not str(c.tag).startswith(_SETTINGS_NAMESPACES)), None)
        if following is not None:
            following.addprevious(compat)
        else:
            settings.append(compat)
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            compat.remove(setting)
    compat.append(OxmlElement("w:compatSetting", {
        qn("w:name"): "compatibilityMode", qn("w:uri"): WORD_URI, qn("w:val"): str(mode)}))


_EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def set_app_properties(document, application: str, version: str) -> None:
    """Replace the template's ``docProps/app.xml`` with one naming this app.

    No page, word or line counts (Word recomputes them; a stale count is a lie) and no
    template name. ECMA-376 wants ``AppVersion`` as ``XX.YYYY``: major, then minor and patch
    two digits each ("0.1.0" is "00.0100").
    """
    numbers = [int(n) for n in re.findall(r"\d+", version)[:3]] + [0, 0, 0]
    app_version = f"{numbers[0] % 100:02d}.{numbers[1] % 100:02d}{numbers[2] % 100:02d}"
    blob = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="{_EXTENDED_NS}" xmlns:vt="http://schemas.openxmlformats.org/'
            'officeDocument/2006/docPropsVTypes"><Application>'
            f'{xml_escape(application)}</Application><DocSecurity>0</DocSecurity>'
            f'<AppVersion>{app_version}</AppVersion></Properties>').encode()
    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            rel.target_part._blob = blob
            return
    part = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, blob, package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


def reset_core_properties(document):
    """The document's core properties, emptied of everything the template said (its
    author, revision, print date, description...), for the caller to fill in."""
    props = document.core_properties
    element = props._element
    for child in list(element):
        element.remove(child)
    return props


# ------------------------------------------------------------------------- schema order
# The child order the schema fixes for the elements a template's styles and settings are
# made of. Word refuses a document whose children are out of order; pandoc's own reference
# document has some (``w:qFormat`` after ``w:pPr``, ``w:bCs`` after ``w:i``), so a template's
# styles are put in order before the memo is written with them.
_ORDER = {
    "style": "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden "
             "unhideWhenUsed qFormat locked personal personalCompose personalReply rsid pPr "
             "rPr tblPr trPr tcPr tblStylePr",
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
           "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap "
           "overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid "
           "spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
           "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike "
           "outline shadow emboss imprint noProof snapToGrid vanish webHidden color spacing w "
           "kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang "
           "eastAsianLayout specVanish oMath rPrChange",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
            "tcFitText vAlign hideMark headers cellIns cellDel cellMerge tcPrChange",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize "
             "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook "
             "tblCaption tblDescription tblPrChange",
    "tblStylePr": "pPr rPr tblPr trPr tcPr",
    "settings": "writeProtection view zoom removePersonalInformation removeDateAndTime "
                "doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText "
                "printFractionalCharacterWidth printFormsData embedTrueTypeFonts "
                "embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins "
                "alignBordersAndEdges bordersDoNotSurroundHeader bordersDoNotSurroundFooter "
                "gutterAtTop hideSpellingErrors hideGrammaticalErrors activeWritingStyle "
                "proofState formsDesign attachedTemplate linkStyles stylePaneFormatFilter "
                "stylePaneSortMethod documentType mailMerge revisionView trackRevisions "
                "doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride "
                "styleLockTheme styleLockQFSet defaultTabStop autoHyphenation "
                "consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope "
                "summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders "
                "bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets "
                "drawingGridHorizontalSpacing drawingGridVerticalSpacing "
                "displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
                "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin "
                "drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning "
                "characterSpacingControl printTwoOnOne strictFirstAndLastChars "
                "noLineBreaksAfter noLineBreaksBefore savePreviewPicture "
                "doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent "
                "alwaysShowPlaceholderText doNotDemarcateInvalidXml saveXmlDataOnly "
                "useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace "
                "updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids "
                "m:mathPr attachedSchema themeFontLang clrSchemeMapping "
                "doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions "
                "readModeInkLockDown smartTagType sl:schemaLibrary shapeDefaults "
                "doNotEmbedSmartTags decimalSymbol listSeparator",
}
_RANK = {qn(f"w:{parent}"): {qn(n if ":" in n else f"w:{n}"): i
                              for i, n in enumerate(order.split())}
         for parent, order in _ORDER.items()}


def put_in_schema_order(root) -> None:
    """Sort the children of every element under ``root`` (inclusive) whose order the schema
    fixes, keeping the order of equals; elements the schema does not name (other
    namespaces' extensions) go last, as Word writes them."""
    for el in root.iter(*_RANK):
        rank = _RANK[el.tag]
        children = list(el)
        ordered = sorted(children, key=lambda c: rank.get(c.tag, len(rank)))
        if ordered != children:
            for child in ordered:
                el.append(child)  # appending moves it to the end


def has_theme(document) -> bool:
    return any(r.reltype == RT.THEME for r in document.part.rels.values())


def ensure_theme(document, source_document) -> None:
    """Give a document without a theme (LibreOffice writes none) the theme of
    ``source_document``; Word's schema requires one."""
    part = document.part
    if any(r.reltype == RT.THEME for r in part.rels.values()):
        return
    for rel in source_document.part.rels.values():
        if rel.reltype == RT.THEME and not rel.is_external:
            theme = rel.target_part
            copy = Part(PackURI("/word/theme/theme1.xml"), theme.content_type, theme.blob,
                        part.package)
            part.relate_to(copy, RT.THEME)
            return


# ------------------------------------------------------------------- body written as text
def hyperlink(document, url: str, text: str, style_id: str | None = None) -> Piece:
    """``text`` as a link to ``url`` (percent-encoded; one relationship per address)."""
    r_id = document.part.relate_to(web_address(url), RT.HYPERLINK, is_external=True)
    inner, plain = run(text, style_id=style_id)
    return f'<w:hyperlink r:id="{r_id}" w:history="1">{inner}</w:hyperlink>', plain


def append_to_body(document, xml_parts: list[str], splices: dict | None = None) -> None:
    """Put ``xml_parts`` (paragraphs and tables) at the end of the body, before its section
    properties: as text to splice in when saving, if ``splices`` is given and the part
    allows it, else parsed once."""
    if splices is not None and can_splice(document.element):
        mark_insertion(document.element.body, before=document.element.body.sectPr)
        splices[document.part.partname] = "".join(xml_parts)
        return
    fragment = parse_xml(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
                         + "".join(xml_parts) + "</w:body>")
    sect_pr = document.element.body.sectPr
    for child in list(fragment):
        sect_pr.addprevious(child)


# ------------------------------------------------------------------------ saving the package
# The body and the notes are spliced into their parts' serialised XML as text, at a marker
# comment, when the part's root declares the ``w`` and ``r`` prefixes our text uses (every
# template we have met does); otherwise they are parsed into the tree. Parsing and then
# serialising a 1,500-note memo again cost a tenth of a second.
_MARK = "briefing-builder-insert"


def can_splice(element) -> bool:
    """Whether text written with the ``w:`` and ``r:`` prefixes can go into ``element``'s
    part as is."""
    root = element.getroottree().getroot()
    return root.nsmap.get("w") == W_NS and root.nsmap.get("r") == R_NS


def mark_insertion(parent, before=None):
    """Put the marker where spliced text will go: before ``before``, or at the end."""
    from lxml import etree

    comment = etree.Comment(_MARK)
    if before is not None:
        before.addprevious(comment)
    else:
        parent.append(comment)


def package_bytes(document, stamp: tuple, splices: dict[str, str],
                  compresslevel: int = 6) -> bytes:
    """The document's package as .docx bytes, every zip entry dated ``stamp``.

    ``splices`` maps a part name ("/word/document.xml") to the XML text that replaces the
    marker left in it by :func:`mark_insertion`. Written as python-docx's own
    ``PackageWriter`` does, in one pass.
    """
    from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
    from docx.opc.pkgwriter import _ContentTypesItem

    package = document.part.package
    parts = list(package.iter_parts())
    _rename_clashes(parts)
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    mark = f"<!--{_MARK}-->".encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as z:
        def write(uri, blob: bytes) -> None:
            entry = zipfile.ZipInfo(uri.membername, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            z.writestr(entry, blob)

        write(CONTENT_TYPES_URI, _ContentTypesItem.from_parts(parts).blob)
        write(PACKAGE_URI.rels_uri, package.rels.xml)
        for part in parts:
            blob = part.blob
            if part.partname in splices:
                head, found, tail = blob.partition(mark)
                if not found:
                    raise ValueError(f"no insertion mark in {part.partname}")
                blob = head + splices[part.partname].encode("utf-8") + tail
            write(part.partname, blob)
            if len(part.rels):
                write(part.partname.rels_uri, part.rels.xml)
    return out.getvalue()


def _rename_clashes(parts) -> None:
    """Give a fresh name to any part whose name another part has, so the package never
    holds a name twice. It happens when a template relates its own docProps/core.xml under
    a type python-docx does not know, and python-docx adds core properties of its own under
    the same name. The core-properties part keeps its name."""
    from docx.opc.parts.coreprops import CorePropertiesPart

    by_name: dict[str, list] = {}
    for part in parts:
        by_name.setdefault(str(part.partname), []).append(part)
    taken = set(by_name)
    for name, same in by_name.items():
        if len(same) < 2:
            continue
        same.sort(key=lambda p: not isinstance(p, CorePropertiesPart))
        stem, dot, ext = name.rpartition(".")
        for n, part in enumerate(same[1:], 2):
            while f"{stem}{n}{dot}{ext}" in taken:
                n += 1
            part.partname = PackURI(f"{stem}{n}{dot}{ext}")
            taken.add(str(part.partname))
