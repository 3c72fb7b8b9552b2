"""Where the reference data lives, and cached readers for its CSV files."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pandas as pd

from emulation_stats.core.errors import DataError

_PACKAGE_COPY = Path(__file__).parents[1] / "reference"  # emulation_stats/reference in a wheel
_SOURCE_TREE_COPY = Path(__file__).resolve().parents[3] / "data" / "reference"


def reference_dir() -> Path:
    """The folder of reference CSV files.

    ``EMULATION_STATS_REFERENCE`` overrides it; otherwise the copy shipped inside the
    installed package, else ``data/reference`` of the source tree (editable installs).
    """
    override = os.environ.get("EMULATION_STATS_REFERENCE")
    for candidate in (Path(override) if override else None, _PACKAGE_COPY, _SOURCE_TREE_COPY):
        if candidate is not None and (candidate / "indicators.csv").is_file():
            return candidate
    # Said in both languages here: the messages' own table is one of the files not found.
    raise DataError("Không tìm thấy thư mục dữ liệu tham chiếu (data/reference): hãy cài lại gói. / The reference "
                    "data folder (data/reference) was not found: reinstall the package, or set "
                    "EMULATION_STATS_REFERENCE.")


@cache
def read_reference(name: str, strip: bool = True) -> pd.DataFrame:
    """Read ``data/reference/<name>`` with every column as text (codes keep leading zeros).

    ``strip=False`` keeps spaces that matter (the patterns of spelling_variants.csv).
    """
    path = reference_dir() / name
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError) as exc:
        raise DataError("reference_unreadable", file=path, why=exc) from exc
    return frame.apply(lambda col: col.str.strip()) if strip else frame


def split_aliases(text: str) -> list[str]:
    """Aliases are written in one cell separated by "|"."""
    return [a.strip() for a in str(text).split("|") if a.strip()]
