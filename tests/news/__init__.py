"""Tests of frenemy.news."""
