"""Reviewers' comments and edits brought back from Word."""
