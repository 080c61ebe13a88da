"""Anchors survive changed texts: exact, moved, fuzzy, or a visible orphan."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop.core.anchoring import find_quote, make_anchor, reanchor, resolve

WORDS = ["grain", "export", "Sahel", "café", "réseau", "مالي", "🌍", "e\u0301", "lithium",
         "policy", "the", "of", "and", "👩‍🔬", "minerals", "Bamako", "security"]
words = st.lists(st.sampled_from(WORDS), min_size=3, max_size=40).map(" ".join)
# Surrounding text that shares no word with quotes, so no near-copy of a quote competes.
FILLER = ["alpha", "beta", "gamma", "delta", "zeta", "ωmega", "北京"]
filler = st.lists(st.sampled_from(FILLER), min_size=3, max_size=40).map(" ".join)
noise = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


def test_exact_at_same_place():
    text = "Mali holds vast reserves of gold 🌍, lithium and uranium."
    anchor = make_anchor(text, 11, 24)
    assert anchor.quote == "vast reserves"
    assert resolve(anchor, text).status == "exact"


def test_positions_count_code_points_with_emoji_and_combining_marks():
    text = "🌍👩‍🔬 cafe\u0301 said: the corridor matters."
    start = text.index("the corridor")
    anchor = make_anchor(text, start, start + len("the corridor"))
    assert text[anchor.start:anchor.end] == "the corridor"
    moved = resolve(anchor, "🌍" + text)
    assert (moved.status, moved.start) == ("moved", start + 1)


def test_repeated_quote_chooses_occurrence_by_context():
    text = "First, the troops left. Later, after talks, the troops left again."
    second = find_quote(text, "the troops left", 2)
    anchor = make_anchor(text, second, second + len("the troops left"))
    changed = "Preface. " + text.replace("First,", "At first,")
    found = resolve(anchor, changed)
    assert found.status == "moved"
    assert found.start == find_quote(changed, "the troops left", 2)


def test_fuzzy_tolerates_small_edits_and_orphans_unrelated_text():
    text = "Analysts note that the visit could mark a more flexible approach in the Sahel."
    start = text.index("the visit")
    anchor = make_anchor(text, start, text.index(" in the Sahel"))
    edited = text.replace("could mark", "may mark")
    found = resolve(anchor, edited)
    assert found.status == "fuzzy" and found.score >= 0.75
    assert edited[found.start:found.end].startswith("the visit")
    assert resolve(anchor, "Completely different words about fisheries.").status == "orphan"


def test_short_quotes_are_not_guessed():
    anchor = make_anchor("a gold b", 2, 6)
    assert resolve(anchor, "a bold b").status == "orphan"


def test_reanchor_keeps_orphans_unchanged():
    anchor = make_anchor("one two three four five", 4, 13)
    new, found = reanchor(anchor, "nothing alike at all here")
    assert found.status == "orphan" and new == anchor


@settings(max_examples=150, deadline=None)
@given(before=words, quote=words, after=words, inserted=noise)
def test_text_inserted_outside_the_quote_keeps_it_exact_or_moved(before, quote, after,
                                                                 inserted):
    text = f"{before} {quote} {after}"
    start = len(before) + 1
    anchor = make_anchor(text, start, start + len(quote))
    changed = inserted + text
    found = resolve(anchor, changed)
    assert found.status in ("exact", "moved")
    assert changed[found.start:found.end] == quote


@settings(max_examples=150, deadline=None)
@given(before=filler, quote=words, after=filler, cut=st.integers(0, 10 ** 6),
       insert=st.sampled_from(["x", "é", "🌍", "ab"]))
def test_a_small_edit_inside_a_long_quote_is_found_fuzzily(before, quote, after, cut, insert):
    assume(len(quote) >= 40)
    text = f"{before} | {quote} | {after}"
    start = len(before) + 3
    anchor = make_anchor(text, start, start + len(quote))
    at = start + cut % len(quote)
    changed = text[:at] + insert + text[at + 1:]
    found = resolve(anchor, changed)
    assert found.status in ("exact", "moved", "fuzzy")
    # The match overlaps where the quote now sits.
    assert found.start < start + len(quote) + len(insert) and found.end > start


@settings(max_examples=100, deadline=None)
@given(text=words, data=st.data())
def test_any_selection_round_trips(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    anchor = make_anchor(text, start, end)
    assert anchor.quote == text[start:end]
    assert resolve(anchor, text).status == "exact"
