"""HTML saved from a browser: the article only, and the page's metadata."""

from __future__ import annotations

import pytest

from desktop.core import importers
from desktop.core.errors import BriefError

CLUTTER = ("cookies", "Home", "Subscribe", "tracking", "display:flex", "Related stories",
           "Wheat futures", "Privacy policy", "All rights reserved", "newsletter")


def test_article_without_clutter(samples):
    source = importers.load(samples.page().encode(), "ledger.html")
    for junk in CLUTTER:
        assert junk not in source.text, junk
    for paragraph in samples.article:
        assert paragraph in source.text
    assert source.format == "html"
    assert source.title == "Grain exports to resume next week, ministry says"
    assert source.author == "Maria Kovacs"
    assert source.outlet == "The Daily Ledger"
    assert source.published == "2024-05-13"
    assert source.url == "https://ledger.example.com/world/2024/05/13/grain-exports"
    starts = [start for start, _ in source.locations]
    assert starts == sorted(starts) and source.locations[0] == [0, "¶ 1"]
    arabic = source.text.index("وقال")
    assert [label for start, label in source.locations if start == arabic] != []


def test_windows_1252_page_declared_in_meta(samples):
    page = samples.page(samples.article[:3], charset="windows-1252")
    source = importers.load(page.encode("cp1252"), "ledger.htm")
    assert "nécessaire" in source.text and "Montréal" in source.text


def test_detected_by_content_without_extension(samples):
    assert importers.load(samples.page().encode(), "download").format == "html"


@pytest.mark.parametrize("page", [
    "<html><head><title>x</title></head><body><nav><a href='/'>Home</a><a href='/w'>World"
    "</a></nav><footer>(c) 2024</footer><script>var a = 1;</script></body></html>",
    "<html><body><header><nav><ul><li><a href='/'>Home</a></li></ul></nav></header>"
    "<div id='cookie'>We use cookies to improve your experience.</div>"
    "<footer><p>Copyright 2024 Ledger Media. All rights reserved.</p></footer></body></html>",
])
def test_page_without_article_is_refused(page):
    with pytest.raises(BriefError, match="no article text"):
        importers.load(page.encode(), "menu.html")


def test_short_note_page_is_kept():
    source = importers.load(b"<html><body><p>Just one short pasted paragraph.</p></body></html>",
                            "note.html")
    assert source.text == "Just one short pasted paragraph."


# ------------------------------------------------------------- real pages (tests/realworld)
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "realworld"))
import score  # noqa: E402

PAGES = {page["name"]: page for page in score.html_pages()}


def test_a_review_keeps_its_whole_article():
    page = PAGES["engadget"]  # the precise extractor kept only the first paragraph
    source = importers.load(page["data"], "engadget.html")
    assert score.token_f1(source.text, page["expected"]) > 0.9
    assert not source.warnings


@pytest.mark.parametrize("name, junk", [("wapo-1", "Username"), ("wapo-2", "Username"),
                                        ("gmw", "作者")])
def test_labels_are_not_taken_for_authors(name, junk):
    source = importers.load(PAGES[name]["data"], f"{name}.html")
    assert junk not in source.author
    assert score.token_f1(source.text, PAGES[name]["expected"]) > 0.95


def test_doubtful_article_is_a_warning(monkeypatch):
    from desktop.core.importers import html

    page = PAGES["engadget"]
    real = html._extract

    def first_paragraph_only(data, name, **options):
        doc = real(data, name, **options)
        doc.text = doc.text.split("\n")[0] if doc.text else doc.text
        return doc

    monkeypatch.setattr(html, "_extract", first_paragraph_only)
    source = importers.load(page["data"], "engadget.html")
    assert source.warnings and "may be incomplete" in source.warnings[0]


@pytest.mark.parametrize("value, expected", [
    ("Username", ""), ("作者", ""), ("By", ""), ("Sign in", ""), ("기자", ""),
    ("Maria Kovacs", "Maria Kovacs"), ("Our Foreign Staff", "Our Foreign Staff"),
    ("Jeffrey Gettleman; JEFFREY GETTLEMAN", "Jeffrey Gettleman"),
    ("Ana Lima; Username", "Ana Lima"), ("http://example.com/staff", ""), ("2024", ""),
])
def test_author_rules(value, expected):
    from desktop.core.importers import metadata

    assert metadata.author(value) == expected


@pytest.mark.parametrize("value, page, expected", [
    ("2024-05-13", b"", "2024-05-13"),
    ("2025-01-01", b"<footer>Copyright 2025 Ledger Media</footer>", ""),  # a footer year
    ("1998-01-01", b"<p>(c) 1998</p>", ""),
    ("2024-01-01", b"<time datetime='2024-01-01T09:00'>New Year's Day</time>", "2024-01-01"),
    ("2024-01-01", b"<p>Published January 1, 2024</p>", "2024-01-01"),
    ("2999-03-04", b"", ""), ("1970-06-01", b"", ""), ("2024-02-30", b"", ""),
])
def test_publication_date_rules(value, page, expected):
    from datetime import date

    from desktop.core.importers import metadata

    assert metadata.published(value, page, today=date(2026, 11, 30)) == expected


def test_word_printer_title_is_cleaned():
    from desktop.core.importers import metadata

    assert metadata.title("Microsoft Word - SPECIAL BOARD AGENDA 040616.doc") == (
        "SPECIAL BOARD AGENDA 040616")
    assert metadata.title("Grain  Outlook") == "Grain Outlook"


def test_a_section_label_is_not_taken_for_the_title():
    page = (b"<html><head><title>Grain exports to resume next week | World | The Ledger</title>"
            b"<meta property='og:title' content='World'></head><body><article><h1>World</h1>"
            b"<p>The ministry announced on Monday that grain exports through the southern "
            b"ports would resume next week, ending a suspension that began in March.</p>"
            b"</article></body></html>")
    assert importers.load(page, "p.html").title == "Grain exports to resume next week"
