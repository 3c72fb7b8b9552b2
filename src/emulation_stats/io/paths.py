"""How files are named in messages and sources."""

from __future__ import annotations

from pathlib import Path


def display_path(path: Path) -> str:
    """A short, stable name for a file in messages: its folder and its name."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name
