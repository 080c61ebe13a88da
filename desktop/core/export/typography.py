"""Text as the house style writes it: safe for Word, typographic, dated one way.

Pure functions over strings, shared by the house style (:mod:`.citations`), CSL styles
(:mod:`.csl`) and the review reader: :func:`clean` (from :mod:`desktop.core.text`) makes
any stored text safe for Word and one line; :func:`typographic` and :func:`nested` curl
quotation marks; :func:`location` ties "p." and "¶" to their number; :func:`date_style`
and :func:`format_date` write every date of a memo the way its DATE line does.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from ..text import clean

NBSP = "\u00a0"

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


# ---------------------------------------------------------------------------- typography
_OPENING_CONTEXT = r"(^|(?<=[\s(\[{\u2014\u2013/-]))"


_OPENING_DOUBLE = re.compile(_OPENING_CONTEXT + '"')
_OPENING_SINGLE = re.compile(_OPENING_CONTEXT + "'")


@functools.lru_cache(maxsize=4096)
def typographic(text: str) -> str:
    """Straight quotation marks and apostrophes made curly: an opening mark at the start or
    after a space or bracket, a closing mark (or apostrophe) elsewhere."""
    if '"' not in text and "'" not in text:
        return text
    text = _OPENING_DOUBLE.sub("“", text).replace('"', "”")
    return _OPENING_SINGLE.sub("‘", text).replace("'", "’")


def nested(text: str) -> str:
    """Text going inside double quotation marks: its own double quotes become single."""
    return typographic(text).replace("“", "‘").replace("”", "’")


@functools.lru_cache(maxsize=4096)
def location(label: str | None) -> str:
    """A location label ("p. 4", "pp. 4–5", "¶ 12") with its number tied by a non-breaking
    space, so a line never ends between the sign and the number."""
    return _LOCATION_SIGN.sub(lambda m: f"{m[1]}{m[2]}{NBSP}", clean(label))


_LOCATION_SIGN = re.compile(r"(^|\s)(pp?\.|¶¶?|§§?)\s+(?=\S)")


# -------------------------------------------------------------------------------- dates
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$")
_DMY = re.compile(r"^\d{1,2}\s+[A-Za-z]+\.?,?\s+\d{4}$")
_MDY = re.compile(r"^[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4}$")


def date_style(memo_date: str | None) -> str:
    """The date style of the memo's DATE line: "dmy" (12 November 2025), "mdy" (November
    12, 2025) or "iso" (2025-11-12); "dmy" when the line is empty or reads otherwise."""
    text = clean(memo_date)
    if _ISO_DATE.match(text) and "-" in text:
        return "iso"
    if _MDY.match(text):
        return "mdy"
    return "dmy"


@functools.lru_cache(maxsize=4096)
def format_date(value: str | None, style: str = "dmy") -> str:
    """An ISO date (year, year-month or full) in ``style``; anything else as written."""
    text = clean(value)
    m = _ISO_DATE.match(text)
    if not m or style == "iso":
        return text[:10] if m and style == "iso" else text
    year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
    if month and not 1 <= month <= 12:
        return text
    if day:
        try:
            dt.date(year, month, day)
        except ValueError:
            return text
        return (f"{day} {MONTHS[month - 1]} {year}" if style == "dmy"
                else f"{MONTHS[month - 1]} {day}, {year}")
    if month:
        return f"{MONTHS[month - 1]} {year}"
    return str(year)
