"""GUI test fixtures: a session on a real brief file, offscreen."""

from __future__ import annotations

import pytest

from desktop.core.store import Store


@pytest.fixture
def session(qtbot, brief_path):
    from desktop.ui.shell.session import Session

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


@pytest.fixture(autouse=True)
def asked(monkeypatch):
    """Questions the app asks on the way (a deletion, an import's details) answer "yes, as
    shown" and are recorded here, so a test can check what was asked or answer otherwise."""
    from desktop.ui.common.confirm import Confirm
    from desktop.ui.library.details import ImportDetailsDialog

    questions: list[str] = []

    def confirm(cls, parent, title, text, action):
        questions.append(text)
        return True

    def details(cls, source, remaining=0, parent=None):
        questions.append(f"details of {source.get('title')!r}")
        return {k: source.get(k) or "" for k, _ in ImportDetailsDialog.FIELDS} | {
            "reliability": source.get("reliability")}, False

    monkeypatch.setattr(Confirm, "ask", classmethod(confirm))
    monkeypatch.setattr(ImportDetailsDialog, "ask", classmethod(details))
    return questions


@pytest.fixture
def make_window(qtbot, monkeypatch):
    """Factory for a shown main window on a real brief file, with default settings (the
    layout a new user gets) and error messages collected in ``window.errors``, not shown.
    ``size`` resizes it before it is shown."""
    from desktop.ui.shell import main_window
    from desktop.ui.shell.session import Session

    monkeypatch.setattr(main_window.QSettings, "value", lambda self, key, default=None: default)
    errors: list[str] = []
    monkeypatch.setattr(main_window.Messages, "error",
                        classmethod(lambda cls, parent, text: errors.append(text)))
    made = []

    def make(path, size: tuple[int, int] | None = None):
        window = main_window.MainWindow(Session(Store.open(path, user="Test Analyst")))
        window.errors = errors
        qtbot.addWidget(window)
        if size:
            window.resize(*size)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        if not window.session.closed:
            window.session.undo_stack.clear()
