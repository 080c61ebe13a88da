"""Hostile and huge inputs: zip bombs that pad their packed size, malformed templates, and
very large plain text. Each is refused (one clear line) or finishes, with bounded work."""

from __future__ import annotations

import io
import os
import random
import zipfile

import docx
import pytest

from desktop.cli import main
from desktop.core import importers
from desktop.core.errors import BriefError
from desktop.core.export.template import open_template
from desktop.core import ziplimits


def _word_document() -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Grain exports resume next week.")
    document.save(out)
    return out.getvalue()


def padded_bomb(spaces: int = 40_000_000, stored_padding: int = 600_000) -> bytes:
    """A bomb whose packed size is padded with stored random bytes: by the sizes it
    declares, it unpacks to less than 200 times its size, yet its XML inflates 1000:1."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_word_document())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                body = body.replace(b"</w:body>", b" " * spaces + b"</w:body>")
            dst.writestr(info.filename, body)
        dst.writestr("word/media/padding.bin", random.Random(13).randbytes(stored_padding),
                     compress_type=zipfile.ZIP_STORED)
    data = out.getvalue()
    declared = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert declared < 200 * len(data)  # passes a check of declared sizes against file size
    return data


@pytest.fixture(scope="module")
def bomb():
    return padded_bomb()


def test_a_padded_docx_bomb_is_refused_before_python_docx_parses_it(bomb, monkeypatch):
    monkeypatch.setattr("docx.Document", lambda *_a: pytest.fail("parsed the bomb"))
    with pytest.raises(BriefError, match="decompression bomb") as error:
        importers.load(bomb, "padded.docx")
    assert "\n" not in str(error.value) and "padded.docx" in str(error.value)


def test_a_padded_bomb_as_export_template_is_refused(bomb, tmp_path, monkeypatch):
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb)
    monkeypatch.setattr("docx.Document", lambda *_a: pytest.fail("parsed the bomb"))
    with pytest.raises(BriefError, match="template bomb.docx .*decompression bomb"):
        open_template(path)


def test_the_size_limit_counts_the_bytes_every_entry_inflates_to(monkeypatch):
    monkeypatch.setattr(ziplimits, "MAX_UNPACKED_BYTES", 5_000_000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:  # stored: no ratio to judge
        z.writestr("a.bin", os.urandom(3_000_000))
        z.writestr("b.bin", os.urandom(3_000_000))
    with pytest.raises(BriefError, match="two.zip unpacks to more than 5 MB"):
        ziplimits.refuse_bomb(out.getvalue(), "two.zip")
    ziplimits.refuse_bomb(_word_document(), "fine.docx")  # an ordinary package passes


def test_a_template_with_malformed_xml_is_one_clear_error(tmp_path, brief_path, capsys):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_word_document())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info.filename, b"<w:styles><unclosed>" if
                         info.filename == "word/styles.xml" else body)
    template = tmp_path / "broken.docx"
    template.write_bytes(out.getvalue())
    with pytest.raises(BriefError, match="template broken.docx is not a Word document"):
        open_template(template)
    assert main(["export", str(brief_path), "-o", str(tmp_path / "m.docx"),
                 "--template", str(template)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: template broken.docx")


def test_a_text_of_millions_of_short_lines_imports_without_a_paragraph_map(tmp_path,
                                                                          monkeypatch):
    from desktop.core.importers import plaintext

    monkeypatch.setattr(plaintext, "MAX_LOCATIONS", 1_000)
    data = "\n".join(random.Random(4).choice(["a", "bb", "c d"]) for _ in range(5_000))
    source = importers.load(data.encode(), "short.txt")
    assert source.locations == [] and "more than 1,000 paragraphs" in source.warnings[0]
    assert source.text == data
    few = importers.load(b"one\ntwo\nthree", "few.txt")
    assert few.locations == [[0, "\u00b6 1"], [4, "\u00b6 2"], [8, "\u00b6 3"]]
    assert few.warnings == []


def test_a_very_large_page_is_read_whole_by_a_streaming_parser(monkeypatch):
    from desktop.core.importers import html

    monkeypatch.setattr(html, "LARGE_PAGE_BYTES", 1_000)
    monkeypatch.setattr("trafilatura.bare_extraction",
                        lambda *a, **k: pytest.fail("trafilatura ran on a huge page"))
    page = ("<html><head><title>Big page</title><script>var tracking = 1;</script></head>"
            "<body><nav><a href='/'>Home</a></nav>"
            + "".join(f"<p>Paragraph {i} about grain &amp; ports.</p>" for i in range(300))
            + "<footer>Footer text</footer></body></html>").encode()
    source = importers.load(page, "big.html")
    lines = source.text.split("\n\n") if "\n\n" in source.text else source.text.split("\n")
    assert lines[0] == "Paragraph 0 about grain & ports." and len(lines) == 300
    assert "tracking" not in source.text and "Home" not in source.text
    assert "Footer" not in source.text
    assert source.title == "Big page" and "very large page" in source.warnings[0]
    assert len(source.locations) == 300


def test_a_package_with_more_xml_than_can_be_parsed_in_time_is_refused(monkeypatch):
    monkeypatch.setattr(ziplimits, "MAX_XML_BYTES", 200_000)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_word_document())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":  # honest, varied text: ratio ~3:1
                words = " ".join(random.Random(9).choice(["grain", "port", "ship", "wheat"])
                                 + str(i) for i in range(40_000))
                body = body.replace(b"</w:body>", f"<w:p><w:r><w:t>{words}</w:t></w:r></w:p>"
                                    "</w:body>".encode())
            dst.writestr(info.filename, body)
    with pytest.raises(BriefError, match="big.docx holds more than 0 MB of document XML"):
        importers.load(out.getvalue(), "big.docx")
