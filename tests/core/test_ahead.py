"""Opening a brief on a worker while the app starts (desktop/core/ahead.py), on real files."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from desktop.core import edits
from desktop.core.ahead import OpenAhead
from desktop.core.errors import DamagedBriefError
from desktop.core.store import _OPEN_FILES, Store

FIXTURES = Path(__file__).parent / "fixtures"


def test_the_store_opened_ahead_is_the_checked_brief_open_for_writing(brief_path):
    ahead = OpenAhead(brief_path)
    store = ahead.take(brief_path, user="Ahead Analyst")
    assert store is not None and not store.readonly and store.path == brief_path
    assert store.user == "Ahead Analyst"
    edits.add_claim(store, "Taken from the worker.",
                    section_id=store.select("memo_sections")[0]["id"]).apply(store)
    store.close()
    with Store.open(brief_path) as again:
        assert [c["statement"] for c in again.select("claims")] == ["Taken from the worker."]


def test_a_store_is_handed_over_once(brief_path):
    ahead = OpenAhead(brief_path)
    store = ahead.take(brief_path, user="")
    assert ahead.take(brief_path, user="") is None
    store.close()


def test_an_older_brief_is_left_for_the_app_to_back_up_before_upgrading(tmp_path):
    path = tmp_path / "v8.brief"
    shutil.copy(FIXTURES / "v8.brief", path)
    before = path.read_bytes()
    assert OpenAhead(path).take(path, user="") is None
    assert path.read_bytes() == before  # not upgraded ahead
    assert not _OPEN_FILES


def test_a_damaged_file_gives_nothing_ahead_and_stays_as_it_was(tmp_path, brief_path):
    path = tmp_path / "damaged.brief"
    shutil.copy(brief_path, path)
    data = bytearray(path.read_bytes())
    data[4096:4200] = b"\xff" * 104  # a page of the tables' b-tree
    path.write_bytes(bytes(data))
    assert OpenAhead(path).take(path, user="") is None
    assert path.read_bytes() == bytes(data)
    with pytest.raises(DamagedBriefError):  # the app's own open words it for the user
        Store.open(path)


def test_taking_another_file_closes_what_was_opened_ahead(brief_path, tmp_path):
    other = tmp_path / "other.brief"
    shutil.copy(brief_path, other)
    ahead = OpenAhead(brief_path)
    assert ahead.take(other, user="") is None
    assert not _OPEN_FILES  # closed: a later open of it runs every check again


def test_dropping_closes_the_store_opened_ahead(brief_path):
    ahead = OpenAhead(brief_path)
    ahead.drop()
    assert not _OPEN_FILES
    assert ahead.take(brief_path, user="") is None


def test_the_thread_switch_interval_is_restored_once_the_worker_is_done(brief_path):
    before = sys.getswitchinterval()
    ahead = OpenAhead(brief_path)
    ahead.drop()
    assert sys.getswitchinterval() == before


def test_two_opens_ahead_restore_the_interval_whichever_ends_first(brief_path, tmp_path):
    other = tmp_path / "other.brief"
    shutil.copy(brief_path, other)
    before = sys.getswitchinterval()
    first, second = OpenAhead(brief_path), OpenAhead(other)
    first.drop()
    second.drop()
    assert sys.getswitchinterval() == before


def test_a_missing_file_gives_nothing_ahead(tmp_path):
    path = tmp_path / "gone.brief"
    assert OpenAhead(path).take(path, user="") is None
    assert not path.exists()
