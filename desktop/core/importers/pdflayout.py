"""Paragraphs from a PDF's lines, the way a reader sees them (pure functions, no PDF library).

A PDF holds positioned lines. :func:`rebuild` turns them into the stored text:

- running headers and footers (lines of at most 25 words at a page's top or bottom, set
  apart from the body or set sideways in the margin, whose text repeats on many pages once
  digits are ignored) and bare page numbers
  there ("12", "Page 3", "4 of 20", "- 5 -") are dropped;
- the lines of one paragraph are joined with a space; a paragraph ends at a larger gap than
  the usual line spacing, a change of font size or weight (headings), a list marker
  (•, 1., a)), a first-line indent, or a short line that ends a sentence or is followed by
  one that starts with a capital (a heading). A paragraph that runs on into
  the next column or page (its last line ends mid-sentence and the next starts in lower
  case) is kept whole;
- a hyphen at a line's end is removed when the joined word occurs elsewhere in the document
  (a word list the document itself provides), kept when the hyphenated form does, or both
  halves are words, or the second half starts with a capital or digit; otherwise removed.

Lines arrive in content order, which is reading order for the reports analysts receive
(columns one after another); a page whose content runs across its columns line by line is
read column by column instead. Otherwise the geometry only decides where paragraphs end.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..text import normalise

SEPARATOR = "\n\n"


@dataclass(slots=True)
class Line:
    text: str
    x0: float
    y0: float  # bottom (PDF points, origin at the page's bottom left)
    x1: float
    y1: float  # top
    size: float  # height of the line's first character's font box (0 if unknown)
    hyphen: bool  # the engine found a hyphen for hyphenation at the line's end
    end_size: float = 0.0  # the same for the line's last character (0: as ``size``)
    # Set by rebuild(): the line starts a block of its own (a list item or page number),
    # and where its column's text ends on the right, judged by its neighbours.
    alone: bool = False
    right: float = 0.0


@dataclass(slots=True)
class Page:
    number: int
    width: float
    height: float
    lines: list


# Word's bullets set in the Symbol or Wingdings font reach PDFs as private-use characters.
# Typographic ligatures are the font's choice, not the text's: "ﬁ" would hide "official"
# from search.
_SYMBOL_BULLETS = {0xF0B7: "•", 0xF0A7: "▪", 0xF06F: "o", 0xF0D8: "➢", 0xF0FC: "✓",
                   0xF076: "❖", 0xF0A8: "•", 0xF02D: "-",
                   0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl",
                   0xFB05: "st", 0xFB06: "st"}
_BREAK = re.compile("\r\n|\r|\n|\ufffe")
_LIST_MARKER = re.compile(r"^(?:[•▪◦‣●○■□➢►✓❖–—*-]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|"
                          r"\([ivxlcIVXLC]{1,5}\))\s")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—]?"
                          r"(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;][\"”’»)\]]*$")
_CLOSERS = set("\"”’»)]")
_DROP_HYPHEN = "\0"  # never in a line's text: normalise() removes NUL
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def split_lines(text: str) -> Iterator[tuple[int, int, bool]]:
    """``(start, end, hyphen)`` of each physical line of a PDFium page text."""
    start = 0
    for match in _BREAK.finditer(text):
        yield start, match.start(), match.group() == "\ufffe"
        start = match.end()
    if start < len(text):
        yield start, len(text), False


def rebuild(pages: list[Page]) -> tuple[str, list, list]:
    """The stored text, its location map (``[offset, "p. N"]`` where a page starts) and the
    box of every line (``[offset, N, x0, y0, x1, y1]``, offset of the line's first character,
    N its page, the box in PDF points with the origin at the page's bottom left)."""
    for page in pages:
        for line in page.lines:
            text = line.text
            if not (text.isascii() and text.isprintable()):  # most lines need no more
                text = normalise(text).translate(_SYMBOL_BULLETS)
            line.text = " ".join(text.split())
            if line.hyphen and not line.text.endswith("-"):
                line.text += "-"
            line.alone = bool(_LIST_MARKER.match(line.text) or _PAGE_NUMBER.match(line.text))
        page.lines = [line for line in page.lines if line.text]
    _drop_running_lines(pages)
    for page in pages:
        page.lines = _reading_order(page.lines)
    vocabulary = _vocabulary(pages)
    body_size = _body_size(pages)
    spacing = _line_spacing(pages)

    parts: list[str] = []          # finished blocks
    locations: list = []
    boxes: list = []
    current: list[str] = []        # pieces of the block being built
    length = 0                     # characters in the finished blocks and separators
    block_length = 0
    previous: Line | None = None
    previous_page = 0
    for page in pages:
        _set_right_edges(page.lines)
        label = f"p. {page.number}"
        for line in page.lines:
            joiner = None
            if previous is not None:
                joiner = _joiner(previous, line, previous_page != page.number, spacing,
                                 body_size, vocabulary)
            if joiner is None:
                if current:
                    parts.append("".join(current))
                    length += block_length + len(SEPARATOR)
                current, block_length = [], 0
            else:
                if joiner == _DROP_HYPHEN:
                    current[-1] = current[-1][:-1]
                    block_length -= 1
                    joiner = ""
                current.append(joiner)
                block_length += len(joiner)
            offset = length + block_length
            if not locations or locations[-1][1] != label:
                locations.append([offset, label])
            boxes.append([offset, page.number, _tenth(line.x0), _tenth(line.y0),
                          _tenth(line.x1), _tenth(line.y1)])
            current.append(line.text)
            block_length += len(line.text)
            previous, previous_page = line, page.number
    if current:
        parts.append("".join(current))
    return SEPARATOR.join(parts), locations, boxes


def _joiner(a: Line, b: Line, new_page: bool, spacing: float, body_size: float,
            vocabulary: tuple[set, set]) -> str | None:
    """How line ``b`` continues line ``a``'s block: after a space (" "), right after a's
    hyphen (""), in place of a's hyphen (:data:`_DROP_HYPHEN`), or None: a new block."""
    a_text = a.text
    hyphenated = a_text.endswith("-") and len(a_text) > 1 and a_text[-2].isalpha()
    if b.alone or (a.alone and _PAGE_NUMBER.match(a.text)):
        return None
    # The font where one line ends and the next begins: a heading set bold or larger ends
    # there, a bold run-in label ("DATES: The FAA…") starts a line of the same paragraph.
    size_a, size_b = a.end_size or a.size or body_size, b.size or body_size
    if size_a and size_b and abs(size_a - size_b) > 0.12 * max(size_a, size_b):
        return None  # a heading starts or ends
    same_column = (not new_page and b.y1 <= a.y1 + 1 and abs(b.x0 - a.x0) < 3 * (size_a or 10)
                   and a.x0 < b.x1 and b.x0 < a.x1)
    last = a_text[-1]
    ends_sentence = last in ".!?:;" or (last in _CLOSERS and _SENTENCE_END.search(a_text)
                                        is not None)
    if not same_column:
        # The next column or page: the same paragraph only if it plainly runs on (the last
        # line is full, or the next starts in lower case, and no sentence ended).
        right = a.right or a.x1
        full = a.x1 >= right - 0.1 * max(right - a.x0, 1)
        if ends_sentence or not (b.text[:1].islower() or hyphenated or full):
            return None
    else:
        gap = a.y0 - b.y0  # baseline to baseline
        if spacing and gap > 1.45 * spacing:
            return None
        if b.x0 > a.x0 + 0.8 * (size_a or 10) and ends_sentence:
            return None  # first-line indent
        right = a.right or a.x1
        # Short: the next line's first word would have fitted in the space left.
        word = len(b.text.split(" ", 1)[0])
        short = right - a.x1 > (word + 1) * 0.5 * (size_b or 10)
        if short and (ends_sentence or b.text[:1].isupper()):
            return None  # a paragraph's short last line, or a heading
    if hyphenated and b.text[:1].isalpha():
        return _DROP_HYPHEN if _remove_hyphen(a_text, b.text, vocabulary) else ""
    if b.text[:1].isalnum() and (a_text.endswith(("/", "@")) or (
            a_text.endswith(("-", "–")) and len(a_text) > 1 and a_text[-2].isalnum())):
        return ""  # 2018–\n23–51, https://\nwww.…: the line end is not a space
    return " "


def _remove_hyphen(a_text: str, b_text: str, vocabulary: tuple[set, set]) -> bool:
    words, hyphenated = vocabulary
    left = re.search(r"([^\W\d_]+)-$", a_text)
    right = re.match(r"[^\W\d_]+", b_text)
    if not left or not right:
        return False
    left, right = left.group(1), right.group()
    joined = (left + right).lower()
    if joined in words:
        return True
    if f"{left}-{right}".lower() in hyphenated or right[0].isupper():
        return False
    if len(left) > 1 and len(right) > 1 and left.lower() in words and right.lower() in words:
        return False
    return True


def _vocabulary(pages: list[Page]) -> tuple[set, set]:
    """Lower-case words and hyphenated words found inside lines (not across line ends)."""
    text = "\n".join(line.text[:-1] if line.text.endswith("-") else line.text
                     for page in pages for line in page.lines).lower()
    found = set(_WORD.findall(text))
    hyphenated = {word for word in found if "-" in word}
    words = found - hyphenated
    for word in hyphenated:
        words.update(word.split("-"))
    return words, hyphenated


def _body_size(pages: list[Page]) -> float:
    sizes = Counter()
    for page in pages:
        for line in page.lines:
            if line.size:
                sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _line_spacing(pages: list[Page]) -> float:
    """The usual baseline-to-baseline distance between lines of one column."""
    gaps = []
    for page in pages:
        for a, b in zip(page.lines, page.lines[1:]):
            gap = a.y0 - b.y0
            if 0 < gap < 3 * max(a.size, 4) and abs(a.x0 - b.x0) < 50:
                gaps.append(round(gap, 1))
            if len(gaps) > 5000:
                break
    return statistics.median(gaps) if gaps else 0.0


def _reading_order(lines: list) -> list:
    """``lines`` in reading order. Content order is kept unless it runs across the columns
    (a line followed by its neighbour on the same baseline, in a column to its right, for
    at least a third of the lines): then the page is read column by column, top to bottom,
    columns found as runs of line starts with a wide gap between them."""
    if len(lines) < 6:
        return lines
    across = sum(1 for a, b in zip(lines, lines[1:])
                 if abs(a.y0 - b.y0) < 1.0 and b.x0 > a.x1)
    if across < len(lines) / 3:
        return lines
    starts = sorted({round(line.x0) for line in lines})
    width = max(line.x1 for line in lines) - min(line.x0 for line in lines)
    edges = [b for a, b in zip(starts, starts[1:]) if b - a > width / 8]  # column starts
    return sorted(lines, key=lambda ln: (sum(ln.x0 >= e - 1 for e in edges), -ln.y1, ln.x0))


def _tenth(value: float) -> float:
    """``value`` to a tenth of a point (faster than round() for the many line boxes)."""
    return int(value * 10 + (0.5 if value >= 0 else -0.5)) / 10


def _set_right_edges(lines: list, reach: int = 4) -> None:
    """Give each line the right edge of its column's text: the furthest right that the
    lines of the same column around it (``reach`` either side, in reading order) end.
    Neighbours, not the whole page: an indented block beside a wider one has its own edge."""
    for i, line in enumerate(lines):
        right = line.x1
        for other in lines[max(0, i - reach):i + reach + 1]:
            if abs(other.x0 - line.x0) < 4 * max(line.size, 4) and other.x1 > right:
                right = other.x1
        line.right = right


def _drop_running_lines(pages: list[Page]) -> None:
    """Remove running headers, footers and page numbers (see the module docstring)."""
    if len(pages) < 2:
        return
    candidates = []  # (page, line, band, key)
    seen: dict = defaultdict(set)
    for page in pages:
        if not page.lines or not page.height:
            continue
        top = sorted(page.lines, key=lambda ln: -ln.y1)
        bottom = sorted(page.lines, key=lambda ln: ln.y0)
        for band, lines, neighbours in (("top", top[:3], top[1:4]),
                                        ("bottom", bottom[:3], bottom[1:4])):
            for line, other in zip(lines, neighbours + [None]):
                middle = (line.y0 + line.y1) / 2
                in_band = (middle > 0.85 * page.height if band == "top"
                           else middle < 0.15 * page.height)
                if not in_band or len(line.text.split()) > 25:
                    continue
                key = re.sub(r"\d+", "#", line.text.lower())
                candidates.append((page, line, band, key, other))
                seen[band, key].add(page.number)
    with_text = sum(1 for page in pages if page.lines)
    drop = set()
    for page, line, band, key, other in candidates:
        repeated = len(seen[band, key]) >= max(3, 0.3 * with_text) or (
            with_text <= 3 and len(seen[band, key]) >= 2)
        # Set apart from the body by space, or set sideways in the margin (its box is far
        # taller than its font).
        apart = (other is None or _gap(line, other) > 0.9 * max(line.y1 - line.y0, 1)
                 or line.y1 - line.y0 > 3 * max(line.size, line.end_size, 1))
        if (repeated and apart) or (_PAGE_NUMBER.match(line.text) and apart):
            drop.add(id(line))
    for page in pages:
        page.lines = [line for line in page.lines if id(line) not in drop]


def _gap(a: Line, b: Line) -> float:
    return max(a.y0 - b.y1, b.y0 - a.y1)
