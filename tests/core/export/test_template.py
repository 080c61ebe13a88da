"""Templates: the app's own has every style; a user's lacking some gets the defaults."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from desktop.core.errors import BriefError
from desktop.core.export import STYLES, export_docx
from desktop.core.export.template import default_template, ensure_styles, open_template
from desktop.resources import memo_template


def test_default_template_has_every_style():
    document = docx.Document(str(default_template()))
    names = {(s.type, s.name.casefold()) for s in document.styles}
    kinds = {"paragraph": WD_STYLE_TYPE.PARAGRAPH, "character": WD_STYLE_TYPE.CHARACTER,
             "table": WD_STYLE_TYPE.TABLE}
    for name, kind in STYLES.values():
        assert (kinds[kind], name.casefold()) in names, name
    assert ensure_styles(document)[1] == []
    assert not document.paragraphs  # nothing in the body to clear
    assert memo_template().is_file()


def test_default_template_is_valid(ooxml):
    assert ooxml.validate(default_template()) == []


def test_default_template_is_serif_and_letter():
    document = docx.Document(str(default_template()))
    rfonts = document.styles.element.find(
        ".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    assert rfonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}ascii") == "Georgia"
    assert round(document.sections[0].page_width.inches, 2) == 8.5


def _plain_template(tmp_path):
    """A user's template: python-docx's default document with some body text and a
    footer, lacking most of the memo's styles."""
    document = docx.Document()
    document.add_paragraph("Delete me")
    document.sections[0].footer.paragraphs[0].text = "Think Tank Ltd"
    path = tmp_path / "house.docx"
    document.save(str(path))
    return path


def test_missing_styles_are_reported_and_copied(sample, tmp_path, ooxml):
    template = _plain_template(tmp_path)
    result = export_docx(sample.store, tmp_path / "memo.docx", template=template)
    missing = [w for w in result.warnings if w.startswith("the template has no")]
    assert "the template has no “Memo Header” style; using the default" in missing
    assert "the template has no “footnote text” style; using the default" in missing
    assert not any("“heading 1”" in w or "“Title”" in w for w in missing)
    assert ooxml.validate(result.path) == []
    d = docx.Document(str(result.path))
    assert "Delete me" not in [p.text for p in d.paragraphs]
    assert [p.text for p in d.paragraphs if p.style.name == "Memo Header"]
    footer = [p.text for p in d.sections[0].footer.paragraphs]
    assert footer[0] == "Think Tank Ltd"  # the template's footer is kept


def test_copied_style_gets_a_fresh_id_when_taken(tmp_path):
    document = docx.Document()
    other = document.styles.add_style("Something else", WD_STYLE_TYPE.PARAGRAPH)
    other.element.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId", "MemoHeader")
    ids, missing = ensure_styles(document)
    assert "Memo Header" in missing
    assert ids["header_block"] != "MemoHeader"
    assert document.styles.get_by_id(ids["header_block"], WD_STYLE_TYPE.PARAGRAPH).name \
        == "Memo Header"


def test_an_exported_memo_works_as_template(sample, tmp_path, ooxml):
    first = export_docx(sample.store, tmp_path / "first.docx").path
    again = export_docx(sample.store, tmp_path / "again.docx", template=first)
    assert not [w for w in again.warnings if "template" in w]
    assert list(ooxml.footnote_texts(again.path)) == [1, 2, 3]
    assert ooxml.validate(again.path) == []


def test_dotx_template(sample, tmp_path):
    data = default_template().read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as z, zipfile.ZipFile(out, "w") as w:
        for info in z.infolist():
            blob = z.read(info)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(b"document.main+xml", b"template.main+xml")
            w.writestr(info, blob)
    dotx = tmp_path / "house.dotx"
    dotx.write_bytes(out.getvalue())
    result = export_docx(sample.store, tmp_path / "memo.docx", template=dotx)
    assert result.footnotes == 3


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_bad_templates(sample, tmp_path, content):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    with pytest.raises(BriefError, match="not a Word document"):
        export_docx(sample.store, tmp_path / "memo.docx", template=bad)
    with pytest.raises(BriefError, match="does not exist"):
        export_docx(sample.store, tmp_path / "memo.docx", template=tmp_path / "nope.docx")
    assert not (tmp_path / "memo.docx").exists()


def test_template_body_is_cleared():
    document = open_template(default_template())
    assert len(document.element.body) == 1  # just the section properties
