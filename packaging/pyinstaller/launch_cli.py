"""Entry point of the bundled ``brief`` command."""

import sys

from desktop.cli import run

sys.exit(run())
