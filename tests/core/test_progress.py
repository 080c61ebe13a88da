"""Long core work reports progress and stops when cancelled, changing and writing nothing."""

from __future__ import annotations

import pytest

from desktop.core import edits, share
from desktop.core.errors import BriefError, Cancelled
from desktop.core.export import export_docx
from desktop.core.merge import plan_merge
from desktop.core.tables import SYNCED as ORDER
from desktop.core.progress import Steps
from desktop.core.store import Store


@pytest.fixture
def two_copies(tmp_path, brief_path):
    with Store.open(brief_path, user="base") as base:
        for n in range(30):
            edits.add_claim(base, f"Claim {n}").apply(base)
        section = base.select("memo_sections", order_by=["position"])[0]["id"]
        for n in range(20):
            edits.add_block(base, section, text=f"Paragraph {n}").apply(base)
        here = share.copy_brief(base, tmp_path / "here.brief")
    with Store.open(brief_path, user="there") as there:
        edits.add_claim(there, "Added there").apply(there)
    return here, brief_path


def test_steps_report_each_step_and_stop_when_cancelled():
    seen, stop = [], []
    steps = Steps(3, lambda done, total: seen.append((done, total)), lambda: bool(stop))
    steps()
    steps(2)
    stop.append(True)
    with pytest.raises(Cancelled):
        steps()
    assert seen == [(1, 3), (3, 3)]
    assert not issubclass(Cancelled, BriefError)  # nothing went wrong: no error message


def test_planning_a_merge_reports_every_step_up_to_the_total(two_copies):
    here, there = two_copies
    seen = []
    with Store.open(here, readonly=True) as mine, Store.open(there, readonly=True) as other:
        plan = plan_merge(mine, other, lambda done, total: seen.append((done, total)))
    assert [c.theirs["statement"] for c in plan.added] == ["Added there"]
    total = 2 * len(ORDER) + 2
    assert seen == [(n, total) for n in range(1, total + 1)]


@pytest.mark.parametrize("at", [1, 2 * len(ORDER) + 1])
def test_planning_a_merge_stops_when_cancelled(two_copies, at):
    here, there = two_copies
    seen = []
    with Store.open(here, readonly=True) as mine, Store.open(there, readonly=True) as other:
        with pytest.raises(Cancelled):
            plan_merge(mine, other, lambda done, total: seen.append(done),
                       lambda: len(seen) >= at)
    assert seen == list(range(1, at + 1))


def test_a_cancelled_export_writes_nothing(two_copies, tmp_path):
    here, _ = two_copies
    out = tmp_path / "out"
    out.mkdir()
    seen = []
    with Store.open(here, readonly=True) as store:
        with pytest.raises(Cancelled):
            export_docx(store, out / "memo.docx", progress=lambda d, t: seen.append(d),
                        cancelled=lambda: len(seen) >= 5)
    assert seen == [1, 2, 3, 4, 5] and list(out.iterdir()) == []
