"""HTML saved from a browser: the article only, with the page's metadata.

The extractor is trafilatura. We compared it with readability-lxml on saved news pages
full of clutter (navigation, cookie banner, scripts, styles, byline, newsletter box,
"related stories", reader comments, footer): both dropped the navigation, banner, related
links and footer, but readability-lxml kept the byline line in the text, returns cleaned
HTML that still has to be turned into paragraphs, and extracts no metadata beyond the
<title>. trafilatura returns paragraph-per-line text and also finds the author, site name,
publication date (via htmldate) and canonical URL from meta tags and JSON-LD, which the
source needs for its citation. Speed was similar (about 0.1 s for a 0.5 MB page).
"""

from __future__ import annotations

import logging
import re

from ..errors import BriefError
from ..model import SourceInput
from ..text import normalise
from . import metadata
from .blocks import SEPARATOR, assemble, numbered

# trafilatura logs at WARNING for ordinary pages ("discarding data"); the reader's own
# errors say what the user needs to know.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

MIN_SENTENCE_WORDS = 12
# The article is doubtful when it holds less than this share of the words of the page's
# main run of paragraphs (see _page_paragraphs), or when it reads like navigation.
MIN_COVERAGE = 0.5
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)


# trafilatura takes about 3 s a megabyte on big pages (24 s for 8 MB, over 300 s for 33 MB)
# and gigabytes of memory; a page larger than this is read whole by lxml instead (a second
# or two), with a warning that navigation and the like may remain.
LARGE_PAGE_BYTES = 3_000_000
_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "pre", "blockquote",
           "section", "article", "br", "dt", "dd", "figcaption", "caption", "table")
_CLUTTER = ("head", "script", "style", "noscript", "nav", "header", "footer", "aside", "form",
            "template", "svg", "iframe")


def read(data: bytes, name: str) -> SourceInput:
    if len(data) > LARGE_PAGE_BYTES:
        return _read_large(data, name)
    # trafilatura's own defaults (with its fallbacks) first: on real pages they lost less
    # than favor_precision, which kept a review's first paragraph only. When the result is
    # doubtful, the recall-oriented extraction is tried and the better of the two kept.
    doc = _extract(data, name)
    lines = _body(doc)
    paragraphs = _page_paragraphs(data)
    if _doubtful(lines, paragraphs):
        other = _extract(data, name, favor_recall=True)
        if _quality(_body(other), paragraphs) > _quality(lines, paragraphs):
            doc, lines = other, _body(other)
    if not _has_sentence(lines):
        # Without a single sentence it is a short note or a page of menus and banners:
        # the precise extractor alone tells them apart (it finds nothing on menus).
        lines = _body(_extract(data, name, precise=True))
    if not lines:
        raise BriefError(f"{name} has no article text that could be found (only "
                         "navigation, menus or banners); save the article page itself, "
                         "or copy its text")
    warnings = []
    if _doubtful(lines, paragraphs):
        warnings.append(f"{name}: the article text found may be incomplete or include menus "
                        f"({_words(lines)} words, where the page's paragraphs hold "
                        f"{_words(paragraphs)}); check it against the page")
    text, locations = assemble(numbered(lines))
    return SourceInput(
        text=text,
        title=_title(_value(doc.title), data, name),
        author=metadata.author(_value(doc.author)), outlet=_value(doc.sitename),
        published=metadata.published(_value(doc.date), data), url=_value(doc.url),
        format="html", original=data, locations=locations, warnings=warnings)


def _extract(data: bytes, name: str, *, favor_recall: bool = False, precise: bool = False):
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            data, favor_recall=favor_recall, favor_precision=precise, fast=precise,
            with_metadata=True, include_comments=False,
            include_tables=True, include_images=False, include_links=False)
    except (ValueError, TypeError, RecursionError) as exc:
        raise BriefError(f"{name} cannot be read as HTML ({exc})") from None


def _page_paragraphs(data: bytes) -> list[str]:
    """The page's main run of prose: the sentence-length <p> elements of the one parent
    element that holds the most of them (by words). Teasers, comments and footers sit
    under other parents."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(data)
    except (ValueError, TypeError, RecursionError, lxml_html.etree.ParserError):
        return []
    groups: dict = {}
    for p in root.iter("p"):
        text = " ".join(p.text_content().split())
        if _count(text) >= MIN_SENTENCE_WORDS:
            groups.setdefault(p.getparent(), []).append(text)
    return max(groups.values(), key=_words, default=[])


_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def _count(text: str) -> int:
    """Words in ``text``; Chinese and Japanese, written without spaces, count two
    characters a word."""
    return len(text.split()) + len(_CJK.findall(text)) // 2


def _words(lines: list[str]) -> int:
    return sum(_count(line) for line in lines)


def _has_sentence(lines: list[str]) -> bool:
    return any(_count(line) >= MIN_SENTENCE_WORDS for line in lines)


def _quality(lines: list[str], paragraphs: list[str]) -> float:
    """How much of the page's paragraph text the article holds, in words, counting only
    sentence-length lines (menus add nothing)."""
    found = sum(_count(line) for line in lines if _count(line) >= 8)
    return found / max(_words(paragraphs), 1)


def _doubtful(lines: list[str], paragraphs: list[str]) -> bool:
    if not lines:
        return True
    if not _has_sentence(lines):
        return bool(paragraphs)  # a short note page has neither
    words = _words(lines)
    in_sentences = sum(_count(line) for line in lines if _count(line) >= 8)
    if in_sentences < 0.3 * words:  # mostly short lines: navigation, not an article
        return True
    return _words(paragraphs) > 150 and words < MIN_COVERAGE * _words(paragraphs)


def _body(doc) -> list[str]:
    """The article's non-empty lines: trafilatura puts one paragraph, heading or list item
    on each line."""
    text = (doc.text if doc is not None else "") or ""
    return [line for line in text.split("\n") if line.strip()]


def _value(value) -> str:
    return " ".join(str(value).split()) if value else ""


def _title(found: str, data: bytes, name: str) -> str:
    """The extractor's title, unless it is a section label ("World", "Opinion") where the
    page's <title> says more: then the longest part of that (without " | Site")."""
    found = metadata.title(found)
    page = _fallback_title(data, "")
    if page and (not found or (len(found.split()) <= 2 and len(page.split()) >= 4)):
        parts = [p.strip() for p in re.split(r"\s[|–—-]\s|\s[|]", page) if p.strip()]
        return max(parts, key=len) if parts else page
    return found or name.rsplit(".", 1)[0]


def _fallback_title(data: bytes, name: str) -> str:
    match = _TITLE.search(data[:65536])
    if match:
        import html as html_lib

        title = _value(html_lib.unescape(match.group(1).decode("utf-8", errors="replace")))
        if title:
            return title
    return name.rsplit(".", 1)[0]


class _TextTarget:
    """An lxml parser target that keeps text outside clutter, a line per block: no tree is
    built, so memory stays near the page's own size."""

    def __init__(self):
        self.parts: list[str] = []
        self.skipping = 0

    def start(self, tag, attrib):
        if tag in _CLUTTER:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def end(self, tag):
        if tag in _CLUTTER:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def data(self, text):
        if not self.skipping:
            self.parts.append(text)

    def comment(self, text):
        pass

    def close(self):
        return "".join(self.parts)


def _read_large(data: bytes, name: str) -> SourceInput:
    """A very large page, in bounded time and memory: the text of every block outside
    clutter elements, streamed through lxml's parser without building a tree."""
    from lxml import etree

    from .plaintext import MAX_LOCATIONS

    try:
        text = etree.fromstring(data, etree.HTMLParser(target=_TextTarget()))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise BriefError(f"{name} cannot be read as HTML ({exc})") from None
    # What blocks.assemble does, over the whole text at once (per block it took 20 s).
    lines = [" ".join(line.split()) for line in normalise(text or "").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise BriefError(f"{name} has no text")
    text = SEPARATOR.join(lines)
    warnings = [f"{name} is a very large page ({len(data) / 1e6:,.0f} MB): its whole text "
                "was imported, not only the article; menus or comments may remain"]
    locations: list = []
    if len(lines) > MAX_LOCATIONS:
        warnings.append(f"{name} has more than {MAX_LOCATIONS:,} paragraphs; its quotes are "
                        "cited without paragraph numbers")
    else:
        offset = 0
        for number, line in enumerate(lines, 1):
            locations.append([offset, f"¶ {number}"])
            offset += len(line) + len(SEPARATOR)
    return SourceInput(text=text, title=_fallback_title(data, name), format="html",
                       original=data, locations=locations, warnings=warnings)
