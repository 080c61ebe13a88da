"""Every package the code imports is declared, and constraints.txt pins what is declared."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = [Requirement(r) for r in PROJECT["dependencies"]]
TEST = [Requirement(r) for r in PROJECT["optional-dependencies"]["test"]]
BUNDLE = [Requirement(r) for r in PROJECT["optional-dependencies"]["bundle"]]


def _pins() -> dict[str, Version]:
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)", line)
        if match:
            pins[canonicalize_name(match.group(1))] = Version(match.group(2))
    return pins


# Our own top-level modules: the package, and the benchmark helpers that
# tests/benchmarks/conftest.py puts on sys.path. Named explicitly: a file such as
# desktop/core/importers/docx.py must not hide the python-docx import it makes.
LOCAL = {"desktop", "benchkit", "generate", "conftest",
         "reviewing", "test_export_bench"}  # helpers beside the tests that import them


def _imported_top_level(folder: Path) -> set[str]:
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in LOCAL}


def _undeclared(folder: Path, declared: list[Requirement]) -> list[str]:
    names = {canonicalize_name(r.name) for r in declared}
    providers = packages_distributions()
    return sorted(module for module in _imported_top_level(folder)
                  if not names & {canonicalize_name(d) for d in providers.get(module, [])})


def test_every_declared_dependency_is_pinned_within_its_range():
    pins = _pins()
    for requirement in RUNTIME + TEST + BUNDLE:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} has no pin in constraints.txt"
        assert requirement.specifier.contains(pins[name], prereleases=True), \
            f"constraints.txt pins {requirement.name}=={pins[name]}, outside {requirement}"


def test_the_app_imports_only_declared_runtime_dependencies():
    assert _undeclared(REPO / "desktop", RUNTIME) == []
    assert _undeclared(REPO / "briefs", RUNTIME) == []


def test_the_tests_import_only_declared_dependencies():
    assert _undeclared(REPO / "tests", RUNTIME + TEST) == []


def test_the_import_scan_finds_an_undeclared_package(tmp_path):
    # The check above is only worth something if it notices a package nobody declared.
    # A module named like a package (docx.py) must not hide that package's import.
    (tmp_path / "docx.py").write_text("import lxml.html\nfrom docx import Document\n"
                                      "import json, os\nfrom . import sibling\n")
    assert _undeclared(tmp_path, [Requirement("python-docx>=1")]) == ["lxml"]
    assert _undeclared(tmp_path, [Requirement("lxml>=5")]) == ["docx"]
