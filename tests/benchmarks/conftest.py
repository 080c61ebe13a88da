"""Benchmark fixtures: synthetic briefs built once per test session, and the targets.

Without ``BRIEF_BENCH_FULL=1`` every benchmark runs once on the SMALL brief (pytest runs with
``--benchmark-disable``), so the suite cannot rot. With it, the LARGE brief is built once and
shared by every benchmark (``BRIEF_BENCH_BRIEF=FILE`` reuses one made earlier with
``python tests/benchmarks/generate.py FILE``); ``benchkit.check_target`` then compares the
median with the issue's target. Only full-size runs compare times.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # generate.py and benchkit.py

import generate  # noqa: E402
from benchkit import SIZE  # noqa: E402


@pytest.fixture(scope="session")
def bench_brief(tmp_path_factory) -> Path:
    """The generated brief (LARGE at full size, else SMALL), closed; never change it."""
    path = tmp_path_factory.mktemp("bench-brief") / "bench.brief"
    reuse = os.environ.get("BRIEF_BENCH_BRIEF")
    if reuse:
        shutil.copyfile(reuse, path)
    else:
        generate.build(path, SIZE).close()
    return path


@pytest.fixture
def bench_copy(bench_brief, tmp_path) -> Path:
    """A private copy of the generated brief that a test may change."""
    path = tmp_path / "copy.brief"
    shutil.copyfile(bench_brief, path)
    return path
