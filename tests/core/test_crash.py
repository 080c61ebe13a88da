"""Crashes and failing disks: nothing whose write returned may be lost, the file stays sound."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop.core import edits, share
from desktop.core.errors import BriefError, ReadOnlyBriefError
from desktop.core.store import Store

ROOT = Path(__file__).resolve().parents[2]
KILLS = 25

WRITER = """
import sys
from desktop.core import edits
from desktop.core.store import Store
store = Store.open(sys.argv[1])
print("ready", flush=True)
section = store.select("memo_sections")[0]["id"]
i = 0
while True:
    i += 1
    edit = edits.add_claim(store, f"claim {i} " + "x" * (i % 7) * 500, section_id=section)
    edit.apply(store)
    print("added" if i % 5 else "temporary", edit.item_id, flush=True)  # after the write
    if i % 3 == 0:
        edits.update_claim(store, edit.item_id, statement=f"changed {i}").apply(store)
        print("changed", edit.item_id, flush=True)
    if i % 5 == 0:
        edits.delete_claim(store, edit.item_id).apply(store)
        print("deleted", edit.item_id, flush=True)
"""


def test_sigkill_at_random_moments_loses_nothing_committed(brief_path):
    rng = random.Random(2026)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    seen: dict[str, set[str]] = {}
    for _ in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(brief_path)], cwd=ROOT,
                                env=env, stdout=subprocess.PIPE, text=True)
        hang = threading.Timer(60, proc.kill)  # a hung writer ends the round, and fails it
        hang.start()
        assert proc.stdout.readline().strip() == "ready"
        # Kill after a random number of reported writes (none: before the first commit), then
        # a random moment later: counted in writes, so a loaded machine tests the same moments.
        reports = []
        for _write in range(rng.randrange(4)):
            reports.append(proc.stdout.readline())
            assert reports[-1].endswith("\n"), "the writer stopped before it was killed"
        time.sleep(rng.uniform(0.0, 0.05))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        hang.cancel()
        for line in [*reports, *out.splitlines(keepends=True)]:
            if not line.endswith("\n"):  # the kill cut this report short: it proves nothing
                continue
            what, _, item = line.strip().partition(" ")
            seen.setdefault(what, set()).add(item)
        with Store.open(brief_path) as store:  # plays back any hot journal
            assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert store.integrity_problems() == []
            claims = {c["id"]: c["statement"] for c in store.select("claims")}
            placed = {b["claim_id"] for b in store.select("memo_blocks")}
        assert seen.get("added", set()) <= set(claims)  # every returned write is there
        assert not seen.get("deleted", set()) & set(claims)
        assert all(claims[i].startswith("changed") for i in seen.get("changed", set())
                   if i in claims)
        assert set(claims) <= placed  # the claim and its memo block: one transaction


def test_a_full_disk_refuses_the_edit_and_keeps_what_was_saved(store):
    saved = edits.add_claim(store, "saved before the disk filled")
    saved.apply(store)
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # no room to grow
    big = edits.add_claim(store, "y" * 200_000)
    with pytest.raises(BriefError, match="disk is full"):
        big.apply(store)
    assert store.get("claims", saved.item_id)
    assert store.count("claims") == 1
    assert store.integrity_problems() == []


def test_a_brief_moved_away_while_open(store, brief_path, tmp_path):
    saved = edits.add_claim(store, "saved before the move")
    saved.apply(store)
    moved = tmp_path / "elsewhere" / "moved.brief"
    moved.parent.mkdir()
    shutil.move(brief_path, moved)
    with pytest.raises(BriefError, match="moved or deleted"):
        edits.add_claim(store, "after the move").apply(store)
    rescue = share.copy_brief(store, tmp_path / "rescued.brief")  # Save a copy still works
    for path in (moved, rescue):
        with Store.open(path, readonly=True) as s:
            assert [c["id"] for c in s.select("claims")] == [saved.item_id]


def test_a_read_only_file_opens_read_only_with_a_clear_message(brief_path, monkeypatch):
    import desktop.core.store.opening as store_module

    before = brief_path.read_bytes()
    brief_path.chmod(0o444)
    if os.geteuid() == 0:  # root may write anyway: make the check see what a user would
        monkeypatch.setattr(store_module.os, "access",
                            lambda path, mode: not mode & os.W_OK)
    with pytest.raises(ReadOnlyBriefError, match="cannot be written.*read-only"):
        Store.open(brief_path)
    with Store.open(brief_path, readonly=True) as store:
        assert store.brief()["title"] == "Test brief"
        with pytest.raises(ReadOnlyBriefError):
            edits.add_claim(store, "no").apply(store)
    assert brief_path.read_bytes() == before
