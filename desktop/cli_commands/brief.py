"""Commands on the brief as a whole: create it, describe it, search it, check it."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core import queries
from ..core.store import Store
from ..core.users import current_user
from .common import emit, open_store, print_json, warn


def new(args) -> int:
    path = Path(args.brief)
    if path.suffix != ".brief":
        print(f"warning: {path.name} does not end in .brief", file=sys.stderr)
    Store.create(path, title=args.title or path.stem, author=args.author or "",
                 user=current_user()).close()
    print(path)
    return 0


def info(args) -> int:
    # The display-only open (see store/display.py): only what info prints is checked, and
    # nothing read this way reaches any other command. Every other command opens fully.
    from ..core.store.display import brief_info

    data, notices = brief_info(args.brief)
    warn(notices)
    emit(args, data, [f"{k.replace('_', ' ')}: {v}" for k, v in data.items()])
    return 0


def search(args) -> int:
    with open_store(args, readonly=True) as store:
        hits = queries.search(store, args.query)
    emit(args, hits, [f"{h['kind']:<10} {h['id'][:8]}  {' '.join(h['snippet'].split())}"
                      for h in hits])
    return 0


def check(args) -> int:
    """The file's integrity, its search index (repairable), and pre-export warnings."""
    repaired = []
    with open_store(args, readonly=not args.repair) as store:
        problems = store.integrity_problems()
        index = store.search_index_problems()
        if index and args.repair and not problems:
            store.rebuild_search_index()
            repaired, index = index, store.search_index_problems()
        warnings = queries.checks(store)
    if getattr(args, "json", False):
        print_json({"sound": not problems and not index, "problems": problems,
                    "repairable": index, "repaired": repaired, "warnings": warnings})
    else:
        for p in problems:
            print(f"damaged: {p}")
        for p in index:
            print(f"repairable: {p}")
        for p in repaired:
            print(f"repaired: {p}; the search index was rebuilt")
        for w in warnings:
            print(f"warning: {w['message']} ({w['id'][:8]})")
        if not problems and not index:
            print("ok: the file is sound" + (f"; {len(warnings)} warning(s)" if warnings else ""))
    name = Path(args.brief).name
    if problems:
        print(f"error: {name} is damaged", file=sys.stderr)
        return 1
    if index:
        print(f"error: {name}'s search index is damaged; `brief check {args.brief} --repair` "
              "rebuilds it", file=sys.stderr)
        return 1
    return 0
