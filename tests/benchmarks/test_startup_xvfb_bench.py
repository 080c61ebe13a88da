"""Start-up as a user sees it: whole processes, a real X server (Xvfb), a real window.

Each round starts a bare PySide6 window with one text editor (the floor), then the app on
a copy of the example brief, then the app on a copy of the benchmark brief (the LARGE one
at full size), alternately in one X session at 1280×720 so all see the same machine load.
``x_window_timer.py`` times each from the start of the process to its window existing on
the X display (``window``) and to the window's first answered X round trip through the
event loop (``usable``: built, painted and taking input). Our modules run from compiled
bytecode, as an installed app does (pip compiles on install); a shell with
PYTHONDONTWRITEBYTECODE would otherwise compile them on every start.

Medians and bests are reported beside the floor, and each figure's ratio to the bare window
as the median of the rounds' ratios (a round's load hits both its runs); at full size
(``BRIEF_BENCH_FULL=1``) the example's first window must appear within 2× the bare window
and the large brief must be usable within 3× (issue 16). Skipped where ``xvfb-run`` or libX11 is missing.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import statistics
import subprocess
import sys

import pytest

from benchkit import FULL, HERE, REPO

ROUNDS = 9 if FULL else 1
FIRST_WINDOW_RATIO = 2.0   # example brief, window on screen, against the bare window
LARGE_USABLE_RATIO = 3.0   # benchmark brief, window usable, against the bare window
APP_TITLE = "Briefing Builder"
BARE_TITLE = "Bare PySide6 window"

pytestmark = pytest.mark.skipif(
    shutil.which("xvfb-run") is None or ctypes.util.find_library("X11") is None,
    reason="needs xvfb-run (a real X server) and libX11")


def _x_session(tmp_path, large, rounds: int) -> dict[str, list[tuple[float, float]]]:
    """(window, usable) seconds per round for "bare", "example" and "large"."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(QT_QPA_PLATFORM="xcb", HOME=str(tmp_path / "home"),
               PYTHONPYCACHEPREFIX=str(tmp_path / "pycache"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / var.lower())
    python, timer = sys.executable, HERE / "x_window_timer.py"
    runs = {"bare": f'"{python}" "{timer}" "{BARE_TITLE}" "{python}" "{HERE / "bare_window.py"}"'}
    for name, brief in (("example", REPO / "briefs" / "example.brief"), ("large", large)):
        copy = tmp_path / f"{name}.brief"
        runs[name] = (f'cp "{brief}" "{copy}" && '
                      f'"{python}" "{timer}" "{APP_TITLE}" "{python}" -m desktop "{copy}"')
    one_round = "".join(f'echo "{name} $({command})"\n' for name, command in runs.items())
    # The first round compiles our modules and warms the disk cache: not counted.
    script = one_round * (rounds + 1)
    for _attempt in range(2):  # once more if another run took the X display number first
        result = subprocess.run(
            ["xvfb-run", "-a", "-s", "-screen 0 1280x720x24", "bash", "-e", "-c", script],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=120 + 60 * rounds)
        if result.returncode == 0 or "Xvfb failed to start" not in result.stderr:
            break
    assert result.returncode == 0, result.stderr[-2000:]
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for line in result.stdout.split("\n"):
        words = line.split()
        if len(words) == 3 and words[0] in times:
            times[words[0]].append((float(words[1]), float(words[2])))
    return {name: values[1:] for name, values in times.items()}


def test_first_window_and_large_brief_beside_a_bare_pyside6_window(benchmark, tmp_path,
                                                                   bench_brief):
    times = benchmark.pedantic(_x_session, args=(tmp_path, bench_brief, ROUNDS), rounds=1)
    assert all(len(values) == ROUNDS for values in times.values())
    bare = [w for w, _ in times["bare"]]
    floor = statistics.median(bare)
    figures = {}  # name: (median seconds, best seconds, median of the rounds' ratios)
    for name in ("example", "large"):
        for column, label in ((0, "window"), (1, "usable")):
            values = [v[column] for v in times[name]]
            # Each round against its own bare window: load that hits a round hits both.
            ratio = statistics.median(v / b for v, b in zip(values, bare))
            figures[f"{name}_{label}"] = (statistics.median(values), min(values), ratio)
    benchmark.extra_info.update(bare_window_s=floor, **{
        f"{key}_s": round(median, 3) for key, (median, _best, _ratio) in figures.items()})
    print(f"\nunder Xvfb at 1280×720, median (best) of {ROUNDS}: bare PySide6 window "
          f"{floor:.3f} s ({min(bare):.3f} s)")
    for key, (median, best, ratio) in figures.items():
        print(f"  {key.replace('_', ' '):16} {median:.3f} s ({best:.3f} s)  "
              f"{ratio:.2f}× the bare window (median of the rounds' ratios)")
    if FULL:
        first, usable = figures["example_window"], figures["large_usable"]
        assert first[2] <= FIRST_WINDOW_RATIO, (
            f"the first window took {first[2]:.2f}× a bare window "
            f"({first[0]:.3f} s vs {floor:.3f} s)")
        assert usable[2] <= LARGE_USABLE_RATIO, (
            f"the large brief was usable after {usable[2]:.2f}× a bare window "
            f"({usable[0]:.3f} s vs {floor:.3f} s)")
