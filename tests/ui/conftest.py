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


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """A test that opens a real modal dialog would hang: fail it at once instead."""
    from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

    def refuse(*args, **kwargs):
        raise AssertionError("a modal dialog was opened; replace its ask() in the test")

    monkeypatch.setattr(QDialog, "exec", refuse)
    monkeypatch.setattr(QMessageBox, "exec", refuse)
    for name in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, refuse)
    for name in ("getText", "getItem", "getInt"):
        monkeypatch.setattr(QInputDialog, name, refuse)
    for name in ("getOpenFileName", "getOpenFileNames", "getSaveFileName"):
        monkeypatch.setattr(QFileDialog, name, refuse)
