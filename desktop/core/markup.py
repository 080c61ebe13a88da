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

from collections.abc import Iterable

from markdown_it import MarkdownIt

Run = tuple[str, bool, bool]  # (text, bold, italic)

_ESCAPED = "\\*_"


# ----------------------------------------------------------------------------- reading
# The exporter's reading of prose: inline CommonMark emphasis, escapes and line breaks only.
_MARKDOWN = MarkdownIt("zero").enable(["emphasis", "escape", "newline"])


def parse(markdown: str) -> list[Run]:
    """The runs of ``markdown``, adjacent runs of one format merged, empty ones dropped."""
    if not markdown:
        return []
    runs: list[Run] = []
    bold = italic = 0
    for token in _MARKDOWN.parseInline(markdown)[0].children or []:
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
    """Markdown for ``runs``; ``parse(to_markdown(runs)) == normalise(runs)`` (but see below)."""
    out: list[str] = []
    stack: list[tuple[str, str]] = []  # open emphasis, innermost last: ("bold", "**")
    for text, bold, italic in [*normalise(runs), ("", False, False)]:
        wanted = {"bold": bold, "italic": italic}
        # Close what must end, and everything opened inside it (CommonMark nests, never
        # crosses); what was closed only because it was inside is opened again below.
        depth = next((i for i, (kind, _) in enumerate(stack) if not wanted[kind]), len(stack))
        closed = stack[depth:]
        for _kind, marker in reversed(closed):
            out.append(marker)
        del stack[depth:]
        is_open = {kind for kind, _ in stack}
        for kind in ("bold", "italic"):  # bold outside italic, as ``***`` pairs
            if wanted[kind] and kind not in is_open:
                reopened = any(k == kind for k, _ in closed)
                # ``*`` right after closing ``*`` would merge into one delimiter run.
                marker = {"bold": "**", "italic": "*"}[kind]
                if reopened:
                    marker = {"bold": "__", "italic": "_"}[kind]
                out.append(marker)
                stack.append((kind, marker))
        out.append(_escape(text))
    return "".join(out)


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in _ESCAPED else ch for ch in text)


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
