"""Side files beside a brief: a -wal, -shm or hot journal is never trusted blindly.

Side files come from real SQLite runs: a WAL-mode brief with changes left in its -wal, and a
writer SIGKILLed in the middle of a transaction (its hot journal).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import edits, queries
from desktop.core.errors import BriefError
from desktop.core.store import Store

ROOT = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_brief(path: Path, title: str, claims: int = 5) -> Path:
    with Store.create(path, title=title, user="maker") as store:
        for i in range(claims):
            edits.add_claim(store, f"{title} claim {i}").apply(store)
    return path


def claim_texts(path: Path) -> list[str]:
    with Store.open(path, readonly=True) as store:
        return sorted(c["statement"] for c in store.select("claims"))


def side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def set_aside_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if ".set-aside-" in p.name)


CRASHER = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=2")  # spill pages into the file before the commit
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE claims SET statement = statement || ' (half-written)'")
conn.execute("INSERT INTO claims (id, created, modified, statement) SELECT "
             "lower(hex(randomblob(16))), 'x', 'x', hex(randomblob(900)) "
             "FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
             "WHERE i < 400) SELECT i FROM n)")
os.kill(os.getpid(), signal.SIGKILL)
"""


def crash_mid_transaction(path: Path) -> Path:
    """SIGKILL a writer mid-transaction; return its hot journal."""
    before = digest(path)
    proc = subprocess.run([sys.executable, "-c", CRASHER, str(path)])
    assert proc.returncode == -signal.SIGKILL
    journal = side(path, "-journal")
    assert journal.stat().st_size > 0 and digest(path) != before  # pages were spilled
    return journal


def wal_mode_copy(path: Path, dest: Path, *statements: str) -> Path:
    """``dest``: ``path`` in WAL mode with ``statements`` left in its -wal (not checkpointed)."""
    shutil.copyfile(path, dest)
    conn = sqlite3.connect(dest, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    for sql in statements:
        conn.execute(sql)
    # Copy the files while the connection is open: closing would checkpoint the -wal.
    keep = dest.with_name("kept-" + dest.name)
    for suffix in ("", "-wal", "-shm"):
        shutil.copyfile(side(dest, suffix), side(keep, suffix))
    conn.close()
    for suffix in ("", "-wal", "-shm"):
        os.replace(side(keep, suffix), side(dest, suffix))
    assert side(dest, "-wal").stat().st_size > 0
    return dest


# ------------------------------------------------------------------ hot journals
def test_a_crashed_writers_journal_is_recovered_on_a_copy_and_swapped_in(tmp_path):
    path = make_brief(tmp_path / "mine.brief", "Mine")
    before = claim_texts(path)
    crash_mid_transaction(path)
    with Store.open(path) as store:
        assert store.integrity_problems() == []
        assert store.notices == []
        edits.add_claim(store, "after the crash").apply(store)
    assert not side(path, "-journal").exists()
    assert claim_texts(path) == sorted(before + ["after the crash"])
    assert set_aside_files(path) == []
    assert not list(tmp_path.glob(".*recover*"))


@pytest.mark.parametrize("their_claims", [30, 8])
def test_another_briefs_journal_is_set_aside_and_the_brief_kept_as_it_was(tmp_path,
                                                                           their_claims):
    mine = make_brief(tmp_path / "mine.brief", "Mine", claims=30)
    theirs = make_brief(tmp_path / "theirs.brief", "Theirs", claims=their_claims)
    shutil.move(crash_mid_transaction(theirs), side(mine, "-journal"))
    before = digest(mine)
    with pytest.raises(BriefError, match="open it for editing"):
        Store.open(mine, readonly=True)
    assert digest(mine) == before and side(mine, "-journal").exists()
    with Store.open(mine) as store:
        assert len(store.notices) == 1
        assert "mine.brief-journal" in store.notices[0] and "set aside" in store.notices[0]
        assert store.integrity_problems() == []
    assert digest(mine) == before
    assert not side(mine, "-journal").exists()
    assert [n.split(".set-aside-")[0] for n in set_aside_files(mine)] == ["mine.brief-journal"]
    assert claim_texts(mine) == [f"Mine claim {i}" for i in sorted(range(30), key=str)]


def test_a_journal_being_written_by_a_live_program_is_left_to_it(tmp_path):
    path = make_brief(tmp_path / "mine.brief", "Mine")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN IMMEDIATE')\n"
         "c.execute(\"UPDATE claims SET statement = 'live'\")\n"
         "print('writing', flush=True)\n"
         "sys.stdin.readline()\n"
         "c.execute('COMMIT')\n", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "writing"
        assert side(path, "-journal").exists()
        with Store.open(path) as store:
            assert store.notices == []
            assert store.count("claims") == 5
        assert side(path, "-journal").exists()  # not hot: the writer still owns it
    finally:
        holder.communicate("\n", timeout=30)
    assert holder.returncode == 0
    assert set(claim_texts(path)) == {"live"}


def test_a_garbage_journal_is_set_aside_without_touching_the_brief(tmp_path):
    path = make_brief(tmp_path / "mine.brief", "Mine")
    side(path, "-journal").write_bytes(b"\x01" + os.urandom(4095))
    before = digest(path)
    with Store.open(path) as store:
        assert "not a journal" in store.notices[0]
    assert digest(path) == before and not side(path, "-journal").exists()


# ------------------------------------------------------------------- -wal files
def test_a_stray_wal_beside_a_rollback_brief_is_never_read_or_checkpointed(tmp_path):
    mine = make_brief(tmp_path / "mine.brief", "Mine")
    other = wal_mode_copy(make_brief(tmp_path / "other.brief", "Other"),
                          tmp_path / "otherwal.brief", "DELETE FROM memo_blocks",
                          "UPDATE claims SET statement = 'from the other file'")
    for suffix in ("-wal", "-shm"):
        shutil.copyfile(side(other, suffix), side(mine, suffix))
    before = digest(mine)
    with Store.open(mine, readonly=True) as store:  # reads the brief alone
        assert store.integrity_problems() == []
        assert "was not read" in store.notices[0]
        assert {c["statement"] for c in store.select("claims")} == {
            f"Mine claim {i}" for i in range(5)}
    assert digest(mine) == before and side(mine, "-wal").exists()
    with Store.open(mine) as store:
        assert len(store.notices) == 2 and all("set aside" in n for n in store.notices)
        edits.add_claim(store, "mine again").apply(store)
    assert not side(mine, "-wal").exists() and not side(mine, "-shm").exists()
    assert "from the other file" not in claim_texts(mine)
    assert len(claim_texts(mine)) == 6
    assert sorted(n.split(".set-aside-")[0] for n in set_aside_files(mine)) == [
        "mine.brief-shm", "mine.brief-wal"]


def test_a_wal_mode_briefs_pending_changes_are_brought_in_on_a_copy(tmp_path):
    base = make_brief(tmp_path / "base.brief", "Base")
    path = wal_mode_copy(base, tmp_path / "wal.brief",
                         "UPDATE claims SET statement = 'changed in the wal'")
    with pytest.raises(BriefError, match="WAL mode"):
        Store.open(path, readonly=True)
    with Store.open(path) as store:
        assert store.notices == []
        assert {c["statement"] for c in store.select("claims")} == {"changed in the wal"}
    assert not side(path, "-wal").exists()
    assert path.read_bytes()[18:20] == b"\x01\x01"  # rollback mode now


def test_a_wal_that_adds_a_trigger_is_set_aside_and_nothing_copied_in(tmp_path):
    base = make_brief(tmp_path / "base.brief", "Base")
    path = wal_mode_copy(base, tmp_path / "wal.brief", "CREATE TRIGGER evil AFTER INSERT ON "
                         "claims BEGIN DELETE FROM sources; END")
    with Store.open(path) as store:
        assert "trigger" in store.notices[0] and "set aside" in store.notices[0]
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type='trigger'").fetchone() \
        == (0,)
    conn.close()
    assert not side(path, "-wal").exists()


def test_the_cli_reports_a_set_aside_side_file_on_one_warning_line(tmp_path):
    mine = make_brief(tmp_path / "mine.brief", "Mine")
    other = wal_mode_copy(make_brief(tmp_path / "other.brief", "Other"),
                          tmp_path / "otherwal.brief", "DELETE FROM claims")
    shutil.copyfile(side(other, "-wal"), side(mine, "-wal"))
    proc = subprocess.run([sys.executable, "-m", "desktop.cli", "claims", str(mine)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("warning: ")
    assert "mine.brief-wal" in proc.stderr
    assert proc.stdout.count("Mine claim") == 5
    with Store.open(mine, readonly=True) as store:
        assert len(queries.claims(store)) == 5
