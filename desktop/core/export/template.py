"""The template an export starts from, and the styles it must have.

An export opens the template (the app's own, or a user's styled document, like pandoc's
``--reference-doc``), throws away its body but keeps its section layout, headers, footers
and styles, and writes the memo with the styles named in :data:`STYLES`. A user's template
that lacks one of them gets the app's definition copied in (with anything it is based on),
so the memo still looks deliberate, and the missing names are reported as warnings.

Templates come from Word, LibreOffice, pandoc and python-docx, and each leaves something
out: pandoc's reference document has an empty ``w:sectPr`` (no page size or margins), some
documents have no section properties at all, LibreOffice names the core-properties
relationship with the officeDocument namespace (python-docx then adds a second
``docProps/core.xml``) and calls "Body Text" "Text Body" in older versions. Each gap is
filled here, so the writer can rely on one page setup and one style per role.
"""

from __future__ import annotations

import copy
import functools
import io
from pathlib import Path

import docx
from docx.document import Document

from ...resources import memo_template
from ..errors import BriefError
from ..ziplimits import refuse_bomb
from . import oxml, wordml

# Role -> (style name as Word stores it, type). Word keeps its built-in names in lower case
# in styles.xml ("heading 1", "footnote text"); names are matched case-insensitively.
STYLES = {
    "title": ("Title", "paragraph"),
    "header_block": ("Memo Header", "paragraph"),
    "heading1": ("heading 1", "paragraph"),
    "heading2": ("heading 2", "paragraph"),
    "heading3": ("heading 3", "paragraph"),
    "body": ("Body Text", "paragraph"),
    "quote": ("Quote", "paragraph"),
    "bibliography": ("Bibliography", "paragraph"),
    "footnote_text": ("footnote text", "paragraph"),
    "footnote_reference": ("footnote reference", "character"),
    "hyperlink": ("Hyperlink", "character"),
    "header": ("header", "paragraph"),
    "footer": ("footer", "paragraph"),
    "classification": ("Classification Marking", "paragraph"),
    "table": ("Evidence Table", "table"),
}

# Other names the same style has in templates people have (LibreOffice's UI names, which
# its .docx export kept before version 7.6). A template's own style under one of these is
# used rather than a copy of ours beside it.
ALIASES = {
    "Body Text": ("Text Body",),
    "footnote reference": ("Footnote Characters", "Footnote Anchor"),
    "Hyperlink": ("Internet Link",),
}


def default_template() -> Path:
    return memo_template()


@functools.lru_cache(maxsize=1)
def default_document() -> Document:
    """The app's template, opened once and only read (its styles and theme are copied)."""
    return docx.Document(str(default_template()))


def open_template(path: str | Path | None) -> Document:
    """The template as a python-docx document with an empty body and one complete page
    setup (its last section, with defaults for whatever it leaves out).

    A Word template (.dotx) is read as a document. Raises :class:`BriefError` for a missing
    file or one that is not a Word document.
    """
    path = Path(path) if path is not None else default_template()
    if not path.is_file():
        raise BriefError(f"template {path} does not exist")
    try:
        data = path.read_bytes()
        refuse_bomb(data, f"template {path.name}")  # python-docx unpacks every part
        data = wordml.normalised_package(data)
        document = docx.Document(io.BytesIO(data))
        oxml.drop_styles_with_effects(document)
        oxml.clear_body(document)
    except BriefError:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on a broken package
        reason = str(exc).strip() or type(exc).__name__
        raise BriefError(f"template {path.name} is not a Word document ({reason})") from None
    return document


def ensure_styles(document: Document) -> tuple[dict[str, str], list[str]]:
    """Make sure every style in :data:`STYLES` exists in ``document``, once.

    Returns the style id for each role and the names of the styles that were missing (and
    have been copied from the default template, with the styles they depend on that the
    document lacks by name).
    """
    styles = oxml.styles_element(document)
    found = _index(styles)
    missing = [name for name, kind in STYLES.values() if _lookup(found, kind, name) is None]
    if missing:
        default = oxml.styles_element(default_document())
        default_found = _index(default)
        by_id = {oxml.style_id(s): s for s in oxml.style_elements(default)}
        for name, kind in STYLES.values():
            if _lookup(found, kind, name) is None:
                _copy_style(_lookup(default_found, kind, name), by_id, styles)
                found = _index(styles)
    ids = {role: oxml.style_id(_lookup(found, kind, name))
           for role, (name, kind) in STYLES.items()}
    oxml.put_in_schema_order(styles)
    if not oxml.has_theme(document):
        oxml.ensure_theme(document, default_document())
    return ids, missing


def _index(styles) -> dict[tuple[str, str], object]:
    """(type, case-folded name) -> the first style element of that name."""
    out = {}
    for s in oxml.style_elements(styles):
        name = oxml.style_name(s)
        if name:
            out.setdefault((oxml.style_type(s), name.casefold()), s)
    return out


def _lookup(found: dict, kind: str, name: str):
    for candidate in (name, *ALIASES.get(name, ())):
        style = found.get((kind, candidate.casefold()))
        if style is not None:
            return style
    return None


def _copy_style(style, by_id: dict, target) -> None:
    """Copy ``style`` into ``target`` with what it is based on, linked to or followed by.

    A dependency is matched by *name*: when the target has a style of that name (or an
    alias), the reference is pointed at the target's own style rather than copying a second
    one. A copied style whose id the target already uses gets a fresh id.
    """
    taken = {oxml.style_id(x) for x in oxml.style_elements(target)}

    def fresh(sid: str) -> str:
        while sid in taken:
            sid += "1"
        taken.add(sid)
        return sid

    first = copy.deepcopy(style)
    oxml.set_style_id(first, fresh(oxml.style_id(first)))
    pending, copied = [first], {}
    while pending:
        s = pending.pop()
        target.append(s)
        for ref in ("w:basedOn", "w:link", "w:next"):
            wanted = oxml.style_ref(s, ref)
            if wanted is None:
                continue
            dependency = by_id.get(wanted)
            if dependency is None:  # the source names a style it lacks: drop, don't dangle
                oxml.set_style_ref(s, ref, None)
                continue
            own = _lookup(_index(target), oxml.style_type(dependency),
                          oxml.style_name(dependency) or "")
            if own is not None:
                oxml.set_style_ref(s, ref, oxml.style_id(own))
            elif wanted in copied:
                oxml.set_style_ref(s, ref, copied[wanted])
            else:
                dependency = copy.deepcopy(dependency)
                copied[wanted] = fresh(wanted)
                oxml.set_style_id(dependency, copied[wanted])
                oxml.set_style_ref(s, ref, copied[wanted])
                pending.append(dependency)
