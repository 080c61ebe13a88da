"""Widgets, models and helpers every room uses."""
