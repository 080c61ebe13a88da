"""Claims and the evidence linked to them."""
