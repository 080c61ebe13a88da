"""The evidence matrix: claims against sources."""
