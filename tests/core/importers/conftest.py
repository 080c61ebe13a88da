"""Factories that make realistic import fixtures inside the tests (nothing binary is checked in)."""

from __future__ import annotations

import io
import zipfile

import pytest

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ARTICLE = [
    "The ministry announced on Monday that grain exports through the southern ports would "
    "resume next week, ending a suspension that began in March.",
    "Officials said port capacity remains the main constraint on shipments, with only two of "
    "the five terminals fully operational after the winter storms.",
    "« Nous avons fait le nécessaire », a déclaré la ministre à Montréal, ajoutant que "
    "l'accord resterait en vigueur jusqu'à l'été.",
    "وقال المتحدث باسم الوزارة إن الصادرات ستستأنف الأسبوع المقبل 🌾 according to the wire.",
    "A spokesman for the navy declined to comment on escort arrangements for commercial "
    "vessels leaving the region.",
]


def cluttered_page(paragraphs=ARTICLE, charset="utf-8") -> str:
    """A news page as a browser saves it: banner, nav, scripts, byline, related, footer."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">
<title>Grain exports to resume next week, ministry says | The Daily Ledger</title>
<meta property="og:site_name" content="The Daily Ledger">
<meta property="og:title" content="Grain exports to resume next week, ministry says">
<meta name="author" content="Maria Kovacs">
<meta property="article:published_time" content="2024-05-13T08:30:00Z">
<link rel="canonical" href="https://ledger.example.com/world/2024/05/13/grain-exports">
<style>.nav{{display:flex}} body{{font-family:serif}}</style>
<script>window.dataLayer=[];function track(){{console.log("tracking pixel fired")}}</script>
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience.
By continuing to browse you agree to our use of cookies.</p><button>Accept all</button></div>
<header class="site-header"><nav class="nav"><ul><li><a href="/">Home</a></li>
<li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
<li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<main><article>
<h1>Grain exports to resume next week, ministry says</h1>
<div class="byline">By <span class="author">Maria Kovacs</span></div>
{body}
<aside class="newsletter"><p>Sign up for our morning briefing newsletter.</p></aside>
</article>
<section class="related-stories"><h2>Related stories</h2><ul>
<li><a href="/a">Wheat futures slide as traders weigh supply risks</a></li>
<li><a href="/b">Storm damage closes two terminals at the southern ports</a></li></ul>
</section></main>
<footer class="site-footer"><p>© 2024 The Daily Ledger. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> · <a href="/terms">Terms of use</a></p></footer>
<script>track();</script>
</body></html>"""


def make_pdf(pages, *, title="", author="", user_password=None) -> bytes:
    """A PDF with one text page per item of ``pages`` ("" makes a page without text)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_author(author)
    if user_password is not None:
        pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def make_docx(*, footnote: str | None = None) -> bytes:
    """A briefing note with title, headings, a list, a table and (optionally) a footnote."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = docx.Document()
    doc.core_properties.title = "Note on grain corridors"
    doc.core_properties.author = "A. Analyst"
    doc.add_heading("Grain corridors", 0)
    doc.add_heading("Background", 1)
    para = doc.add_paragraph("Exports resumed on Monday.")
    if footnote:
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), "1")
        para.add_run()._r.append(ref)
    para.add_run(" Ports reopened.")
    doc.add_paragraph("Capacity at two terminals", style="List Bullet")
    doc.add_paragraph("Naval escorts", style="List Number")
    table = doc.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "Port", (0, 1): "Capacity", (1, 0): "Odesa",
                         (1, 1): "40 %"}.items():
        table.cell(r, c).text = text
    doc.add_paragraph("Le ministère a annoncé la reprise — مرحبا 🌾.")
    buf = io.BytesIO()
    doc.save(buf)
    return _with_footnotes(buf.getvalue(), footnote) if footnote else buf.getvalue()


def _with_footnotes(data: bytes, text: str) -> bytes:
    """python-docx cannot write footnotes: add the part and its relationship by hand."""
    part = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:footnotes xmlns:w="{W_NS}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
            '</w:footnotes>')
    return _with_part(data, "word/footnotes.xml", part, "footnotes")


@pytest.fixture
def with_part():
    """:func:`_with_part`, for tests that add another part python-docx cannot write."""
    return _with_part


def _with_part(data: bytes, name: str, xml: str, kind: str) -> bytes:
    """``data`` (a .docx) with one more part, e.g. footnotes or endnotes, which python-docx
    cannot write: the part, its content type and the document's relationship to it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    content_type = (f"application/vnd.openxmlformats-officedocument.wordprocessingml."
                    f"{kind}+xml")
    relationship = f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}"
    target_name = name.removeprefix("word/")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", (
                    f'<Override PartName="/{name}" ContentType="{content_type}"/>'
                    "</Types>").encode())
            elif item.filename == "word/_rels/document.xml.rels":
                content = content.replace(b"</Relationships>", (
                    f'<Relationship Id="rId{kind.title()}" Type="{relationship}" '
                    f'Target="{target_name}"/></Relationships>').encode())
            target.writestr(item, content)
        target.writestr(name, xml)
    return out.getvalue()


@pytest.fixture
def samples():
    """The factories, for tests that need fixtures of several formats."""
    class Samples:
        article = ARTICLE
        page = staticmethod(cluttered_page)
        pdf = staticmethod(make_pdf)
        docx = staticmethod(make_docx)
    return Samples
