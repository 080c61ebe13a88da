"""The template an export starts from, and the styles it must have.

An export opens the template (the app's own, or a user's styled document, like pandoc's
``--reference-doc``), throws away its body but keeps its section layout, headers, footers
and styles, and writes the memo with the styles named in :data:`STYLES`. A user's template
that lacks one of them gets the app's definition copied in (with anything it is based on),
so the memo still looks deliberate, and the missing names are reported as warnings.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from ...resources import memo_template
from ..errors import BriefError
from ..importers.ziplimits import refuse_bomb

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

_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def default_template() -> Path:
    return memo_template()


def open_template(path: str | Path | None) -> Document:
    """The template as a python-docx document with an empty body (its last section kept).

    A Word template (.dotx) is read as a document. Raises :class:`BriefError` for a missing
    file or one that is not a Word document.
    """
    path = Path(path) if path is not None else default_template()
    if not path.is_file():
        raise BriefError(f"template {path} does not exist")
    try:
        data = path.read_bytes()
        refuse_bomb(data, f"template {path.name}")  # python-docx unpacks every part
        document = docx.Document(io.BytesIO(_as_document(data)))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError,
            etree.XMLSyntaxError) as exc:
        raise BriefError(f"template {path.name} is not a Word document "
                         f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
                         ) from None
    # Word 2010's copy of the styles would contradict the styles this export adds.
    for rId, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del document.part.rels[rId]
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect_pr:
            body.remove(child)
    return document


def _as_document(data: bytes) -> bytes:
    """A .dotx package's bytes relabelled as a .docx (python-docx refuses templates)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        types = z.read("[Content_Types].xml")
        if _TEMPLATE_MAIN.encode() not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
            for info in z.infolist():
                blob = z.read(info)
                if info.filename == "[Content_Types].xml":
                    blob = blob.replace(_TEMPLATE_MAIN.encode(), _DOCUMENT_MAIN.encode())
                w.writestr(info, blob)
        return out.getvalue()


def ensure_styles(document: Document) -> tuple[dict[str, str], list[str]]:
    """Make sure every style in :data:`STYLES` exists in ``document``.

    Returns the style id for each role and the names of the styles that were missing (and
    have been copied from the default template).
    """
    styles = document.styles.element
    found = _index(styles)
    missing = [name for name, kind in STYLES.values() if (kind, name.casefold()) not in found]
    if missing:
        default = docx.Document(str(default_template())).styles.element
        by_id = {s.get(qn("w:styleId")): s for s in default.findall(qn("w:style"))}
        for name, kind in STYLES.values():
            if (kind, name.casefold()) not in found:
                own = _index(default)[(kind, name.casefold())]
                _copy_style(own, by_id, styles)
        found = _index(styles)
    ids = {role: found[(kind, name.casefold())].get(qn("w:styleId"))
           for role, (name, kind) in STYLES.items()}
    return ids, missing


def _index(styles) -> dict[tuple[str, str], object]:
    out = {}
    for s in styles.findall(qn("w:style")):
        name = s.find(qn("w:name"))
        if name is not None:
            out.setdefault((s.get(qn("w:type")), name.get(qn("w:val")).casefold()), s)
    return out


def _copy_style(style, by_id: dict, target) -> None:
    """Copy ``style`` into ``target``, with whatever it is based on or linked to that the
    target lacks. The style itself gets a fresh id if the target uses its id for another
    name; a dependency whose id the target already has is taken to be the same style."""
    have = {s.get(qn("w:styleId")) for s in target.findall(qn("w:style"))}
    style = copy.deepcopy(style)
    sid = style.get(qn("w:styleId"))
    while sid in have:
        sid += "1"
    style.set(qn("w:styleId"), sid)
    pending = [style]
    while pending:
        s = pending.pop()
        target.append(s)
        have.add(s.get(qn("w:styleId")))
        for ref in ("w:basedOn", "w:link", "w:next"):
            el = s.find(qn(ref))
            if el is None or el.get(qn("w:val")) in have:
                continue
            dependency = by_id.get(el.get(qn("w:val")))
            if dependency is None:
                s.remove(el)  # nothing to copy: drop the reference rather than dangle
            else:
                pending.append(copy.deepcopy(dependency))
