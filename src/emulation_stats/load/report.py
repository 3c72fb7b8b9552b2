"""LoadReport: what a loader read, kept and refused, row by row."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from emulation_stats.core.errors import in_both_languages
from emulation_stats.core.frames import (
    ERROR_COLUMNS,
    FILE_COLUMNS,
    REJECTED_COLUMNS,
    WARNING_COLUMNS,
    empty_frame,
)
from emulation_stats.core.resources import read_reference


@dataclass
class LoadReport:
    """The account of one load: ``rows_read == rows_loaded + len(rejected)`` always.

    ``rejected`` has one row per refused data row (``source, column, code, reason``; the
    reason names file, sheet, row and column); ``warnings`` one row per kept row that
    needs a look (``source, column, code, message``); ``files`` the counts per file;
    ``errors`` the files of a folder that could not be read at all (``file, message``) —
    the other files are loaded.

    >>> LoadReport().ok
    True
    """

    rows_read: int = 0
    rows_loaded: int = 0
    rejected: pd.DataFrame = field(default_factory=lambda: empty_frame(REJECTED_COLUMNS))
    warnings: pd.DataFrame = field(default_factory=lambda: empty_frame(WARNING_COLUMNS))
    files: pd.DataFrame = field(default_factory=lambda: empty_frame(FILE_COLUMNS))
    errors: pd.DataFrame = field(default_factory=lambda: empty_frame(ERROR_COLUMNS))

    def __post_init__(self) -> None:
        # Every problem said in both languages here, whichever stage found it.
        self.rejected = in_both_languages(in_both_languages(self.rejected, "reason"), "column")
        self.warnings = in_both_languages(in_both_languages(self.warnings, "message"), "column")
        if self.rows_read != self.rows_loaded + len(self.rejected):
            raise AssertionError(
                f"LoadReport: {self.rows_read} read != {self.rows_loaded} loaded "
                f"+ {len(self.rejected)} rejected")

    @property
    def ok(self) -> bool:
        """True when no row was rejected and every file could be read."""
        return self.rejected.empty and self.errors.empty

    def __add__(self, other: LoadReport) -> LoadReport:
        return LoadReport(
            self.rows_read + other.rows_read,
            self.rows_loaded + other.rows_loaded,
            _concat(self.rejected, other.rejected, REJECTED_COLUMNS),
            _concat(self.warnings, other.warnings, WARNING_COLUMNS),
            _concat(self.files, other.files, FILE_COLUMNS),
            _concat(self.errors, other.errors, ERROR_COLUMNS),
        )

    @property
    def repeated(self) -> int:
        """Figures a report repeats from another year's report that is loaded too: read,
        but not rows of their own (the report of their own year gives them)."""
        return int(self.files["repeated"].sum()) if len(self.files) else 0

    def error_messages(self, *, lang: str = "vi") -> pd.Series:
        """Why each file in ``errors`` could not be read, in ``lang``."""
        return self.errors["message_en" if lang == "en" else "message"]

    def summary(self, *, lang: str = "vi") -> str:
        """One line: rows read (with the repeats of other years' figures), loaded,
        rejected, warnings."""
        if lang == "en":
            warnings = len(self.warnings)
            text = (f"{read_words(self.rows_read, self.repeated, 'en')}, {self.rows_loaded} loaded, "
                    f"{len(self.rejected)} rejected, {warnings} {'warning' if warnings == 1 else 'warnings'}")
            unread = len(self.errors)
            return text + (f", {unread} {'file' if unread == 1 else 'files'} unreadable" if unread else "")
        text = (f"{read_words(self.rows_read, self.repeated)}, nạp {self.rows_loaded}, loại {len(self.rejected)}, "
                f"cảnh báo {len(self.warnings)}")
        return text + (f", {len(self.errors)} tệp không đọc được" if len(self.errors) else "")

    def problem_lines(self, *, lang: str = "vi") -> list[str]:
        """Each unreadable file, rejection and warning as one readable line in ``lang``."""
        en = lang == "en"
        word = {"error": "ERROR" if en else "LỖI", "rejected": "REJECTED" if en else "LOẠI",
                "warning": "WARNING" if en else "CẢNH BÁO", "column": "column" if en else "cột"}
        lines = [f"{word['error']}  {m}" for m in self.error_messages(lang=lang)]
        lines += [f"{word['rejected']}  {r}" for r in self.rejected["reason_en" if en else "reason"]]
        lines += [f"{word['warning']}  {s}, {word['column']} '{c}': {m}" if c else f"{word['warning']}  {s}: {m}"
                  for s, c, m in zip(self.warnings["source"], self.warnings["column_en" if en else "column"],
                                     self.warnings["message_en" if en else "message"])]
        return lines

    def _repr_html_(self) -> str:  # a readable report in notebooks
        return f"<p><b>LoadReport</b>: {self.summary()}</p>" + self.files.to_html(index=False)

    def __repr__(self) -> str:
        return f"LoadReport({self.summary(lang='en')})"


def read_words(rows_read: int, repeated: int, lang: str = "vi") -> str:
    """"đọc 29 dòng, trong đó 10 số liệu nhắc lại năm trước": what was read, repeats included.

    >>> read_words(19, 10)
    'đọc 29 dòng, trong đó 10 số liệu nhắc lại năm trước'
    """
    if lang == "en":
        return f"{rows_read + repeated} rows read" + (f" ({repeated} repeat other years' reports)" if repeated else "")
    again = f", trong đó {repeated} số liệu nhắc lại năm trước" if repeated else ""
    return f"đọc {rows_read + repeated} dòng{again}"


def _concat(a: pd.DataFrame, b: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    frames = [f for f in (a, b) if not f.empty]
    if not frames:
        return empty_frame(columns)
    return pd.concat(frames, ignore_index=True).reindex(columns=columns)


@lru_cache(maxsize=1)
def problem_meanings() -> dict[str, str]:
    """What each rejection and warning code means in English (problem_codes.csv)."""
    table = read_reference("problem_codes.csv")
    return dict(zip(table["code"], table["en"]))
