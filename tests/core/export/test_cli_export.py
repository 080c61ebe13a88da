"""``brief export``: output path on stdout, warnings and errors on stderr."""

from __future__ import annotations

import docx

from desktop.cli import main


def test_export_command(sample, brief_path, tmp_path, capsys):
    sample.store.close()
    out = tmp_path / "memo.docx"
    assert main(["export", str(brief_path), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(out)
    assert "warning: claim “The strike ends in April.” has no evidence" in captured.err
    assert docx.Document(str(out)).tables


def test_no_annex_and_template(sample, brief_path, tmp_path, capsys):
    sample.store.close()
    first = tmp_path / "first.docx"
    assert main(["export", str(brief_path), "-o", str(first)]) == 0
    out = tmp_path / "memo.docx"
    assert main(["export", str(brief_path), "-o", str(out), "--template", str(first),
                 "--no-annex"]) == 0
    assert not docx.Document(str(out)).tables


def test_errors(brief_path, tmp_path, capsys):
    assert main(["export", str(brief_path), "-o", str(tmp_path / "x.docx"),
                 "--template", str(tmp_path / "missing.docx")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: template") and "does not exist" in err
    assert main(["export", str(tmp_path / "none.brief"), "-o", str(tmp_path / "x.docx")]) == 1
    assert capsys.readouterr().err.startswith("error: ")
    assert main(["export", str(brief_path), "-o", str(tmp_path / "memo.txt")]) == 0
    err = capsys.readouterr().err
    assert "warning: memo.txt does not end in .docx" in err
    assert "warning: the memo is empty" in err
