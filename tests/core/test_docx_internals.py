"""The one module below python-docx's public API: each of its functions on real documents,
the python-docx versions it was tested with, and that no other module reaches below the API.

Upgrading python-docx: install the new version, run this file and tests/core/export, and
widen ``TESTED_WITH`` and pyproject.toml's requirement together.
"""

from __future__ import annotations

import ast
import io
import tomllib
import zipfile
from importlib.metadata import version
from pathlib import Path

import docx
import pytest
from lxml import etree
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

import desktop
from desktop.core import docx_internals as di

REPO = Path(__file__).resolve().parents[2]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
EXTENDED = REL + "extended-properties"
CUSTOM = REL + "custom-properties"


def _saved(document) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(_save(document)))


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------ the version range
def test_the_installed_python_docx_is_one_this_module_was_tested_with():
    installed = Version(version("python-docx"))
    assert installed in SpecifierSet(di.TESTED_WITH), (
        f"python-docx {installed} is outside {di.TESTED_WITH}, the range "
        "desktop/core/docx_internals.py was tested with: run this file and tests/core/export "
        "with it, then widen TESTED_WITH and pyproject.toml")


def test_pyproject_requires_the_tested_range():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    (requirement,) = [Requirement(d) for d in project["project"]["dependencies"]
                      if Requirement(d).name == "python-docx"]
    assert requirement.specifier == SpecifierSet(di.TESTED_WITH)


def test_the_relationship_and_content_types_are_python_docx_s():
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    from desktop.core.export import identity, wordml

    assert (wordml.RT_FOOTNOTES, wordml.RT_HYPERLINK, wordml.RT_THEME,
            wordml.RT_EXTENDED_PROPERTIES, identity.CUSTOM_RT) == (
        RT.FOOTNOTES, RT.HYPERLINK, RT.THEME, RT.EXTENDED_PROPERTIES, RT.CUSTOM_PROPERTIES)
    assert (wordml.CT_FOOTNOTES, wordml.CT_EXTENDED_PROPERTIES, identity.CUSTOM_CT) == (
        CT.WML_FOOTNOTES, CT.OFC_EXTENDED_PROPERTIES, CT.OFC_CUSTOM_PROPERTIES)


# --------------------------------------------------------------- nothing else goes below it
# python-docx's packaging and XML layers, and its objects' private attributes: only
# docx_internals may touch them.
_INTERNAL_PACKAGES = ("docx.oxml", "docx.opc", "docx.parts", "docx.package")
_INTERNAL_ATTRIBUTES = {"_p", "_r", "_tbl", "_tr", "_tc", "_element", "_blob", "_body",
                        "_parent", "_part", "_rels", "_partname", "_document_part",
                        "partname", "target_part", "reltype", "is_external", "relate_to",
                        "numbering_part", "iter_parts", "before_marshal", "sectPr",
                        "element"}


def _below_the_api(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif (isinstance(node, ast.Attribute) and node.attr in _INTERNAL_ATTRIBUTES
              and not (isinstance(node.value, ast.Name)
                       and node.value.id in ("self", "docx_internals", "di"))):
            found.append(f"line {node.lineno}: .{node.attr}")
            continue
        else:
            continue
        found += [f"line {node.lineno}: import {n}" for n in names
                  if n.startswith(_INTERNAL_PACKAGES)]
    return found


def test_no_other_module_reaches_below_python_docx_s_api():
    root = Path(desktop.__file__).parent
    offenders = {}
    for path in sorted(root.rglob("*.py")):
        if path.name == "docx_internals.py":
            continue
        found = _below_the_api(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(root))] = found
    assert offenders == {}


@pytest.mark.parametrize("line", [
    "from docx.oxml import parse_xml", "import docx.opc.constants", "p._p.append(x)",
    "document.element.body", "rel.target_part.blob", "header._element"])
def test_the_check_sees_each_kind_of_reach(line):
    assert _below_the_api(line) != []
    assert _below_the_api("from docx.shared import Twips\nself._body.append(x)\n"
                          "docx_internals.element(p)") == []


# ----------------------------------------------------------------------------- elements
def test_element_is_the_tree_python_docx_saves():
    document = docx.Document()
    p = document.add_paragraph("x")
    header = document.sections[0].header
    assert [etree.QName(di.element(o)).localname for o in (
        document, document.styles, document.settings, header, p,
        document.core_properties)] == ["document", "styles", "settings", "hdr", "p",
                                       "coreProperties"]
    di.element(p).append(etree.fromstring(f'<w:r xmlns:w="{W_NS}"><w:t>added</w:t></w:r>'))
    di.element(document.settings).append(etree.fromstring(f'<w:evenAndOddHeaders '
                                                          f'xmlns:w="{W_NS}"/>'))
    saved = _saved(document)
    assert b"added" in saved.read("word/document.xml")
    assert b"evenAndOddHeaders" in saved.read("word/settings.xml")
    assert di.body(document) is di.element(document).find(f"{W}body")


def test_parse_drops_blank_text_and_keeps_entities_unresolved():
    p = di.parse(f'<w:p xmlns:w="{W_NS}">\n  <w:r/>\n</w:p>')
    assert etree.tostring(p) == f'<w:p xmlns:w="{W_NS}"><w:r/></w:p>'.encode()
    doc = di.parse('<!DOCTYPE x [<!ENTITY e "expanded">]><x>&e;</x>')
    assert "expanded" not in etree.tostring(doc).decode()


# ------------------------------------------------------------------------ relationships
def test_relationships_listed_and_dropped():
    document = docx.Document()
    assert di.part_name(document) == "/word/document.xml"
    types = di.relationship_types(document)
    assert REL + "styles" in types.values()
    r_id = di.relate_external(document, "https://example.org/a?b=1&c=2", REL + "hyperlink")
    assert di.relate_external(document, "https://example.org/a?b=1&c=2",
                              REL + "hyperlink") == r_id  # one relationship per target
    assert di.relationship_types(document)[r_id] == REL + "hyperlink"
    rels = etree.fromstring(_saved(document).read("word/_rels/document.xml.rels"))
    (link,) = [r for r in rels if r.get("Id") == r_id]
    assert (link.get("Target"), link.get("TargetMode")) == ("https://example.org/a?b=1&c=2",
                                                            "External")
    di.drop_relationships(document, lambda rid, reltype: reltype.endswith("/hyperlink"))
    assert r_id not in di.relationship_types(document)
    assert b"example.org" not in _saved(document).read("word/_rels/document.xml.rels")


def test_related_blob_and_a_new_part():
    document = docx.Document()
    content_type, blob = di.related_blob(document, REL + "theme")
    assert content_type.endswith("theme+xml") and blob.lstrip().startswith(b"<?xml")
    assert di.related_blob(document, REL + "footnotes") is None
    di.add_part(document, "/word/extra.xml", "application/vnd.example+xml", b"<x/>",
                REL + "extra")
    saved = _saved(document)
    assert saved.read("word/extra.xml") == b"<x/>"
    assert (b'PartName="/word/extra.xml" ContentType="application/vnd.example+xml"'
            in saved.read("[Content_Types].xml"))


def test_an_xml_part_stays_live_and_is_taken_back_once():
    document = docx.Document()
    root = di.parse(f'<w:footnotes xmlns:w="{W_NS}"/>')
    name = di.add_xml_part(document, "/word/footnotes.xml",
                           "application/vnd.openxmlformats-officedocument.wordprocessingml"
                           ".footnotes+xml", root, REL + "footnotes")
    assert name == "/word/footnotes.xml"
    root.append(di.parse(f'<w:footnote xmlns:w="{W_NS}" w:id="1"/>'))  # after adding
    data = _save(document)
    assert b'w:id="1"' in zipfile.ZipFile(io.BytesIO(data)).read("word/footnotes.xml")

    reopened = docx.Document(io.BytesIO(data))  # python-docx reads the part as bytes
    taken = di.take_related_xml(reopened, REL + "footnotes")
    assert taken.tag == f"{W}footnotes" and taken[0].get(f"{W}id") == "1"
    assert REL + "footnotes" not in di.relationship_types(reopened).values()
    assert di.take_related_xml(reopened, REL + "footnotes") is None


def test_an_unreadable_part_is_taken_as_none():
    document = docx.Document()
    di.add_part(document, "/word/footnotes.xml", "application/xml", b"<not xml",
                REL + "footnotes")
    assert di.take_related_xml(document, REL + "footnotes") is None
    assert REL + "footnotes" not in di.relationship_types(document).values()


def test_package_parts_are_replaced_or_added():
    document = docx.Document()
    assert di.package_part_blob(document, EXTENDED) is not None  # python-docx's template
    di.put_package_part(document, EXTENDED, "/docProps/app.xml", "application/xml", b"<a/>")
    assert di.package_part_blob(document, EXTENDED) == b"<a/>"
    assert di.package_part_blob(document, CUSTOM) is None
    di.put_package_part(document, CUSTOM, "/docProps/custom.xml",
                        "application/vnd.openxmlformats-officedocument.custom-properties+xml",
                        b"<c/>")
    saved = _saved(document)
    assert saved.read("docProps/app.xml") == b"<a/>"
    assert saved.read("docProps/custom.xml") == b"<c/>"
    assert b"custom-properties" in saved.read("_rels/.rels")


def test_numbering_element():
    assert di.numbering_element(docx.Document()).tag == f"{W}numbering"


def test_a_non_package_raises_python_docx_s_error(tmp_path):
    path = tmp_path / "not.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises((di.PackageNotFoundError, zipfile.BadZipFile)):
        docx.Document(str(path))
    with pytest.raises(di.PackageNotFoundError):
        docx.Document(str(tmp_path / "missing.docx"))


# ------------------------------------------------------------------------------- saving
def test_package_entries_are_what_python_docx_saves():
    document = docx.Document()
    document.add_paragraph("Saved once.")
    entries = list(di.package_entries(document))
    names = [n for n, _blob in entries]
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    saved = _saved(document)
    assert sorted(names) == sorted(saved.namelist())
    assert {n: b for n, b in entries} == {n: saved.read(n) for n in saved.namelist()}


def test_package_entries_never_repeat_a_name():
    """A template relating its own docProps/core.xml under a type python-docx does not know
    gets python-docx's core properties beside it under the same name: one is renamed."""
    out = io.BytesIO()
    docx.Document().save(out)
    odd = io.BytesIO()
    with zipfile.ZipFile(out) as z, zipfile.ZipFile(odd, "w") as w:
        for name in z.namelist():
            blob = z.read(name)
            if name == "_rels/.rels":
                blob = blob.replace(b"metadata/core-properties", b"metadata/core-properties-x")
            w.writestr(name, blob)
    document = docx.Document(io.BytesIO(odd.getvalue()))
    document.core_properties.title = "Ours"
    entries = list(di.package_entries(document))
    names = [n for n, _blob in entries]
    assert len(names) == len(set(names)) and "docProps/core2.xml" in names
    blobs = dict(entries)
    (core,) = [r.get("Target") for r in etree.fromstring(blobs["_rels/.rels"])
               if r.get("Type").endswith("/metadata/core-properties")]
    assert b"Ours" in blobs[core.lstrip("/")]

