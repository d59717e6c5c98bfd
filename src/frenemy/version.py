"""The package's version, and the coder version every coded event carries."""

from __future__ import annotations

__all__ = ["__version__", "CODER_VERSION"]

__version__ = "0.1.0"
# Stored on each event: which coder (and so which rules) produced it.
CODER_VERSION = f"frenemy-coder-{__version__}"
