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
from docx.shared import Twips

from ...resources import memo_template
from .. import docx_internals
from ..errors import BriefError
from ..ziplimits import refuse_bomb
from . import wordml
from .wordml import R_NS, RT_THEME
from .wordtree import (make, put_in_schema_order, qn, set_style_id, set_style_ref, style_elements,
                       style_id, style_name, style_ref, style_type)

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
        # Word 2010's copy of the styles would contradict the styles an export adds.
        docx_internals.drop_relationships(
            document, lambda _r_id, reltype: reltype.endswith("/stylesWithEffects"))
        clear_body(document)
    except BriefError:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on a broken package
        reason = str(exc).strip() or type(exc).__name__
        raise BriefError(f"template {path.name} is not a Word document ({reason})") from None
    return document


# Parts only the body refers to; once the template's body is gone they are dead weight
# (pandoc's reference document carries a sample comment, Word's a picture or two).
_BODY_ONLY = ("/image", "/hyperlink", "/chart", "/oleObject", "/package", "/comments",
              "/commentsExtended", "/commentsIds", "/commentsExtensible", "/people",
              "/diagramData", "/diagramLayout", "/diagramQuickStyle", "/diagramColors",
              "/diagramDrawing", "/video", "/audio", "/media")

# US Letter with one-inch margins, in twentieths of a point: the app's own page.
PAGE_DEFAULTS = {"page_width": 12240, "page_height": 15840, "left_margin": 1440,
                 "right_margin": 1440, "top_margin": 1440, "bottom_margin": 1440,
                 "header_distance": 720, "footer_distance": 720, "gutter": 0}


def clear_body(document: Document) -> None:
    """Empty the template's body, keeping (or adding) its last section's properties, and
    give that section whatever page setup it lacks."""
    body = docx_internals.body(document)
    sect_pr = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect_pr:
            body.remove(child)
    if sect_pr is None:
        body.append(make("w:sectPr"))
    used = {v for el in body.iter() for k, v in el.attrib.items() if k.startswith(f"{{{R_NS}}}")}
    docx_internals.drop_relationships(
        document, lambda r_id, reltype: r_id not in used and reltype.endswith(_BODY_ONLY))
    section = document.sections[-1]
    for attr, twips in PAGE_DEFAULTS.items():
        value = getattr(section, attr)
        if value is None or (value <= 0 and attr in ("page_width", "page_height")):
            setattr(section, attr, Twips(twips))


def text_width(document: Document) -> int:
    """The last section's width between the margins (EMU), at least an inch."""
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    return max(int(width), int(Twips(1440)))


def ensure_theme(document: Document, source_document: Document) -> None:
    """Give a document without a theme (LibreOffice writes none) the theme of
    ``source_document``; Word's schema requires one."""
    if RT_THEME in docx_internals.relationship_types(document).values():
        return
    theme = docx_internals.related_blob(source_document, RT_THEME)
    if theme is not None:
        docx_internals.add_part(document, "/word/theme/theme1.xml", *theme, RT_THEME)


def ensure_styles(document: Document) -> tuple[dict[str, str], list[str]]:
    """Make sure every style in :data:`STYLES` exists in ``document``, once.

    Returns the style id for each role and the names of the styles that were missing (and
    have been copied from the default template, with the styles they depend on that the
    document lacks by name).
    """
    styles = docx_internals.element(document.styles)
    found = _index(styles)
    missing = [name for name, kind in STYLES.values() if _lookup(found, kind, name) is None]
    if missing:
        default = docx_internals.element(default_document().styles)
        default_found = _index(default)
        by_id = {style_id(s): s for s in style_elements(default)}
        for name, kind in STYLES.values():
            if _lookup(found, kind, name) is None:
                _copy_style(_lookup(default_found, kind, name), by_id, styles)
                found = _index(styles)
    ids = {role: style_id(_lookup(found, kind, name))
           for role, (name, kind) in STYLES.items()}
    put_in_schema_order(styles)
    ensure_theme(document, default_document())
    return ids, missing


def _index(styles) -> dict[tuple[str, str], object]:
    """(type, case-folded name) -> the first style element of that name."""
    out = {}
    for s in style_elements(styles):
        name = style_name(s)
        if name:
            out.setdefault((style_type(s), name.casefold()), s)
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
    taken = {style_id(x) for x in style_elements(target)}

    def fresh(sid: str) -> str:
        while sid in taken:
            sid += "1"
        taken.add(sid)
        return sid

    first = copy.deepcopy(style)
    set_style_id(first, fresh(style_id(first)))
    pending, copied = [first], {}
    while pending:
        s = pending.pop()
        target.append(s)
        for ref in ("w:basedOn", "w:link", "w:next"):
            wanted = style_ref(s, ref)
            if wanted is None:
                continue
            dependency = by_id.get(wanted)
            if dependency is None:  # the source names a style it lacks: drop, don't dangle
                set_style_ref(s, ref, None)
                continue
            own = _lookup(_index(target), style_type(dependency),
                          style_name(dependency) or "")
            if own is not None:
                set_style_ref(s, ref, style_id(own))
            elif wanted in copied:
                set_style_ref(s, ref, copied[wanted])
            else:
                dependency = copy.deepcopy(dependency)
                copied[wanted] = fresh(wanted)
                set_style_id(dependency, copied[wanted])
                set_style_ref(s, ref, copied[wanted])
                pending.append(dependency)
