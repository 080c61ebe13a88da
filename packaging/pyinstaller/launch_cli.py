"""Entry point of the bundled ``brief`` command."""

import sys

from desktop.cli import main

sys.exit(main())
