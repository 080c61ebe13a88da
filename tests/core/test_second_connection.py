"""A second connection to a brief this process has open keeps the first one's locks.

POSIX locks belong to the process: closing any descriptor of the file drops every lock
SQLite holds on it. Work on another thread (checks, export, merge comparison, review import)
and a second window therefore reach an open brief through SQLite alone, never through the
opening checks that read the file with ``open()``.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading

import pytest

from desktop.core.errors import BriefError
from desktop.core.store import Store

OTHER_WRITER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
try:
    conn.execute("UPDATE memo SET subject = 'written by another program'")
except sqlite3.OperationalError as exc:
    print("refused:", exc)
else:
    print("wrote")
"""


def _other_program_writes(path) -> str:
    return subprocess.run([sys.executable, "-c", OTHER_WRITER, str(path)], capture_output=True,
                          text=True, timeout=60, check=True).stdout.strip()


def _in_a_thread(work):
    box = {}

    def run():
        try:
            box["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            box["error"] = exc
    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    if "error" in box:
        raise box["error"]
    return box.get("value")


@pytest.mark.parametrize("second", ["reader", "open read-only", "open for writing"])
def test_a_second_connection_keeps_the_first_ones_lock(store, second):
    path = store.path
    opener = {"reader": store.reader,
              "open read-only": lambda: Store.open(path, readonly=True),
              "open for writing": lambda: Store.open(path)}[second]
    store.conn.execute("BEGIN")
    try:
        store.conn.execute("SELECT count(*) FROM claims").fetchone()  # holds a shared lock

        def look():
            with opener() as other:
                return other.conn.execute("SELECT count(*) FROM memo").fetchone()[0]
        assert _in_a_thread(look) == 1
        # Our read transaction still holds its lock: another program cannot commit under it.
        assert _other_program_writes(path).startswith("refused:")
    finally:
        store.conn.execute("COMMIT")
    assert _other_program_writes(path) == "wrote"  # the lock was ours, and is gone now


def test_a_reader_sees_what_was_committed_and_cannot_write(store):
    store.conn.execute("UPDATE brief SET title = 'committed'")
    reader = _in_a_thread(store.reader)
    try:
        assert reader.readonly
        assert reader.select("brief")[0]["title"] == "committed"
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.conn.execute("UPDATE brief SET title = 'no'")
    finally:
        reader.close()


def test_a_brief_closed_by_every_store_is_checked_again_when_opened(brief_path):
    first = Store.open(brief_path)
    second = first.reader()
    first.close()
    second.close()
    brief_path.write_bytes(b"not a brief at all" * 10)
    with pytest.raises(BriefError):
        Store.open(brief_path, readonly=True)
