"""Reading files: safety checks first, then raw cell grids (CSV and xlsx)."""

from .paths import display_path
from .safety import LIMITS, Limits, check_file
from .tables import Grid, read_grids

__all__ = ["LIMITS", "Limits", "check_file", "Grid", "display_path", "read_grids"]
