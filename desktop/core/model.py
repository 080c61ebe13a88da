"""Vocabulary and value types of a brief.

The grading scales follow the Admiralty (NATO) system: a source's reliability A–F and a
piece of information's credibility 1–6. Estimative language follows ICD 203: likelihood
terms and a separate confidence level.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

RELIABILITY = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}
# A source nobody has graded yet has no reliability (NULL in the file): F is a grade, the
# analyst's judgement that reliability cannot be judged, and is never assumed. In an
# evidence grade such as "?2" the question mark stands for the missing letter.
NOT_GRADED = "Not graded"
UNGRADED_MARK = "?"

CREDIBILITY = {
    1: "Confirmed by other sources",
    2: "Probably true",
    3: "Possibly true",
    4: "Doubtful",
    5: "Improbable",
    6: "Truth cannot be judged",
}

# ICD 203 likelihood terms, least to most likely, with their probability ranges (written
# as a reader expects them: an en dash, no leading zeros).
LIKELIHOOD = {
    "almost no chance": "1–5%",
    "very unlikely": "5–20%",
    "unlikely": "20–45%",
    "roughly even chance": "45–55%",
    "likely": "55–80%",
    "very likely": "80–95%",
    "almost certain": "95–99%",
}

CONFIDENCE = ("low", "moderate", "high")
STANCES = ("supports", "contradicts", "context")
ANCHOR_STATUSES = ("exact", "moved", "fuzzy", "orphan")
BLOCK_KINDS = ("prose", "claim")
DEFAULT_SECTIONS = ("Bottom line", "Background", "Analysis", "Outlook", "Recommendations")

MEMO_HEADER_FIELDS = ("memo_to", "memo_from", "memo_date", "subject", "classification")


def new_id() -> str:
    """A fresh stable id for an item a user creates: a random (version 4) UUID's 32 hex
    digits, as ``uuid.uuid4().hex`` makes them, without importing uuid (which imports
    platform: 2.5 ms of every start of the app and of ``brief``)."""
    n = int.from_bytes(os.urandom(16), "big")
    n = (n & ~(0xC000 << 48)) | (0x8000 << 48)  # the RFC 4122 variant
    n = (n & ~(0xF000 << 64)) | (4 << 76)  # version 4
    return f"{n:032x}"


_last_stamp = datetime.min.replace(tzinfo=timezone.utc)
_stamp_lock = threading.Lock()


def now() -> str:
    """The current UTC time as ISO 8601 with microseconds, the format every row uses.

    Strictly increasing within a process, so items created one after another never share a
    timestamp and sort in the order they were made (also after an undo re-inserts one).
    """
    global _last_stamp
    with _stamp_lock:
        stamp = datetime.now(timezone.utc)
        if stamp <= _last_stamp:
            stamp = _last_stamp + timedelta(microseconds=1)
        _last_stamp = stamp
    return stamp.isoformat(timespec="microseconds").replace("+00:00", "Z")


# How each ICD 203 term reads after the claim it qualifies. The adjectives follow "We judge
# this"; the two terms that are nouns ("almost no chance", "roughly even chance") need
# "there is ... of this", since "We judge this almost no chance" is not English.
LIKELIHOOD_SENTENCES = {
    "almost no chance": "We judge there is almost no chance ({range}) of this.",
    "very unlikely": "We judge this very unlikely ({range}).",
    "unlikely": "We judge this unlikely ({range}).",
    "roughly even chance": "We judge there is a roughly even chance ({range}) of this.",
    "likely": "We judge this likely ({range}).",
    "very likely": "We judge this very likely ({range}).",
    "almost certain": "We judge this almost certain ({range}).",
}


def estimative_sentence(likelihood: str | None, confidence: str | None) -> str:
    """The estimative language for a claim: likelihood and confidence in separate sentences,
    as ICD 203 asks (a likelihood and a confidence level never share a sentence)."""
    parts = []
    if likelihood:
        wording = LIKELIHOOD_SENTENCES.get(likelihood)
        # A term from outside ICD 203 (a stranger's file) is shown as written, without a range.
        parts.append(wording.format(range=LIKELIHOOD[likelihood]) if wording
                     else f"We judge this {likelihood}.")
    if confidence:
        parts.append(f"We have {confidence} confidence in this judgment.")
    return " ".join(parts)


def normalise_likelihood(term: str | None) -> str | None:
    """Return the canonical ICD 203 term for ``term`` (case-insensitive), or raise ValueError."""
    if term is None or term == "":
        return None
    key = " ".join(term.lower().replace("-", " ").split())
    aliases = {"almost certainly": "almost certain", "even chance": "roughly even chance",
               "roughly even odds": "roughly even chance", "remote": "almost no chance",
               "highly unlikely": "very unlikely", "highly likely": "very likely",
               "probable": "likely", "improbable": "unlikely", "probably": "likely"}
    key = aliases.get(key, key)
    if key not in LIKELIHOOD:
        raise ValueError(
            f"unknown likelihood {term!r}; use one of: " + ", ".join(LIKELIHOOD))
    return key


@dataclass(frozen=True)
class Anchor:
    """Where a highlight sits in a source's normalised text.

    ``start``/``end`` count Unicode code points; ``quote`` is the exact text between them;
    ``prefix``/``suffix`` hold up to 32 characters of context either side (after the W3C
    Web Annotation TextPositionSelector and TextQuoteSelector).
    """

    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class SourceInput:
    """Everything needed to add a source; produced by the importers."""

    text: str
    title: str = ""
    author: str = ""
    outlet: str = ""
    published: str = ""
    url: str = ""
    accessed: str = ""
    reliability: str | None = None  # not graded until the analyst grades it
    format: str = "txt"
    original: bytes | None = None
    locations: list = field(default_factory=list)
    # A PDF's lines: [offset, page, x0, y0, x1, y1] (PDF points, origin bottom left).
    boxes: list = field(default_factory=list)
    # What the importer could not read (e.g. scanned pages): shown, never stored.
    warnings: list = field(default_factory=list)


# Citation styles for the memo's notes and Sources list: the house style (written by
# desktop/core/export/citations.py), or a CSL style shipped in resources/csl/ (name →
# (label, file)); any other .csl file is named by its path.
HOUSE_STYLE = "house"
CITATION_STYLES = {
    "chicago": ("Chicago (full note)", "chicago-fullnote-bibliography.csl"),
    "apa": ("APA (7th edition)", "apa.csl"),
}

# Stands for a footnote reference in the text of an exported paragraph (the review round trip
# compares paragraphs with their notes in place).
NOTE_MARK = "\ufffc"
