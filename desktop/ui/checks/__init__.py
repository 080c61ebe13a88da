"""The checks panel: what the brief still lacks."""
