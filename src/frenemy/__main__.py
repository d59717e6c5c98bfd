"""Entry point for ``python -m frenemy``."""

from .cli import main

main()
