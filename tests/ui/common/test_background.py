"""Long work off the GUI thread: merging's comparison and the export show progress, can be
cancelled leaving the brief and the disk as they were, and the window keeps running."""

from __future__ import annotations

import hashlib
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from desktop.core import edits, merge, share
from desktop.core.errors import BriefError
from desktop.core.tables import SYNCED as ORDER
from desktop.core.store import Store
from desktop.ui.memo import export as export_ui
from desktop.ui.sharing import merging
from desktop.ui.common.background import BackgroundTask

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture(scope="module")
def large_copies(tmp_path_factory):
    """A large-ish brief (600 claims, 60 sources with highlights, a 120-paragraph memo) and a
    copy of it changed elsewhere."""
    folder = tmp_path_factory.mktemp("large")
    here = folder / "here.brief"
    with Store.create(here, title="Large", user="base") as base:
        ops = []
        for n in range(600):
            ops += edits.add_claim(base, f"Claim number {n} about grain exports").ops
        section = base.select("memo_sections", order_by=["position"])[0]["id"]
        edits.Edit("claims", ops).apply(base)
        for n in range(120):
            edits.add_block(base, section, text=f"Paragraph {n} on the **corridor**.").apply(base)
        there = share.copy_brief(base, folder / "there.brief")
    with Store.open(there, user="there") as other:
        for claim in other.select("claims")[:50]:
            edits.update_claim(other, claim["id"], statement="Changed there").apply(other)
    return here, there


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def held_at_first_step(monkeypatch, module, name, gate: threading.Event, threads: list):
    """Wrap ``module.name`` (a core function taking ``progress``) so that its work waits at
    its first step until ``gate`` is set, noting which thread reported each step."""
    real = getattr(module, name)

    def held(*args, progress=None, **kwargs):
        def report(done, total):
            threads.append(threading.current_thread() is threading.main_thread())
            progress(done, total)
            if done == 1:
                gate.wait(20)
        return real(*args, progress=report, **kwargs)

    if name == "plan_merge":  # called with progress and cancelled by position
        monkeypatch.setattr(module, name, lambda store, other, progress, cancelled:
                            held(store, other, progress=progress, cancelled=cancelled))
    else:
        monkeypatch.setattr(module, name, held)


def ticking() -> tuple[QTimer, list]:
    """A timer the window's event loop runs every 10 ms while the work goes on."""
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    return timer, ticks


def test_a_large_merge_is_compared_off_the_window_and_cancel_changes_nothing(
        qtbot, make_window, large_copies, monkeypatch):
    here, there = large_copies
    before = digest(here)
    window = make_window(here)
    gate, threads = threading.Event(), []
    held_at_first_step(monkeypatch, merge, "plan_merge", gate, threads)
    monkeypatch.setattr(merging.MergeFileChooser, "ask",
                        classmethod(lambda cls, parent, folder: str(there)))
    monkeypatch.setattr(merging.MergeDialog, "ask", classmethod(
        lambda cls, parent, plan: pytest.fail("a cancelled merge asks nothing")))
    timer, ticks = ticking()

    task = merging.merge_another(window)

    # The comparison waits at its first step: the dialog shows it, the window runs on.
    qtbot.waitUntil(lambda: task.progress is not None and task.progress.isVisible(),
                    timeout=10000)
    qtbot.waitUntil(lambda: task.progress.value() == 1)
    assert task.progress.maximum() == 2 * len(ORDER) + 2
    assert task.progress.labelText() == "Comparing there.brief with this brief…"
    ticked = len(ticks)
    qtbot.waitUntil(lambda: len(ticks) >= ticked + 5)
    assert task.busy and threads == [False]  # reported from the worker, not the window's
    with qtbot.waitSignal(task.cancelled, timeout=20000):
        task.progress.findChild(QPushButton).click()  # the dialog's Cancel
        gate.set()
    timer.stop()
    assert window.statusBar().currentMessage() == "Merge cancelled: nothing was changed"
    assert window.errors == [] and window.session.undo_stack.count() == 0
    window.session.close()
    assert digest(here) == before


def test_a_large_merge_compared_off_the_window_is_then_merged(qtbot, make_window,
                                                             large_copies, monkeypatch):
    here, there = large_copies
    window = make_window(here)
    monkeypatch.setattr(merging.MergeFileChooser, "ask",
                        classmethod(lambda cls, parent, folder: str(there)))
    monkeypatch.setattr(merging.MergeDialog, "ask", classmethod(lambda cls, parent, plan: {}))
    monkeypatch.setattr(merging.sharing, "back_up", lambda store: None)
    task = merging.merge_another(window)
    with qtbot.waitSignal(task.succeeded, timeout=30000):
        pass
    assert window.errors == [] and window.session.undo_stack.count() == 1
    statements = [c["statement"] for c in window.session.store.select("claims")]
    assert statements.count("Changed there") == 50
    window.session.undo_stack.undo()


def test_an_edit_made_while_the_merge_is_compared_merges_nothing(qtbot, make_window, large_copies,
                                                           monkeypatch):
    here, there = large_copies
    window = make_window(here)
    gate = threading.Event()
    held_at_first_step(monkeypatch, merge, "plan_merge", gate, [])
    monkeypatch.setattr(merging.MergeFileChooser, "ask",
                        classmethod(lambda cls, parent, folder: str(there)))
    monkeypatch.setattr(merging.MergeDialog, "ask", classmethod(
        lambda cls, parent, plan: pytest.fail("a stale comparison is not offered")))
    task = merging.merge_another(window)
    window.session.run(edits.add_claim, "Written meanwhile")
    with qtbot.waitSignal(task.succeeded, timeout=30000):
        gate.set()
    assert window.errors == ["The brief changed while it was being compared; nothing was "
                             "merged. Merge again to include the changes."]
    assert window.session.undo_stack.count() == 1  # only the claim written meanwhile


def test_an_export_cancelled_from_its_dialog_leaves_no_file(qtbot, make_window, large_copies,
                                                            monkeypatch, tmp_path):
    here, _ = large_copies
    window = make_window(here)
    gate, threads = threading.Event(), []
    held_at_first_step(monkeypatch, export_ui, "export_docx", gate, threads)
    out = tmp_path / "out"
    out.mkdir()
    timer, ticks = ticking()

    assert window.exporter.start(out / "memo.docx")
    progress = window.exporter._progress
    qtbot.waitUntil(lambda: progress.isVisible() and progress.value() == 1, timeout=10000)
    assert progress.maximum() > 120  # a step a paragraph, and more
    ticked = len(ticks)
    qtbot.waitUntil(lambda: len(ticks) >= ticked + 5)
    with qtbot.waitSignal(window.exporter.cancelled, timeout=20000):
        progress.findChild(QPushButton).click()
        gate.set()
    timer.stop()
    assert threads == [False] and not window.exporter.busy
    assert list(out.iterdir()) == [] and window.errors == []


def test_work_that_fails_is_one_message_and_a_bug_is_reported_not_raised(qtbot):
    def refuse(progress, cancelled):
        raise BriefError("the other file is damaged")

    def bug(progress, cancelled):
        return {}["missing"]

    for work, expected in ((refuse, "the other file is damaged"),
                           (bug, "an unexpected problem ('missing')")):
        task = BackgroundTask(None, work, dialog=False)
        with qtbot.waitSignal(task.failed, timeout=10000) as failed:
            task.start()
        assert failed.args == [expected]


def test_closing_the_window_cancels_a_comparison_under_way(qtbot, make_window, large_copies,
                                                          monkeypatch):
    here, there = large_copies
    window = make_window(here)
    gate = threading.Event()
    held_at_first_step(monkeypatch, merge, "plan_merge", gate, [])
    monkeypatch.setattr(merging.MergeFileChooser, "ask",
                        classmethod(lambda cls, parent, folder: str(there)))
    monkeypatch.setattr(merging.MergeDialog, "ask", classmethod(
        lambda cls, parent, plan: pytest.fail("nothing is asked once the window closed")))
    task = merging.merge_another(window)
    outcome = []
    task.cancelled.connect(lambda: outcome.append("cancelled"))
    assert window.findChildren(BackgroundTask) == [task]
    # The comparison reaches its next step while the window waits for it to stop.
    threading.Timer(0.05, gate.set).start()
    window.close()
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=10000)
    assert window.session.closed and window.errors == []


def test_an_import_cancelled_from_its_dialog_adds_nothing(qtbot, make_window, tmp_path,
                                                          monkeypatch):
    from desktop.core import importers

    files = []
    for n in range(3):
        files.append(tmp_path / f"note {n}.txt")
        files[-1].write_text(f"Note number {n} on grain exports.", encoding="utf-8")
    window = make_window(_fresh(tmp_path))
    gate, read = threading.Event(), []
    real = importers.load_path

    def slow_load(path):
        read.append(threading.current_thread() is threading.main_thread())
        gate.wait(20)
        return real(path)

    monkeypatch.setattr(importers, "load_path", slow_load)
    window.importer.import_files(files)
    task = window.importer._task
    qtbot.waitUntil(lambda: task.progress.isVisible() and read == [False], timeout=10000)
    assert task.progress.labelText() == "Importing…" and task.progress.maximum() == 0
    with qtbot.waitSignal(task.cancelled, timeout=20000):
        task.progress.findChild(QPushButton).click()
        gate.set()
    assert read == [False]  # the next file was never read
    assert window.session.store.count("sources") == 0 and not window.importer.busy


def _fresh(folder):
    path = folder / "fresh.brief"
    Store.create(path, title="Fresh", user="x").close()
    return path


@pytest.mark.parametrize("writes, outcome", [(False, "cancelled"), (True, "succeeded")])
def test_cancel_pressed_too_late_drops_a_result_but_not_a_file_written(qtbot, writes, outcome):
    past_last_step = threading.Event()
    cancel_pressed = threading.Event()

    def work(progress, cancelled):
        progress(1, 1)  # the last look at Cancel; from here it runs to the end
        past_last_step.set()
        cancel_pressed.wait(10)
        return "written"

    task = BackgroundTask(None, work, dialog=False, writes=writes)
    heard = []
    task.succeeded.connect(lambda value: heard.append(("succeeded", value)))
    task.cancelled.connect(lambda: heard.append(("cancelled", None)))
    task.start()
    qtbot.waitUntil(past_last_step.is_set, timeout=10000)
    task.cancel()
    cancel_pressed.set()
    qtbot.waitUntil(lambda: bool(heard), timeout=10000)
    assert heard == [(outcome, "written" if writes else None)]
