"""Event data in and out: GDELT, ICEWS, POLECAT and TKG importers, and exporters."""
