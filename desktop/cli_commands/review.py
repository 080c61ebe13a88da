"""Commands on reviews: read a reviewed copy of an exported memo, list its items, resolve
one."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import BriefError
from .common import clip, emit, open_store


def review(args) -> int:
    """Read a reviewed copy of an exported memo: its comments and edits become items."""
    from ..core.review import import_review

    path = Path(args.reviewed)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BriefError(f"cannot read {path.name}: {exc.strerror or exc}") from None
    with open_store(args) as store:
        edit, report = import_review(store, data, path.name, force=args.force)
        edit.apply(store)
    lines = [f"{path.name}: {len(report.added)} new item(s): {report.kinds_text()}; "
             f"{report.counts()['unplaced']} unplaced; matched by {report.matched}"]
    if report.already:
        lines.append(f"{report.already} item(s) were already in the brief")
    lines += [f"note: {n}" for n in report.notes]
    lines += [f"  {i['id'][:8]}  {i['kind']:<11} {clip(i['author'], 20):<20} "
              f"{i['target_kind'] or 'unplaced'}: {clip(i['body'] or i['quote'], 50)}"
              for i in report.added]
    emit(args, report.summary(), lines)
    return 0


def reviews(args) -> int:
    """Open review items (with --all, every one), grouped by claim and paragraph."""
    from ..core.review import listing

    with open_store(args, readonly=True) as store:
        rows = listing.items(store, everything=args.all)
    lines, target = [], None
    for r in rows:
        if (r["target_kind"], r["target_id"]) != target:
            target = (r["target_kind"], r["target_id"])
            lines.append(r["target"] or "Unplaced")
        state = "" if r["state"] == "open" else f" [{r['state']}]"
        made = r["made"][:16].replace("T", " ")
        lines.append(f"  {r['id'][:8]}  {r['kind_label']}{state}  {r['author']}  {made}")
        if r["kind"] == "comment":
            lines.append(f"      on “{clip(r['quote'], 60)}”: {r['body']}")
            lines += [f"      reply from {x.get('author', '')}: {x.get('text', '')}"
                      for x in r["replies"]]
        else:
            lines.append(f"      {listing.diff_text(r['diff'])}")
        if r["state"] == "conflict":
            lines.append(f"      the brief now reads: {r['brief_text']}")
    if not rows:
        lines.append("no open review items" if not args.all else "no review items")
    data = [{k: v for k, v in r.items() if k != "order"} for r in rows]
    emit(args, data, lines)
    return 0


def resolve(args) -> int:
    """Accept, reject or mark done one review item (accepting applies the change)."""
    from ..core.review import resolve as resolve_item

    action = "accept" if args.accept else "reject" if args.reject else "done"
    with open_store(args) as store:
        item_id = store.resolve_id("review_items", args.item)
        edit = resolve_item(store, item_id, action, args.note or "")
        edit.apply(store)
    print(f"{item_id[:8]} {dict(accept='accepted', reject='rejected', done='done')[action]}")
    return 0
