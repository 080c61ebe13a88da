"""One window per brief: a lock file beside the brief says who has it open.

Two windows (or two copies of the app) editing one brief would each keep an undo history
the other's changes invalidate. The first to open a brief holds a :class:`QLockFile`; a
second is told who holds it and offered a read-only look. A lock left by a crashed process
is stale (its process is gone) and is taken over. A folder where no lock can be written
(read-only, a network share that refuses it) opens without one rather than not at all.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile


def lock_path(brief: Path) -> Path:
    # Not a name SQLite uses for its side files (-journal, -wal, -shm).
    return brief.with_name(f".{brief.name}.lock")


def acquire(brief: Path) -> tuple[QLockFile | None, str | None]:
    """(the held lock, None); (None, who holds it); or (None, None) if it cannot be written."""
    lock = QLockFile(str(lock_path(Path(brief))))
    lock.setStaleLockTime(0)  # stale only when the owning process is gone, never by age
    if lock.tryLock(0):
        return lock, None
    if lock.error() != QLockFile.LockError.LockFailedError:
        return None, None
    info = lock.getLockInfo()
    if not info or not info[0]:
        return None, "another program"
    pid, host, app = info
    import socket  # only to word a conflict: not loaded while the app starts

    where = "" if host == socket.gethostname() else f" on {host}"
    return None, f"{app or 'another program'} (process {pid}{where})"
