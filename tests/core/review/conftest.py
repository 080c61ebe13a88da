"""A sample memo exported and recorded, ready for reviewers."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.core import queries, review
from desktop.core.export import export_docx

sys.path.insert(0, str(Path(__file__).parent))  # reviewing.py, the reviewers' tools


def _export_fixtures():
    """The export tests' sample memo (their conftest, loaded under a name of its own)."""
    path = Path(__file__).parents[1] / "export" / "conftest.py"
    spec = importlib.util.spec_from_file_location("export_sample_memo", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


build_sample = _export_fixtures().build_sample


@dataclass
class Exported:
    store: object
    path: Path          # the memo as exported
    sample: object      # conftest_export.SampleMemo
    record: object

    @property
    def prose_block(self) -> str:
        return next(b["id"] for s in queries.memo(self.store)["sections"]
                    for b in s["blocks"] if b["kind"] == "prose")


@pytest.fixture
def sample_builder():
    """build_sample(store, dirty="") of the export tests."""
    return build_sample


@pytest.fixture
def exported(store, tmp_path) -> Exported:
    sample = build_sample(store)
    result = export_docx(store, tmp_path / "memo.docx")
    review.record_export(store, result.record, result.path).apply(store)
    return Exported(store, result.path, sample, result.record)
