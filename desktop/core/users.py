"""Who is working: the name new items and edits are recorded under."""

from __future__ import annotations

import getpass
import os


def current_user() -> str:
    """The analyst's name for new items: $BRIEF_USER, else the login name."""
    try:
        return os.environ.get("BRIEF_USER") or getpass.getuser()
    except Exception:  # no login name on this system
        return ""
