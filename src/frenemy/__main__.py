"""Entry point for ``python -m frenemy``."""

from frenemy.cli.app import main

main()
