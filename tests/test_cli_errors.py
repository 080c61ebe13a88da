"""The `brief` command's one error boundary: one line naming what failed, never a traceback."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from desktop import cli
from desktop.cli import main


def test_an_unexpected_exception_is_one_line_with_the_logs_path(brief_path, capsys,
                                                                 monkeypatch):
    from desktop.core.store import display

    def broken(path):
        raise ValueError("a bug")

    monkeypatch.setattr(display, "brief_info", broken)
    before = hashlib.sha256(brief_path.read_bytes()).hexdigest()
    assert main(["info", str(brief_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: internal error (ValueError)")
    log = cli.log_file()
    assert str(log) in err
    assert str(log).startswith(os.environ["XDG_STATE_HOME"])  # the user's log folder
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "ValueError: a bug" in text and "info" in text
    assert hashlib.sha256(brief_path.read_bytes()).hexdigest() == before


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a folder nobody can write")
def test_a_copy_into_a_folder_that_cannot_be_written_names_the_folder(brief_path, capsys):
    assert main(["copy", str(brief_path), "/proc/copy.brief"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert "/proc" in err and "could not be read" not in err and brief_path.name not in err


def test_a_copy_that_fails_while_compacting_names_the_copy_and_leaves_nothing(
        brief_path, tmp_path, capsys, monkeypatch):
    import sqlite3

    from desktop.core.store import Store

    def full(store):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "drop_source_files", full)
    dest = tmp_path / "out" / "small.brief"
    dest.parent.mkdir()
    assert main(["copy", str(brief_path), str(dest), "--without-files"]) == 1
    err = capsys.readouterr().err
    assert err == f"error: cannot write small.brief in {dest.parent}: database or disk is full\n"
    assert list(dest.parent.iterdir()) == []
