"""``python -m desktop [FILE.brief]`` opens the app (the ``briefing-builder`` command)."""

import os
import sys


USAGE = """usage: briefing-builder [FILE.brief | --example | --self-test | --version]

Opens FILE.brief (creating it if it does not exist), else the brief open last, else the
example brief. --example opens your copy of the example brief. --self-test opens a copy
of the example offscreen, exports its memo and checks it (exit 0 when all is well)."""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if argv[:1] == ["--version"]:
        from . import version

        print(f"briefing-builder {version()}")
        return 0
    if argv[:1] == ["--self-test"]:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # unless told to use a display
    # Qt aborts the process when its platform plugin cannot load: ask the loader first.
    from desktop.ui.shell import platform_check

    try:
        # A brief named on the command line is opened at once: its checks (SQLite's, 0.1 s
        # for a large brief) run on another core beside the loader's check and the loading
        # below. Otherwise the brief is chosen from the user's settings, read with Qt's
        # core, so only once Qt is known to load.
        named = bool(argv) and not argv[0].startswith("-")
        ahead = _open_ahead(argv) if named else None
        trouble = platform_check.problem()
        if trouble is None:
            if not named:
                ahead = _open_ahead(argv)
            from desktop.ui.shell import startup

            startup.load_before_qt()
            from desktop.ui.shell.app import main as run
    except ImportError as exc:  # a library Qt itself needs is missing
        trouble = platform_check.import_problem(exc)
    if trouble:
        print(trouble, file=sys.stderr)
        return 1
    return run(argv, ahead)


def _open_ahead(argv: list[str]):
    """The brief's safe open, begun on a worker while Qt and the app load (its SQLite
    checks then run on another core: desktop/core/ahead.py)."""
    if argv[:1] == ["--self-test"]:
        return None
    from desktop.ui.shell import startup

    return startup.open_ahead(argv)


if __name__ == "__main__":
    sys.exit(main())
