"""The raw-WordprocessingML module: footnotes part, hyperlinks, fields."""

from __future__ import annotations

import zipfile

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart

from desktop.core.export.oxml import (Footnotes, add_field, add_hyperlink, has_field,
                                      mark_right_to_left, repeat_as_header_row)
from desktop.core.export.wordml import linkable, starts_right_to_left, web_address
from desktop.core.export.template import ensure_styles, open_template

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _doc():
    document = open_template(None)
    ensure_styles(document)
    return document


def _notes(document, tmp_path, name="notes.docx"):
    path = tmp_path / name
    document.save(str(path))
    return path


def test_new_part_has_word_separators_and_settings(tmp_path, ooxml):
    document = _doc()
    notes = Footnotes.of(document)
    p = document.add_paragraph("Claim.")
    notes.add(p).add_run("First source.")
    notes.add(p).add_run("Second source.")
    assert notes.count == 2
    path = _notes(document, tmp_path)

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


def test_adopts_a_template_footnotes_part(tmp_path, ooxml):
    document = _doc()
    notes = Footnotes.of(document)
    notes.add(document.add_paragraph("Old.")).add_run("Old note.")
    template = _notes(document, tmp_path, "template.docx")

    reopened = docx.Document(str(template))
    part = reopened.part.part_related_by(RT.FOOTNOTES)
    assert not isinstance(part, XmlPart)  # python-docx loads it as an opaque blob
    for p in list(reopened.element.body.findall(f"{W}p")):
        reopened.element.body.remove(p)
    adopted = Footnotes.of(reopened)
    adopted.add(reopened.add_paragraph("New.")).add_run("New note.")
    path = _notes(reopened, tmp_path, "adopted.docx")

    rels = [r for r in reopened.part.rels.values() if r.reltype == RT.FOOTNOTES]
    assert len(rels) == 1
    assert ooxml.footnote_texts(path) == {1: " New note."}
    assert ooxml.validate(path) == []


def test_continuation_notice_keeps_its_id(tmp_path, ooxml):
    document = _doc()
    notes = Footnotes.of(document)
    notice = docx.oxml.parse_xml(
        '<w:footnote xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'w:type="continuationNotice" w:id="1"><w:p/></w:footnote>')
    notes._element.append(notice)
    again = Footnotes.of(document)
    again.add(document.add_paragraph("x")).add_run("note")
    path = _notes(document, tmp_path)
    root = ooxml.part_xml(path, "word/footnotes.xml")
    assert [n.get(f"{W}id") for n in root] == ["-1", "0", "1", "2"]
    settings = ooxml.part_xml(path, "word/settings.xml")
    assert [f.get(f"{W}id") for f in settings.find(f"{W}footnotePr")] == ["-1", "0", "1"]


def test_hyperlinks_share_one_relationship_per_url(tmp_path, ooxml):
    document = _doc()
    p = document.add_paragraph("See ")
    add_hyperlink(p, "https://example.org/a?b=1&c=2", "the report", "Hyperlink")
    add_hyperlink(p, "https://example.org/a?b=1&c=2", " again ", "Hyperlink")
    path = _notes(document, tmp_path)
    links = ooxml.part_xml(path, "word/document.xml").findall(f".//{W}hyperlink")
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    assert len(links) == 2 and links[0].get(rid) == links[1].get(rid)
    rels = ooxml.part_xml(path, "word/_rels/document.xml.rels")
    target = [r for r in rels if r.get("Id") == links[0].get(rid)][0]
    assert target.get("TargetMode") == "External"
    assert target.get("Target") == "https://example.org/a?b=1&c=2"
    assert ooxml.texts(links[1]) == " again "
    assert ooxml.validate(path) == []


def test_linkable():
    assert linkable("https://example.org/x")
    assert linkable("mailto:desk@example.org")
    assert not linkable("javascript:alert(1)")
    assert not linkable("file:///etc/passwd")
    assert linkable("https://example.org/a b")  # written as a%20b
    assert not linkable("not a url")
    assert not linkable("")


def test_page_field_and_header_row(tmp_path, ooxml):
    document = _doc()
    footer = document.sections[0].footer
    assert not has_field(footer._element, "PAGE")
    add_field(footer.paragraphs[0], "PAGE")
    assert has_field(footer._element, "PAGE")
    assert not has_field(footer._element, "NUMPAGES")
    table = document.add_table(rows=2, cols=2)
    repeat_as_header_row(table.rows[0])
    path = _notes(document, tmp_path)
    assert ooxml.part_xml(path, "word/document.xml").find(f".//{W}tblHeader") is not None
    assert ooxml.validate(path) == []


def test_web_addresses_are_percent_encoded():
    assert web_address("https://example.org/a b") == "https://example.org/a%20b"
    assert web_address("https://example.org/Mali–report/é?q=ñ#§") == \
        "https://example.org/Mali%E2%80%93report/%C3%A9?q=%C3%B1#%C2%A7"
    assert web_address("https://example.org/50%25/100%") == "https://example.org/50%25/100%25"
    assert web_address("https://bücher.example/x") == "https://xn--bcher-kva.example/x"
    assert web_address("https://example.org/a?b=1&c=(2)") == "https://example.org/a?b=1&c=(2)"


def test_right_to_left_paragraphs_are_marked(tmp_path, ooxml):
    assert starts_right_to_left("«مرحبا» Mali")
    assert not starts_right_to_left("Mali «مرحبا»")
    assert not starts_right_to_left("12 Mali")
    document = _doc()
    rtl = document.add_paragraph()
    rtl.add_run("قالت الوزارة إن الصادرات ارتفعت")
    ltr = document.add_paragraph()
    ltr.add_run("The ministry said: ")
    ltr.add_run("שלום")
    assert mark_right_to_left(document.element.body) == 1
    path = _notes(document, tmp_path)
    body = ooxml.part_xml(path, "word/document.xml")
    paragraphs = body.findall(f".//{W}p")
    assert paragraphs[0].find(f"{W}pPr/{W}bidi") is not None
    assert paragraphs[0].find(f"{W}r/{W}rPr/{W}rtl") is not None
    assert paragraphs[1].find(f"{W}pPr/{W}bidi") is None
    assert [r.find(f"{W}rPr/{W}rtl") is not None for r in paragraphs[1].findall(f"{W}r")] \
        == [False, True]
    assert ooxml.validate(path) == []
