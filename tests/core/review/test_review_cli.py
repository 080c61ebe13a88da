"""brief export / review / reviews / resolve on real files."""

from __future__ import annotations

import json

import pytest
from reviewing import Package, track_replace, word_comment

from desktop.cli import main
from desktop.core.store import Store


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def reviewed(exported, tmp_path, capsys):
    """The memo exported by the command (so recorded), then reviewed in Word."""
    brief = exported.store.path
    exported.store.close()
    memo = tmp_path / "by-command.docx"
    code, out, err = run(capsys, "export", brief, "-o", memo)
    assert code == 0
    pkg = Package(memo)
    claim = pkg.paragraph(startswith="Container traffic")
    track_replace(pkg, claim, "likely", "very likely")
    word_comment(pkg, claim, "through Q2", "Source for Q2?")
    return brief, pkg.save(tmp_path / "reviewed.docx")


def test_review_reviews_and_resolve(reviewed, capsys):
    brief, path = reviewed
    code, out, err = run(capsys, "review", brief, path, "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["comments"], summary["changes"], summary["unplaced"]) == (1, 1, 0)
    code, out, _ = run(capsys, "reviews", brief)
    assert "Claim: Container traffic will keep falling through Q2" in out
    assert "this {+very +}likely (55–80%)" in out and "Source for Q2?" in out
    change = next(i["id"] for i in summary["items"] if i["kind"] == "replacement")
    comment = next(i["id"] for i in summary["items"] if i["kind"] == "comment")
    assert run(capsys, "resolve", brief, change[:8], "--accept")[0] == 0
    assert run(capsys, "resolve", brief, comment[:8], "--done", "--note", "cited")[0] == 0
    with Store.open(brief, readonly=True) as store:
        assert {c["likelihood"] for c in store.select("claims")} == {"very likely", None}
        assert store.get("review_items", comment)["note"] == "cited"
    code, out, _ = run(capsys, "reviews", brief, "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "review", brief, path)
    assert "already read" in out


@pytest.mark.parametrize("argv, message", [
    (["review", "{brief}", "{missing}"], "cannot read missing.docx"),
    (["review", "{brief}", "{brief}"], "not a readable Word document"),
    (["resolve", "{brief}", "ffffffff", "--done"], "no review item with id ffffffff"),
])
def test_mistakes_are_one_error_line(reviewed, capsys, tmp_path, argv, message):
    brief, _path = reviewed
    argv = [a.format(brief=brief, missing=tmp_path / "missing.docx") for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 1 and err.count("\n") == 1 and message in err


def test_resolve_needs_one_action(reviewed, capsys):
    brief, _path = reviewed
    with pytest.raises(SystemExit) as exit_:
        main(["resolve", str(brief), "abcd"])
    assert exit_.value.code == 2
