"""Word documents: body in reading order, footnotes, core properties."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from desktop.core import importers
from desktop.core.errors import BriefError


def test_reading_order_and_properties(samples):
    source = importers.load(samples.docx(), "note.docx")
    assert source.text.split("\n\n") == [
        "Grain corridors", "Background", "Exports resumed on Monday. Ports reopened.",
        "• Capacity at two terminals", "1. Naval escorts", "Port\tCapacity", "Odesa\t40 %",
        "Le ministère a annoncé la reprise — مرحبا 🌾."]
    assert source.title == "Note on grain corridors" and source.author == "A. Analyst"
    assert source.format == "docx"
    assert [label for _, label in source.locations] == [f"¶ {n}" for n in range(1, 9)]


def test_footnotes_are_kept(samples):
    source = importers.load(samples.docx(footnote="Ministry statement, 13 May 2024."),
                            "note.docx")
    assert "Exports resumed on Monday.[1] Ports reopened." in source.text
    assert source.text.endswith("Notes\n\n[1] Ministry statement, 13 May 2024.")


def test_detected_by_content_whatever_the_name(samples):
    assert importers.load(samples.docx(), "attachment.bin").format == "docx"


@pytest.mark.parametrize("data, message", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old-style Office file"),
    (b"PK\x03\x04" + bytes(40), "damaged or truncated"),
    (b"plain words", "not a DOCX file"),
])
def test_bad_word_files(data, message):
    with pytest.raises(BriefError, match=message):
        importers.load(data, "note.docx")


def test_other_zip_files_are_refused():
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("data.csv", "a,b\n")
    with pytest.raises(BriefError, match="ZIP archive"):
        importers.load(buf.getvalue(), "data.zip")


def test_truncated_docx(samples):
    data = samples.docx()
    with pytest.raises(BriefError, match="damaged|not a readable"):
        importers.load(data[: len(data) // 2], "note.docx")


def _with_padded_document(data: bytes, padding: int) -> bytes:
    """``data`` with ``padding`` spaces after word/document.xml's root: a zip bomb's shape."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                body += b" " * padding
            dst.writestr(info.filename, body)
    return out.getvalue()


def test_decompression_bomb_is_refused_before_parsing(samples, monkeypatch):
    from desktop.core.importers import docx as docx_importer

    bomb = _with_padded_document(samples.docx(), 30_000_000)  # ~30 KB packed
    assert len(bomb) < 200_000
    monkeypatch.setattr("docx.Document", lambda *_a: pytest.fail("parsed the bomb"))
    with pytest.raises(BriefError, match="decompression bomb") as error:
        importers.load(bomb, "bomb.docx")
    assert "\n" not in str(error.value)
    monkeypatch.undo()
    monkeypatch.setattr(docx_importer, "MAX_UNPACKED_BYTES", 1_000_000)
    with pytest.raises(BriefError, match="decompression bomb"):  # too big, whatever the ratio
        importers.load(_with_padded_document(samples.docx(), 2_000_000), "big.docx")
    assert importers.load(samples.docx(), "fine.docx").text  # an ordinary file still reads


# ------------------------------------------- endnotes, equations, list numbers, main part
def _with_endnote_and_equation(text: str, with_part) -> bytes:
    """A note with an endnote (added by hand: python-docx cannot) and an inline equation."""
    import io

    import docx
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    m = "http://schemas.openxmlformats.org/officeDocument/2006/math"
    doc = docx.Document()
    para = doc.add_paragraph("Prices rose sharply.")
    para._p.append(parse_xml(f'<w:r xmlns:w="{w}"><w:endnoteReference w:id="2"/></w:r>'))
    growth = doc.add_paragraph("Growth follows ")
    growth._p.append(parse_xml(
        f'<m:oMath xmlns:m="{m}"><m:sSup><m:e><m:r><m:t>x</m:t></m:r></m:e><m:sup><m:r>'
        f'<m:t>2</m:t></m:r></m:sup></m:sSup><m:r><m:t>+</m:t></m:r><m:f><m:num><m:r>'
        f'<m:t>a</m:t></m:r></m:num><m:den><m:r><m:t>b+c</m:t></m:r></m:den></m:f></m:oMath>'))
    growth.add_run(" in the model.")
    buf = io.BytesIO()
    doc.save(buf)
    part = (f'<w:endnotes xmlns:w="{w}"><w:endnote w:type="separator" w:id="-1"><w:p><w:r>'
            '<w:separator/></w:r></w:p></w:endnote><w:endnote w:id="2"><w:p><w:r>'
            f'<w:endnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p>'
            '</w:endnote></w:endnotes>')
    # Named unlike Word's own part: the importer must follow the relationship to it.
    return with_part(buf.getvalue(), "word/notes-at-end.xml", part, "endnotes")


def test_endnotes_and_equations_are_kept(with_part):
    source = importers.load(_with_endnote_and_equation("Central bank data, 2024.", with_part),
                            "e.docx")
    assert "Prices rose sharply.[i]" in source.text
    assert "Growth follows x^2+a/(b+c) in the model." in source.text
    assert source.text.endswith("Endnotes\n\n[i] Central bank data, 2024.")


REAL = Path(__file__).resolve().parents[2] / "realworld" / "docx"


def test_main_part_is_found_through_the_relationships():
    source = importers.load_path(REAL / "renamed_document_xml.docx")  # word/blah_blah.xml
    assert source.format == "docx" and source.text == "This is a link to my website."


def test_numbered_lists_keep_the_numbers_word_shows():
    source = importers.load_path(REAL / "example_numbering.docx")
    paragraphs = source.text.split("\n\n")
    # Each of the document's ten numbered paragraphs says which number Word shows before it.
    assert len(paragraphs) == 10 and all(" expect " in p for p in paragraphs), paragraphs
    for paragraph in paragraphs:
        label, _, expected = paragraph.partition(" expect ")
        assert label.strip("().") == expected, paragraph


def test_equations_of_a_real_document_become_linear_text():
    text = importers.load_path(REAL / "equations.docx").text
    assert "∫_0^1 x" in text
