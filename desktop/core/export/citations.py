"""How evidence and sources read in the memo: footnotes, the source list and the annex.

Pure functions from read-model dicts to text, so the wording can be tested without Word.
Formatted text is a list of :data:`Segment` ``(text, italic)`` pairs; every string has been
through :func:`clean`, so nothing here can upset python-docx.

The footnote follows the shape an editor expects of a notes-style citation (Chicago-like):
author, “title,” *outlet*, date, location: “exact excerpt.” followed by the Admiralty grade
and the analyst's note on how the evidence was weighed. Contradicting evidence is introduced
with the signal *But see*, background with *See also*.
"""

from __future__ import annotations

from ..model import RELIABILITY
from ..text import xml_safe

Segment = tuple[str, bool]

STANCE_SIGNAL = {"supports": "", "contradicts": "But see", "context": "See also"}
STANCE_LABEL = {"supports": "Supports", "contradicts": "Contradicts", "context": "Context"}


def clean(text: str | None) -> str:
    """``text`` safe for Word and on one line: XML-invalid characters removed, runs of
    whitespace (line breaks included) made one space."""
    return " ".join(xml_safe(text or "").split())


def _title(source: dict) -> str:
    return clean(source.get("title")) or "Untitled source"


def footnote(evidence: dict, source: dict, location: str = "") -> list[Segment]:
    """The footnote citing one evidence link (``queries.claims`` evidence + its source)."""
    out: list[Segment] = []
    signal = STANCE_SIGNAL.get(evidence.get("stance", "supports"), "")
    if signal:
        out += [(signal, True), (": ", False)]
    out += _reference(source, location)
    quote = clean(evidence.get("quote"))
    if quote:
        # The excerpt stays exact: closing punctuation it lacks goes outside the quotes.
        out.append((f": “{quote}”" + ("" if quote.endswith((".", "!", "?", "…")) else "."),
                    False))
    elif not out[-1][0].endswith("."):
        out.append((".", False))
    out.append((f" Grade {clean(evidence.get('grade'))}.", False))
    note = clean(evidence.get("note"))
    if note:
        out.append((f" {note}" if note.endswith((".", "!", "?")) else f" {note}.", False))
    return _merge(out)


def _reference(source: dict, location: str) -> list[Segment]:
    """Author, “Title,” *Outlet*, date, location — leaving out what is unknown."""
    parts: list[list[Segment]] = []
    author = clean(source.get("author"))
    if author:
        parts.append([(author, False)])
    parts.append([("“" + _title(source), False)])
    outlet = clean(source.get("outlet"))
    if outlet:
        parts.append([(outlet, True)])
    for value in (source.get("published"), location):
        if clean(value):
            parts.append([(clean(value), False)])
    out: list[Segment] = []
    for i, part in enumerate(parts):
        is_title = part[0][0].startswith("“")
        last = i == len(parts) - 1
        if is_title:
            # American style: the comma goes inside the closing quotation mark.
            out.append((part[0][0] + ("”" if last else ",” "), False))
            continue
        out += part
        if not last:
            out.append((", ", False))
    return out


def source_entry(source: dict) -> tuple[list[Segment], str, str]:
    """A source-list entry: its formatted text, then its URL and the text after the URL."""
    out: list[Segment] = []
    author = clean(source.get("author"))
    if author:
        out.append((author + ". ", False))
    out.append((f"“{_title(source).rstrip('.')}.” ", False))
    outlet = clean(source.get("outlet"))
    published = clean(source.get("published"))
    if outlet:
        out += [(outlet, True), (", " if published else ". ", False)]
    if published:
        out.append((published + ". ", False))
    url = clean(source.get("url"))
    tail = []
    accessed = clean(source.get("accessed"))
    if url and accessed:
        tail.append(f" (accessed {accessed}).")
    elif url:
        tail.append(".")
    grade = clean(source.get("reliability")) or "F"
    tail.append(f" Source reliability {grade}: {RELIABILITY.get(grade, '').lower()}.")
    text = "".join(tail)
    return _merge(out), url, text if url else text.lstrip()


def sort_key(source: dict) -> tuple:
    """Sources sort by author (or title, when there is no author), then title, then id."""
    title = _title(source).casefold()
    return ((clean(source.get("author")) or title).casefold(), title, source.get("id", ""))


def annex_row(evidence: dict, source: dict, location: str = "") -> tuple[str, str, str, str]:
    """Stance, excerpt, source and grade for one row of the evidence annex."""
    where = ", ".join(x for x in (clean(source.get("author")), _title(source), location) if x)
    return (STANCE_LABEL.get(evidence.get("stance"), clean(evidence.get("stance"))),
            clean(evidence.get("quote")), where, clean(evidence.get("grade")))


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbouring segments of the same style, so Word gets fewer runs."""
    out: list[Segment] = []
    for text, italic in segments:
        if out and out[-1][1] == italic:
            out[-1] = (out[-1][0] + text, italic)
        elif text:
            out.append((text, italic))
    return out
