"""Reading a brief that passed every opening check and has not changed since skips the
checks (store/verified.py); any change, a write, a side file or a fresh file means the full
checks again."""

from __future__ import annotations

import hashlib
import sqlite3
import time

import pytest

from desktop.core import edits, store as store_module
from desktop.core.errors import DamagedBriefError
from desktop.core.model import SourceInput
from desktop.core.store import Store, verified


@pytest.fixture
def checks(monkeypatch):
    """How many times opening ran its full checks."""
    calls = []
    real = store_module._verify

    def counted(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(store_module, "_verify", counted)
    return calls


@pytest.fixture
def later(monkeypatch):
    """The clock a minute on: every file on disk counts as settled."""
    monkeypatch.setattr(verified.time, "time", lambda: time.time_ns() / 1e9 + 60)


def _open_read_only(path):
    Store.open(path, readonly=True, user="t").close()


def test_an_unchanged_settled_brief_is_checked_once_for_reading(brief_path, checks, later):
    for _ in range(3):
        _open_read_only(brief_path)
    assert checks == ["test.brief"]


def test_a_brief_changed_after_it_passed_is_checked_again(brief_path, checks, later):
    _open_read_only(brief_path)
    time.sleep(0.05)  # past the file system's timestamp granularity (the "settled" rule)
    with Store.open(brief_path, user="t") as store:
        edits.add_claim(store, "Ports reopen.").apply(store)
    _open_read_only(brief_path)
    _open_read_only(brief_path)
    # the read, the write (always checked), the read after the write; then remembered
    assert checks == ["test.brief"] * 3


def test_damage_after_a_brief_passed_is_still_found(brief_path, later):
    with Store.open(brief_path, user="t") as store:
        edits.add_source(store, SourceInput(text="x " * 20000, title="Long")).apply(store)
    _open_read_only(brief_path)
    time.sleep(0.05)
    data = bytearray(brief_path.read_bytes())
    for i in range(4096, len(data) - 4096, 97):  # pages only: the header stays as it was
        data[i] ^= 0x5A
    with open(brief_path, "r+b") as f:  # in place: same inode, same size
        f.write(bytes(data))
    before = hashlib.sha256(brief_path.read_bytes()).hexdigest()
    with pytest.raises(DamagedBriefError, match="damaged"):
        _open_read_only(brief_path)
    assert hashlib.sha256(brief_path.read_bytes()).hexdigest() == before


def test_opening_for_writing_always_checks(brief_path, checks, later):
    _open_read_only(brief_path)
    for _ in range(2):
        Store.open(brief_path, user="t").close()
    assert checks == ["test.brief"] * 3


def test_a_brief_changed_moments_ago_is_not_remembered(brief_path, checks):
    _open_read_only(brief_path)  # just created: a change in the same clock tick could hide
    _open_read_only(brief_path)
    assert checks == ["test.brief"] * 2


def test_a_brief_with_a_side_file_beside_it_is_not_remembered(brief_path, checks, later):
    side = brief_path.with_name(brief_path.name + "-shm")
    side.write_bytes(b"")
    try:
        assert verified.seal(brief_path) is None
    finally:
        side.unlink()
    assert verified.seal(brief_path) is not None


def test_a_brief_in_wal_mode_is_not_remembered(brief_path, later):
    conn = sqlite3.connect(brief_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    assert verified.seal(brief_path) is None


def test_other_rules_forget_what_passed_before(brief_path, checks, later, monkeypatch):
    _open_read_only(brief_path)
    monkeypatch.setattr(verified, "CHECKS_REVISION", verified.CHECKS_REVISION + 1)
    _open_read_only(brief_path)
    assert checks == ["test.brief"] * 2


def test_an_unreadable_record_costs_only_a_full_check(brief_path, checks, later):
    _open_read_only(brief_path)
    verified._record_path().write_text("{not json", encoding="utf-8")
    _open_read_only(brief_path)
    _open_read_only(brief_path)
    assert checks == ["test.brief"] * 2


def test_the_record_keeps_the_newest_briefs_only(tmp_path, later, monkeypatch):
    monkeypatch.setattr(verified, "MAX_ENTRIES", 3)
    paths = []
    for i in range(5):
        path = tmp_path / f"b{i}.brief"
        Store.create(path, title="t", user="t").close()
        _open_read_only(path)
        paths.append(str(path.resolve()))
    assert list(verified._read()) == paths[-3:]
