"""Making reviewed copies of an exported memo the way Word, python-docx and LibreOffice
write them: comments with ranges, replies and done flags, tracked insertions and deletions,
untracked edits, and a round trip through LibreOffice."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import tempfile
import uuid
import zipfile
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
EXTENDED_REL = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"


class Package:
    """A .docx opened as XML parts, edited, and saved (parts not touched are copied)."""

    def __init__(self, path):
        self.path = Path(path)
        with zipfile.ZipFile(self.path) as z:
            self.raw = {i.filename: z.read(i) for i in z.infolist()}
        self.xml = {}

    def part(self, name):
        if name not in self.xml:
            self.xml[name] = etree.fromstring(self.raw[name])
        return self.xml[name]

    @property
    def body(self):
        return self.part("word/document.xml").find(f"{W}body")

    def paragraph(self, mark=None, startswith=None, part="word/document.xml"):
        root = self.part(part)
        for p in root.iter(f"{W}p"):
            if mark and any(b.get(f"{W}name") == mark for b in p.iter(f"{W}bookmarkStart")):
                return p
            if startswith and "".join(t.text or "" for t in p.iter(f"{W}t")).startswith(
                    startswith):
                return p
        raise KeyError(mark or startswith)

    def save(self, dest):
        dest = Path(dest)
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in self.raw.items():
                if name in self.xml:
                    data = etree.tostring(self.xml[name], xml_declaration=True,
                                          encoding="UTF-8", standalone=True)
                z.writestr(name, data)
        return dest


def _split_run_at(p, text):
    """Split ``p``'s runs so that ``text`` (found in one w:t) is a run of its own."""
    for r in p.iter(f"{W}r"):
        t = r.find(f"{W}t")
        if t is None or text not in (t.text or ""):
            continue
        before, _, after = t.text.partition(text)
        runs = []
        for piece in (before, text, after):
            new = copy.deepcopy(r)
            nt = new.find(f"{W}t")
            nt.text = piece
            nt.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            runs.append(new if piece else None)
        parent = r.getparent()
        index = parent.index(r)
        parent.remove(r)
        for offset, new in enumerate(x for x in runs if x is not None):
            parent.insert(index + offset, new)
        return runs[1]
    raise KeyError(text)


def track_replace(pkg, p, old, new, author="Deputy Director", date="2024-04-03T10:00:00Z",
                  ids=iter(range(900, 10_000))):
    """Word's tracked replacement: ``old`` in a w:del (as w:delText), ``new`` in a w:ins."""
    run = _split_run_at(p, old)
    parent = run.getparent()
    index = parent.index(run)
    if old:
        deleted = etree.Element(f"{W}del", {f"{W}id": str(next(ids)), f"{W}author": author,
                                            f"{W}date": date})
        parent.remove(run)
        t = run.find(f"{W}t")
        t.tag = f"{W}delText"
        deleted.append(run)
        parent.insert(index, deleted)
        index += 1
    if new:
        inserted = etree.Element(f"{W}ins", {f"{W}id": str(next(ids)), f"{W}author": author,
                                             f"{W}date": date})
        r = copy.deepcopy(run)
        t = r.find(f"{W}delText") if r.find(f"{W}delText") is not None else r.find(f"{W}t")
        t.tag = f"{W}t"
        t.text = new
        inserted.append(r)
        parent.insert(index, inserted)


def track_insert_after(pkg, p, anchor, new, author="Regional Desk",
                       date="2024-04-04T09:30:00Z", ids=iter(range(20_000, 30_000))):
    """A tracked insertion of ``new`` right after the text ``anchor``."""
    run = _split_run_at(p, anchor)
    inserted = etree.Element(f"{W}ins", {f"{W}id": str(next(ids)), f"{W}author": author,
                                         f"{W}date": date})
    r = copy.deepcopy(run)
    r.find(f"{W}t").text = new
    inserted.append(r)
    run.addnext(inserted)


def track_new_paragraph_after(p, text, author="Regional Desk", date="2024-04-04T11:00:00Z",
                              ids=iter(range(40_000, 50_000))):
    """A paragraph typed after ``p`` with tracking on, as Word writes it: the new paragraph
    mark is an insertion (w:pPr/w:rPr/w:ins) and so is every run of its text."""
    new = etree.Element(f"{W}p")
    ppr = p.find(f"{W}pPr")
    new_ppr = copy.deepcopy(ppr) if ppr is not None else etree.SubElement(new, f"{W}pPr")
    new.append(new_ppr)
    rpr = new_ppr.find(f"{W}rPr")
    if rpr is None:
        rpr = etree.SubElement(new_ppr, f"{W}rPr")
    etree.SubElement(rpr, f"{W}ins", {f"{W}id": str(next(ids)), f"{W}author": author,
                                      f"{W}date": date})
    ins = etree.SubElement(new, f"{W}ins", {f"{W}id": str(next(ids)), f"{W}author": author,
                                            f"{W}date": date})
    t = etree.SubElement(etree.SubElement(ins, f"{W}r"), f"{W}t")
    t.text = text
    p.addnext(new)
    return new


def edit_text(p, old, new):
    """An untracked edit: the reviewer typed over ``old`` with tracking off."""
    for t in p.iter(f"{W}t"):
        if old in (t.text or ""):
            t.text = t.text.replace(old, new, 1)
            return
    raise KeyError(old)


def word_comment(pkg, p, quote, text, author="Legal Adviser", date="2024-04-05T08:00:00Z",
                 replies=(), done=False):
    """A comment on ``quote`` as Word writes it: commentRangeStart/End around the text, a
    commentReference run, the comment's paragraphs with w14:paraId, and a commentsExtended
    entry per comment (replies point to their parent; done="1" when resolved)."""
    comments = _ensure_comments(pkg)
    extended = _ensure_extended(pkg)
    run = _split_run_at(p, quote)
    thread = [(author, date, text, done)] + list(replies)
    parent_para = None
    for n, (who, when, words, is_done) in enumerate(thread):
        cid = str(len(comments.findall(f"{W}comment")))
        para_id = uuid.uuid4().hex[:8].upper()
        c = etree.SubElement(comments, f"{W}comment", {f"{W}id": cid, f"{W}author": who,
                                                       f"{W}date": when, f"{W}initials": "X"})
        cp = etree.SubElement(c, f"{W}p", {f"{{{W14_NS}}}paraId": para_id})
        etree.SubElement(etree.SubElement(cp, f"{W}r"), f"{W}t").text = words
        ex = etree.SubElement(extended, f"{{{W15_NS}}}commentEx",
                              {f"{{{W15_NS}}}paraId": para_id,
                               f"{{{W15_NS}}}done": "1" if is_done else "0"})
        if parent_para:
            ex.set(f"{{{W15_NS}}}paraIdParent", parent_para)
        else:
            parent_para = para_id
        run.addprevious(etree.Element(f"{W}commentRangeStart", {f"{W}id": cid}))
        run.addnext(etree.Element(f"{W}commentRangeEnd", {f"{W}id": cid}))
        ref = etree.Element(f"{W}r")
        etree.SubElement(ref, f"{W}commentReference", {f"{W}id": cid})
        p.find(f"{W}commentRangeEnd[@{W}id='{cid}']").addnext(ref)


def _ensure_comments(pkg):
    name = "word/comments.xml"
    if name not in pkg.raw:
        pkg.raw[name] = (f'<w:comments xmlns:w="{W_NS}" xmlns:w14="{W14_NS}"/>').encode()
        _relate(pkg, name, COMMENTS_REL,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml")
    return pkg.part(name)


def _ensure_extended(pkg):
    name = "word/commentsExtended.xml"
    if name not in pkg.raw:
        pkg.raw[name] = (f'<w15:commentsEx xmlns:w15="{W15_NS}"/>').encode()
        _relate(pkg, name, EXTENDED_REL,
                "application/vnd.openxmlformats-officedocument.wordprocessingml."
                "commentsExtended+xml")
    return pkg.part(name)


def _relate(pkg, name, rel_type, content_type):
    rels = pkg.part("word/_rels/document.xml.rels")
    rid = f"rIdReview{len(rels)}"
    etree.SubElement(rels, f"{{{REL_NS}}}Relationship",
                     {"Id": rid, "Type": rel_type, "Target": name.split("/", 1)[1]})
    types = pkg.part("[Content_Types].xml")
    etree.SubElement(types, f"{{{CT_NS}}}Override",
                     {"PartName": "/" + name, "ContentType": content_type})


def remove_marks(pkg):
    """Delete every bookmark and the custom properties: a copy that lost its identity."""
    for part in ("word/document.xml", "word/footnotes.xml"):
        root = pkg.part(part)
        for tag in ("bookmarkStart", "bookmarkEnd"):
            for b in list(root.iter(f"{W}{tag}")):
                b.getparent().remove(b)
    if "docProps/custom.xml" in pkg.raw:
        root = pkg.part("docProps/custom.xml")
        for prop in list(root):
            root.remove(prop)


def through_libreoffice(src, work):
    """``src`` converted to .odt and back to .docx by LibreOffice, each run with a profile
    of its own; returns the new .docx (checked to exist: soffice can exit 0 without it)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=work))
    env = {**os.environ, "HOME": str(work)}

    def convert(path, target, outdir):
        outdir.mkdir(parents=True, exist_ok=True)
        subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", target, "--outdir", str(outdir), str(path)],
                       check=True, capture_output=True, timeout=180, env=env)
        out = outdir / (Path(path).stem + "." + target.split(":")[0])
        if not out.exists():
            raise RuntimeError(f"LibreOffice wrote no {out.name}")
        return out

    odt = convert(src, "odt", work / "odt")
    return convert(odt, "docx:MS Word 2007 XML", work / "back")
