"""Writing the memo and exporting it to Word."""
