"""A brief written at schema version 2 opens, upgrades to the current schema, and keeps data."""

from __future__ import annotations

import shutil
from pathlib import Path

from desktop.core import edits
from desktop.core.model import SourceInput
from desktop.core.store import Store
from desktop.core.store.schema import MIGRATIONS

FIXTURE = Path(__file__).parent / "fixtures" / "v2.brief"


def test_v2_brief_upgrades_and_keeps_its_items(tmp_path):
    path = tmp_path / "old.brief"
    shutil.copyfile(FIXTURE, path)
    with Store.open(path, user="t") as store:
        assert store.schema_version == len(MIGRATIONS) >= 3
        assert store.count("source_versions") == 0
        source = store.select("sources")[0]
        assert source["title"] == "Grain report"
        ann = store.select("annotations")[0]
        assert ann["quote"] == "Port capacity"
        assert store.count("evidence") == 1
        assert store.integrity_problems() == []
        # The new table works on the upgraded file.
        edit = edits.replace_source_text(store, source["id"], SourceInput(
            text="Wheat exports fell in March.\n\nPort capacity remains the main constraint.",
            original=b"v2 text"))
        edit.apply(store)
        assert store.count("source_versions") == 1
    with Store.open(path, readonly=True) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store.select("annotations")[0]["status"] == "exact"
