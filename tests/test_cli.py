"""The ``brief`` command end to end on real files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from desktop.cli import main

ARTICLE = ("Grain corridors reopened in spring.\n"
           "Insurers raised premiums for ships in the Black Sea by a third.\n"
           "Officials expect exports to recover by autumn, café owners say 🌍.\n")


@pytest.fixture
def run(capsys):
    def run(*argv, code=0):
        result = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        assert result == code, err
        return out, err
    return run


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "grain.txt"
    path.write_bytes(ARTICLE.encode())
    return path


def test_whole_flow(run, tmp_path, article):
    b = tmp_path / "flow.brief"
    run("new", b, "--title", "Grain", "--author", "Ana")
    source = run("add-source", b, article, "--reliability", "b", "--outlet", "Wire",
                 "--published", "2026-05-01")[0].strip()
    assert len(source) == 32
    ann = run("annotate", b, source[:6], "--quote", "raised premiums", "--tag", "cost",
              "--tag", "shipping", "--credibility", "2", "--note", "key")[0].strip()
    claim = run("claim", b, "Shipping costs will stay high.", "--likelihood", "likely",
                "--confidence", "moderate", "--section", "BOTTOM LINE")[0].strip()
    run("link", b, claim[:5], ann[:5], "--stance", "supports", "--note", "direct")
    run("paragraph", b, "--section", "analysis", "Premiums **rose** sharply.")
    run("memo", b, "--to", "Director", "--subject", "Grain")

    info = json.loads(run("info", b, "--json")[0])
    assert info == {"title": "Grain", "author": "Ana", "schema_version": info["schema_version"],
                    "sources": 1, "annotations": 1, "claims": 1, "links": 1}
    sources = json.loads(run("sources", b, "--json")[0])
    assert sources[0]["reliability"] == "B" and sources[0]["outlet"] == "Wire"
    anns = json.loads(run("annotations", b, "--json", "--source", source[:8])[0])
    assert anns[0]["quote"] == "raised premiums" and anns[0]["tags"] == ["cost", "shipping"]
    assert anns[0]["location"] == "¶ 2"
    claims = json.loads(run("claims", b, "--json")[0])
    assert claims[0]["evidence"][0]["grade"] == "B2"
    memo = json.loads(run("memo", b, "--json")[0])
    assert memo["header"]["memo_to"] == "Director"
    assert memo["sections"][0]["blocks"][0]["claim"] == claim
    hits = json.loads(run("search", b, "premi", "--json")[0])
    assert {h["kind"] for h in hits} == {"source", "annotation"}
    out, _ = run("check", b)
    assert "single source" in out and "ok: the file is sound" in out
    text_out, _ = run("claims", b)
    assert "supports" in text_out and "B2" in text_out


def test_second_occurrence_and_emoji(run, tmp_path):
    b = tmp_path / "e.brief"
    run("new", b)
    src = tmp_path / "e.txt"
    src.write_text("🌍 the deal held. 🌍 the deal held again.", encoding="utf-8")
    source = run("add-source", b, src)[0].strip()
    ann = run("annotate", b, source, "--quote", "the deal held", "--occurrence", "2")[0].strip()
    rows = json.loads(run("annotations", b, "--json")[0])
    assert rows[0]["id"] == ann and rows[0]["start"] == 19


def test_stdin_source(tmp_path):
    b = tmp_path / "s.brief"
    assert main(["new", str(b)]) == 0
    proc = subprocess.run([sys.executable, "-m", "desktop.cli", "add-source", str(b), "-",
                           "--title", "Pasted"], input="Pasted words here.".encode(),
                          capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.decode().strip()) == 32


@pytest.mark.parametrize("argv, message", [
    (["info", "{missing}"], "does not exist"),
    (["info", "{textfile}"], "not a brief"),
    (["annotate", "{brief}", "abcd", "--quote", "x"], "no source with id abcd"),
    (["annotate", "{brief}", "{source}", "--quote", "not in the text"], "does not occur"),
    (["claim", "{brief}", "x", "--likelihood", "perhaps"], "unknown likelihood"),
    (["claim", "{brief}", "x", "--section", "Nowhere"], "no memo section called"),
    (["paragraph", "{brief}", "--section", "nowhere", "x"], "no memo section"),
    (["link", "{brief}", "abc", "def0"], "too short"),
    (["add-source", "{brief}", "{missing}"], "does not exist"),
    (["add-source", "{brief}", "{empty}"], "is empty"),
    (["add-source", "{brief}", "{textfile}", "--reliability", "Q"], "A-F"),
    (["add-source", "{brief}", "{article}"], "already in the brief"),
    (["new", "{brief}"], "already exists"),
])
def test_user_mistakes_give_one_error_line_and_exit_1(run, tmp_path, article, argv, message):
    brief = tmp_path / "x.brief"
    run("new", brief)
    source = run("add-source", brief, article)[0].strip()
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "empty.txt").write_bytes(b"")
    before = brief.read_bytes()
    values = {"missing": tmp_path / "missing.brief", "textfile": tmp_path / "notes.txt",
              "brief": brief, "source": source, "article": article,
              "empty": tmp_path / "empty.txt"}
    _, err = run(*[a.format(**values) for a in argv], code=1)
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
    assert brief.read_bytes() == before


def test_wrong_usage_exits_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "desktop.cli", "claim"], capture_output=True)
    assert proc.returncode == 2 and b"usage" in proc.stderr


def test_check_reports_damage_with_exit_1(run, tmp_path, article):
    import sqlite3

    b = tmp_path / "d.brief"
    run("new", b)
    run("add-source", b, article)
    conn = sqlite3.connect(b)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("UPDATE annotations SET source_id = 'gone'")
    conn.execute("INSERT INTO annotation_tags VALUES ('gone', 'gone')")
    conn.commit()
    conn.close()
    _, err = run("check", b, code=1)
    assert err.startswith("error: ") and "damaged" in err


def test_control_characters_from_a_brief_never_reach_the_terminal(tmp_path):
    """A stranger's title with escape sequences (retitle the terminal, C1 CSI) is printed as
    visible \\uXXXX escapes, by every output path: text, JSON and error lines."""
    from desktop.core import edits
    from desktop.core.store import Store

    path = tmp_path / "hostile.brief"
    hostile = "Budget\x1b]0;pwned\x07 memo\x9b2J\r"
    with Store.create(path, title=hostile) as store:
        edits.add_claim(store, "Tariffs rise\x1b[2J.").apply(store)
    for argv in (["info", path], ["info", "--json", path], ["claims", path],
                 ["paragraph", path, "--section", "No such\x1b[31m section", "text"]):
        result = subprocess.run([sys.executable, "-m", "desktop.cli", *map(str, argv)],
                                capture_output=True, timeout=60)
        shown = result.stdout + result.stderr
        assert not any(b in shown for b in (b"\x1b", b"\x07", b"\xc2\x9b", b"\r")), argv
        assert b"\\u001b" in shown or b"\\x1b" in shown, (argv, shown)  # shown, escaped
