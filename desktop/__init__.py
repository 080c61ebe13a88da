"""Briefing Builder: turn source material into an evidenced policy memo."""

from __future__ import annotations

DISTRIBUTION = "briefing-builder"


def version() -> str:
    """The installed version, read from the package metadata (``pyproject.toml`` sets it).

    A checkout run without installing has no metadata and says so rather than guessing.
    """
    from importlib.metadata import PackageNotFoundError, version as installed_version

    try:
        return installed_version(DISTRIBUTION)
    except PackageNotFoundError:
        return "0+unknown (not installed)"


def __getattr__(name: str):
    # Looked up on first use only: reading metadata costs a scan of sys.path at every start.
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
