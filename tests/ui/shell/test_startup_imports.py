"""What the first window loads: only what its first screen needs, so it shows quickly (issue
16; the timing itself is tests/benchmarks/test_startup_xvfb_bench.py). Pinned by module
name in a real app process, untimed, so a regression fails here on any machine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
MARK = "--- modules ---"
CLASSES = "--- widget classes ---"
# Widget classes the app never uses. PySide6 makes its classes when first asked for; asking
# a scroll area for its viewport (a plain QWidget made by Qt) makes every widget class it has,
# with their enums: 7 ms before the first window could show.
NEVER_USED_WIDGETS = ("QWizard", "QCalendarWidget", "QMdiArea", "QLCDNumber", "QGraphicsView")
# Dialogs are made when first opened: their classes (and modules) need not load before.
DIALOGS = ("QDialog", "QMessageBox", "QFileDialog", "QInputDialog", "QProgressDialog",
           "QColorDialog", "QDialogButtonBox", "QSpinBox", "QDoubleSpinBox", "QListWidget")
# Loaded on first use, never for the first screen: exporting (python-docx, lxml), importing
# sources, merging, fuzzy re-anchoring (edlib), starting other programs, the network (the
# lock's host name), markdown-it (the example memo's bold and italic are read without it), and
# the dialogs' own modules and the review panel's (its dock starts behind the library).
NOT_AT_START = ("desktop.core.export", "desktop.core.importers", "desktop.core.merge",
                "docx", "lxml", "trafilatura", "pypdfium2", "edlib", "subprocess", "socket",
                "markdown_it", "desktop.ui.library.details", "desktop.ui.memo.dialogs",
                "desktop.ui.common.preferences_dialog", "desktop.ui.review.panel")


def _first_window_loads(brief: Path, tmp_path: Path) -> tuple[set[str], set[str]]:
    """Start the app on ``brief`` as ``python -m desktop`` does, let its first screen build
    (the memo page comes just after the window), and list every module it loaded and the
    names PySide6.QtWidgets then holds (its classes made so far)."""
    code = (
        "import sys, time\n"
        "from PySide6.QtWidgets import QApplication\n"
        "def first_screen(app):\n"
        "    end = time.monotonic() + 1.0\n"
        "    while time.monotonic() < end:\n"
        "        app.processEvents()\n"
        "        time.sleep(0.01)\n"
        f"    print({MARK!r})\n"
        "    print('\\n'.join(sorted(sys.modules)))\n"
        f"    print({CLASSES!r})\n"
        "    print('\\n'.join(sorted(vars(sys.modules['PySide6.QtWidgets']))))\n"
        "    return 0\n"
        "QApplication.exec = first_screen\n"
        "import desktop.__main__ as entry\n"
        "sys.exit(entry.main(sys.argv[1:]))\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home")}
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / var.lower())
    out = subprocess.run([sys.executable, "-c", code, str(brief)], capture_output=True,
                         text=True, env=env, cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    modules, classes = out.stdout.split(MARK + "\n", 1)[1].split(CLASSES + "\n", 1)
    return set(modules.split()), set(classes.split())


def test_the_first_window_loads_no_exporter_importer_or_network_code(tmp_path):
    brief = tmp_path / "example.brief"
    shutil.copy(REPO / "briefs" / "example.brief", brief)
    modules, _classes = _first_window_loads(brief, tmp_path)
    assert "desktop.ui.memo.document" in modules and "desktop.core.ahead" in modules
    offenders = sorted(m for m in modules if m in NOT_AT_START
                       or m.startswith(tuple(f + "." for f in NOT_AT_START)))
    assert offenders == []


def test_the_first_window_makes_only_the_widget_classes_it_uses(tmp_path):
    brief = tmp_path / "example.brief"
    shutil.copy(REPO / "briefs" / "example.brief", brief)
    _modules, classes = _first_window_loads(brief, tmp_path)
    assert {"QMainWindow", "QTableView", "QDockWidget"} <= classes
    assert sorted(classes.intersection(NEVER_USED_WIDGETS)) == []
    assert sorted(classes.intersection(DIALOGS)) == []


def test_modules_that_need_no_qt_load_before_qt(tmp_path):
    # Once PySide6 is loaded, its import hook reads the source of each module imported:
    # the app loads its Qt-free modules first (startup.load_before_qt). Listed in the order
    # their imports began, as the real entry point runs, once its first window is up (the
    # event loop is replaced as the app's module loads, without loading Qt any earlier).
    code = (
        "import sys, time\n"
        "def first_screen(*_args):\n"
        "    app = sys.modules['PySide6.QtWidgets'].QApplication.instance()\n"
        "    end = time.monotonic() + 1.0\n"
        "    while time.monotonic() < end:\n"
        "        app.processEvents()\n"
        "        time.sleep(0.01)\n"
        "    if not any(w.isVisible() for w in app.topLevelWidgets()):\n"
        "        return 3\n"
        "    names = [n for n in list(sys.modules)\n"
        "             if str(getattr(sys.modules[n], '__file__', '')).endswith('.py')]\n"
        f"    print({MARK!r})\n"
        "    print('\\n'.join(names))\n"
        "    return 0\n"
        "class AfterApp:\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name != 'desktop.ui.shell.app':\n"
        "            return None\n"
        "        sys.meta_path.remove(self)\n"
        "        import importlib.util\n"
        "        spec = importlib.util.find_spec(name)\n"
        "        run = spec.loader.exec_module\n"
        "        def exec_module(module):\n"
        "            run(module)\n"
        "            module.QApplication.exec = first_screen\n"
        "        spec.loader.exec_module = exec_module\n"
        "        return spec\n"
        "sys.meta_path.insert(0, AfterApp())\n"
        "import desktop.__main__ as entry\n"
        "sys.exit(entry.main(sys.argv[1:]))\n")
    brief = tmp_path / "example.brief"
    shutil.copy(REPO / "briefs" / "example.brief", brief)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home")}
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / var.lower())
    for argv in ([str(brief)], []):  # a file named, and the brief open last (from settings)
        out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True,
                             text=True, env=env, cwd=REPO, timeout=120)
        assert out.returncode == 0, out.stderr[-2000:]  # 3: no window was up
        order = out.stdout.split(MARK + "\n", 1)[1].split()
        after_qt = order[order.index("PySide6"):]
        late = [m for m in after_qt if not m.startswith(
            ("PySide6", "shibokensupport", "desktop.ui."))]
        assert late == []
