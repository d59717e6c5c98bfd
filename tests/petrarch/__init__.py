"""Tests of frenemy.petrarch."""
