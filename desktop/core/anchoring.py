"""Anchoring highlights to text that may change (pure functions, no I/O).

An :class:`~desktop.core.model.Anchor` remembers a passage three ways: its position, its
exact quote and a little context either side. :func:`resolve` uses all three to find the
passage again in a changed text, in order of confidence:

``exact``  the quote is still at the same position;
``moved``  the quote is found elsewhere, verbatim or differing only in what a reader cannot
           see (whitespace and line breaks, soft and line-end hyphens, curly quotes,
           ligatures: :mod:`.quotes`); among several occurrences, the one whose context
           and position fit best;
``fuzzy``  an approximate match (edit distance, via edlib) scores at least
           :data:`MIN_FUZZY_SCORE`; the match is widened to whole words. The words changed,
           so the highlight needs the analyst's confirmation (``brief check`` lists it);
``orphan`` nothing is close enough. The caller keeps the annotation and shows it; it never
           deletes it.
"""

from __future__ import annotations

from dataclasses import dataclass


from . import quotes
from .model import Anchor

CONTEXT = 32
MIN_FUZZY_SCORE = 0.75
# Below this many characters an approximate match is more likely chance than the passage.
MIN_FUZZY_LENGTH = 8


@dataclass(frozen=True)
class Resolution:
    status: str
    start: int
    end: int
    score: float


def make_anchor(text: str, start: int, end: int) -> Anchor:
    """The anchor for ``text[start:end]`` (code point offsets), with its context."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"selection {start}-{end} is outside the text (0-{len(text)})")
    return Anchor(start, end, text[start:end], text[max(0, start - CONTEXT):start],
                  text[end:end + CONTEXT])


def find_quote(text: str, quote: str, occurrence: int = 1) -> int:
    """Offset of the ``occurrence``-th (1-based) verbatim ``quote`` in ``text``; -1 if absent."""
    position = -1
    for _ in range(occurrence):
        position = text.find(quote, position + 1)
        if position < 0:
            return -1
    return position


def find_span(text: str, quote: str, occurrence: int = 1) -> tuple[int, int] | None:
    """The range of the ``occurrence``-th match of ``quote`` as a user copied it (see
    :mod:`.quotes`): ``text[start:end]`` is the source's own text. None if absent."""
    return quotes.find(text, quote, occurrence)


def resolve(anchor: Anchor, text: str) -> Resolution:
    """Find ``anchor``'s passage in ``text``; see the module docstring for the statuses."""
    quote = anchor.quote
    if not quote:
        return Resolution("orphan", anchor.start, anchor.end, 0.0)
    if text[anchor.start:anchor.end] == quote:
        return Resolution("exact", anchor.start, anchor.end, 1.0)
    spans = [(s, s + len(quote)) for s in _occurrences(text, quote)] or quotes.find_all(
        text, quote)
    if spans:
        best = max(spans, key=lambda c: (_context_fit(anchor, text, *c),
                                         -abs(c[0] - anchor.start)))
        return Resolution("moved", *best, 1.0)
    return _fuzzy(anchor, text) or Resolution("orphan", anchor.start, anchor.end, 0.0)


def reanchor(anchor: Anchor, text: str) -> tuple[Anchor, Resolution]:
    """The anchor to store after ``text`` replaced the old text, and how it was found.

    Exact, moved and fuzzy passages get a fresh anchor, whose quote is the text the source
    holds now (what a footnote must cite); a fuzzy one keeps its "fuzzy" status until the
    analyst confirms it. An orphan is unchanged.
    """
    found = resolve(anchor, text)
    if found.status in ("exact", "moved", "fuzzy"):
        return make_anchor(text, found.start, found.end), found
    return anchor, found


def _occurrences(text: str, quote: str, limit: int = 10_000) -> list[int]:
    starts, position = [], text.find(quote)
    while position >= 0 and len(starts) < limit:
        starts.append(position)
        position = text.find(quote, position + 1)
    return starts


def _context_fit(anchor: Anchor, text: str, start: int, end: int) -> int:
    """How many characters of the remembered prefix and suffix surround [start, end)."""
    before = text[max(0, start - len(anchor.prefix)):start]
    after = text[end:end + len(anchor.suffix)]
    fit = 0
    for a, b in zip(reversed(before), reversed(anchor.prefix)):
        if a != b:
            break
        fit += 1
    for a, b in zip(after, anchor.suffix):
        if a != b:
            break
        fit += 1
    return fit


def _encode(quote: str, text: str) -> tuple[bytes, bytes]:
    """Map both strings onto a byte alphabet that edlib accepts (at most 256 symbols).

    Characters that occur in the quote get their own symbol; every other character becomes
    symbol 0. That keeps edit distances exact, since a character absent from the quote can
    never match any of it. (A quote with more than 255 distinct characters shares symbols,
    which can only make a match look slightly better than it is.)
    """
    symbols: dict[str, int] = {}
    for ch in quote:
        if ch not in symbols:
            symbols[ch] = len(symbols) % 255 + 1
    table = _Lookup(symbols)
    return quote.translate(table).encode("latin-1"), text.translate(table).encode("latin-1")


class _Lookup(dict):
    def __missing__(self, key: int) -> str:
        return "\x00"

    def __init__(self, symbols: dict[str, int]):
        super().__init__({ord(ch): chr(code) for ch, code in symbols.items()})


def _fuzzy(anchor: Anchor, text: str) -> Resolution | None:
    quote = anchor.quote
    if len(quote) < MIN_FUZZY_LENGTH or not text:
        return None
    import edlib  # only when a source's text changed under its highlights: not at start-up

    budget = int(len(quote) * (1 - MIN_FUZZY_SCORE))
    q, t = _encode(quote, text)
    found = edlib.align(q, t, mode="HW", task="locations", k=budget)
    distance = found["editDistance"]
    if distance < 0 or not found["locations"]:
        return None
    candidates = [(s, e + 1) for s, e in found["locations"] if s is not None]
    if not candidates:
        return None
    start, end = max(candidates, key=lambda c: (_context_fit(anchor, text, *c),
                                                -abs(c[0] - anchor.start), c[1] - c[0]))
    start, end = snap_to_words(text, start, end)
    score = 1 - distance / len(quote)
    if score < MIN_FUZZY_SCORE:
        return None
    return Resolution("fuzzy", start, end, round(score, 3))


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to whole words and trimmed of whitespace at either end
    (an approximate match can begin or end inside a word: 'eepened its')."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
