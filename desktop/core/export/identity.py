"""Identity marks: which brief and export a .docx came from, and which item each paragraph is.

A reviewed memo comes back from Word or LibreOffice; these marks let the review reader
(:mod:`desktop.core.review`) put every comment and edit back on the claim or paragraph it
touches. Two kinds of mark, both invisible to a reader of the memo and both kept by Word and
LibreOffice (the round trip through LibreOffice is tested):

- custom document properties (``docProps/custom.xml``) naming the brief and the export;
- a hidden bookmark (a name starting with ``_``, which Word leaves out of its Bookmarks list)
  around each placed claim (``_BBc<block id>``), each prose paragraph (``_BBp<block id>_<n>``,
  a prose block being split into paragraphs at blank lines) and each footnote
  (``_BBn<evidence id>_<n>``). Names stay under Word's 40-character limit.

The same marks make the base of comparison, :class:`ExportRecord`: the text of every
claim, paragraph and footnote as exported, which the brief keeps. Everything here is
derived from the brief's content, never from the clock or chance, so an unchanged brief still
exports to identical bytes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

MARK_PREFIX = "_BB"
BRIEF_PROPERTY = "BriefingBuilderBrief"
EXPORT_PROPERTY = "BriefingBuilderExport"
OBJECT = "\ufffc"  # stands for a footnote reference in a paragraph's text

CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraph_text(p) -> str:
    """A ``w:p``'s text as the review reader compares it: tabs, line breaks, and one
    :data:`OBJECT` per footnote reference; deleted text (``w:delText``) is not text."""
    out = []
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}footnoteReference"):
        tag = el.tag
        if tag == f"{_W}t":
            out.append(el.text or "")
        elif tag == f"{_W}tab":
            if etree.QName(el.getparent()).localname == "r":
                out.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
        else:
            out.append(OBJECT)
    return "".join(out)


def split_claim(text: str) -> tuple[str, str]:
    """A claim paragraph's text as (statement part, judgment part), cut at its footnote
    references; the whole text and "" when it has none."""
    first, last = text.find(OBJECT), text.rfind(OBJECT)
    if first < 0:
        return text, ""
    tail = text[last + 1:]
    return text[:first], tail.lstrip(",").lstrip()


@dataclass
class ExportRecord:
    """What an export wrote, as the brief remembers it (JSON in ``exports.base``).

    ``items`` maps each mark name to the item it marks and its text as exported;
    ``paragraphs`` lists every body paragraph's text in order, with its mark or None, for
    matching a copy whose marks were lost.
    """

    brief_id: str
    export_id: str = ""
    items: dict = field(default_factory=dict)
    paragraphs: list = field(default_factory=list)
    stamp: str = ""    # the brief's last content change the export shows (not the clock)
    sha256: str = ""   # of the file written

    def to_json(self) -> str:
        return json.dumps({"items": self.items, "paragraphs": self.paragraphs},
                          ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, brief_id: str, export_id: str, raw: str) -> "ExportRecord":
        data = json.loads(raw or "{}")
        return cls(brief_id, export_id, data.get("items", {}), data.get("paragraphs", []))


class IdentityMarks:
    """Marks one memo as the writer writes it; ``block`` is the writer's hook."""

    def __init__(self, document, brief_id: str, footnotes_element):
        self.document = document
        self.record = ExportRecord(brief_id)
        self._notes = footnotes_element
        body = document.element.body
        used = [int(b.get(qn("w:id"))) for b in body.iter(qn("w:bookmarkStart"))
                if (b.get(qn("w:id")) or "").isdigit()]
        self._next = max(used + [0]) + 1
        self._note_uses: dict[str, int] = {}

    # ---------------------------------------------------------------- the writer's hook
    def block(self, block: dict, paragraphs: list, claim: dict | None = None) -> None:
        """Mark the paragraphs the writer just wrote for memo ``block``."""
        paragraphs = [p for p in paragraphs if p.tag == qn("w:p")]
        if block["kind"] == "claim":
            if not paragraphs or claim is None:
                return
            p = paragraphs[0]
            name = f"{MARK_PREFIX}c{block['id']}"
            text = paragraph_text(p)
            statement, judgment = split_claim(text)
            if OBJECT not in text:  # no evidence: the judgment follows the statement
                statement, judgment = _cut_judgment(text, claim)
            self._mark(p, name)
            self.record.items[name] = {"kind": "claim", "block": block["id"],
                                       "claim": claim["id"], "text": text,
                                       "statement": statement, "judgment": judgment,
                                       "notes": self._mark_notes(p, claim)}
            return
        chunks = [p for p in paragraphs]
        for n, p in enumerate(chunks):
            name = f"{MARK_PREFIX}p{block['id']}_{n}"
            self._mark(p, name)
            self.record.items[name] = {"kind": "prose", "block": block["id"], "chunk": n,
                                       "chunks": len(chunks), "text": paragraph_text(p)}

    def _mark_notes(self, p, claim: dict) -> list[str]:
        """Mark the footnotes of claim paragraph ``p``; their mark names, in order."""
        names = []
        refs = [r.get(qn("w:id")) for r in p.iter(qn("w:footnoteReference"))]
        notes = {n.get(qn("w:id")): n for n in self._notes.findall(qn("w:footnote"))}
        for ref, evidence in zip(refs, claim["evidence"]):
            note = notes.get(ref)
            paras = note.findall(qn("w:p")) if note is not None else []
            if not paras:
                names.append("")
                continue
            uses = self._note_uses.get(evidence["id"], 0)
            self._note_uses[evidence["id"]] = uses + 1
            name = f"{MARK_PREFIX}n{evidence['id']}_{uses}"
            self._mark(paras[0], name)
            self.record.items[name] = {"kind": "note", "evidence": evidence["id"],
                                       "claim": claim["id"],
                                       "text": "\n".join(paragraph_text(x) for x in paras)}
            names.append(name)
        return names

    def _mark(self, p, name: str) -> None:
        mark_id = str(self._next)
        self._next += 1
        start = etree.SubElement(p, qn("w:bookmarkStart"))
        start.set(qn("w:id"), mark_id)
        start.set(qn("w:name"), name)
        ppr = p.find(qn("w:pPr"))
        p.remove(start)
        p.insert(1 if ppr is not None else 0, start)
        end = etree.SubElement(p, qn("w:bookmarkEnd"))
        end.set(qn("w:id"), mark_id)

    # ------------------------------------------------------------------ the whole file
    def finish(self, stamp: str = "") -> ExportRecord:
        """Record every body paragraph, fix the export id and write the properties."""
        body = self.document.element.body
        names = {}
        for p in body.iterchildren(qn("w:p")):
            start = p.find(qn("w:bookmarkStart"))
            name = start.get(qn("w:name")) if start is not None else None
            names[p] = name if name in self.record.items else None
        self.record.paragraphs = [[paragraph_text(p), names[p]] for p in names]
        digest = hashlib.sha256((self.record.brief_id + "\n" + self.record.to_json())
                                .encode("utf-8")).hexdigest()
        self.record.export_id = digest[:32]
        self.record.stamp = stamp
        set_custom_properties(self.document, {BRIEF_PROPERTY: self.record.brief_id,
                                              EXPORT_PROPERTY: self.record.export_id})
        return self.record


def _cut_judgment(text: str, claim: dict) -> tuple[str, str]:
    from .. import queries

    judgment = queries.estimative_sentence(claim.get("likelihood"), claim.get("confidence"))
    if judgment and text.endswith(" " + judgment):
        return text[:-len(judgment) - 1], judgment
    return text, ""


def set_custom_properties(document, values: dict[str, str]) -> None:
    """Put ``values`` among the document's custom properties (``docProps/custom.xml``),
    keeping a template's own properties and replacing earlier values of these names."""
    package = document.part.package
    part, root = None, None
    for rel in package.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            part = rel.target_part
            try:
                root = etree.fromstring(part.blob)
            except etree.XMLSyntaxError:
                root = None
            break
    if root is None or root.tag != f"{{{CUSTOM_NS}}}Properties":
        root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for prop in list(root):
        if prop.get("name") in values:
            root.remove(prop)
    pids = [int(p.get("pid")) for p in root if (p.get("pid") or "").isdigit()]
    pid = max(pids + [1]) + 1
    for name, value in values.items():
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=FMTID, pid=str(pid),
                                name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
        pid += 1
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if part is None:
        part = Part(PackURI("/docProps/custom.xml"), CUSTOM_CT, blob, package)
        package.relate_to(part, RT.CUSTOM_PROPERTIES)
    else:
        part._blob = blob
