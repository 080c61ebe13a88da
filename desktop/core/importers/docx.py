"""Word (.docx): paragraphs, headings, list items and table rows in reading order.

python-docx gives the body's paragraphs and tables, but its ``Paragraph.text`` skips
footnote references and equations, and it has no footnote, endnote or list-number API, so
this module walks the run XML itself for text (tabs, breaks, note markers, equations as
linear text) and reads the notes parts (found through the document's relationships) with
lxml. Footnotes are appended after the body under a "Notes" line, each as ``[n] text``, with
the marker ``[n]`` left in the body where the reference was; endnotes follow under
"Endnotes" as ``[i] text`` (Word numbers them i, ii, iii). Numbered paragraphs keep the
number Word shows ("2.", "(iv)", "b)"; :mod:`.ooxml`), bulleted ones get "• ". Each block is
one "¶ n" location. Table rows become one line each, cells separated by tabs. Headers,
footers, comments and tracked deletions are not part of the source's text.
"""

from __future__ import annotations

import io
import zipfile

from .. import ziplimits
from ..errors import BriefError
from ..model import SourceInput
from .blocks import assemble, numbered
from .ooxml import M, Numbering, linear_math, roman

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


class _Context:
    """What walking the body collects: note numbers in order of reference, list counters."""

    def __init__(self, numbering: Numbering):
        self.footnotes: dict[str, int] = {}  # footnote id -> the number shown
        self.endnotes: dict[str, int] = {}
        self.numbering = numbering


def read(data: bytes, name: str) -> SourceInput:
    import docx

    from .. import docx_internals
    from ..docx_internals import PackageNotFoundError

    _refuse_bomb(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BriefError(f"{name} is not a readable Word document ({_short(exc)})") from None
    except Exception as exc:  # lxml parse errors of a damaged part, among others
        raise BriefError(f"{name} is damaged and cannot be read ({_short(exc)})") from None
    context = _Context(_numbering(document))
    blocks = [text for element in docx_internals.body(document).iterchildren()
              for text in _block(element, context)]
    for kind, heading, label in (("footnotes", "Notes", str), ("endnotes", "Endnotes", roman)):
        refs = getattr(context, kind)
        if refs:
            notes = _notes(document, kind)
            blocks.append(heading)
            blocks += [f"[{label(n)}] {notes.get(note_id, '')}" for note_id, n in refs.items()]
    text, locations = assemble(numbered(blocks))
    if not text.strip():
        raise BriefError(f"{name} has no text")
    props = document.core_properties
    return SourceInput(text=text, title=_one_line(props.title) or name.rsplit(".", 1)[0],
                       author=_one_line(props.author), format="docx", original=data,
                       locations=locations)


# python-docx unpacks every part into memory: a decompression bomb is refused first.
MAX_UNPACKED_BYTES = ziplimits.MAX_UNPACKED_BYTES


def _refuse_bomb(data: bytes, name: str) -> None:
    """Judged by the bytes each part actually inflates to (see ziplimits.py)."""
    ziplimits.refuse_bomb(data, name, MAX_UNPACKED_BYTES)


def _block(element, context: _Context) -> list[str]:
    """The text blocks of one body element: a paragraph, or every row of a table."""
    if element.tag == f"{W}p":
        text = _runs(element, context)
        label = context.numbering.label(element)
        if label is None and _is_list_item(element):
            label = "•"
        return [f"{label} {text}" if label and text.strip() else text]
    if element.tag == f"{W}tbl":
        rows = []
        for tr in element.iterchildren(f"{W}tr"):
            cells = [" ".join(_runs(p, context) for p in tc.iter(f"{W}p"))
                     for tc in tr.iterchildren(f"{W}tc")]
            rows.append("\t".join(" ".join(c.split()) for c in cells))
        return rows
    if element.tag == f"{W}sdt":  # content controls wrap ordinary paragraphs and tables
        content = element.find(f"{W}sdtContent")
        return [t for child in (content if content is not None else [])
                for t in _block(child, context)]
    if element.tag == f"{M}oMathPara":  # a display equation between paragraphs
        return [linear_math(element)]
    return []


def _runs(paragraph, context: _Context) -> str:
    """A paragraph's visible text, in document order, with note markers and equations."""
    out = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen",
                               f"{W}footnoteReference", f"{W}endnoteReference", f"{M}oMath"):
        if _deleted(node, paragraph) or (node.tag != f"{M}oMath" and _in_math(node, paragraph)):
            continue
        tag = node.tag[len(W):] if node.tag.startswith(W) else "math"
        if tag == "t":
            out.append(node.text or "")
        elif tag == "tab":
            out.append(" ")
        elif tag in ("br", "cr"):
            out.append("\n")
        elif tag == "noBreakHyphen":
            out.append("-")
        elif tag == "math":
            out.append(linear_math(node))
        else:
            refs = context.footnotes if tag == "footnoteReference" else context.endnotes
            note_id = node.get(f"{W}id")
            refs.setdefault(note_id, len(refs) + 1)
            out.append(f"[{refs[note_id] if refs is context.footnotes else roman(refs[note_id])}]")
    return "".join(out)


def _inside(node, paragraph, tags: tuple[str, ...]) -> bool:
    """Whether an element tagged one of ``tags`` holds ``node`` within ``paragraph``."""
    parent = node.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _in_math(node, paragraph) -> bool:
    return _inside(node, paragraph, (f"{M}oMath",))


def _deleted(node, paragraph) -> bool:
    """True inside tracked-change deletions or moved-away text, which Word does not show."""
    return _inside(node, paragraph, (f"{W}del", f"{W}moveFrom"))


def _is_list_item(paragraph) -> bool:
    """Numbered or bulleted, directly or by a "List …" style (numbered headings aren't)."""
    ppr = paragraph.find(f"{W}pPr")
    if ppr is None:
        return False
    style = ppr.find(f"{W}pStyle")
    style = style.get(f"{W}val", "").lower() if style is not None else ""
    if style.startswith(("heading", "title")):
        return False
    return ppr.find(f"{W}numPr") is not None or style.startswith("list")


def _notes(document, kind: str) -> dict[str, str]:
    """Footnote or endnote id -> text, from the notes part the document's relationships
    name (python-docx loads it as raw bytes)."""
    from lxml import etree

    from ..docx_internals import related_blob

    tag = kind[:-1]  # "footnote" / "endnote"
    part = related_blob(document, _RELS + kind)
    if part is None:
        return {}
    try:
        root = etree.fromstring(part[1], etree.XMLParser(resolve_entities=False,
                                                         no_network=True))
    except etree.XMLSyntaxError:
        return {}
    context = _Context(Numbering(None, None))
    return {note.get(f"{W}id"): " ".join(_runs(p, context)
                                        for p in note.iter(f"{W}p")).strip()
            for note in root.iterchildren(f"{W}{tag}")
            if note.get(f"{W}type") in (None, "normal")}


def _numbering(document) -> Numbering:
    """The list definitions of the document (none if it has no numbering part)."""
    from ..docx_internals import element, numbering_element

    try:
        numbering = numbering_element(document)
    except (KeyError, NotImplementedError, AttributeError):
        numbering = None
    try:
        styles = element(document.styles)
    except (KeyError, NotImplementedError, AttributeError):
        styles = None
    return Numbering(numbering, styles)


def _one_line(value) -> str:
    return " ".join(str(value).split()) if value else ""


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:100] or type(exc).__name__
