"""``python -m desktop [FILE.brief]`` opens the app."""

import sys


def main() -> int:
    from .ui.app import main as run

    return run()


if __name__ == "__main__":
    sys.exit(main())
