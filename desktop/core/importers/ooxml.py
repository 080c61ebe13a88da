"""The parts of a Word file python-docx does not read for us: which part is the document,
list numbers, and equations (Office Math) as linear text.

- A Word package names its main part in ``_rels/.rels`` (the ``officeDocument``
  relationship) and types it in ``[Content_Types].xml``; ``word/document.xml`` is only the
  usual name (docx2python's test suite has one called ``word/blah_blah.xml``).
- A numbered paragraph shows a number Word computes: the list's level definition (format,
  text such as ``"%1."`` or ``"(%2)"``, start) and counters per list and level, restarted
  when a higher level moves on. :class:`Numbering` does that arithmetic.
- Equations become the linear form Word itself offers ("a/b", "x^2", "√(x)").
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_MAIN_TYPES = re.compile(r"application/vnd\.(?:openxmlformats-officedocument\.wordprocessingml|"
                         r"ms-word)\.(?:document|template)(?:\.macroEnabled)?(?:\.main)?\+xml")
_OFFICE_DOCUMENT = re.compile(rb'Type="[^"]*/officeDocument"[^>]*Target="([^"]+)"|'
                              rb'Target="([^"]+)"[^>]*Type="[^"]*/officeDocument"')


def main_part(data: bytes) -> str | None:
    """The name of a Word package's main document part, or None if it is not Word's."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "word/document.xml" in names:
            return "word/document.xml"
        if "_rels/.rels" not in names or "[Content_Types].xml" not in names:
            return None
        rels = archive.read("_rels/.rels")[:100_000]
        types = archive.read("[Content_Types].xml")[:1_000_000].decode("utf-8", "replace")
    except (zipfile.BadZipFile, ValueError, KeyError, OSError, RuntimeError):
        return None
    match = _OFFICE_DOCUMENT.search(rels)
    if not match:
        return None
    target = (match.group(1) or match.group(2)).decode("utf-8", "replace")
    name = posixpath.normpath(target.lstrip("/"))
    declared = re.search(r'PartName="/?' + re.escape(name) + r'"[^>]*ContentType="([^"]+)"|'
                         r'ContentType="([^"]+)"[^>]*PartName="/?' + re.escape(name) + '"',
                         types)
    content_type = (declared.group(1) or declared.group(2)) if declared else ""
    if name in names and _MAIN_TYPES.fullmatch(content_type or ""):
        return name
    return None


# --------------------------------------------------------------------------- numbering
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    """Word's letter numbering: a … z, aa … zz, aaa …"""
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(n: int, fmt: str) -> str:
    if fmt == "lowerRoman":
        return roman(n)
    if fmt == "upperRoman":
        return roman(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)  # decimal and the many formats shown as digits here


class Numbering:
    """Computes the number Word shows before each numbered paragraph, in document order."""

    def __init__(self, numbering_xml, styles_xml):
        self.abstract: dict[str, dict] = {}  # abstractNumId -> {ilvl: (fmt, text, start)}
        self.nums: dict[str, tuple[str, dict]] = {}  # numId -> (abstractNumId, overrides)
        self.style_num: dict[str, tuple[str, str]] = {}  # styleId -> (numId, ilvl)
        self.counters: dict[tuple[str, int], int] = {}
        if numbering_xml is not None:
            for abstract in numbering_xml.iterchildren(f"{W}abstractNum"):
                self.abstract[abstract.get(f"{W}abstractNumId")] = {
                    int(lvl.get(f"{W}ilvl", "0")): _level(lvl)
                    for lvl in abstract.iterchildren(f"{W}lvl")}
            for num in numbering_xml.iterchildren(f"{W}num"):
                ref = num.find(f"{W}abstractNumId")
                overrides = {}
                for override in num.iterchildren(f"{W}lvlOverride"):
                    lvl = override.find(f"{W}lvl")
                    start = override.find(f"{W}startOverride")
                    overrides[int(override.get(f"{W}ilvl", "0"))] = (
                        _level(lvl) if lvl is not None else None,
                        int(start.get(f"{W}val", "1")) if start is not None else None)
                self.nums[num.get(f"{W}numId")] = (
                    ref.get(f"{W}val") if ref is not None else "", overrides)
        if styles_xml is not None:
            for style in styles_xml.iterchildren(f"{W}style"):
                num_pr = style.find(f"{W}pPr/{W}numPr")
                if num_pr is not None:
                    num_id = num_pr.find(f"{W}numId")
                    ilvl = num_pr.find(f"{W}ilvl")
                    if num_id is not None:
                        self.style_num[style.get(f"{W}styleId")] = (
                            num_id.get(f"{W}val"),
                            ilvl.get(f"{W}val", "0") if ilvl is not None else "0")

    def label(self, paragraph) -> str | None:
        """The number or bullet Word shows before ``paragraph`` (advancing the counters),
        or None if it is not a list item."""
        ppr = paragraph.find(f"{W}pPr")
        if ppr is None:
            return None
        num_id, ilvl = None, None
        style = ppr.find(f"{W}pStyle")
        if style is not None and style.get(f"{W}val") in self.style_num:
            num_id, ilvl = self.style_num[style.get(f"{W}val")]
        num_pr = ppr.find(f"{W}numPr")
        if num_pr is not None:
            if num_pr.find(f"{W}numId") is not None:
                num_id = num_pr.find(f"{W}numId").get(f"{W}val")
            if num_pr.find(f"{W}ilvl") is not None:
                ilvl = num_pr.find(f"{W}ilvl").get(f"{W}val")
        if num_id is None or num_id == "0":
            return None
        try:
            level = int(ilvl or 0)
        except ValueError:
            level = 0
        levels = self._levels(num_id)
        fmt, text, _ = levels.get(level, ("bullet", "•", 1))
        if fmt == "bullet":
            return "•"
        if fmt == "none":
            return None
        key = (self.nums.get(num_id, ("", {}))[0], level)
        self.counters[key] = self.counters.get(key, levels.get(level, ("", "", 1))[2] - 1) + 1
        for deeper in [k for k in self.counters if k[0] == key[0] and k[1] > level]:
            del self.counters[deeper]  # a higher level moved on: sub-lists restart

        def number(match):
            n = int(match.group(1)) - 1
            f, _, start = levels.get(n, ("decimal", "", 1))
            return _format(self.counters.get((key[0], n), start), f)

        return re.sub(r"%(\d)", number, text) or None

    def _levels(self, num_id: str) -> dict:
        abstract_id, overrides = self.nums.get(num_id, ("", {}))
        levels = dict(self.abstract.get(abstract_id, {}))
        for ilvl, (lvl, start) in overrides.items():
            if lvl is not None:
                levels[ilvl] = lvl
            if start is not None and ilvl in levels:
                levels[ilvl] = (levels[ilvl][0], levels[ilvl][1], start)
        return levels


def _level(lvl) -> tuple[str, str, int]:
    fmt = lvl.find(f"{W}numFmt")
    text = lvl.find(f"{W}lvlText")
    start = lvl.find(f"{W}start")
    try:
        first = int(start.get(f"{W}val", "1")) if start is not None else 1
    except ValueError:
        first = 1
    return (fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
            text.get(f"{W}val", "") if text is not None else "", first)


# --------------------------------------------------------------------------- equations
_NARY_DEFAULT = "∫"


def linear_math(element) -> str:
    """An Office Math element as linear text, as Word's "Linear" equation view writes it."""
    return " ".join(_math(element).split())


def _math(el) -> str:
    tag = el.tag[len(M):] if el.tag.startswith(M) else None
    if tag is None:
        return "".join(_math(child) for child in el)  # w: runs inside math hold no math
    if tag == "t":
        return el.text or ""
    if tag in ("rPr", "ctrlPr", "fPr", "sSupPr", "sSubPr", "sSubSupPr", "radPr", "dPr",
               "naryPr", "funcPr", "accPr", "barPr", "limLowPr", "limUppPr", "eqArrPr",
               "mPr", "boxPr", "borderBoxPr", "groupChrPr", "sPrePr", "oMathParaPr", "degHide"):
        return ""

    def part(name: str) -> str:
        child = el.find(f"{M}{name}")
        return _math(child) if child is not None else ""

    if tag == "f":
        return f"{_group(part('num'))}/{_group(part('den'))}"
    if tag == "sSup":
        return f"{part('e')}^{_group(part('sup'))}"
    if tag == "sSub":
        return f"{part('e')}_{_group(part('sub'))}"
    if tag == "sSubSup":
        return f"{part('e')}_{_group(part('sub'))}^{_group(part('sup'))}"
    if tag == "rad":
        degree = part("deg")
        return f"√({part('e')})" if not degree else f"√({degree}&{part('e')})"
    if tag == "d":
        props = el.find(f"{M}dPr")
        begin, end = "(", ")"
        if props is not None:
            if props.find(f"{M}begChr") is not None:
                begin = props.find(f"{M}begChr").get(f"{M}val", "")
            if props.find(f"{M}endChr") is not None:
                end = props.find(f"{M}endChr").get(f"{M}val", "")
        return begin + ",".join(_math(e) for e in el.iterchildren(f"{M}e")) + end
    if tag == "nary":
        props = el.find(f"{M}naryPr")
        symbol = _NARY_DEFAULT
        if props is not None and props.find(f"{M}chr") is not None:
            symbol = props.find(f"{M}chr").get(f"{M}val", _NARY_DEFAULT)
        lower, upper = part("sub"), part("sup")
        return (symbol + (f"_{_group(lower)}" if lower else "")
                + (f"^{_group(upper)}" if upper else "") + " " + part("e"))
    if tag == "eqArr":
        return " @ ".join(_math(e) for e in el.iterchildren(f"{M}e"))
    return "".join(_math(child) for child in el)


def _group(text: str) -> str:
    """Brackets around a part of more than one symbol, so "a+b/c" stays unambiguous."""
    return text if len(text) <= 1 or text.isalnum() else f"({text})"
