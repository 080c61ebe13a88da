"""Sharing briefs through the window: copies, backups, merges, two writers, read-only files.

Every test works on real brief files in a temporary folder; dialogs are replaced through
their ``ask()`` class methods, and the user's settings and data folder are never touched.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGroupBox, QLabel

from desktop.core import edits, queries, share
from desktop.core.errors import ReadOnlyBriefError
from desktop.core.model import SourceInput
from desktop.core.store import Store
from desktop.core.tables import SYNCED

REPO = Path(__file__).resolve().parents[3]
BOOKKEEPING = ("tombstones", "merge_conflicts", "annotation_tags", "source_files",
               "sync_versions")


@pytest.fixture
def ui(monkeypatch, tmp_path):
    """Records what the app tells the user; keeps settings and backups in tmp_path."""
    from desktop.ui.shell import main_window
    from desktop.ui.sharing import dialogs as sharing

    monkeypatch.setattr(main_window.QSettings, "value", lambda self, key, default=None: default)
    monkeypatch.setattr(main_window.QSettings, "setValue", lambda self, key, value: None)
    monkeypatch.setattr(sharing, "backup_dir", lambda: tmp_path / "backups")
    said = {"errors": [], "infos": []}
    monkeypatch.setattr(main_window.Messages, "error",
                        classmethod(lambda cls, parent, text: said["errors"].append(text)))
    monkeypatch.setattr(main_window.Messages, "info",
                        classmethod(lambda cls, parent, title, text: said["infos"].append(text)))
    return said


@pytest.fixture
def open_window(qtbot, ui):
    """A factory: a MainWindow on the brief at ``path`` (with ``opener`` if given)."""
    from desktop.ui.shell.main_window import MainWindow
    from desktop.ui.shell.session import Session

    made = []

    def make(path, opener=None, readonly=False):
        window = MainWindow(Session(Store.open(path, readonly=readonly, user="Test Analyst")),
                            opener=opener)
        window.errors, window.infos = ui["errors"], ui["infos"]
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.session.undo_stack.clear()


def trigger(window, text: str) -> None:
    """Choose a menu entry by its visible text, as a user would."""
    actions = [a for a in window.findChildren(QAction) if a.text().replace("&", "") == text]
    assert len(actions) == 1, f"one menu entry called {text!r}"
    actions[0].trigger()


def merge_through_menu(window) -> None:
    """File → Merge another brief…, and wait until the comparison (off the GUI thread) and
    whatever follows it are over."""
    from PySide6.QtCore import QDeadlineTimer
    from PySide6.QtTest import QTest

    from desktop.ui.common.background import BackgroundTask

    trigger(window, "Merge another brief…")
    deadline = QDeadlineTimer(20_000)
    while any(t.busy for t in window.findChildren(BackgroundTask)):
        assert not deadline.hasExpired(), "the merge did not finish"
        QTest.qWait(10)


def snapshot(store) -> dict:
    """Every row a merge can touch, table by table (order-independent)."""
    return {t: sorted(map(repr, store.select(t))) for t in (*SYNCED, *BOOKKEEPING)
            if store.has_table(t)}


def claims(store) -> dict:
    return {c["id"]: (c["statement"], c["likelihood"], c["confidence"])
            for c in store.select("claims")}


# ------------------------------------------------------------------------ share a copy
@pytest.mark.parametrize("include", [True, False])
def test_share_a_copy_through_the_window(open_window, brief_path, tmp_path, include,
                                          monkeypatch):
    from desktop.ui.sharing.dialogs import ShareCopyDialog

    window = open_window(brief_path)
    source = window.session.run(edits.add_source, SourceInput(
        text="Ports reopened on Monday.", title="Wire", original=b"original bytes"))
    window.session.run(edits.add_claim, "Exports will recover by autumn.",
                       likelihood="likely", confidence="moderate")
    dest = tmp_path / "for Ana.brief"
    monkeypatch.setattr(ShareCopyDialog, "ask",
                        classmethod(lambda cls, parent, default: (str(dest), include)))
    trigger(window, "Share a copy…")

    assert window.errors == []
    with Store.open(dest, readonly=True) as copy:
        assert copy.brief()["id"] == window.session.store.brief()["id"]
        assert [(c["text"], c["likelihood"]) for c in queries.claims(copy)] == \
            [("Exports will recover by autumn.", "likely")]
        row = copy.get("sources", source.item_id)
        assert row["text"] == "Ports reopened on Monday."
        assert (copy.source_file(row["sha256"]) == b"original bytes") is include
    assert dest.name in window.statusBar().currentMessage()


# ------------------------------------------------------------------ restore from backup
def test_restore_from_backup_through_the_window(open_window, brief_path, monkeypatch):
    from desktop.ui.sharing import dialogs as sharing
    from desktop.ui.sharing.dialogs import BackupChooser

    with Store.open(brief_path, user="Test Analyst") as store:
        edits.add_claim(store, "Before the backup.").apply(store)
        sharing.back_up(store)
    opened = []
    window = open_window(brief_path, opener=opened.append)
    window.session.run(edits.add_claim, "After the backup.")
    offered = []
    monkeypatch.setattr(BackupChooser, "ask", classmethod(
        lambda cls, parent, backups: offered.extend(backups) or backups[0]))
    trigger(window, "Restore from backup…")

    assert window.errors == [] and len(offered) == 1
    assert opened == [brief_path]  # the app reopens the restored brief
    with Store.open(brief_path, readonly=True) as restored:
        assert [c["text"] for c in queries.claims(restored)] == ["Before the backup."]
    # What was replaced is itself kept as the newest backup: nothing is lost.
    newest = share.list_backups(brief_path, sharing.backup_dir())[0]
    with Store.open(newest.path, readonly=True) as replaced:
        assert sorted(c["text"] for c in queries.claims(replaced)) == \
            ["After the backup.", "Before the backup."]


# ---------------------------------------------------------------------------- merging
@pytest.fixture
def two_copies(brief_path, tmp_path):
    """Copies of one brief, each edited: one claim changed on both sides, one added on
    each side, one left alone. Returns (here, there, ids)."""
    ids = {}
    with Store.open(brief_path, user="Base") as base:
        for name in ("disputed", "untouched"):
            edit = edits.add_claim(base, f"{name} original")
            edit.apply(base)
            ids[name] = edit.item_id
        here = share.copy_brief(base, tmp_path / "here.brief")
        there = share.copy_brief(base, tmp_path / "there.brief")
    for path, side, likelihood in ((here, "here", "unlikely"), (there, "there", "likely")):
        with Store.open(path, user=side.capitalize()) as store:
            edits.update_claim(store, ids["disputed"], statement=f"{side} wording",
                               likelihood=likelihood).apply(store)
            added = edits.add_claim(store, f"added {side}", confidence="low")
            added.apply(store)
            ids[f"added_{side}"] = added.item_id
    return here, there, ids


def test_merge_through_the_window_taking_theirs(open_window, two_copies, monkeypatch):
    from desktop.ui.sharing import dialogs as sharing
    from desktop.ui.sharing.merging import MergeDialog, MergeFileChooser

    here, there, ids = two_copies
    window = open_window(here)
    store, stack = window.session.store, window.session.undo_stack
    before = snapshot(store)
    monkeypatch.setattr(MergeFileChooser, "ask",
                        classmethod(lambda cls, parent, folder: str(there)))
    shown = {}

    def choose_theirs(cls, parent, plan):
        dialog = MergeDialog(parent, plan)  # the real dialog, without its modal loop
        shown["summary"] = dialog.summary.text()
        shown["texts"] = [w.text() for w in dialog.findChildren(QLabel)]
        shown["boxes"] = [b.title() for b in dialog.findChildren(QGroupBox)]
        assert dialog.choices() == {ids["disputed"]: "mine"}  # mine by default
        dialog.all_theirs.click()
        choices = dialog.choices()
        dialog.deleteLater()
        return choices

    monkeypatch.setattr(MergeDialog, "ask", classmethod(choose_theirs))
    monkeypatch.setattr(sharing, "backup_dir", lambda: here.parent / "backups")
    unmerged = share.content_digest(here)
    merge_through_menu(window)

    assert window.errors == []
    assert [b.digest for b in share.list_backups(here, here.parent / "backups")] == [unmerged]
    assert "1 added (1 claim)" in shown["summary"] and "0 deleted" in shown["summary"]
    assert shown["boxes"] == ["Claim “here wording” — changed in both copies"]
    for text in ("here wording", "there wording", "unlikely", "likely", "Statement:",
                 "Likelihood:"):
        assert text in shown["texts"]
    assert "Confidence:" not in shown["texts"]  # only the fields that differ are compared

    merged = {ids["disputed"]: ("there wording", "likely", None),
              ids["untouched"]: ("untouched original", None, None),
              ids["added_here"]: ("added here", None, "low"),
              ids["added_there"]: ("added there", None, "low")}
    assert claims(store) == merged
    conflict = store.select("merge_conflicts")
    assert [(c["item_id"], c["kept"]) for c in conflict] == [(ids["disputed"], "theirs")]
    assert "here wording" in conflict[0]["losing_row"]  # the version not taken is kept
    window.focus_dock(window.claims_dock)  # a panel off screen catches up when seen
    window.claims.when_seen.ensure()
    shown_claims = {c["id"]: c["text"] for c in window.claims.model.claims}
    assert shown_claims == {k: v[0] for k, v in merged.items()}
    after = snapshot(store)

    assert stack.count() == 1  # the whole merge is one step
    stack.undo()
    assert snapshot(store) == before
    assert {c["id"] for c in window.claims.model.claims} == set(claims(store))
    stack.redo()
    assert snapshot(store) == after

    merge_through_menu(window)  # the same file again: nothing to do
    assert snapshot(store) == after and stack.count() == 1
    assert len(window.infos) == 1 and "nothing to merge" in window.infos[0]


def test_merge_keeping_mine_and_cancelling(open_window, two_copies, monkeypatch):
    from desktop.ui.sharing.merging import MergeDialog, MergeFileChooser

    here, there, ids = two_copies
    window = open_window(here)
    store = window.session.store
    before = snapshot(store)
    monkeypatch.setattr(MergeFileChooser, "ask",
                        classmethod(lambda cls, parent, folder: str(there)))
    monkeypatch.setattr(MergeDialog, "ask", classmethod(lambda cls, parent, plan: None))
    merge_through_menu(window)
    assert snapshot(store) == before and window.session.undo_stack.count() == 0

    def keep_mine(cls, parent, plan):
        dialog = MergeDialog(parent, plan)
        dialog.all_theirs.click()
        dialog.all_mine.click()
        return dialog.choices()

    monkeypatch.setattr(MergeDialog, "ask", classmethod(keep_mine))
    merge_through_menu(window)
    assert claims(store)[ids["disputed"]] == ("here wording", "unlikely", None)
    assert claims(store)[ids["added_there"]] == ("added there", None, "low")


def test_merge_dialog_shows_a_deleted_side(qtbot, two_copies):
    from desktop.core.merge import plan_merge
    from desktop.ui.sharing.merging import MergeDialog, differing_fields

    here, there, ids = two_copies
    with Store.open(there, user="There") as store:
        edits.delete_claim(store, ids["disputed"]).apply(store)
    with Store.open(here, readonly=True) as mine, Store.open(there, readonly=True) as theirs:
        plan = plan_merge(mine, theirs)
    [conflict] = plan.conflicts
    rows = {label: (a, b) for label, a, b in differing_fields(conflict, plan)}
    assert rows["Statement"] == ("here wording", "(deleted)")
    dialog = MergeDialog(None, plan)
    qtbot.addWidget(dialog)
    assert "deleted in the other copy" in dialog.findChildren(QGroupBox)[0].title()


@pytest.mark.parametrize("kind", ["empty", "random", "zip", "other brief", "itself",
                                  "missing"])
def test_merging_a_bad_file_says_so_once_and_changes_nothing(open_window, two_copies,
                                                             tmp_path, kind, monkeypatch):
    from desktop.ui.sharing.merging import MergeDialog, MergeFileChooser

    here, _, _ = two_copies
    bad = tmp_path / f"bad {kind}.brief"
    if kind == "empty":
        bad.write_bytes(b"")
    elif kind == "random":
        bad.write_bytes(os.urandom(4096))
    elif kind == "zip":
        bad.write_bytes(b"PK\x03\x04" + bytes(200))
    elif kind == "other brief":
        Store.create(bad, title="Unrelated").close()
    elif kind == "itself":
        bad = here
    window = open_window(here)
    before = snapshot(window.session.store)
    original = bad.read_bytes() if bad.exists() else None
    monkeypatch.setattr(MergeFileChooser, "ask",
                        classmethod(lambda cls, parent, folder: str(bad)))
    monkeypatch.setattr(MergeDialog, "ask",
                        classmethod(lambda cls, parent, plan: pytest.fail("no dialog expected")))
    merge_through_menu(window)

    assert len(window.errors) == 1 and window.errors[0].startswith(f"Cannot merge {bad.name}")
    assert "\n" not in window.errors[0] and "Traceback" not in window.errors[0]
    assert snapshot(window.session.store) == before
    assert window.session.undo_stack.count() == 0
    assert (bad.read_bytes() if bad.exists() else None) == original


# ------------------------------------------------------------------- two writers at once
def test_the_brief_command_writing_while_the_window_shows_the_brief(qtbot, open_window,
                                                                    brief_path):
    window = open_window(brief_path)
    window.focus_dock(window.claims_dock)  # the claims are read when in view
    window.session.run(edits.add_claim, "Written in the app.")
    assert window.session.undo_stack.count() == 1
    done = subprocess.run([sys.executable, "-m", "desktop.cli", "claim", str(brief_path),
                           "Written by the brief command.", "--likelihood", "likely"],
                          cwd=REPO, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr

    def shown():
        return [c["text"] for c in window.claims.model.claims]

    # The session's poll timer notices the other program's commit by itself.
    qtbot.waitUntil(lambda: "Written by the brief command." in shown(), timeout=5000)
    assert shown() == ["Written in the app.", "Written by the brief command."]
    # Commands captured values another program may have changed: no stale undo remains.
    assert window.session.undo_stack.count() == 0
    assert window.errors == []


# -------------------------------------------------------------------- read-only files
def test_a_read_only_brief_shows_it_and_refuses_edits_with_one_message(open_window,
                                                                      brief_path):
    with Store.open(brief_path, user="Test Analyst") as store:
        edits.add_claim(store, "Already saved.").apply(store)
    brief_path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    original = brief_path.read_bytes()
    if not os.access(brief_path, os.W_OK):  # an ordinary user: opening it writable fails
        with pytest.raises(ReadOnlyBriefError):
            Store.open(brief_path)
    window = open_window(brief_path, readonly=True)  # as root, permissions stop nothing

    assert "[read-only]" in window.windowTitle()
    assert window.session.run(edits.add_claim, "Not saved.") is None
    assert len(window.errors) == 1 and "read-only" in window.errors[0]
    assert "Traceback" not in window.errors[0]
    trigger(window, "Merge another brief…")  # refused before any file is asked for
    assert len(window.errors) == 2 and "read-only" in window.errors[1]
    assert [c["text"] for c in window.claims.model.claims] == ["Already saved."]
    assert window.session.undo_stack.count() == 0
    assert brief_path.read_bytes() == original


def test_app_opens_an_unwritable_brief_read_only_and_says_so(qtbot, ui, brief_path,
                                                             monkeypatch):
    from PySide6.QtWidgets import QApplication

    from desktop.ui.shell import app

    brief_path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    if os.access(brief_path, os.W_OK):  # root writes anyway: make the open refuse as it would
        real_open = Store.open

        def refusing_open(path, *, readonly=False, user=""):
            if not readonly:
                raise ReadOnlyBriefError(f"{Path(path).name} cannot be written (the file or "
                                         "its folder is read-only); open it read-only")
            return real_open(path, readonly=True, user=user)

        monkeypatch.setattr(Store, "open", refusing_open)
    monkeypatch.setattr(app, "remember", lambda path: None)
    the_app = app.App(QApplication.instance())
    window = the_app.open(brief_path)
    try:
        assert window is not None and window.session.readonly
        assert "[read-only]" in window.windowTitle()
        assert ui["errors"] == []
        assert len(ui["infos"]) == 1 and "open read-only" in ui["infos"][0]
    finally:
        if window is not None:
            window.close()


def test_app_backs_up_an_old_brief_before_upgrading_it(qtbot, ui, tmp_path, monkeypatch):
    import shutil
    import sqlite3

    from PySide6.QtWidgets import QApplication

    from desktop.ui.shell import app
    from desktop.ui.sharing import dialogs as sharing
    from desktop.core.store.schema import MIGRATIONS

    path = tmp_path / "old.brief"
    shutil.copyfile(REPO / "tests" / "core" / "fixtures" / "v1.brief", path)
    monkeypatch.setattr(app, "remember", lambda path: None)
    window = app.App(QApplication.instance()).open(path)
    try:
        assert window is not None and window.session.store.schema_version == len(MIGRATIONS)
        backups = share.list_backups(path, sharing.backup_dir())
        assert len(backups) == 1
        conn = sqlite3.connect(f"{backups[0].path.as_uri()}?mode=ro", uri=True)
        try:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        finally:
            conn.close()
    finally:
        if window is not None:
            window.close()
