"""The test run leaves the user's own folders alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_gui_and_cli_tests_write_nothing_into_home_or_xdg_folders(tmp_path):
    # A child test run with a watched, empty home and XDG folders: the windows it opens save
    # their layout and recent files, pytest-qt makes its QApplication, the CLI logs; all of
    # that must land in the run's own temporary home, never in these folders.
    home = tmp_path / "home"
    xdg = tmp_path / "xdg"
    home.mkdir()
    xdg.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(xdg / "config"),
               XDG_DATA_HOME=str(xdg / "data"), XDG_CACHE_HOME=str(xdg / "cache"),
               XDG_STATE_HOME=str(xdg / "state"), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/ui/shell/test_main_window.py", "tests/test_cli.py"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert " passed" in done.stdout
    assert _tree(home) == [] and _tree(xdg) == []
