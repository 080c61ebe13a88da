"""A small memo built through the core edits, and helpers to read an exported .docx back."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

import pytest
from lxml import etree

from desktop.core import edits, queries
from desktop.core.model import SourceInput

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

PORT_TEXT = ("Container volumes fell 12 per cent in March. Officials blamed the strike at the "
             "northern terminal.")
MINISTRY_TEXT = "Volumes actually rose in March, the ministry said in a statement."


@dataclass
class SampleMemo:
    store: object
    claim: str          # the claim with three evidence links
    bare_claim: str     # a placed claim with no evidence
    sections: dict


def _apply(store, edit):
    edit.apply(store)
    return edit.item_id


def build_sample(store, *, dirty: str = "") -> SampleMemo:
    """A memo with a header, prose, one evidenced claim (supports, contradicts, context),
    one claim without evidence and two sources. ``dirty`` is appended to every piece of
    text the analyst types, to test characters XML cannot hold."""
    port = _apply(store, edits.add_source(store, SourceInput(
        text=PORT_TEXT, title="Port traffic slumps" + dirty, author="Jane Doe" + dirty,
        outlet="The Economist" + dirty, published="2024-03-01", url="https://example.org/ports",
        accessed="2024-03-05", reliability="B", locations=[[0, "p. 4"], [45, "p. 5"]])))
    ministry = _apply(store, edits.add_source(store, SourceInput(
        text=MINISTRY_TEXT, title="Ministry statement" + dirty, outlet="Ministry of Transport",
        published="2024-03-02", reliability="C")))
    fell = _apply(store, edits.add_annotation(store, port, 0, 44, credibility=2))
    strike = _apply(store, edits.add_annotation(store, port, 45, len(PORT_TEXT) - 1,
                                                note="context" + dirty))
    rose = _apply(store, edits.add_annotation(store, ministry, 0, 30, credibility=4))
    sections = {s["title"]: s["id"] for s in queries.memo(store)["sections"]}
    _apply(store, edits.set_memo_header(
        store, memo_to="The Minister" + dirty, memo_from="Policy Unit", memo_date="1 April 2024",
        subject="Port traffic outlook" + dirty, classification="OFFICIAL-SENSITIVE" + dirty))
    _apply(store, edits.add_block(store, sections["Bottom line"],
                                  text="Port traffic is **falling**, and *fast*." + dirty))
    claim = _apply(store, edits.add_claim(
        store, "Container traffic will keep falling through Q2" + dirty, likelihood="likely",
        confidence="moderate", section_id=sections["Analysis"]))
    _apply(store, edits.link_evidence(store, claim, rose, stance="contradicts",
                                      note="Ministry figures exclude transshipment" + dirty))
    _apply(store, edits.link_evidence(store, claim, strike, stance="context"))
    _apply(store, edits.link_evidence(store, claim, fell))
    bare = _apply(store, edits.add_claim(store, "The strike ends in April",
                                         section_id=sections["Outlook"]))
    return SampleMemo(store, claim, bare, sections)


@pytest.fixture
def sample(store) -> SampleMemo:
    return build_sample(store)


def part_xml(path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def texts(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def footnote_texts(path) -> dict[int, str]:
    """Numbered footnotes' text by id."""
    root = part_xml(path, "word/footnotes.xml")
    return {int(n.get(f"{W}id")): texts(n) for n in root.findall(f"{W}footnote")
            if n.get(f"{W}type") is None}


def validate(path) -> list[str]:
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator().validate(str(path))
    return [str(e) for e in result.errors]


@pytest.fixture
def ooxml():
    """Helpers for reading an exported package (conftest functions are not importable
    under --import-mode=importlib)."""
    import types

    return types.SimpleNamespace(part_xml=part_xml, texts=texts, footnote_texts=footnote_texts,
                                 validate=validate, W=W, build_sample=build_sample)
