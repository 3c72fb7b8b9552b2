"""Files: reading them (safety checks first, then raw cell grids of CSV and xlsx, YAML) and
writing the official forms offices fill in (``templates``, ``award_templates``)."""

from emulation_stats.io.paths import display_path
from emulation_stats.io.safety import LIMITS, Limits, check_file
from emulation_stats.io.tables import Grid, read_grids

__all__ = ["LIMITS", "Limits", "check_file", "Grid", "display_path", "read_grids"]
