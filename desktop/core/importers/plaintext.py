"""Plain text in any common encoding, and text pasted from anywhere.

Decoding order: a byte-order mark (UTF-8, UTF-16, UTF-32), strict UTF-8 (almost everything
today), then charset-normalizer, a maintained detector, rather than guessing by hand. Its
guesses among Latin code pages are unreliable on short text, so those fall back to
Windows-1252, what Western European files that are not UTF-8 nearly always are. Bytes with
many control characters are refused as binary; UTF-16 without a BOM is recognised by its
NUL bytes. Paragraphs become "¶ n" locations.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefError
from ..model import SourceInput
from ..text import normalise


# Code pages charset-normalizer confuses with Windows-1252 on short Western European text
# (it calls accented French "cp1250"): when it guesses one of these and Windows-1252 reads
# the bytes too, Windows-1252, the encoding such files really come in, wins.
_LATIN_GUESSES = {"cp1250", "cp1252", "latin_1", "iso8859_2", "iso8859_15", "iso8859_9",
                  "cp1257", "mac_roman", "mac_latin2", "cp850", "cp437", "cp858", "iso8859_10",
                  "iso8859_13", "iso8859_14", "iso8859_16", "iso8859_3", "iso8859_4"}
# Control bytes that text does not hold (all below 0x20 but tab, LF, VT, FF, CR, ESC: vertical
# tabs and form feeds do occur, as line and page breaks in files exported from old tools).
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 11, 12, 13, 27))
_BINARY_SHARE = 0.05


def decode(data: bytes, name: str) -> str:
    """Decode text bytes: BOMs first, then strict UTF-8, then detected (charset-normalizer),
    with Windows-1252 as the fallback for Western text. Binary data is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise BriefError(f"{name} says it is {codec.upper()} but is not") from None
    from charset_normalizer import from_bytes

    sample = data[:8192]
    nul = b"\x00" in sample
    binary = sum(sample.count(c) for c in _CONTROL) > _BINARY_SHARE * len(sample)
    if not binary:  # a stray NUL or two in otherwise good UTF-8 is text (normalise drops it)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    encoding = best.encoding if best is not None else None
    if binary and not (nul and (encoding or "").startswith(("utf_16", "utf_32"))):
        raise BriefError(f"{name} looks like a binary file, not text")
    if encoding is None or encoding in _LATIN_GUESSES or (
            encoding.startswith(("utf_16", "utf_32")) and not nul):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            if encoding is None or encoding.startswith(("utf_16", "utf_32")):
                raise BriefError(f"{name}: cannot tell how its text is encoded; save it as "
                                 "UTF-8 and import it again") from None
    return str(best)


# More paragraphs than this and "¶ n" cites nothing a reader could find; the map would also
# cost gigabytes (a 20 MB file of short lines has millions): such a text gets none.
MAX_LOCATIONS = 200_000


def paragraphs(text: str) -> list | None:
    """Location map of ``[offset, "¶ n"]`` for each paragraph (None: over MAX_LOCATIONS).

    Paragraphs are separated by blank lines where the text has any (hard-wrapped text),
    else each line is one (text saved from web pages and word processors). Lines are found
    one at a time, so a text of millions of lines costs no list (or copy) of them.
    """
    by_blank = "\n\n" in text
    out, number, offset, previous_blank = [], 0, 0, True
    while offset <= len(text):
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
        blank = text[offset:end].isspace() or end == offset
        if not blank and (previous_blank or not by_blank):
            number += 1
            if number > MAX_LOCATIONS:
                return None
            out.append([offset, f"¶ {number}"])
        previous_blank = blank
        offset = end + 1
    return out


def read(data: bytes, name: str) -> SourceInput:
    text = normalise(decode(data, name)).strip("\n")
    if not text.strip():
        raise BriefError(f"{name} has no text")
    title = Path(name).stem if name != "pasted text" else text.split("\n", 1)[0][:80]
    locations, warnings = paragraphs(text), []
    if locations is None:
        locations = []
        warnings.append(f"{name} has more than {MAX_LOCATIONS:,} paragraphs; its quotes are "
                        "cited without paragraph numbers")
    return SourceInput(text=text, title=title, format="txt", original=data,
                       locations=locations, warnings=warnings)
