"""Estimative language: every ICD 203 term with every confidence level reads as a reviewed
English sentence; ranges use an en dash and no leading zeros."""

from __future__ import annotations

import re

import pytest

from desktop.core.model import CONFIDENCE, LIKELIHOOD
from desktop.core.queries import estimative_sentence

# Reviewed by reading each aloud after a claim such as "Container traffic will keep falling
# through Q2."
LIKELIHOOD_READS = {
    "almost no chance": "We judge there is almost no chance (1–5%) of this.",
    "very unlikely": "We judge this very unlikely (5–20%).",
    "unlikely": "We judge this unlikely (20–45%).",
    "roughly even chance": "We judge there is a roughly even chance (45–55%) of this.",
    "likely": "We judge this likely (55–80%).",
    "very likely": "We judge this very likely (80–95%).",
    "almost certain": "We judge this almost certain (95–99%).",
}
CONFIDENCE_READS = {
    None: "",
    "low": "We have low confidence in this judgment.",
    "moderate": "We have moderate confidence in this judgment.",
    "high": "We have high confidence in this judgment.",
}


def test_the_table_covers_every_icd_203_term_and_confidence():
    assert list(LIKELIHOOD_READS) == list(LIKELIHOOD)
    assert [c for c in CONFIDENCE_READS if c] == list(CONFIDENCE)


@pytest.mark.parametrize("confidence", list(CONFIDENCE_READS))
@pytest.mark.parametrize("term", list(LIKELIHOOD_READS))
def test_every_term_with_every_confidence(term, confidence):
    text = estimative_sentence(term, confidence)
    assert text == " ".join(x for x in (LIKELIHOOD_READS[term], CONFIDENCE_READS[confidence])
                            if x)
    sentences = re.split(r"(?<=\.) ", text)
    # Likelihood and confidence never share a sentence.
    assert len(sentences) == (2 if confidence else 1)
    assert "confidence" not in sentences[0] and term in sentences[0]
    for sentence in sentences:
        assert sentence[0].isupper() and sentence.endswith(".") and "  " not in sentence
    low, high = re.search(r"\((\d+)–(\d+)%\)", text).groups()
    assert not low.startswith("0") and int(low) < int(high)
    assert "-" not in text


def test_confidence_alone_and_nothing():
    assert estimative_sentence(None, "high") == "We have high confidence in this judgment."
    assert estimative_sentence(None, None) == ""


def test_a_term_from_outside_icd_203_is_shown_as_written():
    assert estimative_sentence("probable", None) == "We judge this probable."
