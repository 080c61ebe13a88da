"""Everything the app needs from below python-docx's public API, and nothing else.

python-docx's documented API (``docx.Document``, paragraphs, runs, sections, headers and
footers, styles, settings, core properties, ``docx.shared``, ``docx.enum``) has no footnotes,
no hyperlinks, no custom or extended properties and no way to save a package with fixed
dates; the exporter and the Word importer need those. Whatever they need below that API is
here, as small functions over plain values: lxml elements, bytes, part names and
relationship types (OOXML's own strings, in :mod:`desktop.core.export.wordml`). Every other
module works on those values with lxml, never on python-docx's ``docx.oxml`` or
``docx.opc`` objects or its ``_`` attributes (``tests/core/test_docx_internals.py`` checks
that, and tests each function here directly).

A python-docx release can change what is here without notice: the versions it was tested
with are :data:`TESTED_WITH`, which pyproject.toml requires and a test checks against the
installed version. Upgrading python-docx means running that test file and the export tests
(``tests/core/export``, whose determinism test compares bytes) with the new version, then
widening the range here and in pyproject.toml.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from docx.opc.part import Part, XmlPart
from docx.opc.parts.coreprops import CorePropertiesPart
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import parse_xml

# The python-docx versions this module was tested with (a pip version specifier); the same
# range as pyproject.toml's requirement.
TESTED_WITH = ">=1.1,<1.3"

__all__ = ["TESTED_WITH", "PackageNotFoundError", "element", "body", "parse", "part_name",
           "relationship_types", "drop_relationships", "related_blob", "take_related_xml",
           "add_xml_part", "add_part", "relate_external", "package_part_blob",
           "put_package_part", "numbering_element", "package_entries"]


# ----------------------------------------------------------------------------- elements
def element(obj):
    """The lxml element behind a python-docx object: a document's ``w:document``, its
    styles' ``w:styles``, settings' ``w:settings``, a header's ``w:hdr`` (the header gets a
    part of its own if it had none), a paragraph's ``w:p``, core properties'
    ``cp:coreProperties``. Changes to it are what python-docx saves."""
    return obj._element


def body(document):
    """The document's ``w:body`` element."""
    return document._element.body


def parse(xml: str | bytes):
    """``xml`` parsed the way python-docx parses its parts (blank text between elements
    dropped, entities not resolved), so what is put into its trees serialises as its own."""
    return parse_xml(xml)


# ------------------------------------------------------------------------ relationships
# Relationships of the main document part, unless ``package`` is true: then those of the
# package itself (``_rels/.rels``: core, extended and custom properties).
def _rels(document, package: bool):
    return document.part.package.rels if package else document.part.rels


def part_name(document) -> str:
    """The main document part's name ("/word/document.xml")."""
    return str(document.part.partname)


def relationship_types(document, *, package: bool = False) -> dict[str, str]:
    """rId -> relationship type, in the order the relationships are held."""
    return {r_id: rel.reltype for r_id, rel in _rels(document, package).items()}


def drop_relationships(document, drop: Callable[[str, str], bool]) -> None:
    """Remove the document part's relationships for which ``drop(rId, reltype)`` is true
    (their parts are no longer saved unless something else relates to them)."""
    rels = document.part.rels
    for r_id, rel in list(rels.items()):
        if drop(r_id, rel.reltype):
            del rels[r_id]


def related_blob(document, reltype: str, *, package: bool = False) -> tuple[str, bytes] | None:
    """Content type and bytes of the first internal part related by ``reltype``, or None."""
    for rel in _rels(document, package).values():
        if rel.reltype == reltype and not rel.is_external:
            part = rel.target_part
            return part.content_type, part.blob
    return None


def take_related_xml(document, reltype: str):
    """Remove the document part's internal relationships of ``reltype`` and return the
    (last) related part's XML as an element to reuse: python-docx loads a part it has no
    class for (footnotes) as bytes, which are parsed. None when there was no such part or
    its XML cannot be read."""
    found = None
    rels = document.part.rels
    for r_id, rel in list(rels.items()):
        if rel.reltype != reltype or rel.is_external:
            continue
        part = rel.target_part
        found = getattr(part, "element", None)
        if found is None:
            try:
                found = parse_xml(part.blob)
            except Exception:  # lxml raises several kinds on a damaged part
                found = None
        del rels[r_id]
    return found


def add_xml_part(document, name: str, content_type: str, root, reltype: str) -> str:
    """Relate a new part ``name`` holding the element ``root`` (which stays live: changes
    to it are saved) to the document part; returns the part's name."""
    part = XmlPart(PackURI(name), content_type, root, document.part.package)
    document.part.relate_to(part, reltype)
    return str(part.partname)


def add_part(document, name: str, content_type: str, blob: bytes, reltype: str) -> None:
    """Relate a new part ``name`` holding ``blob`` to the document part."""
    part = Part(PackURI(name), content_type, blob, document.part.package)
    document.part.relate_to(part, reltype)


def relate_external(document, target: str, reltype: str) -> str:
    """The rId of the document part's external relationship to ``target`` (one per
    target and type: an existing one is reused)."""
    return document.part.relate_to(target, reltype, is_external=True)


def package_part_blob(document, reltype: str) -> bytes | None:
    """The bytes of the first internal part the package relates by ``reltype``."""
    found = related_blob(document, reltype, package=True)
    return None if found is None else found[1]


def put_package_part(document, reltype: str, name: str, content_type: str,
                     blob: bytes) -> None:
    """Make ``blob`` the content of the first internal part the package relates by
    ``reltype``, or of a new part ``name`` related so (docProps/app.xml, custom.xml;
    python-docx keeps both as bytes)."""
    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            rel.target_part._blob = blob
            return
    package.relate_to(Part(PackURI(name), content_type, blob, package), reltype)


def numbering_element(document):
    """The ``w:numbering`` element of the document's list definitions (python-docx adds an
    empty numbering part when there is none)."""
    return document.part.numbering_part.element


# ------------------------------------------------------------------------------- saving
def package_entries(document) -> Iterator[tuple[str, bytes]]:
    """Each zip entry of the document's package, ``(member name, bytes)``, in the order
    python-docx's own package writer writes them: content types, package relationships,
    then each part followed by its relationships. Each part's bytes are made when its entry
    is reached."""
    package = document.part.package
    parts = list(package.iter_parts())
    _rename_clashes(parts)
    for part in parts:
        part.before_marshal()
    yield CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob
    yield PACKAGE_URI.rels_uri.membername, package.rels.xml
    for part in parts:
        yield part.partname.membername, part.blob
        if len(part.rels):
            yield part.partname.rels_uri.membername, part.rels.xml


def _rename_clashes(parts) -> None:
    """Give a fresh name to any part whose name another part has, so the package never
    holds a name twice. It happens when a template relates its own docProps/core.xml under
    a type python-docx does not know, and python-docx adds core properties of its own under
    the same name. The core-properties part keeps its name."""
    by_name: dict[str, list] = {}
    for part in parts:
        by_name.setdefault(str(part.partname), []).append(part)
    taken = set(by_name)
    for name, same in by_name.items():
        if len(same) < 2:
            continue
        same.sort(key=lambda p: not isinstance(p, CorePropertiesPart))
        stem, dot, ext = name.rpartition(".")
        for n, part in enumerate(same[1:], 2):
            while f"{stem}{n}{dot}{ext}" in taken:
                n += 1
            part.partname = PackURI(f"{stem}{n}{dot}{ext}")
            taken.add(str(part.partname))
