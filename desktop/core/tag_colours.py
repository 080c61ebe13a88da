"""Highlight colours for tags: a palette people can tell apart, and the sums that prove it.

Each tag gets a colour of :data:`PALETTE` when it is created (the one fewest tags use), and
the user can choose another. The palette is pastel, drawn under dark text
(:data:`HIGHLIGHT_TEXT`) in light and dark themes alike, so highlighted words stay readable
on either page. Colours are compared in CIELAB (ΔE, 1976): about 2.3 is the smallest
difference people notice; the palette keeps every pair above :data:`MIN_DISTANCE`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

HIGHLIGHT_TEXT = "#1a1a1a"
UNTAGGED = "#fff176"  # a highlight with no tag: the highlighter's yellow, kept out of the palette
MIN_DISTANCE = 25.0  # ΔE between any two palette colours
MIN_TEXT_CONTRAST = 7.0  # WCAG AAA for body text, highlight text on each colour

# (name, colour): the names are shown in the colour chooser.
NAMED_PALETTE = (
    ("Blue", "#90caf9"), ("Green", "#a5d6a7"),
    ("Orange", "#ffb74d"), ("Pink", "#f48fb1"), ("Coral", "#ff8a65"),
    ("Taupe", "#bcaaa4"), ("Lavender", "#b39ddb"), ("Teal", "#4db6ac"),
)
PALETTE = tuple(colour for _name, colour in NAMED_PALETTE)

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def is_colour(value: str) -> bool:
    """True for a ``#rrggbb`` colour."""
    return bool(_HEX.match(value or ""))


def next_colour(used: Iterable[str]) -> str:
    """The palette colour fewest of ``used`` have (the first such, in palette order)."""
    counts = Counter(c.lower() for c in used if c)
    return min(PALETTE, key=lambda c: (counts[c], PALETTE.index(c)))


def effective_colours(tags: list[dict]) -> dict[str, str]:
    """Tag id -> the colour it shows in, for ``tags`` rows (``id``, ``color``, ``created``).

    A tag with no stored colour (from a brief made before tags had colours) takes palette
    colours in creation order after those already taken, so two tags rarely share one.
    """
    colours = {t["id"]: t["color"].lower() for t in tags if is_colour(t["color"])}
    for tag in sorted(tags, key=lambda t: (t["created"], t["id"])):
        if tag["id"] not in colours:
            colours[tag["id"]] = next_colour(colours.values())
    return colours


# ------------------------------------------------------------------------- colour sums
def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    r, g, b = (_linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio, 1 (same) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) coordinates of an sRGB colour."""
    r, g, b = (_linear(c) for c in _rgb(colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def distance(a: str, b: str) -> float:
    """ΔE (CIE 1976) between two colours."""
    return math.dist(lab(a), lab(b))
