"""Text normalisation applied once, at import, to every source's text.

Anchors count code points in the normalised text, and the Word exporter can only write
characters XML allows, so everything stored goes through :func:`normalise`; what is written
to Word goes through :func:`xml_safe`, or :func:`clean` for one line (the memo's page shows
a claim's statement that way too, without loading the exporter).
"""

from __future__ import annotations

import re
import unicodedata

# Vertical tab, form feed, file/group/record separators, NEL and Unicode line/paragraph
# separators act as line breaks in the wild: keep the break, drop the odd character.
_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Everything else XML 1.0 forbids: C0 controls but tab and newline, DEL, lone surrogates,
# and the non-characters U+FFFE/U+FFFF.
_INVALID = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def normalise(text: str) -> str:
    """NFC, ``\\n`` line ends, and no character that XML cannot hold."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _BREAKS.sub("\n", text)
    text = _INVALID.sub("", text)
    return unicodedata.normalize("NFC", text)


def xml_safe(text: str) -> str:
    """``text`` without characters XML forbids (for export of anything the brief holds)."""
    return _INVALID.sub("", _BREAKS.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n")))


# Whatever :func:`clean` would change: a character XML forbids or that acts as a line
# break, whitespace other than a single space between words (a non-breaking space stays).
_UNCLEAN = re.compile("[\x00-\x1f\x7f\x85\ud800-\udfff\ufffe\uffff\u2028\u2029]"
                      "|[^\\S\u00a0]{2}|[^\\S \u00a0]|^\\s|\\s$")
_SPACES = re.compile(r"[^\S\u00a0]+")


def clean(text: str | None) -> str:
    """``text`` safe for Word and on one line: XML-invalid characters removed, runs of
    whitespace (line breaks included) made one space. Non-breaking spaces are kept."""
    if not text:
        return ""
    if not _UNCLEAN.search(text):
        return text  # the usual case, checked in one pass
    return " ".join(part for part in _SPACES.split(xml_safe(text)) if part)
