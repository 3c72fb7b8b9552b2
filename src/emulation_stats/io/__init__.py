"""Reading files: safety checks first, then raw cell grids (CSV and xlsx)."""

from emulation_stats.io.paths import display_path
from emulation_stats.io.safety import LIMITS, Limits, check_file
from emulation_stats.io.tables import Grid, read_grids

__all__ = ["LIMITS", "Limits", "check_file", "Grid", "display_path", "read_grids"]
