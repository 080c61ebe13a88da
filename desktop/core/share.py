"""Copies and rolling backups of a brief file.

Why SQLite's backup API and not a file copy: a brief being edited may be mid-transaction,
and a plain byte copy taken then can hold half a write (the old pages sit in the rollback
journal, which the copy leaves behind). The backup API copies the committed state only.

Every file this module writes is first written under a temporary name in the target's
folder and then renamed over the target, so a crash or a full disk never leaves a
half-written copy, backup or restored brief under the real name.

The app calls :func:`backup_on_open` when it opens a brief, :func:`list_backups` and
:func:`restore_backup` for File → Restore from backup…, and :func:`copy_brief` for
File → Share a copy…. None of them needs Qt.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .errors import BriefError
from .store import Store
from .store.opening import check_header
from .store.schema import MIGRATIONS

BACKUP_NAME = re.compile(r"^(\d{8}T\d{12})Z-([0-9a-f]{16})\.brief$")


@dataclass(frozen=True)
class Backup:
    """One rolling backup of a brief: where it is, when it was taken, its size in bytes."""

    path: Path
    created: datetime
    size: int
    digest: str  # the brief's content_digest() when backed up


# ------------------------------------------------------------------------------ copies
def copy_brief(store: Store, dest: str | Path, include_files: bool = True, *,
               overwrite: bool = False) -> Path:
    """Write a consistent single-file copy of ``store`` to ``dest``; return ``dest``.

    ``include_files=False`` leaves out the original source files' bytes (the extracted
    texts, highlights and everything else stay) and compacts the copy. Refuses to
    overwrite an existing ``dest`` unless ``overwrite``; ``dest`` may never be the brief
    itself. The brief is only read.
    """
    dest = Path(dest)
    if store.path is not None and _same_file(store.path, dest):
        raise BriefError("the copy must go to another file than the brief itself")
    if dest.is_dir():
        raise BriefError(f"{dest} is a folder; give the copy a file name")
    if dest.exists() and not overwrite:
        raise BriefError(f"{dest.name} already exists; choose another name or allow "
                         "overwriting")
    if not include_files and store.newer:
        raise BriefError("a brief made by a newer version can only be copied whole")
    if not dest.parent.is_dir():
        raise BriefError(f"the folder {dest.parent} does not exist")
    tmp = _temporary(dest)
    try:
        store.backup_to(tmp)
        if not include_files:
            with Store.open(tmp, user=store.user) as copy:
                copy.drop_source_files()
        os.replace(tmp, dest)
    except OSError as exc:
        raise BriefError(f"cannot write {dest.name} in {dest.parent}: {exc.strerror}") from None
    except sqlite3.Error as exc:  # e.g. the disk filled while compacting the copy
        raise BriefError(f"cannot write {dest.name} in {dest.parent}: {exc}") from None
    except BriefError as exc:  # name the copy, not its temporary file
        raise BriefError(str(exc).replace(tmp.name, dest.name)) from None
    finally:
        tmp.unlink(missing_ok=True)
    return dest


# ----------------------------------------------------------------------------- backups
def default_backup_dir() -> Path:
    """Where backups are kept: the user's data folder (the app and `brief` share it)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("Briefing Builder", "BriefingBuilder")) / "backups"


def backup_folder(path: str | Path, backup_dir: str | Path) -> Path:
    """The folder holding ``path``'s backups: one per brief, named after it and its location."""
    path = Path(path).resolve()
    tag = hashlib.sha256(str(path).encode()).hexdigest()[:10]
    return Path(backup_dir) / f"{path.stem}-{tag}"


def list_backups(path: str | Path, backup_dir: str | Path) -> list[Backup]:
    """The backups of the brief at ``path``, newest first."""
    folder = backup_folder(path, backup_dir)
    found = []
    for entry in folder.glob("*.brief") if folder.is_dir() else ():
        match = BACKUP_NAME.match(entry.name)
        if match:
            created = _stamp_time(match[1])
            found.append(Backup(entry, created, entry.stat().st_size, match[2]))
    return sorted(found, key=lambda b: b.path.name, reverse=True)


def _stamp_time(stamp: str) -> datetime:
    """The UTC time of a backup's name stamp (``20250101T120000123456``); by hand, since
    ``strptime`` costs the app's start-up a module load of its own."""
    numbers = (stamp[0:4], stamp[4:6], stamp[6:8], stamp[9:11], stamp[11:13], stamp[13:15],
               stamp[15:21])
    return datetime(*map(int, numbers), tzinfo=timezone.utc)


def backup_on_open(source: str | Path | Store, backup_dir: str | Path,
                   keep: int = 5) -> Backup | None:
    """Back up a brief as it is now and keep only its ``keep`` newest backups.

    Call it when the app opens a brief, with the open :class:`Store` (or a path, which
    is opened read-only with all the safety checks). Returns the new backup, or ``None``
    when the newest backup already holds identical bytes (reopening an unchanged brief
    must not push older, different backups out).
    """
    if keep < 1:
        raise ValueError("keep at least one backup")
    if isinstance(source, Store):
        return _backup_store(source, backup_dir, keep)
    if _unchanged_since_last_backup(Path(source), backup_dir, keep):
        return None  # reopening an unchanged brief: no need to open it twice
    with Store.open(source, readonly=True) as store:
        return _backup_store(store, backup_dir, keep)


def opening_may_change(path: str | Path) -> bool:
    """Whether opening the brief at ``path`` for writing may change the file before
    anything is shown: an upgrade, a journal mode to switch, side files beside it to settle
    (or a file that is not a sound brief). Then back it up *before* opening it, by path;
    otherwise the open store's committed state is the file as it was, and the backup can
    be taken from a :meth:`Store.reader` once the window is up (before the first edit)."""
    path = Path(path)
    try:
        version, wal = check_header(path)
    except (BriefError, OSError):
        return True
    if wal or version != len(MIGRATIONS):
        return True
    return any(Path(f"{path}{side}").exists() for side in ("-journal", "-wal", "-shm"))


def _unchanged_since_last_backup(path: Path, backup_dir: str | Path, keep: int) -> bool:
    """The file holds the bytes its newest backup was taken from (older ones pruned)."""
    try:
        existing = list_backups(path, backup_dir)
        if not existing or existing[0].digest != content_digest(path):
            return False
        for old in existing[keep:]:
            old.path.unlink(missing_ok=True)
        return True
    except OSError:
        return False  # the full way names the problem


def _backup_store(store: Store, backup_dir: str | Path, keep: int) -> Backup | None:
    """Copy first, then compare: the digest is taken from the copy, because the open
    brief's own file must never be read with ``open()`` here (closing that descriptor
    would drop the POSIX locks SQLite holds on it for this process; see store's
    ``_OPEN_FILES``). Safe from any thread on a :meth:`Store.reader`."""
    if store.path is None:
        raise BriefError("a brief held only in memory has no file to back up")
    folder = backup_folder(store.path, backup_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        tmp = _temporary(folder / f"{stamp}Z.brief")
        made = None
        try:
            store.backup_to(tmp)
            digest = content_digest(tmp)
            existing = list_backups(store.path, backup_dir)
            if not existing or existing[0].digest != digest:
                os.replace(tmp, folder / f"{stamp}Z-{digest}.brief")
                made = list_backups(store.path, backup_dir)[0]
        finally:
            tmp.unlink(missing_ok=True)
        for old in list_backups(store.path, backup_dir)[keep:]:
            old.path.unlink(missing_ok=True)
        return made
    except OSError as exc:
        raise BriefError(f"cannot write a backup in {folder}: {exc.strerror}") from None


def restore_backup(backup: Backup | str | Path, dest: str | Path,
                   backup_dir: str | Path | None = None, keep: int = 5) -> Path:
    """Put a backup's contents back at ``dest`` (the brief must be closed first).

    Nothing is thrown away: if ``dest`` is a sound brief it is backed up first (with
    ``backup_dir``), and if it is damaged it is renamed to ``<name>.damaged-<time>``
    beside itself, together with any rollback journal left by a crash (a journal next to
    the restored file would otherwise be played into it).
    """
    source = Path(backup.path if isinstance(backup, Backup) else backup)
    dest = Path(dest)
    with Store.open(source, readonly=True) as store:  # refuses a damaged backup
        tmp = _temporary(dest)
        try:
            store.backup_to(tmp)
            if dest.exists():
                _set_aside(dest, backup_dir, keep)
            os.replace(tmp, dest)
        except OSError as exc:
            raise BriefError(f"cannot restore {dest.name}: {exc.strerror}") from None
        finally:
            tmp.unlink(missing_ok=True)
    return dest


def _set_aside(dest: Path, backup_dir: str | Path | None, keep: int) -> None:
    journal = dest.with_name(dest.name + "-journal")
    if backup_dir is not None and not journal.exists():
        try:
            backup_on_open(dest, backup_dir, keep)
            return
        except BriefError:
            pass  # damaged: keep it beside itself instead
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    aside = dest.with_name(f"{dest.name}.damaged-{stamp}")
    os.replace(dest, aside)
    if journal.exists():
        os.replace(journal, aside.with_name(aside.name + "-journal"))


# ----------------------------------------------------------------------------- helpers
def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


# Header fields SQLite's backup API rewrites in the copy (file change counter, schema
# cookie, version-valid-for): left out of the digest, so a brief and its backup match.
_COUNTERS = ((24, 28), (40, 44), (92, 96))


def content_digest(path: str | Path) -> str:
    """First 16 hex digits of the sha256 of a brief file's bytes, its header's counters
    (``_COUNTERS``) zeroed: equal for a brief and a backup taken of it as it is. Only for a
    file this process does not have open (see :func:`_backup_store`)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        head = bytearray(f.read(100))
        for start, end in _COUNTERS:
            head[start:end] = bytes(len(head[start:end]))
        h.update(head)
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]
