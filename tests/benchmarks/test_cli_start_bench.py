"""``brief`` as a user starts it: whole processes, each beside the floor measured in the
same run, Python itself opening the same brief with sqlite3 and counting its schema rows.

Each round runs the floor, ``brief info`` on the generated brief, ``brief --version`` and
``brief --help``, one after the other, so all see the same machine load; the medians and
their ratios to the floor are reported. At full size (``BRIEF_BENCH_FULL=1``, the large
brief) ``brief info`` must take at most 4× the floor (issue 14).

Each process is the venv's own interpreter (``sys.executable``, never a pyenv shim) with
``-m desktop.cli``, as the ``brief`` console script runs it. Bytecode is cached as in an
installed copy (pip compiles it), in a temporary folder: PYTHONDONTWRITEBYTECODE would
otherwise make every round compile the whole package from source.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

from benchkit import FULL, REPO

ROUNDS = 9 if FULL else 1
INFO_TARGET_RATIO = 4.0


def _time(argv: list[str], env: dict) -> float:
    import time

    began = time.perf_counter()
    subprocess.run(argv, cwd=REPO, env=env, check=True, capture_output=True)
    return time.perf_counter() - began


def _session(brief, pycache, rounds: int) -> dict[str, list[float]]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    floor = ("import sqlite3; sqlite3.connect(%r).execute("
             "'select count(*) from sqlite_master').fetchall()" % str(brief))
    runs = {"floor": [sys.executable, "-c", floor],
            "info": [sys.executable, "-m", "desktop.cli", "info", str(brief)],
            "version": [sys.executable, "-m", "desktop.cli", "--version"],
            "help": [sys.executable, "-m", "desktop.cli", "--help"]}
    times: dict[str, list[float]] = {name: [] for name in runs}
    for round_ in range(rounds + 1):  # the first round compiles bytecode: not counted
        for name, argv in runs.items():
            seconds = _time(argv, env)
            if round_:
                times[name].append(seconds)
    return times


def test_brief_info_version_and_help_beside_python_opening_the_brief(benchmark, bench_brief,
                                                                      tmp_path):
    times = benchmark.pedantic(_session, args=(bench_brief, tmp_path / "pycache", ROUNDS),
                               rounds=1)
    assert all(len(t) == ROUNDS for t in times.values())
    medians = {name: statistics.median(t) for name, t in times.items()}
    ratios = {name: medians[name] / medians["floor"] for name in medians}
    benchmark.extra_info.update({f"{name}_s": round(m, 4) for name, m in medians.items()})
    benchmark.extra_info.update({f"{name}_ratio": round(r, 2) for name, r in ratios.items()})
    print(f"\nwhole processes, median of {ROUNDS}: python opening the brief with sqlite3 "
          f"{medians['floor'] * 1000:.0f} ms; "
          + "; ".join(f"brief {name} {medians[name] * 1000:.0f} ms ({ratios[name]:.2f}×)"
                      for name in ("info", "version", "help")))
    if FULL:
        assert ratios["info"] <= INFO_TARGET_RATIO, (
            f"brief info took {ratios['info']:.2f}× the floor ({medians['info'] * 1000:.0f} ms "
            f"vs {medians['floor'] * 1000:.0f} ms)")
