"""What the ``brief`` command loads: each command only what it uses, so a quick command
starts quickly (issue 14: ``brief info`` within 4× of Python opening the file with sqlite3;
the timing itself is tests/benchmarks/test_app_bench.py). Pinned by module name, untimed, so
a regression fails here on any machine."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop.cli import COMMANDS, build_parser, command

# What no reading command needs: writing, importing, exporting, reviews, merging, the crash
# log's folder lookup, and the libraries behind them.
HEAVY = ("sqlite_utils", "desktop.core.edits", "desktop.core.importers",
         "desktop.core.export", "desktop.core.review", "desktop.core.merge",
         "desktop.core.merge_plan", "desktop.core.share", "desktop.core.anchoring",
         "docx", "lxml", "edlib", "platformdirs", "PySide6", "numpy", "pandas")
# The other groups' command modules.
OTHER_COMMANDS = tuple(f"desktop.cli_commands.{m}" for m in
                       ("sources", "highlights", "memo", "review", "sharing"))
# What printing the version or the usage needs none of: no brief is opened.
BRIEF_READING = ("sqlite3", "desktop.core.store", "desktop.core.queries",
                 "desktop.cli_commands")

MARK = "--- modules ---"


def _loaded_after(*argv: str) -> tuple[int, set[str]]:
    """Run ``brief ARGV`` in a fresh interpreter; its exit status and every module it loaded."""
    code = ("import sys\n"
            "from desktop.cli import main\n"
            "try:\n"
            "    status = main(sys.argv[1:])\n"
            "except SystemExit as exc:\n"
            "    status = exc.code\n"
            f"print({MARK!r})\n"
            "print(status)\n"
            "print('\\n'.join(sorted(sys.modules)))\n")
    out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True,
                         check=True).stdout
    status, *modules = out.split(MARK + "\n", 1)[1].split()
    return int(status), set(modules)


def _offenders(modules: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m in forbidden or m.startswith(
        tuple(f + "." for f in forbidden)))


def test_brief_info_loads_neither_writing_nor_importing_nor_exporting_code(brief_path):
    status, modules = _loaded_after("info", str(brief_path))
    assert status == 0
    assert "desktop.core.store" in modules and "desktop.cli_commands.brief" in modules
    assert _offenders(modules, HEAVY + OTHER_COMMANDS) == []


def test_brief_info_json_loads_no_more_than_json(brief_path):
    status, modules = _loaded_after("info", str(brief_path), "--json")
    assert status == 0
    assert _offenders(modules, HEAVY + OTHER_COMMANDS) == []


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["info", "--help"]])
def test_version_and_usage_open_no_brief_and_load_no_command(argv):
    status, modules = _loaded_after(*argv)
    assert status == 0
    assert _offenders(modules, HEAVY + BRIEF_READING) == []


def test_version_reads_no_vocabulary_and_builds_no_parser():
    status, modules = _loaded_after("--version")
    assert status == 0
    assert _offenders(modules, ("desktop.core.model",)) == []


def test_every_command_in_the_parser_has_one_function_and_no_other_is_listed():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert sorted(subparsers.choices) == sorted(COMMANDS)
    for name in COMMANDS:
        assert callable(command(name)), name
