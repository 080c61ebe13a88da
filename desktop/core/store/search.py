"""The full-text index: the FTS5 table ``search`` and its map ``search_rowids``.

The store keeps the index in step with the items inside each write's own transaction, not by
triggers (``trusted_schema=OFF`` forbids the triggers sqlite-utils would make). Each
searchable item has one index row, found by (kind, id) through the map: ``search.item_id``
is UNINDEXED, so finding a row by it would scan the whole index.
"""

from __future__ import annotations

import sqlite3

from ..tables import TABLES
from .schema_check import ident, statements
from .schema import MIGRATIONS
from .snippets import SNIPPET_MAX_BODY, bounded_snippet

# Tables mirrored into the index, and how a row becomes (source id, searchable text).
TEXT_OF = {
    "sources": lambda r: (r["id"], f"{r['title']}\n{r['author']}\n{r['outlet']}\n{r['text']}"),
    "annotations": lambda r: (r["source_id"], f"{r['quote']}\n{r['note']}"),
    "claims": lambda r: ("", r["statement"]),
}
# The columns that searchable text is made of: updating any other column leaves the index be.
TEXT_COLUMNS = {"sources": ("title", "author", "outlet", "text"),
                "annotations": ("source_id", "quote", "note"), "claims": ("statement",)}


class SearchIndex:
    """One brief's full-text index, written through the store's connection.

    :meth:`add`, :meth:`refresh`, :meth:`remove` and :meth:`rebuild` run inside the
    caller's transaction (the store's write gateway); the rest only read.
    """

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._mapped: bool | None = None

    def forget_schema(self) -> None:
        """Tables may have just appeared (a migration ran): look again when next needed."""
        self._mapped = None

    def _maps_rows(self) -> bool:
        if self._mapped is None:
            self._mapped = self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='search_rowids'"
            ).fetchone() is not None
        return self._mapped

    # ----------------------------------------------------------------------- writing
    def add(self, table: str, item_id: str | None) -> None:
        """Index the item ``item_id`` of ``table`` (just inserted) if the table is searchable."""
        if table not in TEXT_OF or item_id is None:
            return
        columns = ("id",) + TEXT_COLUMNS[table]
        values = self.conn.execute(
            f"SELECT {', '.join(ident(c) for c in columns)} FROM {table} WHERE id = ?",
            [item_id]).fetchone()
        source_id, body = TEXT_OF[table](dict(zip(columns, values)))
        kind = TABLES[table].item
        cursor = self.conn.execute(
            "INSERT INTO search (kind, item_id, source_id, body) VALUES (?,?,?,?)",
            [kind, item_id, source_id, body])
        if self._maps_rows():
            self.conn.execute("INSERT OR REPLACE INTO search_rowids (kind, item_id, fts_rowid) "
                              "VALUES (?, ?, ?)", [kind, item_id, cursor.lastrowid])

    def refresh(self, table: str, item_id: str | None, changed: set[str]) -> None:
        """Re-index an item whose columns ``changed`` (nothing to do unless its text did)."""
        if item_id is None or not set(TEXT_COLUMNS.get(table, ())) & changed:
            return
        self.remove(table, item_id)
        self.add(table, item_id)

    def remove(self, table: str, item_id: str) -> None:
        """Remove an item's row from the index, found by (kind, id) in the map."""
        if table not in TEXT_OF:
            return
        kind = TABLES[table].item
        if not self._maps_rows():  # a file from before 0005 (only read, never written)
            self.conn.execute("DELETE FROM search WHERE kind = ? AND item_id = ?",
                              [kind, item_id])
            return
        found = self.conn.execute("SELECT fts_rowid FROM search_rowids WHERE kind = ? AND "
                                  "item_id = ?", [kind, item_id]).fetchone()
        if found:
            self.conn.execute("DELETE FROM search WHERE rowid = ?", [found[0]])
            self.conn.execute("DELETE FROM search_rowids WHERE kind = ? AND item_id = ?",
                              [kind, item_id])

    def rebuild(self) -> None:
        """Make the index anew from the items (inside the caller's transaction).

        The index is dropped and made with the schema's own statement (a damaged index
        cannot be trusted to delete its own rows), then filled from the items.
        """
        create = next(st for st in statements(MIGRATIONS[0][1])
                      if st.startswith("CREATE VIRTUAL TABLE search "))
        self.conn.execute("DROP TABLE search")
        self.conn.execute(create)
        if self._maps_rows():
            self.conn.execute("DELETE FROM search_rowids")
        for table in TEXT_OF:
            for (item_id,) in self.conn.execute(f"SELECT id FROM {table}").fetchall():
                self.add(table, item_id)

    # ----------------------------------------------------------------------- reading
    def search(self, query: str, limit: int = 50) -> list[dict]:
        """Full-text hits for what a user typed: each word matched as a prefix, all required.

        FTS5's ``snippet()`` grows with the square of a document's size (13-23 s on a 4 MB
        source), so it only runs on short texts; a long one gets its snippet from
        :func:`.snippets.bounded_snippet`, which reads a few hundred characters around the
        first hit.
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

    def problems(self, *, readonly: bool, schema_version: int) -> list[str]:
        """What is wrong with the index (empty when sound): FTS5's own ``integrity-check``
        and whether the index and its map match the items.

        The FTS5 check needs a write transaction, so a brief open read-only is checked on
        an in-memory copy.
        """
        conn, copy = self.conn, None
        if readonly:
            copy = sqlite3.connect(":memory:", isolation_level=None)
            self.conn.backup(copy)
            conn = copy
        problems = []
        try:
            try:
                conn.execute("INSERT INTO search(search) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as exc:
                problems.append(f"the search index is damaged ({exc})")
            if not problems and self._maps_rows() and schema_version >= 6:
                problems += _map_problems(conn)
        finally:
            if copy is not None:
                copy.close()
        return problems


def _map_problems(conn: sqlite3.Connection) -> list[str]:
    """Items without their one index row, or index rows without their item."""
    items = sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TEXT_OF)
    rows = conn.execute("SELECT count(*) FROM search").fetchone()[0]
    mapped = conn.execute("SELECT count(*) FROM search_rowids r JOIN search s ON "
                          "s.rowid = r.fts_rowid AND s.kind = r.kind AND "
                          "s.item_id = r.item_id").fetchone()[0]
    if not items == rows == mapped:
        return [f"the search index does not match the brief ({items} items, {rows} index "
                f"entries, {mapped} mapped)"]
    missing = " UNION ALL ".join(
        f"SELECT 1 FROM {t} WHERE id NOT IN (SELECT item_id FROM search_rowids "
        f"WHERE kind = '{TABLES[t].item}')" for t in TEXT_OF)
    if conn.execute(f"SELECT EXISTS ({missing})").fetchone()[0]:
        return ["the search index lacks some items"]
    return []
