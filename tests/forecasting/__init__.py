"""Tests of frenemy.forecasting."""
