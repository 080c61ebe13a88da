"""Reading a source: the reader, its find bar, and the tags panel."""
