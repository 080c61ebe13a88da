"""Markdown notes, imported as readable text with none of Markdown's syntax left.

markdown-it-py (CommonMark, plus pipe tables) parses the file; we walk its token stream
rather than rendering HTML and stripping tags, so every heading, paragraph, list item,
quote line, code block and table row becomes exactly one block. Emphasis and link syntax
disappear and their text stays; images leave their alt text; raw HTML is dropped. List
items are marked "• " (bulleted) or "N. " (numbered) since the marker is part of how a
reader quotes them. A YAML front matter block's ``title:``/``author:`` become metadata.
"""

from __future__ import annotations

import re

from ..errors import BriefError
from ..model import SourceInput
from .blocks import assemble, numbered
from .plaintext import decode

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.S)


def read(data: bytes, name: str) -> SourceInput:
    from markdown_it import MarkdownIt

    source = decode(data, name).replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    meta, source = _front_matter(source)
    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    blocks, title = _blocks(tokens)
    text, locations = assemble(numbered(blocks))
    if not text.strip():
        raise BriefError(f"{name} has no text")
    return SourceInput(text=text, title=meta.get("title") or title or name.rsplit(".", 1)[0],
                       author=meta.get("author", ""), format="md", original=data,
                       locations=locations)


def _blocks(tokens) -> tuple[list[str], str]:
    """Text blocks in order, and the first level-1 heading (the document's title)."""
    blocks: list[str] = []
    title = ""
    markers: list[str] = []  # the marker the next paragraph of each open list item gets
    lists: list[list] = []   # open lists: [ordered?, next number]
    row: list[str] | None = None
    heading = ""
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append([kind == "ordered_list_open", int(token.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            ordered, number = lists[-1]
            markers.append(f"{token.info or number}. " if ordered else "• ")
            lists[-1][1] = number + 1
        elif kind == "list_item_close":
            markers.pop()
        elif kind == "heading_open":
            heading = token.tag
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            blocks.append("\t".join(row or []))
            row = None
        elif kind in ("fence", "code_block"):
            blocks.append(token.content)
        elif kind == "inline":
            text = _inline(token.children or [])
            if row is not None:
                row.append(" ".join(text.split()))
                continue
            if markers and markers[-1]:
                text, markers[-1] = markers[-1] + text, ""  # later paragraphs: no marker
            if heading == "h1" and not title:
                title = " ".join(text.split())
            heading = ""
            blocks.append(text)
    return blocks, title


def _inline(children) -> str:
    out = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")  # a wrapped line in the file, not a break in the text
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(_inline(child.children or []))
    return "".join(out)


def _front_matter(source: str) -> tuple[dict, str]:
    """Simple ``key: value`` lines of a leading YAML block; the rest of the file."""
    match = _FRONT_MATTER.match(source)
    if not match:
        return {}, source
    meta = {}
    for line in match.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in ("title", "author"):
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, source[match.end():]
