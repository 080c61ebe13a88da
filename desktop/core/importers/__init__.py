"""Turning files into sources: one module per format, one entry point for callers.

``load(path_or_bytes, fmt=None)`` returns a :class:`~desktop.core.model.SourceInput` with
normalised text, metadata found in the file, the original bytes and a location map.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefError
from ..model import SourceInput
from . import plaintext

MAX_BYTES = 100 * 1024 * 1024  # 100 MiB: larger files are refused with a clear message

READERS = {"txt": plaintext.read}
EXTENSIONS = {".txt": "txt", ".text": "txt"}


def detect_format(name: str, data: bytes) -> str:
    """The format of a file from its extension, else from its first bytes."""
    fmt = EXTENSIONS.get(Path(name).suffix.lower())
    return fmt or "txt"


def load(data: bytes, name: str = "pasted text", fmt: str | None = None) -> SourceInput:
    """Read ``data`` (a file's bytes, ``name`` its file name) as a source."""
    if len(data) > MAX_BYTES:
        raise BriefError(f"{name} is larger than the 100 MiB limit for a source")
    if not data.strip():
        raise BriefError(f"{name} is empty")
    fmt = fmt or detect_format(name, data)
    if fmt not in READERS:
        raise BriefError(f"unknown format {fmt!r}; use one of: {', '.join(sorted(READERS))}")
    return READERS[fmt](data, name)


def load_path(path: str | Path, fmt: str | None = None) -> SourceInput:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BriefError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise BriefError(f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise BriefError(f"cannot read {path}: {exc.strerror}") from None
    return load(data, path.name, fmt)
