"""How evidence and sources read in the memo: footnotes, the source list and the annex.

Pure functions from read-model dicts to text, so the wording can be tested without Word.
Formatted text is a list of :data:`Segment` ``(text, italic)`` pairs; every string has been
through :func:`~.typography.clean`, so nothing here can upset python-docx (the typography,
locations and dates are :mod:`.typography`'s).

The house style is a notes-and-bibliography style after Chicago, as an editor expects it:

- the first note citing a source is full (author, “title,” *outlet*, date, location), later
  ones short (surname or organisation, short title, location), each followed by the exact
  excerpt, the Admiralty grade and the analyst's note; contradicting evidence is introduced
  with the signal *But see*, background with *See also*;
- American punctuation: commas and full stops inside the closing quotation mark, colons
  outside; quotation marks and apostrophes in what this module writes are typographic (a
  straight quote in a title becomes curly; double quotes inside a quotation become single);
  the analyst's own note is left as typed;
- one date style, the one the memo's DATE line uses ("12 November 2025", "November 12,
  2025" or ISO); a non-breaking space ties "p." and "¶" to their number;
- the Sources list sorted by the first author's surname (then given names, then title);
  an organisation sorts as written, and a source without an author by its title.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from ..model import CREDIBILITY, RELIABILITY, UNGRADED_MARK
from .typography import clean, date_style, format_date, location, nested, typographic

__all__ = ["Segment", "STANCE_SIGNAL", "STANCE_LABEL", "clean", "date_style", "format_date",
           "location", "nested", "typographic", "person_name", "sort_key", "short_title",
           "HouseStyle", "footnote", "source_entry", "inverted", "grade_key", "annex_row",
           "merge_segments", "grade_sentence", "reliability_sentence"]

Segment = tuple[str, bool]

STANCE_SIGNAL = {"supports": "", "contradicts": "But see", "context": "See also"}
STANCE_LABEL = {"supports": "Supports", "contradicts": "Contradicts", "context": "Context"}


# -------------------------------------------------------------------------------- names
_PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "dos", "das",
              "le", "la", "al", "el", "bin", "ibn", "ben", "ter", "ten", "St."}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_ORGANISATION_WORDS = {
    "agency", "association", "bank", "board", "bureau", "center", "centre", "commission",
    "committee", "company", "corporation", "council", "correspondent", "department", "desk",
    "editors", "editorial", "embassy", "forum", "foundation", "fund", "government", "group",
    "inc", "inc.", "initiative", "institute", "institution", "international", "llc", "ltd",
    "ltd.", "ministry", "monitor", "nations", "network", "news", "office", "organisation",
    "organization", "press", "programme", "program", "project", "radio", "reporter",
    "reporters", "service", "services", "staff", "team", "television", "times", "union",
    "university", "watch", "wire", "writers",
}


@functools.lru_cache(maxsize=4096)
def person_name(author: str | None) -> tuple[str, str] | None:
    """``(surname, given names)`` of the first author when it reads as a person's name;
    None for an organisation, a role ("Staff correspondent") or no author.

    "Jane Doe", "R. Mensah", "Ludwig van Beethoven", "Doe, Jane" and "Jane Doe and John
    Roe" are people; "Reuters", "Ministry of Transport" and "BBC News" are not.
    """
    text = clean(author)
    text = re.sub(r"\s*\([^)]*\)", "", text).strip()  # "(example)", "(ed.)"
    text = re.split(r"\s*(?:;|&|\band\b|\bwith\b)\s*", text)[0].strip(" ,")
    if not text:
        return None
    if "," in text:
        surname, _, given = (p.strip() for p in text.partition(","))
        if given.casefold().strip(".") in {s.strip(".") for s in _SUFFIXES}:
            text = surname  # "John Roe, Jr."
        elif _looks_personal(surname.split()) and _looks_personal(given.split()):
            return surname, given
        else:
            return None
    words = text.split()
    if words and words[-1].casefold() in _SUFFIXES:
        words = words[:-1]
    if not 2 <= len(words) <= 5 or not _looks_personal(words):
        return None
    i = len(words) - 1
    while i > 1 and words[i - 1] in _PARTICLES:
        i -= 1
    return " ".join(words[i:]), " ".join(words[:i])


def _looks_personal(words: list[str]) -> bool:
    if not words or len(words) > 4:
        return False
    for word in words:
        bare = word.strip(".,'’-")
        if word.casefold() in _ORGANISATION_WORDS or any(c.isdigit() for c in word):
            return False
        if word in _PARTICLES:
            continue
        if not bare or not bare[0].isupper():
            return False
        if len(bare) > 1 and bare.isupper() and "." not in word:
            return False  # an acronym: "BBC", "UN"
    return True


def _sortable(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def sort_key(source: dict) -> tuple:
    """Sources sort by the first author's surname, then given names; an organisation (or a
    role) as written; a source without an author by its title; then title, then id."""
    title = _sortable(_title(source))
    author = clean(source.get("author"))
    person = person_name(author)
    if person:
        first = (_sortable(person[0]), _sortable(person[1]))
    elif author:
        first = (_sortable(author), "")
    else:
        first = (title, "")
    return (*first, title, source.get("id", ""))


def _title(source: dict) -> str:
    return clean(source.get("title")) or "Untitled source"


@functools.lru_cache(maxsize=4096)
def short_title(title: str, words: int = 4) -> str:
    """Chicago's short title: up to four words, without a leading article or what follows
    a colon."""
    head = re.split(r"[:?!]\s", title, maxsplit=1)[0].rstrip(".")
    parts = head.split()
    if len(parts) > 1 and parts[0].casefold() in ("a", "an", "the"):
        parts = parts[1:]
    short = " ".join(parts[:words]).rstrip(",;")
    return short if short else title


# ----------------------------------------------------------------------------- the notes
@dataclass
class HouseStyle:
    """The citation style of one export: its date style, and which sources have been cited
    in full (later notes to the same source are short)."""

    dates: str = "dmy"
    _cited: set = field(default_factory=set)
    _references: dict = field(default_factory=dict)

    def note(self, evidence: dict, source: dict, where: str = "") -> list[Segment]:
        """The footnote citing one evidence link: full the first time its source is cited,
        short afterwards."""
        key = source.get("id") or id(source)
        short = key in self._cited
        self._cited.add(key)
        reference = self._references.get((key, short, where))
        if reference is None:  # a source's reference is worked out once per location
            reference = (_short_reference if short else _reference)(
                source, location(where), self.dates)
            self._references[(key, short, where)] = reference
        return _note(evidence, reference)

    def entries(self, cited: list[dict]) -> list[tuple[dict, list[Segment], str, str]]:
        """The Sources list: each cited source sorted by :func:`sort_key`, with its entry
        (:func:`source_entry`)."""
        return [(s, *source_entry(s, self.dates)) for s in sorted(cited, key=sort_key)]


def footnote(evidence: dict, source: dict, where: str = "", *, short: bool = False,
             dates: str = "dmy") -> list[Segment]:
    """The footnote citing one evidence link (``queries.claims`` evidence + its source)."""
    return _note(evidence, (_short_reference if short else _reference)(
        source, location(where), dates))


def _note(evidence: dict, reference: list[Segment]) -> list[Segment]:
    """Signal, reference, excerpt, grade and the analyst's note."""
    out: list[Segment] = []
    signal = STANCE_SIGNAL.get(evidence.get("stance", "supports"), "")
    if signal:
        out += [(signal, True), (": ", False)]
    out += reference
    quote = nested(clean(evidence.get("quote")))
    if quote:
        # American style: the full stop goes inside the closing quotation mark.
        out.append((f": “{quote}" + ("" if quote.endswith((".", "!", "?", "…")) else ".")
                    + "”", False))
    else:
        out = _close(out)
    out.append((grade_sentence(evidence.get("grade")), False))
    note = clean(evidence.get("note"))
    if note:
        out.append((f" {note}" if note.endswith((".", "!", "?", "”")) else f" {note}.", False))
    return merge_segments(out)


def grade_sentence(grade: str | None) -> str:
    """" Grade B2." as a note ends; " Grade ?2 (source not graded)." when the source has no
    reliability grade (never printed as F, which is a judgement)."""
    grade = clean(grade)
    if grade.startswith(UNGRADED_MARK):
        return f" Grade {grade} (source not graded)."
    return f" Grade {grade}."


def reliability_sentence(source: dict) -> str:
    """"Source reliability B: usually reliable." or "Source reliability not graded."."""
    grade = clean(source.get("reliability"))
    if grade in RELIABILITY:
        return f"Source reliability {grade}: {RELIABILITY[grade].lower()}."
    return "Source reliability not graded."


def _close(out: list[Segment]) -> list[Segment]:
    """End the note with a full stop, inside a closing quotation mark if it ends with one."""
    text, italic = out[-1]
    if text.endswith("”"):
        out[-1] = (text[:-1].rstrip(",") + ".”", italic)
    elif not text.endswith("."):
        out.append((".", False))
    return out


def _join(parts: list[list[Segment]]) -> list[Segment]:
    """Parts joined with commas; a title in quotation marks takes its comma inside."""
    out: list[Segment] = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        text, italic = part[0]
        if text.startswith("“") and len(part) == 1:
            out.append((text + ("”" if last else ",” "), italic))
            continue
        out += part
        if not last:
            out.append((", ", False))
    return out


def _reference(source: dict, where: str, dates: str) -> list[Segment]:
    """Author, “Title,” *Outlet*, date, location — leaving out what is unknown."""
    parts: list[list[Segment]] = []
    author = typographic(clean(source.get("author")))
    if author:
        parts.append([(author, False)])
    parts.append([("“" + nested(_title(source)), False)])
    outlet = typographic(clean(source.get("outlet")))
    if outlet:
        parts.append([(outlet, True)])
    for value in (format_date(source.get("published"), dates), where):
        if value:
            parts.append([(value, False)])
    return _join(parts)


def _short_reference(source: dict, where: str, dates: str) -> list[Segment]:
    """Surname (or organisation), “Short Title,” location."""
    parts: list[list[Segment]] = []
    author = clean(source.get("author"))
    person = person_name(author)
    name = person[0] if person else re.sub(r"\s*\([^)]*\)", "", author)
    if name:
        parts.append([(typographic(name), False)])
    parts.append([("“" + nested(short_title(_title(source))), False)])
    if where:
        parts.append([(where, False)])
    return _join(parts)


# ---------------------------------------------------------------------------- the lists
def source_entry(source: dict, dates: str = "dmy") -> tuple[list[Segment], str, str]:
    """A source-list entry: its formatted text, then its URL and the text after the URL.

    A person's name is inverted ("Doe, Jane"), as the list is sorted by surname.
    """
    out: list[Segment] = []
    author = typographic(inverted(clean(source.get("author"))))
    if author:
        out.append((author + (" " if author.endswith(".") else ". "), False))
    out.append((f"“{nested(_title(source)).rstrip('.')}.” ", False))
    outlet = typographic(clean(source.get("outlet")))
    published = format_date(source.get("published"), dates)
    if outlet:
        out += [(outlet, True), (", " if published else ". ", False)]
    if published:
        out.append((published + ". ", False))
    url = clean(source.get("url"))
    tail = []
    accessed = format_date(source.get("accessed"), dates)
    if url and accessed:
        tail.append(f" (accessed {accessed}).")
    elif url:
        tail.append(".")
    tail.append(" " + reliability_sentence(source))
    text = "".join(tail)
    return merge_segments(out), url, text if url else text.lstrip()


@functools.lru_cache(maxsize=4096)
def inverted(author: str) -> str:
    """The first author's name surname first ("Doe, Jane"); others, and organisations, as
    written."""
    person = person_name(author)
    if not person:
        return author
    first, *rest = re.split(r"(\s*(?:;|&|\band\b|\bwith\b)\s*)", author, maxsplit=1)
    if "," in first:
        return author
    aside = re.search(r"\s*\([^)]*\)\s*$", first)
    return f"{person[0]}, {person[1]}{aside[0] if aside else ''}" + "".join(rest)


def grade_key(ungraded: bool = False) -> str:
    """What an Admiralty grade such as "B2" means, in one paragraph; with ``ungraded``, also
    what the question mark of a source not graded ("?2") means."""
    letters = "; ".join(f"{k} {v.lower()}" for k, v in RELIABILITY.items())
    numbers = "; ".join(f"{k} {v.lower()}" for k, v in CREDIBILITY.items())
    key = ("Each note ends with the Admiralty grade of its evidence: a letter for the "
           f"reliability of the source ({letters}) and a number for the credibility of the "
           f"information ({numbers}).")
    if ungraded:
        key += (f" A question mark ({UNGRADED_MARK}) in place of the letter means the "
                "source's reliability has not been graded.")
    return key


def annex_row(evidence: dict, source: dict, where: str = "") -> tuple[str, str, str, str]:
    """Stance, excerpt, source and grade for one row of the evidence annex."""
    author = typographic(clean(source.get("author")))
    cited = ", ".join(x for x in (author, typographic(_title(source)), location(where)) if x)
    return (STANCE_LABEL.get(evidence.get("stance"), clean(evidence.get("stance"))),
            clean(evidence.get("quote")), cited, clean(evidence.get("grade")))


def merge_segments(segments: list[Segment]) -> list[Segment]:
    """Join neighbouring segments of the same style, so Word gets fewer runs."""
    out: list[Segment] = []
    for text, italic in segments:
        if out and out[-1][1] == italic:
            out[-1] = (out[-1][0] + text, italic)
        elif text:
            out.append((text, italic))
    return out
