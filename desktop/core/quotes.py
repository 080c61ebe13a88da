"""Finding a quote the way users copy it (pure functions, no I/O).

A sentence copied from a PDF viewer, a web page or an e-mail differs from the stored text
in ways the user cannot see or control. :func:`fold` maps a text onto a form where those
differences vanish, and remembers where each folded character came from, so a match is
reported as a range of the *original* text (the stored quote stays the source's exact
text). Folded away:

- any run of whitespace (line breaks, tabs, non-breaking and thin spaces) becomes one space;
- soft hyphens, zero-width spaces and joiners, byte-order marks disappear;
- a hyphen between letters, with any whitespace after it, disappears: a line-end hyphen
  ("admi-\\nnistration", "admi- nistration") matches the joined word, and a text whose
  hyphenation was undone matches a quote that kept it; whitespace after a dash or slash
  inside a number or address ("2018– 23", "https:// www") disappears too;
- curly quotes and apostrophes become straight ones, Unicode hyphens a plain hyphen;
- typographic ligatures (ﬁ, ﬂ, ﬀ, ﬃ, ﬄ, ﬅ, ﬆ) become their letters;
- with ``casefold=True`` (the reader's find), case too.
"""

from __future__ import annotations

import functools
import re
from array import array

_DROP = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-",
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
}
# A hyphen (after soft hyphens are gone) between two letters, with the whitespace after it;
# or the whitespace alone after a dash or slash that ends a line inside a number or address
# ("2018– 23", "https:// www").
_JOIN = re.compile(r"(?<=[^\W\d_])[-\u2010\u2011]\s*(?=[^\W\d_])|(?<=\w[-\u2013/])\s+(?=\w)")
_SPACE = re.compile(r"\s+")
_PLAIN = re.compile(r"[^\s\-\u2010\u2011\u00ad\u200b-\u200d\u2060\ufeff\u2018-\u201f"
                    r"\u2032\u2033\u02bc\ufb00-\ufb06]+")


def fold(text: str, *, casefold: bool = False) -> tuple[str, array]:
    """``text`` folded (see the module docstring) and, for each folded character, the code
    point offset in ``text`` it came from.

    The last few results are kept: re-anchoring every highlight of a replaced source folds
    the same new text once per highlight (do not change the returned array)."""
    return _fold(text, casefold)


@functools.lru_cache(maxsize=2)
def _fold(text: str, casefold: bool) -> tuple[str, array]:
    # Drop invisible characters first, remembering where the rest stood.
    kept = [(i, ch) for i, ch in enumerate(text) if ch not in _DROP] if any(
        ch in text for ch in _DROP) else None
    if kept is not None:
        base = "".join(ch for _, ch in kept)
        where = [i for i, _ in kept]
    else:
        base, where = text, None
    out: list[str] = []
    origin = array("i")  # 4 bytes an entry: a list of ints would take 9 times as much
    for match in _pieces(base):
        start, end, kind = match
        if kind == "plain":
            piece = base[start:end]
            if casefold:
                piece = piece.casefold()
                if len(piece) != end - start:  # ß -> ss: map character by character
                    for i in range(start, end):
                        for c in base[i].casefold():
                            out.append(c)
                            origin.append(i)
                    continue
            out.append(piece)
            origin.extend(range(start, end))
        elif kind == "space":
            if out:  # leading whitespace of the text is not part of any match
                out.append(" ")
                origin.append(start)
        elif kind == "join":
            pass
        else:  # a mapped character
            mapped = _MAP.get(base[start], base[start])
            if casefold:
                mapped = mapped.casefold()
            out.append(mapped)
            origin.extend([start] * len(mapped))
    folded = "".join(out)
    if folded.endswith(" "):
        folded = folded[:-1]
        origin.pop()
    if where is not None:
        origin = array("i", [where[i] for i in origin])
    return folded, origin


def _pieces(text: str):
    """``(start, end, kind)`` covering ``text``: plain runs, whitespace runs, hyphen joins
    and single characters to map."""
    joins = {m.start(): m.end() for m in _JOIN.finditer(text)}
    i, n = 0, len(text)
    while i < n:
        if i in joins:
            yield i, joins[i], "join"
            i = joins[i]
            continue
        match = _PLAIN.match(text, i)
        if match:
            end = match.end()
            # A join can start inside a plain run only at a hyphen, which is not plain.
            yield i, end, "plain"
            i = end
            continue
        match = _SPACE.match(text, i)
        if match:
            yield i, match.end(), "space"
            i = match.end()
            continue
        yield i, i + 1, "map"
        i += 1


def find(text: str, quote: str, occurrence: int = 1, *,
         casefold: bool = False) -> tuple[int, int] | None:
    """The code point range in ``text`` of the ``occurrence``-th (1-based) match of ``quote``
    once both are folded (occurrences count in that sense too); None if absent."""
    needle, _ = fold(quote, casefold=casefold)
    if not needle:
        return None
    haystack, origin = fold(text, casefold=casefold)
    position = -1
    for _ in range(occurrence):
        position = haystack.find(needle, position + 1)
        if position < 0:
            return None
    return origin[position], origin[position + len(needle) - 1] + 1


def find_all(text: str, quote: str, limit: int = 10_000) -> list[tuple[int, int]]:
    """Every folded match of ``quote`` in ``text`` (at most ``limit``), in order."""
    needle, _ = fold(quote)
    if not needle:
        return []
    haystack, origin = fold(text)
    found, position = [], haystack.find(needle)
    while position >= 0 and len(found) < limit:
        found.append((origin[position], origin[position + len(needle) - 1] + 1))
        position = haystack.find(needle, position + 1)
    return found
