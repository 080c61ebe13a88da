"""The display-only open of ``brief info`` (store/display.py): it skips the whole-file checks,
so it must show exactly what the full open shows on sound briefs, refuse every file whose
shown values or read pages are wrong in one line, stay hardened, and be used by info alone.
"""

from __future__ import annotations

import ast
import hashlib
import json
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.cli import main
from desktop.core import edits, queries
from desktop.core.errors import BriefError
from desktop.core.model import SourceInput
from desktop.core.store import Store, display, opening
from desktop.core.store.display import brief_info

ROOT = Path(__file__).resolve().parents[2]
TEXT = "Ports reopened after the storm. Freight rates fell by a tenth within a month. " * 30


def _brief(path: Path) -> Path:
    """A brief with a source and its file, highlights, claims and links."""
    with Store.create(path, title="Ports — “Q3”", author="Analyst Ä", user="maker") as store:
        add = edits.add_source(store, SourceInput(text=TEXT, title="Wire", reliability="B",
                                                  original=TEXT.encode()))
        add.apply(store)
        section = store.select("memo_sections")[0]["id"]
        for i in range(30):
            claim = edits.add_claim(store, f"Claim {i}: rates fall.", section_id=section)
            claim.apply(store)
            ann = edits.add_annotation(store, add.item_id, i * 10, i * 10 + 25, note=f"n{i}")
            ann.apply(store)
            edits.link_evidence(store, claim.item_id, ann.item_id).apply(store)
    return path


@pytest.fixture(scope="module")
def sound(tmp_path_factory) -> Path:
    return _brief(tmp_path_factory.mktemp("display") / "sound.brief")


@pytest.fixture
def copy(sound, tmp_path):
    def make(name: str = "case.brief") -> Path:
        return Path(shutil.copyfile(sound, tmp_path / name))
    return make


def _raw(path: Path, *statements: str) -> Path:
    conn = sqlite3.connect(path, isolation_level=None)
    for sql in statements:
        conn.execute(sql)
    conn.close()
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _info_refuses(path: Path, capsys, *, says: str) -> None:
    """``brief info`` exits 1 with one `error:` line naming the file, prints nothing else,
    and leaves the bytes; ``brief check`` (the full open) refuses the file too."""
    before = _digest(path)
    assert main(["info", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"error: {path.name} "), err
    assert says in err and "internal error" not in err, err
    assert main(["check", str(path)]) == 1
    capsys.readouterr()
    assert _digest(path) == before


# ------------------------------------------------------------------ same output as before
@pytest.mark.parametrize("which", ["made here", "example", "empty"])
def test_info_prints_what_the_full_open_reads_on_sound_briefs(which, sound, tmp_path, capsys):
    if which == "example":
        path = Path(shutil.copyfile(ROOT / "briefs" / "example.brief", tmp_path / "ex.brief"))
    elif which == "empty":
        path = tmp_path / "new.brief"
        Store.create(path, title="", author="").close()
    else:
        path = sound
    with Store.open(path, readonly=True) as store:
        full = queries.info(store)
    assert brief_info(path) == (full, [])
    assert main(["info", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{k.replace('_', ' ')}: {v}" for k, v in full.items()]
    assert main(["info", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == full


def test_info_of_a_newer_brief_shows_its_version(copy):
    path = _raw(copy(), "PRAGMA user_version=99")
    with Store.open(path, readonly=True) as store:
        full = queries.info(store)
    assert brief_info(path)[0] == full and full["schema_version"] == 99


# ------------------------------------------------------------------------ hostile files
@pytest.mark.parametrize("column", ["title", "author"])
@pytest.mark.parametrize("value", ["x'00ff10'", "x''", "x'54657374'"])
def test_a_shown_value_of_the_wrong_type_is_damage(copy, capsys, column, value):
    """A BLOB (even of valid UTF-8) where text belongs; numbers become text in a TEXT
    column, and NOT NULL keeps NULL out, so a BLOB is the one wrong type a file can hold."""
    path = _raw(copy(), f"UPDATE brief SET {column} = {value}")
    _info_refuses(path, capsys, says="is damaged: its title or author is not text")


@pytest.mark.parametrize("statements, says", [
    (["DELETE FROM brief"], "has no brief record"),
    (["INSERT INTO brief SELECT 'b2', created, modified, created_by, title, author FROM brief"],
     "has no brief record"),
    (["DELETE FROM memo"], "has no memo record"),
], ids=["no brief row", "two brief rows", "no memo row"])
def test_the_brief_and_memo_records_must_be_one_each(copy, capsys, statements, says):
    path = copy()
    columns = [r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(brief)")]
    assert columns == ["id", "created", "modified", "created_by", "title", "author"]
    _info_refuses(_raw(path, "PRAGMA foreign_keys=OFF", *statements), capsys, says=says)


@pytest.mark.parametrize("keep", ["half", "all but the last page"])
def test_a_truncated_brief_is_damage(copy, capsys, keep):
    path = copy()
    data = path.read_bytes()
    page = int.from_bytes(data[16:18], "big")
    path.write_bytes(data[: len(data) // 2 if keep == "half" else len(data) - page])
    _info_refuses(path, capsys, says="is damaged: the file is truncated")


def test_a_corrupt_page_of_a_counted_table_is_damage(copy, capsys):
    """Every b-tree of the claims table (its rows and its indexes) overwritten: whichever
    one SQLite counts, it reads a page that is not a b-tree page."""
    path = copy()
    conn = sqlite3.connect(path)
    roots = [r[0] for r in conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE tbl_name = 'claims' AND rootpage > 0")]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    for root in roots:
        data[(root - 1) * page: root * page] = b"\xff" * page
    path.write_bytes(bytes(data))
    _info_refuses(path, capsys, says="is damaged")


@pytest.mark.parametrize("statement, says", [
    ("CREATE TRIGGER evil AFTER INSERT ON claims BEGIN DELETE FROM sources; END",
     "contains a trigger (evil)"),
    ("CREATE VIEW everything AS SELECT * FROM sources", "contains a view (everything)"),
    ("CREATE TABLE notes (x TEXT)", "contains a table (notes)"),
    ("CREATE INDEX by_statement ON claims(statement)", "contains a index (by_statement)"),
], ids=["trigger", "view", "table", "index"])
def test_anything_the_migrations_did_not_make_is_refused(copy, capsys, statement, says):
    _info_refuses(_raw(copy(), statement), capsys, says=says)


def test_a_changed_definition_is_refused(copy, capsys):
    path = copy()
    conn = sqlite3.connect(path, isolation_level=None)
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("UPDATE sqlite_master SET sql = replace(sql, 'title TEXT NOT NULL', "
                 "'title NOT NULL') WHERE name = 'brief'")
    conn.execute(f"PRAGMA schema_version={version + 1}")
    conn.close()
    _info_refuses(path, capsys, says="brief is defined differently")


@pytest.mark.parametrize("application_id, says", [
    (0, "not a brief"), (1234, "another application"), (None, "table brief is missing")],
    ids=["plain sqlite", "another app", "our id, other tables"])
def test_a_foreign_sqlite_database_is_refused(tmp_path, capsys, application_id, says):
    from desktop.core.store.schema import APPLICATION_ID

    path = tmp_path / "places.brief"
    _raw(path, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)",
         "INSERT INTO moz_places (url) VALUES ('https://example.org')",
         f"PRAGMA application_id={APPLICATION_ID if application_id is None else application_id}")
    _info_refuses(path, capsys, says=says)


def _pending_wal(path: Path, statement: str) -> tuple[bytes, bytes]:
    """The -wal and -shm of ``path`` in WAL mode with ``statement`` not checkpointed;
    ``path`` itself is left as it was."""
    work = Path(shutil.copyfile(path, path.with_name("wal-" + path.name)))
    conn = sqlite3.connect(work, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute(statement)
    sides = (Path(f"{work}-wal").read_bytes(), Path(f"{work}-shm").read_bytes())
    conn.close()
    assert sides[0]
    return sides


def test_a_stray_wal_beside_the_brief_is_not_read_and_is_reported(copy, capsys):
    path = copy()
    wal, shm = _pending_wal(copy("other.brief"), "DELETE FROM evidence")
    Path(f"{path}-wal").write_bytes(wal)
    Path(f"{path}-shm").write_bytes(shm)
    before = _digest(path), _digest(Path(f"{path}-wal"))
    with Store.open(path, readonly=True) as store:
        full, notices = queries.info(store), store.notices
    assert full["links"] == 30 and "was not read" in notices[0]
    assert brief_info(path) == (full, notices)
    assert main(["info", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "links: 30"
    assert err == f"warning: {notices[0]}\n"
    assert (_digest(path), _digest(Path(f"{path}-wal"))) == before


def test_a_wal_mode_brief_with_pending_changes_is_left_to_a_writable_open(copy, capsys):
    path = copy()
    wal, shm = _pending_wal(path, "DELETE FROM evidence")
    with sqlite3.connect(path, isolation_level=None) as conn:  # the same file in WAL mode
        conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    Path(f"{path}-wal").write_bytes(wal)
    Path(f"{path}-shm").write_bytes(shm)
    with pytest.raises(BriefError, match="WAL mode") as full:
        Store.open(path, readonly=True)
    before = _digest(path), _digest(Path(f"{path}-wal"))
    assert main(["info", str(path)]) == 1
    assert capsys.readouterr().err == f"error: {full.value}\n"
    assert (_digest(path), _digest(Path(f"{path}-wal"))) == before


def test_the_reads_are_bounded_in_time(sound, monkeypatch):
    monkeypatch.setattr(display, "OPEN_CHECK_SECONDS", -1.0)
    with pytest.raises(BriefError, match="took too long"):
        brief_info(sound)


def _index_page(size: int, child: int | None) -> bytes:
    """An index b-tree page: interior, every cell and the right-most pointer on ``child``;
    or (``child`` None) a leaf with one cell. Each cell's record is the integer 5."""
    record = bytes([3, 2, 1, 5])  # payload size, then the record: header size, int8, value
    cell = record if child is None else child.to_bytes(4, "big") + record
    header = 8 if child is None else 12
    count = 1 if child is None else (size - header) // (len(cell) + 2)
    start = size - count * len(cell)
    page = bytearray(size)
    page[0] = 0x0A if child is None else 0x02
    page[3:5], page[5:7] = count.to_bytes(2, "big"), start.to_bytes(2, "big")
    if child is not None:
        page[8:12] = child.to_bytes(4, "big")
    for i in range(count):
        page[header + 2 * i: header + 2 * i + 2] = (start + i * len(cell)).to_bytes(2, "big")
        page[start + i * len(cell): start + (i + 1) * len(cell)] = cell
    return bytes(page)


def test_an_index_whose_pages_repeat_for_ever_is_interrupted(copy, monkeypatch, capsys):
    """Every index of the counted tables replaced by 5 levels of pages that each point ~400
    times at the next (400^5 leaves to count; integrity_check calls it a 2nd reference).
    One count is one step of SQLite's machine, so only the watchdog can stop it."""
    path = copy()
    conn = sqlite3.connect(path)
    roots = [r[0] for r in conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name IN "
        "('brief', 'memo', 'sources', 'annotations', 'claims', 'evidence')")]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    first = len(data) // size + 1
    chain = [_index_page(size, first + i + 1) for i in range(4)] + [_index_page(size, None)]
    data += b"".join(chain)
    for root in roots:
        data[(root - 1) * size: root * size] = _index_page(size, first)
    data[28:32] = (len(data) // size).to_bytes(4, "big")
    path.write_bytes(bytes(data))
    monkeypatch.setattr(display, "OPEN_CHECK_SECONDS", 1.0)
    started = time.monotonic()
    _info_refuses(path, capsys, says="took too long to check")
    assert time.monotonic() - started < 20


def test_the_connection_is_hardened_for_untrusted_files(sound, monkeypatch):
    seen = {}
    read = display._info

    def spy(conn, name):
        seen.update({p: conn.execute(f"PRAGMA {p}").fetchone()[0] for p in (
            "query_only", "trusted_schema", "cell_size_check", "mmap_size")})
        seen["attached"] = conn.getlimit(sqlite3.SQLITE_LIMIT_ATTACHED)
        seen["length"] = conn.getlimit(sqlite3.SQLITE_LIMIT_LENGTH)
        return read(conn, name)

    monkeypatch.setattr(display, "_info", spy)
    brief_info(sound)
    assert seen == {"query_only": 1, "trusted_schema": 0, "cell_size_check": 1,
                    "mmap_size": 0, "attached": 0, "length": opening.MAX_VALUE_BYTES}


_SOUND: list[bytes] = []


@settings(max_examples=80, deadline=3000,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_fuzzed_briefs_give_a_brief_error_or_values_of_the_right_types(tmp_path, data):
    folder = tmp_path / "fuzz"
    folder.mkdir(exist_ok=True)
    if not _SOUND:
        _SOUND.append(_brief(folder / "sound.brief").read_bytes())
    raw = bytearray(_SOUND[0])
    for _ in range(data.draw(st.integers(1, 12), label="mutations")):
        raw[data.draw(st.integers(0, len(raw) - 1), label="offset")] = data.draw(
            st.integers(0, 255), label="byte")
    if data.draw(st.booleans(), label="truncate"):
        del raw[data.draw(st.integers(0, len(raw)), label="length"):]
    path = folder / f"fuzz-{hashlib.sha1(raw).hexdigest()[:12]}.brief"
    path.write_bytes(bytes(raw))
    try:
        info, notices = brief_info(path)
    except BriefError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert isinstance(info["title"], str) and isinstance(info["author"], str)
        assert all(type(info[k]) is int and info[k] >= 0 for k in (
            "sources", "annotations", "claims", "links"))
        assert type(info["schema_version"]) is int and notices == []
    assert path.read_bytes() == bytes(raw)
    path.unlink()


# ------------------------------------------------------------------------------- scope
def _display_users() -> set[tuple[str, str]]:
    """(file, enclosing function) of every import of store.display or use of brief_info
    anywhere in desktop/, outside the module itself."""
    found = set()
    for file in sorted((ROOT / "desktop").rglob("*.py")):
        rel = file.relative_to(ROOT).as_posix()
        if rel == "desktop/core/store/display.py":
            continue

        def visit(node, where: str) -> None:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                where = node.name if where == "<module>" else f"{where}.{node.name}"
            hit = (isinstance(node, ast.ImportFrom)
                   and ((node.module or "").split(".")[-1] == "display"
                        or any(a.name in ("display", "brief_info") for a in node.names))
                   or isinstance(node, ast.Import)
                   and any(a.name.endswith("store.display") for a in node.names)
                   or isinstance(node, ast.Attribute) and node.attr == "brief_info"
                   or isinstance(node, ast.Name) and node.id == "brief_info")
            if hit:
                found.add((rel, where))
            for child in ast.iter_child_nodes(node):
                visit(child, where)

        visit(ast.parse(file.read_text(encoding="utf-8")), "<module>")
    return found


def test_only_brief_info_uses_the_display_only_open():
    assert _display_users() == {("desktop/cli_commands/brief.py", "info")}


def test_the_display_only_open_returns_plain_values_only(sound):
    """No store, connection or row object leaves it: only str and int values."""
    info, notices = brief_info(sound)
    assert {type(v) for v in info.values()} == {str, int} and type(info) is dict
    assert type(notices) is list and notices == []
