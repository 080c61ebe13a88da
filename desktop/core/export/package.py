"""Saving the .docx: the same bytes for the same memo, and never a half-written file.

python-docx stamps each zip entry with the current time; :func:`docx_bytes` rewrites the
package with one fixed date (the brief's last change) so that two exports of an unchanged
brief are byte-identical. :func:`write_atomically` writes to a temporary file in the target
folder and moves it into place with ``os.replace``, so a failed export leaves the previous
file as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from pathlib import Path

from ..errors import BriefError


def docx_bytes(document, stamp: dt.datetime) -> bytes:
    """The document's package with every zip entry dated ``stamp``."""
    raw = io.BytesIO()
    document.save(raw)
    date = max(stamp, dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info))
    return out.getvalue()


def write_atomically(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise BriefError(f"{path} is a folder; give a file name such as memo.docx")
    if not folder.is_dir():
        raise BriefError(f"cannot write {path.name}: folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise BriefError(f"cannot write to {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes the file private; keep the old file's mode, else the usual 0644.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BriefError(f"cannot write {path.name}: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path

