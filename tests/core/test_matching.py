"""A search hit's place in a source's text: prefix, case and accents ignored, in code points."""

from desktop.core.matching import first_match


def test_accent_insensitive_prefix_after_emoji():
    text = "Flags 🇲🇱🇫🇷 fly. In Malí, troops"
    start, end = first_match(text, "mali")
    assert text[start:end] == "Malí"
    start, end = first_match(text, "TROO")
    assert text[start:end] == "troo"


def test_word_starts_only_earliest_word_and_decomposed_accents():
    assert first_match("Somali, then Mali", "mali") == (13, 17)
    text = "zebra Mali\u0301"
    assert text[slice(*first_match(text, "ZEB mali"))] == "zeb"
    assert text[slice(*first_match(text, "mali"))] == "Mali\u0301"


def test_no_match_in_the_text():
    assert first_match("Only the title matched", "mali") is None
    assert first_match("anything", "  ") is None
