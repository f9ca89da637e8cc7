"""wsisreport: compile the WSIS progress report from per-entity YAML submissions."""

__version__ = "0.1.0"
