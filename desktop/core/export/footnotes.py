"""The memo's footnotes part, which python-docx has no API for.

Footnotes are written the way Word writes them: a ``/word/footnotes.xml`` part related from
the document, starting with the separator (id -1) and continuation separator (id 0)
footnotes, which ``settings.xml`` names in ``w:footnotePr``; numbered footnotes follow from
id 1, each beginning with a ``w:footnoteRef`` mark in the "footnote reference" style. The
body refers to a footnote with a ``w:footnoteReference`` run. Ids are given in order, so the
same memo always gives the same XML.

A template saved by Word usually has a footnotes part already, and python-docx loads it as
an opaque blob; :meth:`Footnotes.of` then adopts it: it parses the blob, keeps the
template's separators (their look is part of the template) and drops any numbered footnotes
left in it.
"""

from __future__ import annotations

from ..docx_internals import add_xml_part, element, parse, take_related_xml
from .wordml import (RTL_CHARS, CT_FOOTNOTES, R_NS, RT_FOOTNOTES, W_NS, Piece,
                     starts_right_to_left, xml_escape)
from .wordtree import can_splice, declare_footnote_separators, mark_insertion, qn

_EMPTY_FOOTNOTES = (
    f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '</w:footnotes>')

SEPARATOR_TYPES = ("separator", "continuationSeparator", "continuationNotice")


class Footnotes:
    """The footnotes of one document; create with :meth:`of`.

    ``text_style`` and ``reference_style`` are style *ids* (e.g. "FootnoteText"), which the
    caller has made sure exist in the document's styles.
    """

    def __init__(self, root, part_name: str, text_style: str, reference_style: str):
        self._root = root
        self._part_name = part_name
        self._text_style = text_style
        self._reference_style = reference_style
        used = [int(i) for i in (n.get(qn("w:id"), "") for n in root.findall(qn("w:footnote")))
                if i.lstrip("-").isdigit()]
        self._first_id = max(used + [0]) + 1
        self._next_id = self._first_id
        self._pending: list[str] = []

    @classmethod
    def of(cls, document, *, text_style: str = "FootnoteText",
           reference_style: str = "FootnoteReference") -> "Footnotes":
        """The document's footnotes, adopting the template's part or adding a new one."""
        root = take_related_xml(document, RT_FOOTNOTES)  # replaced by a part we write into
        if root is None:
            root = parse(_EMPTY_FOOTNOTES)
        for note in root.findall(qn("w:footnote")):
            if note.get(qn("w:type")) not in SEPARATOR_TYPES:
                root.remove(note)
        name = add_xml_part(document, "/word/footnotes.xml", CT_FOOTNOTES, root, RT_FOOTNOTES)
        declare_footnote_separators(element(document.settings), [
            n.get(qn("w:id")) for n in root.findall(qn("w:footnote"))
            if n.get(qn("w:type")) in SEPARATOR_TYPES])
        return cls(root, name, text_style, reference_style)

    def note(self, pieces: list[Piece]) -> Piece:
        """A new footnote holding ``pieces``; returns the reference mark's run for the body.

        The note's XML is kept until :meth:`flush`, which parses every note at once.
        """
        note_id = str(self._next_id)
        self._next_id += 1
        style = xml_escape(self._reference_style)
        mark = f'<w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
        text = "".join(t for _x, t in pieces)
        bidi = "<w:bidi/>" if RTL_CHARS.search(text) and starts_right_to_left(text) else ""
        self._pending.append(
            f'<w:footnote w:id="{note_id}"><w:p><w:pPr><w:pStyle '
            f'w:val="{xml_escape(self._text_style)}"/>{bidi}</w:pPr><w:r>{mark}<w:footnoteRef/>'
            f'</w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>'
            + "".join(x for x, _t in pieces) + "</w:p></w:footnote>")
        return f'<w:r>{mark}<w:footnoteReference w:id="{note_id}"/></w:r>', ""

    def flush(self, splices: dict | None = None) -> None:
        """Put the notes written with :meth:`note` into the footnotes part: as text to
        splice in when saving, if ``splices`` is given and the part allows it, else parsed."""
        if not self._pending:
            return
        if splices is not None and can_splice(self._root):
            mark_insertion(self._root)
            splices[self._part_name] = "".join(self._pending)
            self._pending = []
            return
        parsed = parse(f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
                       + "".join(self._pending) + "</w:footnotes>")
        self._pending = []
        for child in list(parsed):
            self._root.append(child)

    @property
    def root(self):
        """The ``w:footnotes`` element (without the notes :meth:`flush` left as text)."""
        return self._root

    @property
    def count(self) -> int:
        """How many numbered footnotes have been added."""
        return self._next_id - self._first_id
