"""Scoring an importer on the real-world corpus: token F1, metadata hits, key sentences.

Token F1 compares the bags of words (case-folded letters and digits) of the extracted and
the expected text, as article-extraction benchmarks do.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter:
    return Counter(t.casefold() for t in _TOKEN.findall(text))


def token_f1(got: str, expected: str) -> float:
    a, b = tokens(got), tokens(expected)
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def html_pages() -> list[dict]:
    """Each page: name, the saved bytes, the expected text and expected metadata."""
    pages = []
    for path in sorted((HERE / "html").glob("*.html.gz")):
        name = path.name[:-len(".html.gz")]
        meta = json.loads((HERE / "html" / f"{name}.meta.json").read_text())
        pages.append({"name": name, "data": gzip.decompress(path.read_bytes()),
                      "expected": (HERE / "html" / f"{name}.expected.txt").read_text(),
                      **meta})
    return pages


def same_words(got: str, expected: str | None) -> bool | None:
    """Whether a metadata value matches the expected one (None: nothing expected)."""
    if not expected:
        return None
    norm = lambda s: " ".join(_TOKEN.findall(s.casefold()))  # noqa: E731
    g, e = norm(got or ""), norm(re.sub(r"^\s*by\s+", "", expected, flags=re.I))
    return bool(g) and (g == e or g in e or e in g)
