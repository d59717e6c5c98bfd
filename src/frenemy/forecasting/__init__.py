"""Forecasts: next-event models on temporal knowledge graphs, prediction and dyad risk."""
