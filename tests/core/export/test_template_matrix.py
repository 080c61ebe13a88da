"""Templates people actually have: each exports, stays valid, keeps its look, gains no
duplicate part or style, and opens in LibreOffice.

The matrix: pandoc's default reference document (empty ``w:sectPr``), a LibreOffice-made
template with custom styles (and the same with the core-properties relationship LibreOffice
sometimes writes), python-docx's default document, two Word-made documents from
python-docx's test suite (see ``templates/SOURCES.md``), one with no section properties and
one with a page size but no margins.
"""

from __future__ import annotations

import collections
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from desktop import __version__
from desktop.core.export import STYLES, export_docx
from desktop.core.export.template import ALIASES

HERE = Path(__file__).parent / "templates"
PANDOC = shutil.which("pandoc")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _pandoc(tmp_path):
    if PANDOC is None:
        pytest.skip("pandoc is not installed")
    path = tmp_path / "pandoc-reference.docx"
    subprocess.run([PANDOC, "-o", str(path), "--print-default-data-file", "reference.docx"],
                   check=True)
    return path


def _python_docx(tmp_path):
    path = tmp_path / "python-docx.docx"
    docx.Document().save(str(path))
    return path


def _no_section(tmp_path):
    d = docx.Document()
    d.add_paragraph("Old text")
    body = d.element.body
    body.remove(body.find(qn("w:sectPr")))
    path = tmp_path / "no-sectpr.docx"
    d.save(str(path))
    return path


def _no_margins(tmp_path):
    d = docx.Document()
    sect = d.element.body.find(qn("w:sectPr"))
    sect.remove(sect.find(qn("w:pgMar")))
    path = tmp_path / "no-margins.docx"
    d.save(str(path))
    return path


def _libreoffice_variant(tmp_path):
    """LibreOffice's template with the officeDocument core-properties relationship type."""
    out = io.BytesIO()
    with zipfile.ZipFile(HERE / "libreoffice-custom-styles.docx") as z, \
            zipfile.ZipFile(out, "w") as w:
        for info in z.infolist():
            blob = z.read(info)
            if info.filename == "_rels/.rels":
                blob = blob.replace(b"package/2006/relationships/metadata/core-properties",
                                    b"officeDocument/2006/relationships/metadata/core-properties")
                assert b"officeDocument/2006/relationships/metadata/core" in blob
            w.writestr(info, blob)
    path = tmp_path / "libreoffice-core-variant.docx"
    path.write_bytes(out.getvalue())
    return path


TEMPLATES = {
    "pandoc": _pandoc,
    "libreoffice": lambda tmp: HERE / "libreoffice-custom-styles.docx",
    "libreoffice-core-variant": _libreoffice_variant,
    "python-docx": _python_docx,
    "word-blank": lambda tmp: HERE / "word-blank.docx",
    "word-first-page-header": lambda tmp: HERE / "word-first-page-header.docx",
    "no-sectpr": _no_section,
    "no-margins": _no_margins,
}


def _style_names(path) -> list[tuple[str, str]]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/styles.xml"))
    return [(s.get(f"{W}type") or "paragraph", s.find(f"{W}name").get(f"{W}val").casefold())
            for s in root.findall(f"{W}style") if s.find(f"{W}name") is not None]


@pytest.fixture(params=list(TEMPLATES))
def exported(request, sample, tmp_path):
    template = TEMPLATES[request.param](tmp_path)
    result = export_docx(sample.store, tmp_path / f"memo-{request.param}.docx",
                         template=template)
    return request.param, template, result


def test_template_exports_a_valid_package_without_duplicates(exported, ooxml):
    name, template, result = exported
    assert ooxml.validate(result.path) == [], name
    from openxml_audit import FileFormat, OpenXmlValidator
    office_2016 = OpenXmlValidator(file_format=FileFormat.OFFICE_2016).validate(str(result.path))
    assert [str(e) for e in office_2016.errors] == [], name
    with zipfile.ZipFile(result.path) as z:
        names = z.namelist()
        assert z.testzip() is None
    assert [n for n, c in collections.Counter(names).items() if c > 1] == []
    assert names.count("docProps/core.xml") == 1
    # Each memo style exists exactly once (by name or alias); no style name the template
    # did not already repeat appears twice.
    before = collections.Counter(_style_names(template))
    after = collections.Counter(_style_names(result.path))
    for style, kind in STYLES.values():
        count = sum(after[(kind, n.casefold())] for n in (style, *ALIASES.get(style, ())))
        assert count == 1, (name, style)
    assert {k for k, c in after.items() if c > 1} <= {k for k, c in before.items() if c > 1}


def test_template_gets_a_complete_page_setup(exported):
    name, _template, result = exported
    section = docx.Document(str(result.path)).sections[-1]
    for attr in ("page_width", "page_height", "left_margin", "right_margin", "top_margin",
                 "bottom_margin", "header_distance", "footer_distance", "gutter"):
        assert getattr(section, attr) is not None, (name, attr)
    assert section.page_width > section.left_margin + section.right_margin


def test_template_export_is_word_native(exported, ooxml):
    name, _template, result = exported
    settings = ooxml.part_xml(result.path, "word/settings.xml")
    modes = [c.get(f"{W}val") for c in settings.iter(f"{W}compatSetting")
             if c.get(f"{W}name") == "compatibilityMode"]
    assert modes == ["15"], name
    app = ooxml.part_xml(result.path, "docProps/app.xml")
    ep = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    assert app.findtext(f"{ep}Application") == "Briefing Builder"
    major, minor, patch = (int(n) for n in __version__.split(".")[:3])
    assert app.findtext(f"{ep}AppVersion") == f"{major:02d}.{minor:02d}{patch:02d}"
    assert app.find(f"{ep}Pages") is None and app.find(f"{ep}Words") is None
    with zipfile.ZipFile(result.path) as z:
        core = z.read("docProps/core.xml").decode()
    assert "lastPrinted" not in core and "Steve Canny" not in core, name


def test_libreoffice_template_keeps_its_body_text_look(sample, tmp_path):
    result = export_docx(sample.store, tmp_path / "memo.docx",
                         template=HERE / "libreoffice-custom-styles.docx")
    d = docx.Document(str(result.path))
    prose = next(p for p in d.paragraphs if p.text.startswith("Port traffic is"))
    assert prose.style.name == "Body Text"
    assert prose.style.font.size.pt == 13
    header = next(p for p in d.paragraphs if p.text.startswith("FROM"))
    assert header.style.name == "Memo Header" and header.style.font.name == "Courier New"
    missing = " ".join(result.warnings)
    assert "Body Text" not in missing and "Memo Header" not in missing


def test_marking_reaches_a_different_first_page(sample, tmp_path):
    result = export_docx(sample.store, tmp_path / "memo.docx",
                         template=HERE / "word-first-page-header.docx")
    section = docx.Document(str(result.path)).sections[0]
    assert section.different_first_page_header_footer
    assert "OFFICIAL-SENSITIVE" in [p.text for p in section.first_page_header.paragraphs]
    assert "OFFICIAL-SENSITIVE" in [p.text for p in section.first_page_footer.paragraphs]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_every_template_opens_in_libreoffice(sample, tmp_path):
    """One LibreOffice run converts the memo made with each template; each PDF has the
    claim, a footnote and the marking."""
    made = []
    for name, make in TEMPLATES.items():
        if name == "pandoc" and PANDOC is None:
            continue
        made.append(export_docx(sample.store, tmp_path / f"memo-{name}.docx",
                                template=make(tmp_path)).path)
    out = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(out), *map(str, made)],
                   check=True, capture_output=True, timeout=300)
    from pypdf import PdfReader
    for path in made:
        pdf = out / (path.stem + ".pdf")
        assert pdf.is_file() and pdf.stat().st_size > 0, f"no PDF for {path.name}"
        text = " ".join(" ".join((p.extract_text() or "") for p in PdfReader(pdf).pages).split())
        assert "Container traffic will keep falling through Q2." in text, path.name
        assert "Container volumes fell 12 per cent in March." in text, path.name
        assert "OFFICIAL-SENSITIVE" in text, path.name


def _broken(tmp_path, name, part, change):
    """python-docx's default document with one part changed (None: removed)."""
    good = tmp_path / "good.docx"
    d = docx.Document()
    d.add_paragraph("x")
    d.save(str(good))
    out = io.BytesIO()
    with zipfile.ZipFile(good) as z, zipfile.ZipFile(out, "w") as w:
        for entry in z.namelist():
            blob = z.read(entry)
            if entry == part:
                blob = change(blob)
            if blob is not None:
                w.writestr(entry, blob)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


def test_a_template_with_unreadable_notes_still_exports(sample, tmp_path, ooxml):
    template = _broken(tmp_path, "notes.docx", "[Content_Types].xml", lambda b: b)
    with zipfile.ZipFile(template, "a") as z:  # a footnotes part that is not XML
        z.writestr("word/footnotes.xml", b"<not xml")
    result = export_docx(sample.store, tmp_path / "memo.docx", template=template)
    assert result.footnotes == 3 and ooxml.validate(result.path) == []


def test_a_broken_template_is_one_clear_error(sample, tmp_path):
    import re

    from desktop.core.errors import BriefError
    dangling = _broken(tmp_path, "dangling.docx", "word/document.xml", lambda b: re.sub(
        rb"(<w:sectPr[^>]*>)", rb'\1<w:headerReference w:type="default" r:id="rId999"/>', b))
    with pytest.raises(BriefError, match="template dangling.docx could not be used"):
        export_docx(sample.store, tmp_path / "memo.docx", template=dangling)
    assert not (tmp_path / "memo.docx").exists()


def test_core_properties_under_an_unknown_relationship_type_are_not_duplicated(sample,
                                                                                tmp_path,
                                                                                ooxml):
    template = _broken(tmp_path, "odd-core.docx", "_rels/.rels", lambda b: b.replace(
        b"package/2006/relationships/metadata/core-properties",
        b"package/2006/relationships/metadata/core-properties-odd"))
    result = export_docx(sample.store, tmp_path / "memo.docx", template=template)
    with zipfile.ZipFile(result.path) as z:
        names = z.namelist()
    assert len(names) == len(set(names)) and names.count("docProps/core.xml") == 1
    assert docx.Document(str(result.path)).core_properties.title == "Port traffic outlook"
