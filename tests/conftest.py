"""Shared fixtures: real brief files in temporary folders, cleaned up after each test."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("BRIEF_USER", "Test Analyst")
# The `brief` command keeps backups and a log in the user's folders (platformdirs reads
# these at each call): tests, and the processes they start, write into a temp folder.
_HOME = tempfile.mkdtemp(prefix="brief-tests-home-")
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
for _var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = os.path.join(_HOME, _var.lower())

from desktop.core.store import Store  # noqa: E402


@pytest.fixture
def brief_path(tmp_path):
    """Path of a new, empty brief file on disk (closed)."""
    path = tmp_path / "test.brief"
    Store.create(path, title="Test brief", author="Tester", user="Test Analyst").close()
    return path


@pytest.fixture
def store(brief_path):
    """An open store on a real file, closed after the test."""
    s = Store.open(brief_path, user="Test Analyst")
    yield s
    s.close()
