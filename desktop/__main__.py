"""``python -m desktop [FILE.brief]`` opens the app (the ``briefing-builder`` command)."""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--version"]:
        from . import version

        print(f"briefing-builder {version()}")
        return 0
    if argv[:1] == ["--self-test"]:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # unless told to use a display
    # Qt aborts the process when its platform plugin cannot load: ask the loader first.
    from .ui import platform_check

    trouble = platform_check.problem()
    if trouble is None:
        try:
            from .ui.app import main as run
        except ImportError as exc:  # a library Qt itself needs is missing
            trouble = platform_check.import_problem(exc)
    if trouble:
        print(trouble, file=sys.stderr)
        return 1
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
