"""Word (.docx): paragraphs, headings, list items and table rows in reading order.

python-docx gives the body's paragraphs and tables, but its ``Paragraph.text`` skips
footnote references, and it has no footnote API at all, so this module walks the run XML
itself for text (tabs, breaks, footnote markers) and reads ``word/footnotes.xml`` with lxml.
Footnotes are appended after the body under a "Notes" line, each as ``[n] text``, with the
marker ``[n]`` left in the body where the reference was. Each block is one "¶ n" location.
Table rows become one line each, cells separated by tabs. Headers, footers, comments and
tracked deletions are not part of the source's text.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import BriefError
from ..model import SourceInput
from .blocks import assemble, numbered
from . import ziplimits

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOOTNOTES_PART = "/word/footnotes.xml"


def read(data: bytes, name: str) -> SourceInput:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _refuse_bomb(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BriefError(f"{name} is not a readable Word document ({_short(exc)})") from None
    except Exception as exc:  # lxml parse errors of a damaged part, among others
        raise BriefError(f"{name} is damaged and cannot be read ({_short(exc)})") from None
    notes = _footnotes(document)
    numbers: dict[str, int] = {}  # footnote id -> the number shown, in order of reference
    blocks = [text for element in document.element.body.iterchildren()
              for text in _block(element, numbers)]
    if numbers:
        blocks.append("Notes")
        blocks += [f"[{n}] {notes.get(note_id, '')}" for note_id, n in numbers.items()]
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


def _block(element, numbers: dict) -> list[str]:
    """The text blocks of one body element: a paragraph, or every row of a table."""
    if element.tag == f"{W}p":
        text = _runs(element, numbers)
        return [("• " + text) if text.strip() and _is_list_item(element) else text]
    if element.tag == f"{W}tbl":
        rows = []
        for tr in element.iterchildren(f"{W}tr"):
            cells = [" ".join(_runs(p, numbers) for p in tc.iter(f"{W}p"))
                     for tc in tr.iterchildren(f"{W}tc")]
            rows.append("\t".join(" ".join(c.split()) for c in cells))
        return rows
    if element.tag == f"{W}sdt":  # content controls wrap ordinary paragraphs and tables
        content = element.find(f"{W}sdtContent")
        return [t for child in (content if content is not None else [])
                for t in _block(child, numbers)]
    return []


def _runs(paragraph, numbers: dict) -> str:
    """A paragraph's visible text, in document order, with footnote markers."""
    out = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen",
                               f"{W}footnoteReference"):
        if _deleted(node, paragraph):
            continue
        tag = node.tag[len(W):]
        if tag == "t":
            out.append(node.text or "")
        elif tag == "tab":
            out.append(" ")
        elif tag in ("br", "cr"):
            out.append("\n")
        elif tag == "noBreakHyphen":
            out.append("-")
        else:
            note_id = node.get(f"{W}id")
            numbers.setdefault(note_id, len(numbers) + 1)
            out.append(f"[{numbers[note_id]}]")
    return "".join(out)


def _deleted(node, paragraph) -> bool:
    """True inside tracked-change deletions or moved-away text, which Word does not show."""
    parent = node.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in (f"{W}del", f"{W}moveFrom"):
            return True
        parent = parent.getparent()
    return False


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


def _footnotes(document) -> dict[str, str]:
    """Footnote id -> text, from the raw footnotes part (python-docx loads it as bytes)."""
    from lxml import etree

    for part in document.part.package.iter_parts():
        if str(part.partname) == FOOTNOTES_PART:
            try:
                root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False,
                                                                   no_network=True))
            except etree.XMLSyntaxError:
                return {}
            return {note.get(f"{W}id"): " ".join(_runs(p, {}) for p in note.iter(f"{W}p")).strip()
                    for note in root.iterchildren(f"{W}footnote")
                    if note.get(f"{W}type") in (None, "normal")}
    return {}


def _one_line(value) -> str:
    return " ".join(str(value).split()) if value else ""


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:100] or type(exc).__name__
