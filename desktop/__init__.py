"""Briefing Builder: turn source material into an evidenced policy memo."""

__version__ = "0.1.0"
