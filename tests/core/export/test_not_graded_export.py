"""An ungraded source in the exported memo: its notes and its Sources entry say "not graded",
never F, and the grade key explains the question mark."""

from __future__ import annotations

import docx

from desktop.core import edits
from desktop.core.export import export_docx


def test_export_says_not_graded_where_a_grade_would_be(store, tmp_path, ooxml,
                                                        cited_ungraded):
    cited_ungraded(store)
    path = export_docx(store, tmp_path / "memo.docx").path
    notes = ooxml.footnote_texts(path)
    assert list(notes.values()) == [" Ann Lee, “Harbour log”: “Ports reopened in May.” "
                                    "Grade ?2 (source not graded)."]
    body = [p.text for p in docx.Document(str(path)).paragraphs]
    entry = next(t for t in body if t.startswith("Lee, Ann"))
    assert entry.endswith("Source reliability not graded.")
    assert "Source reliability F" not in "\n".join(body)
    key = next(t for t in body if t.startswith("Grades."))
    assert "A question mark (?) in place of the letter means the source's reliability has " \
        "not been graded." in key


def test_export_of_graded_sources_has_no_question_mark_in_its_key(store, tmp_path,
                                                                   cited_ungraded):
    source_id, _claim = cited_ungraded(store)
    edits.update_source(store, source_id, reliability="F").apply(store)
    path = export_docx(store, tmp_path / "memo.docx").path
    body = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Source reliability F: reliability cannot be judged." in body
    assert "question mark" not in body


