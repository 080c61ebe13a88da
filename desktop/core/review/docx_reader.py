"""Reading a reviewed .docx with lxml: paragraphs with their marks, tracked changes,
comments (with replies and Word's "done" flag) and footnotes.

python-docx hides what a review is made of (``w:ins``/``w:del`` and comments' threads), so the
package's parts are read directly, found through its relationships as Word and LibreOffice
name them. Each paragraph is read twice over: its *original* text (tracked changes
rejected: deleted text in, inserted text out), which is what the reviewer started from, and
its *current* text (changes accepted). Offsets count code points in the original text.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from ..errors import BriefError
from ..export.identity import BRIEF_PROPERTY, EXPORT_PROPERTY, MARK_PREFIX, OBJECT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

MAX_PART_BYTES = 50_000_000  # a memo's document.xml is well under a megabyte
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass
class Change:
    """A tracked insertion or deletion inside one paragraph."""

    kind: str          # "insertion" | "deletion" | "replacement" (a deletion and the
    author: str        # insertion right after it, by one reviewer: Word's "type over")
    date: str
    start: int         # offset in the paragraph's original text
    text: str          # inserted or deleted text (for a replacement, the deleted text)
    new: str = ""      # a replacement's inserted text

    def apply(self, original: str) -> str:
        """``original`` with this change accepted."""
        if self.kind == "insertion":
            return original[:self.start] + self.text + original[self.start:]
        end = self.start + len(self.text)
        return original[:self.start] + (self.new if self.kind == "replacement" else "") + \
            original[end:]


@dataclass
class Paragraph:
    marks: list[str] = field(default_factory=list)
    original: str = ""
    current: str = ""
    changes: list[Change] = field(default_factory=list)
    comment_starts: dict[str, int] = field(default_factory=dict)   # comment id -> offset
    comment_ends: dict[str, int] = field(default_factory=dict)     # (in the current text)
    comment_refs: list[str] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)             # footnote ids, in order
    inserted_whole: bool = False   # the paragraph itself is a tracked insertion


@dataclass
class Comment:
    id: str
    author: str
    date: str
    text: str
    para_ids: list[str] = field(default_factory=list)
    done: bool = False
    parent: str | None = None      # the comment this one answers
    replies: list["Comment"] = field(default_factory=list)


@dataclass
class ReviewedDocument:
    properties: dict[str, str]
    paragraphs: list[Paragraph]                     # body paragraphs, in order
    comments: dict[str, Comment]                    # top-level threads only
    footnotes: dict[str, list[Paragraph]]           # footnote id -> its paragraphs

    @property
    def brief_id(self) -> str:
        return self.properties.get(BRIEF_PROPERTY, "")

    @property
    def export_id(self) -> str:
        return self.properties.get(EXPORT_PROPERTY, "")

    def has_marks(self) -> bool:
        return any(p.marks for p in self.paragraphs)


def read_reviewed(data: bytes, name: str) -> ReviewedDocument:
    """Read ``data`` (a .docx) or raise a one-line :class:`BriefError`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = _Parts(archive, name)
        main = parts.main_document()
        document = parts.xml(main)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise BriefError(f"{name} is not a readable Word document") from None
    if document is None:
        raise BriefError(f"{name} is not a readable Word document (it has no document part)")
    related = parts.related(main)
    comments = _comments(parts.xml(related.get("comments")),
                         parts.xml(related.get("commentsExtended")))
    body = document.find(f"{W}body")
    paragraphs = [_paragraph(p) for p in (body.iter(f"{W}p") if body is not None else [])
                  if not _in_table(p, body)]
    notes: dict[str, list[Paragraph]] = {}
    footnotes = parts.xml(related.get("footnotes"))
    if footnotes is not None:
        for note in footnotes.findall(f"{W}footnote"):
            if note.get(f"{W}type") in ("separator", "continuationSeparator",
                                        "continuationNotice"):
                continue
            notes[note.get(f"{W}id", "")] = [_paragraph(p) for p in note.iter(f"{W}p")]
    return ReviewedDocument(_properties(parts), paragraphs, comments, notes)


class _Parts:
    """A package's parts by relationship, read with a size limit (a zip can lie)."""

    def __init__(self, archive: zipfile.ZipFile, name: str):
        self.archive, self.name = archive, name
        self.names = {i.filename: i for i in archive.infolist()}

    def read(self, part: str | None) -> bytes | None:
        if not part or part not in self.names:
            return None
        with self.archive.open(part) as f:
            data = f.read(MAX_PART_BYTES + 1)
        if len(data) > MAX_PART_BYTES:
            raise BriefError(f"{self.name} has a part larger than a memo could be ({part})")
        return data

    def xml(self, part: str | None):
        data = self.read(part)
        if data is None:
            return None
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError:
            raise BriefError(f"{self.name} is damaged: {part} is not valid XML") from None

    def rels(self, part: str) -> dict[str, str]:
        """Relationship type (its last word) -> target part name, for ``part``."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, str] = {}
        for rel in (root if root is not None else []):
            if rel.get("TargetMode") == "External":
                continue
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(folder, target))
            out.setdefault(kind, path)
        return out

    def main_document(self) -> str:
        return self.rels("").get("officeDocument", "word/document.xml")

    def related(self, main: str) -> dict[str, str]:
        return self.rels(main)


def _properties(parts: _Parts) -> dict[str, str]:
    root = parts.xml(parts.rels("").get("custom-properties", "docProps/custom.xml"))
    out: dict[str, str] = {}
    for prop in (root if root is not None else []):
        if prop.tag == f"{CUSTOM}property" and len(prop):
            out[prop.get("name", "")] = (prop[0].text or "").strip()
    core = parts.xml(parts.rels("").get("core-properties", "docProps/core.xml"))
    for el in (core if core is not None else []):
        name = etree.QName(el).localname
        if name in ("lastModifiedBy", "modified", "creator"):
            out["core:" + name] = (el.text or "").strip()
    return out


def _in_table(p, body) -> bool:
    parent = p.getparent()
    while parent is not None and parent is not body:
        if parent.tag in (f"{W}tbl", f"{W}txbxContent"):
            return True
        parent = parent.getparent()
    return False


def _tracked(el) -> tuple[str, str, str] | None:
    """(kind, author, date) if ``el`` sits inside a tracked insertion or deletion."""
    parent = el.getparent()
    while parent is not None and parent.tag != f"{W}p":
        tag = parent.tag
        if tag in (f"{W}ins", f"{W}moveTo"):
            return "insertion", parent.get(f"{W}author", ""), parent.get(f"{W}date", "")
        if tag in (f"{W}del", f"{W}moveFrom"):
            return "deletion", parent.get(f"{W}author", ""), parent.get(f"{W}date", "")
        parent = parent.getparent()
    return None


_TEXT_TAGS = (f"{W}t", f"{W}delText", f"{W}tab", f"{W}br", f"{W}cr", f"{W}footnoteReference",
              f"{W}bookmarkStart", f"{W}commentRangeStart", f"{W}commentRangeEnd",
              f"{W}commentReference")


def _paragraph(p) -> Paragraph:
    """A paragraph's text before and after its tracked changes, with the changes, marks,
    comment ranges and note references placed by offset."""
    out = Paragraph()
    original: list[str] = []
    current: list[str] = []
    orig_len = cur_len = 0
    for el in p.iter(*_TEXT_TAGS):
        if _place_marker(out, el, cur_len):
            continue
        text = _text_of(out, el)
        if not text:
            continue
        tracked = _tracked(el)
        if tracked is not None:
            _add_change(out.changes, tracked, orig_len, text)
        if tracked is None or tracked[0] == "insertion":
            current.append(text)
            cur_len += len(text)
        if tracked is None or tracked[0] == "deletion":
            original.append(text)
            orig_len += len(text)
    out.original, out.current = "".join(original), "".join(current)
    out.changes = _pair_replacements(out.changes)
    # A paragraph typed with tracking on: all its text inserted. (Word may mark the new
    # paragraph's mark as inserted, or the one before it, depending on where Enter was hit.)
    out.inserted_whole = (not out.original.strip() and bool(out.current.strip())
                          and all(c.kind == "insertion" for c in out.changes))
    return out


def _place_marker(out: Paragraph, el, cur_len: int) -> bool:
    """Record a mark, comment range end or comment reference at ``cur_len``; False when
    ``el`` is text, not a marker."""
    tag = el.tag
    if tag == f"{W}bookmarkStart":
        name = el.get(f"{W}name", "")
        if name.startswith(MARK_PREFIX):
            out.marks.append(name)
    elif tag == f"{W}commentRangeStart":
        out.comment_starts[el.get(f"{W}id", "")] = cur_len
    elif tag == f"{W}commentRangeEnd":
        out.comment_ends[el.get(f"{W}id", "")] = cur_len
    elif tag == f"{W}commentReference":
        out.comment_refs.append(el.get(f"{W}id", ""))
    else:
        return False
    return True


def _text_of(out: Paragraph, el) -> str:
    """The text ``el`` stands for ("" for none); a footnote reference is one OBJECT
    character, its id noted in ``out.note_refs``."""
    tag = el.tag
    if tag in (f"{W}t", f"{W}delText"):
        return el.text or ""
    if tag == f"{W}tab":
        if etree.QName(el.getparent()).localname != "r":
            return ""  # a tab stop in the paragraph's properties
        return "\t"
    if tag in (f"{W}br", f"{W}cr"):
        return "\n"
    out.note_refs.append(el.get(f"{W}id", ""))
    return OBJECT


def _add_change(changes: list[Change], tracked: tuple[str, str, str], orig_len: int,
                text: str) -> None:
    """Add tracked ``text`` at ``orig_len``, joined to the last change when it continues it
    (same kind, author and date, right after it)."""
    kind, author, date = tracked
    last = changes[-1] if changes else None
    joined = (last is not None and last.kind == kind and last.author == author
              and last.date == date and (
                  (kind == "insertion" and last.start == orig_len) or
                  (kind == "deletion" and last.start + len(last.text) == orig_len)))
    if joined:
        last.text += text
    else:
        changes.append(Change(kind, author, date, orig_len, text))


def _pair_replacements(changes: list[Change]) -> list[Change]:
    out: list[Change] = []
    for change in changes:
        last = out[-1] if out else None
        if (last is not None and last.kind == "deletion" and change.kind == "insertion"
                and change.author == last.author
                and change.start == last.start + len(last.text)):
            out[-1] = Change("replacement", last.author, change.date or last.date,
                             last.start, last.text, change.text)
        else:
            out.append(change)
    return out


def _comments(root, extended) -> dict[str, Comment]:
    if root is None:
        return {}
    comments: dict[str, Comment] = {}
    by_para: dict[str, Comment] = {}
    for c in root.findall(f"{W}comment"):
        paras = c.findall(f".//{W}p")
        text = "\n".join(_paragraph(p).current for p in paras).strip()
        comment = Comment(c.get(f"{W}id", ""), c.get(f"{W}author", ""), c.get(f"{W}date", ""),
                          text, [p.get(f"{W14}paraId", "") for p in paras])
        comments[comment.id] = comment
        for pid in comment.para_ids:
            if pid:
                by_para[pid] = comment
    for ex in (extended if extended is not None else []):
        if ex.tag != f"{W15}commentEx":
            continue
        # Word writes one entry per comment, for its last paragraph.
        comment = by_para.get(ex.get(f"{W15}paraId", ""))
        if comment is None:
            continue
        comment.done = ex.get(f"{W15}done") in ("1", "true")
        parent = by_para.get(ex.get(f"{W15}paraIdParent", ""))
        if parent is not None and parent is not comment:
            comment.parent = parent.id
    threads = {}
    for comment in comments.values():
        if comment.parent is None:
            threads[comment.id] = comment
    for comment in comments.values():
        if comment.parent is not None:
            root_comment, seen = comments[comment.parent], {comment.id}
            while root_comment.parent is not None and root_comment.id not in seen:
                seen.add(root_comment.id)
                root_comment = comments[root_comment.parent]
            if root_comment.parent is None:
                root_comment.replies.append(comment)
            else:  # a cycle of replies (a damaged file): keep it as a thread of its own
                comment.parent = None
                threads[comment.id] = comment
    for thread in threads.values():
        thread.replies.sort(key=lambda c: (c.date, int(c.id) if c.id.isdigit() else 0))
    return threads
