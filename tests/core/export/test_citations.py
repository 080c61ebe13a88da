"""The wording of footnotes, source entries and annex rows (pure functions)."""

from __future__ import annotations

from desktop.core.export import citations

SOURCE = {"id": "s1", "title": "Port traffic slumps", "author": "Jane Doe",
          "outlet": "The Economist", "published": "2024-03-01", "url": "https://example.org/p",
          "accessed": "2024-03-05", "reliability": "B"}
EVIDENCE = {"stance": "supports", "quote": "Volumes fell.", "grade": "B2", "note": ""}


def _text(segments):
    return "".join(t for t, _i in segments)


def test_full_footnote():
    segments = citations.footnote(EVIDENCE, SOURCE, "p. 4")
    assert _text(segments) == ("Jane Doe, “Port traffic slumps,” The Economist, 2024-03-01, "
                               "p. 4: “Volumes fell.” Grade B2.")
    assert ("The Economist", True) in segments


def test_sparse_source_and_unpunctuated_quote():
    evidence = {**EVIDENCE, "stance": "contradicts", "quote": "volumes rose",
                "note": "weighed lightly"}
    text = _text(citations.footnote(evidence, {"title": ""}))
    assert text == "But see: “Untitled source”: “volumes rose”. Grade B2. weighed lightly."


def test_no_quote():
    evidence = {**EVIDENCE, "quote": "", "stance": "context"}
    assert _text(citations.footnote(evidence, {"title": "T", "outlet": "O"})) == \
        "See also: “T,” O. Grade B2."


def test_clean_removes_xml_invalid_characters_and_line_breaks():
    assert citations.clean("a\x00b\x0bc\x0c d\ufffe\n e") == "ab c d e"
    assert citations.clean(None) == ""


def test_source_entry_and_sorting():
    segments, url, tail = citations.source_entry(SOURCE)
    assert _text(segments) == "Jane Doe. “Port traffic slumps.” The Economist, 2024-03-01. "
    assert url == "https://example.org/p"
    assert tail == " (accessed 2024-03-05). Source reliability B: usually reliable."
    segments, url, tail = citations.source_entry({"title": "Memo.", "reliability": "F"})
    assert (_text(segments), url) == ("“Memo.” ", "")
    assert tail == "Source reliability F: reliability cannot be judged."
    unsorted = [{"id": "2", "title": "beta"}, {"id": "1", "title": "Zed", "author": "Adams"},
                {"id": "3", "title": "Alpha"}]
    assert [s["id"] for s in sorted(unsorted, key=citations.sort_key)] == ["1", "3", "2"]


def test_annex_row():
    assert citations.annex_row(EVIDENCE, SOURCE, "p. 4") == (
        "Supports", "Volumes fell.", "Jane Doe, Port traffic slumps, p. 4", "B2")
