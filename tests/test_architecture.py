"""The core and the CLI never load Qt: a machine checks the layering."""

import subprocess
import sys
from pathlib import Path

import desktop


def test_core_and_cli_import_without_qt():
    code = ("import sys, desktop.core.store, desktop.core.edits, desktop.core.queries, "
            "desktop.core.anchoring, desktop.core.importers, desktop.cli\n"
            "import pkgutil, importlib, desktop.core\n"
            "for m in pkgutil.walk_packages(desktop.core.__path__, 'desktop.core.'):\n"
            "    importlib.import_module(m.name)\n"
            "print(sorted(n for n in sys.modules if n.startswith(('PySide', 'shiboken'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_no_sql_outside_the_store():
    root = Path(desktop.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if "store" in path.relative_to(root).parts:
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("sqlite3.connect", ".execute(", "executescript"):
            if needle in text:
                offenders.append(f"{path.relative_to(root)}: {needle}")
    assert offenders == []
