"""Citation Style Language styles for the notes and the Sources list.

CSL is the style language Zotero and pandoc use; the app ships Chicago (full note) and APA
(``resources/csl/``, CC BY-SA 3.0, from the CSL project, https://citationstyles.org/)
and reads any ``.csl`` file. citeproc-py renders each source as the style says; the note
then goes on the way the house style's does: the exact excerpt, the location, the Admiralty
grade and the analyst's note after the citation. A :class:`CslStyle` answers the same two
questions as :class:`~.citations.HouseStyle`: how a note reads (:meth:`CslStyle.note`) and
what the Sources list holds, in the style's order (:meth:`CslStyle.entries`).

citeproc-py does not apply the locale's ``punctuation-in-quote`` option (American English
puts commas and full stops inside closing quotation marks, as pandoc's citeproc does);
:func:`_punctuation_in_quotes` applies it for English locales.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

from ...resources import csl_style
from ..errors import BriefError
from .citations import (STANCE_SIGNAL, Segment, grade_sentence, merge_segments, person_name,
                        reliability_sentence)
from .typography import clean, location, nested
from ..model import CITATION_STYLES, HOUSE_STYLE

# Names the CLI and the export dialog offer, and their files.
# The style names live in the model (a vocabulary the app's dialogs show without loading the
# exporter); BUNDLED maps each to its label and file.
BUNDLED = CITATION_STYLES
HOUSE = HOUSE_STYLE


def style_path(name: str | Path | None) -> Path | None:
    """The .csl file for a style name ("chicago", "apa") or path; None for the house
    style. Raises :class:`BriefError` for a file that does not exist or is not a .csl."""
    if name is None or str(name) == HOUSE:
        return None
    if str(name) in BUNDLED:
        return csl_style(BUNDLED[str(name)][1])
    path = Path(name)
    if not path.is_file():
        choices = ", ".join([HOUSE, *BUNDLED])
        raise BriefError(f"citation style {name} is neither a .csl file nor one of: {choices}")
    return path


_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _date(value: str | None) -> dict | None:
    text = clean(value)
    if not text:
        return None
    m = _ISO.match(text)
    if not m:
        return {"literal": text}
    parts = [int(p) for p in m.groups() if p]
    try:  # a month or day that does not exist is dropped, not shown as "45"
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        parts = parts[:1] if len(parts) < 2 or not 1 <= parts[1] <= 12 else parts[:2]
    return {"date-parts": [parts]}


def csl_item(source: dict) -> dict:
    """A source as a CSL-JSON item (what Zotero exports and pandoc reads)."""
    item = {"id": source["id"], "title": clean(source.get("title")) or "Untitled source"}
    outlet, url = clean(source.get("outlet")), clean(source.get("url"))
    item["type"] = "article-newspaper" if outlet else "webpage" if url else "document"
    author = clean(source.get("author"))
    if author:
        person = person_name(author)
        item["author"] = [{"family": person[0], "given": person[1]} if person
                          else {"literal": author}]
    if outlet:
        item["container-title"] = outlet
    for key, field in (("issued", "published"), ("accessed", "accessed")):
        date = _date(source.get(field))
        if date:
            item[key] = date
    if url:
        item["URL"] = url
    return item


class CslStyle:
    """One export's notes and Sources list in a CSL style; ``sources`` are the memo's
    (source id -> ``queries.sources`` entry)."""

    def __init__(self, path: Path, sources: dict):
        try:
            from citeproc import CitationStylesBibliography, CitationStylesStyle, formatter
            from citeproc.source.json import CiteProcJSON

            self._style = CitationStylesStyle(str(path), validate=False)
            self._bib = CitationStylesBibliography(
                self._style, CiteProcJSON([csl_item(s) for s in sources.values()]),
                formatter.html)
        except BriefError:
            raise
        except Exception as exc:  # citeproc-py and lxml raise many kinds on a bad style
            raise BriefError(f"citation style {Path(path).name} could not be read "
                             f"({str(exc).strip() or type(exc).__name__})") from None
        self._sources = sources
        locale = self._style.root.get("default-locale") or "en-US"
        self._english = locale.lower().startswith("en")
        self.name = Path(path).name

    def _render(self, rendered) -> list[Segment]:
        text = str(rendered)
        if self._english:
            text = _punctuation_in_quotes(text)
        return _segments(text)

    def cite(self, source_id: str) -> list[Segment]:
        """The style's next citation of a source (full or subsequent, as the style says)."""
        from citeproc import Citation, CitationItem

        citation = Citation([CitationItem(source_id)])
        try:
            self._bib.register(citation)
            return self._render(self._bib.cite(citation, lambda _item: None))
        except Exception as exc:
            raise BriefError(f"citation style {self.name} could not format a note "
                             f"({str(exc).strip() or type(exc).__name__})") from None

    def note(self, evidence: dict, source: dict, where: str = "") -> list[Segment]:
        """The footnote for one evidence link: the style's citation of the source, then
        the excerpt, the location, the grade and the analyst's note."""
        cited = self.cite(source["id"])
        out: list[Segment] = []
        signal = STANCE_SIGNAL.get(evidence.get("stance", "supports"), "")
        if signal:
            out += [(signal, True), (": ", False)]
        out += cited
        if not "".join(t for t, _i in out).rstrip().endswith((".", "”", "?", "!")):
            out.append((".", False))
        quote = nested(clean(evidence.get("quote")))
        if quote:
            out.append((f" “{quote}" + ("" if quote.endswith((".", "!", "?", "…")) else ".")
                        + "”", False))
        where = location(where)
        if where:
            out.append((f" {where}.", False))
        out.append((grade_sentence(evidence.get("grade")), False))
        note = clean(evidence.get("note"))
        if note:
            out.append((f" {note}" if note.endswith((".", "!", "?", "”")) else f" {note}.",
                        False))
        return merge_segments(out)

    def entries(self, cited: list[dict]) -> list[tuple[dict, list[Segment], str, str]]:
        """The Sources list in the style's order: each cited source with its entry's text
        (up to its URL), the URL, and what follows it (then the source's reliability)."""
        try:
            self._bib.sort()
            rendered = [self._render(e) for e in self._bib.bibliography()]
        except Exception as exc:
            raise BriefError(f"citation style {self.name} could not format the sources "
                             f"({str(exc).strip() or type(exc).__name__})") from None
        wanted = {s["id"] for s in cited}
        out = []
        for key, segments in zip(self._bib.keys, rendered):
            if key not in wanted:
                continue
            source = self._sources[key]
            url = clean(source.get("url"))
            before, after = segments, ""
            if url and segments and url in segments[-1][0] and not segments[-1][1]:
                head, _, after = segments[-1][0].rpartition(url)
                before = segments[:-1] + ([(head, False)] if head else [])
            else:
                url = ""
            after += (" " if after or url else "") + reliability_sentence(source)
            out.append((source, before, url, after if url else " " + after.lstrip()))
        return out


def _punctuation_in_quotes(text: str) -> str:
    """American punctuation: a comma or full stop right after a closing quotation mark
    goes inside it."""
    return re.sub(r"(</?[a-z]+>)?”(</?[a-z]+>)?([.,])", lambda m: f"{m[3]}{m[1] or ''}”"
                  f"{m[2] or ''}", text)


_TAG = re.compile(r"<(/?)([a-zA-Z]+)[^>]*>")


def _segments(markup: str) -> list[Segment]:
    """citeproc-py's HTML as (text, italic) segments; other markup is dropped."""
    out: list[Segment] = []
    italic = 0
    pos = 0
    for m in _TAG.finditer(markup):
        text = html.unescape(markup[pos:m.start()])
        if text:
            out.append((text, italic > 0))
        if m[2].lower() in ("i", "em"):
            italic += -1 if m[1] else 1
        pos = m.end()
    tail = html.unescape(markup[pos:])
    if tail:
        out.append((tail, italic > 0))
    return merge_segments([(clean_keep_edges(t), i) for t, i in out])


def clean_keep_edges(text: str) -> str:
    """XML-safe text on one line, keeping a space at either end (segments join up)."""
    core = clean(text)
    if not core:
        return " " if text[:1].isspace() else ""
    return (" " if text[:1].isspace() else "") + core + (" " if text[-1:].isspace() else "")
