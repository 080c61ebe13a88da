"""The brief file's schema: named, append-only migrations.

Rules for changing it: never edit or reorder a migration that has shipped; add a new one at
the end of ``MIGRATIONS`` and a fixture made by the previous version under
``tests/core/fixtures/`` (``python tests/core/fixtures/make_fixture.py N`` with N the old
number of migrations). ``user_version`` always equals the number of applied migrations, so
a file whose ``user_version`` exceeds ``len(MIGRATIONS)`` comes from a newer app. A new table
is registered in ``desktop/core/tables.py`` (``tests/core/test_tables.py`` checks it).
"""

from __future__ import annotations

# "BrBf" as a big-endian 32-bit integer: lets the app tell its files from other SQLite files.
APPLICATION_ID = 0x42724266

# Columns every user-created row carries, so copies of a brief can be merged later.
_ROW = """
    id TEXT PRIMARY KEY NOT NULL,
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT ''"""

INITIAL = f"""
CREATE TABLE brief ({_ROW},
    title TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT ''
);
CREATE TABLE source_files (
    sha256 TEXT PRIMARY KEY NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE sources ({_ROW},
    title TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    outlet TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    accessed TEXT NOT NULL DEFAULT '',
    reliability TEXT NOT NULL DEFAULT 'F'
        CHECK (reliability IN ('A','B','C','D','E','F')),
    format TEXT NOT NULL DEFAULT 'txt',
    text TEXT NOT NULL DEFAULT '',
    sha256 TEXT,
    locations TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX sources_sha256 ON sources(sha256);
CREATE TABLE annotations ({_ROW},
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    quote TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'exact'
        CHECK (status IN ('exact','moved','fuzzy','orphan')),
    note TEXT NOT NULL DEFAULT '',
    color TEXT NOT NULL DEFAULT '',
    credibility INTEGER CHECK (credibility IS NULL OR credibility BETWEEN 1 AND 6),
    CHECK (start >= 0 AND "end" >= start)
);
CREATE INDEX annotations_source ON annotations(source_id, start);
CREATE TABLE tags ({_ROW},
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    color TEXT NOT NULL DEFAULT ''
);
CREATE TABLE annotation_tags (
    annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
    tag_id TEXT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (annotation_id, tag_id)
);
CREATE INDEX annotation_tags_tag ON annotation_tags(tag_id);
CREATE TABLE claims ({_ROW},
    statement TEXT NOT NULL,
    likelihood TEXT,
    confidence TEXT CHECK (confidence IS NULL OR confidence IN ('low','moderate','high'))
);
CREATE TABLE evidence ({_ROW},
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
    stance TEXT NOT NULL DEFAULT 'supports'
        CHECK (stance IN ('supports','contradicts','context')),
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (claim_id, annotation_id)
);
CREATE INDEX evidence_annotation ON evidence(annotation_id);
CREATE TABLE memo ({_ROW},
    memo_to TEXT NOT NULL DEFAULT '',
    memo_from TEXT NOT NULL DEFAULT '',
    memo_date TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    classification TEXT NOT NULL DEFAULT ''
);
CREATE TABLE memo_sections ({_ROW},
    title TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE memo_blocks ({_ROW},
    section_id TEXT NOT NULL REFERENCES memo_sections(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('prose','claim')),
    text TEXT NOT NULL DEFAULT '',
    claim_id TEXT REFERENCES claims(id) ON DELETE CASCADE,
    CHECK ((kind = 'claim') = (claim_id IS NOT NULL))
);
CREATE INDEX memo_blocks_section ON memo_blocks(section_id, position);
CREATE INDEX memo_blocks_claim ON memo_blocks(claim_id);
CREATE VIRTUAL TABLE search USING fts5(
    kind UNINDEXED, item_id UNINDEXED, source_id UNINDEXED, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""

# Deletions are remembered so that merging two copies cannot bring a deleted item back.
TOMBSTONES = """
CREATE TABLE tombstones (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    deleted TEXT NOT NULL,
    deleted_by TEXT NOT NULL DEFAULT ''
);
"""

# Earlier texts of a source that ``replace-source`` superseded, kept so nothing is lost.
SOURCE_VERSIONS = f"""
CREATE TABLE source_versions ({_ROW},
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    sha256 TEXT,
    format TEXT NOT NULL DEFAULT 'txt',
    locations TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX source_versions_source ON source_versions(source_id, created);
"""

# For merging copies (desktop/core/merge.py). ``sync_versions`` is each item's history as
# (id, modified) pairs: a version is recorded when an edit supersedes or deletes it (and
# when a merge learns another copy's history). It travels inside every copy, even one
# mailed as a plain file, so two copies can tell "changed on one side" (the other side's
# version is in my history) from "changed on both" (neither knows the other's).
# ``merge_conflicts`` keeps the losing version of every conflict, so nothing is lost.
MERGE = """
CREATE TABLE sync_versions (
    id TEXT NOT NULL,
    modified TEXT NOT NULL,
    PRIMARY KEY (id, modified)
) WITHOUT ROWID;
CREATE TABLE merge_conflicts (
    id TEXT PRIMARY KEY NOT NULL,
    item_id TEXT NOT NULL,
    item_table TEXT NOT NULL,
    reason TEXT NOT NULL,
    kept TEXT NOT NULL CHECK (kept IN ('mine', 'theirs')),
    losing_row TEXT,
    other_file TEXT NOT NULL DEFAULT '',
    merged TEXT NOT NULL,
    merged_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX merge_conflicts_item ON merge_conflicts(item_id);
"""

# Where each item's row sits in the full-text index. ``search.item_id`` is UNINDEXED, so
# finding an item's index row by it scans the whole index (tens of milliseconds on a large
# brief, paid by every edit and undo of a highlight, claim or source); this map finds it by
# key. FTS5 keeps its rowids stable (they are an INTEGER PRIMARY KEY), VACUUM included.
SEARCH_ROWIDS = """
CREATE TABLE search_rowids (
    item_id TEXT PRIMARY KEY NOT NULL,
    fts_rowid INTEGER NOT NULL
);
INSERT OR REPLACE INTO search_rowids (item_id, fts_rowid) SELECT item_id, rowid FROM search;
"""

# The index map keyed by kind and id: an id is unique within its table only, so a claim and
# a source sharing one (a stranger's copy) must not share a map entry. Duplicate index rows
# such a collision left behind are dropped (the newest kept) before the map is rebuilt.
SEARCH_KEYS = """
DROP TABLE search_rowids;
DELETE FROM search WHERE rowid NOT IN (SELECT max(rowid) FROM search GROUP BY kind, item_id);
CREATE TABLE search_rowids (
    kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    fts_rowid INTEGER NOT NULL,
    PRIMARY KEY (kind, item_id)
) WITHOUT ROWID;
INSERT INTO search_rowids (kind, item_id, fts_rowid) SELECT kind, item_id, rowid FROM search;
"""

# What the importer doubted about a source (a web page's article that looks incomplete, PDF
# pages without text): its warnings, one a line, until the analyst has checked the source.
# And where each line of a PDF sits on its page (JSON ``[[offset, page, x0, y0, x1, y1], …]``,
# '' for other formats), kept apart from the small location map every citation reads.
IMPORT_FLAGS = """
ALTER TABLE sources ADD COLUMN import_warnings TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN line_boxes TEXT NOT NULL DEFAULT '';
ALTER TABLE source_versions ADD COLUMN line_boxes TEXT NOT NULL DEFAULT '';
"""

# The review round trip (desktop/core/review/). ``exports`` keeps each export's identity and
# the text of every claim, paragraph and footnote as exported (JSON in ``base``): the base a
# reviewed copy is compared with. ``reviews`` is one reviewed .docx read in; ``review_items``
# its comments, tracked changes and direct edits, each placed on a claim, memo paragraph or
# evidence link (``target_kind``/``target_id``; empty when it could not be placed). Their
# ids are derived from the brief, the export and the item itself, so reading the same file
# twice adds nothing and two copies that read it merge as one.
REVIEWS = f"""
CREATE TABLE exports ({_ROW},
    file_name TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL DEFAULT '',
    base TEXT NOT NULL DEFAULT '{{}}'
);
CREATE TABLE reviews ({_ROW},
    export_id TEXT NOT NULL DEFAULT '',
    file_name TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL,
    matched TEXT NOT NULL DEFAULT 'marks' CHECK (matched IN ('marks', 'text'))
);
CREATE TABLE review_items ({_ROW},
    review_id TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    kind TEXT NOT NULL
        CHECK (kind IN ('comment', 'insertion', 'deletion', 'replacement', 'edit')),
    author TEXT NOT NULL DEFAULT '',
    made TEXT NOT NULL DEFAULT '',
    target_kind TEXT NOT NULL DEFAULT ''
        CHECK (target_kind IN ('', 'claim', 'paragraph', 'evidence')),
    target_id TEXT NOT NULL DEFAULT '',
    mark TEXT NOT NULL DEFAULT '',
    placed_by TEXT NOT NULL DEFAULT '' CHECK (placed_by IN ('', 'mark', 'text')),
    quote TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    replies TEXT NOT NULL DEFAULT '[]',
    before TEXT NOT NULL DEFAULT '',
    after TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'accepted', 'rejected', 'done')),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX review_items_review ON review_items(review_id);
CREATE INDEX review_items_target ON review_items(target_id);
"""

# A source's reliability may be "not graded" (NULL): F is a grade ("reliability cannot be
# judged"), not the absence of one. New sources start ungraded; existing rows keep the grade
# they have. SQLite cannot change a CHECK in place, so the table is rebuilt as
# sqlite.org/lang_altertable.html#otheralter says: the store turns foreign keys off before
# the migration's transaction and runs foreign_key_check before it commits (Store._migrate);
# every column, row (rowid included) and index is kept; sources has no trigger or view.
RELIABILITY_NOT_GRADED = f"""
CREATE TABLE new_sources ({_ROW},
    title TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    outlet TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    accessed TEXT NOT NULL DEFAULT '',
    reliability TEXT
        CHECK (reliability IS NULL OR reliability IN ('A','B','C','D','E','F')),
    format TEXT NOT NULL DEFAULT 'txt',
    text TEXT NOT NULL DEFAULT '',
    sha256 TEXT,
    locations TEXT NOT NULL DEFAULT '[]',
    import_warnings TEXT NOT NULL DEFAULT '',
    line_boxes TEXT NOT NULL DEFAULT ''
);
INSERT INTO new_sources (rowid, id, created, modified, created_by, title, author, outlet,
                         published, url, accessed, reliability, format, text, sha256,
                         locations, import_warnings, line_boxes)
    SELECT rowid, id, created, modified, created_by, title, author, outlet,
           published, url, accessed, reliability, format, text, sha256,
           locations, import_warnings, line_boxes FROM sources;
DROP TABLE sources;
ALTER TABLE new_sources RENAME TO sources;
CREATE INDEX sources_sha256 ON sources(sha256);
"""

# (name, SQL): append only.
MIGRATIONS: list[tuple[str, str]] = [
    ("0001_initial", INITIAL),
    ("0002_tombstones", TOMBSTONES),
    ("0003_source_versions", SOURCE_VERSIONS),
    ("0004_merge", MERGE),
    ("0005_search_rowids", SEARCH_ROWIDS),
    ("0006_search_keys", SEARCH_KEYS),
    ("0007_import_flags", IMPORT_FLAGS),
    ("0008_reviews", REVIEWS),
    ("0009_reliability_not_graded", RELIABILITY_NOT_GRADED),
]

# The sha256 of the tables, indexes and columns MIGRATIONS make (schema_check.schema_digest): a
# file with exactly these is checked without building them in memory first. A new migration
# changes it; tests/core/test_schema_check.py says the new value.
SCHEMA_DIGEST = "9d2dc3c941aef0812c762341079c7b2ca96c6f301613f899c9810ccb74bb917c"
