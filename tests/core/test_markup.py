"""The memo's Markdown subset round-trips through runs, and hand-typed text reads sensibly."""

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.markup import normalise, parse, plain, to_markdown


def test_parse_bold_and_italic():
    assert parse("We **judge** this *likely*.") == [
        ("We ", False, False), ("judge", True, False), (" this ", False, False),
        ("likely", False, True), (".", False, False)]


def test_parse_bold_italic_and_nesting():
    assert parse("***both***") == [("both", True, True)]
    assert parse("**a *b* c**") == [("a ", True, False), ("b", True, True),
                                    (" c", True, False)]


def test_lone_and_spaced_asterisks_are_literal():
    assert parse("2 * 3 = 6") == [("2 * 3 = 6", False, False)]
    assert parse("a *b") == [("a *b", False, False)]
    assert parse("footnote*") == [("footnote*", False, False)]


def test_escapes():
    assert parse(r"\*not italic\* and a \\ backslash") == [
        ("*not italic* and a \\ backslash", False, False)]
    assert to_markdown([("2*3_x\\", True, False)]) == r"**2\*3\_x\\**"


def test_whitespace_stays_outside_markers():
    assert to_markdown([("Hello ", True, False), ("world", False, False)]) == "**Hello** world"
    assert to_markdown([("a", False, False), (" b ", False, True), ("c", False, False)]) \
        == "a *b* c"


def test_format_changes_are_written_as_transitions():
    runs = [("a", True, False), ("b", True, True), ("c", True, False), ("d", False, True),
            ("e", False, False)]
    # One marker at each change, nested: bold opens once around a-c with italic inside it
    # around b (not each run wrapped on its own, "**a**___b___**c**..."). The italic after
    # the closing ** is written with _ (** then * would be one delimiter run), and the
    # letter after its closing _ as an entity, since an intraword _ cannot close.
    assert to_markdown(runs) == "**a*b*c**_d_&#101;"
    assert parse(to_markdown(runs)) == runs


def test_crossing_formats_reopen_with_underscores():
    runs = [("a", True, False), ("b", True, True), ("c", False, True), (" d", False, False)]
    assert to_markdown(runs) == "**a*b***_c_ d"
    assert parse(to_markdown(runs)) == runs


def test_plain_and_empty():
    assert plain("**Bold** and *it*") == "Bold and it"
    assert parse("") == [] and to_markdown([]) == ""


def test_emoji_and_newlines():
    runs = [("Flag 🇺🇦 ", False, False), ("e\u0301t\u00e9", True, False),
            ("\nnext line", False, False)]
    assert parse(to_markdown(runs)) == normalise(runs)


# Word-level formatting (what analysts do): each run set off by spaces, any text inside.
words = st.text(alphabet="ab*_\\.()😀\u0301", min_size=1, max_size=5)
run = st.tuples(words, st.booleans(), st.booleans())


@given(st.lists(run, max_size=8))
def test_round_trip_word_level(runs):
    spaced = [(f" {text} " if i else f"{text} ", b, i_) for i, (text, b, i_) in enumerate(runs)]
    assert parse(to_markdown(spaced)) == normalise(spaced)


@given(st.text(alphabet="ab *_\\ ", max_size=20))
def test_parse_never_loses_letters(text):
    kept = plain(text)
    assert [c for c in kept if c in "ab"] == [c for c in text if c in "ab"]


def test_emphasis_beside_punctuation_stays_emphasis():
    # CommonMark's flanking rules: "Mali**(2024)**" is not bold, it shows its asterisks.
    for runs in ([("Mali", False, False), ("(2024)", True, False)],
                 [("(2024)", False, True), ("x", False, False)],
                 [("a", True, False), ("b", True, True), ("c", False, True),
                  ("d", False, False)]):
        markdown = to_markdown(runs)
        assert "*" not in plain(markdown) and "_" not in plain(markdown)
        assert parse(markdown) == runs


def test_spaces_beside_line_breaks_are_kept():
    for text in ("a \nb", "a\n b", "a  \n\t b", "line\n "):
        assert parse(to_markdown([(text, False, False)])) == [(text, False, False)]


def test_leading_quote_marker_is_text():
    assert to_markdown([(">50% of voters\n> more", False, False)]).startswith("\\>")
    assert parse(to_markdown([(">50%\n>x", False, False)])) == [(">50%\n>x", False, False)]


# Any text and any formatting, including punctuation beside the emphasis markers.
any_text = st.text(alphabet="ab .,()!?'\"*_\\>&#;\n\t😀\u00e9\u0301\u00a0", min_size=1,
                   max_size=6)


@given(st.lists(st.tuples(any_text, st.booleans(), st.booleans()), max_size=8))
def test_round_trip_any_runs(runs):
    assert parse(to_markdown(runs)) == normalise(runs)


@given(st.text(max_size=30))
def test_plain_text_shortcut_reads_as_markdown_it_does(text):
    # parse() skips markdown-it for text with no markup character (the app's first window
    # does not wait for it to load): what it returns must be what markdown-it would read.
    from desktop.core.markup import parse_with_markdown_it

    assert parse(text) == parse_with_markdown_it(text)


# Emphasis as analysts type it: words and markers, with what may stand beside the markers.
starry_text = st.lists(st.tuples(
    st.text(alphabet="ab1 .,:()'\"-!?\t\u00e9\u00a0\u2019😀_&", max_size=5),
    st.sampled_from(["*", "**", " *", "* ", "** ", ""])), max_size=6).map(
        lambda parts: "".join(words + stars for words, stars in parts))


@settings(max_examples=1000)
@given(starry_text)
def test_simple_emphasis_reads_as_markdown_it_does(text):
    # parse() reads plain ``*``/``**`` pairs itself: what it returns must be what
    # markdown-it would read.
    from desktop.core.markup import parse_with_markdown_it

    assert parse(text) == parse_with_markdown_it(text)


def test_simple_emphasis_is_read_without_markdown_it():
    from desktop.core.markup import _simple_emphasis

    text = ("**Judge the engagement by security outcomes**: expect *slow, technical* "
            "contacts, not **announcements.** (2024)")
    assert _simple_emphasis(text) == [
        ("Judge the engagement by security outcomes", True, False),
        (": expect ", False, False), ("slow, technical", False, True),
        (" contacts, not ", False, False), ("announcements.", True, False),
        (" (2024)", False, False)]
    # Markers that might open or close, nested or unpaired: left to markdown-it.
    for text in ("a*b*c", "*a **b** c*", "**a*", "2 * 3", "**a** b_c", "*é’*"):
        assert _simple_emphasis(text) is None, text


def test_characters_classed_without_markdown_it_are_classed_as_markdown_it_does():
    # Emphasis beside a letter, digit, space, tab or ASCII punctuation is read (and written)
    # without loading markdown-it: each such character must be of the class it would give.
    from markdown_it.common import utils

    from desktop.core.markup import _plain_kind

    wrong = []
    for code in range(0x110000):
        ch = chr(code)
        kind = _plain_kind(ch)
        if kind is None:
            continue
        real = ("space" if utils.isWhiteSpace(code) else
                "punct" if utils.isMdAsciiPunct(code) or utils.isPunctChar(ch) else "letter")
        if kind != real:
            wrong.append((hex(code), kind, real))
    assert wrong == []
