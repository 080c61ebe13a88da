"""Metadata values found in files that are not metadata: labels, UI words, footer years.

Extractors read authors and dates from wherever a page puts them, and real pages put junk
there: a login menu's "Username" in the byline slot, the word "作者" (author) itself, a
year-only date taken from a "Copyright 2025" footer (reported as 2025-01-01), a Word file
name as a PDF's title. A value that fails these rules is left empty for the analyst to
fill in; a wrong value would end up in every citation.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

# Labels and interface words seen in author slots (case-folded, punctuation ignored).
NOT_NAMES = {
    "username", "user name", "user", "login", "log in", "sign in", "sign up", "register",
    "my account", "account", "profile", "author", "authors", "by", "written by", "posted by",
    "admin", "administrator", "webmaster", "editor", "editors", "anonymous", "unknown",
    "none", "null", "undefined", "guest", "subscribe", "menu", "share", "comments",
    "follow", "contact", "home", "search", "more", "read more", "email", "print",
    "作者", "记者", "記者", "编辑", "編輯", "责任编辑", "責任編輯", "来源", "來源", "기자",
    "글쓴이", "작성자", "著者", "筆者", "autor", "auteur", "autore", "redaktion", "rédaction",
}
_PUNCT = re.compile(r"[^\w\s]+")
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net)\b", re.I)
_WORD_FILE = re.compile(r"^microsoft (?:word|powerpoint|excel) - (.+?)"
                        r"(?:\.(?:docx?|pptx?|xlsx?|rtf))?$", re.I)


def author(value: str) -> str:
    """The author names in ``value`` that look like names, ``"; "``-separated, duplicates
    (any case) once; "" if none does."""
    kept: list[str] = []
    for part in re.split(r"\s*[;|]\s*", value or ""):
        part = " ".join(part.split())
        key = " ".join(_PUNCT.sub(" ", part.casefold()).split())
        if (not key or key in NOT_NAMES or _URL.search(part) or len(part.split()) > 8
                or len(part) > 80 or not any(ch.isalpha() for ch in part)
                or any(key == k.casefold() for k in kept)):
            continue
        kept.append(part)
    return "; ".join(_dedupe_case(kept))


def _dedupe_case(names: list[str]) -> list[str]:
    seen, out = set(), []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def published(value: str, page: bytes = b"", today: date | None = None) -> str:
    """``value`` (YYYY-MM-DD…) as YYYY-MM-DD, or "" when it is no publication date: in the
    future, before the web (1990), or a 1 January that the page never states (the year of a
    "Copyright 2025" or "© 1998" footer, which date finders report as 1 January)."""
    value = (value or "")[:10]
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return ""
    try:
        found = date(*map(int, match.groups()))
    except ValueError:
        return ""
    today = today or date.today()
    if found > today + timedelta(days=1) or found.year < 1990:
        return ""
    if (found.month, found.day) == (1, 1) and not _states_new_year(page, found.year):
        return ""
    return value


def _states_new_year(page: bytes, year: int) -> bool:
    """Whether the page says 1 January ``year`` anywhere in a common form."""
    text = page.decode("utf-8", errors="ignore")
    forms = (f"{year}-01-01", f"{year}/01/01", f"01/01/{year}", f"1/1/{year}",
             f"{year}0101", f"01.01.{year}", f"1.1.{year}")
    if any(form in text for form in forms):
        return True
    return re.search(rf"(?:jan(?:uary|\.)?\s+0?1(?:st)?,?\s+{year}|0?1(?:st)?\s+jan\w*\.?\s+"
                     rf"{year})", text, re.I) is not None


def title(value: str) -> str:
    """A title without the "Microsoft Word - name.doc" wrapper PDF printers add."""
    value = " ".join((value or "").split())
    match = _WORD_FILE.match(value)
    return match.group(1).strip() if match else value
