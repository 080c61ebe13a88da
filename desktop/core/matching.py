"""Where a search query matches inside a text, the way the full-text index matches it.

The index (FTS5, ``unicode61 remove_diacritics 2``) finds words by prefix, ignoring case and
accents, so "mali" finds "Malí"; it only says which source matched. :func:`first_match`
finds the place in the source's text, so the reader can select it.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` without case or accents, and the code point offset in ``text`` of each of
    its characters."""
    folded: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():  # the common case, ten times faster
            folded.append(ch.lower())
            origin.append(i)
            continue
        for part in unicodedata.normalize("NFD", ch):
            if unicodedata.combining(part):
                continue
            for c in part.casefold():
                folded.append(c)
                origin.append(i)
    return "".join(folded), origin


def first_match(text: str, query: str) -> tuple[int, int] | None:
    """Where ``query`` is in ``text``: the whole query if it occurs as a quote (a pasted
    sentence, matched as :func:`quotes.find` does with case ignored), else the code point
    range of the earliest word in ``text`` that starts with a word of ``query`` (case and
    accents ignored), or None (a hit on the title or metadata only)."""
    from . import quotes

    if len(query.split()) > 1 or not query.strip().isalnum():  # a phrase, or "don’t"
        whole = quotes.find(text, query.strip(), casefold=True)
        if whole is not None:
            return whole
    haystack, origin = fold(text)
    best: tuple[int, int] | None = None
    for word in query.split():
        needle = fold(word)[0].strip("\"*")
        if not needle:
            continue
        at = haystack.find(needle)
        while at > 0 and haystack[at - 1].isalnum():  # a word's start, as the index
            at = haystack.find(needle, at + 1)
        if at < 0:
            continue
        start = origin[at]
        end = origin[at + len(needle) - 1] + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1  # the accents on the last letter matched belong to it
        if best is None or start < best[0]:
            best = (start, end)
    return best
