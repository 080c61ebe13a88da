"""Entry point of the bundled app (PyInstaller needs a script, not a module path)."""

import sys

from desktop.__main__ import main

sys.exit(main())
