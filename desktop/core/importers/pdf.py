"""PDF: the text a reader sees, paragraph by paragraph, with the page of every line.

The engine is PDFium (pypdfium2, Apache-2.0/BSD): on a 220-page two-column report it read the
text layer 25× faster than pypdf, in the same (content) order, which for reports set in
columns is reading order. PyMuPDF was not considered further: its AGPL licence does not fit.

PDFs store lines, not paragraphs, so a copied sentence would not match text that keeps every
visual line break. :mod:`.pdflayout` rebuilds paragraphs from each line's box and font size
(see there). The location map says where each page starts (``"p. N"``, N the page's position
in the file), so a quote cites its page; the line boxes (``SourceInput.boxes``: offset of the
line's first character in the stored text, page, box in PDF points) let a page view draw a
highlight on the rendered page.

A PDF without a text layer (a scan) or one that needs a password cannot be read and says
so; pages without text in an otherwise readable PDF are named in a warning.
"""

from __future__ import annotations

import re
import zlib

from ..errors import BriefError
from ..model import SourceInput
from . import metadata, pdflayout

# PDFium's error for a document that needs a password to open (FPDF_ERR_PASSWORD).
_ERR_PASSWORD = 4
# PDFium inflates a page's streams in memory without a limit (a 4 MB file of one
# compressed stream of spaces took 1 GB), so the streams' unpacked size is measured first.
# A 300-page report unpacks to a few tens of MB.
MAX_INFLATED = 400_000_000
_STREAM = re.compile(rb"stream\r?\n")


def read(data: bytes, name: str) -> SourceInput:
    import pypdfium2 as pdfium

    if b"%PDF-" not in data[:1024]:
        raise BriefError(f"{name} is not a PDF file (it does not start like one)")
    if b"%%EOF" not in data[-4096:]:
        raise BriefError(f"{name} is truncated: the PDF ends before its end marker; "
                         "download or copy it again")
    _refuse_bomb(data, name)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _ERR_PASSWORD:
            raise BriefError(f"{name} is password-protected; open it in a PDF reader, save an "
                             "unprotected copy and import that") from None
        raise BriefError(f"{name} is damaged and cannot be read ({_short(exc)})") from None
    try:
        pages = [_page_lines(document, n) for n in range(len(document))]
        info = _info(document)
    except (pdfium.PdfiumError, ValueError, MemoryError) as exc:
        raise BriefError(f"{name} is damaged and cannot be read ({_short(exc)})") from None
    finally:
        document.close()
    text, locations, boxes = pdflayout.rebuild(pages)
    if not text.strip():
        raise BriefError(f"{name} has no text layer (it looks scanned); run it through OCR "
                         "and import the result")
    blank = [n for n, page in enumerate(pages, 1) if not page.lines]
    warnings = [f"{name}: no text on {_pages(blank)} of {len(pages)} (scanned images?); "
                "that part is missing from the source"] if blank else []
    return SourceInput(text=text, title=metadata.title(info.get("title", "")),
                       author=metadata.author(info.get("author", "")),
                       format="pdf", original=data, locations=locations, boxes=boxes,
                       warnings=warnings)


def _refuse_bomb(data: bytes, name: str) -> None:
    """Refuse a PDF whose Flate streams unpack to more than :data:`MAX_INFLATED` bytes,
    counted by inflating them in pieces (nothing is kept)."""
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        if data[start:start + 1] not in (b"x", b"h", b"X", b"8", b"H"):  # not a zlib header
            continue
        inflater = zlib.decompressobj()
        position = start
        try:
            while not inflater.eof and total <= MAX_INFLATED and position < len(data):
                chunk = data[position:position + (1 << 20)]
                total += len(inflater.decompress(chunk, 1 << 24))
                position += len(chunk) - len(inflater.unconsumed_tail)
        except zlib.error:
            pass  # not Flate, or encrypted: PDFium reports what it cannot read
        if total > MAX_INFLATED:
            raise BriefError(f"{name} has parts that unpack to more than "
                             f"{MAX_INFLATED // 1_000_000} MB; refusing it as a likely "
                             "decompression bomb")


def _page_lines(document, index: int) -> pdflayout.Page:
    """One page's text lines in content order, each with its box and font size.

    PDFium separates the lines it finds with CR LF and puts U+FFFE where it took a hyphen at
    a line's end for hyphenation (dropping that line break): both end a physical line here.
    Its text has one character per character index, so a line's box is the union of its
    first and last characters' boxes (two calls a line instead of one a character).
    """
    import pypdfium2.raw as raw

    page = document[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            count = textpage.count_chars()
            text = textpage.get_text_range(0, count) if count > 0 else ""
            lines = []
            if len(text) == count:
                # "Loose" boxes span the font's ascent to descent: their height is the size
                # the text is set in, whatever the font's nominal size says. (The raw call
                # with one reused rectangle: a third of the time of the wrapper's.)
                rect = raw.FS_RECTF()
                loose_box = raw.FPDFText_GetLooseCharBox
                for start, end, hyphen in pdflayout.split_lines(text):
                    loose_box(textpage, start, rect)
                    x0, y0, y1 = rect.left, rect.bottom, rect.top
                    loose_box(textpage, end if hyphen else max(end - 1, start), rect)
                    b1, x1, t1 = rect.bottom, rect.right, rect.top
                    lines.append(pdflayout.Line(text[start:end], x0, min(y0, b1), x1,
                                                max(y1, t1), y1 - y0, hyphen, t1 - b1))
            else:  # a text whose length does not match its characters: no geometry
                lines = [pdflayout.Line(t, 0.0, 0.0, 0.0, 0.0, 0.0, False, 0.0)
                         for t in text.replace("\ufffe", "-\r\n").split("\r\n")]
        finally:
            textpage.close()
    finally:
        page.close()
    return pdflayout.Page(index + 1, width, height,
                          [line for line in lines if line.text.strip()])


def _info(document) -> dict:
    """Title and author from the document information dictionary, where they are set."""
    meta = document.get_metadata_dict(skip_empty=True)
    out = {}
    for key, field in (("Title", "title"), ("Author", "author")):
        value = " ".join(str(meta.get(key, "")).split())
        if value:
            out[field] = value
    return out


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:10])) + (", …" if len(numbers) > 10 else "")
    return f"page {shown}" if len(numbers) == 1 else f"pages {shown}"


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:100] or type(exc).__name__
