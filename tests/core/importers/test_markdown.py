"""Markdown notes come in as readable text with no Markdown syntax left."""

from __future__ import annotations

from desktop.core import importers

NOTE = """---
title: "Grain corridor notes"
author: Kim Analyst
---
# Grain **corridor**

Exports *resumed* on Monday, see [the wire](https://example.com/wire) and `REF-12`.
This line was wrapped.  
After a hard break.

- Ports: **two** of five open
- Escorts: unclear

3. Ask the ministry
4. Check prices

> Nous avons fait le nécessaire — ministre, 🌾

| Port | Capacity |
|------|----------|
| Odesa | 40 % |

![Map of the corridor](map.png) <span>inline html</span>
"""


def test_markdown_becomes_plain_lines():
    source = importers.load(NOTE.encode(), "notes.md")
    text = source.text
    for syntax in ("**", "](", "# ", "> ", "`", "---", "|", "!["):
        assert syntax not in text, syntax
    blocks = text.split("\n\n")
    assert blocks[0] == "Grain corridor"
    assert blocks[1] == ("Exports resumed on Monday, see the wire and REF-12. This line was "
                         "wrapped.\nAfter a hard break.")
    assert "• Ports: two of five open" in blocks
    assert "3. Ask the ministry" in blocks and "4. Check prices" in blocks
    assert "Nous avons fait le nécessaire — ministre, 🌾" in blocks
    assert "Port\tCapacity" in blocks and "Odesa\t40 %" in blocks
    assert "Map of the corridor inline html" in blocks
    assert source.title == "Grain corridor notes" and source.author == "Kim Analyst"
    assert source.format == "md"
    assert source.locations[:2] == [[0, "¶ 1"], [16, "¶ 2"]]
    assert len(source.locations) == len(blocks)


def test_title_from_first_heading_without_front_matter():
    source = importers.load("Intro line\n\n# Main title\n\nBody.".encode(), "n.markdown")
    assert source.title == "Main title"
    assert source.text == "Intro line\n\nMain title\n\nBody."


def test_format_override_reads_markdown_from_a_txt_name():
    assert importers.load(b"# Hi\n\n**bold**", "paste.txt", "markdown").text == "Hi\n\nbold"
