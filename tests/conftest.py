"""Shared fixtures: paths, and small writers for the CSV/xlsx files the tests build."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]
# The seed report's crime sentence, as data/gia_lai_2017's paragraph gives it after its lead-in.
SEED_CRIME_PARAGRAPH = ("Về phạm pháp hình sự: huyện Đak Đoa xảy ra 70 vụ, tăng 16 vụ, huyện Kbang xảy ra 57 vụ, "
                        "tăng 07 vụ so với năm 2016.")


@pytest.fixture
def root() -> Path:
    return ROOT


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def to_windows_1258(text: str) -> bytes:
    """Text as a Vietnamese Windows-1258 file stores it: letters such as "ô" and "ơ" are
    precomposed, tone marks are separate combining characters."""
    import unicodedata

    out, chars, i = [], unicodedata.normalize("NFD", text), 0
    while i < len(chars):
        pair = unicodedata.normalize("NFC", chars[i:i + 2]) if i + 1 < len(chars) else ""
        if len(pair) == 1:
            try:
                out.append(pair.encode("cp1258"))
                i += 2
                continue
            except UnicodeEncodeError:
                pass
        out.append(chars[i].encode("cp1258"))
        i += 1
    return b"".join(out)
