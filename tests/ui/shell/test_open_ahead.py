"""The first brief's safe open begins before the app loads, and the app takes it over
(desktop/core/ahead.py, desktop/ui/shell/startup.py, desktop/__main__.py)."""

from __future__ import annotations

import shutil

from PySide6.QtWidgets import QApplication

import desktop.__main__ as entry
from desktop.core.ahead import OpenAhead
from desktop.core.store import _OPEN_FILES, _file_key


class _NoOpen:
    """Stands in for Store in the app module: the app must not open the file itself."""

    @staticmethod
    def open(*args, **kwargs):
        raise AssertionError("the app opened the brief again instead of taking it over")


def test_the_app_takes_over_the_brief_opened_ahead(qtbot, brief_path, settings, monkeypatch):
    from desktop.ui.shell import app as app_module

    ahead = OpenAhead(brief_path)
    monkeypatch.setattr(app_module, "Store", _NoOpen)
    the_app = app_module.App(QApplication.instance(), ahead=ahead)
    window = the_app.open(brief_path)
    qtbot.addWidget(window)
    store = window.session.store
    assert store.path == brief_path and not store.readonly
    assert store.user == the_app.user()
    assert _OPEN_FILES[_file_key(brief_path)] == 1
    window.close()


def test_a_brief_open_elsewhere_drops_the_open_ahead_for_read_only(qtbot, brief_path,
                                                                   settings, monkeypatch):
    from desktop.ui.common import filelock
    from desktop.ui.shell import app as app_module

    monkeypatch.setattr(app_module.Messages, "info", classmethod(lambda cls, *a: None))
    other, _ = filelock.acquire(brief_path)  # another copy of the app has it open
    monkeypatch.setattr(app_module.OpenConflict, "ask",
                        classmethod(lambda cls, *a: "readonly"))
    window = app_module.App(QApplication.instance(),
                            ahead=OpenAhead(brief_path)).open(brief_path)
    qtbot.addWidget(window)
    assert window.session.store.readonly
    assert _OPEN_FILES[_file_key(brief_path)] == 1  # the writable one opened ahead: closed
    window.close()
    other.unlock()


def _started(monkeypatch, argv):
    """What ``python -m desktop ARGV`` hands the app: the open begun ahead, if any."""
    from desktop.ui.shell import app as app_module
    from desktop.ui.shell import platform_check

    handed = []
    monkeypatch.setattr(platform_check, "problem", lambda: None)
    monkeypatch.setattr(app_module, "main", lambda argv, ahead=None: handed.append(ahead))
    assert entry.main(argv) is None
    return handed[0]


def test_the_brief_named_on_the_command_line_is_opened_ahead(brief_path, monkeypatch):
    ahead = _started(monkeypatch, [str(brief_path)])
    store = ahead.take(brief_path, user="")
    assert store is not None and store.path == brief_path
    store.close()


def test_without_a_name_the_brief_open_last_is_opened_ahead(tmp_path, brief_path, settings,
                                                           monkeypatch):
    from PySide6.QtCore import QCoreApplication

    from desktop.ui.shell import startup

    names = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    startup.name_the_app()  # the recent files are filed under the app's name
    try:
        last = tmp_path / "last.brief"
        shutil.copy(brief_path, last)
        startup.remember(last)
        ahead = _started(monkeypatch, [])
    finally:
        QCoreApplication.setOrganizationName(names[0])
        QCoreApplication.setApplicationName(names[1])
    store = ahead.take(last, user="")
    assert store is not None and store.path == last
    store.close()


def test_nothing_is_opened_ahead_for_a_new_brief_or_the_self_test(tmp_path, monkeypatch):
    assert _started(monkeypatch, [str(tmp_path / "new.brief")]) is None
    assert not (tmp_path / "new.brief").exists()  # created by the app, with its title
    assert _started(monkeypatch, ["--self-test"]) is None


# Another copy of the app saving when it dies: its journal stays beside the brief, hot.
DIES_MID_SAVE = r'''
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=1")
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE brief SET title = hex(randomblob(3000))")
conn.execute("UPDATE memo_sections SET title = hex(randomblob(3000))")
os._exit(9)
'''


def test_opening_anyway_after_a_conflict_opens_afresh_and_backs_up_first(
        qtbot, brief_path, settings, monkeypatch):
    """While the user chose, the other copy died mid-save: its journal is settled (on a
    checked copy, after a backup) by the app's own open, not skipped by the one ahead."""
    import subprocess
    import sys

    from desktop.core.store import sidefiles
    from desktop.ui.common import filelock
    from desktop.ui.shell import app as app_module

    other, _ = filelock.acquire(brief_path)
    journal = brief_path.with_name(brief_path.name + "-journal")
    events = []

    def ask(cls, parent, name, holder):
        subprocess.run([sys.executable, "-c", DIES_MID_SAVE, str(brief_path)], check=False)
        assert journal.exists()
        other.unlock()
        return "anyway"

    monkeypatch.setattr(app_module.OpenConflict, "ask", classmethod(ask))
    monkeypatch.setattr(app_module.Messages, "info", classmethod(lambda cls, *a: None))
    monkeypatch.setattr(app_module.sharing, "back_up",
                        lambda path: events.append("backed up before opening"))
    prepare = sidefiles.Recovery.prepare
    monkeypatch.setattr(sidefiles.Recovery, "prepare", lambda self, path, **kw: (
        journal.exists() and events.append("journal settled"), prepare(self, path, **kw))[1])
    window = app_module.App(QApplication.instance(),
                            ahead=OpenAhead(brief_path)).open(brief_path)
    qtbot.addWidget(window)
    assert events == ["backed up before opening", "journal settled"]
    assert not window.session.store.readonly
    assert _OPEN_FILES[_file_key(brief_path)] == 1  # the one opened ahead: closed
    assert window.session.store.select("brief")[0]["title"] == "Test brief"  # rolled back
    window.close()
