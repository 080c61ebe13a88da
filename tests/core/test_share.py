"""Copies (share a brief) and rolling backups, on real files."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core import edits, queries, share
from desktop.core.errors import BriefError
from desktop.core.model import SourceInput
from desktop.core.store import Store

ROOT = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled(store):
    """The store with a source (and its original file's bytes), a highlight and a claim."""
    add = edits.add_source(store, SourceInput(text="Wheat exports fell sharply in May.",
                                              title="Wire", original=b"%PDF" + b"x" * 200_000))
    add.apply(store)
    edits.add_annotation(store, add.item_id, 0, 13, note="key").apply(store)
    edits.add_claim(store, "Exports will recover.").apply(store)
    return store


# ------------------------------------------------------------------------------ copies
def test_copy_holds_everything_and_leaves_the_brief_alone(filled, brief_path, tmp_path):
    before = digest(brief_path)
    dest = share.copy_brief(filled, tmp_path / "copy.brief")
    assert digest(brief_path) == before
    with Store.open(dest, readonly=True) as copy:
        assert queries.info(copy) == queries.info(filled)
        assert copy.count("source_files") == 1
        assert copy.integrity_problems() == []
        assert copy.search("wheat")
    assert not Path(str(dest) + "-wal").exists()
    assert sqlite3.connect(dest).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_copy_without_files_is_small_and_keeps_the_texts(filled, tmp_path):
    whole = share.copy_brief(filled, tmp_path / "whole.brief")
    small = share.copy_brief(filled, tmp_path / "small.brief", include_files=False)
    assert small.stat().st_size < whole.stat().st_size - 150_000
    with Store.open(small) as copy:
        assert copy.count("source_files") == 0
        source = copy.select("sources")[0]
        assert source["text"].startswith("Wheat") and source["sha256"]
        assert copy.integrity_problems() == []


def test_copy_refuses_to_overwrite_or_to_copy_onto_itself(filled, brief_path, tmp_path):
    dest = tmp_path / "copy.brief"
    dest.write_bytes(b"precious")
    with pytest.raises(BriefError, match="already exists"):
        share.copy_brief(filled, dest)
    assert dest.read_bytes() == b"precious"
    share.copy_brief(filled, dest, overwrite=True)
    assert Store.open(dest, readonly=True).count("claims") == 1
    with pytest.raises(BriefError, match="another file"):
        share.copy_brief(filled, brief_path, overwrite=True)
    with pytest.raises(BriefError, match="another file"):
        share.copy_brief(filled, brief_path.parent / "." / brief_path.name, overwrite=True)
    assert not list(tmp_path.glob(".*.tmp"))


def test_copy_while_another_process_writes_is_consistent(brief_path, tmp_path):
    """A writer commits claims in a loop; every copy taken meanwhile opens sound and holds
    exactly the claims of one commit (the first n, none half-written)."""
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(brief_path), "1000000"],
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                              stdout=subprocess.PIPE, text=True)
    try:
        writer.stdout.readline()  # started writing
        counts = []
        with Store.open(brief_path, readonly=True) as store:
            for i in range(8):
                dest = share.copy_brief(store, tmp_path / f"c{i}.brief")
                with Store.open(dest, readonly=True) as copy:
                    assert copy.integrity_problems() == []
                    statements = {c["statement"] for c in copy.select("claims")}
                    assert statements == {f"claim {n}" for n in range(len(statements))}
                    counts.append(len(statements))
                time.sleep(0.02)
        still_writing = writer.poll() is None
    finally:
        writer.kill()
        writer.wait()
    # Every copy was taken while the writer wrote, and it committed between copies.
    assert still_writing and counts == sorted(counts) and counts[0] < counts[-1], counts


LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
for _ in range(2):
    sys.stdin.readline()
    conn.execute("BEGIN EXCLUSIVE")  # readers are locked out until the commit
    print("locked", flush=True)
    time.sleep(1.0)
    conn.execute("UPDATE brief SET title = title || '.'")
    conn.execute("COMMIT")
"""


def test_opening_and_copying_wait_for_a_writer_that_holds_the_file(brief_path, tmp_path,
                                                                  monkeypatch):
    """Longer than SQLite's own wait: opening and copying retry instead of failing busy."""
    import desktop.core.store.opening as opening

    monkeypatch.setattr(opening, "BUSY_TIMEOUT_SECONDS", 0.05)
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(brief_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        locker.stdin.write("\n")
        locker.stdin.flush()
        assert locker.stdout.readline().strip() == "locked"
        with Store.open(brief_path, readonly=True) as store:  # waits for the commit
            assert store.brief()["title"].endswith(".")
            locker.stdin.write("\n")
            locker.stdin.flush()
            assert locker.stdout.readline().strip() == "locked"
            dest = share.copy_brief(store, tmp_path / "copy.brief")
        with Store.open(dest, readonly=True) as copy:
            assert copy.brief()["title"].endswith("..")
            assert copy.integrity_problems() == []
    finally:
        locker.communicate(timeout=30)


WRITER = """
import sys
from desktop.core import edits
from desktop.core.store import Store
with Store.open(sys.argv[1]) as store:
    for i in range(int(sys.argv[2])):
        edits.add_claim(store, f"claim {i}").apply(store)
        if i == 0:
            print("go", flush=True)
"""


def test_cli_copy(filled, brief_path, tmp_path, capsys):
    filled.close()
    dest = tmp_path / "small.brief"
    assert main(["copy", str(brief_path), str(dest), "--without-files"]) == 0
    assert capsys.readouterr().out.strip() == str(dest)
    assert main(["copy", str(brief_path), str(dest)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["copy", str(brief_path), str(dest), "--force"]) == 0
    assert Store.open(dest, readonly=True).count("source_files") == 1


# ----------------------------------------------------------------------------- backups
def test_backups_roll_skip_duplicates_and_restore(brief_path, tmp_path):
    folder = tmp_path / "data"
    made = [share.backup_on_open(brief_path, folder, keep=3)]
    assert share.backup_on_open(brief_path, folder, keep=3) is None  # unchanged: no new one
    claims = []
    for i in range(4):
        with Store.open(brief_path) as store:
            edit = edits.add_claim(store, f"claim {i}")
            edit.apply(store)
            claims.append(edit.item_id)
            made.append(share.backup_on_open(store, folder, keep=3))
    backups = share.list_backups(brief_path, folder)
    assert [b.path for b in backups] == [b.path for b in reversed(made[-3:])]
    assert all(b.size > 0 and b.created.tzinfo for b in backups)
    oldest = backups[-1]  # holds claims 0 and 1
    share.restore_backup(oldest, brief_path, folder, keep=3)
    with Store.open(brief_path) as store:
        assert {c["id"] for c in store.select("claims")} == set(claims[:2])
    # the state before restoring was itself backed up, so the restore can be undone
    newest = share.list_backups(brief_path, folder)[0]
    with Store.open(newest.path, readonly=True) as b:
        assert b.count("claims") == 4


def test_restoring_over_a_damaged_brief_keeps_it_aside(brief_path, tmp_path):
    folder = tmp_path / "data"
    share.backup_on_open(brief_path, folder)
    damaged = b"SQLite format 3\x00" + b"\x00" * 5000
    brief_path.write_bytes(damaged)
    Path(str(brief_path) + "-journal").write_bytes(b"junk")
    share.restore_backup(share.list_backups(brief_path, folder)[0], brief_path, folder)
    with Store.open(brief_path) as store:
        assert store.brief()["title"] == "Test brief"
    aside = list(tmp_path.glob("test.brief.damaged-*"))
    assert sorted(p.name.endswith("-journal") for p in aside) == [False, True]
    assert [p for p in aside if not p.name.endswith("-journal")][0].read_bytes() == damaged


def test_a_damaged_backup_is_refused(brief_path, tmp_path):
    bad = tmp_path / "bad.brief"
    bad.write_bytes(b"not a brief")
    before = digest(brief_path)
    with pytest.raises(BriefError):
        share.restore_backup(bad, brief_path)
    assert digest(brief_path) == before


def test_reopening_an_unchanged_brief_backs_up_without_opening_it(brief_path, tmp_path,
                                                                 monkeypatch):
    """The app's start-up backs up before it opens the brief: when the file still holds the
    bytes of its newest backup, that is all, without a second open and its checks."""
    folder = tmp_path / "data"
    for _ in range(3):
        with Store.open(brief_path) as store:
            edits.add_claim(store, "one more").apply(store)
        share.backup_on_open(brief_path, folder, keep=5)

    def refuse(*args, **kwargs):
        raise AssertionError("opened the brief again")

    monkeypatch.setattr(Store, "open", refuse)
    assert share.backup_on_open(brief_path, folder, keep=2) is None
    assert len(share.list_backups(brief_path, folder)) == 2  # older ones still pruned
    monkeypatch.undo()
    with Store.open(brief_path) as store:
        edits.add_claim(store, "changed since").apply(store)
    assert share.backup_on_open(brief_path, folder, keep=2) is not None


def test_backups_of_two_briefs_with_one_name_stay_apart(tmp_path):
    a, b = tmp_path / "a" / "x.brief", tmp_path / "b" / "x.brief"
    for p in (a, b):
        p.parent.mkdir()
        Store.create(p, title=str(p.parent.name)).close()
        share.backup_on_open(p, tmp_path / "data")
    assert len(share.list_backups(a, tmp_path / "data")) == 1
    assert share.backup_folder(a, tmp_path) != share.backup_folder(b, tmp_path)
