"""Run the command-line interface with ``python -m wsisreport``."""

from .entry import main

main()
