"""PDFs: paragraphs as a reader sees them, "p. N" for every page and a box for every line,
and clear messages for what cannot be read."""

from __future__ import annotations

import sys
from pathlib import Path

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
    from desktop.core.importers import pdf

    bomb = _pdf_with_content(b" " * 80_000_000)
    assert len(bomb) < 1_000_000
    with pytest.raises(BriefError, match="no text layer"):  # large, but under the limit
        importers.load(bomb, "bomb.pdf")
    monkeypatch.setattr(pdf, "MAX_INFLATED", 50_000_000)
    with pytest.raises(BriefError, match="decompression bomb") as info:
        importers.load(bomb, "bomb.pdf")
    assert "\n" not in str(info.value)


def test_lines_of_a_paragraph_are_joined_and_pages_kept(samples):
    long = ("The delegation said the agreement had been drafted over several months of talks "
            "in the capital, and that the final text would be published once both "
            "parliaments had ratified it, probably before the end of the year. ") * 3
    source = importers.load(samples.pdf([long, PAGES[1]]), "minutes.pdf")
    assert long.strip() in source.text  # one paragraph, no visual line breaks
    lines = [box for box in source.boxes if box[1] == 1]
    assert len(lines) > 3  # one box a line
    offsets = [box[0] for box in source.boxes]
    assert offsets == sorted(offsets) and offsets[0] == 0
    for offset, page, x0, y0, x1, y1 in source.boxes:
        assert 0 <= offset < len(source.text) and page in (1, 2) and x0 < x1 and y0 < y1


# --------------------------------------------------------------- a report made by LibreOffice
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "realworld"))
import make_report  # noqa: E402


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    if make_report.SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    path, keys = make_report.make_pdf(tmp_path_factory.mktemp("report"), pages=6)
    return importers.load(path.read_bytes(), path.name), keys


def test_report_paragraphs_read_as_one_line_each(report):
    source, keys = report
    assert keys
    for key in keys:  # every key sentence, given as one line, is in the text verbatim
        assert key in source.text
    paragraph = next(p for p in source.text.split("\n\n") if keys[0] in p)
    assert "\n" not in paragraph and len(paragraph) > 400


def test_report_running_header_and_page_numbers_are_dropped(report):
    source, _ = report
    assert make_report.RUNNING_HEADER not in source.text
    assert "Page 2" not in source.text
    pages = [label for _, label in source.locations]
    assert len(pages) >= 4 and len(set(pages)) == len(pages)  # the page map is kept


def test_report_headings_and_list_items_are_their_own_paragraphs(report):
    source, _ = report
    paragraphs = source.text.split("\n\n")
    assert "1. Section 1: outlook for the responsibilities sector" in paragraphs
    assert any(p.startswith("• ") and p.endswith("item 2") for p in paragraphs)


def test_report_hyphenation_is_undone(report):
    source, _ = report
    for word in ("infrastructure", "administration", "reconstruction"):
        assert word in source.text
    # No word is left split where LibreOffice hyphenated it at a line's end.
    from desktop.core.importers.pdflayout import _WORD

    words = set(_WORD.findall(source.text.lower()))
    assert not {w for w in words if "-" in w and w.replace("-", "") in words}


def test_a_hyphen_is_removed_only_where_the_joined_word_is_a_word():
    from desktop.core.importers.pdflayout import Line, Page, rebuild

    def line(text, y, hyphen=False):
        return Line(text, 72.0, y, 500.0, y + 10, 10.0, hyphen)

    page = Page(1, 612.0, 792.0, [
        line("The reconstruction of the ports is a well-known priority; the admi-", 700),
        line("nistration said the recon", 688, hyphen=True),
        line("struction of the well-", 676),
        line("known terminal and the Franco-", 664),
        line("German administration plan would start.", 652)])
    text, locations, boxes = rebuild([page])
    assert text == ("The reconstruction of the ports is a well-known priority; the administration "
                    "said the reconstruction of the well-known terminal and the Franco-German "
                    "administration plan would start.")
    assert locations == [[0, "p. 1"]]
    assert [box[0] for box in boxes] == [0, text.index("nistration"),
                                                       text.index("struction of the well"),
                                                       text.index("known terminal"),
                                                       text.index("German")]


def test_a_paragraph_runs_on_across_columns_but_headings_do_not():
    from desktop.core.importers.pdflayout import Line, Page, rebuild

    left = [Line("Heading of the section", 72, 700, 200, 714, 14.0, False),
            Line("The council agreed that the budget for the", 72, 680, 290, 690, 10.0, False),
            Line("coming year would rise by four percent and", 72, 668, 290, 678, 10.0, False)]
    right = [Line("that the new rules take effect in May, said", 320, 700, 520, 710, 10.0, False),
             Line("the chair.", 320, 688, 380, 698, 10.0, False),
             Line("Members then adjourned.", 320, 676, 420, 686, 10.0, False)]
    text, _, _ = rebuild([Page(1, 612.0, 792.0, left + right)])
    assert text.split("\n\n") == [
        "Heading of the section",
        "The council agreed that the budget for the coming year would rise by four percent "
        "and that the new rules take effect in May, said the chair.",
        "Members then adjourned."]


# ------------------------------------------------------------- real PDFs (tests/realworld)
REAL = Path(__file__).resolve().parents[2] / "realworld" / "pdf"


def test_real_pdfs_key_sentences_anchor_as_one_line():
    import json

    from desktop.core.anchoring import find_span

    keys = json.loads((REAL / "key_sentences.json").read_text(encoding="utf-8"))
    for name, sentences in keys.items():
        source = importers.load_path(REAL / name)
        for sentence in sentences:
            assert find_span(source.text, sentence), (name, sentence)


def test_three_column_notice_drops_running_heads_and_keeps_page_numbers():
    source = importers.load_path(REAL / "federal-register-2020-17221.pdf")
    # Every page repeats "Federal Register / Vol. 85, No. 152 / Thursday, August 6, 2020 /
    # Proposed Rules" at its top: once at most (page 1 sets it differently).
    assert source.text.count("Thursday, August 6, 2020 / Proposed Rules") <= 1
    # ... and its foot, and the sideways production note in its margin.
    assert "VerDate" not in source.text and "jbell on" not in source.text
    pages = {label for _, label in source.locations}
    assert pages == {f"p. {n}" for n in range(1, 16)} - {"p. 8"}
    # Page 8 is a figure (an image): nothing but the running head and foot is text there.
    assert source.warnings == ["federal-register-2020-17221.pdf: no text on page 8 of 15 "
                               "(scanned images?); that part is missing from the source"]


def test_real_password_pdf_is_refused_in_one_line():
    with pytest.raises(BriefError, match="password-protected") as info:
        importers.load_path(REAL / "password-example.pdf")
    assert "\n" not in str(info.value)


def test_a_page_written_across_its_columns_is_read_column_by_column():
    from desktop.core.importers.pdflayout import Line, Page, rebuild

    left = ["The council agreed that the", "budget for the coming year",
            "would rise by four percent", "and that the new rules take",
            "effect in May, the chair said."]
    right = ["Members then discussed the", "harbour plan, which the mayor",
             "had presented in March and", "which the council adopted",
             "without a vote on Tuesday."]
    lines = []
    for row, (a, b) in enumerate(zip(left, right)):  # content order: row by row
        y = 700 - 12 * row
        lines += [Line(a, 72, y, 280, y + 10, 10.0, False),
                  Line(b, 320, y, 530, y + 10, 10.0, False)]
    text, _, _ = rebuild([Page(1, 612.0, 792.0, lines)])
    assert text.split("\n\n") == [" ".join(left), " ".join(right)]


def test_line_boxes_are_stored_apart_from_the_location_map(samples, store):
    import json

    from desktop.core import edits

    source = importers.load(samples.pdf(PAGES), "outlook.pdf")
    edit = edits.add_source(store, source)
    edit.apply(store)
    row = store.get("sources", edit.item_id)
    assert json.loads(row["line_boxes"]) == source.boxes
    assert store.locations(edit.item_id) == source.locations  # small: one entry a page
    edits.replace_source_text(store, edit.item_id, importers.load(
        samples.pdf(PAGES[:2]), "outlook-v2.pdf")).apply(store)
    kept = store.select("source_versions", {"source_id": edit.item_id})[0]
    assert json.loads(kept["line_boxes"]) == source.boxes  # the earlier version's geometry
