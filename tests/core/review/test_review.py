"""The review round trip on real files: export, review as Word / python-docx / LibreOffice
write it, read back, place every item, accept with undo."""

from __future__ import annotations

import json
import shutil
import zipfile

import docx
import pytest
from reviewing import (Package, edit_text, remove_marks, through_libreoffice,
                       track_insert_after, track_replace, word_comment)

from desktop.core import edits, queries, review
from desktop.core.errors import BriefError
from desktop.core.export import export_docx
from desktop.core.review import ReviewConflict, import_review, listing, resolve
from desktop.core.store import Store

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _claim(store, claim_id):
    return store.get("claims", claim_id)


def _evidence_ids(store, claim_id):
    return [e["id"] for e in queries.claims(store, [claim_id])[0]["evidence"]]


def word_review(exported, tmp_path, name="reviewed.docx"):
    """The memo reviewed in Word: a tracked replacement of the likelihood word, a tracked
    insertion in a claim statement, an untracked edit of prose, a comment thread (a reply,
    the first comment marked done) and an untracked footnote correction."""
    pkg = Package(exported.path)
    claim = pkg.paragraph(startswith="Container traffic")
    track_replace(pkg, claim, "likely", "very likely")
    word_comment(pkg, claim, "through Q2", "Source for Q2?",
                 replies=[("Analyst", "2024-04-06T08:00:00Z", "See the Economist.", False)],
                 done=True)
    bare = pkg.paragraph(startswith="The strike ends")
    track_insert_after(pkg, bare, "The strike", " at the northern terminal")
    word_comment(pkg, bare, "April", "Too strong: say 'likely'", author="Regional Desk")
    prose = pkg.paragraph(startswith="Port traffic is")
    edit_text(prose, "and ", "and very ")
    note = pkg.paragraph(startswith=" Jane Doe", part="word/footnotes.xml")
    edit_text(note, "p.\u00a04", "p.\u00a06")
    return pkg.save(tmp_path / name)


def _by_kind(report):
    return sorted((i["kind"], i["target_kind"], i["target_id"], i["placed_by"], i["quote"])
                  for i in report.added)


def _expected(exported, placed_by="mark"):
    s = exported.sample
    fell = _evidence_ids(exported.store, s.claim)[0]
    return sorted([
        ("comment", "claim", s.claim, placed_by, "through Q2"),
        ("comment", "claim", s.bare_claim, placed_by, "April"),
        ("edit", "evidence", fell, placed_by, "6"),
        ("edit", "paragraph", exported.prose_block, placed_by, "very "),
        ("insertion", "claim", s.bare_claim, placed_by, " at the northern terminal"),
        ("replacement", "claim", s.claim, placed_by, "likely → very likely"),
    ])


# ------------------------------------------------------------------------- identity
def test_export_marks_claims_paragraphs_and_footnotes_and_stays_identical(exported, tmp_path):
    again = export_docx(exported.store, tmp_path / "again.docx")
    assert again.path.read_bytes() == exported.path.read_bytes()
    assert again.record.export_id == exported.record.export_id
    with zipfile.ZipFile(exported.path) as z:
        custom = z.read("docProps/custom.xml").decode()
    assert exported.store.brief()["id"] in custom and exported.record.export_id in custom
    d = docx.Document(str(exported.path))
    names = {b.get(f"{W}name") for b in d.element.body.iter(f"{W}bookmarkStart")}
    s = exported.sample
    blocks = {b["claim"]: b["id"] for sec in queries.memo(exported.store)["sections"]
              for b in sec["blocks"] if b["kind"] == "claim"}
    assert names == {f"_BBc{blocks[s.claim]}", f"_BBc{blocks[s.bare_claim]}",
                     f"_BBp{exported.prose_block}_0"}
    kinds = sorted(i["kind"] for i in exported.record.items.values())
    assert kinds == ["claim", "claim", "note", "note", "note", "prose"]


def test_the_brief_keeps_one_record_per_export(exported, tmp_path):
    rows = exported.store.select("exports")
    assert [r["id"] for r in rows] == [exported.record.export_id]
    assert rows[0]["sha256"] == exported.record.sha256 and rows[0]["created_by"]
    base = json.loads(rows[0]["base"])
    statements = [i["statement"] for i in base["items"].values() if i["kind"] == "claim"]
    assert "Container traffic will keep falling through Q2." in statements
    again = export_docx(exported.store, tmp_path / "again.docx")
    review.record_export(exported.store, again.record, again.path).apply(exported.store)
    assert exported.store.count("exports") == 1
    edits.update_claim(exported.store, exported.sample.bare_claim,
                       statement="The strike ends in May").apply(exported.store)
    changed = export_docx(exported.store, tmp_path / "changed.docx")
    review.record_export(exported.store, changed.record, changed.path).apply(exported.store)
    assert exported.store.count("exports") == 2


# --------------------------------------------------------------------------- placing
def test_word_review_lands_on_each_claim_paragraph_and_footnote(exported, tmp_path):
    path = word_review(exported, tmp_path)
    edit, report = import_review(exported.store, path.read_bytes(), path.name)
    edit.apply(exported.store)
    assert report.matched == "marks"
    assert _by_kind(report) == _expected(exported)
    thread = next(i for i in report.added if i["body"] == "Source for Q2?")
    assert thread["status"] == "done" and thread["author"] == "Legal Adviser"
    assert json.loads(thread["replies"]) == [{"author": "Analyst", "date": "2024-04-06T08:00:00Z",
                                              "text": "See the Economist.", "done": False}]
    assert listing.unanswered_comments(exported.store) == 1


@pytest.mark.skipif(not hasattr(docx.document.Document, "add_comment"),
                    reason="python-docx writes comments from 1.2 (the app reads them with lxml)")
def test_python_docx_comments_land_on_their_paragraph(exported, tmp_path):
    d = docx.Document(str(exported.path))
    prose = next(p for p in d.paragraphs if p.text.startswith("Port traffic is"))
    claim = next(p for p in d.paragraphs if p.text.startswith("The strike ends"))
    d.add_comment(prose.runs, text="Falling since when?", author="Deputy", initials="D")
    d.add_comment(claim.runs[0], text="Which strike?", author="Legal", initials="L")
    path = tmp_path / "commented.docx"
    d.save(str(path))
    edit, report = import_review(exported.store, path.read_bytes(), path.name)
    edit.apply(exported.store)
    placed = sorted((i["body"], i["target_kind"], i["target_id"], i["author"])
                    for i in report.added)
    assert placed == [("Falling since when?", "paragraph", exported.prose_block, "Deputy"),
                      ("Which strike?", "claim", exported.sample.bare_claim, "Legal")]


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice (soffice) is not installed")
def test_marks_survive_a_libreoffice_round_trip(exported, tmp_path):
    reviewed = word_review(exported, tmp_path)
    back = through_libreoffice(reviewed, tmp_path / "lo")
    edit, report = import_review(exported.store, back.read_bytes(), back.name)
    placed = [(k, t, i, q) for k, t, i, _by, q in _by_kind(report)]
    expected = [(k, t, i, q) for k, t, i, _by, q in _expected(exported)]
    # LibreOffice keeps each comment but writes no reply threads: the reply is a comment
    # of its own, on the same claim.
    reply = ("comment", "claim", exported.sample.claim, "through Q2")
    assert placed == sorted(expected + [reply])
    claims_and_prose = [i for i in report.added if i["target_kind"] in ("claim", "paragraph")]
    assert {i["placed_by"] for i in claims_and_prose} == {"mark"}
    _accept_all_changes_then_undo(exported, edit, report)


def _accept_all_changes_then_undo(exported, edit, report):
    """Accepting every change of the sample review gives exactly the reviewed brief; undoing
    each acceptance gives the brief back as it was."""
    store, s = exported.store, exported.sample
    before = {t: store.select(t) for t in ("claims", "memo_blocks")}
    edit.apply(store)
    done = []
    for kind in ("replacement", "insertion", "edit"):
        for item in report.added:
            if item["kind"] == kind and item["target_kind"] in ("claim", "paragraph"):
                done.append(resolve(store, item["id"], "accept"))
                done[-1].apply(store)
    assert _claim(store, s.claim)["likelihood"] == "very likely"
    assert _claim(store, s.bare_claim)["statement"] == \
        "The strike at the northern terminal ends in April"
    assert store.get("memo_blocks", exported.prose_block)["text"] == \
        "Port traffic is **falling**, and very *fast*."
    for accepted in reversed(done):
        accepted.revert(store)
    assert {t: store.select(t) for t in before} == before


def test_a_copy_without_marks_is_matched_by_text_and_says_so(exported, tmp_path):
    pkg = Package(word_review(exported, tmp_path))
    remove_marks(pkg)
    path = pkg.save(tmp_path / "stripped.docx")
    edit, report = import_review(exported.store, path.read_bytes(), path.name)
    assert report.matched == "text"
    assert any("matched by their text" in n for n in report.notes)
    assert _by_kind(report) == _expected(exported, placed_by="text")
    _accept_all_changes_then_undo(exported, edit, report)


def test_unplaceable_items_are_listed_never_dropped(exported, tmp_path):
    pkg = Package(exported.path)
    heading = pkg.paragraph(startswith="Sources")
    word_comment(pkg, heading, "Sources", "Add the IMF report")
    title = pkg.paragraph(startswith="Memorandum")
    edit_text(title, "Memorandum", "Memorandum (draft)")
    path = pkg.save(tmp_path / "odd.docx")
    edit, report = import_review(exported.store, path.read_bytes(), path.name)
    edit.apply(exported.store)
    assert sorted((i["kind"], i["target_id"], i["quote"]) for i in report.added) == [
        ("comment", "", "Sources"), ("edit", "", "Memorandum (draft)")]
    assert report.counts()["unplaced"] == 2
    assert [i["target"] for i in listing.items(exported.store)] == ["", ""]


# ----------------------------------------------------------------------------- safety
def test_a_copy_from_another_brief_is_refused_unless_forced(exported, tmp_path):
    other = Store.create(tmp_path / "other.brief", user="x")
    path = word_review(exported, tmp_path)
    with pytest.raises(BriefError, match="exported from another brief"):
        import_review(other, path.read_bytes(), path.name)
    assert other.count("review_items") == 0
    edit, report = import_review(other, path.read_bytes(), path.name, force=True)
    assert report.matched == "text" and "another brief" in report.notes[0]
    kinds = [i["kind"] for i in report.added]  # the reviewer's work all comes across...
    assert kinds.count("comment") == 2 and {"insertion", "replacement"} <= set(kinds), kinds
    assert all(not i["target_id"] for i in report.added)  # ...unplaced: nothing to match
    other.close()


def test_reading_the_same_file_twice_adds_nothing(exported, tmp_path):
    path = word_review(exported, tmp_path)
    first, report = import_review(exported.store, path.read_bytes(), path.name)
    first.apply(exported.store)
    count = exported.store.count("review_items")
    again, report = import_review(exported.store, path.read_bytes(), path.name)
    assert again.ops == [] and "already read" in report.notes[0]
    # The same comments in a re-saved copy are not added twice either.
    resaved = tmp_path / "resaved.docx"
    docx.Document(str(path)).save(str(resaved))
    assert resaved.read_bytes() != path.read_bytes()
    edit, report = import_review(exported.store, resaved.read_bytes(), resaved.name)
    edit.apply(exported.store)
    assert report.added == [] and report.already == count
    assert exported.store.count("review_items") == count


def test_not_a_word_file_is_one_clear_error(exported, tmp_path):
    with pytest.raises(BriefError, match="not a readable Word document"):
        import_review(exported.store, b"plain text", "notes.docx")


# ---------------------------------------------------------------------------- resolving
def _import(exported, tmp_path):
    path = word_review(exported, tmp_path)
    edit, report = import_review(exported.store, path.read_bytes(), path.name)
    edit.apply(exported.store)
    return {(i["kind"], i["target_kind"]): i["id"] for i in report.added}


def test_accepting_changes_the_brief_exactly_and_undo_restores_it(exported, tmp_path):
    store, s = exported.store, exported.sample
    ids = _import(exported, tmp_path)
    before_claim = _claim(store, s.claim)
    before_bare = _claim(store, s.bare_claim)
    before_prose = store.get("memo_blocks", exported.prose_block)["text"]

    replacement = resolve(store, ids[("replacement", "claim")], "accept")
    replacement.apply(store)
    assert _claim(store, s.claim)["likelihood"] == "very likely"
    assert _claim(store, s.claim)["statement"] == before_claim["statement"]

    insertion = resolve(store, ids[("insertion", "claim")], "accept")
    insertion.apply(store)
    assert _claim(store, s.bare_claim)["statement"] == \
        "The strike at the northern terminal ends in April"

    prose = resolve(store, ids[("edit", "paragraph")], "accept", note="agreed")
    prose.apply(store)
    assert store.get("memo_blocks", exported.prose_block)["text"] == \
        "Port traffic is **falling**, and very *fast*."
    item = store.get("review_items", ids[("edit", "paragraph")])
    assert (item["status"], item["note"]) == ("accepted", "agreed")

    for edit in (prose, insertion, replacement):
        edit.revert(store)
    assert _claim(store, s.claim) == before_claim
    assert _claim(store, s.bare_claim) == before_bare
    assert store.get("memo_blocks", exported.prose_block)["text"] == before_prose
    assert {r["status"] for r in store.select("review_items")} >= {"open"}
    assert store.get("review_items", ids[("edit", "paragraph")])["status"] == "open"


def test_comments_and_footnotes_are_answered_not_accepted(exported, tmp_path):
    store = exported.store
    ids = _import(exported, tmp_path)
    with pytest.raises(BriefError, match="nothing to accept"):
        resolve(store, ids[("comment", "claim")], "accept")
    with pytest.raises(BriefError, match="footnote is written from its evidence"):
        resolve(store, ids[("edit", "evidence")], "accept")
    resolve(store, ids[("comment", "claim")], "done", note="said likely").apply(store)
    resolve(store, ids[("edit", "evidence")], "reject").apply(store)
    with pytest.raises(BriefError, match="already done"):
        resolve(store, ids[("comment", "claim")], "reject")
    assert listing.unanswered_comments(store) == 0


def test_a_change_to_text_edited_since_export_is_rebased_or_a_conflict(exported, tmp_path):
    store, s = exported.store, exported.sample
    ids = _import(exported, tmp_path)
    # Edited elsewhere in the sentence: the reviewer's insertion still finds its place.
    edits.update_claim(store, s.bare_claim, statement="The strike ends in April, officials say"
                       ).apply(store)
    resolve(store, ids[("insertion", "claim")], "accept").apply(store)
    assert _claim(store, s.bare_claim)["statement"] == \
        "The strike at the northern terminal ends in April, officials say"
    # Rewritten where the reviewer edited: a conflict, with both versions, nothing changed.
    edits.update_block(store, exported.prose_block, "Port traffic is falling slowly.").apply(store)
    item = next(i for i in listing.items(store) if i["id"] == ids[("edit", "paragraph")])
    assert item["state"] == "conflict"
    assert item["brief_text"] == "Port traffic is falling slowly."
    assert item["after"] == "Port traffic is falling, and very fast."
    with pytest.raises(ReviewConflict):
        resolve(store, ids[("edit", "paragraph")], "accept")
    assert store.get("memo_blocks", exported.prose_block)["text"] == \
        "Port traffic is falling slowly."
    # The likelihood changed in the brief too: the reviewer's word is a conflict.
    edits.update_claim(store, s.claim, likelihood="unlikely").apply(store)
    with pytest.raises(ReviewConflict, match="likelihood changed"):
        resolve(store, ids[("replacement", "claim")], "accept")


# ----------------------------------------------------------------------- copy and merge
def test_review_items_survive_copy_and_merge(exported, tmp_path):
    from desktop.core.merge import merge_edit, plan_merge
    from desktop.core.share import copy_brief

    store = exported.store
    copy_path = copy_brief(store, tmp_path / "copy.brief")
    path = word_review(exported, tmp_path)
    with Store.open(copy_path, user="Colleague") as copy:
        assert copy.count("exports") == 1
        edit, report = import_review(copy, path.read_bytes(), path.name)
        edit.apply(copy)
        comment = next(i["id"] for i in report.added if i["body"] == "Too strong: say 'likely'")
        resolve(copy, comment, "done", note="changed").apply(copy)
    # This copy read the same file on its own: the items are the same rows.
    edit, report = import_review(store, path.read_bytes(), path.name)
    edit.apply(store)
    with Store.open(copy_path, readonly=True) as copy:
        plan = plan_merge(store, copy)
        assert plan.conflicts == [] and [c.id for c in plan.changed] == [comment]
        merge_edit(store, plan).apply(store)
    assert store.get("review_items", comment)["status"] == "done"
    assert store.count("review_items") == len(report.added)


def test_a_damaged_reviewed_copy_is_one_clear_error_and_changes_nothing(exported, tmp_path):
    pkg = Package(word_review(exported, tmp_path))
    pkg.raw["word/comments.xml"] = b"<w:comments><unclosed"
    path = pkg.save(tmp_path / "damaged.docx")
    with pytest.raises(BriefError, match="damaged: word/comments.xml is not valid XML"):
        import_review(exported.store, path.read_bytes(), path.name)
    assert exported.store.count("review_items") == 0


def test_footnote_texts_in_the_record_are_the_footnotes_word_reads(store, tmp_path,
                                                                  sample_builder):
    """The record reads the notes from the exporter's text with a pattern: it must agree
    with the footnotes part as parsed, characters XML escapes and right-to-left included."""
    from lxml import etree

    from desktop.core.export.identity import paragraph_text

    sample_builder(store, dirty="&<>\"' \u05d0")
    result = export_docx(store, tmp_path / "dirty.docx")
    with zipfile.ZipFile(result.path) as z:
        notes = etree.fromstring(z.read("word/footnotes.xml"))
    parsed = sorted("\n".join(paragraph_text(p) for p in n.iter(f"{W}p"))
                    for n in notes.iter(f"{W}footnote") if n.get(f"{W}type") is None)
    recorded = sorted(i["text"] for i in result.record.items.values() if i["kind"] == "note")
    assert recorded == parsed and len(recorded) == 3


def test_an_edit_in_the_second_paragraph_of_a_prose_block_changes_only_that_part(
        exported, tmp_path):
    store = exported.store
    section = exported.sample.sections["Background"]
    block = edits.add_block(store, section,
                            text="Ports first.\n\nThen *rail*, with\na line break.")
    block.apply(store)
    result = export_docx(store, tmp_path / "two.docx")
    review.record_export(store, result.record, result.path).apply(store)
    pkg = Package(result.path)
    second = pkg.paragraph(mark=f"_BBp{block.item_id}_1")
    track_replace(pkg, second, "Then", "After that")
    path = pkg.save(tmp_path / "two-reviewed.docx")
    edit, report = import_review(store, path.read_bytes(), path.name)
    edit.apply(store)
    [item] = report.added
    assert (item["target_id"], item["mark"]) == (block.item_id, f"_BBp{block.item_id}_1")
    accepted = resolve(store, item["id"], "accept")
    accepted.apply(store)
    assert store.get("memo_blocks", block.item_id)["text"] == \
        "Ports first.\n\nAfter that *rail*, with\na line break."
    accepted.revert(store)
    assert store.get("memo_blocks", block.item_id)["text"] == \
        "Ports first.\n\nThen *rail*, with\na line break."


def test_a_paragraph_typed_after_a_prose_paragraph_is_added_to_its_block(exported, tmp_path):
    from reviewing import track_new_paragraph_after

    store = exported.store
    pkg = Package(exported.path)
    track_new_paragraph_after(pkg.paragraph(startswith="Port traffic is"),
                              "Rail freight is rising.")
    path = pkg.save(tmp_path / "added.docx")
    edit, report = import_review(store, path.read_bytes(), path.name)
    edit.apply(store)
    [item] = report.added
    assert (item["kind"], item["target_id"], item["author"]) == (
        "insertion", exported.prose_block, "Regional Desk")
    resolve(store, item["id"], "accept").apply(store)
    assert store.get("memo_blocks", exported.prose_block)["text"] == \
        "Port traffic is **falling**, and *fast*.\n\nRail freight is rising."


def test_a_damaged_export_record_falls_back_to_the_brief_as_it_is(exported, tmp_path):
    from desktop.core.store import Op

    store = exported.store
    row = store.get("exports", exported.record.export_id)
    store.apply_ops([Op("update", "exports", key={"id": row["id"]}, old={"base": row["base"]},
                        new={"base": '{"items": {"x": {"kind": "claim"}}, "paragraphs": 3}'})])
    path = word_review(exported, tmp_path)
    edit, report = import_review(store, path.read_bytes(), path.name)
    assert any("not recorded" in n for n in report.notes)
    assert _by_kind(report) == _expected(exported)
