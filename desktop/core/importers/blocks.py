"""Assembling a document's blocks (paragraphs, headings, list items, rows) into one text.

Every structured reader (Markdown, HTML, Word, PDF) produces a list of blocks; this module
turns them into the stored text and its location map in one place, so offsets always count
code points of the *normalised* text and every format separates paragraphs the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..text import normalise

SEPARATOR = "\n\n"  # a blank line between blocks: readable, and plain text's own convention


def clean(text: str) -> str:
    """A block's text normalised, spaces collapsed, no blank lines inside.

    Collapsing turns non-breaking spaces into plain ones on purpose: Qt's ``toPlainText()``
    does the same, and a quote copied from the reader must match the stored text. Tabs
    survive: they separate table cells.
    """
    lines = []
    for line in normalise(text).split("\n"):
        line = "\t".join(" ".join(cell.split()) for cell in line.split("\t")).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)


def assemble(blocks: Iterable[tuple[str, str]]) -> tuple[str, list]:
    """Join ``(label, text)`` blocks; return the text and ``[[offset, label], …]``.

    Empty blocks are dropped. Consecutive blocks with the same label (e.g. all the
    paragraphs of one PDF page) share one location entry.
    """
    parts: list[str] = []
    locations: list = []
    offset = 0
    for label, text in blocks:
        text = clean(text)
        if not text:
            continue
        if parts:
            offset += len(SEPARATOR)
        if not locations or locations[-1][1] != label:
            locations.append([offset, label])
        parts.append(text)
        offset += len(text)
    return SEPARATOR.join(parts), locations


def numbered(texts: Iterable[str]) -> list[tuple[str, str]]:
    """Label each non-empty text as a paragraph, "¶ 1", "¶ 2", … in order."""
    out, n = [], 0
    for text in texts:
        if clean(text):
            n += 1
            out.append((f"¶ {n}", text))
    return out
