"""An upgrade is all or nothing: a crash part-way leaves the brief at its old version.

Each migration used to commit on its own, with the version number written after all of
them; a kill between two left a schema no version of the app recognised, and the file was
refused by every one of them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import queries
from desktop.core.store import Store
from desktop.core.store.schema import MIGRATIONS

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"

# Opens the brief for writing (which upgrades it) and dies, as a kill would, when the
# upgrade reaches its Nth migration.
CHILD = """
import os, sys
from desktop.core.store import migrating
real, seen = migrating.statements, [0]
def statements(sql):
    seen[0] += 1
    if seen[0] == int(sys.argv[2]):
        os._exit(9)
    return real(sql)
migrating.statements = statements
from desktop.core.store import Store
Store.open(sys.argv[1])
os._exit(0)
"""


def _contents(store: Store) -> dict:
    return {"sources": sorted(s["title"] for s in queries.sources(store)),
            "claims": sorted(c["text"] for c in queries.claims(store))}


@pytest.mark.parametrize("dies_at", [1, 5, len(MIGRATIONS) - 1])
def test_a_kill_during_the_upgrade_leaves_the_old_version_and_it_upgrades_later(tmp_path,
                                                                                 dies_at):
    brief = tmp_path / "old.brief"
    shutil.copy(FIXTURES / "v1.brief", brief)
    with Store.open(brief, readonly=True) as old:
        before = _contents(old)
        version = old.conn.execute("PRAGMA user_version").fetchone()[0]
    assert version < dies_at + 1 <= len(MIGRATIONS)  # the kill lands inside the upgrade
    died = subprocess.run([sys.executable, "-c", CHILD, str(brief), str(dies_at)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert died.returncode == 9, died.stderr
    with Store.open(brief, readonly=True) as after_kill:  # still the old brief, whole
        assert after_kill.conn.execute("PRAGMA user_version").fetchone()[0] == version
        assert _contents(after_kill) == before
    with Store.open(brief) as upgraded:
        assert upgraded.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert upgraded.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert _contents(upgraded) == before
