"""Errors a user can cause. Each carries a one-line message fit to show as is."""


class BriefError(Exception):
    """A user-facing problem: bad input, a bad file, a missing item."""


class NotABriefError(BriefError):
    """The file is not a Briefing Builder brief (not SQLite, or another app's database)."""


class DamagedBriefError(BriefError):
    """The file is a brief, but SQLite reports it corrupt or inconsistent."""


class ReadOnlyBriefError(BriefError):
    """A write was attempted on a brief opened read-only (e.g. one from a newer app)."""


class NotFoundError(BriefError):
    """An id or name did not match any item."""


class Cancelled(Exception):
    """The user cancelled long work (a merge being planned, an export, checks) before it
    finished; nothing was changed or written. Not a :class:`BriefError`: nothing went wrong."""
