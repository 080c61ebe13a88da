"""Synthetic briefs of a given size, built through the core API (never committed).

``build(path, size)`` makes a brief with ``size.sources`` sources of about
``size.source_chars`` characters (the first one ``size.big_chars`` long, carrying
``size.big_annotations`` of the highlights: the reader benchmark's source), highlights spread
over them, claims with evidence links, and a memo with placed claims. Everything goes through
the same edits the app uses, a few thousand to a transaction, so that a large brief builds
in reasonable time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from desktop.core import edits, queries
from desktop.core.model import CONFIDENCE, LIKELIHOOD, SourceInput
from desktop.core.store import Store

WORDS = ("the ministry said exports of grain lithium gold and uranium rose after talks in "
         "Bamako Niamey Ouagadougou while officials doubted security guarantees from partners "
         "analysts expect prices to fall as insurers raise premiums for shipping through the "
         "corridor despite sanctions aid suspensions and diplomatic isolation of the junta "
         "café réseau économie 🌍 mines convoys elections transition").split()


@dataclass(frozen=True)
class Size:
    sources: int
    source_chars: int
    annotations: int
    claims: int
    links: int
    placed: int
    big_chars: int
    big_annotations: int


SMALL = Size(sources=5, source_chars=2_000, annotations=40, claims=10, links=30, placed=6,
             big_chars=6_000, big_annotations=12)
LARGE = Size(sources=1_000, source_chars=20_000, annotations=20_000, claims=1_000,
             links=5_000, placed=300, big_chars=300_000, big_annotations=1_000)


def article(rng: random.Random, chars: int) -> str:
    lines, total = [], 0
    while total < chars:
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40))).capitalize() + "."
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)


def build(path: str | Path, size: Size, seed: int = 7, batch: int = 5_000) -> Store:
    """Create the brief at ``path`` and return it open."""
    rng = random.Random(seed)
    store = Store.create(path, title="Benchmark brief", author="Generator", user="bench")
    source_ids: list[str] = []
    texts: dict[str, str] = {}

    def batched(make_edits, count):
        made = []
        for first in range(0, count, batch):
            with store.transaction():
                for i in range(first, min(first + batch, count)):
                    edit = make_edits(i)
                    if edit is not None:
                        edit.apply(store)
                        made.append(edit.item_id)
        return made

    def add_source(i):
        text = article(rng, size.big_chars if i == 0 else size.source_chars)
        edit = edits.add_source(store, SourceInput(
            text=text, title=f"Report {i}: {rng.choice(WORDS)} {rng.choice(WORDS)}",
            author=f"Author {i % 37}", outlet=f"Outlet {i % 23}",
            published=f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
            reliability="ABCDEF"[i % 6], original=f"original {i}".encode()))
        texts[edit.item_id] = text
        return edit

    source_ids = batched(add_source, size.sources)

    def add_annotation(i):
        source = (source_ids[0] if i < size.big_annotations
                  else source_ids[1 + i % (len(source_ids) - 1)])
        text = texts[source]
        start = rng.randrange(0, max(1, len(text) - 80))
        end = start + rng.randint(20, 80)
        while end > start and not text[start:end].strip():
            end -= 1
        return edits.add_annotation(store, source, start, end, credibility=1 + i % 6,
                                    tags=[f"tag{i % 20}"], note=f"note {i}")

    annotation_ids = batched(add_annotation, size.annotations)

    def add_claim(i):
        return edits.add_claim(store, f"Claim {i}: " + " ".join(rng.choice(WORDS)
                                                               for _ in range(12)),
                               likelihood=list(LIKELIHOOD)[i % len(LIKELIHOOD)],
                               confidence=CONFIDENCE[i % 3])

    claim_ids = batched(add_claim, size.claims)
    pairs = set()

    def link(i):
        pair = (claim_ids[i % len(claim_ids)], rng.choice(annotation_ids))
        if pair in pairs:
            return None
        pairs.add(pair)
        return edits.link_evidence(store, *pair, stance=("supports", "supports",
                                                         "contradicts", "context")[i % 4])

    batched(link, size.links)
    sections = [s["id"] for s in store.select("memo_sections", order_by=["position"])]

    def place(i):
        return edits.add_block(store, sections[i % len(sections)], claim_id=claim_ids[i])

    batched(place, min(size.placed, len(claim_ids)))
    assert queries.info(store)["sources"] == size.sources
    return store


if __name__ == "__main__":  # python tests/benchmarks/generate.py OUT.brief [small]
    import sys
    import time

    began = time.perf_counter()
    build(sys.argv[1], SMALL if sys.argv[2:] == ["small"] else LARGE).close()
    print(f"built {sys.argv[1]} in {time.perf_counter() - began:.1f} s")
