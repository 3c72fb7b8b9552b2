"""Reading files: safety checks first, then raw cell grids (CSV and xlsx)."""

from .safety import LIMITS, Limits, check_file
from .tables import Grid, display_path, read_grids

__all__ = ["LIMITS", "Limits", "check_file", "Grid", "display_path", "read_grids"]
