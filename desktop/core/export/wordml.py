"""WordprocessingML written as text, and what needs no python-docx object.

The memo's body and notes are built as XML text (:func:`run`, :func:`paragraph`,
:func:`table_xml`) and parsed or spliced in once (:mod:`.writer`, :mod:`.footnotes`);
building them element by element through python-docx took most of a 1,500-note export. Also
here: escaping, link addresses, the right-to-left test, the relationship and content types
the exporter names, and the byte-level repair of a template's package.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from urllib.parse import quote, urlsplit, urlunsplit

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Relationship and content types (ECMA-376's names, as python-docx's constants spell them).
RT_FOOTNOTES = f"{R_NS}/footnotes"
RT_HYPERLINK = f"{R_NS}/hyperlink"
RT_THEME = f"{R_NS}/theme"
RT_EXTENDED_PROPERTIES = f"{R_NS}/extended-properties"
_OFFICE = "application/vnd.openxmlformats-officedocument"
CT_FOOTNOTES = f"{_OFFICE}.wordprocessingml.footnotes+xml"
CT_EXTENDED_PROPERTIES = f"{_OFFICE}.extended-properties+xml"
# The package-relationship type python-docx knows for the core properties.
_CORE_STANDARD = (b"http://schemas.openxmlformats.org/package/2006/relationships/"
                  b"metadata/core-properties")


def xml_escape(text: str) -> str:
    """``text`` as XML character data or an attribute value in double quotes.

    (``xml.sax.saxutils.escape`` would do, but importing it imports ``urllib.request``,
    a fifth of the export's start-up time.)"""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace('"', "&quot;")



HYPERLINK_SCHEMES = ("http", "https", "mailto")


def web_address(url: str) -> str:
    """``url`` as a link target must be written: percent-encoded (UTF-8) where it holds
    spaces or characters outside ASCII, an international host name in its ASCII (IDNA)
    form. Escapes already there are kept; a stray ``%`` becomes ``%25``."""
    parts = urlsplit(url.strip())
    netloc = parts.netloc
    if not netloc.isascii():
        userinfo, at, hostport = netloc.rpartition("@")
        host, colon, port = hostport.partition(":")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            host = quote(host, safe="")
        netloc = f"{userinfo}{at}{host}{colon}{port}"

    def encode(text: str, safe: str) -> str:
        return quote(re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", text), safe=safe + "%")
    sub_delims = "!$&'()*+,;="
    return urlunsplit((parts.scheme, netloc, encode(parts.path, sub_delims + ":@/"),
                       encode(parts.query, sub_delims + ":@/?"),
                       encode(parts.fragment, sub_delims + ":@/?")))


def linkable(url: str) -> bool:
    """Whether ``url`` is safe to make a hyperlink: a web or mail address."""
    url = url.strip()
    if not url or any(ord(c) < 32 for c in url):
        return False
    try:
        parts = urlsplit(web_address(url))
    except ValueError:
        return False
    return parts.scheme.lower() in HYPERLINK_SCHEMES and bool(parts.netloc or parts.path)


# Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, ... and their
# presentation forms): a quick test before the exact one.
RTL_CHARS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
                        "\U00010800-\U00010fff\U0001e800-\U0001efff]")


def starts_right_to_left(text: str) -> bool:
    """Whether ``text``'s first strong character is right-to-left (Unicode's rule P2)."""
    if not RTL_CHARS.search(text):
        return False
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False



# The memo's body and notes are written as WordprocessingML text and parsed once, instead of
# element by element through python-docx (34,000 element insertions for a 1,500-note memo
# took most of an export). A *piece* is ``(xml, text)``: a run's markup and its plain text,
# which decides whether the paragraph reads right to left.
Piece = tuple[str, str]
_XML_SPACE = ' xml:space="preserve"'


def text_element(text: str) -> str:
    """A ``w:t`` holding ``text``; ``xml:space="preserve"`` only where spaces at either end
    or in a row could otherwise be dropped (a fifth of a long memo's XML was that
    attribute)."""
    space = _XML_SPACE if (text[:1].isspace() or text[-1:].isspace() or "  " in text) else ""
    return f"<w:t{space}>{xml_escape(text)}</w:t>"


def run(text: str, *, bold: bool = False, italic: bool = False,
        style_id: str | None = None) -> Piece:
    """A run of ``text`` (XML-safe already); a line break in it becomes ``w:br``, a tab
    ``w:tab``. Right-to-left text gets ``w:rtl``."""
    props = (f'<w:rStyle w:val="{xml_escape(style_id)}"/>' if style_id else "") \
        + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    if RTL_CHARS.search(text) and starts_right_to_left(text):
        props += "<w:rtl/>"
    if "\n" in text or "\t" in text:
        body = []
        for i, line in enumerate(text.split("\n")):
            if i:
                body.append("<w:br/>")
            for j, cell in enumerate(line.split("\t")):
                if j:
                    body.append("<w:tab/>")
                if cell:
                    body.append(text_element(cell))
        inner = "".join(body)
    else:
        inner = text_element(text) if text else ""
    return (f"<w:r><w:rPr>{props}</w:rPr>{inner}</w:r>" if props else f"<w:r>{inner}</w:r>",
            text)


def paragraph(style_id: str, pieces: list[Piece] = ()) -> str:
    """A paragraph in style ``style_id``, marked right to left (``w:bidi``) when its text
    starts in a right-to-left script."""
    text = "".join(t for _x, t in pieces)
    bidi = "<w:bidi/>" if RTL_CHARS.search(text) and starts_right_to_left(text) else ""
    return (f'<w:p><w:pPr><w:pStyle w:val="{xml_escape(style_id)}"/>{bidi}</w:pPr>'
            + "".join(x for x, _t in pieces) + "</w:p>")


PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def table_xml(rows: list[tuple[str, ...]], widths: list[int], style_id: str) -> str:
    """A table of plain-text ``rows`` (the first a header row), columns ``widths`` EMU wide.
    Every row is kept on one page (``w:cantSplit``); the header row repeats on each page
    the table runs onto."""
    twips = [max(1, w // 635) for w in widths]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
    xml = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{xml_escape(style_id)}"/>'
           f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:tblLook w:val="04A0" '
           'w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" '
           f'w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
    for i, row in enumerate(rows):
        xml.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if i == 0 else "")
                   + "</w:trPr>")
        for width, value in zip(twips, row):
            xml.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>')
            if not value:
                xml.append("<w:p/></w:tc>")
            elif RTL_CHARS.search(value):
                xml.append(paragraph_without_style([run(value)]) + "</w:tc>")
            else:  # the usual cell: one line of left-to-right text
                xml.append(f"<w:p><w:r>{text_element(value)}</w:r></w:p></w:tc>")
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    return "".join(xml)


def paragraph_without_style(pieces: list[Piece]) -> str:
    text = "".join(t for _x, t in pieces)
    bidi = ("<w:pPr><w:bidi/></w:pPr>" if RTL_CHARS.search(text)
            and starts_right_to_left(text) else "")
    return f"<w:p>{bidi}" + "".join(x for x, _t in pieces) + "</w:p>"




_TEMPLATE_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# What LibreOffice (some versions) and a few other tools write for the core-properties
# relationship; python-docx only knows the package namespace's, and adds a second
# docProps/core.xml beside a part it did not recognise.
_CORE_VARIANT = (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                 b"metadata/core-properties")
_MAX_TEMPLATE_BYTES = 200 * 1024 * 1024  # inflated; a template is styles, not a library


def normalised_package(data: bytes) -> bytes:
    """A Word package's bytes as python-docx reads them right, for any tool's template.

    A .dotx is relabelled as a document (python-docx refuses templates); the
    core-properties relationship gets its standard type; a name stored twice in the zip is
    kept once (the copy a zip reader sees). Inflating stops at 200 MB whatever the zip's
    directory declares. Raises ``zipfile.BadZipFile``, ``KeyError`` or ``ValueError`` for
    what is not a Word package.
    """
    out = io.BytesIO()
    total = 0
    with zipfile.ZipFile(io.BytesIO(data)) as z, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        if "[Content_Types].xml" not in z.NameToInfo:
            raise KeyError("no [Content_Types].xml")
        written = set()
        for name, info in z.NameToInfo.items():
            if name in written or name.endswith("/"):
                continue
            written.add(name)
            with z.open(info) as member:
                blob = member.read(_MAX_TEMPLATE_BYTES - total + 1)
            total += len(blob)
            if total > _MAX_TEMPLATE_BYTES:
                raise ValueError("it unpacks to more than 200 MB")
            if name == "[Content_Types].xml":
                blob = blob.replace(_TEMPLATE_MAIN, _DOCUMENT_MAIN)
            elif name == "_rels/.rels":
                blob = blob.replace(_CORE_VARIANT, _CORE_STANDARD)
            w.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), blob)
    return out.getvalue()
