"""Plain text in any common encoding."""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefError
from ..model import SourceInput
from ..text import normalise


def decode(data: bytes, name: str) -> str:
    """Decode text bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else detected."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise BriefError(f"{name} looks like a binary file, not text")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise BriefError(f"{name}: cannot tell how its text is encoded")
    return str(best)


def paragraphs(text: str) -> list:
    """Location map of ``[offset, "¶ n"]`` for each paragraph.

    Paragraphs are separated by blank lines where the text has any (hard-wrapped text),
    else each line is one (text saved from web pages and word processors).
    """
    by_blank = "\n\n" in text
    out, number, offset, previous_blank = [], 0, 0, True
    for line in text.split("\n"):
        if line.strip() and (previous_blank or not by_blank):
            number += 1
            out.append([offset, f"¶ {number}"])
        previous_blank = not line.strip()
        offset += len(line) + 1
    return out


def read(data: bytes, name: str) -> SourceInput:
    text = normalise(decode(data, name)).strip("\n")
    if not text.strip():
        raise BriefError(f"{name} has no text")
    title = Path(name).stem if name != "pasted text" else text.split("\n", 1)[0][:80]
    return SourceInput(text=text, title=title, format="txt", original=data,
                       locations=paragraphs(text))
