"""The sources: the library panel, importing, and search across the brief."""
