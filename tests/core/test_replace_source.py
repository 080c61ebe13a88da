"""Replacing a source's text re-anchors its highlights, keeps orphans, and undoes exactly."""

from __future__ import annotations

import hashlib

import pytest

from desktop.core import edits
from desktop.core.errors import BriefError
from desktop.core.model import SourceInput

OLD = ("The ministry announced on Monday that grain exports would resume next week. "
       "Officials said port capacity remains the main constraint on shipments. "
       "Analysts expect prices to stabilise by the end of the quarter. "
       "A spokesman declined to comment on the naval escort arrangements.")
NEW = ("BREAKING UPDATE. The ministry announced on Monday that grain exports would resume "
       "next week. Officials said port capacity remains the main constraint on shipments. "
       "Analysts expect grain prices to stabilise by the end of this quarter. ")


def _dump(store) -> dict:
    tables = ("sources", "annotations", "annotation_tags", "tags", "evidence", "claims",
              "source_versions", "tombstones", "source_files")
    rows = {t: sorted(map(repr, store.select(t))) for t in tables}
    rows["search"] = sorted(store.conn.execute("SELECT * FROM search").fetchall())
    return rows


def _highlight(store, source_id, quote, note=""):
    start = OLD.index(quote)
    edit = edits.add_annotation(store, source_id, start, start + len(quote), note=note,
                                tags=["t"])
    edit.apply(store)
    return edit.item_id


@pytest.fixture
def source(store):
    edit = edits.add_source(store, SourceInput(text=OLD, title="Wire", original=OLD.encode()))
    edit.apply(store)
    return edit.item_id


def test_statuses_counts_and_versions(store, source):
    exact_id = _highlight(store, source, "The ministry announced")  # at 0: moves
    # Put one passage at an offset the new text keeps: make the new text line up.
    ids = {
        "moved": exact_id,
        "moved2": _highlight(store, source, "port capacity remains the main constraint"),
        "fuzzy": _highlight(store, source, "Analysts expect prices to stabilise by the end"),
        "orphan": _highlight(store, source, "declined to comment on the naval escort",
                             note="keep me"),
    }
    edit = edits.replace_source_text(store, source, SourceInput(text=NEW, original=NEW.encode()))
    edit.apply(store)
    counts = edits.source_anchor_counts(store, source)
    assert counts == {"exact": 0, "moved": 2, "fuzzy": 1, "orphan": 1}
    orphan = store.get("annotations", ids["orphan"])
    assert orphan["status"] == "orphan" and orphan["note"] == "keep me"
    assert orphan["quote"] == "declined to comment on the naval escort"
    moved = store.get("annotations", ids["moved2"])
    assert NEW[moved["start"]:moved["end"]] == moved["quote"]
    fuzzy = store.get("annotations", ids["fuzzy"])
    assert "grain prices" in NEW[fuzzy["start"]:fuzzy["end"]]
    assert edit.warnings and "1 highlight" in edit.warnings[0]
    versions = store.select("source_versions", {"source_id": source})
    assert [v["text"] for v in versions] == [OLD]
    assert store.get("sources", source)["text"] == NEW


def test_exact_when_the_passage_stays_put(store, source):
    ann = _highlight(store, source, "The ministry announced")
    changed = OLD.replace("naval escort", "escort")
    edits.replace_source_text(store, source, SourceInput(text=changed)).apply(store)
    assert edits.source_anchor_counts(store, source)["exact"] == 1
    assert store.get("annotations", ann)["status"] == "exact"


def test_revert_restores_the_database_exactly(store, source):
    _highlight(store, source, "port capacity remains")
    _highlight(store, source, "declined to comment on the naval escort")
    before = _dump(store)
    edit = edits.replace_source_text(store, source, SourceInput(text=NEW, original=b"new"))
    edit.apply(store)
    assert _dump(store) != before
    edit.revert(store)
    assert _dump(store) == before


def test_same_file_or_empty_text_is_refused(store, source):
    with pytest.raises(BriefError, match="already has"):
        edits.replace_source_text(store, source, SourceInput(text=OLD, original=OLD.encode()))
    with pytest.raises(BriefError, match="no text"):
        edits.replace_source_text(store, source, SourceInput(text="  \n"))


def test_delete_source_removes_and_restores_its_versions(store, source):
    edits.replace_source_text(store, source, SourceInput(text=NEW)).apply(store)
    before = _dump(store)
    edit = edits.delete_source(store, source)
    edit.apply(store)
    assert store.count("source_versions") == 0
    edit.revert(store)
    assert _dump(store) == before


def test_metadata_kept_and_empty_fields_filled(store, source):
    edits.update_source(store, source, title="My title").apply(store)
    edits.replace_source_text(store, source, SourceInput(
        text=NEW, title="Wire v2", author="Kim", format="html")).apply(store)
    row = store.get("sources", source)
    assert (row["title"], row["author"], row["format"]) == ("My title", "Kim", "html")


def test_a_new_version_without_an_original_file_has_no_hash(store, source):
    old_sha = store.get("sources", source)["sha256"]
    edit = edits.replace_source_text(store, source, SourceInput(text=NEW, original=None))
    edit.apply(store)
    assert store.get("sources", source)["sha256"] is None
    version = store.select_one("source_versions", {"source_id": source})
    assert version["sha256"] == old_sha and store.source_file(old_sha) == OLD.encode()
    edit.revert(store)
    assert store.get("sources", source)["sha256"] == old_sha


def test_an_earlier_version_counts_as_already_imported(store, source):
    edits.replace_source_text(store, source, SourceInput(text=NEW, original=b"r2")).apply(store)
    with pytest.raises(BriefError, match="earlier version of \"Wire\""):
        edits.add_source(store, SourceInput(text=OLD, title="Again", original=OLD.encode()))


def test_deleting_a_source_keeps_the_originals_other_sources_still_use(store, source):
    # A's earlier version is the file r1 = OLD; B later becomes r1 too (replacing is allowed).
    edits.replace_source_text(store, source, SourceInput(text=NEW, original=b"r2")).apply(store)
    other = edits.add_source(store, SourceInput(text="Other.", title="B", original=b"r3"))
    other.apply(store)
    edits.replace_source_text(store, other.item_id,
                              SourceInput(text=OLD, original=OLD.encode())).apply(store)
    r1 = store.get("sources", other.item_id)["sha256"]
    before = _dump(store)
    edit = edits.delete_source(store, other.item_id)
    edit.apply(store)
    assert store.source_file(r1) == OLD.encode()  # still A's earlier version
    gone = {op.row["sha256"] for op in edit.ops if op.table == "source_files"}
    assert gone == {hashlib.sha256(b"r3").hexdigest()}  # B's own old file only
    edit.revert(store)
    assert _dump(store) == before
