"""Quotes match the way users copy them; the match is always the source's own text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core import edits, queries
from desktop.core.anchoring import find_span, make_anchor, reanchor, resolve
from desktop.core.matching import first_match
from desktop.core.model import SourceInput
from desktop.core.quotes import fold

SOURCE = ("The \u201cagreement\u201d had been\ndrafted by the admi-\nnistration\u2019s "
          "of\ufb01cials,\u00a0in  2024, and the com\u00admittee\u2019s re\u00adport \u2014 "
          "state - owned ports included.")


@pytest.mark.parametrize("quote, expected", [
    ('"agreement" had been drafted', "\u201cagreement\u201d had been\ndrafted"),
    ("administration's officials, in 2024",
     "admi-\nnistration\u2019s of\ufb01cials,\u00a0in  2024"),
    ("admi-nistration's", "admi-\nnistration\u2019s"),
    ("admi- nistration", "admi-\nnistration"),
    ("committee's report", "com\u00admittee\u2019s re\u00adport"),
    ("state - owned", "state - owned"),
    ("  had  been \n drafted ", "had been\ndrafted"),
])
def test_a_copied_quote_finds_the_source_text(quote, expected):
    start, end = find_span(SOURCE, quote)
    assert SOURCE[start:end] == expected


def test_words_that_differ_do_not_match():
    assert find_span(SOURCE, "the agreement was drafted") is None
    assert find_span(SOURCE, "stateowned") is None  # a spaced dash is not a hyphen
    assert find_span(SOURCE, "AGREEMENT") is None  # case counts for a quote


def test_occurrences_count_folded_matches():
    text = "the port\nreopened. Later the port reopened again."
    first, second = find_span(text, "the port reopened"), find_span(text, "the port reopened", 2)
    assert text[first[0]:first[1]] == "the port\nreopened"
    assert second == (text.rindex("the port"), text.rindex("reopened") + len("reopened"))
    assert find_span(text, "the port reopened", 3) is None


@given(st.text(max_size=60))
def test_fold_maps_every_character_back_into_the_text(text):
    folded, origin = fold(text)
    assert len(origin) == len(folded)
    assert list(origin) == sorted(origin) and all(0 <= i < len(text) for i in origin)


def test_reader_find_selects_a_pasted_sentence_ignoring_case():
    start, end = first_match(SOURCE, '"AGREEMENT" had been drafted')
    assert SOURCE[start:end] == "\u201cagreement\u201d had been\ndrafted"
    # Not there as a whole (the source has quotation marks): the earliest word, as before.
    assert first_match(SOURCE, "The Agreement had been drafted") == (0, 3)
    start, end = first_match(SOURCE, "committee's")  # one word, copied with a plain quote
    assert SOURCE[start:end] == "com\u00admittee\u2019s"


def test_reanchor_after_line_breaks_vanish_is_a_move_to_the_new_text():
    old = "Officials said the agreement\nhad been drafted in May."
    anchor = make_anchor(old, old.index("the"), old.index(" in May"))
    new = "Preface. Officials said the agreement had been drafted in May."
    fresh, found = reanchor(anchor, new)
    assert found.status == "moved"
    assert fresh.quote == "the agreement had been drafted"


def test_fuzzy_reanchor_snaps_to_words_and_cites_the_new_text():
    old = "Mali has deepened its security partnership with Russia since 2021."
    anchor = make_anchor(old, old.index("has"), old.index(" since"))
    new = "Mali had further deepened its security partnership with Moscow since 2021."
    fresh, found = reanchor(anchor, new)
    assert found.status == "fuzzy"
    assert fresh.quote == new[found.start:found.end]
    words = new.split()
    assert fresh.quote.split()[0] in words and fresh.quote.split()[-1] in words
    assert resolve(make_anchor(new, found.start, found.end), new).status == "exact"


def test_changed_highlight_is_listed_by_check_until_confirmed(store):
    old = "Mali has deepened its security partnership with Russia since 2021. " * 2
    edit = edits.add_source(store, SourceInput(text=old, title="Wire"))
    edit.apply(store)
    source = edit.item_id
    ann = edits.add_annotation(store, source, old.index("deepened"), old.index(" since"))
    ann.apply(store)
    new = old.replace("with Russia", "with Moscow")
    edits.replace_source_text(store, source, SourceInput(text=new)).apply(store)
    row = store.get("annotations", ann.item_id)
    assert row["status"] == "fuzzy" and "Moscow" in row["quote"]
    assert [c["kind"] for c in queries.checks(store)] == ["changed-highlight"]
    confirm = edits.confirm_annotation(store, ann.item_id)
    confirm.apply(store)
    assert queries.checks(store) == []
    confirm.revert(store)
    assert store.get("annotations", ann.item_id)["status"] == "fuzzy"
