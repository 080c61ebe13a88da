"""WordprocessingML edited as lxml elements: what python-docx has no API for.

The elements come from :func:`desktop.core.docx_internals.element` (a document's settings
and styles, a header, a paragraph); everything here is plain lxml on them, so a python-docx
release cannot change it. What is here: names and new elements, fields, right-to-left
marking, the child order the schema fixes (Word refuses a document out of order), the
settings the export writes (compatibility mode, footnote separators), reading and writing
style elements, and the marker where text is spliced into a part when saving.
"""

from __future__ import annotations

from lxml import etree

from .wordml import RTL_CHARS, R_NS, W_NS, starts_right_to_left

NS = {"w": W_NS, "r": R_NS, "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
      "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main"}


def qn(tag: str) -> str:
    """"w:p" as lxml names it: ``{namespace}p``."""
    prefix, _, local = tag.partition(":")
    return f"{{{NS[prefix]}}}{local}"


def make(tag: str, attrs: dict[str, str] | None = None):
    """A new element ``tag`` ("w:bidi") with ``attrs`` ({"w:val": "1"}), declaring only its
    own prefix (an ancestor's declaration of the same prefix makes it go when inserted)."""
    prefix = tag.partition(":")[0]
    return etree.Element(qn(tag), {qn(k): v for k, v in (attrs or {}).items()},
                         nsmap={prefix: NS[prefix]})


# -------------------------------------------------------------------------------- fields
def add_field(p, instruction: str, placeholder: str = "1") -> None:
    """Append to the paragraph element ``p`` a simple field (e.g. ``PAGE``) that Word and
    LibreOffice compute when they lay out the page; ``placeholder`` is shown by readers
    that do not."""
    field = make("w:fldSimple", {"w:instr": f" {instruction} "})
    run = etree.SubElement(field, qn("w:r"))
    etree.SubElement(run, qn("w:t")).text = placeholder
    p.append(field)


def has_field(root, instruction: str) -> bool:
    """Whether ``root`` (a header or footer) already holds a field ``instruction`` (field
    names are not case-sensitive: Word computes " page " too)."""
    wanted = instruction.upper()
    codes = [f.get(qn("w:instr"), "") for f in root.iter(qn("w:fldSimple"))]
    codes += [t.text or "" for t in root.iter(qn("w:instrText"))]
    return any(code.split()[0].upper() == wanted for code in codes if code.split())


# ------------------------------------------------------------------------ right to left
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
            _add_property(p, "w:pPr", "w:bidi")
            marked += 1
        for r in p.iter(r_tag):
            if starts_right_to_left("".join(t.text or "" for t in r.iter(t_tag))):
                _add_property(r, "w:rPr", "w:rtl")
    return marked


def _add_property(parent, properties: str, flag: str) -> None:
    """Switch on ``flag`` in ``parent``'s ``properties`` element, made first if missing."""
    props = parent.find(qn(properties))
    if props is None:
        props = make(properties)
        parent.insert(0, props)
    if props.find(qn(flag)) is None:
        props.append(make(flag))
        put_in_schema_order(props)


# ------------------------------------------------------------------------- schema order
# The child order the schema fixes for the elements a template's styles and settings are
# made of. Word refuses a document whose children are out of order; pandoc's own reference
# document has some (``w:qFormat`` after ``w:pPr``, ``w:bCs`` after ``w:i``), so a template's
# styles are put in order before the memo is written with them.
_SETTINGS_AFTER_FOOTNOTEPR = (
    "endnotePr compat docVars rsids m:mathPr attachedSchema themeFontLang clrSchemeMapping "
    "doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions "
    "readModeInkLockDown smartTagType sl:schemaLibrary shapeDefaults doNotEmbedSmartTags "
    "decimalSymbol listSeparator")
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
                "updateFields hdrShapeDefaults footnotePr " + _SETTINGS_AFTER_FOOTNOTEPR,
}


def _names(order: str) -> list[str]:
    return [qn(n if ":" in n else f"w:{n}") for n in order.split()]


_RANK = {qn(f"w:{parent}"): {name: i for i, name in enumerate(_names(order))}
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


# ----------------------------------------------------------------------------- settings
WORD_URI = "http://schemas.microsoft.com/office/word"
_AFTER_FOOTNOTEPR = tuple(_names(_SETTINGS_AFTER_FOOTNOTEPR))
_AFTER_COMPAT = _AFTER_FOOTNOTEPR[2:]
_SETTINGS_NAMESPACES = tuple(f"{{{NS[p]}}}" for p in ("w", "m", "sl"))


def set_compatibility_mode(settings, mode: int = 15) -> None:
    """Lay the document out as Word 2013 and later do, so Word opens it without
    "[Compatibility Mode]", whatever the template said (``settings``: ``w:settings``)."""
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = make("w:compat")
        _insert_before(settings, compat, lambda c: c.tag in _AFTER_COMPAT
                       or not str(c.tag).startswith(_SETTINGS_NAMESPACES))
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            compat.remove(setting)
    compat.append(make("w:compatSetting", {"w:name": "compatibilityMode", "w:uri": WORD_URI,
                                           "w:val": str(mode)}))


def declare_footnote_separators(settings, ids: list[str]) -> None:
    """Name the separator footnotes ``ids`` in ``settings`` (``w:footnotePr``), as Word
    does; none when ``ids`` is empty."""
    existing = settings.find(qn("w:footnotePr"))
    if existing is not None:
        settings.remove(existing)
    if not ids:
        return
    pr = make("w:footnotePr")
    for note_id in ids:
        pr.append(make("w:footnote", {"w:id": note_id}))
    _insert_before(settings, pr, lambda c: c.tag in _AFTER_FOOTNOTEPR)


def _insert_before(parent, new, follows) -> None:
    """Put ``new`` before ``parent``'s first child for which ``follows`` is true, or last."""
    following = next((child for child in parent if follows(child)), None)
    if following is not None:
        following.addprevious(new)
    else:
        parent.append(new)


# ------------------------------------------------------------------------------- styles
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


# ---------------------------------------------------------------------------- splicing
# The body and the notes are spliced into their parts' serialised XML as text, at a marker
# comment, when the part's root declares the ``w`` and ``r`` prefixes our text uses (every
# template we have met does); otherwise they are parsed into the tree. Parsing and then
# serialising a 1,500-note memo again cost a tenth of a second.
SPLICE_MARK = "briefing-builder-insert"


def can_splice(element) -> bool:
    """Whether text written with the ``w:`` and ``r:`` prefixes can go into ``element``'s
    part as is."""
    root = element.getroottree().getroot()
    return root.nsmap.get("w") == W_NS and root.nsmap.get("r") == R_NS


def mark_insertion(parent, before=None) -> None:
    """Put the marker where spliced text will go: before ``before``, or at the end."""
    comment = etree.Comment(SPLICE_MARK)
    if before is not None:
        before.addprevious(comment)
    else:
        parent.append(comment)
