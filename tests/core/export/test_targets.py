"""An export never destroys anything: the brief itself (under any name), a folder, a device
or a pipe is refused before any work, and the file is written through a temporary file in
the target folder. A header field of any length is kept."""

from __future__ import annotations

import os
import stat

import docx
import pytest

from desktop.cli import main
from desktop.core import edits
from desktop.core.errors import BriefError
from desktop.core.export import export_docx


def _refused(store, target, match):
    before = store.path.read_bytes()
    with pytest.raises(BriefError, match=match):
        export_docx(store, target)
    assert store.path.read_bytes() == before


def test_the_brief_itself_is_refused_under_any_name(sample, tmp_path, monkeypatch):
    brief = sample.store.path
    _refused(sample.store, brief, "is the brief itself")
    (tmp_path / "sub").mkdir()
    _refused(sample.store, tmp_path / "sub" / ".." / brief.name, "is the brief itself")
    os.link(brief, tmp_path / "hard-link.docx")
    _refused(sample.store, tmp_path / "hard-link.docx", "is the brief itself")
    (tmp_path / "soft-link.docx").symlink_to(brief)
    _refused(sample.store, tmp_path / "soft-link.docx", "is the brief itself")
    monkeypatch.chdir(tmp_path)
    _refused(sample.store, brief.name, "is the brief itself")


def test_the_briefs_journal_name_is_refused(sample):
    journal = sample.store.path.with_name(sample.store.path.name + "-journal")
    _refused(sample.store, journal, "belongs to the brief")
    assert not journal.exists()


def test_folder_pipe_and_device_are_refused(sample, tmp_path):
    _refused(sample.store, tmp_path, "is a folder")
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    _refused(sample.store, fifo, "not a regular file")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    if os.path.exists("/dev/null"):
        _refused(sample.store, "/dev/null", "not a regular file")
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_symlink_to_a_memo_updates_the_memo_and_keeps_the_link(sample, tmp_path):
    real = tmp_path / "real.docx"
    real.write_bytes(b"old")
    link = tmp_path / "link.docx"
    link.symlink_to(real)
    export_docx(sample.store, link)
    assert link.is_symlink() and docx.Document(str(real)).paragraphs


def test_written_through_a_temporary_file_in_the_target_folder(sample, tmp_path, monkeypatch):
    seen = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append((os.path.dirname(src), os.path.dirname(dst)))
        return real_replace(src, dst)
    monkeypatch.setattr("desktop.core.export.package.os.replace", spy)
    target = tmp_path / "out" / "memo.docx"
    target.parent.mkdir()
    export_docx(sample.store, target)
    assert seen == [(str(target.parent), str(target.parent))]
    assert sorted(p.name for p in target.parent.iterdir()) == ["memo.docx"]


def test_cli_refuses_the_brief_with_one_error_line(sample, brief_path, tmp_path, capsys):
    sample.store.close()
    before = brief_path.read_bytes()
    assert main(["export", str(brief_path), "-o", str(brief_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert brief_path.read_bytes() == before
    assert main(["export", str(brief_path), "-o", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith("error: ")


def test_header_fields_of_any_length(sample, tmp_path):
    long = "Port traffic " + "and its outlook " * 60  # ~1,000 characters
    edits.set_memo_header(sample.store, subject=long, memo_from="Unit " * 80,
                          classification="SECRET " * 50).apply(sample.store)
    d = docx.Document(str(export_docx(sample.store, tmp_path / "memo.docx").path))
    header = [p.text for p in d.paragraphs if p.style.name == "Memo Header"]
    assert f"SUBJECT:\t{' '.join(long.split())}" in header
    props = d.core_properties
    assert len(props.title) == 255 and props.title.endswith("…")
    assert len(props.author) <= 255 and len(props.category) <= 255


def test_broken_templates_are_one_clear_error(sample, tmp_path):
    import zipfile
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("[Content_Types].xml", "<Types")
    with pytest.raises(BriefError, match="is not a Word document"):
        export_docx(sample.store, tmp_path / "memo.docx", template=bad)
    odt = tmp_path / "memo.odt"
    with zipfile.ZipFile(odt, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    with pytest.raises(BriefError, match="is not a Word document"):
        export_docx(sample.store, tmp_path / "memo.docx", template=odt)
    assert not (tmp_path / "memo.docx").exists()
