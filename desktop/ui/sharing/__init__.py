"""Sharing a copy, restoring a backup and merging briefs."""
