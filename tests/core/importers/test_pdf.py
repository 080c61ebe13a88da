"""PDFs: text by page with "p. N" locations, and clear messages for what cannot be read."""

from __future__ import annotations

import pytest

from desktop.core import importers, queries
from desktop.core.errors import BriefError

PAGES = ["Executive summary. Le ministère a annoncé la reprise des exportations.",
         "Chapter one. Port capacity remains the main constraint on shipments.",
         "Chapter two. Prices should stabilise by the end of the quarter."]


def test_pages_become_locations(samples):
    data = samples.pdf(PAGES, title="Grain Outlook 2024", author="Institute for Agrarian Studies")
    source = importers.load(data, "outlook.pdf")
    assert source.format == "pdf" and source.original == data
    assert source.title == "Grain Outlook 2024"
    assert source.author == "Institute for Agrarian Studies"
    assert [label for _, label in source.locations] == ["p. 1", "p. 2", "p. 3"]
    for n, page in enumerate(PAGES, 1):
        offset = source.text.index(page.split(".")[1].strip()[:20])
        assert queries.location_label(source.locations, offset) == f"p. {n}"
    assert "annoncé" in source.text and not source.warnings


def test_pages_without_text_are_a_warning(samples):
    source = importers.load(samples.pdf([PAGES[0], "", PAGES[2]]), "partial.pdf")
    assert [label for _, label in source.locations] == ["p. 1", "p. 3"]
    assert source.warnings and "page 2 of 3" in source.warnings[0]


def test_owner_password_only_is_readable(samples):
    source = importers.load(samples.pdf(PAGES, user_password=""), "restricted.pdf")
    assert "Port capacity" in source.text


@pytest.mark.parametrize("make, message", [
    (lambda s: s.pdf(PAGES, user_password="secret"), "password-protected"),
    (lambda s: s.pdf(PAGES)[:700], "truncated"),
    (lambda s: s.pdf(["", ""]), "no text layer"),
    (lambda s: b"%PDF-1.7\n" + b"garbage " * 50 + b"\n%%EOF\n", "damaged|no text layer"),
    (lambda s: b"<html>not a pdf</html>", "not a PDF file"),
])
def test_unreadable_pdfs(samples, make, message):
    with pytest.raises(BriefError, match=message) as info:
        importers.load(make(samples), "report.pdf")
    assert "\n" not in str(info.value)


def test_pdf_named_txt_is_read_as_pdf(samples):
    assert importers.load(samples.pdf(PAGES), "report.txt").format == "pdf"


def _pdf_with_content(stream: bytes) -> bytes:
    """A one-page PDF whose page content is ``stream``, Flate-compressed."""
    import zlib

    packed = zlib.compress(stream, 1)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed
               + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def test_decompression_bomb_is_one_error(monkeypatch):
    # pypdf stops inflating a stream at 75 MB; text extraction then sees nothing.
    bomb = _pdf_with_content(b" " * 80_000_000)
    assert len(bomb) < 1_000_000
    with pytest.raises(BriefError, match="no text layer"):
        importers.load(bomb, "bomb.pdf")
    # Where pypdf's limit escapes instead (arrays, object streams), it is one error too.
    from pypdf.errors import LimitReachedError

    from desktop.core.importers import pdf

    def over_limit(_page):
        raise LimitReachedError("Limit reached while decompressing.")

    monkeypatch.setattr(pdf, "_page_text", over_limit)
    with pytest.raises(BriefError, match="decompression bomb"):
        importers.load(bomb, "bomb.pdf")
