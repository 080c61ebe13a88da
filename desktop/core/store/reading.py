"""Reading a brief: the store's generic reads (rows of one table by column values), each
behind one error boundary.

What a panel shows is built from these in :mod:`desktop.core.queries`; only reads that any
caller may need, whatever it shows, belong here.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from ..errors import BriefError, DamagedBriefError, NotFoundError
from ..tables import table as registered
from .schema_check import ident
from .search import SearchIndex

# Importers write at most 200,000 locations (about 4 MB of JSON); a stranger's bigger map
# would cost gigabytes to parse, so it reads as no map.
MAX_LOCATIONS_JSON = 16_000_000

# "IN" over a JSON array parameter: any number of values in one bound value (no variable
# limit).
_IN_LIST = "(SELECT value FROM json_each(?))"


def reads(method):
    """The store's one boundary for reads: an SQLite error met while reading (damage the
    opening checks could not see, a lock held too long) becomes a one-line
    :class:`BriefError` naming this store's file, whichever of several open files failed."""
    @functools.wraps(method)
    def reading(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise _read_error(self.path, exc) from None
    return reading


def _read_error(path: Path | None, exc: sqlite3.DatabaseError) -> BriefError:
    name = path.name if path is not None else "the brief"
    if "locked" in str(exc) or "busy" in str(exc):
        return BriefError(f"{name} is busy in another program; try again in a moment")
    return DamagedBriefError(f"{name} could not be read: {exc}")


class Reads:
    """The reading half of :class:`~desktop.core.store.Store`."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, *, readonly: bool,
                 newer: bool):
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self.newer = newer
        self.index = SearchIndex(conn)
        self._columns: dict[str, tuple[str, ...]] = {}
        self._has_versions: bool | None = None

    def forget_schema(self) -> None:
        """Tables and columns may have just appeared (a migration ran): look them up anew."""
        self._columns.clear()
        self._has_versions = None
        self.index.forget_schema()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    @reads
    def data_version(self) -> int:
        """Changes whenever another connection commits to the file (for live refresh)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    @reads
    def columns(self, table: str) -> tuple[str, ...]:
        if table not in self._columns:
            registered(table)  # ValueError for a table that is not the brief's
            self._columns[table] = tuple(
                r[1] for r in self.conn.execute(f"PRAGMA table_info({table})"))
        return self._columns[table]

    def check_columns(self, table: str, row: dict) -> list[str]:
        """The columns named by ``row``'s keys; ValueError if ``table`` lacks any of them."""
        known = self.columns(table)
        cols = list(row)
        unknown = [c for c in cols if c not in known]
        if unknown:
            raise ValueError(f"unknown columns for {table}: {unknown}")
        return cols

    # ------------------------------------------------------------------------- rows
    @reads
    def get(self, table: str, item_id: str) -> dict:
        row = self.select_one(table, {"id": item_id})
        if row is None:
            raise NotFoundError(f"no {registered(table).singular} with id {item_id}")
        return row

    @reads
    def select(self, table: str, where: dict | None = None, order_by: Iterable[str] = (),
               columns: Iterable[str] | None = None) -> list[dict]:
        """Rows of ``table`` matching ``where`` (column = value, all of them), as dicts."""
        cols = list(columns) if columns else list(self.columns(table))
        where = where or {}
        self.check_columns(table, dict.fromkeys(cols))
        self.check_columns(table, where)
        order = [c.removesuffix(" DESC") for c in order_by]
        self.check_columns(table, dict.fromkeys(order))
        sql = f"SELECT {', '.join(ident(c) for c in cols)} FROM {table}"
        if where:
            sql += " WHERE " + " AND ".join(f"{ident(c)} = ?" for c in where)
        if order_by:
            sql += " ORDER BY " + ", ".join(
                ident(c.removesuffix(" DESC")) + (" DESC" if c.endswith(" DESC") else "")
                for c in order_by)
        cursor = self.conn.execute(sql, list(where.values()))
        return [dict(zip(cols, r)) for r in cursor]

    @reads
    def select_one(self, table: str, where: dict) -> dict | None:
        rows = self.select(table, where)
        return rows[0] if rows else None

    @reads
    def select_in(self, table: str, column: str, values: Iterable,
                  columns: Iterable[str] | None = None) -> list[dict]:
        """The rows of ``table`` whose ``column`` holds one of ``values`` (in no particular
        order); one query however many values (an index on ``column`` serves it)."""
        cols = list(columns) if columns else list(self.columns(table))
        self.check_columns(table, dict.fromkeys(cols + [column]))
        cursor = self.conn.execute(
            f"SELECT {', '.join(ident(c) for c in cols)} FROM {table} "
            f"WHERE {ident(column)} IN {_IN_LIST}", [json.dumps(list(values))])
        return [dict(zip(cols, r)) for r in cursor]

    def select_ids(self, table: str, ids: Iterable[str],
                   columns: Iterable[str] | None = None) -> list[dict]:
        """The rows of ``table`` whose id is among ``ids`` (in no particular order)."""
        return self.select_in(table, "id", ids, columns)

    @reads
    def brief(self) -> dict:
        return self.select("brief")[0]

    @reads
    def memo(self) -> dict:
        return self.select("memo")[0]

    @reads
    def count(self, table: str) -> int:
        self.columns(table)
        return self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    @reads
    def count_by(self, table: str, column: str) -> dict:
        """How many rows of ``table`` hold each value of ``column`` (values none holds: absent)."""
        self.check_columns(table, {column: None})
        return dict(self.conn.execute(
            f"SELECT {ident(column)}, count(*) FROM {table} GROUP BY {ident(column)}"))

    @reads
    def latest(self, table: str, column: str = "modified"):
        """The greatest value of ``column`` in ``table``; None when the table is empty."""
        self.check_columns(table, {column: None})
        return self.conn.execute(f"SELECT max({ident(column)}) FROM {table}").fetchone()[0]

    @reads
    def resolve_id(self, table: str, prefix: str) -> str:
        """The full id in ``table`` that starts with ``prefix`` (4+ characters, unique)."""
        prefix = prefix.strip().lower()
        noun = registered(table).singular
        if len(prefix) < 4:
            raise BriefError(f"{noun} id {prefix!r} is too short; give at least 4 characters")
        if any(c not in "0123456789abcdef-" for c in prefix):
            raise NotFoundError(f"no {noun} with id {prefix}")
        self.columns(table)
        rows = self.conn.execute(f"SELECT id FROM {table} WHERE id >= ? AND id < ? LIMIT 2",
                                 [prefix, prefix + "g"]).fetchall()
        if not rows:
            raise NotFoundError(f"no {noun} with id {prefix}")
        if len(rows) > 1:
            raise BriefError(f"{noun} id {prefix} is ambiguous; give more characters")
        return rows[0][0]

    @reads
    def source_file(self, sha256: str) -> bytes | None:
        row = self.conn.execute("SELECT data FROM source_files WHERE sha256 = ?",
                                [sha256]).fetchone()
        return row[0] if row else None

    @property
    def older(self) -> bool:
        """Whether the file is at an older schema than this version's (only a brief opened
        read-only stays so: opening for writing upgrades it)."""
        from .schema import MIGRATIONS
        return self.conn.execute("PRAGMA user_version").fetchone()[0] < len(MIGRATIONS)

    @reads
    def has_table(self, table: str) -> bool:
        """Whether the file has ``table`` (older briefs opened read-only may lack newer ones)."""
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                                 [table]).fetchone() is not None

    @reads
    def locations(self, source_id: str) -> list:
        row = self.conn.execute("SELECT locations FROM sources WHERE id = ?",
                                [source_id]).fetchone()
        return location_map(row[0] if row else None)

    @reads
    def location_maps(self, source_ids: Iterable[str]) -> dict[str, list]:
        """:meth:`locations` for many sources in one query, by source id."""
        return {r["id"]: location_map(r["locations"])
                for r in self.select_ids("sources", source_ids, columns=["id", "locations"])}

    # ---------------------------------------------------------------- merge history
    def keeps_history(self) -> bool:
        """Whether the file has ``sync_versions`` (an older brief opened read-only may not)."""
        if self._has_versions is None:
            self._has_versions = self.has_table("sync_versions")
        return self._has_versions

    @reads
    def knows_version(self, item_id: str, modified: str) -> bool:
        """Whether (item id, modified) is already in this brief's merge history."""
        return self.keeps_history() and self.conn.execute(
            "SELECT 1 FROM sync_versions WHERE id = ? AND modified = ?",
            [item_id, modified]).fetchone() is not None

    @reads
    def known_versions(self) -> set[tuple[str, str]]:
        """Every (item id, modified) this brief has superseded or learnt of by merging."""
        if not self.has_table("sync_versions"):
            return set()
        return set(self.conn.execute("SELECT id, modified FROM sync_versions"))

    # ------------------------------------------------------------------ soundness
    @reads
    def integrity_problems(self) -> list[str]:
        """Full ``integrity_check`` and ``foreign_key_check``; empty when the file is sound."""
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"broken reference in {r[0]}" for r in
                     self.conn.execute("PRAGMA foreign_key_check")]
        return problems

    # ----------------------------------------------------------------------- search
    def search(self, query: str, limit: int = 50) -> list[dict]:
        """Full-text hits for what a user typed (see :meth:`.search.SearchIndex.search`)."""
        return self.index.search(query, limit)

    @reads
    def search_index_problems(self) -> list[str]:
        """What is wrong with the full-text index (empty when sound); all of it can be
        repaired by :meth:`rebuild_search_index`."""
        return self.index.problems(readonly=self.readonly, schema_version=self.schema_version)


def location_map(raw: str | None) -> list:
    """A source's location map, or [] when a stranger's file holds something else there."""
    if raw and len(raw) > MAX_LOCATIONS_JSON:  # far more than any importer writes
        return []
    try:
        value = json.loads(raw) if raw else []
    except (ValueError, RecursionError):  # not JSON, or nested deeper than any map
        return []
    if not isinstance(value, list) or not all(
            isinstance(p, list) and len(p) == 2 and isinstance(p[0], int)
            and isinstance(p[1], str) for p in value):
        return []
    return sorted(value)

