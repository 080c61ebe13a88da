"""Briefs that passed every opening check, remembered so that reading an unchanged one again
does not check it again.

Opening checks the whole file (see :func:`.opening._verify`): ``PRAGMA integrity_check``
alone reads every page, about 0.1 s for a 60 MB brief, most of what ``brief info`` takes.
The checks depend only on the file's bytes and on this version's rules, so a file whose
bytes have not changed since it passed would pass again.

A file counts as unchanged when all of these are as they were when it passed: its device,
inode, size, modification time and status-change time (``st_ctime``: any write moves it and
no program can set it back; only root changing the clock could), the change counter in its
SQLite header (bytes 24-27, bumped by every write transaction in rollback-journal mode), and
the rules it passed (schema version, size limits, SQLite's version). What is never
remembered, so always checked in full:

- a file opened for writing (a damaged file must never be written to; reading one fails on
  the damaged page with a one-line error either way),
- a file in WAL mode, or with a side file beside it (``-journal``, ``-wal``, ``-shm``),
- a file changed less than :data:`SETTLED_SECONDS` ago: a change within the file system's
  timestamp granularity (a few ms; 2 s on FAT) of the check could go unseen (git's "racy
  clean").

On Windows ``st_ctime`` is the creation time; the other fields still change with a write.

``brief check`` runs its own full checks whatever is remembered. The record is a small JSON
file in the user's cache folder (at most :data:`MAX_ENTRIES` files); a lost or unreadable
record only costs one full check.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path

from .schema import MIGRATIONS

SETTLED_SECONDS = 3.0
MAX_ENTRIES = 200
# Changing what opening checks (opening.py) must change this, so older records stop counting.
CHECKS_REVISION = 1
SIDE_SUFFIXES = ("-journal", "-wal", "-shm")

Seal = tuple[str, list]  # (resolved path, what must match)


def seal(path: Path) -> Seal | None:
    """What identifies ``path``'s current bytes, or None when it must be checked in full."""
    try:
        path = path.resolve()
        if any(Path(f"{path}{suffix}").exists() for suffix in SIDE_SUFFIXES):
            return None
        with open(path, "rb") as f:
            stat = os.fstat(f.fileno())
            head = f.read(100)
    except OSError:
        return None
    if len(head) < 100 or head[18] != 1 or head[19] != 1:  # WAL mode, or not a header at all
        return None
    if time.time() - max(stat.st_mtime, stat.st_ctime) < SETTLED_SECONDS:
        return None
    return str(path), [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns,
                       stat.st_ctime_ns, int.from_bytes(head[24:28], "big"), _rules()]


def passed(current: Seal | None) -> bool:
    """Whether the file sealed as ``current`` passed every check already."""
    return current is not None and _read().get(current[0]) == current[1]


def remember(before: Seal | None) -> None:
    """Record that the file sealed as ``before`` just passed every check, if it has not
    changed while it was checked."""
    if before is None or seal(Path(before[0])) != before:
        return
    records = _read()
    records.pop(before[0], None)
    records[before[0]] = before[1]  # the newest last: the oldest go first
    records = dict(list(records.items())[-MAX_ENTRIES:])
    target = _record_path()
    temporary = target.with_name(f"{target.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(records), encoding="utf-8")
        os.replace(temporary, target)  # another process reading sees the old or the new
    except OSError:
        temporary.unlink(missing_ok=True)


def _rules() -> str:
    from .opening import MAX_SQL_BYTES, MAX_VALUE_BYTES

    return (f"{CHECKS_REVISION}/{len(MIGRATIONS)}/{MAX_VALUE_BYTES}/{MAX_SQL_BYTES}/"
            f"{sqlite3.sqlite_version}")


def _record_path() -> Path:
    import platformdirs

    return (Path(platformdirs.user_cache_dir("Briefing Builder", "BriefingBuilder"))
            / "verified-briefs.json")


def _read() -> dict[str, list]:
    try:
        records = json.loads(_record_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return records if isinstance(records, dict) else {}
