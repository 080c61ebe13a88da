"""``brief add-source`` and ``brief replace-source`` on real files, and bad input."""

from __future__ import annotations

import io
import json
import sys

import pytest

from desktop.cli import main
from desktop.core.store import Store

OLD = ("The ministry announced on Monday that grain exports would resume next week.\n\n"
       "Officials said port capacity remains the main constraint on shipments.\n\n"
       "A spokesman declined to comment on the naval escort arrangements.\n")
NEW = ("UPDATED. The ministry announced on Monday that grain exports would resume next week.\n\n"
       "Officials said port capacity is still the main constraint on shipments.\n")


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path, samples):
    paths = {
        "txt": ("notes.txt", OLD.encode("utf-16")),
        "md": ("notes.md", b"# Notes\n\n- **Ports** reopened"),
        "html": ("page.html", samples.page().encode()),
        "docx": ("note.docx", samples.docx(footnote="Ministry statement.")),
        "pdf": ("report.pdf", samples.pdf(["Page one text.", "Page two text."],
                                          title="Outlook", author="Institute")),
    }
    out = {}
    for fmt, (name, data) in paths.items():
        out[fmt] = tmp_path / name
        out[fmt].write_bytes(data)
    return out


def test_add_source_each_format(capsys, brief_path, files):
    for fmt, path in files.items():
        code, out, err = run(capsys, "add-source", brief_path, path)
        assert code == 0, err
    code, out, _ = run(capsys, "sources", brief_path, "--json")
    rows = json.loads(out)
    assert sorted(r["format"] for r in rows) == sorted(files)
    html = next(r for r in rows if r["format"] == "html")
    assert html["outlet"] == "The Daily Ledger" and html["published"] == "2024-05-13"
    pdf = next(r for r in rows if r["format"] == "pdf")
    assert (pdf["title"], pdf["author"]) == ("Outlook", "Institute")
    code, out, _ = run(capsys, "annotate", brief_path, pdf["id"], "--quote", "Page two")
    code, out, _ = run(capsys, "annotations", brief_path, "--json")
    assert json.loads(out)[0]["location"] == "p. 2"


def test_metadata_options_override_the_file(capsys, brief_path, files):
    code, out, err = run(capsys, "add-source", brief_path, files["html"], "--title", "Mine",
                         "--outlet", "Wire", "--published", "2024-06-01", "--reliability", "B")
    assert code == 0, err
    row = json.loads(run(capsys, "sources", brief_path, "--json")[1])[0]
    assert (row["title"], row["outlet"], row["published"], row["reliability"]) == (
        "Mine", "Wire", "2024-06-01", "B")
    assert row["author"] == "Maria Kovacs"


def test_format_option_and_stdin(capsys, brief_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"# Heading\n\n*x* y")))
    code, out, err = run(capsys, "add-source", brief_path, "-", "--format", "md")
    assert code == 0, err
    with Store.open(brief_path) as store:
        assert store.get("sources", out.strip())["text"] == "Heading\n\nx y"


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "is empty"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(300), "PNG image"),
    ("blob.txt", bytes(range(256)) * 4, "binary"),
    ("menu.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article"),
    ("bad.txt", bytes(range(0x80, 0x100)) * 4, "encoded"),
    ("cut.pdf", None, "truncated"),
    ("locked.pdf", None, "password-protected"),
])
def test_bad_input_leaves_the_brief_unchanged(capsys, brief_path, tmp_path, samples, name,
                                              data, message):
    if name == "cut.pdf":
        data = samples.pdf(["Some text"])[:600]
    elif name == "locked.pdf":
        data = samples.pdf(["Some text"], user_password="pw")
    path = tmp_path / name
    path.write_bytes(data)
    before = brief_path.read_bytes()
    code, out, err = run(capsys, "add-source", brief_path, path)
    assert code == 1 and out == ""
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
    assert brief_path.read_bytes() == before


def test_same_file_twice_is_reported(capsys, brief_path, files):
    assert run(capsys, "add-source", brief_path, files["pdf"])[0] == 0
    code, _, err = run(capsys, "add-source", brief_path, files["pdf"])
    assert code == 1 and "already in the brief" in err


def test_partial_pdf_warns(capsys, brief_path, tmp_path, samples):
    path = tmp_path / "scan.pdf"
    path.write_bytes(samples.pdf(["Text page", ""]))
    code, out, err = run(capsys, "add-source", brief_path, path)
    assert code == 0 and err.startswith("warning: ") and "page 2 of 2" in err


def test_replace_source_reports_counts(capsys, brief_path, tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(OLD)
    new.write_text(NEW)
    source = run(capsys, "add-source", brief_path, old)[1].strip()
    for quote in ("grain exports would resume", "port capacity remains the main constraint",
                  "declined to comment on the naval escort", "The ministry"):
        assert run(capsys, "annotate", brief_path, source[:8], "--quote", quote)[0] == 0
    before = json.loads(run(capsys, "sources", brief_path, "--json")[1])
    code, out, err = run(capsys, "replace-source", brief_path, source[:8], new)
    assert code == 0
    assert out.splitlines() == ["exact: 0", "moved: 2", "fuzzy: 1", "orphan: 1"]
    assert "1 highlight(s) could not be found" in err
    notes = json.loads(run(capsys, "annotations", brief_path, "--json")[1])
    assert sorted(a["status"] for a in notes) == ["fuzzy", "moved", "moved", "orphan"]
    assert json.loads(run(capsys, "sources", brief_path, "--json")[1])[0]["title"] == \
        before[0]["title"]
    with Store.open(brief_path) as store:
        assert [v["text"] for v in store.select("source_versions")] == [OLD.strip()]
    code, out, err = run(capsys, "replace-source", brief_path, source[:8], new, "--json")
    assert code == 1 and "already has" in err


def test_replace_source_bad_file_changes_nothing(capsys, brief_path, tmp_path):
    old = tmp_path / "old.txt"
    old.write_text(OLD)
    source = run(capsys, "add-source", brief_path, old)[1].strip()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    before = brief_path.read_bytes()
    code, _, err = run(capsys, "replace-source", brief_path, source, empty)
    assert code == 1 and err == "error: empty.txt is empty\n"
    assert brief_path.read_bytes() == before


def test_previous_versions_stay_recoverable(capsys, brief_path, tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(OLD)
    new.write_text(NEW)
    source = run(capsys, "add-source", brief_path, old)[1].strip()
    assert run(capsys, "replace-source", brief_path, source, new)[0] == 0
    code, out, _ = run(capsys, "source-versions", brief_path, source[:8], "--json")
    versions = json.loads(out)
    assert code == 0 and [v["text"] for v in versions] == [OLD.strip()]
    code, out, _ = run(capsys, "source-versions", brief_path, source, "--text",
                       versions[0]["id"][:6])
    assert out == OLD.strip() + "\n"
    code, out, _ = run(capsys, "source-versions", brief_path, source)
    assert out.startswith(versions[0]["id"][:8]) and "txt" in out


def test_annotate_a_quote_copied_as_one_line_from_a_pdf(capsys, brief_path, tmp_path, samples):
    long = ("The delegation said the 'agreement' had been drafted over several months "
            "of talks in the capital, and that the final text would be published once both "
            "parliaments had ratified it, probably before the end of the year.")
    path = tmp_path / "minutes.pdf"
    path.write_bytes(samples.pdf([long * 2]))
    code, out, _ = run(capsys, "add-source", brief_path, path)
    source = out.strip()
    quote = ("the 'agreement' had been drafted over several months of talks in the capital, "
             "and that the final text would be published")  # one line, as copied
    code, out, err = run(capsys, "annotate", brief_path, source, "--quote", quote,
                         "--occurrence", "2")
    assert code == 0, err
    code, out, _ = run(capsys, "annotations", brief_path, "--json")
    stored = json.loads(out)[0]
    assert stored["quote"] == quote
    assert stored["location"] == "p. 1"
