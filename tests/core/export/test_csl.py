"""CSL citation styles: the bundled Chicago and APA, any .csl file, rendered by citeproc-py
and checked against pandoc's own citeproc on the same items."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import docx
import pytest

from desktop.cli import main
from desktop.core.errors import BriefError
from desktop.core.export import export_docx
from desktop.core.export.csl import BUNDLED, CslStyle, csl_item, style_path

PANDOC = shutil.which("pandoc")

SOURCES = {
    "doe": {"id": "doe", "title": "Port traffic slumps", "author": "Jane Doe",
            "outlet": "The Economist", "published": "2024-03-01",
            "url": "https://example.org/ports", "accessed": "2024-03-05", "reliability": "B"},
    "ministry": {"id": "ministry", "title": "Ministry statement",
                 "author": "Ministry of Transport", "published": "2024-03-02",
                 "reliability": "C"},
    "adams": {"id": "adams", "title": "Grain corridors: a survey", "author": "Zoe Adams",
              "outlet": "Ledger", "published": "2023-11", "reliability": "A"},
}
ORDER = ["doe", "ministry", "doe", "adams", "ministry"]


def _text(segments):
    return "".join(t for t, _i in segments)


def _pandoc(style_file, tmp_path):
    """Pandoc's notes and bibliography for the same citations, as plain text lines."""
    items = tmp_path / "items.json"
    items.write_text(json.dumps([csl_item(s) for s in SOURCES.values()]), encoding="utf-8")
    marks = "".join(f"[^{n}]" for n in range(1, len(ORDER) + 1))
    notes = "\n".join(f"[^{n}]: [@{key}]" for n, key in enumerate(ORDER, 1))
    md = tmp_path / "cite.md"
    md.write_text(f"Text{marks}\n\n{notes}\n", encoding="utf-8")
    out = subprocess.run([PANDOC, "--citeproc", "--csl", str(style_file), "--bibliography",
                          str(items), "-t", "plain", "--wrap=none", str(md)],
                         check=True, capture_output=True, text=True).stdout
    paragraphs = [p.strip() for p in out.split("\n\n") if p.strip()]
    rendered_notes = [re.sub(r"^\[\d+\]\s*", "", p) for p in paragraphs if re.match(r"\[\d+\]", p)]
    bibliography = [p for p in paragraphs[1:] if not re.match(r"\[\d+\]", p)]
    return rendered_notes, bibliography


@pytest.mark.skipif(PANDOC is None, reason="pandoc is not installed")
@pytest.mark.parametrize("name", list(BUNDLED))
def test_bundled_style_renders_as_pandoc_does(name, tmp_path):
    style_file = style_path(name)
    style = CslStyle(style_file, SOURCES)
    ours = [_text(style.cite(key)) for key in ORDER]
    entries = [(_text(before) + url + after).split(" Source reliability")[0].rstrip()
               for _s, before, url, after in style.entries(list(SOURCES.values()))]
    theirs_notes, theirs_bibliography = _pandoc(style_file, tmp_path)
    assert ours == theirs_notes
    assert entries == theirs_bibliography


def test_chicago_notes_full_then_short_and_the_list_by_surname():
    style = CslStyle(style_path("chicago"), SOURCES)
    first = _text(style.note({"quote": "Volumes fell", "grade": "B2"}, SOURCES["doe"], "p. 4"))
    assert first == ("Jane Doe, “Port Traffic Slumps,” The Economist, March 1, 2024, "
                     "https://example.org/ports. “Volumes fell.” p.\u00a04. Grade B2.")
    style.note({"quote": "", "grade": "C6"}, SOURCES["ministry"])
    later = _text(style.note({"quote": "Ships waited.", "grade": "B2", "stance": "context"},
                             SOURCES["doe"], "p. 5"))
    assert later.startswith("See also: Doe, “Port Traffic Slumps.” “Ships waited.”")
    keys = [s["id"] for s, *_rest in style.entries(list(SOURCES.values()))]
    assert keys == ["doe", "ministry"]  # only what was cited, in the style's order


def test_any_csl_file_and_bad_ones(sample, tmp_path):
    own = tmp_path / "house.csl"
    own.write_bytes(style_path("apa").read_bytes())
    result = export_docx(sample.store, tmp_path / "memo.docx", style=own)
    d = docx.Document(str(result.path))
    entries = [p.text for p in d.paragraphs if p.style.name == "Bibliography"]
    assert entries[0].startswith("Doe, J. (2024, March 1). Port traffic slumps.")
    assert entries[0].endswith("Source reliability B: usually reliable.")
    with pytest.raises(BriefError, match="neither a .csl file"):
        export_docx(sample.store, tmp_path / "x.docx", style=tmp_path / "missing.csl")
    broken = tmp_path / "broken.csl"
    broken.write_text("<style", encoding="utf-8")
    with pytest.raises(BriefError, match="could not be read"):
        export_docx(sample.store, tmp_path / "x.docx", style=broken)
    assert not (tmp_path / "x.docx").exists()


def test_cli_style_option(sample, brief_path, tmp_path, capsys, ooxml):
    sample.store.close()
    out = tmp_path / "memo.docx"
    assert main(["export", str(brief_path), "-o", str(out), "--style", "chicago"]) == 0
    notes = ooxml.footnote_texts(out)
    assert notes[1].startswith(" Jane Doe, “Port Traffic Slumps,” The Economist, March 1, "
                               "2024, https://example.org/ports. “Container volumes")
    assert ooxml.validate(out) == []
    capsys.readouterr()
    assert main(["export", str(brief_path), "-o", str(out), "--style", "mla"]) == 1
    assert capsys.readouterr().err.startswith("error: citation style mla")


def test_csl_items_keep_only_dates_that_exist():
    def issued(published):
        return csl_item({"id": "x", "title": "T", "published": published}).get("issued")
    assert issued("2024-03-01") == {"date-parts": [[2024, 3, 1]]}
    assert issued("2024-02-30") == {"date-parts": [[2024, 2]]}
    assert issued("2024-13-45") == {"date-parts": [[2024]]}
    assert issued("spring 2024") == {"literal": "spring 2024"}
    assert issued("") is None
