"""Search snippets in bounded time.

FTS5's ``snippet()`` scores every window of a document, which grows with the square of its
size (13-23 s on a 4 MB source, measured), so the store only asks FTS5 for snippets of short
texts and makes a long text's snippet here: a dozen words around the first place a query
word starts a word, found with ``str.find`` (one linear pass, about 20 ms over 4 MB).
"""

from __future__ import annotations

import re
import unicodedata

# Texts longer than this get their search snippet from bounded_snippet, not FTS5's.
SNIPPET_MAX_BODY = 20_000
_SNIPPET_TOKENS = 12
_WORD = re.compile(r"\w+")


def _fold(text: str) -> str:
    """Lower case without diacritics, one character for one (so positions still match)."""
    return text.lower().translate(_FOLD)


def _fold_table() -> dict[int, str]:
    table = {}
    for code in range(0xC0, 0x250):  # Latin-1 Supplement and Latin Extended-A/B
        base = unicodedata.normalize("NFKD", chr(code))[:1]
        if base and base != chr(code) and base.isascii():
            table[code] = base.lower()
    return table


_FOLD = _fold_table()
_ACCENTED: dict[str, str] = {}
for _code, _base in _FOLD.items():
    if chr(_code).islower():
        _ACCENTED[_base] = _ACCENTED.get(_base, "") + chr(_code)


def bounded_snippet(body: str, words: list[str]) -> str:
    """About a dozen words around the first place ``words`` (prefixes) start a word in
    ``body``, matches in [brackets]; str.find over a folded copy keeps it linear and fast."""
    prefixes = [_fold(w) for w in words if _WORD.search(w)]
    if not prefixes:
        return ""
    lowered = body.lower()  # one character for one, bar a few rare letters (a small drift)
    at = min((x for x in (_word_start(lowered, p) for p in prefixes) if x >= 0), default=-1)
    if at < 0:  # the index matched without diacritics ("economie" for "économie")
        found = _accent_blind(prefixes).search(lowered)
        at = found.start() if found else 0
    offset = max(0, at - 200)
    window = body[offset: at + 600]
    tokens = list(_WORD.finditer(window))
    first = next((i for i, t in enumerate(tokens) if t.start() + offset >= at), 0)
    start = max(0, min(first - 2, len(tokens) - _SNIPPET_TOKENS))
    chosen = tokens[start: start + _SNIPPET_TOKENS]
    if not chosen:
        return ""
    out, cursor = [], chosen[0].start()
    for token in chosen:
        out.append(window[cursor:token.start()])
        text = token.group()
        hit = any(_fold(text).startswith(p) for p in prefixes)
        out.append(f"[{text}]" if hit else text)
        cursor = token.end()
    begin, end = offset + chosen[0].start(), offset + chosen[-1].end()
    return ("…" if begin > 0 else "") + "".join(out) + ("…" if end < len(body) else "")


def _accent_blind(prefixes: list[str]) -> re.Pattern:
    """A pattern for any of ``prefixes`` at a word start, each letter matching its accented
    forms too (one C-level scan: ~20 ms over 4 MB)."""
    def letter(c: str) -> str:
        return f"[{re.escape(c + _ACCENTED.get(c, ''))}]" if c in _ACCENTED else re.escape(c)
    return re.compile(r"(?<!\w)(?:" + "|".join("".join(map(letter, p)) for p in prefixes)
                      + ")")


def _word_start(text: str, prefix: str, tries: int = 10_000) -> int:
    """Where ``prefix`` first starts a word in ``text``; else its first occurrence (also
    after ``tries`` occurrences inside words), or -1 if it does not occur."""
    first = at = text.find(prefix)
    while at > 0 and tries:
        if not (text[at - 1].isalnum() or text[at - 1] == "_"):
            return at
        at = text.find(prefix, at + 1)
        tries -= 1
    return 0 if at == 0 else first
