"""Text normalisation applied once, at import, to every source's text.

Anchors count code points in the normalised text, and the Word exporter can only write
characters XML allows, so everything stored goes through :func:`normalise`.
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
