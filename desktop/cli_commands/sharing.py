"""Commands between copies of a brief: write a copy to share, merge another copy in."""

from __future__ import annotations

from ..core.store import Store
from ..core.users import current_user
from .common import emit, open_store, warn


def copy(args) -> int:
    from ..core.share import copy_brief

    with open_store(args, readonly=True) as store:
        dest = copy_brief(store, args.dest, include_files=not args.without_files,
                          overwrite=args.force)
    print(dest)
    return 0


def merge(args) -> int:
    """Merge another copy in, as one transaction, after a backup (the CLI has no undo)."""
    from ..core.merge import merge_edit, plan_merge
    from ..core.share import backup_on_open, default_backup_dir

    with open_store(args, readonly=args.dry_run) as store, \
            Store.open(args.other, readonly=True, user=current_user()) as other:
        warn(other.notices)
        plan = plan_merge(store, other)
        applied = not args.dry_run and not plan.is_empty()
        if applied:
            edit = merge_edit(store, plan)
            backup_on_open(store, default_backup_dir())
            edit.apply(store)
    data = {**plan.summary(), "applied": applied}
    lines = [f"added: {len(plan.added)}, changed: {len(plan.changed)}, deleted: "
             f"{len(plan.deleted)}, conflicts: {len(plan.conflicts)}"]
    for word in ("added", "changed", "deleted"):
        lines += [f"  {word:<8} {i['kind']} {i['id'][:8]}  {i['label']}" for i in data[word]]
    lines += [f"  conflict {i['kind']} {i['id'][:8]}  {i['label']}: {i['reason']}; kept this "
              "copy's version, the other's is saved in the brief" for i in data["conflicts"]]
    if args.dry_run:
        lines.append("dry run: nothing was changed")
    emit(args, data, lines)
    return 0
