"""The speed users feel around the whole app: start, open, memory, undo, `brief info`.

Targets (issue 7), checked only at full size (``BRIEF_BENCH_FULL=1 python -m pytest
tests/benchmarks --benchmark-enable``): ``brief info`` on the large brief as a whole process
< 0.3 s; app start to the window shown with the example brief (whole process, offscreen)
< 1.0 s; open the large brief to a usable window < 1.5 s; resident memory with the large
brief open < 400 MB; undo of a single edit on the large brief < 50 ms.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from benchkit import FULL, HERE, REPO, check_target
from desktop.core import edits, queries
from desktop.core.store import Store

ROUNDS = 7 if FULL else 1


def _run(args: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    # sys.executable, not "python": this machine runs python through a pyenv shim.
    return subprocess.run([sys.executable, *args], cwd=REPO, env=env, check=True,
                          capture_output=True, text=True)


@pytest.fixture
def app_env(tmp_path):
    """The environment of an app process whose settings, backups and logs go to tmp_path."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / var.lower())
    return env


def test_brief_info_whole_process(benchmark, bench_brief):
    result = benchmark.pedantic(_run, args=(["-m", "desktop.cli", "info", str(bench_brief)],),
                                rounds=ROUNDS, warmup_rounds=1 if FULL else 0)
    assert "annotations:" in result.stdout
    check_target(benchmark, 0.3)


def test_app_start_with_example_brief(benchmark, tmp_path, app_env):
    example = tmp_path / "example.brief"
    shutil.copyfile(REPO / "briefs" / "example.brief", example)
    benchmark.pedantic(_run, args=([str(HERE / "app_entry.py"), str(example)], app_env),
                       rounds=ROUNDS, warmup_rounds=1 if FULL else 0)
    check_target(benchmark, 1.0)


def test_memory_with_large_brief_open(benchmark, bench_copy, app_env):
    result = benchmark.pedantic(_run, args=([str(HERE / "app_entry.py"), str(bench_copy),
                                             "--rss"], app_env), rounds=1)
    megabytes = int(result.stdout.split()[-1]) / 1024
    benchmark.extra_info["resident_mb"] = round(megabytes, 1)
    print(f"\nresident set with the brief open: {megabytes:.0f} MB")
    if FULL:
        assert megabytes < 400


def test_open_large_brief_to_usable_window(benchmark, qtbot, qapp, bench_copy):
    from desktop.ui.shell.main_window import MainWindow
    from desktop.ui.shell.session import Session

    windows = []

    def open_window():
        window = MainWindow(Session(Store.open(bench_copy, user="bench")))
        window.resize(1400, 860)
        window.show()
        qapp.processEvents()
        windows.append(window)
        return window

    def close_last():
        while windows:
            window = windows.pop()
            window.hide()
            window.session.close()
            window.deleteLater()
            qapp.processEvents()

    benchmark.pedantic(open_window, setup=close_last, rounds=5 if FULL else 1)
    assert windows[-1].library.isVisible()
    close_last()
    check_target(benchmark, 1.5)


@pytest.fixture
def large_window(qtbot, qapp, bench_copy):
    from desktop.ui.shell.main_window import MainWindow
    from desktop.ui.shell.session import Session

    window = MainWindow(Session(Store.open(bench_copy, user="bench")))
    window.resize(1400, 860)
    window.show()
    # What follows the window's first showing, so it is not counted in an edit: the memo
    # page built a few blocks a turn, the highlights drawn in batches.
    page = window.memo.document
    qtbot.waitUntil(lambda: bool(page.rows) and page.fully_built
                    and window.reader.drawing.complete, timeout=60_000)
    yield window
    window.hide()
    window.session.close()
    window.deleteLater()


def _some(store: Store, table: str, column: str = "id") -> str:
    return store.select(table, columns=[column], order_by=["created", "id"])[-1][column]


def _note(s: Store):
    target = _some(s, "annotations")
    return (edits.update_annotation(s, target, note="Checked against the port data."),
            lambda: s.get("annotations", target)["note"])


def _likelihood(s: Store):
    target = _some(s, "claims")
    return (edits.update_claim(s, target, likelihood="almost certain"),
            lambda: s.get("claims", target)["likelihood"])


def _counts(s: Store, *tables: str):
    return lambda: [s.count(t) for t in tables]


# Each edit, and what it changes as read back from the store (undo must bring that back).
EDITS = {
    "edit highlight note": _note,
    "edit claim likelihood": _likelihood,
    "add highlight": lambda s: (edits.add_annotation(s, queries.sources(s)[0]["id"], 10, 60),
                                _counts(s, "annotations")),
    "delete claim": lambda s: (edits.delete_claim(s, _some(s, "claims")),
                               _counts(s, "claims", "evidence")),
    "delete source": lambda s: (edits.delete_source(s, queries.sources(s)[1]["id"]),
                                _counts(s, "sources", "annotations", "evidence")),
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_undo_single_edit(benchmark, qapp, large_window, kind):
    """Undo with the whole window open: the store's revert and every panel's refresh."""
    session = large_window.session
    edit, state = EDITS[kind](session.store)
    before = state()
    assert session.push(edit)
    assert state() != before
    stack = session.undo_stack

    def redo_first():
        if stack.canRedo():
            stack.redo()
            qapp.processEvents()

    def undo():
        stack.undo()
        qapp.processEvents()

    benchmark.pedantic(undo, setup=redo_first, rounds=7 if FULL else 1)
    assert state() == before  # the last undo brought the brief back
    check_target(benchmark, 0.05)
