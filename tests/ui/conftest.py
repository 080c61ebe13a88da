"""GUI test fixtures: a session on a real brief file, offscreen."""

from __future__ import annotations

import pytest

from desktop.core.store import Store


@pytest.fixture
def session(qtbot, brief_path):
    from desktop.ui.session import Session

    s = Session(Store.open(brief_path, user="Test Analyst"))
    yield s
    s.close()
