"""Commands on sources: import one, change its details or grade, replace its text with a
new version, list them."""

from __future__ import annotations

from ..core import queries
from ..core.errors import BriefError
from .common import emit, open_store, read_source, warn


def add_source(args) -> int:
    from ..core import edits

    source = read_source(args)
    overrides = {k: getattr(args, k) for k in
                 ("title", "author", "outlet", "published", "url", "reliability")
                 if getattr(args, k) is not None}
    if "reliability" in overrides:
        overrides["reliability"] = _reliability_option(overrides["reliability"])
    source = type(source)(**{**source.__dict__, **overrides})
    with open_store(args) as store:
        edit = edits.add_source(store, source)
        edit.apply(store)
    warn(edit.warnings)
    print(edit.item_id)
    return 0


def _reliability_option(value: str | None) -> str | None:
    """``--reliability``: a letter A-F, or "none" for not graded (clears a grade)."""
    return "" if value is not None and value.strip().lower() in ("none", "-") else value


def edit_source(args) -> int:
    """Change a source's details or its reliability grade (``--reliability none`` clears it)."""
    from ..core import edits

    values = {k: getattr(args, k) for k in
              ("title", "author", "outlet", "published", "url", "accessed", "reliability")
              if getattr(args, k) is not None}
    if not values:
        raise BriefError("nothing to change: give --title, --author, --outlet, --published, "
                         "--url, --accessed or --reliability")
    if "reliability" in values:
        values["reliability"] = _reliability_option(values["reliability"])
    with open_store(args) as store:
        source_id = store.resolve_id("sources", args.source)
        edits.update_source(store, source_id, **values).apply(store)
    print(source_id)
    return 0


def replace_source(args) -> int:
    """Re-import a new version of a source and report how its highlights re-anchored."""
    from ..core import edits

    source = read_source(args)
    with open_store(args) as store:
        source_id = store.resolve_id("sources", args.source)
        edit = edits.replace_source_text(store, source_id, source)
        edit.apply(store)
        counts = edits.source_anchor_counts(store, source_id)
    warn(edit.warnings)
    emit(args, {"source": source_id, **counts},
         [f"{status}: {n}" for status, n in counts.items()])
    return 0


def source_versions(args) -> int:
    """Earlier texts of a source kept by replace-source; ``--text ID`` prints one in full."""
    with open_store(args, readonly=True) as store:
        rows = queries.source_versions(store, store.resolve_id("sources", args.source))
    if args.text:
        match = [r for r in rows if r["id"].startswith(args.text.lower())]
        if len(match) != 1:
            raise BriefError(f"no single earlier version of this source with id {args.text}")
        print(match[0]["text"])
        return 0
    emit(args, rows, [f"{r['id'][:8]}  replaced {r['replaced'][:16].replace('T', ' ')}  "
                      f"{r['format']}  {r['characters']} characters" for r in rows])
    return 0


def sources(args) -> int:
    with open_store(args, readonly=True) as store:
        rows = queries.sources(store)
    keys = ("id", "title", "author", "outlet", "published", "url", "reliability", "format",
            "annotations", "import_warnings")
    emit(args, [{k: r[k] for k in keys} for r in rows],
         [f"{r['id'][:8]}  [{r['reliability'] or '?'}]  "
          f"{'(doubtful) ' if r['import_warnings'] else ''}"
          f"{r['title']}"
          + (f" — {r['outlet']}" if r["outlet"] else "")
          + (f" ({r['published']})" if r["published"] else "") for r in rows])
    return 0
