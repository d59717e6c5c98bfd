"""Tests of frenemy.analysis."""
