"""What every command shares: opening the brief named on the command line, reading a
source argument, and printing (text lines, or ``--json``).

Kept light on purpose: every command loads this module, so it imports only the store.
"""

from __future__ import annotations

import sys

from ..core.errors import BriefError
from ..core.store import Store
from ..core.users import current_user


def open_store(args, *, readonly: bool = False) -> Store:
    store = Store.open(args.brief, readonly=readonly, user=current_user())
    warn(store.notices)  # side files set aside or ignored while opening
    return store


def read_source(args):
    """The SourceInput named by ``args.file`` (``-`` reads standard input; an http(s)
    address is downloaded)."""
    from ..core.importers import load, load_path

    if args.file == "-":
        return load(sys.stdin.buffer.read(), "pasted text", args.format)
    if "://" in args.file:  # urllib is imported only for an address
        from ..core.importers import web

        if web.is_address(args.file):
            return web.fetch(args.file, args.format)
    return load_path(args.file, args.format)


def warn(warnings) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def emit(args, data, text_lines: list[str]) -> None:
    if getattr(args, "json", False):
        print_json(data)
    else:
        for line in text_lines:
            print(line)


def print_json(data) -> None:
    import json  # only for --json

    print(json.dumps(data, ensure_ascii=False, indent=2))


def find_section(store: Store, name: str) -> dict:
    """The memo section called ``name``, or a BriefError naming the sections there are."""
    from ..core import queries

    section = queries.find_section(store, name)
    if section is None:
        names = ", ".join(s["title"] for s in store.select("memo_sections",
                                                           order_by=["position"]))
        raise BriefError(f"no memo section called {name!r}; the sections are: {names}")
    return section


def clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
