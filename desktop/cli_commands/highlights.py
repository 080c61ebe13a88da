"""Commands on highlights and claims: highlight a quote, confirm one, write a claim, link
evidence to it, list them."""

from __future__ import annotations

from ..core import queries
from ..core.errors import BriefError
from ..core.text import normalise
from .common import clip, emit, find_section, open_store


def annotate(args) -> int:
    from ..core import edits
    from ..core.anchoring import find_span

    with open_store(args) as store:
        source_id = store.resolve_id("sources", args.source)
        text = store.get("sources", source_id)["text"]
        quote = normalise(args.quote)
        if args.occurrence < 1:
            raise BriefError("--occurrence counts from 1")
        # As copied: line breaks, hyphens, curly quotes may differ; the source's text is kept.
        span = find_span(text, quote, args.occurrence)
        if span is None:
            nth = "" if args.occurrence == 1 else f" {args.occurrence} times"
            raise BriefError(f"the quote does not occur{nth} in the source's text")
        start, end = span
        edit = edits.add_annotation(store, source_id, start, end,
                                    note=args.note or "", credibility=args.credibility,
                                    tags=args.tag or ())
        edit.apply(store)
    print(edit.item_id)
    return 0


def confirm(args) -> int:
    """Keep a highlight whose words changed when its source was replaced, as it now reads;
    or mark a source whose import raised a doubt as checked."""
    from ..core import edits

    with open_store(args) as store:
        try:
            item = store.resolve_id("annotations", args.item)
            edit = edits.confirm_annotation(store, item)
        except BriefError:
            try:
                item = store.resolve_id("sources", args.item)
            except BriefError:
                raise BriefError(f"no highlight or source with id {args.item}") from None
            edit = edits.confirm_source(store, item)
        edit.apply(store)
    return 0


def annotations(args) -> int:
    with open_store(args, readonly=True) as store:
        source = store.resolve_id("sources", args.source) if args.source else None
        rows = queries.annotations(store, source)
    keys = ("id", "source", "quote", "start", "end", "status", "note", "tags", "credibility",
            "location")
    emit(args, [{k: r[k] for k in keys} for r in rows],
         [f"{r['id'][:8]}  {r['status']:<6}  “{clip(r['quote'])}”"
          + (f"  [{', '.join(r['tags'])}]" if r["tags"] else "") for r in rows])
    return 0


def claim(args) -> int:
    from ..core import edits

    with open_store(args) as store:
        section = find_section(store, args.section)["id"] if args.section else None
        edit = edits.add_claim(store, args.text, likelihood=args.likelihood,
                               confidence=args.confidence, section_id=section)
        edit.apply(store)
    print(edit.item_id)
    return 0


def link(args) -> int:
    from ..core import edits

    with open_store(args) as store:
        claim_id = store.resolve_id("claims", args.claim)
        annotation = store.resolve_id("annotations", args.annotation)
        edit = edits.link_evidence(store, claim_id, annotation, stance=args.stance,
                                   note=args.note or "")
        edit.apply(store)
    print(edit.item_id)
    return 0


def claims(args) -> int:
    with open_store(args, readonly=True) as store:
        rows = queries.claims(store)
    lines = []
    for c in rows:
        judgment = ", ".join(x for x in (c["likelihood"], c["confidence"] and
                                         f"{c['confidence']} confidence") if x)
        lines.append(f"{c['id'][:8]}  {c['text']}" + (f"  ({judgment})" if judgment else ""))
        lines += [f"    {e['stance']:<11} {e['grade']}  “{clip(e['quote'])}” — "
                  f"{e['source_title']}" for e in c["evidence"]]
    emit(args, rows, lines)
    return 0
