"""``python -m emulation_stats`` runs the command line."""

from emulation_stats.cli import entry_point

entry_point()
