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
