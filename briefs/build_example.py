"""Build ``briefs/example.brief``, the brief a newcomer sees on first launch.

Run from anywhere: ``python briefs/build_example.py [OUTPUT]`` (default: ``example.brief``
next to this script). Everything goes through the core API — ``Store.create``,
``importers.load_path`` and ``edits.*(...).apply(store)`` — so the example is exactly what
the app itself would write. The result is the same on every run apart from ids and
timestamps; an existing output file is replaced only once the new one is complete.

The three source texts in ``sources/`` were written for this example. Their outlets and
authors are fictional and marked "(example)" so nobody mistakes them for real publications.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(HERE.parent))

from desktop.core import edits  # noqa: E402
from desktop.core.anchoring import find_quote  # noqa: E402
from desktop.core.errors import BriefError  # noqa: E402
from desktop.core.importers import load_path  # noqa: E402
from desktop.core.model import now  # noqa: E402
from desktop.core.store import Store  # noqa: E402

SOURCE_DIR = HERE / "sources"
DEFAULT_OUTPUT = HERE / "example.brief"
USER = "Example Analyst"
ACCESSED = "2025-11-12"

TITLE = "US re-engagement with Mali: minerals, security and limits (example)"
AUTHOR = "Sahel Analysis Team (example)"

# key: (file, metadata). Grades: a news report B, a promotional trade newsletter D, a
# think-tank commentary C — so the checks have different reliabilities to weigh.
SOURCES = {
    "monitor": ("sahel-monitor-washington-bamako.txt", dict(
        title="Washington tests a working relationship with Bamako",
        author="Staff correspondent (example)", outlet="Sahel Monitor (example)",
        published="2025-11-03",
        url="https://sahel-monitor.example.org/2025/11/washington-bamako-talks",
        reliability="B")),
    "markets": ("resource-markets-sahel-minerals.txt", dict(
        title="Sahel lithium and gold: why Washington is back at the table",
        author="R. Mensah (example)", outlet="Resource Markets Weekly (example)",
        published="2025-11-06",
        url="https://resource-markets.example.org/notes/sahel-lithium-gold",
        reliability="D")),
    "forum": ("dakar-forum-minerals-case-weaker.txt", dict(
        title="The minerals case for engaging the Sahel juntas is weaker than it looks",
        author="O. Sy (example)", outlet="Dakar Policy Forum (example)",
        published="2025-11-10",
        url="https://dakar-policy-forum.example.org/commentary/sahel-minerals-case",
        reliability="C")),
}

# key: (source, exact quote, tags, credibility 1-6, note)
HIGHLIGHTS = {
    "visit": ("monitor", "the most senior American visit since the army took power in the "
              "coups of 2020 and 2021", ["US policy"], 1,
              "Level of the visit is the signal; no agreement signed."),
    "agenda": ("monitor", "the sharing of counterterrorism information, the conditions under "
               "which American companies could invest in Mali's mining sector",
               ["security", "minerals"], 2, "Agenda as described by people familiar with it."),
    "africa_corps": ("monitor", "now through the Russian defence ministry's Africa Corps, have "
                     "been in Mali since 2021 and guard sites around the capital",
                     ["Russia", "security"], 1, ""),
    "framework": ("monitor", "the American delegation floated a framework under which US firms "
                  "and development finance could take part in future projects",
                  ["minerals", "investment climate"], 3, "Two people present; not confirmed "
                  "by either government."),
    "judge_by": ("monitor", "would judge Washington by what it delivers, above all intelligence "
                 "and equipment, rather than by its statements", ["security"], 2,
                 "What Bamako wants from the US."),
    "waiver": ("monitor", "Any resumption of security assistance would require either a legal "
               "waiver or a credible election timetable, and neither appears close.",
               ["US policy", "security"], 2, "European diplomats' view."),
    "motive": ("markets", "in our reading the motive is plain: minerals. Everything else on "
               "the agenda is secondary.", ["minerals"], 4,
               "Assertion, no sourcing; newsletter talks its own book."),
    "within_year": ("markets", "A US-backed financing package for a mining or processing "
                    "project in Mali is likely within twelve months", ["forecast", "minerals"],
                    4, "Forecast; compare the forum's view of the investment climate."),
    "operators_clash": ("markets", "several Western operators have clashed with the authorities "
                        "over back taxes and export permits", ["investment climate"], 2,
                        "Conceded by a source keen on the opening."),
    "isolation": ("forum", "five years of keeping the juntas at a distance did not bring "
                  "elections closer and did cost the United States influence", ["US policy"], 2,
                  "Why the old policy is being dropped; matches the Monitor."),
    "chinese_owned": ("forum", "The most valuable lithium deposit in Mali is already owned and "
                      "financed by a Chinese producer, which also buys its output.",
                      ["minerals"], 2, ""),
    "miner_dispute": ("forum", "a Canadian gold miner saw its gold stocks seized, staff detained "
                      "and its largest mine placed under state administration",
                      ["investment climate"], 2, "Widely reported dispute; settled later."),
    "security_driver": ("forum", "Officials who talk privately about the visit speak first about "
                        "intelligence and only then about mining.", ["security", "US policy"],
                        3, "Unsourced but consistent with the Monitor's agenda."),
    "russia_grown": ("forum", "its presence has grown, not shrunk", ["Russia"], 2, ""),
    "barred": ("forum", "most security assistance remains barred while the coup governments "
               "stay in power", ["US policy", "security"], 1, "Statutory restriction."),
}

# key: (statement, likelihood, confidence, section)
CLAIMS = {
    "shift": ("Washington has moved from isolating the Sahel juntas to pragmatic engagement, "
              "beginning with Mali.", "almost certain", "high", "Bottom line"),
    "minerals": ("Access to critical minerals is a major driver of the US re-engagement with "
                 "Mali.", "roughly even chance", "low", "Bottom line"),
    "no_deals": ("US companies will not take significant new mining stakes in Mali within the "
                 "next two years.", "likely", "moderate", "Analysis"),
    "russia": ("Russia will remain Bamako's main security partner over the next year.",
               "very likely", "high", "Analysis"),
    "intel_first": ("Counterterrorism information-sharing will be the first area of practical "
                    "US-Mali cooperation.", "likely", "low", "Analysis"),
    "no_assistance": ("Washington will not resume direct security assistance to Mali within "
                      "the next twelve months.", "likely", "moderate", "Outlook"),
}

# (claim, highlight, stance, note)
EVIDENCE = [
    ("shift", "visit", "supports", ""),
    ("shift", "isolation", "supports", ""),
    ("minerals", "framework", "supports", ""),
    ("minerals", "motive", "supports", ""),
    ("minerals", "agenda", "context", "Minerals were one of three agenda items, not the only "
     "one."),
    ("minerals", "security_driver", "contradicts", "Weighed: the forum's reading matches the "
     "Monitor's agenda order, and the newsletter's claim is unsourced; hence an even chance "
     "at low confidence rather than \"likely\"."),
    ("no_deals", "chinese_owned", "supports", ""),
    ("no_deals", "miner_dispute", "supports", ""),
    ("no_deals", "operators_clash", "supports", ""),
    ("no_deals", "within_year", "contradicts", "Weighed: a D-graded trade newsletter with an "
     "interest in the opening; it names no project or lender. Its own text concedes the "
     "mining-code and security obstacles."),
    ("russia", "africa_corps", "supports", ""),
    ("russia", "russia_grown", "supports", ""),
    ("intel_first", "judge_by", "supports", ""),
    ("no_assistance", "waiver", "supports", ""),
    ("no_assistance", "barred", "supports", ""),
    ("no_assistance", "security_driver", "context", ""),
]

MEMO_HEADER = dict(
    memo_to="Director, Africa Policy Unit (example)",
    memo_from="Sahel Analysis Team (example)",
    memo_date="12 November 2025",
    subject="US re-engagement with Mali's military government: minerals, security and limits",
    classification="UNCLASSIFIED//FOR EXAMPLE ONLY",
)

# section: [paragraph or ("claim", key)] in order
MEMO = {
    "Bottom line": [
        "The United States has opened a **working channel** with Mali's military government. "
        "The shift is real, but the minerals payoff that much commentary expects is thin; the "
        "engagement is better read as a bid to recover *security* visibility in the Sahel.",
        ("claim", "shift"),
        ("claim", "minerals"),
    ],
    "Background": [
        "After the coups of 2020 and 2021 Washington kept Bamako at a distance: most security "
        "assistance is barred by law, and public pressure focused on a return to civilian "
        "rule. Mali, Burkina Faso and Niger have since formed the Alliance of Sahel States and "
        "left ECOWAS, while Russia's Africa Corps has replaced the Wagner group in Mali.",
        "A senior State Department official's visit to Bamako this month, the most senior "
        "since the coups, covered counterterrorism information, mining investment and "
        "scaled-back programmes. Nothing was signed.",
    ],
    "Analysis": [
        "Reporting agrees that the visit happened and that isolation had failed; it disagrees "
        "on **why** Washington came back. A trade newsletter (graded D) calls minerals the "
        "whole story; a think-tank commentary (C) and the news report's agenda (B) put "
        "security first. We side with the better-graded sources.",
        ("claim", "no_deals"),
        ("claim", "russia"),
        ("claim", "intel_first"),
    ],
    "Outlook": [
        "Expect *slow, technical* contacts rather than announcements. Legal limits on aid to "
        "coup governments narrow what Washington can offer, and the junta says it will judge "
        "partners by delivery.",
        ("claim", "no_assistance"),
    ],
    "Recommendations": [
        "**Judge the engagement by security outcomes**: better warning of attacks in the "
        "tri-border area and protection of the coastal states, not by mining announcements.",
        "**Treat minerals as a long-term option.** Track the mining code's implementing rules "
        "and the settlement of disputes with foreign miners before advising on any financing.",
        "**Seek a second source** on the intelligence-sharing agenda before raising confidence "
        "in that judgment.",
    ],
}


def _tick() -> None:
    """Wait until the millisecond clock moves, so rows created in order sort in order.

    Sources and claims are listed by (created, id); two rows in the same millisecond would
    otherwise be ordered by their random ids and the example would differ between builds.
    """
    start = now()
    while now() == start:
        pass


def _apply(store: Store, edit: edits.Edit) -> str | None:
    _tick()
    edit.apply(store)
    return edit.item_id


def _locate(text: str, quote: str, where: str) -> int:
    start = find_quote(text, quote)
    if start < 0:
        raise BriefError(f"highlight not found in {where}: {quote!r}")
    if find_quote(text, quote, 2) >= 0:
        raise BriefError(f"highlight occurs twice in {where}: {quote!r}")
    return start


def build(output: str | Path = DEFAULT_OUTPUT) -> dict:
    """Write the example brief to ``output`` (replacing it) and return its item counts."""
    output = Path(output)
    partial = output.with_name(output.name + ".partial")
    partial.unlink(missing_ok=True)
    store = Store.create(partial, title=TITLE, author=AUTHOR, user=USER)
    try:
        source_ids, texts = {}, {}
        for key, (name, meta) in SOURCES.items():
            loaded = load_path(SOURCE_DIR / name)
            source = dataclasses.replace(loaded, accessed=ACCESSED, **meta)
            source_ids[key] = _apply(store, edits.add_source(store, source))
            texts[key] = store.get("sources", source_ids[key])["text"]

        highlight_ids = {}
        for key, (src, quote, tags, credibility, note) in HIGHLIGHTS.items():
            start = _locate(texts[src], quote, SOURCES[src][0])
            highlight_ids[key] = _apply(store, edits.add_annotation(
                store, source_ids[src], start, start + len(quote), note=note,
                credibility=credibility, tags=tags))

        claim_ids = {key: _apply(store, edits.add_claim(store, statement, likelihood=likelihood,
                                                        confidence=confidence))
                     for key, (statement, likelihood, confidence, _) in CLAIMS.items()}

        for claim, highlight, stance, note in EVIDENCE:
            _apply(store, edits.link_evidence(store, claim_ids[claim], highlight_ids[highlight],
                                              stance=stance, note=note))

        _apply(store, edits.set_memo_header(store, **MEMO_HEADER))
        sections = {s["title"]: s["id"] for s in store.select("memo_sections")}
        for title, blocks in MEMO.items():
            for block in blocks:
                if isinstance(block, tuple):
                    edit = edits.add_block(store, sections[title], claim_id=claim_ids[block[1]])
                else:
                    edit = edits.add_block(store, sections[title], text=block)
                _apply(store, edit)
        counts = counts_of(store)
    finally:
        store.close()
    os.replace(partial, output)
    return counts


def counts_of(store: Store) -> dict:
    """The item counts the build prints and the test compares."""
    tables = ("sources", "annotations", "tags", "claims", "evidence", "memo_blocks")
    counts = {t: store.count(t) for t in tables}
    for stance in ("supports", "contradicts", "context"):
        counts[stance] = len(store.select("evidence", {"stance": stance}, columns=["id"]))
    counts["placed_claims"] = len(store.select("memo_blocks", {"kind": "claim"},
                                               columns=["id"]))
    return counts


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0].startswith("-")):
        print("usage: python briefs/build_example.py [OUTPUT.brief]", file=sys.stderr)
        return 2
    output = Path(args[0]) if args else DEFAULT_OUTPUT
    counts = build(output)
    print(output)
    for name, value in counts.items():
        print(f"{name.replace('_', ' ')}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
