"""Tests of frenemy.web."""
