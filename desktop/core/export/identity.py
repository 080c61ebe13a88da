"""Identity marks: which brief and export a .docx came from, and which item each paragraph is.

A reviewed memo comes back from Word or LibreOffice; these marks let the review reader
(:mod:`desktop.core.review`) put every comment and edit back on the claim or paragraph it
touches. Two kinds of mark, both invisible to a reader of the memo and both kept by Word and
LibreOffice (the round trip through LibreOffice is tested):

- custom document properties (``docProps/custom.xml``) naming the brief and the export;
- a hidden bookmark (a name starting with ``_``, which Word leaves out of its Bookmarks list)
  around each placed claim (``_BBc<block id>``) and each prose paragraph
  (``_BBp<block id>_<n>``, a prose block being split into paragraphs at blank lines). Names
  stay under Word's 40-character limit. A footnote is known by its reference's place in its
  claim's paragraph (LibreOffice drops bookmarks inside footnotes).

The same marks make the base of comparison, :class:`ExportRecord`: the text of every
claim, paragraph and footnote as exported, which the brief keeps. Everything here is
derived from the brief's content, never from the clock or chance, so an unchanged brief still
exports to identical bytes.
"""

from __future__ import annotations

import hashlib
import html
import json
import re

from lxml import etree

from ..model import NOTE_MARK, estimative_sentence

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def qn(tag: str) -> str:
    """"w:p" as lxml names it (python-docx's qn, without loading python-docx: the review
    panel uses this module at start-up)."""
    return _W + tag.removeprefix("w:")


MARK_PREFIX = "_BB"
BRIEF_PROPERTY = "BriefingBuilderBrief"
EXPORT_PROPERTY = "BriefingBuilderExport"
OBJECT = NOTE_MARK  # stands for a footnote reference in a paragraph's text

CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
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


class ExportRecord:
    """What an export wrote, as the brief remembers it (JSON in ``exports.base``).

    ``items`` maps each mark name to the item it marks and its text as exported;
    ``paragraphs`` lists every body paragraph's text in order, with its mark or None, for
    matching a copy whose marks were lost. An export fills both in only when they are first
    read (recording a new export; re-exporting an unchanged brief needs only the id).
    """

    def __init__(self, brief_id: str, export_id: str = "", items: dict | None = None,
                 paragraphs: list | None = None, stamp: str = "", sha256: str = ""):
        self.brief_id, self.export_id = brief_id, export_id
        self.stamp = stamp      # the brief's last content change the export shows
        self.sha256 = sha256    # of the file written
        self._items = items if items is not None else {}
        self._paragraphs = paragraphs if paragraphs is not None else []
        self._pending = None    # reads the texts from the written XML, when first needed

    @property
    def items(self) -> dict:
        self._complete()
        return self._items

    @property
    def paragraphs(self) -> list:
        self._complete()
        return self._paragraphs

    def _complete(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending()

    def to_json(self) -> str:
        return json.dumps({"items": self.items, "paragraphs": self.paragraphs},
                          ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, brief_id: str, export_id: str, raw: str) -> "ExportRecord":
        data = json.loads(raw or "{}")
        return cls(brief_id, export_id, data.get("items", {}), data.get("paragraphs", []))


_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_NOTE_REF = re.compile(r'<w:footnoteReference w:id="(-?\d+)"/>')


def _parse(xml: str, root: str = "w:body"):
    """WordprocessingML text written by the exporter (prefixes w: and r:), parsed."""
    return etree.fromstring(f"<{root} {_NS}>{xml}</{root}>")


class IdentityMarks:
    """Marks one memo as the writer writes it: :meth:`block` is the writer's hook (it gets
    and returns the body XML written for one memo block), :meth:`finish` the last step."""

    def __init__(self, document, brief_id: str):
        from ..docx_internals import body as body_of  # python-docx: not at the panel's start

        self.document = document
        self._body = body_of(document)
        self.record = ExportRecord(brief_id)
        body = self._body
        used = [int(b.get(qn("w:id"))) for b in body.iter(qn("w:bookmarkStart"))
                if (b.get(qn("w:id")) or "").isdigit()]
        self._next = max(used + [0]) + 1
        self._note_uses: dict[str, int] = {}
        self._note_ids: list[tuple] = []   # (note key, footnote id, evidence id, claim id)
        self._claims: dict[str, dict] = {}    # mark name -> the claim it marks

    # ---------------------------------------------------------------- the writer's hook
    def block(self, block: dict, xml: list[str], claim: dict | None = None) -> list[str]:
        """``xml`` (the paragraphs written for memo ``block``) with their marks."""
        paragraphs = [i for i, part in enumerate(xml) if part.startswith("<w:p>")]
        out = list(xml)
        if block["kind"] == "claim":
            if not paragraphs or claim is None:
                return out
            i = paragraphs[0]
            name = f"{MARK_PREFIX}c{block['id']}"
            out[i] = self._mark(out[i], name)
            self._claims[name] = claim  # its texts are read in finish(), in one parse
            self.record._items[name] = {"kind": "claim", "block": block["id"],
                                       "claim": claim["id"], "text": "", "statement": "",
                                       "judgment": "", "notes": self._notes(out[i], claim)}
            return out
        for n, i in enumerate(paragraphs):
            name = f"{MARK_PREFIX}p{block['id']}_{n}"
            out[i] = self._mark(out[i], name)
            self.record._items[name] = {"kind": "prose", "block": block["id"], "chunk": n,
                                       "chunks": len(paragraphs), "text": ""}
        return out

    def _notes(self, xml: str, claim: dict) -> list[str]:
        """Keys of the claim paragraph's footnotes, in order (their items are made with
        their text, when the texts are read)."""
        keys = []
        for note_id, evidence in zip(_NOTE_REF.findall(xml), claim["evidence"]):
            uses = self._note_uses[evidence["id"]] = self._note_uses.get(evidence["id"], -1) + 1
            key = f"{MARK_PREFIX}n{evidence['id']}_{uses}"
            self._note_ids.append((key, note_id, evidence["id"], claim["id"]))
            keys.append(key)
        return keys

    def _mark(self, xml: str, name: str) -> str:
        """A bookmark around the whole paragraph ``xml`` (after its properties)."""
        mark_id = self._next
        self._next += 1
        start = f'<w:bookmarkStart w:id="{mark_id}" w:name="{name}"/>'
        cut = xml.find("</w:pPr>")
        cut = cut + len("</w:pPr>") if cut >= 0 else len("<w:p>")
        return (xml[:cut] + start + xml[cut:-len("</w:p>")]
                + f'<w:bookmarkEnd w:id="{mark_id}"/></w:p>')

    @staticmethod
    def _texts(item: dict, text: str, claim: dict | None) -> None:
        item["text"] = text
        if item["kind"] == "claim":
            statement, judgment = split_claim(text)
            if OBJECT not in text:  # no evidence: the judgment follows the statement
                statement, judgment = _cut_judgment(text, claim or {})
            item["statement"], item["judgment"] = statement, judgment

    # ------------------------------------------------------------------ the whole file
    def finish(self, stamp: str, splices: dict, footnotes) -> ExportRecord:
        """Fix the export id and write the properties; the texts are read when first needed.

        ``splices`` and ``footnotes`` are where the writer left the body and the notes: text
        to splice in when saving (by part name), or else the parsed elements. The export id
        is a hash of the brief's id, ``stamp`` (its last content change) and that XML, so an
        unchanged brief gets the same id and the same bytes."""
        from ..docx_internals import part_name

        body_xml = splices.get(part_name(self.document))
        notes_xml = next((v for k, v in splices.items() if str(k).endswith("/footnotes.xml")),
                         None)
        digest = hashlib.sha256("\n".join([self.record.brief_id, stamp]).encode("utf-8"))
        for xml, element in ((body_xml, self._body), (notes_xml, footnotes)):
            digest.update(xml.encode("utf-8") if xml is not None else etree.tostring(element))
        self.record.export_id = digest.hexdigest()[:32]
        self.record.stamp = stamp
        self.record._pending = lambda: self._read_texts(body_xml, notes_xml, footnotes)
        set_custom_properties(self.document, {BRIEF_PROPERTY: self.record.brief_id,
                                              EXPORT_PROPERTY: self.record.export_id})
        return self.record

    def _read_texts(self, body_xml: str | None, notes_xml: str | None, footnotes) -> None:
        """Every body paragraph's text, the marked items' and the footnotes'."""
        items = self.record._items
        # Tables (the annex: most of a long memo's body) hold no marked paragraph, and the
        # record lists only the body's own paragraphs: leave them out before parsing.
        body = _parse(_TABLE.sub("", body_xml)) if body_xml is not None else self._body
        paragraphs = []
        for p in body.iterchildren(qn("w:p")):
            start = p.find(qn("w:bookmarkStart"))
            name = start.get(qn("w:name")) if start is not None else None
            name = name if name in items else None
            text = paragraph_text(p)
            paragraphs.append([text, name])
            if name is not None:
                self._texts(items[name], text, self._claims.get(name))
        self.record._paragraphs = paragraphs
        if notes_xml is not None:
            texts = _note_texts(notes_xml)
        else:
            texts = {n.get(qn("w:id")): "\n".join(paragraph_text(p) for p in n.iter(qn("w:p")))
                     for n in footnotes.iterchildren(qn("w:footnote"))}
        for key, note_id, evidence_id, claim_id in self._note_ids:
            items[key] = {"kind": "note", "evidence": evidence_id, "claim": claim_id,
                          "text": texts.get(note_id, "")}


_NOTE = re.compile(r'<w:footnote w:id="(-?\d+)">')
_TABLE = re.compile(r"<w:tbl>.*?</w:tbl>", re.S)  # the exporter never nests tables
_NOTE_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:(tab|br|p)\b[^>]*>")


def _note_texts(xml: str) -> dict[str, str]:
    """Footnote id -> text, from the notes the exporter wrote as text (a flat run of
    ``w:footnote`` elements in the shape :class:`~.footnotes.Footnotes` writes; reading them with
    a pattern instead of a parser keeps a 1,500-note export a few milliseconds faster)."""
    out: dict[str, str] = {}
    pieces = _NOTE.split(xml)
    for note_id, body in zip(pieces[1::2], pieces[2::2]):
        text, paragraphs = [], 0
        for match in _NOTE_TEXT.finditer(body):
            if match.group(1) is not None:
                text.append(match.group(1))
            elif match.group(2) == "tab":
                text.append("\t")
            elif match.group(2) == "br":
                text.append("\n")
            else:
                paragraphs += 1
                if paragraphs > 1:
                    text.append("\n")
        out[note_id] = html.unescape("".join(text))
    return out


def _cut_judgment(text: str, claim: dict) -> tuple[str, str]:
    judgment = estimative_sentence(claim.get("likelihood"), claim.get("confidence"))
    if judgment and text.endswith(" " + judgment):
        return text[:-len(judgment) - 1], judgment
    return text, ""


def set_custom_properties(document, values: dict[str, str]) -> None:
    """Put ``values`` among the document's custom properties (``docProps/custom.xml``),
    keeping a template's own properties and replacing earlier values of these names."""
    from ..docx_internals import package_part_blob, put_package_part

    root = None
    blob = package_part_blob(document, CUSTOM_RT)
    if blob is not None:
        try:
            root = etree.fromstring(blob)
        except etree.XMLSyntaxError:
            root = None
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
    put_package_part(document, CUSTOM_RT, "/docProps/custom.xml", CUSTOM_CT, blob)
