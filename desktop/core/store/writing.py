"""The write gateway: every change to a brief is a list of row :class:`Op` s carried out by
:meth:`Writes.apply_ops` in one transaction, the full-text index kept in step inside it.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..errors import BriefError, DamagedBriefError, NotFoundError, ReadOnlyBriefError
from ..tables import TABLES
from .migrating import sqlite_utils
from .schema_check import ident
from .reading import Reads


@dataclass(frozen=True)
class Op:
    """One row-level change: the unit every edit is made of.

    ``insert`` adds ``row``; ``delete`` removes the row ``row`` (a full snapshot, so the
    inverse can put it back); ``update`` changes the columns in ``new`` (``old`` holds their
    previous values) of the row with ``key``.
    """

    action: str
    table: str
    row: dict | None = None
    key: dict | None = None
    old: dict | None = None
    new: dict | None = None

    def inverse(self) -> "Op":
        if self.action == "insert":
            return Op("delete", self.table, row=self.row)
        if self.action == "delete":
            return Op("insert", self.table, row=self.row)
        return Op("update", self.table, key=self.key, old=self.new, new=self.old)


def key_of(table: str, row: dict) -> dict:
    """The values of ``row`` that identify it in ``table`` (its registered key columns)."""
    return {c: row[c] for c in TABLES[table].keys}


class Writes(Reads):
    """The writing half of :class:`~desktop.core.store.Store` (on top of its reads)."""

    @functools.cached_property
    def db(self):
        """The connection as a :class:`sqlite_utils.Database` (made on first use)."""
        return sqlite_utils().Database(self.conn, execute_plugins=False,
                                       recursive_triggers=False)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write; nested uses become savepoints."""
        self.check_writable()
        try:
            with self.db.atomic():
                yield
        except sqlite3.IntegrityError as exc:
            raise BriefError(f"the change was refused: {exc}") from None
        except sqlite3.OperationalError as exc:
            message = str(exc)
            if (getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY_DBMOVED"
                    or (self.path is not None and not self.path.exists())):
                # SQLite refuses to write a file renamed or deleted under it (a journal
                # beside the old name could not protect it); committed edits are intact.
                raise BriefError("the brief's file was moved or deleted while open; the change "
                                 "was not saved. Save a copy, then reopen it") from None
            if "readonly" in message.replace(" ", "") or "read-only" in message:
                raise ReadOnlyBriefError("the brief's file cannot be written (read-only)") from None
            if "disk is full" in message or "database or disk is full" in message:
                raise BriefError("the disk is full; the change was not saved") from None
            if "locked" in message:
                raise BriefError("the brief is busy in another program; try again") from None
            if "disk I/O" in message:
                raise BriefError("the brief's file could not be written (disk error); the "
                                 "change was not saved") from None
            raise
        except sqlite3.DataError as exc:
            raise BriefError(f"the change was refused: {exc}") from None
        except sqlite3.DatabaseError as exc:  # "database disk image is malformed"
            if "malformed" not in str(exc) and "corrupt" not in str(exc):
                raise
            raise DamagedBriefError("the brief's file or its search index is damaged; the "
                                    "change was not saved. `brief check --repair` rebuilds "
                                    "the index") from None

    def check_writable(self) -> None:
        """ReadOnlyBriefError unless this brief may be changed."""
        if self.newer:
            raise ReadOnlyBriefError("this brief was made by a newer version of Briefing "
                                     "Builder; it can be read but not changed")
        if self.readonly:
            raise ReadOnlyBriefError("this brief is open read-only")

    def apply_ops(self, ops: Iterable[Op]) -> None:
        """Carry out ``ops`` in order, in one transaction.

        Nothing is written beyond the ops: an edit records the item versions it supersedes
        in ``sync_versions`` with ops of its own (see edits/), so its inverse forgets them.
        If the ops fail on a damaged search index (the file itself sound), the index is
        rebuilt from the items and the ops run once more: the index heals itself.
        """
        ops = list(ops)
        try:
            self._apply_ops(ops)
        except DamagedBriefError:
            if not self._heal_search_index():
                raise
            self._apply_ops(ops)

    def _apply_ops(self, ops: list[Op]) -> None:
        with self.transaction():
            for op in ops:
                if op.action == "insert":
                    self._insert(op.table, op.row)
                elif op.action == "delete":
                    self._delete(op.table, key_of(op.table, op.row))
                elif op.action == "update":
                    self._update(op.table, op.key, op.new)
                else:
                    raise ValueError(f"unknown op {op.action!r}")

    def _heal_search_index(self) -> bool:
        """Rebuild the search index if it, and not the file, is damaged; whether it did."""
        try:
            if self.readonly or self.newer or not self.search_index_problems() \
                    or self.integrity_problems():
                return False
            self.rebuild_search_index()
        except BriefError:
            return False
        return True

    def _insert(self, table: str, row: dict) -> None:
        cols = self.check_columns(table, row)
        sql = (f"INSERT INTO {table} ({', '.join(ident(c) for c in cols)}) "
               f"VALUES ({', '.join('?' for _ in cols)})")
        self.conn.execute(sql, [row[c] for c in cols])
        self.index.add(table, row.get("id"))

    def _update(self, table: str, key: dict, values: dict) -> None:
        cols = self.check_columns(table, values)
        where = " AND ".join(f"{ident(c)} = ?" for c in self.check_columns(table, key))
        cursor = self.conn.execute(
            f"UPDATE {table} SET {', '.join(f'{ident(c)} = ?' for c in cols)} WHERE {where}",
            [values[c] for c in cols] + list(key.values()))
        if cursor.rowcount != 1:
            raise NotFoundError(f"{TABLES[table].singular} not found")
        self.index.refresh(table, key.get("id"), set(values))

    def _delete(self, table: str, key: dict) -> None:
        where = " AND ".join(f"{ident(c)} = ?" for c in self.check_columns(table, key))
        cursor = self.conn.execute(f"DELETE FROM {table} WHERE {where}", list(key.values()))
        if cursor.rowcount != 1:
            raise NotFoundError(f"{table} row {key} not found")
        self.index.remove(table, key.get("id"))

    def rebuild_search_index(self) -> None:
        """Recreate the full-text index from the tables (after a merge, or to repair it)."""
        with self.transaction():
            self.index.rebuild()

    def drop_source_files(self) -> int:
        """Remove every original file's bytes and compact the file; returns how many."""
        with self.transaction():
            count = self.conn.execute("DELETE FROM source_files").rowcount
        self.conn.execute("VACUUM")
        return count
