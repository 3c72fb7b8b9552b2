"""The rows a load reads and the problems it finds in them: the cells with their sources,
the collector of rejections and warnings, what a loader may know beyond the file."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from emulation_stats.core.errors import Term, Words, in_language, said_each
from emulation_stats.core.frames import REJECTED_COLUMNS, apply_unique, empty_frame, key_codes
from emulation_stats.core.resources import split_aliases
from emulation_stats.core.schema import schemas
from emulation_stats.core.text import clean, name_key
from emulation_stats.load import forms

HEADER_SEARCH_ROWS = 10


# Each table's columns, required groups, duplicate keys, figures, fill-down columns and
# types are data (data/reference/schemas.csv, read by schema.py); these are its views.
SCHEMAS = schemas()


COLUMNS = {t: s.columns for t, s in SCHEMAS.items()}


REQUIRED = {t: s.required for t, s in SCHEMAS.items()}  # each group: at least one of its columns


KEYS = {t: (s.keys, s.compared) for t, s in SCHEMAS.items()}  # equal keys: duplicates; compared: conflict?


OPTIONAL = {t: s.optional for t, s in SCHEMAS.items()}  # only where they say something


FILL_DOWN = set().union(*(s.fill_down for s in SCHEMAS.values()))  # figures are never copied down


FIGURES = set().union(*(s.figures for s in SCHEMAS.values()))  # a long text there is "not a number"


NON_TEXT = {c: d for s in SCHEMAS.values() for c, d in s.dtypes.items() if d != "str"}


@dataclass
class LoadContext:
    """What a loader may know beyond the file: the province, display spellings, the cluster."""

    province: str | None = None
    display_names: dict[str, str] = field(default_factory=dict)
    cluster: str | None = None
    engine: str = "calamine"
    district: str | None = None  # the district of one-district report forms, if given
    by_recipient: bool = False  # awards: one row per recipient of a decision list
    # The cluster's members by year (``year, member_code, member``, and ``member_type``):
    # a row of anyone else is refused (``not_a_member``); an agency is found by its name or
    # code in this list. Empty: no check (a file loaded on its own).
    members: pd.DataFrame | None = None
    # The rubric's assessed criteria (``Criteria``): assessment rows name one of them by
    # key, label or alias, or are refused (``unknown_criterion``).
    criteria: Criteria | None = None
    # The year of tables whose files write none (--year, dataset.yaml's ``year:``).
    year: int | None = None


@dataclass(frozen=True)
class Criteria:
    """What an assessment may name: each name key -> the criterion's key, and each key's
    label and maximum points (a score above it is refused)."""

    names: dict[str, str]
    labels: dict[str, str]
    maximum: dict[str, float]

    @classmethod
    def from_rubric(cls, rubric: dict | None) -> Criteria | None:
        """From rubric.yaml's content: the criteria scored from assessments and the
        assessment criteria bonuses and penalties read. None when there are none."""
        if not isinstance(rubric, dict):
            return None
        names: dict[str, str] = {}
        labels: dict[str, str] = {}
        maximum: dict[str, float] = {}
        for item in rubric.get("criteria") or []:
            if not isinstance(item, dict) or item.get("method") != "assessed":
                continue
            key = str(item.get("criterion") or item.get("key") or "")
            labels[key] = str(item.get("label") or key)
            aliases = item.get("aliases") or []
            for name in [key, str(item.get("key") or ""), labels[key],
                         *(aliases if isinstance(aliases, list) else split_aliases(str(aliases)))]:
                if name:
                    names.setdefault(name_key(str(name)), key)
            try:
                maximum[key] = float(item.get("max_points"))
            except (TypeError, ValueError):
                pass
        for kind in ("bonus", "penalty"):
            for item in rubric.get(kind) or []:
                if isinstance(item, dict) and item.get("criterion"):
                    key = str(item["criterion"])
                    names.setdefault(name_key(key), key)
                    labels.setdefault(key, str(item.get("label") or key))
        return cls(names, labels, maximum) if names else None

    def listed(self) -> str:
        return "; ".join(f"{k} ({v})" if v != k else k for k, v in self.labels.items())


@dataclass
class _Rows:
    """Data rows (of one grid, or of many concatenated), cells under canonical names.

    ``headers`` holds, per row and column, the header text a message should name: in a
    report form the figures of one row come from columns with different headers.
    """

    cells: pd.DataFrame
    sources: pd.Series
    headers: pd.DataFrame
    files: pd.Series

    def col(self, name: str) -> pd.Series | None:
        return self.cells[name] if name in self.cells else None

    def text(self, name: str) -> pd.Series:
        """A column as clean text ("" where absent or empty)."""
        column = self.col(name)
        if column is None:
            return pd.Series("", index=self.cells.index, dtype=object)
        return apply_unique(column, _clean_text)

    def header(self, column: str, mask: pd.Series) -> pd.Series | str:
        """The header each row's file writes for ``column``; a file that names the member by
        its code only ("district_code") gives that column's header, never none."""
        if column not in self.headers:
            return column
        found = self.headers[column][mask]
        other = _SAME_FIELD.get(column)
        if other in self.headers and found.isna().any():
            found = found.where(found.notna(), self.headers[other][mask])
        return found.where(found.notna(), column)


_SAME_FIELD = {"member": "member_code", "assessor": "assessor_code"}  # a member by its name, or by its code


def _constant_headers(index: pd.Index, headers: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(h, index=index, dtype=object) for c, h in headers.items()},
                        index=index)


def _concat_rows(parts: list[_Rows]) -> _Rows:
    """All grids of a load as one set of rows, so each field is parsed once per load."""
    if len(parts) == 1:
        return parts[0]
    cells = pd.concat([p.cells for p in parts], ignore_index=True)
    headers = pd.concat([p.headers for p in parts], ignore_index=True)
    return _Rows(cells.astype(object), pd.concat([p.sources for p in parts], ignore_index=True),
                 headers.astype(object), pd.concat([p.files for p in parts], ignore_index=True))


def _clean_text(value: object) -> str:
    text = clean(value)
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]  # the apostrophe an export put there to stop a spreadsheet running it
    return "" if text in ("-", "--") else text


# What the records of a form hold beyond the table's own columns, and which header
# names each column in messages.
_FORM_EXTRA = {"indicators": ["_rank"], "awards": ["recipient", "position", "decision", "decision_date"]}


class _FormBatch:
    """The records of every form of one load, gathered as lists and made into one set of
    rows at the end: a frame per form would cost more than reading the form."""

    HEADER_ROLES = {"indicator": ("name_column", "chỉ tiêu"), "unit": ("unit_column", "ĐVT"),
                    "award": ("award_column", "hình thức khen thưởng"),
                    "authority": ("authority_column", "cấp khen"),
                    "recipient_kind": ("kind_column", "đối tượng"), "posthumous": ("note_column", "ghi chú")}

    def __init__(self, table: str):
        self.table = table
        self.columns: dict[str, list[object]] = {}
        self.per_form: list[dict[str, str]] = []
        self.sizes: list[int] = []
        self.column_headers: list[object] = []
        self.rows_so_far = 0

    def add(self, form: forms.Form) -> None:
        records = form.records()
        n = len(records["source"])
        if not n:
            return
        for name, values in records.items():
            if name not in self.columns:  # a column earlier forms did not have
                self.columns[name] = [""] * self.rows_so_far
            self.columns[name].extend(values)
        header_row = form.grid.rows[form.header[0]]
        place = Term("member_by", where=form.district_from) if form.district_from else Term("where_column_header")
        constant = {"member": place, "member_code": place, "_file": form.grid.label}
        for column, (role, default) in self.HEADER_ROLES.items():
            j = form.fixed.get(role)
            constant[column] = clean(header_row[j]) if j is not None and j < len(header_row) else default
        self.per_form.append(constant)  # spread to the form's rows at the end
        self.columns.setdefault("_era", [""] * self.rows_so_far).extend([form.era] * n)
        self.sizes.append(n)
        self.column_headers.extend(records["header"])
        self.rows_so_far += n
        for values in self.columns.values():  # a column only some forms have
            values.extend([""] * (self.rows_so_far - len(values)))

    def rows(self) -> _Rows | None:
        if not self.rows_so_far:
            return None
        cells = pd.DataFrame({c: pd.Series(v, dtype=object)
                              for c, v in self.columns.items() if c not in ("source", "header")})
        headers = pd.DataFrame(self.per_form, dtype=object).loc[np.repeat(np.arange(len(self.sizes)), self.sizes)]
        headers = headers.reset_index(drop=True)
        for column in ("value" if self.table == "indicators" else "count", "measure", "year"):
            headers[column] = pd.Series(self.column_headers, dtype=object)
        return _Rows(cells, pd.Series(self.columns["source"], dtype=object), headers.drop(columns="_file"),
                     headers["_file"])


class _Issues:
    """The first reason each row is rejected for, and the warnings of kept rows."""

    def __init__(self, rows: _Rows):
        self.rows = rows
        index = rows.cells.index
        self.code = pd.Series(None, index=index, dtype=object)
        self.column = pd.Series(None, index=index, dtype=object)
        self.message = pd.Series(None, index=index, dtype=object)  # text or terms of messages.csv
        self.message_en = pd.Series(None, index=index, dtype=object)  # where the English is given apart
        self.free = np.ones(len(index), dtype=bool)  # rows without a rejection yet
        self.warnings: list[pd.DataFrame] = []

    def reject(self, errors: pd.Series, column: str, code: str, english: pd.Series | None = None) -> None:
        """Reject the free rows with an error (text or a term; "" for none); ``english``:
        the same errors in English, where they are text."""
        found = errors.to_numpy(dtype=object)
        found = (found != "") & pd.notna(found)  # numpy on the raw array: pandas costs more here
        found &= self.free
        if not found.any():
            return
        self.free &= ~found
        mask = pd.Series(found, index=errors.index)
        self.code[mask] = code
        self.column[mask] = column
        self.message[mask] = errors[mask]
        if english is not None:
            self.message_en[mask] = english[mask]

    def reject_where(self, mask: pd.Series, column: str, code: str, message: Term | Words | pd.Series) -> None:
        """Reject the free rows of ``mask`` with a term, words in both languages (each one
        text or a Series of the rows), or a Series of terms."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        vi, en = _two_languages(message)
        errors, english = (pd.Series("", index=mask.index, dtype=object) for _ in range(2))
        errors[mask] = vi[mask] if isinstance(vi, pd.Series) else vi
        english[mask] = en[mask] if isinstance(en, pd.Series) else en
        self.reject(errors, column, code, english if isinstance(message, Words) else None)

    def warn(self, mask: pd.Series, column: str, code: str, message: Term | Words | pd.Series) -> None:
        """A warning on each kept row of ``mask``: a term, words in both languages, or a
        Series of terms."""
        mask = mask.fillna(False).astype(bool) & self.free  # a refused row needs no further warning
        if not mask.any():
            return
        vi, en = _two_languages(message)
        self.warnings.append(pd.DataFrame({
            "source": self.rows.sources[mask], "column": self.rows.header(column, mask), "code": code,
            "message": vi[mask] if isinstance(vi, pd.Series) else vi,
            "message_en": (en[mask] if isinstance(en, pd.Series) else en) if isinstance(message, Words) else None,
            "_file": self.rows.files[mask]}))

    def warn_once(self, mask: pd.Series, column: str, code: str, by: pd.Series, message: str,
                  **values: pd.Series) -> None:
        """One warning per file and distinct ``by`` value (an unknown name in 200 rows is one
        thing to fix, not 200): the first row's source, the message ``message`` of
        messages.csv said of the value (``{by}``, and ``values`` of that row) and how many
        rows. A ``by`` that holds terms (what a parse found) is said as it is."""
        mask = mask.fillna(False).astype(bool) & self.free
        if not mask.any():
            return
        picked = pd.DataFrame({"source": self.rows.sources[mask], "_file": self.rows.files[mask],
                               "by": by[mask], "column": self.rows.header(column, mask),
                               **{k: v[mask] for k, v in values.items()}})
        grouped = picked.assign(_by=apply_unique(picked["by"], lambda v: in_language(v, "vi")))
        _, where, sizes = np.unique(key_codes(grouped, ["_file", "_by"]), return_index=True, return_counts=True)
        order = np.argsort(where)
        first = picked.iloc[where[order]].reset_index(drop=True)
        sizes = sizes[order]
        said = [Term("counted_message", message=Term(message, by=row["by"], **{k: row[k] for k in values}),
                     more=Term("rows_counted", n=n) if n > 1 else "")
                for (_, row), n in zip(first.iterrows(), sizes)]  # one per file and value: few
        self.warnings.append(pd.DataFrame({
            "source": first["source"], "column": first["column"], "code": code,
            "message": pd.Series(said, index=first.index, dtype=object), "_file": first["_file"]}))

    @property
    def bad(self) -> pd.Series:
        return pd.Series(~self.free, index=self.code.index)

    def rejected(self) -> pd.DataFrame:
        bad = self.bad
        if not bad.any():  # the usual case: nothing to say, and nothing to build it from
            return empty_frame(REJECTED_COLUMNS + ["_file"])
        headers = self.column[bad].astype(object)
        for column in headers.unique():
            mask = bad & (self.column == column)
            headers[mask[bad]] = self.rows.header(column, mask)
        sources = self.rows.sources[bad]
        why, given = self.message[bad], self.message_en[bad]
        why_en = given.where(given.notna(), apply_unique(why, lambda m: in_language(m, "en")))
        return pd.DataFrame({"source": sources, "column": headers, "code": self.code[bad],
                             "reason": said_each("row_rejected", "vi", source=sources, column=headers, why=why),
                             "reason_en": said_each("row_rejected", "en", source=sources, column=headers,
                                                    why=why_en),
                             "_file": self.rows.files[bad]})


def _two_languages(message: Term | Words | pd.Series) -> tuple[object, object]:
    if isinstance(message, Words):
        return message.vi, message.en
    if isinstance(message, (Term, pd.Series)):  # a Series of terms (or Words), one per row
        return message, message
    raise TypeError(f"a problem is said by a term of messages.csv or by Words, not {type(message).__name__}")


MAX_CELL_CHARACTERS = 1_000  # no name, unit or figure is longer; a longer cell is a paste gone wrong
