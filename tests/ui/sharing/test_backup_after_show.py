"""The backup a brief gets when the app opens it: taken once the window is up, on a worker
with its own read-only connection, and always before the first edit lands."""

from __future__ import annotations

import threading

import pytest

from desktop.core import edits, queries, share
from desktop.core.store import Store

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def app(qapp, tmp_path, monkeypatch):
    from desktop.ui.shell import app as app_module
    from desktop.ui.shell import main_window

    monkeypatch.setattr(app_module, "remember", lambda path: None)
    monkeypatch.setattr(app_module.sharing, "backup_dir", lambda: tmp_path / "backups")
    monkeypatch.setattr(main_window.Messages, "info",
                        classmethod(lambda cls, parent, title, text: None))
    return app_module.App(qapp)


def _claims_in_backups(path, folder) -> list[list[str]]:
    found = []
    for backup in share.list_backups(path, folder):
        with Store.open(backup.path, readonly=True) as store:
            found.append(sorted(c["text"] for c in queries.claims(store)))
    return found


def test_the_first_edit_waits_for_the_backup_taken_after_the_window_shows(
        qtbot, app, brief_path, tmp_path, monkeypatch):
    with Store.open(brief_path, user="Test Analyst") as store:
        edits.add_claim(store, "As opened.").apply(store)
    release, started = threading.Event(), threading.Event()
    real = share.backup_on_open

    def slow_backup(*args, **kwargs):  # a large brief's copy, still running
        started.set()
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(share, "backup_on_open", slow_backup)
    window = app.open(brief_path)
    qtbot.addWidget(window)
    assert window.isVisible()
    qtbot.waitUntil(started.is_set, timeout=5000)  # a moment after the window shows
    assert share.list_backups(brief_path, tmp_path / "backups") == []  # not yet: not before
    threading.Timer(0.3, release.set).start()
    window.session.run(edits.add_claim, "First edit.")  # waits for the backup first
    assert _claims_in_backups(brief_path, tmp_path / "backups") == [["As opened."]]
    assert sorted(c["text"] for c in queries.claims(window.session.store)) == \
        ["As opened.", "First edit."]
    window.close()
    window.session.close()


def test_reopening_an_unchanged_brief_keeps_one_backup_and_an_edited_one_a_second(
        qtbot, app, brief_path, tmp_path):
    for text in (None, None, "Changed between opens."):
        window = app.open(brief_path)
        qtbot.addWidget(window)
        if text:
            window.session.run(edits.add_claim, text)
        window.close()
        window.session.close()  # waits for the backup, like any write
    window = app.open(brief_path)
    qtbot.addWidget(window)
    window.close()
    window.session.close()
    assert _claims_in_backups(brief_path, tmp_path / "backups") == \
        [["Changed between opens."], []]  # newest first


def test_a_brief_the_open_would_change_is_backed_up_before_it_is_opened(
        qtbot, app, brief_path, tmp_path):
    with Store.open(brief_path, user="Test Analyst") as store:
        edits.add_claim(store, "In WAL mode.").apply(store)
        store.conn.execute("PRAGMA journal_mode=WAL")
    assert share.opening_may_change(brief_path)
    window = app.open(brief_path)  # switches the file back to a rollback journal
    qtbot.addWidget(window)
    assert _claims_in_backups(brief_path, tmp_path / "backups") == [["In WAL mode."]]
    window.close()
    window.session.close()


def test_only_a_plain_brief_of_this_version_is_left_to_back_up_after_opening(
        brief_path, tmp_path):
    assert not share.opening_may_change(brief_path)
    side = brief_path.with_name(brief_path.name + "-journal")
    side.write_bytes(b"")
    assert share.opening_may_change(brief_path)  # side files to settle first
    side.unlink()
    stranger = tmp_path / "not.brief"
    stranger.write_bytes(b"hello")
    assert share.opening_may_change(stranger)


def test_an_edit_before_the_worker_starts_takes_the_backup_first(qtbot, app, brief_path,
                                                                 tmp_path):
    with Store.open(brief_path, user="Test Analyst") as store:
        edits.add_claim(store, "As opened.").apply(store)
    window = app.open(brief_path)
    qtbot.addWidget(window)
    window.session.run(edits.add_claim, "At once.")  # before BackupAfterShow.DELAY_MS
    assert _claims_in_backups(brief_path, tmp_path / "backups") == [["As opened."]]
    window.close()
    window.session.close()
