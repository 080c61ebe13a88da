"""Opening a brief on a worker thread while the app is still starting.

A safe open of a large brief is mostly SQLite's own checks (``integrity_check``,
``foreign_key_check``, the value-type scan: 0.1 s on a 66 MB brief), and Python's sqlite3
releases the GIL while SQLite works. Begun before Qt and the app's modules load, the same
:meth:`Store.open`, every check included, runs beside those imports on a second core; the
app then takes the open store instead of opening the file again.

Only an open that changes nothing is done ahead: a file that an upgrade, a journal-mode
switch or side files beside it would change (:func:`opening_may_change`) is left for the
app, which backs it up first. Whatever goes wrong ahead is dropped: the app's own open
meets the same trouble and words it for the user.

While the worker runs, nothing else may read the file with ``open()``: closing any
descriptor of a file drops every POSIX lock SQLite holds on it in this process (see
``desktop/core/store/__init__.py``). So :meth:`OpenAhead.take` and :meth:`OpenAhead.drop`
wait for the worker, and the app calls one of them before it looks at the file itself.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

from .share import opening_may_change
from .store import Store

log = logging.getLogger("briefing-builder")
SWITCH_SECONDS = 0.001  # Python's thread switch interval while the worker runs


class OpenAhead:
    """:meth:`Store.open` of one brief, for writing, on a worker thread."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._store: Store | None = None
        self._thread = threading.Thread(target=self._open, name="open-ahead", daemon=True)
        _quick_switches(True)
        try:
            self._thread.start()
        except BaseException:
            _quick_switches(False)
            raise

    def _open(self) -> None:
        try:
            if not opening_may_change(self.path):
                self._store = Store.open(self.path)
        except Exception as exc:  # the app's own open reports it (a BriefError, OSError…)
            log.info("opening %s ahead: %s", self.path.name, exc)
        finally:
            _quick_switches(False)

    def take(self, path: str | Path, *, user: str) -> Store | None:
        """The store open on ``path`` for writing, else None (open it the usual way).

        Waits for the worker. A store is handed over once; it is not ``path``'s when the
        worker opened another file, or none when the open would change the file or failed.
        """
        self._thread.join()
        store, self._store = self._store, None
        if store is None:
            return None
        if not _same_file(store.path, Path(path)):
            store.close()
            return None
        store.user = user
        return store

    def drop(self) -> None:
        """Wait for the worker and close what it opened (the app opens the file itself)."""
        self._thread.join()
        store, self._store = self._store, None
        if store is not None:
            store.close()


# Between SQLite's steps a worker needs the GIL back from the loading app; by default it
# waits up to 5 ms each time. 1 ms while any worker runs: the checks on a worker beside a
# busy thread took 0.10 s instead of 0.085 s (0.065 s alone).
_SWITCH_LOCK = threading.Lock()
_switching = {"workers": 0, "interval": 0.0}


def _quick_switches(on: bool) -> None:
    """A worker starts (``on``) or ends; the first lowers the interval, the last restores it."""
    with _SWITCH_LOCK:
        if on:
            if _switching["workers"] == 0:
                _switching["interval"] = sys.getswitchinterval()
                sys.setswitchinterval(min(_switching["interval"], SWITCH_SECONDS))
            _switching["workers"] += 1
        else:
            _switching["workers"] -= 1
            if _switching["workers"] == 0:
                sys.setswitchinterval(_switching["interval"])


def _same_file(a: Path | None, b: Path) -> bool:
    try:
        return a is not None and a.resolve() == b.resolve()
    except OSError:
        return False
