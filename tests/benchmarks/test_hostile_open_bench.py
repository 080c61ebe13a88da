"""Opening a brief that holds one very large but legal value (what a stranger's SQLite tool
can store; the opening checks read every value once, tests/core/test_hostile_files.py): the
cost grows with the value's size, nothing worse. Two floors, measured in the same run:
opening the same brief without the value, and reading the file's bytes once.

Target, checked at full size (``BRIEF_BENCH_FULL=1 python -m pytest
tests/benchmarks/test_hostile_open_bench.py --benchmark-enable``, a 64 MB value): < 0.5 s
(measured 36 ms beside 5 ms to open the brief without it and 54 ms to read the file).
Each open is writable, so the checks run in full every round (verified.py never remembers a
file opened for writing).
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from benchkit import FULL, check_target
from desktop.core import edits, queries
from desktop.core.store import Store

ROUNDS = 5 if FULL else 1
VALUE_MB = 64 if FULL else 4
CLAIMS = 20


@pytest.fixture(scope="module")
def briefs(tmp_path_factory):
    """(the plain brief, the same brief with one claim's statement VALUE_MB long)."""
    folder = tmp_path_factory.mktemp("hostile-open")
    plain = folder / "plain.brief"
    with Store.create(plain, title="Plain", user="bench") as store:
        for i in range(CLAIMS):
            edits.add_claim(store, f"Claim {i}: exports recover.").apply(store)
    big = folder / "big-value.brief"
    shutil.copyfile(plain, big)
    conn = sqlite3.connect(big)
    conn.execute("UPDATE claims SET statement = ? WHERE rowid = (SELECT min(rowid) FROM claims)",
                 ["x" * VALUE_MB * 1_000_000])
    conn.commit()
    conn.close()
    return plain, big


def _open(path) -> int:
    with Store.open(path, user="bench") as store:
        return queries.info(store)["claims"]


def test_open_a_brief_holding_one_huge_value(benchmark, briefs):
    assert benchmark.pedantic(_open, args=(briefs[1],), rounds=ROUNDS) == CLAIMS
    check_target(benchmark, 0.5)


def test_floor_open_the_same_brief_without_it(benchmark, briefs):
    assert benchmark.pedantic(_open, args=(briefs[0],), rounds=ROUNDS) == CLAIMS


def test_floor_read_the_file_once(benchmark, briefs):
    data = benchmark.pedantic(briefs[1].read_bytes, rounds=ROUNDS)
    assert len(data) > VALUE_MB * 1_000_000
