"""Run the command-line interface with ``python -m wsisreport``."""

from .cli import main

main()
