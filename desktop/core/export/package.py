"""Saving the .docx: the same bytes for the same memo, and never a half-written file.

python-docx stamps each zip entry with the current time; :func:`docx_bytes` writes the
package with one fixed date (the brief's last change) so that two exports of an unchanged
brief are byte-identical. :func:`write_atomically` writes to a temporary file in the target
folder and moves it into place with ``os.replace``, so a failed export leaves the previous
file as it was. :func:`check_target` refuses, before any work is done, a target that an
export must never replace: the brief itself (the same file under any name, a hard link or a
symbolic link included), the brief's SQLite side files, a folder, or anything that is not a
regular file (a device, a pipe, a socket).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
import tempfile
import zipfile
from pathlib import Path

from .. import docx_internals
from ..errors import BriefError
from .wordtree import SPLICE_MARK


def docx_bytes(document, stamp: dt.datetime, splices: dict | None = None,
               compresslevel: int = 6) -> bytes:
    """The document's package as .docx bytes, every zip entry dated ``stamp``, in one pass.

    ``splices`` maps a part name ("/word/document.xml") to the XML text that replaces the
    marker :func:`~.wordtree.mark_insertion` left in it.
    """
    date = max(stamp, dt.datetime(1980, 1, 1)).timetuple()[:6]
    splices = splices or {}
    mark = f"<!--{SPLICE_MARK}-->".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as z:
        for name, blob in docx_internals.package_entries(document):
            spliced = splices.get("/" + name)
            if spliced is not None:
                head, found, tail = blob.partition(mark)
                if not found:
                    raise ValueError(f"no insertion mark in /{name}")
                blob = head + spliced.encode("utf-8") + tail
            entry = zipfile.ZipInfo(name, date_time=date)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            z.writestr(entry, blob)
    return out.getvalue()


_SIDE_FILES = ("-journal", "-wal", "-shm")


def check_target(path: str | Path, brief: str | Path | None = None) -> Path:
    """The file an export to ``path`` will write, after refusing what it must not replace.

    A symbolic link is followed, so the file it names is written and the link kept. Raises
    :class:`BriefError` when the target is ``brief`` itself or one of its side files, a
    folder, a device, pipe or socket, or in a folder that does not exist.
    """
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if str(path) in ("", "."):
        raise BriefError("give a file name such as memo.docx")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise BriefError(f"cannot write {path.name}: {exc.strerror}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise BriefError(f"{path} is a folder; give a file name such as memo.docx")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise BriefError(f"{path} is not a regular file (a device, pipe or socket); "
                         "give a file name such as memo.docx")
    if not folder.is_dir():
        raise BriefError(f"cannot write {path.name}: folder {folder} does not exist")
    if brief is not None:
        brief = Path(brief)
        try:
            brief_st = os.stat(brief)
        except OSError:
            brief_st = None
        if st is not None and brief_st is not None and os.path.samestat(st, brief_st):
            raise BriefError(f"{path.name} is the brief itself; give the memo another name, "
                             "such as memo.docx")
        real_brief = os.path.realpath(brief)
        if any(os.path.realpath(path) == real_brief + side for side in _SIDE_FILES):
            raise BriefError(f"{path.name} belongs to the brief (SQLite keeps its journal "
                             "there); give the memo another name, such as memo.docx")
    return path


def write_atomically(path: str | Path, data: bytes, brief: str | Path | None = None) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The target is checked again (:func:`check_target`) just before the write, since the
    export took time and the folder may have changed meanwhile.
    """
    path = check_target(path, brief)
    folder = path.parent if str(path.parent) else Path(".")
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

