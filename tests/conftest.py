"""Shared fixtures: real brief files in temporary folders, cleaned up after each test."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("BRIEF_USER", "Test Analyst")

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
