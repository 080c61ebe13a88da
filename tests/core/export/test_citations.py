"""The wording of footnotes, source entries and annex rows (pure functions)."""

from __future__ import annotations

import pytest

from desktop.core.export import citations

SOURCE = {"id": "s1", "title": "Port traffic slumps", "author": "Jane Doe",
          "outlet": "The Economist", "published": "2024-03-01", "url": "https://example.org/p",
          "accessed": "2024-03-05", "reliability": "B"}
EVIDENCE = {"stance": "supports", "quote": "Volumes fell.", "grade": "B2", "note": ""}
NBSP = "\u00a0"


def _text(segments):
    return "".join(t for t, _i in segments)


def test_full_footnote():
    segments = citations.footnote(EVIDENCE, SOURCE, "p. 4")
    assert _text(segments) == ("Jane Doe, “Port traffic slumps,” The Economist, 1 March 2024, "
                               f"p.{NBSP}4: “Volumes fell.” Grade B2.")
    assert ("The Economist", True) in segments


def test_first_note_full_later_notes_short():
    house = citations.HouseStyle(dates="mdy")
    first = _text(house.note(EVIDENCE, SOURCE, "p. 4"))
    later = _text(house.note({**EVIDENCE, "quote": "Ships waited."}, SOURCE, "¶ 5"))
    assert first.startswith("Jane Doe, “Port traffic slumps,” The Economist, March 1, 2024,")
    assert later == f"Doe, “Port traffic slumps,” ¶{NBSP}5: “Ships waited.” Grade B2."
    long = {"id": "s2", "title": "The minerals case for engaging the Sahel juntas",
            "author": "Ministry of Transport"}
    house.note(EVIDENCE, long)
    assert _text(house.note(EVIDENCE, long)).startswith(
        "Ministry of Transport, “minerals case for engaging”: ")


def test_american_punctuation_inside_quotes_colon_outside():
    evidence = {**EVIDENCE, "stance": "contradicts", "quote": "volumes rose",
                "note": "weighed lightly"}
    text = _text(citations.footnote(evidence, {"title": ""}))
    assert text == "But see: “Untitled source”: “volumes rose.” Grade B2. weighed lightly."


def test_no_quote_ends_inside_the_title_quotes():
    evidence = {**EVIDENCE, "quote": "", "stance": "context"}
    assert _text(citations.footnote(evidence, {"title": "T", "outlet": "O"})) == \
        "See also: “T,” O. Grade B2."
    assert _text(citations.footnote(evidence, {"title": "T"})) == "See also: “T.” Grade B2."


def test_generated_text_has_typographic_quotes_the_note_keeps_its_own():
    source = {**SOURCE, "title": "Mali's \"new\" junta", "author": "Jane O'Neil"}
    evidence = {**EVIDENCE, "quote": 'He said "no".', "note": "Analyst's 'view'"}
    text = _text(citations.footnote(evidence, source))
    assert "Jane O’Neil, “Mali’s ‘new’ junta,”" in text
    assert ": “He said ‘no’.”" in text
    assert text.endswith(" Analyst's 'view'.")
    assert "'" not in text.replace("Analyst's 'view'", "")


@pytest.mark.parametrize("memo_date, published, accessed", [
    ("12 November 2025", "1 March 2024", "5 March 2024"),
    ("November 12, 2025", "March 1, 2024", "March 5, 2024"),
    ("2025-11-12", "2024-03-01", "2024-03-05"),
    ("", "1 March 2024", "5 March 2024"),
])
def test_one_date_style_from_the_memo(memo_date, published, accessed):
    dates = citations.date_style(memo_date)
    note = _text(citations.footnote(EVIDENCE, SOURCE, dates=dates))
    assert f", {published}: " in note
    segments, _url, tail = citations.source_entry(SOURCE, dates)
    assert f"{published}. " in _text(segments) and f"(accessed {accessed})" in tail


def test_partial_and_unreadable_dates():
    assert citations.format_date("2024-03", "mdy") == "March 2024"
    assert citations.format_date("2024", "dmy") == "2024"
    assert citations.format_date("spring 2024", "dmy") == "spring 2024"
    assert citations.format_date("2024-02-30", "dmy") == "2024-02-30"


def test_location_sign_is_tied_to_its_number():
    assert citations.location("p. 4") == f"p.{NBSP}4"
    assert citations.location("pp. 4–5") == f"pp.{NBSP}4–5"
    assert citations.location("¶ 12") == f"¶{NBSP}12"
    assert citations.location("") == ""
    assert citations.annex_row(EVIDENCE, SOURCE, "¶ 5")[2].endswith(f"¶{NBSP}5")


def test_clean_removes_xml_invalid_characters_and_line_breaks():
    assert citations.clean("a\x00b\x0bc\x0c d\ufffe\n e") == "ab c d e"
    assert citations.clean(None) == ""
    assert citations.clean(f"p.{NBSP}4") == f"p.{NBSP}4"


def test_source_entry_inverts_a_persons_name():
    segments, url, tail = citations.source_entry(SOURCE)
    assert _text(segments) == "Doe, Jane. “Port traffic slumps.” The Economist, 1 March 2024. "
    assert url == "https://example.org/p"
    assert tail == " (accessed 5 March 2024). Source reliability B: usually reliable."
    segments, url, tail = citations.source_entry({"title": "Memo.", "reliability": "F"})
    assert (_text(segments), url) == ("“Memo.” ", "")
    assert tail == "Source reliability F: reliability cannot be judged."
    segments, _url, _tail = citations.source_entry({"title": "T", "author": "R. Mensah"})
    assert _text(segments).startswith("Mensah, R. “T.”")


@pytest.mark.parametrize("author, person", [
    ("Jane Doe", ("Doe", "Jane")), ("R. Mensah (example)", ("Mensah", "R.")),
    ("Doe, Jane", ("Doe", "Jane")), ("Jane Doe and John Roe", ("Doe", "Jane")),
    ("Ludwig van Beethoven", ("van Beethoven", "Ludwig")),
    ("Reuters", None), ("Ministry of Transport", None), ("BBC News", None),
    ("Staff correspondent (example)", None), ("International Crisis Group", None), ("", None),
])
def test_person_or_organisation(author, person):
    assert citations.person_name(author) == person


def test_sources_sort_by_surname_organisations_as_written():
    sources = [
        {"id": "1", "title": "Zed", "author": "Adam Young"},
        {"id": "2", "title": "beta"},
        {"id": "3", "title": "Alpha", "author": "Ministry of Transport"},
        {"id": "4", "title": "Gamma", "author": "Zoe Baker"},
        {"id": "5", "title": "Delta", "author": "Émile Durand"},
        {"id": "6", "title": "Epsilon", "author": "Zoe Baker"},
    ]
    ordered = [s["id"] for s in sorted(sources, key=citations.sort_key)]
    assert ordered == ["6", "4", "2", "5", "3", "1"]


def test_grade_key_explains_letters_and_numbers():
    key = citations.grade_key()
    assert "A completely reliable" in key and "F reliability cannot be judged" in key
    assert "1 confirmed by other sources" in key and "6 truth cannot be judged" in key


def test_annex_row():
    assert citations.annex_row(EVIDENCE, SOURCE, "p. 4") == (
        "Supports", "Volumes fell.", f"Jane Doe, Port traffic slumps, p.{NBSP}4", "B2")
