"""Build ``memo.docx``, the default template for exported memos: ``python build_template.py``.

The template is committed; this script is how it was made, so its look can be changed by
editing the style definitions below and running the script again. It starts from
python-docx's own default document, then replaces every style with the short list an
exported memo uses, so that every style the exporter asks for exists (and nothing else
clutters Word's style gallery). Styles are written as WordprocessingML because python-docx's
style API cannot express borders, tab stops or table styles; child elements follow the
schema's order, which Word enforces.

The look: a serif body (Georgia, falling back to Times New Roman), restrained navy headings,
a ruled "MEMORANDUM" title, a tabbed header block, US Letter with one-inch margins.
"""

from __future__ import annotations

import copy
import datetime as dt
import sys
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.shared import Inches

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAVY = "1F2A44"
RULE = "8C96A8"

FONTS = '<w:rFonts w:ascii="Georgia" w:hAnsi="Georgia" w:eastAsia="Georgia" w:cs="Times New Roman"/>'

DOC_DEFAULTS = f"""
<w:docDefaults xmlns:w="{W}">
  <w:rPrDefault><w:rPr>{FONTS}<w:sz w:val="22"/><w:szCs w:val="22"/>
    <w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
  <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>"""

# (type, styleId, name, attributes, body). Paragraph spacing sits in the document defaults
# rather than in Normal, so that the table style can tighten paragraphs inside tables.
STYLES = [
    ("paragraph", "Normal", "Normal", 'w:default="1"', "<w:qFormat/>"),
    ("character", "DefaultParagraphFont", "Default Paragraph Font", 'w:default="1"',
     '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'),
    ("table", "TableNormal", "Normal Table", 'w:default="1"',
     '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" '
     'w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
     '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'),
    ("numbering", "NoList", "No List", 'w:default="1"',
     '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'),
    ("paragraph", "Title", "Title", "",
     '<w:basedOn w:val="Normal"/><w:next w:val="MemoHeader"/><w:uiPriority w:val="10"/>'
     '<w:qFormat/><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="12" w:space="6" '
     f'w:color="{NAVY}"/></w:pBdr><w:spacing w:before="0" w:after="240" w:line="240" '
     'w:lineRule="auto"/><w:jc w:val="left"/></w:pPr><w:rPr><w:b/><w:bCs/><w:caps/>'
     f'<w:color w:val="{NAVY}"/><w:spacing w:val="40"/><w:sz w:val="32"/><w:szCs w:val="32"/>'
     '</w:rPr>'),
    ("paragraph", "MemoHeader", "Memo Header", 'w:customStyle="1"',
     '<w:basedOn w:val="Normal"/><w:uiPriority w:val="11"/><w:qFormat/><w:pPr><w:tabs>'
     '<w:tab w:val="left" w:pos="2880"/></w:tabs><w:spacing w:after="60"/>'
     '<w:ind w:left="2880" w:hanging="2880"/></w:pPr>'),
    ("paragraph", "Heading1", "heading 1", "",
     '<w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:uiPriority w:val="9"/>'
     '<w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/>'
     '<w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/>'
     f'<w:color w:val="{NAVY}"/><w:sz w:val="26"/><w:szCs w:val="26"/>'
     '</w:rPr>'),
    ("paragraph", "Heading2", "heading 2", "",
     '<w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:uiPriority w:val="9"/>'
     '<w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>'
     '<w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/>'
     f'<w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr>'),
    ("paragraph", "Heading3", "heading 3", "",
     '<w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:uiPriority w:val="9"/>'
     '<w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>'
     '<w:spacing w:before="200" w:after="60"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/>'
     '<w:bCs/><w:i/><w:iCs/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr>'),
    ("paragraph", "BodyText", "Body Text", "",
     '<w:basedOn w:val="Normal"/><w:uiPriority w:val="1"/><w:qFormat/><w:pPr>'
     '<w:widowControl/><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr>'),
    ("paragraph", "Quote", "Quote", "",
     '<w:basedOn w:val="BodyText"/><w:next w:val="BodyText"/><w:uiPriority w:val="29"/>'
     '<w:qFormat/><w:pPr><w:ind w:left="720" w:right="720"/></w:pPr><w:rPr><w:i/><w:iCs/>'
     '<w:color w:val="404040"/></w:rPr>'),
    ("paragraph", "Bibliography", "Bibliography", "",
     '<w:basedOn w:val="Normal"/><w:uiPriority w:val="37"/><w:unhideWhenUsed/><w:pPr>'
     '<w:spacing w:after="100" w:line="240" w:lineRule="auto"/><w:ind w:left="720" '
     'w:hanging="720"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'),
    ("paragraph", "FootnoteText", "footnote text", "",
     '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr>'
     '<w:spacing w:after="60" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr>'
     '<w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'),
    ("character", "FootnoteReference", "footnote reference", "",
     '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
     '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'),
    ("character", "Hyperlink", "Hyperlink", "",
     '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
     f'<w:rPr><w:color w:val="{NAVY}"/><w:u w:val="single"/></w:rPr>'),
    ("paragraph", "Header", "header", "",
     '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:tabs>'
     '<w:tab w:val="center" w:pos="4680"/><w:tab w:val="right" w:pos="9360"/></w:tabs>'
     '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr>'
     '<w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'),
    ("paragraph", "Footer", "footer", "",
     '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:tabs>'
     '<w:tab w:val="center" w:pos="4680"/><w:tab w:val="right" w:pos="9360"/></w:tabs>'
     '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/></w:pPr>'
     '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'),
    ("paragraph", "ClassificationMarking", "Classification Marking", 'w:customStyle="1"',
     '<w:basedOn w:val="Normal"/><w:uiPriority w:val="12"/><w:qFormat/><w:pPr>'
     '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>'
     '</w:pPr><w:rPr><w:b/><w:bCs/><w:caps/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'),
    ("table", "EvidenceTable", "Evidence Table", 'w:customStyle="1"',
     '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="40"/><w:pPr>'
     '<w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr>'
     '<w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr><w:tblPr><w:tblBorders>'
     f'<w:top w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/>'
     f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/>'
     f'<w:insideH w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/></w:tblBorders>'
     '<w:tblCellMar><w:top w:w="29" w:type="dxa"/><w:left w:w="86" w:type="dxa"/>'
     '<w:bottom w:w="29" w:type="dxa"/><w:right w:w="86" w:type="dxa"/></w:tblCellMar>'
     '</w:tblPr><w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr>'
     f'<w:tcBorders><w:bottom w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/>'
     '</w:tcBorders><w:shd w:val="clear" w:color="auto" w:fill="EEF0F4"/></w:tcPr>'
     '</w:tblStylePr>'),
]


def style_xml(kind: str, style_id: str, name: str, attrs: str, body: str) -> str:
    return (f'<w:style xmlns:w="{W}" w:type="{kind}" {attrs} w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/>{body}</w:style>')


def build(out: Path) -> None:
    document = docx.Document()
    _replace_styles(document)
    _drop_extras(document)
    body = document.element.body
    for child in list(body):
        if child.tag != f"{{{W}}}sectPr":
            body.remove(child)
    section = document.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    section.header_distance = section.footer_distance = Inches(0.5)
    props = document.core_properties
    props.author, props.comments, props.title, props.subject = "", "", "", ""
    props.last_modified_by, props.keywords, props.category = "", "", ""
    props.created = props.modified = dt.datetime(2026, 1, 1)
    props.revision = 1
    document.save(str(out))


def _replace_styles(document) -> None:
    styles = document.styles.element
    latent = copy.deepcopy(styles.find(f"{{{W}}}latentStyles"))
    for child in list(styles):
        styles.remove(child)
    styles.append(parse_xml(DOC_DEFAULTS))
    if latent is not None:
        styles.append(latent)
    for spec in STYLES:
        styles.append(parse_xml(style_xml(*spec)))


def _drop_extras(document) -> None:
    """Remove parts an exported memo does not need: a thumbnail of python-docx's sample
    page, custom XML, and ``stylesWithEffects`` (a Word 2010 copy of the styles that would
    contradict the new ones)."""
    part = document.part
    for rId, rel in list(part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            del part.rels[rId]
    pkg_rels = part.package.rels
    for rId, rel in list(pkg_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg_rels[rId]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("memo.docx")
    build(target)
    print(target)
