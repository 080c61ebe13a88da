"""The store: the only code that speaks SQL to a ``.brief`` file.

A brief is one SQLite file in rollback-journal mode (never WAL: a WAL file copied or mailed
on its own loses committed rows). Opening follows sqlite.org's advice for files from
strangers (see :mod:`.opening`). Every failure is a one-line :class:`BriefError` and
leaves the file's bytes as they were.

Writes go through :meth:`Store.apply_ops` inside one transaction; the full-text index is
kept in sync here rather than by triggers (``trusted_schema=OFF`` forbids FTS triggers).
"""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path



def _sqlite_utils():
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

from ..errors import BriefError, DamagedBriefError, NotFoundError, ReadOnlyBriefError
from ..model import DEFAULT_SECTIONS, new_id, now
from .opening import (_brief_id, _check_header, _connect, _harden, _open_error, _statements,
                      _verify, _writable)
from . import opening
from .sidefiles import Recovery
from .snippets import SNIPPET_MAX_BODY, bounded_snippet
from .schema import APPLICATION_ID, ITEM_TABLES, MIGRATIONS

MIGRATION_SET = "briefing-builder"

# Composite or non-"id" primary keys; every other table is keyed by "id".
KEYS = {"annotation_tags": ("annotation_id", "tag_id"), "source_files": ("sha256",),
        "sync_versions": ("id", "modified")}

# Tables mirrored into the full-text index, and how a row becomes searchable text.
FTS_TABLES = {
    "sources": lambda r: (r["id"], f"{r['title']}\n{r['author']}\n{r['outlet']}\n{r['text']}"),
    "annotations": lambda r: (r["source_id"], f"{r['quote']}\n{r['note']}"),
    "claims": lambda r: ("", r["statement"]),
}
FTS_KIND = {"sources": "source", "annotations": "annotation", "claims": "claim"}
# The columns that searchable text is made of: updating any other column leaves the index be.
FTS_COLUMNS = {"sources": {"title", "author", "outlet", "text"},
               "annotations": {"source_id", "quote", "note"}, "claims": {"statement"}}


def _reads(method):
    """The store's one boundary for reads: an SQLite error met while reading (damage the
    opening checks could not see, a lock held too long) becomes a one-line
    :class:`BriefError` naming this store's file, whichever of several open files failed."""
    @functools.wraps(method)
    def reading(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise self._read_error(exc) from None
    return reading


class _Busy(Exception):
    """Opening found the file locked by another program's write (retried for a while)."""


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
    return {c: row[c] for c in KEYS.get(table, ("id",))}


def _migrations():
    """The brief's migrations as a :class:`sqlite_utils.migrations.Migrations` set."""
    migrations = _sqlite_utils().migrations.Migrations(MIGRATION_SET)
    for name, sql in MIGRATIONS:
        def step(db, sql: str = sql) -> None:
            # executescript() would commit the surrounding transaction: run one by one.
            for statement in _statements(sql):
                db.conn.execute(statement)
            # Foreign keys are off while migrating (see _migrate): check before committing.
            if db.conn.execute("PRAGMA foreign_key_check").fetchone():
                raise DamagedBriefError(f"upgrading the brief ({name}) would break references "
                                        "between items; the file was left as it was")
        migrations(name=name)(step)
    return migrations


class Store:
    """An open brief. Create with :meth:`create`, :meth:`open` or :meth:`memory`."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, *, readonly: bool,
                 user: str, newer: bool = False):
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self.newer = newer
        self.user = user
        self._columns: dict[str, tuple[str, ...]] = {}
        self._has_versions: bool | None = None
        self._has_search_rowids: bool | None = None
        # What opening did to side files beside the brief (one line each, to show the user).
        self.notices: list[str] = []

    # ----------------------------------------------------------------- opening and closing
    @classmethod
    def create(cls, path: str | Path, *, title: str = "", author: str = "",
               user: str = "") -> "Store":
        """Make a new brief file at ``path``; refuses to overwrite an existing file."""
        path = Path(path)
        if path.exists():
            raise BriefError(f"{path} already exists; choose another name")
        try:
            conn = _connect(path, "rwc")
        except sqlite3.Error as exc:
            raise BriefError(f"cannot create {path}: {exc}") from None
        store = cls(conn, path, readonly=False, user=user)
        try:
            store._initialise(title, author)
        except BaseException:
            conn.close()
            path.unlink(missing_ok=True)
            raise
        return store

    @classmethod
    def memory(cls, *, title: str = "", author: str = "", user: str = "") -> "Store":
        """A brief held in memory only, for tests and scratch work."""
        store = cls(sqlite3.connect(":memory:", isolation_level=None), None,
                    readonly=False, user=user)
        _harden(store.conn)
        store._initialise(title, author)
        return store

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False, user: str = "") -> "Store":
        """Open an existing brief safely; raise a one-line :class:`BriefError` if it isn't one.

        A brief written by a newer version of the app is opened read-only.
        """
        path = Path(path)
        version, wal = _check_header(path)
        newer = version > len(MIGRATIONS)
        readonly = readonly or newer
        if not readonly and not _writable(path):
            raise ReadOnlyBriefError(f"{path.name} cannot be written (the file or its folder is "
                                     "read-only); open it read-only") from None
        # Side files are checked before SQLite sees them (see sidefiles.py); a file read as
        # immutable is read alone: no -wal/-shm read or created, no writable folder needed.
        recovery = Recovery(_verify, _connect, _brief_id, _check_header)
        immutable = recovery.prepare(path, readonly=readonly, wal_mode=wal)
        deadline = time.monotonic() + opening.OPEN_WAIT_SECONDS
        while True:
            try:
                return cls._open_checked(path, readonly, immutable, user, newer, recovery)
            except _Busy:
                if time.monotonic() > deadline:
                    raise BriefError(f"{path.name} is busy in another program; try again "
                                     "in a moment") from None
                time.sleep(0.05)

    @classmethod
    def _open_checked(cls, path: Path, readonly: bool, immutable: bool, user: str,
                      newer: bool, recovery: Recovery) -> "Store":
        try:
            conn = _connect(path, "ro" if readonly else "rw", immutable=immutable)
        except sqlite3.Error as exc:
            if not readonly and "readonly" in str(exc).lower().replace(" ", ""):
                raise BriefError(f"{path.name} cannot be written; open it read-only") from None
            raise DamagedBriefError(f"{path.name} cannot be opened: {exc}") from None
        try:
            _verify(conn, path.name, path.stat().st_size)
            store = cls(conn, path, readonly=readonly, user=user, newer=newer)
            store.notices = recovery.notices
            if not readonly:
                store._prepare_for_writing()
        except sqlite3.DatabaseError as exc:
            conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise _Busy from None  # another program kept writing: open() retries
            raise _open_error(exc, path.name) from None
        except UnicodeDecodeError:  # SQLite's own report quoted bytes that are not UTF-8
            conn.close()
            raise DamagedBriefError(f"{path.name} is damaged: its structure is corrupt") from None
        except BaseException:
            conn.close()
            raise
        return store

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _initialise(self, title: str, author: str) -> None:
        self.conn.execute("PRAGMA journal_mode=DELETE")
        self.conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        self._migrate()
        stamp = now()
        common = {"created": stamp, "modified": stamp, "created_by": self.user}
        with self.transaction():
            self._insert("brief", {"id": new_id(), **common, "title": title, "author": author})
            self._insert("memo", {"id": new_id(), **common})
            for position, name in enumerate(DEFAULT_SECTIONS):
                self._insert("memo_sections", {"id": new_id(), **common, "title": name,
                                               "position": position})

    def _prepare_for_writing(self) -> None:
        mode = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() != "delete":
            self.conn.execute("PRAGMA journal_mode=DELETE")
        self._migrate()

    @functools.cached_property
    def db(self):
        """The connection as a :class:`sqlite_utils.Database` (made on first use)."""
        return _sqlite_utils().Database(self.conn, execute_plugins=False,
                                        recursive_triggers=False)

    def _migrations_current(self) -> bool:
        """Every migration this version knows, and no other, applied and counted: nothing
        to do, and no need to load sqlite-utils to find that out."""
        if self.schema_version != len(MIGRATIONS):
            return False
        try:
            rows = self.conn.execute("SELECT name FROM _sqlite_migrations WHERE "
                                     "migration_set = ?", (MIGRATION_SET,)).fetchall()
        except sqlite3.OperationalError:  # no migrations table yet (a new file)
            return False
        names = [row[0] for row in rows]
        return len(names) == len(MIGRATIONS) and set(names) == {n for n, _ in MIGRATIONS}

    def _migrate(self) -> None:
        if self._migrations_current():
            return
        migrations = _migrations()
        if migrations.pending(self.db):
            # A migration may rebuild a table (sqlite.org/lang_altertable.html#otheralter):
            # dropping the old table with foreign keys on would cascade its deletions to
            # every row that refers to it. The pragma is a no-op inside a transaction, so
            # it is set before each migration's transaction begins and checked to hold.
            self.conn.execute("PRAGMA foreign_keys=OFF")
            try:
                if self.conn.execute("PRAGMA foreign_keys").fetchone()[0]:
                    raise BriefError("cannot upgrade the brief inside a transaction")
                migrations.apply(self.db)
            finally:
                self.conn.execute("PRAGMA foreign_keys=ON")
        self._has_versions = self._has_search_rowids = None  # tables may have just appeared
        applied = len(migrations.applied(self.db))
        if applied != self.schema_version:
            self.conn.execute(f"PRAGMA user_version={applied}")

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    @_reads
    def data_version(self) -> int:
        """Changes whenever another connection commits to the file (for live refresh)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    # ------------------------------------------------------------------------- writing
    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write; nested uses become savepoints."""
        self._check_writable()
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

    def _read_error(self, exc: sqlite3.DatabaseError) -> BriefError:
        name = self.path.name if self.path is not None else "the brief"
        if "locked" in str(exc) or "busy" in str(exc):
            return BriefError(f"{name} is busy in another program; try again in a moment")
        return DamagedBriefError(f"{name} could not be read: {exc}")

    def _check_writable(self) -> None:
        if self.newer:
            raise ReadOnlyBriefError("this brief was made by a newer version of Briefing "
                                     "Builder; it can be read but not changed")
        if self.readonly:
            raise ReadOnlyBriefError("this brief is open read-only")

    def apply_ops(self, ops: Iterable[Op]) -> None:
        """Carry out ``ops`` in order, in one transaction.

        Nothing is written beyond the ops: an edit records the item versions it supersedes
        in ``sync_versions`` with ops of its own (see edits.py), so its inverse forgets them.
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

    def keeps_history(self) -> bool:
        """Whether the file has ``sync_versions`` (an older brief opened read-only may not)."""
        if self._has_versions is None:
            self._has_versions = self.has_table("sync_versions")
        return self._has_versions

    @_reads
    def knows_version(self, item_id: str, modified: str) -> bool:
        """Whether (item id, modified) is already in this brief's merge history."""
        return self.keeps_history() and self.conn.execute(
            "SELECT 1 FROM sync_versions WHERE id = ? AND modified = ?",
            [item_id, modified]).fetchone() is not None

    @_reads
    def known_versions(self) -> set[tuple[str, str]]:
        """Every (item id, modified) this brief has superseded or learnt of by merging."""
        if not self.has_table("sync_versions"):
            return set()
        return set(self.conn.execute("SELECT id, modified FROM sync_versions"))

    @_reads
    def foreign_keys(self) -> dict[str, list[tuple[str, str]]]:
        """For each item table, its (column, parent table) references."""
        return {t: [(r[3], r[2]) for r in self.conn.execute(
                    "SELECT * FROM pragma_foreign_key_list(?)", [t])]
                for t in ITEM_TABLES + ("annotation_tags",) if self.has_table(t)}

    def _insert(self, table: str, row: dict) -> None:
        cols = self._checked(table, row)
        sql = (f"INSERT INTO {table} ({', '.join(_q(c) for c in cols)}) "
               f"VALUES ({', '.join('?' for _ in cols)})")
        self.conn.execute(sql, [row[c] for c in cols])
        self._sync_fts(table, row["id"] if "id" in row else None, new=True)

    def _update(self, table: str, key: dict, values: dict) -> None:
        cols = self._checked(table, values)
        where = " AND ".join(f"{_q(c)} = ?" for c in self._checked(table, key))
        cursor = self.conn.execute(
            f"UPDATE {table} SET {', '.join(f'{_q(c)} = ?' for c in cols)} WHERE {where}",
            [values[c] for c in cols] + list(key.values()))
        if cursor.rowcount != 1:
            raise NotFoundError(f"{table[:-1] if table.endswith('s') else table} not found")
        if FTS_COLUMNS.get(table, set()) & set(values):
            self._sync_fts(table, key.get("id"))

    def _delete(self, table: str, key: dict) -> None:
        where = " AND ".join(f"{_q(c)} = ?" for c in self._checked(table, key))
        cursor = self.conn.execute(f"DELETE FROM {table} WHERE {where}", list(key.values()))
        if cursor.rowcount != 1:
            raise NotFoundError(f"{table} row {key} not found")
        if table in FTS_TABLES:
            self._unindex(table, key["id"])

    def _sync_fts(self, table: str, item_id: str | None, new: bool = False) -> None:
        if table not in FTS_TABLES or item_id is None:
            return
        if not new:
            self._unindex(table, item_id)
        row = self.get(table, item_id)
        source_id, body = FTS_TABLES[table](row)
        cursor = self.conn.execute(
            "INSERT INTO search (kind, item_id, source_id, body) VALUES (?,?,?,?)",
            [FTS_KIND[table], item_id, source_id, body])
        if self._maps_search_rows():
            self.conn.execute("INSERT OR REPLACE INTO search_rowids (kind, item_id, fts_rowid) "
                              "VALUES (?, ?, ?)", [FTS_KIND[table], item_id, cursor.lastrowid])

    def _unindex(self, table: str, item_id: str) -> None:
        """Remove an item's row from the full-text index, found by (kind, id) in the map."""
        kind = FTS_KIND[table]
        if not self._maps_search_rows():  # a file from before 0005 (only read, never written)
            self.conn.execute("DELETE FROM search WHERE kind = ? AND item_id = ?",
                              [kind, item_id])
            return
        found = self.conn.execute("SELECT fts_rowid FROM search_rowids WHERE kind = ? AND "
                                  "item_id = ?", [kind, item_id]).fetchone()
        if found:
            self.conn.execute("DELETE FROM search WHERE rowid = ?", [found[0]])
            self.conn.execute("DELETE FROM search_rowids WHERE kind = ? AND item_id = ?",
                              [kind, item_id])

    def _maps_search_rows(self) -> bool:
        if self._has_search_rowids is None:
            self._has_search_rowids = self.has_table("search_rowids")
        return self._has_search_rowids

    def rebuild_search_index(self) -> None:
        """Recreate the full-text index from the tables (after a merge, or to repair it).

        The index is dropped and made anew with the schema's own statement (a damaged index
        cannot be trusted to delete its own rows), then filled from the items.
        """
        create = next(st for st in _statements(MIGRATIONS[0][1])
                      if st.startswith("CREATE VIRTUAL TABLE search "))
        with self.transaction():
            self.conn.execute("DROP TABLE search")
            self.conn.execute(create)
            if self._maps_search_rows():
                self.conn.execute("DELETE FROM search_rowids")
            for table in FTS_TABLES:
                for (item_id,) in self.conn.execute(f"SELECT id FROM {table}").fetchall():
                    self._sync_fts(table, item_id, new=True)

    @_reads
    def search_index_problems(self) -> list[str]:
        """What is wrong with the full-text index (empty when sound): FTS5's own
        ``integrity-check`` and whether the index and its map match the items.

        All of it can be repaired by :meth:`rebuild_search_index`. The FTS5 check needs a
        write transaction, so a brief open read-only is checked on an in-memory copy.
        """
        conn, copy = self.conn, None
        if self.readonly:
            copy = sqlite3.connect(":memory:", isolation_level=None)
            self.conn.backup(copy)
            conn = copy
        problems = []
        try:
            try:
                conn.execute("INSERT INTO search(search) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as exc:
                problems.append(f"the search index is damaged ({exc})")
            if not problems and self._maps_search_rows() and self.schema_version >= 6:
                problems += _index_map_problems(conn)
        finally:
            if copy is not None:
                copy.close()
        return problems

    def _checked(self, table: str, row: dict) -> list[str]:
        known = self.columns(table)
        cols = list(row)
        unknown = [c for c in cols if c not in known]
        if unknown:
            raise ValueError(f"unknown columns for {table}: {unknown}")
        return cols

    # ------------------------------------------------------------------------- reading
    @_reads
    def columns(self, table: str) -> tuple[str, ...]:
        if table not in self._columns:
            if table not in ITEM_TABLES + tuple(KEYS) + ("tombstones", "merge_conflicts"):
                raise ValueError(f"unknown table {table!r}")
            self._columns[table] = tuple(
                r[1] for r in self.conn.execute(f"PRAGMA table_info({table})"))
        return self._columns[table]

    @_reads
    def get(self, table: str, item_id: str) -> dict:
        row = self.select_one(table, {"id": item_id})
        if row is None:
            raise NotFoundError(f"no {_singular(table)} with id {item_id}")
        return row

    @_reads
    def select(self, table: str, where: dict | None = None, order_by: Iterable[str] = (),
               columns: Iterable[str] | None = None) -> list[dict]:
        """Rows of ``table`` matching ``where`` (column = value, all of them), as dicts."""
        cols = list(columns) if columns else list(self.columns(table))
        where = where or {}
        self._checked(table, dict.fromkeys(cols))
        self._checked(table, where)
        order = [c.removesuffix(" DESC") for c in order_by]
        self._checked(table, dict.fromkeys(order))
        sql = f"SELECT {', '.join(_q(c) for c in cols)} FROM {table}"
        if where:
            sql += " WHERE " + " AND ".join(f"{_q(c)} = ?" for c in where)
        if order_by:
            sql += " ORDER BY " + ", ".join(
                _q(c.removesuffix(" DESC")) + (" DESC" if c.endswith(" DESC") else "")
                for c in order_by)
        cursor = self.conn.execute(sql, list(where.values()))
        return [dict(zip(cols, r)) for r in cursor]

    @_reads
    def select_one(self, table: str, where: dict) -> dict | None:
        rows = self.select(table, where)
        return rows[0] if rows else None

    @_reads
    def brief(self) -> dict:
        return self.select("brief")[0]

    @_reads
    def memo(self) -> dict:
        return self.select("memo")[0]

    @_reads
    def count(self, table: str) -> int:
        self.columns(table)
        return self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    @_reads
    def latest(self, table: str, column: str = "modified"):
        """The greatest value of ``column`` in ``table``; None when the table is empty."""
        self._checked(table, {column: None})
        return self.conn.execute(f"SELECT max({_q(column)}) FROM {table}").fetchone()[0]

    @_reads
    def resolve_id(self, table: str, prefix: str) -> str:
        """The full id in ``table`` that starts with ``prefix`` (4+ characters, unique)."""
        prefix = prefix.strip().lower()
        noun = _singular(table)
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

    @_reads
    def source_file(self, sha256: str) -> bytes | None:
        row = self.conn.execute("SELECT data FROM source_files WHERE sha256 = ?",
                                [sha256]).fetchone()
        return row[0] if row else None

    def search(self, query: str, limit: int = 50) -> list[dict]:
        """Full-text hits for what a user typed: each word matched as a prefix, all required.

        FTS5's ``snippet()`` grows with the square of a document's size (13-23 s on a 4 MB
        source), so it only runs on short texts; a long one gets its snippet from
        :func:`.snippets.bounded_snippet`, which reads a few hundred characters around the first hit.
        """
        words = [w.replace('"', '""') for w in query.split()]
        if not words:
            return []
        match = " ".join(f'"{w}"*' for w in words)
        sql = (f"SELECT kind, item_id, source_id, rowid, CASE WHEN length(body) <= "
               f"{SNIPPET_MAX_BODY} THEN snippet(search, 3, '[', ']', '…', 12) END "
               "FROM search WHERE search MATCH ? ORDER BY rank LIMIT ?")
        try:
            rows = self.conn.execute(sql, [match, limit]).fetchall()
            hits = []
            for kind, item_id, source_id, rowid, snip in rows:
                if snip is None:
                    body = self.conn.execute("SELECT body FROM search WHERE rowid = ?",
                                             [rowid]).fetchone()[0]
                    snip = bounded_snippet(body, query.split())
                hits.append({"kind": kind, "id": item_id, "source_id": source_id,
                             "snippet": snip})
        except sqlite3.DatabaseError:  # a bad query, or a damaged index: no hits, no crash
            return []
        return hits

    @_reads
    def evidence_rows(self, claim_ids: Iterable[str] | None = None) -> list[dict]:
        """Evidence links joined with their annotation and source (for read models): every
        link, or only the links of ``claim_ids``."""
        where, params = "", []
        if claim_ids is not None:
            where, params = f"WHERE e.claim_id IN {_ID_LIST}", [json.dumps(list(claim_ids))]
        sql = f"""SELECT e.id, e.claim_id, e.annotation_id, e.stance, e.note,
                        a.quote, a.start, a.status, a.credibility, a.source_id,
                        s.title AS source_title, s.reliability
                 FROM evidence e JOIN annotations a ON a.id = e.annotation_id
                 JOIN sources s ON s.id = a.source_id {where}
                 ORDER BY e.claim_id, e.created, e.id"""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r)) for r in cursor]

    @_reads
    def select_ids(self, table: str, ids: Iterable[str],
                   columns: Iterable[str] | None = None) -> list[dict]:
        """The rows of ``table`` whose id is among ``ids`` (in no particular order)."""
        cols = list(columns) if columns else list(self.columns(table))
        self._checked(table, dict.fromkeys(cols))
        cursor = self.conn.execute(
            f"SELECT {', '.join(_q(c) for c in cols)} FROM {table} WHERE id IN {_ID_LIST}",
            [json.dumps(list(ids))])
        return [dict(zip(cols, r)) for r in cursor]

    @_reads
    def claims_touched_by(self, ids: Iterable[str]) -> set[str]:
        """Ids of the claims among ``ids`` or whose evidence links, their highlights or those
        highlights' sources are among them: the claims whose read model may have changed."""
        # One indexed lookup a branch (an OR across the tables would scan every link).
        sql = f"""SELECT id FROM claims WHERE id IN {_ID_LIST}
                  UNION SELECT claim_id FROM evidence WHERE id IN {_ID_LIST}
                  UNION SELECT claim_id FROM evidence WHERE annotation_id IN {_ID_LIST}
                  UNION SELECT e.claim_id FROM annotations a
                        JOIN evidence e ON e.annotation_id = a.id
                        WHERE a.source_id IN {_ID_LIST}"""
        listed = json.dumps(list(ids))
        return {r[0] for r in self.conn.execute(sql, [listed] * 4)}

    @_reads
    def annotation_tags(self, source_id: str | None = None) -> dict[str, list[str]]:
        """Tag names per annotation id (of one source's annotations if ``source_id``)."""
        out: dict[str, list[str]] = {}
        sql = ("SELECT at.annotation_id, t.name FROM annotation_tags at "
               "JOIN tags t ON t.id = at.tag_id")
        if source_id:
            sql += (" WHERE at.annotation_id IN "
                    "(SELECT id FROM annotations WHERE source_id = ?)")
        for ann, name in self.conn.execute(sql + " ORDER BY t.name",
                                           [source_id] if source_id else []):
            out.setdefault(ann, []).append(name)
        return out

    @_reads
    def annotation_tags_of(self, annotation_ids: Iterable[str]) -> dict[str, list[str]]:
        """Tag names per annotation id, for the annotations ``annotation_ids`` only."""
        out: dict[str, list[str]] = {}
        sql = (f"SELECT at.annotation_id, t.name FROM annotation_tags at "
               f"JOIN tags t ON t.id = at.tag_id WHERE at.annotation_id IN {_ID_LIST} "
               "ORDER BY t.name")
        for ann, name in self.conn.execute(sql, [json.dumps(list(annotation_ids))]):
            out.setdefault(ann, []).append(name)
        return out

    @_reads
    def evidence_stances(self, source_id: str) -> list[tuple[str, str]]:
        """(annotation id, stance) of every evidence link to one source's highlights."""
        return list(self.conn.execute(
            "SELECT e.annotation_id, e.stance FROM evidence e "
            "JOIN annotations a ON a.id = e.annotation_id WHERE a.source_id = ?", [source_id]))

    def annotation_counts(self) -> dict[str, int]:
        return dict(self.conn.execute(
            "SELECT source_id, count(*) FROM annotations GROUP BY source_id"))

    @_reads
    def integrity_problems(self) -> list[str]:
        """Full ``integrity_check`` and ``foreign_key_check``; empty when the file is sound."""
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"broken reference in {r[0]}" for r in
                     self.conn.execute("PRAGMA foreign_key_check")]
        return problems

    # ----------------------------------------------------------------- copies (share.py)
    def backup_to(self, dest: str | Path) -> None:
        """Write a consistent copy of the whole file to ``dest`` with SQLite's backup API.

        The backup API reads through this connection, so the copy holds exactly the
        committed state even while another program writes (it restarts if the source
        changes mid-copy) and even if the file was moved away while open.
        """
        dest = Path(dest)
        try:
            target = sqlite3.connect(dest, isolation_level=None)
        except sqlite3.Error as exc:  # e.g. a folder that cannot be written: name it, not us
            raise BriefError(f"cannot write in {dest.parent}: {exc}") from None
        try:
            self._backup_with_retries(target)
            target.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.Error as exc:
            raise BriefError(f"cannot write {dest.name} in {dest.parent}: {exc}") from None
        finally:
            target.close()

    def _backup_with_retries(self, target: sqlite3.Connection) -> None:
        """Copy every page to ``target``, waiting for a moment when nobody writes.

        A one-step backup restarts from scratch whenever another program commits, and a
        writer that commits again and again can starve it; each attempt here copies the
        whole file in one step while holding a read transaction (so no commit can land in
        the middle), and a busy file is retried with a growing pause, up to a bound.
        """
        deadline = time.monotonic() + opening.OPEN_WAIT_SECONDS
        pause = 0.01
        while True:
            try:
                self.conn.execute("BEGIN")
                try:
                    self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                    self.conn.backup(target)
                finally:
                    self.conn.execute("COMMIT")
                return
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 0.2)

    def drop_source_files(self) -> int:
        """Remove every original file's bytes and compact the file; returns how many."""
        with self.transaction():
            count = self.conn.execute("DELETE FROM source_files").rowcount
        self.conn.execute("VACUUM")
        return count

    @_reads
    def has_table(self, table: str) -> bool:
        """Whether the file has ``table`` (older briefs opened read-only may lack newer ones)."""
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                                 [table]).fetchone() is not None

    @_reads
    def locations(self, source_id: str) -> list:
        row = self.conn.execute("SELECT locations FROM sources WHERE id = ?",
                                [source_id]).fetchone()
        return _location_map(row[0] if row else None)

    @_reads
    def location_maps(self, source_ids: Iterable[str]) -> dict[str, list]:
        """:meth:`locations` for many sources in one query, by source id."""
        return {r["id"]: _location_map(r["locations"])
                for r in self.select_ids("sources", source_ids, columns=["id", "locations"])}


# ----------------------------------------------------------------------------- helpers
# Importers write at most 200,000 locations (about 4 MB of JSON); a stranger's bigger map
# would cost gigabytes to parse, so it reads as no map.
MAX_LOCATIONS_JSON = 16_000_000


def _location_map(raw: str | None) -> list:
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


def _index_map_problems(conn: sqlite3.Connection) -> list[str]:
    """Items without their one index row, or index rows without their item."""
    items = sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in FTS_TABLES)
    rows = conn.execute("SELECT count(*) FROM search").fetchone()[0]
    mapped = conn.execute("SELECT count(*) FROM search_rowids r JOIN search s ON "
                          "s.rowid = r.fts_rowid AND s.kind = r.kind AND "
                          "s.item_id = r.item_id").fetchone()[0]
    if not items == rows == mapped:
        return [f"the search index does not match the brief ({items} items, {rows} index "
                f"entries, {mapped} mapped)"]
    missing = " UNION ALL ".join(
        f"SELECT 1 FROM {t} WHERE id NOT IN (SELECT item_id FROM search_rowids "
        f"WHERE kind = '{FTS_KIND[t]}')" for t in FTS_TABLES)
    if conn.execute(f"SELECT EXISTS ({missing})").fetchone()[0]:
        return ["the search index lacks some items"]
    return []


# "IN" over a JSON array parameter: any number of ids in one bound value (no variable limit).
_ID_LIST = "(SELECT value FROM json_each(?))"


def _q(column: str) -> str:
    return f'"{column}"'


def _singular(table: str) -> str:
    return {"evidence": "evidence link", "memo_sections": "memo section",
            "memo_blocks": "memo block", "brief": "brief", "memo": "memo",
            "review_items": "review item"}.get(
        table, table[:-1])
