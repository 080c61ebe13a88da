"""Shared fixtures: real brief files in temporary folders, cleaned up after each test."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest

# Tests never write into the real home folder: HOME and the XDG folders (where QSettings,
# platformdirs, fontconfig and Mesa write) point into one temporary folder for the whole run,
# set before Qt or platformdirs are imported. tests/test_isolation.py checks it.
TEST_HOME = tempfile.mkdtemp(prefix="brief-tests-home-")
os.environ["HOME"] = TEST_HOME
for _var, _sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                   ("XDG_STATE_HOME", ".local/state"), ("XDG_CACHE_HOME", ".cache")):
    os.environ[_var] = os.path.join(TEST_HOME, _sub)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("BRIEF_USER", "Test Analyst")
# The `brief` command keeps backups and a log in the user's folders (platformdirs reads
# these at each call): tests, and the processes they start, write into a temp folder.
_HOME = tempfile.mkdtemp(prefix="brief-tests-home-")
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
for _var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = os.path.join(_HOME, _var.lower())

from hypothesis import settings as _hypothesis_settings  # noqa: E402

# No example database in the working tree: failing examples are printed instead. No
# deadline (hypothesis's default fails an example slower than 200 ms): a timed assertion,
# which fails on a loaded machine; speed lives in tests/benchmarks/.
_hypothesis_settings.register_profile("brief", database=None, deadline=None)
_hypothesis_settings.load_profile("brief")

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


def pytest_unconfigure(config):
    shutil.rmtree(TEST_HOME, ignore_errors=True)


def _cite_ungraded(store, confidence=None) -> tuple[str, str]:
    """Adds an ungraded source whose highlight (credibility 2) supports a claim placed in
    the Analysis section: (source id, claim id)."""
    from desktop.core import edits, queries
    from desktop.core.model import SourceInput

    add = edits.add_source(store, SourceInput(text="Ports reopened in May.", title="Harbour log",
                                              author="Ann Lee"))
    add.apply(store)
    ann = edits.add_annotation(store, add.item_id, 0, 21, credibility=2)
    ann.apply(store)
    sections = {s["title"]: s["id"] for s in queries.memo(store)["sections"]}
    claim = edits.add_claim(store, "Ports are open.", confidence=confidence,
                            section_id=sections["Analysis"])
    claim.apply(store)
    edits.link_evidence(store, claim.item_id, ann.item_id).apply(store)
    return add.item_id, claim.item_id


@pytest.fixture
def cited_ungraded():
    """:func:`_cite_ungraded`, for the not-graded tests of the core and the export."""
    return _cite_ungraded
