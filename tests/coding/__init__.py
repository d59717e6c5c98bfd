"""Tests of frenemy.coding."""
