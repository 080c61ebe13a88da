"""The footnotes part python-docx has no API for: Word's separators, settings, adopting a
template's part, and the spliced and parsed ways of putting the notes in giving the same XML."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx

from desktop.core import docx_internals
from desktop.core.export.footnotes import Footnotes
from desktop.core.export.package import docx_bytes
from desktop.core.export.template import ensure_styles, open_template
from desktop.core.export.wordml import R_NS, RT_FOOTNOTES, W_NS, run

W = f"{{{W_NS}}}"


def _doc():
    document = open_template(None)
    ensure_styles(document)
    return document


def _claim_with_notes(document, notes: Footnotes, texts: list[str]) -> None:
    """A body paragraph citing one new footnote per text, as the writer makes it."""
    refs = "".join(notes.note([run(t)])[0] for t in texts)
    p = docx_internals.parse(f'<w:p xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:r><w:t>Claim.</w:t>'
                             f"</w:r>{refs}</w:p>")
    body = docx_internals.body(document)
    body.find(f"{W}sectPr").addprevious(p)


def _saved(document, tmp_path, name="notes.docx", splices=None):
    path = tmp_path / name
    path.write_bytes(docx_bytes(document, dt.datetime(2024, 1, 1), splices))
    return path


def test_a_new_part_has_word_separators_and_settings(tmp_path, ooxml):
    document = _doc()
    notes = Footnotes.of(document)
    _claim_with_notes(document, notes, ["First source.", "Second source."])
    notes.flush()
    assert notes.count == 2
    path = _saved(document, tmp_path)

    root = ooxml.part_xml(path, "word/footnotes.xml")
    kinds = [(n.get(f"{W}id"), n.get(f"{W}type")) for n in root]
    assert kinds == [("-1", "separator"), ("0", "continuationSeparator"), ("1", None),
                     ("2", None)]
    assert root[0].find(f".//{W}separator") is not None
    assert root[1].find(f".//{W}continuationSeparator") is not None
    first = root[2].find(f"{W}p")
    assert first.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "FootnoteText"
    assert first.find(f"{W}r/{W}footnoteRef") is not None
    assert ooxml.texts(root[2]) == " First source."

    body = ooxml.part_xml(path, "word/document.xml")
    refs = body.findall(f".//{W}footnoteReference")
    assert [r.get(f"{W}id") for r in refs] == ["1", "2"]
    assert refs[0].getparent().find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference"

    settings = ooxml.part_xml(path, "word/settings.xml")
    pr = settings.find(f"{W}footnotePr")
    assert [f.get(f"{W}id") for f in pr] == ["-1", "0"]
    tags = [c.tag for c in settings]
    assert tags.index(f"{W}footnotePr") < tags.index(f"{W}compat")
    with zipfile.ZipFile(path) as z:
        types = z.read("[Content_Types].xml").decode()
    assert "footnotes+xml" in types
    assert ooxml.validate(path) == []


def test_spliced_notes_are_the_parsed_notes(tmp_path):
    """Splicing the notes in as text when saving gives the part parsing them gives."""
    parts = []
    for splices in (None, {}):
        document = _doc()
        notes = Footnotes.of(document)
        _claim_with_notes(document, notes, ["A & B <c>.", "  two  spaces "])
        notes.flush(splices)
        if splices is not None:
            assert list(splices) == ["/word/footnotes.xml"]
        with zipfile.ZipFile(io.BytesIO(docx_bytes(document, dt.datetime(2024, 1, 1),
                                                   splices))) as z:
            parts.append(z.read("word/footnotes.xml"))
    parsed, spliced = (docx_internals.parse(p) for p in parts)
    assert [n.get(f"{W}id") for n in spliced] == ["-1", "0", "1", "2"]
    from lxml import etree
    assert etree.tostring(spliced, method="c14n") == etree.tostring(parsed, method="c14n")


def test_a_template_footnotes_part_is_adopted(tmp_path, ooxml):
    document = _doc()
    notes = Footnotes.of(document)
    _claim_with_notes(document, notes, ["Old note."])
    notes.flush()
    template = _saved(document, tmp_path, "template.docx")

    reopened = docx.Document(str(template))
    assert docx_internals.related_blob(reopened, RT_FOOTNOTES) is not None
    body = docx_internals.body(reopened)
    for p in list(body.findall(f"{W}p")):
        body.remove(p)
    adopted = Footnotes.of(reopened)
    assert adopted.count == 0 and len(adopted.root) == 2  # the separators, no old note
    _claim_with_notes(reopened, adopted, ["New note."])
    adopted.flush()
    path = _saved(reopened, tmp_path, "adopted.docx")

    types = docx_internals.relationship_types(reopened).values()
    assert list(types).count(RT_FOOTNOTES) == 1
    assert ooxml.footnote_texts(path) == {1: " New note."}
    assert ooxml.validate(path) == []


def test_a_continuation_notice_keeps_its_id(tmp_path, ooxml):
    document = _doc()
    notes = Footnotes.of(document)
    notes.root.append(docx_internals.parse(
        f'<w:footnote xmlns:w="{W_NS}" w:type="continuationNotice" w:id="1"><w:p/></w:footnote>'))
    again = Footnotes.of(document)
    _claim_with_notes(document, again, ["note"])
    again.flush()
    path = _saved(document, tmp_path)
    root = ooxml.part_xml(path, "word/footnotes.xml")
    assert [n.get(f"{W}id") for n in root] == ["-1", "0", "1", "2"]
    settings = ooxml.part_xml(path, "word/settings.xml")
    assert [f.get(f"{W}id") for f in settings.find(f"{W}footnotePr")] == ["-1", "0", "1"]


def test_right_to_left_notes_are_marked(tmp_path, ooxml):
    document = _doc()
    notes = Footnotes.of(document)
    _claim_with_notes(document, notes, ["قالت الوزارة", "The ministry said"])
    notes.flush()
    root = ooxml.part_xml(_saved(document, tmp_path), "word/footnotes.xml")
    assert [n.find(f"{W}p/{W}pPr/{W}bidi") is not None for n in root[2:]] == [True, False]
