"""The memo's paragraph markup: a small Markdown subset (``**bold**``, ``*italic*``).

Prose blocks are stored as text so the CLI, diffs and merges see plain words; the app's
editor and the exporter need runs of uniformly formatted text instead. This module converts
between the two, without Qt, so the conversion is tested on its own.

A run is a ``(text, bold, italic)`` tuple. :func:`to_markdown` writes what CommonMark
would read back the same way: ``*``, ``_`` and ``\\`` in the text are backslash-escaped,
emphasis markers hug the text (whitespace at a run's edges is written outside them, since
``** bold**`` is not emphasis), and a change of format is written as the markers that
close and open, so bold then bold-italic is ``**a*b***``; emphasis never crosses, so bold
ending inside italic closes both and opens the italic again as ``_c_``.

:func:`parse` reads with markdown-it, configured exactly as the exporter reads prose, so the
editor shows what Word will get; hand-typed text reads the CommonMark way (``2 * 3`` keeps
its asterisk). The one thing CommonMark cannot say is a reopened emphasis that ends inside
a word (``_c_d``); such text comes back with its underscores, which the analyst sees.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

import functools

Run = tuple[str, bool, bool]  # (text, bold, italic)

_ESCAPED = "\\*_"


# ----------------------------------------------------------------------------- reading
# The exporter's reading of prose: inline CommonMark emphasis, escapes, numeric entities
# (which :func:`to_markdown` writes for characters it must protect) and line breaks only.
# Made (and markdown-it loaded, ~20 ms) when text first holds markup beyond plain ``*`` and
# ``**`` pairs (_simple_emphasis): the app's first window need not wait for it.
@functools.cache
def _reader():
    from markdown_it import MarkdownIt

    return MarkdownIt("zero").enable(["emphasis", "escape", "entity", "newline"])


# Text without these reads as itself under the rules above: no emphasis, escape, entity or
# line break can start (tests/core/test_markup.py checks it against markdown-it).
_MARKUP_CHARS = re.compile(r"[*_\\&\r\n\x00]")
# A named entity typed by hand ("&amp;", "&nbsp;") is text the analyst meant literally;
# :func:`to_markdown` never writes one unescaped, so reading it as text loses nothing.
_NAMED_ENTITY = re.compile(r"(?<!\\)((?:\\\\)*)&(?=[A-Za-z][A-Za-z0-9]*;)")


def parse(markdown: str) -> list[Run]:
    """The runs of ``markdown``, adjacent runs of one format merged, empty ones dropped.

    A named entity such as ``&amp;`` stays as typed; numeric ones are read.
    """
    if not markdown:
        return []
    if not _MARKUP_CHARS.search(markdown):
        return [(markdown, False, False)]
    simple = _simple_emphasis(markdown)
    return simple if simple is not None else parse_with_markdown_it(markdown)


# Beyond the reach of _simple_emphasis: other markup characters, runs of three stars or more.
_NOT_SIMPLE = re.compile(r"[_\\&\r\n\x00]|\*{3}")
_STARS = re.compile(r"\*\*?")
_ASCII_PUNCT = frozenset(string.punctuation)


def _simple_emphasis(markdown: str) -> list[Run] | None:
    """:func:`parse` of the emphasis analysts type (``a **b** and *c*``) without loading
    markdown-it; None for text it cannot read with certainty.

    Certain: ``*`` and ``**`` are the only markup, each run of them plainly opens or plainly
    closes (by CommonMark's flanking rules, beside a letter, digit, space, tab or ASCII
    punctuation), and they come in pairs one after another, never nested.
    """
    if _NOT_SIMPLE.search(markdown):
        return None
    runs: list[Run] = []
    start, opened = 0, ""
    for stars in _STARS.finditer(markdown):
        before = markdown[stars.start() - 1] if stars.start() else " "
        after = markdown[stars.end()] if stars.end() < len(markdown) else " "
        if _plain_kind(before) is None or _plain_kind(after) is None:
            return None
        can_open, can_close = _flanking_of(_plain_kind(before), _plain_kind(after))
        if not opened and can_open and not can_close:
            runs.append((markdown[start:stars.start()], False, False))
            opened = stars.group()
        elif opened == stars.group() and can_close and not can_open:
            runs.append((markdown[start:stars.start()], opened == "**", opened == "*"))
            opened = ""
        else:
            return None
        start = stars.end()
    if opened:
        return None
    return merge([*runs, (markdown[start:], False, False)])


def _plain_kind(ch: str) -> str | None:
    """"space", "punct" or "letter" where CommonMark's class of ``ch`` is beyond doubt."""
    if ch in " \t":
        return "space"
    if ch in _ASCII_PUNCT:
        return "punct"
    return "letter" if ch.isalnum() else None


def _flanking_of(before: str, after: str) -> tuple[bool, bool]:
    """Whether a run of ``*`` between characters of these kinds can open, can close."""
    left = not (after == "space" or (after == "punct" and before == "letter"))
    right = not (before == "space" or (before == "punct" and after == "letter"))
    return left, right


def parse_with_markdown_it(markdown: str) -> list[Run]:
    """:func:`parse` without its shortcut for plain text."""
    if not markdown:
        return []
    markdown = _NAMED_ENTITY.sub(lambda m: m[1] + "\\&", markdown)
    runs: list[Run] = []
    bold = italic = 0
    for token in _reader().parseInline(markdown)[0].children or []:
        kind = token.type
        if kind in ("strong_open", "strong_close"):
            bold += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind == "em_open" else -1
        elif kind in ("softbreak", "hardbreak"):
            runs.append(("\n", bold > 0, italic > 0))
        else:
            runs.append((token.content, bold > 0, italic > 0))
    return merge(runs)


def plain(markdown: str) -> str:
    """The text of ``markdown`` without its markers (for lists, tooltips, search)."""
    return "".join(text for text, _, _ in parse(markdown))


# ----------------------------------------------------------------------------- writing
def to_markdown(runs: Iterable[Run]) -> str:
    """Markdown for ``runs``; ``parse(to_markdown(runs)) == normalise(runs)``.

    Format changes are written as nested transitions (``**a*b***``), read back to check;
    where CommonMark would pair such markers differently (``***a*a*a***``), every run is
    written on its own instead (``***a***__a__***a***``), which it cannot misread: each
    closing marker's nearest unpaired opener of its character is its own.
    """
    runs = normalise(runs)
    markdown = _render(_nested(runs))
    if parse(markdown) != runs:
        markdown = _render(_separate(runs))
    return markdown


def _separate(runs: list[Run]) -> list[list]:
    atoms: list[list] = []
    for text, bold, italic in runs:
        marker = "*" * (2 * bold + italic)
        if marker and atoms and atoms[-1][1] == "close" and atoms[-1][0][0] == "*":
            marker = "_" * len(marker)  # not one run closing and opening: ``***___``
        atoms += [[marker, "open"]] if marker else []
        atoms += [[ch, None] for ch in text]
        atoms += [[marker, "close"]] if marker else []
    return atoms


def _nested(runs: list[Run]) -> list[list]:
    atoms: list[list] = []  # [char, None] for text, [marker, "open" | "close"] for markers
    stack: list[tuple[str, str]] = []  # open emphasis, innermost last: ("bold", "**")
    for text, bold, italic in [*runs, ("", False, False)]:
        wanted = {"bold": bold, "italic": italic}
        # Close what must end, and everything opened inside it (CommonMark nests, never
        # crosses); what was closed only because it was inside is opened again below.
        depth = next((i for i, (kind, _) in enumerate(stack) if not wanted[kind]), len(stack))
        closed = stack[depth:]
        for _kind, marker in reversed(closed):
            atoms.append([marker, "close"])
        del stack[depth:]
        is_open = {kind for kind, _ in stack}
        for kind in ("bold", "italic"):  # bold outside italic, as ``***`` pairs
            if wanted[kind] and kind not in is_open:
                # An opening ``*`` right after a closing ``*`` would make one delimiter run
                # that both closes and opens, which CommonMark may pair the wrong way.
                after_star = atoms and atoms[-1][1] == "close" and atoms[-1][0][0] == "*"
                marker = {"bold": "**", "italic": "*"}[kind]
                if after_star:
                    marker = {"bold": "__", "italic": "_"}[kind]
                atoms.append([marker, "open"])
                stack.append((kind, marker))
        atoms += [[ch, None] for ch in text]
    return atoms


def _render(atoms: list[list]) -> str:
    """The Markdown of ``atoms``, with the escapes that make it read back as written.

    Text characters are escaped where CommonMark would read them otherwise: ``\\ * _`` and
    an ``&`` that starts an entity always, ``>`` at a line's start (a quotation elsewhere),
    a space or tab beside a line break (the break swallows it) as ``&#32;``. Emphasis next
    to punctuation follows CommonMark's flanking rules: ``Mali**(2024)**`` is not bold,
    because the ``**`` follows a letter and precedes punctuation. Writing that letter as a
    numeric entity (``Mal&#105;**(2024)**``) puts punctuation on both sides of the marker,
    as a letter on both sides would be, so it opens; the same for the letter after a
    closing marker. Repeated until every marker can do what it was written for.
    """
    text = [i for i, (_, role) in enumerate(atoms) if role is None]
    chars = "".join(atoms[i][0] for i in text)
    rendered: dict[int, str] = {}
    for n, i in enumerate(text):
        ch = atoms[i][0]
        before = atoms[i - 1] if i else None
        after = atoms[i + 1] if i + 1 < len(atoms) else None
        if ch in _ESCAPED or (ch == "&" and _ENTITY.match(chars, n)):
            rendered[i] = "\\" + ch
        elif ch == ">" and (before is None or before == ["\n", None]):
            rendered[i] = "\\>"
        elif (ch == " " and after == ["\n", None]) or (
                ch in " \t" and before == ["\n", None]):
            rendered[i] = _entity(ch)
        else:
            rendered[i] = ch

    def edge(i: int, last: bool) -> str:  # what the delimiter scanner sees beside a run
        if i < 0 or i >= len(atoms):
            return " "  # the start and end of the text count as whitespace
        shown = rendered.get(i, atoms[i][0])
        return shown[-1] if last else shown[0]

    runs = []  # (first atom, last atom) of each delimiter run: same marker character
    for i, (marker, role) in enumerate(atoms):
        if role is None:
            continue
        if runs and runs[-1][1] == i - 1 and atoms[i - 1][0][0] == marker[0]:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    for _ in range(len(atoms) + 1):
        fixed = False
        for first, last in runs:
            roles = {atoms[i][1] for i in range(first, last + 1)}
            before, after = edge(first - 1, True), edge(last + 1, False)
            can_open, can_close = _flanking(atoms[first][0][0], before, after)
            if ("open" in roles and not can_open) or ("close" in roles and not can_close):
                # Encode the neighbouring letter (never whitespace or punctuation).
                for i, ch in ((last + 1, after), (first - 1, before)) if "close" in roles \
                        else ((first - 1, before), (last + 1, after)):
                    if i in rendered and rendered[i] == atoms[i][0] and _is_letter(ch):
                        rendered[i] = _entity(ch)
                        fixed = True
                        break
        if not fixed:
            break
    return "".join(rendered.get(i, atom[0]) for i, atom in enumerate(atoms))


_ENTITY = re.compile(r"&[#A-Za-z0-9]+;")


def _entity(ch: str) -> str:
    return f"&#{ord(ch)};"


def _utils():
    from markdown_it.common import utils  # only text with emphasis markers needs it

    return utils


def _kind(ch: str) -> str:
    """"space", "punct" or "letter", as CommonMark's emphasis rules class ``ch`` (markdown-it
    is asked only about characters :func:`_plain_kind` leaves in doubt)."""
    kind = _plain_kind(ch)
    if kind is None:
        utils = _utils()
        kind = ("space" if utils.isWhiteSpace(ord(ch)) else
                "punct" if utils.isMdAsciiPunct(ord(ch)) or utils.isPunctChar(ch) else "letter")
    return kind


def _is_letter(ch: str) -> bool:
    """Neither whitespace nor punctuation, as CommonMark's emphasis rules classify it."""
    return _kind(ch) == "letter"


def _flanking(marker: str, before: str, after: str) -> tuple[bool, bool]:
    """Whether a delimiter run between ``before`` and ``after`` can open, can close.

    markdown-it's ``StateInline.scanDelims``, on two characters instead of a whole state.
    """
    last, following = _kind(before), _kind(after)
    left, right = _flanking_of(last, following)
    split = marker == "*"
    return (left and (split or not right or last == "punct"),
            right and (split or not left or following == "punct"))


def merge(runs: Iterable[Run]) -> list[Run]:
    """Join neighbouring runs of one format and drop empty ones."""
    out: list[Run] = []
    for text, bold, italic in runs:
        if not text:
            continue
        if out and out[-1][1:] == (bold, italic):
            out[-1] = (out[-1][0] + text, bold, italic)
        else:
            out.append((text, bool(bold), bool(italic)))
    return out


def normalise(runs: Iterable[Run]) -> list[Run]:
    """``runs`` as Markdown can hold them: whitespace at a formatted run's edges is plain.

    Emphasis cannot begin or end with whitespace, and bold spaces look like plain ones.
    """
    out: list[Run] = []
    for text, bold, italic in merge(runs):
        if not (bold or italic):
            out.append((text, False, False))
            continue
        core = text.strip()
        if not core:
            out.append((text, False, False))
            continue
        head = text[:len(text) - len(text.lstrip())]
        tail = text[len(text.rstrip()):]
        out += [(head, False, False), (core, bold, italic), (tail, False, False)]
    return merge(out)
