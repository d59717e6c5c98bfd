"""Tests of frenemy.datasets."""
