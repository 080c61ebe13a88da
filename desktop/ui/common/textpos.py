"""Converting between the core's code point offsets and Qt's UTF-16 positions.

Python strings index code points; QTextDocument counts UTF-16 units, so every character
outside the Basic Multilingual Plane (most emoji) counts twice in Qt. Conversions use the
sorted positions of those characters, so they cost a binary search, not a scan.
"""

from __future__ import annotations

import bisect
import re

ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class PositionMap:
    def __init__(self, text: str):
        # A regex scan, not a Python loop: 300 KB sources are mapped on every reader switch.
        self._astral_cp = [m.start() for m in ASTRAL.finditer(text)]
        # UTF-16 position of each astral character's first unit.
        self._astral_u16 = [cp + n for n, cp in enumerate(self._astral_cp)]

    def to_qt(self, cp: int) -> int:
        """UTF-16 position of code point offset ``cp``."""
        return cp + bisect.bisect_left(self._astral_cp, cp)

    def from_qt(self, u16: int) -> int:
        """Code point offset of UTF-16 position ``u16`` (inside a surrogate pair: its start)."""
        n = bisect.bisect_left(self._astral_u16, u16)
        if n and self._astral_u16[n - 1] + 1 == u16:  # between the two halves of a pair
            return self._astral_cp[n - 1]
        return u16 - n
