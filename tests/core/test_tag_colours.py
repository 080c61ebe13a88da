"""Tag colours: a palette people can tell apart and read on, stored per tag, undoable, merged."""

from __future__ import annotations

import itertools
import shutil

import pytest

from desktop.core import edits, queries, tag_colours
from desktop.core.errors import BriefError
from desktop.core.merge import merge_edit, plan_merge
from desktop.core.model import SourceInput
from desktop.core.store import Store
from desktop.core.tag_colours import (HIGHLIGHT_TEXT, MIN_DISTANCE, MIN_TEXT_CONTRAST,
                                      PALETTE, UNTAGGED, contrast_ratio, distance)

# The page a highlight sits on: a light theme's base and the dark base the app's dark
# screenshots (and common dark desktop themes) use.
LIGHT_PAGE, DARK_PAGE = "#ffffff", "#1e1e1e"


def test_contrast_and_distance_sums_match_known_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert distance("#ff0000", "#ff0000") == 0
    assert distance("#000000", "#ffffff") == pytest.approx(100.0, abs=0.01)  # L* 0 to 100


@pytest.mark.parametrize("colour", PALETTE)
def test_highlighted_text_is_readable_on_every_colour(colour):
    assert contrast_ratio(HIGHLIGHT_TEXT, colour) >= MIN_TEXT_CONTRAST


@pytest.mark.parametrize("colour", PALETTE)
def test_every_colour_stands_out_from_light_and_dark_pages(colour):
    assert distance(colour, LIGHT_PAGE) >= 25  # visible as a highlight on white paper
    assert contrast_ratio(colour, DARK_PAGE) >= 4.5  # a bright band on a dark page


def test_no_two_palette_colours_look_alike_nor_like_an_untagged_highlight():
    closest = min(distance(a, b) for a, b in itertools.combinations(PALETTE, 2))
    assert closest >= MIN_DISTANCE
    assert min(distance(UNTAGGED, c) for c in PALETTE) >= MIN_DISTANCE
    assert contrast_ratio(HIGHLIGHT_TEXT, UNTAGGED) >= MIN_TEXT_CONTRAST


def _source(store) -> str:
    edit = edits.add_source(store, SourceInput(text="One two three four five six seven.",
                                               title="S"))
    edit.apply(store)
    return edit.item_id


def test_new_tags_get_distinct_colours_then_the_least_used(store):
    source = _source(store)
    names = [f"tag {i}" for i in range(len(PALETTE) + 1)]
    ann = edits.add_annotation(store, source, 0, 3)
    ann.apply(store)
    # "US policy" and "security" once looked alike (hash pastels); now any two differ.
    edits.set_annotation_tags(store, ann.item_id, ["US policy", "security"]).apply(store)
    for name in names:
        edits.set_annotation_tags(store, ann.item_id, ["US policy", "security", name]).apply(store)
    tags = {t["name"]: t for t in queries.tags(store)}
    assert distance(tags["US policy"]["colour"], tags["security"]["colour"]) >= MIN_DISTANCE
    first_round = [tags[n]["colour"] for n in ["US policy", "security"] + names[:len(PALETTE) - 2]]
    assert sorted(first_round) == sorted(PALETTE)  # every colour used once before any twice
    assert tags["US policy"]["count"] == 1 and tags[names[0]]["count"] == 0


def test_older_tags_without_a_colour_still_get_distinct_ones(store):
    rows = [{"id": f"t{i}", "color": "", "created": f"2024-01-0{i + 1}"} for i in range(3)]
    rows.append({"id": "chosen", "color": PALETTE[1].upper(), "created": "2023-01-01"})
    colours = tag_colours.effective_colours(rows)
    assert colours["chosen"] == PALETTE[1]
    assert [colours[f"t{i}"] for i in range(3)] == [PALETTE[0], PALETTE[2], PALETTE[3]]


def test_changing_a_tag_colour_is_undoable_and_checked(store):
    source = _source(store)
    ann = edits.add_annotation(store, source, 0, 3)
    ann.apply(store)
    edits.set_annotation_tags(store, ann.item_id, ["energy"]).apply(store)
    tag = queries.tags(store)[0]
    edit = edits.set_tag_colour(store, tag["id"], "#4DB6AC")
    changes = edit.apply(store)
    assert changes.touches("tags")
    assert queries.tags(store)[0]["colour"] == "#4db6ac"
    edit.revert(store)
    assert queries.tags(store)[0]["colour"] == tag["colour"]
    for bad in ("red", "#12345", "", "#gggggg"):
        with pytest.raises(BriefError):
            edits.set_tag_colour(store, tag["id"], bad)


def test_a_colour_changed_in_one_copy_survives_the_merge(tmp_path, brief_path):
    with Store.open(brief_path, user="base") as base:
        source = _source(base)
        ann = edits.add_annotation(base, source, 0, 3)
        ann.apply(base)
        edits.set_annotation_tags(base, ann.item_id, ["energy"]).apply(base)
    there = tmp_path / "there.brief"
    shutil.copyfile(brief_path, there)
    with Store.open(there, user="Ben") as b:
        tag_id = queries.tags(b)[0]["id"]
        edits.set_tag_colour(b, tag_id, "#b39ddb").apply(b)
    with Store.open(brief_path, user="Ana") as a, Store.open(there, user="Ben") as b:
        plan = plan_merge(a, b)
        assert not plan.conflicts
        merge_edit(a, plan).apply(a)
        assert queries.tags(a)[0]["colour"] == "#b39ddb"


def test_highlights_across_sources_filtered_by_tag_grade_stance_and_claim(store):
    first = _source(store)
    second = edits.add_source(store, SourceInput(text="Alpha beta gamma delta.", title="T",
                                                 reliability="B"))
    second.apply(store)
    made = {}
    for name, source, span in (("a", first, (0, 3)), ("b", first, (4, 7)),
                               ("c", second.item_id, (0, 5)), ("d", second.item_id, (6, 10))):
        edit = edits.add_annotation(store, source, *span)
        edit.apply(store)
        made[name] = edit.item_id
    edits.set_annotation_tags(store, made["a"], ["energy"]).apply(store)
    edits.set_annotation_tags(store, made["d"], ["energy", "security"]).apply(store)
    edits.update_annotation(store, made["d"], credibility=2).apply(store)
    claim = edits.add_claim(store, "Claim")
    claim.apply(store)
    edits.link_evidence(store, claim.item_id, made["b"], stance="contradicts").apply(store)
    edits.link_evidence(store, claim.item_id, made["d"], stance="supports").apply(store)
    energy = next(t["id"] for t in queries.tags(store) if t["name"] == "energy")

    def ids(**filters):
        return [made_name[h["id"]] for h in queries.highlights(store, **filters)]

    made_name = {v: k for k, v in made.items()}
    assert ids() == ["a", "b", "c", "d"]
    assert ids(tag=energy) == ["a", "d"]  # across both sources
    assert ids(grade="B2") == ["d"] and ids(grade="B") == ["c", "d"]
    assert ids(stance="contradicts") == ["b"]
    assert ids(claim=claim.item_id) == ["b", "d"]
    assert ids(tag=energy, claim=claim.item_id) == ["d"]
    row = queries.highlights(store, grade="B2")[0]
    assert (row["source_title"], row["grade"], row["stances"]) == ("T", "B2", ["supports"])
