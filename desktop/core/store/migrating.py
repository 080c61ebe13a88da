"""Bringing a brief's schema up to date with sqlite-utils' migrations (``schema.py``)."""

from __future__ import annotations

import sqlite3
import sys

from ..errors import BriefError, DamagedBriefError
from .schema_check import statements
from .schema import MIGRATIONS

MIGRATION_SET = "briefing-builder"


def sqlite_utils():
    """sqlite-utils, loaded on the first write or migration (~40 ms that opening a brief at
    the current schema and reading it never needs: the app's first window does not wait).

    sqlite-utils imports numpy and pandas when installed, only to map their types, which a
    brief never stores: keeping them out saves ~0.1 s (`brief info` must take < 0.3 s).
    """
    if "sqlite_utils.migrations" in sys.modules:
        return sys.modules["sqlite_utils"]
    unwanted = [m for m in ("numpy", "pandas") if m not in sys.modules]
    sys.modules.update(dict.fromkeys(unwanted))  # None: "import numpy" raises ImportError
    try:
        import sqlite_utils
        import sqlite_utils.migrations
    finally:
        for name in unwanted:
            sys.modules.pop(name, None)
    return sqlite_utils


def _migrations():
    """The brief's migrations as a :class:`sqlite_utils.migrations.Migrations` set."""
    migrations = sqlite_utils().migrations.Migrations(MIGRATION_SET)
    for name, sql in MIGRATIONS:
        def step(db, sql: str = sql) -> None:
            # executescript() would commit the surrounding transaction: run one by one.
            for statement in statements(sql):
                db.conn.execute(statement)
            # Foreign keys are off while migrating (see migrate): check before committing.
            if db.conn.execute("PRAGMA foreign_key_check").fetchone():
                raise DamagedBriefError(f"upgrading the brief ({name}) would break references "
                                        "between items; the file was left as it was")
        migrations(name=name)(step)
    return migrations


def _current(conn: sqlite3.Connection) -> bool:
    """Every migration this version knows, and no other, applied and counted: nothing
    to do, and no need to load sqlite-utils to find that out."""
    if conn.execute("PRAGMA user_version").fetchone()[0] != len(MIGRATIONS):
        return False
    try:
        rows = conn.execute("SELECT name FROM _sqlite_migrations WHERE "
                            "migration_set = ?", (MIGRATION_SET,)).fetchall()
    except sqlite3.OperationalError:  # no migrations table yet (a new file)
        return False
    names = [row[0] for row in rows]
    return len(names) == len(MIGRATIONS) and set(names) == {n for n, _ in MIGRATIONS}


def _refuse_unknown_steps(conn: sqlite3.Connection) -> None:
    """The record of applied migrations names each of this version's at most once and no
    other: a stranger's file that says otherwise would be upgraded wrongly (a step run
    again, or the version counted from rows it does not know)."""
    try:
        names = [row[0] for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,))]
    except sqlite3.OperationalError:  # no such table yet: a new file
        return
    if len(names) != len(set(names)) or not set(names) <= {n for n, _ in MIGRATIONS}:
        raise DamagedBriefError("the brief's record of its upgrades names steps this version "
                                "of Briefing Builder does not know")


def migrate(conn: sqlite3.Connection, database) -> bool:
    """Apply the migrations ``conn``'s file lacks; whether it had any to apply or count.

    ``database`` makes the :class:`sqlite_utils.Database` of ``conn`` (called only when
    there is work to do). ``user_version`` is kept equal to the number applied.
    """
    if _current(conn):
        return False
    _refuse_unknown_steps(conn)
    db = database()
    migrations = _migrations()
    if migrations.pending(db):
        # A migration may rebuild a table (sqlite.org/lang_altertable.html#otheralter):
        # dropping the old table with foreign keys on would cascade its deletions to every
        # row that refers to it. The pragma is a no-op inside a transaction, so it is set
        # before the upgrade's transaction begins and checked to hold.
        conn.execute("PRAGMA foreign_keys=OFF")
        try:
            if conn.execute("PRAGMA foreign_keys").fetchone()[0]:
                raise BriefError("cannot upgrade the brief inside a transaction")
            # The whole upgrade is one transaction (each migration a savepoint in it, the
            # version number with them): a crash, a full disk or a refused step part-way
            # leaves the file at its old version, never between two, where no version of
            # the app would recognise its schema.
            conn.execute("BEGIN IMMEDIATE")
            try:
                migrations.apply(db)
                conn.execute(f"PRAGMA user_version={len(migrations.applied(db))}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        finally:
            conn.execute("PRAGMA foreign_keys=ON")
        return True
    applied = len(migrations.applied(db))
    if applied != conn.execute("PRAGMA user_version").fetchone()[0]:
        conn.execute(f"PRAGMA user_version={applied}")
    return True
