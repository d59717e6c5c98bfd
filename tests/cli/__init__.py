"""Tests of frenemy.cli."""
