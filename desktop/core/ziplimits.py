"""Decompression limits for zip packages (.docx imports and export templates).

A zip's declared sizes are only claims, and a package can pad its compressed size with
stored (uncompressed) random bytes so that unpacked / packed stays low. So every entry is
inflated once, streaming, counting the bytes it actually yields: the package is refused
as soon as the total passes :data:`MAX_UNPACKED_BYTES`, or the deflated entries yield more
than :data:`MAX_RATIO` times their compressed bytes (padding stored beside them does not
count), or its XML parts pass :data:`MAX_XML_BYTES` (parsing time). Nothing is kept in
memory beyond one chunk.
"""

from __future__ import annotations

import io
import zipfile

from .errors import BriefError

MAX_UNPACKED_BYTES = 200_000_000
# python-docx parses every XML part at about 3 MB a second (140 MB took 43 s and 3.2 GB):
# this much XML keeps any package within about 30 s. Media parts are only held as bytes.
MAX_XML_BYTES = 80_000_000
MAX_RATIO = 100  # inflated / deflated: Word's XML packs about 10:1, a bomb 1000:1
RATIO_FLOOR = 10_000_000  # below this, any ratio is harmless
CHUNK = 1 << 20


def refuse_bomb(data: bytes, label: str, max_unpacked: int | None = None) -> None:
    """Raise :class:`BriefError` naming ``label`` if ``data`` unpacks to too much.

    A file that is not a zip at all passes (the reader gives the message for that).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    max_unpacked = MAX_UNPACKED_BYTES if max_unpacked is None else max_unpacked
    total = inflated = xml = 0
    packed = sum(e.compress_size for e in archive.infolist()
                 if e.compress_type != zipfile.ZIP_STORED)
    with archive:
        for entry in archive.infolist():
            try:
                with archive.open(entry) as stream:
                    while chunk := stream.read(CHUNK):
                        total += len(chunk)
                        if entry.compress_type != zipfile.ZIP_STORED:
                            inflated += len(chunk)
                        if entry.filename.lower().endswith((".xml", ".rels")):
                            xml += len(chunk)
                            if xml > MAX_XML_BYTES:
                                raise BriefError(
                                    f"{label} holds more than {MAX_XML_BYTES / 1e6:,.0f} MB "
                                    "of document XML, more than can be read in reasonable "
                                    "time; split it into smaller documents")
                        if total > max_unpacked or (
                                inflated > RATIO_FLOOR and inflated > MAX_RATIO * max(packed, 1)):
                            raise BriefError(
                                f"{label} unpacks to more than {total / 1e6:,.0f} MB from "
                                f"{len(data) / 1e6:,.1f} MB; refusing it as a likely "
                                "decompression bomb")
            except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError,
                    RuntimeError, ValueError):
                return  # a damaged entry: the reader reports it in its own words
