"""The display-only open: what ``brief info`` reads, and nothing else may use.

Opening a brief for the app or any other command runs every check of :mod:`.opening`,
including three that read the whole file (``integrity_check``, ``foreign_key_check`` and
the scan of every stored value's type: ~0.1 s on a 60 MB brief, most of ``brief info``).
``brief info`` only shows a few values, so :func:`brief_info` reads the file under the same
hardening and checks only what it shows:

* the header before SQLite parses anything, the file's size against the page count its
  header records (a truncated file), and side files as every open does;
* a read-only, ``query_only`` connection with ``trusted_schema=OFF``, ``cell_size_check=ON``,
  ``mmap_size=0``, the value and statement size limits, no attached databases, and the
  reads bounded in time, inside a count too (sqlite.org's "Defense Against The Dark Arts");
* the schema, exactly (``sqlite_master`` only: no trigger, no view, no table, index or
  column that the migrations did not make);
* the values it prints, type-checked in SQL (title and author must be text, exactly one
  brief and one memo record), and the counts, which walk the counted tables' b-trees; any
  SQLite error while reading means the file is damaged.

Damage in pages or values it does not read (a broken reference, a wrong type in a column it
does not show) is left to the full checks of every other open, ``brief check`` included.
No :class:`~desktop.core.store.Store` and no connection ever leaves this module, so
nothing read this way can flow into a write, a merge, a copy or an export; a test pins that
only ``brief info`` calls it.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from ..errors import BriefError, DamagedBriefError
from .opening import (OPEN_CHECK_SECONDS, OPEN_WAIT_SECONDS, brief_id, check_header, connect,
                      open_error, verify)
from .schema_check import check_schema, refuse_foreign_objects
from .sidefiles import Recovery

# One statement, so every value comes from one snapshot of the file. A value of the wrong
# type makes ``sound`` 0; counts are integers by construction.
_INFO_SQL = """
SELECT (SELECT count(*) FROM brief), (SELECT count(*) FROM memo),
       (SELECT title FROM brief), (SELECT author FROM brief),
       (SELECT typeof(title) = 'text' AND typeof(author) = 'text' FROM brief),
       (SELECT count(*) FROM sources), (SELECT count(*) FROM annotations),
       (SELECT count(*) FROM claims), (SELECT count(*) FROM evidence)
"""


def brief_info(path: str | Path) -> tuple[dict, list[str]]:
    """Title, author, schema version and item counts of the brief at ``path``, as
    ``queries.info`` gives them for a fully checked open, and what opening did to side
    files beside it (one line each). Raises a one-line ``BriefError`` otherwise."""
    path = Path(path)
    _, wal = check_header(path)
    recovery = Recovery(verify, connect, brief_id, check_header)
    immutable = recovery.prepare(path, readonly=True, wal_mode=wal)
    _check_size(path)
    deadline = time.monotonic() + OPEN_WAIT_SECONDS
    while True:
        try:
            return _read(path, immutable), recovery.notices
        except sqlite3.DatabaseError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            if not busy or time.monotonic() > deadline:
                raise open_error(exc, path.name) from None
            time.sleep(0.05)  # another program is writing: try again
        except UnicodeDecodeError:  # SQLite's own message quoted bytes that are not UTF-8
            raise DamagedBriefError(f"{path.name} is damaged: its structure is "
                                    "corrupt") from None


def _check_size(path: Path) -> None:
    """A file shorter than the pages its header counts was cut short (a failed copy)."""
    try:
        with open(path, "rb") as f:
            head = f.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise BriefError(f"cannot read {path}: {exc.strerror}") from None
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    # The count is valid only while the change counter matches "version valid for".
    if pages and head[24:28] == head[92:96] and size < pages * page_size:
        raise DamagedBriefError(f"{path.name} is damaged: the file is truncated")


def _read(path: Path, immutable: bool) -> dict:
    conn = connect(path, "ro", immutable=immutable)
    try:
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        conn.execute("PRAGMA query_only=ON")
        limit = time.monotonic() + OPEN_CHECK_SECONDS
        conn.set_progress_handler(lambda: time.monotonic() > limit, 100)
        # The progress handler runs between the steps of SQLite's virtual machine, and one
        # count is one step: a hostile index whose pages point at the same child pages
        # again and again (integrity_check refuses it) makes it walk for ever. Interrupt it.
        watchdog = threading.Timer(max(OPEN_CHECK_SECONDS, 0.0), conn.interrupt)
        watchdog.daemon = True
        watchdog.start()
        try:
            conn.execute("BEGIN")  # one read transaction (closing ends it): one snapshot
            return _info(conn, path.name)
        finally:
            watchdog.cancel()
            watchdog.join()  # interrupting a closed connection is unsafe: close after it
    finally:
        conn.close()


def _info(conn: sqlite3.Connection, name: str) -> dict:
    refuse_foreign_objects(conn, name)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    check_schema(conn, name, version)
    briefs, memos, title, author, sound, *counts = conn.execute(_INFO_SQL).fetchone()
    if briefs != 1:
        raise DamagedBriefError(f"{name} is damaged: it has no brief record")
    if memos != 1:
        raise DamagedBriefError(f"{name} is damaged: it has no memo record")
    if sound != 1:
        raise DamagedBriefError(f"{name} is damaged: its title or author is not text")
    sources, annotations, claims, links = counts
    return {"title": title, "author": author, "schema_version": version,
            "sources": sources, "annotations": annotations, "claims": claims,
            "links": links}

