"""Reading a reviewed copy back: the export benchmark's memo (300 placed claims, 1,500 notes
at full size) with a comment and a tracked replacement on every third claim, read with its
identity marks and without them (matched by text), against python-docx merely opening the
same file as the floor. ``BRIEF_BENCH_FULL=1 python -m pytest
tests/benchmarks/test_review_bench.py --benchmark-enable`` for the real figures."""

from __future__ import annotations

import sys
from pathlib import Path

import docx
import pytest
from test_export_bench import CLAIMS, FULL, big_memo  # noqa: F401  (the fixture)

from desktop.core import review
from desktop.core.export import export_docx
from desktop.core.review import listing

sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "review"))
from reviewing import Package, remove_marks, track_replace, word_comment  # noqa: E402

ROUNDS = 5 if FULL else 1
EXPECTED = 2 * len(range(0, CLAIMS, 3))  # a comment and a replacement on every third claim


@pytest.fixture(scope="module")
def reviewed(big_memo, tmp_path_factory):  # noqa: F811
    folder = tmp_path_factory.mktemp("review-bench")
    result = export_docx(big_memo, folder / "memo.docx", annex=False)
    review.record_export(big_memo, result.record, result.path).apply(big_memo)
    pkg = Package(result.path)
    for n in range(0, CLAIMS, 3):
        p = pkg.paragraph(startswith=f"Claim {n}:")
        track_replace(pkg, p, "shipments", "grain shipments")
        word_comment(pkg, p, "summer", "Which summer?")
    marked = pkg.save(folder / "reviewed.docx")
    bare = Package(marked)
    remove_marks(bare)
    return marked, bare.save(folder / "bare.docx")


def _items(store, path):
    edit, report = review.import_review(store, path.read_bytes(), path.name)
    return report


def test_floor_python_docx_opens_the_reviewed_copy(benchmark, reviewed):
    benchmark.pedantic(docx.Document, args=(str(reviewed[0]),), rounds=ROUNDS)


def test_read_review_by_marks(benchmark, big_memo, reviewed):  # noqa: F811
    report = benchmark.pedantic(_items, args=(big_memo, reviewed[0]), rounds=ROUNDS)
    assert report.matched == "marks"  # what this times: not a fall-back to the text
    assert len(report.added) == EXPECTED and report.counts()["unplaced"] == 0


def test_read_review_by_text(benchmark, big_memo, reviewed):  # noqa: F811
    report = benchmark.pedantic(_items, args=(big_memo, reviewed[1]), rounds=ROUNDS)
    assert report.matched == "text"
    assert len(report.added) == EXPECTED and report.counts()["unplaced"] == 0


def test_list_open_items_with_their_state(benchmark, big_memo, reviewed):  # noqa: F811
    edit, _report = review.import_review(big_memo, reviewed[0].read_bytes(), "reviewed.docx")
    edit.apply(big_memo)
    rows = benchmark.pedantic(listing.items, args=(big_memo,), rounds=ROUNDS)
    assert len(rows) == EXPECTED
    edit.revert(big_memo)
