"""What the benchmarks share: the size in use and the comparison with a target."""

from __future__ import annotations

import os
from pathlib import Path

import generate

FULL = os.environ.get("BRIEF_BENCH_FULL") == "1"
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SIZE = generate.LARGE if FULL else generate.SMALL


def check_target(benchmark, seconds: float) -> None:
    """At full size with timing enabled, the median must beat the target."""
    stats = getattr(benchmark, "stats", None)
    if not FULL or stats is None or benchmark.disabled:
        return
    median = stats.stats.median
    assert median < seconds, (f"median {median * 1000:.1f} ms misses the "
                              f"{seconds * 1000:.0f} ms target")
