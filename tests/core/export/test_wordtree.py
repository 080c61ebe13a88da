"""WordprocessingML edited with lxml (wordtree) and written as text (wordml): fields,
right-to-left marks, the schema's child order, settings, styles, link addresses."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from desktop.core import docx_internals
from desktop.core.export import wordtree
from desktop.core.export.package import docx_bytes
from desktop.core.export.template import ensure_styles, open_template
from desktop.core.export.wordml import linkable, starts_right_to_left, web_address
from desktop.core.export.wordtree import (add_field, declare_footnote_separators, has_field,
                                          make, mark_right_to_left, put_in_schema_order, qn,
                                          set_compatibility_mode)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _doc():
    document = open_template(None)
    ensure_styles(document)
    return document


def _saved(document, tmp_path):
    path = tmp_path / "tree.docx"
    path.write_bytes(docx_bytes(document, dt.datetime(2024, 1, 1)))
    return path


def test_names_match_python_docx():
    from docx.oxml.ns import qn as docx_qn

    for tag in ("w:p", "r:id", "m:mathPr", "sl:schemaLibrary"):
        assert qn(tag) == docx_qn(tag)
    assert etree.tostring(make("w:bidi", {"w:val": "1"})) == (
        b'<w:bidi xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        b'w:val="1"/>')


def test_page_field(tmp_path, ooxml):
    document = _doc()
    footer = docx_internals.element(document.sections[0].footer)
    assert not has_field(footer, "PAGE")
    add_field(footer.find(f"{W}p"), "PAGE")
    assert has_field(footer, "PAGE")
    assert not has_field(footer, "NUMPAGES")
    path = _saved(document, tmp_path)
    footers = [n for n in ooxml.part_xml(path, "[Content_Types].xml")
               if "footer" in (n.get("ContentType") or "")]
    field = ooxml.part_xml(path, footers[0].get("PartName").lstrip("/")).find(
        f".//{W}fldSimple")
    assert field.get(f"{W}instr") == " PAGE " and ooxml.texts(field) == "1"
    assert ooxml.validate(path) == []


def test_a_complex_field_counts_as_a_field():
    footer = etree.fromstring(
        f'<w:ftr xmlns:w="{W[1:-1]}"><w:p><w:r><w:instrText> page \\* Arabic</w:instrText>'
        "</w:r></w:p></w:ftr>")
    assert has_field(footer, "PAGE") and not has_field(footer, "PAGES")


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
    assert mark_right_to_left(docx_internals.body(document)) == 1
    path = _saved(document, tmp_path)
    body = ooxml.part_xml(path, "word/document.xml")
    paragraphs = body.findall(f".//{W}p")
    assert paragraphs[0].find(f"{W}pPr/{W}bidi") is not None
    assert paragraphs[0].find(f"{W}r/{W}rPr/{W}rtl") is not None
    assert paragraphs[1].find(f"{W}pPr/{W}bidi") is None
    assert [r.find(f"{W}rPr/{W}rtl") is not None for r in paragraphs[1].findall(f"{W}r")] \
        == [False, True]
    assert ooxml.validate(path) == []


def test_schema_order_is_restored_keeping_equals_and_extensions_last():
    ppr = etree.fromstring(
        f'<w:pPr xmlns:w="{W[1:-1]}" xmlns:x="urn:x"><x:ext/><w:jc w:val="left"/>'
        '<w:bidi/><w:pStyle w:val="A"/><w:rPr><w:i/><w:b/></w:rPr></w:pPr>')
    put_in_schema_order(ppr)
    assert [etree.QName(c).localname for c in ppr] == ["pStyle", "bidi", "jc", "rPr", "ext"]
    assert [etree.QName(c).localname for c in ppr.find(f"{W}rPr")] == ["b", "i"]


def test_settings_compatibility_mode_and_separators_in_schema_order():
    settings = etree.fromstring(
        f'<w:settings xmlns:w="{W[1:-1]}"><w:zoom w:percent="100"/><w:rsids/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:val="14"/></w:compat>'
        "</w:settings>")
    set_compatibility_mode(settings, 15)
    modes = settings.findall(f"{W}compat/{W}compatSetting")
    assert [(m.get(f"{W}name"), m.get(f"{W}val")) for m in modes] == [
        ("compatibilityMode", "15")]
    declare_footnote_separators(settings, ["-1", "0"])
    assert [etree.QName(c).localname for c in settings] == ["zoom", "footnotePr", "rsids",
                                                            "compat"]
    declare_footnote_separators(settings, [])
    assert settings.find(f"{W}footnotePr") is None

    bare = etree.fromstring(f'<w:settings xmlns:w="{W[1:-1]}"><w:zoom/><w:rsids/></w:settings>')
    set_compatibility_mode(bare)
    assert [etree.QName(c).localname for c in bare] == ["zoom", "compat", "rsids"]


def test_style_accessors():
    styles = etree.fromstring(
        f'<w:styles xmlns:w="{W[1:-1]}"><w:style w:styleId="A"><w:name w:val="Alpha"/>'
        '<w:basedOn w:val="B"/></w:style><w:style w:type="character"/></w:styles>')
    (style,) = wordtree.style_elements(styles)  # the one without an id is not usable
    assert (wordtree.style_id(style), wordtree.style_name(style),
            wordtree.style_type(style)) == ("A", "Alpha", "paragraph")
    assert wordtree.style_ref(style, "w:basedOn") == "B"
    assert wordtree.style_ref(style, "w:next") is None
    wordtree.set_style_ref(style, "w:basedOn", "C")
    assert wordtree.style_ref(style, "w:basedOn") == "C"
    wordtree.set_style_ref(style, "w:basedOn", None)
    assert style.find(f"{W}basedOn") is None
    wordtree.set_style_id(style, "Z")
    assert wordtree.style_id(style) == "Z"


def test_splicing_needs_the_w_and_r_prefixes():
    both = etree.fromstring(f'<w:document xmlns:w="{W[1:-1]}" xmlns:r="{wordtree.NS["r"]}">'
                            "<w:body/></w:document>")
    assert wordtree.can_splice(both[0])
    other = etree.fromstring(f'<w:document xmlns:w="{W[1:-1]}" xmlns:rr="{wordtree.NS["r"]}">'
                             "<w:body/></w:document>")
    assert not wordtree.can_splice(other[0])
    wordtree.mark_insertion(both[0])
    assert etree.tostring(both[0]).endswith(b"<!--briefing-builder-insert--></w:body>")


def test_linkable():
    assert linkable("https://example.org/x")
    assert linkable("mailto:desk@example.org")
    assert not linkable("javascript:alert(1)")
    assert not linkable("file:///etc/passwd")
    assert linkable("https://example.org/a b")  # written as a%20b
    assert not linkable("not a url")
    assert not linkable("")


def test_web_addresses_are_percent_encoded():
    assert web_address("https://example.org/a b") == "https://example.org/a%20b"
    assert web_address("https://example.org/Mali–report/é?q=ñ#§") == \
        "https://example.org/Mali%E2%80%93report/%C3%A9?q=%C3%B1#%C2%A7"
    assert web_address("https://example.org/50%25/100%") == "https://example.org/50%25/100%25"
    assert web_address("https://bücher.example/x") == "https://xn--bcher-kva.example/x"
    assert web_address("https://example.org/a?b=1&c=(2)") == "https://example.org/a?b=1&c=(2)"
