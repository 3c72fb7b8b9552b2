"""Frame helpers every stage uses: integer keys for grouping, a function applied once
per distinct value, the columns of problem tables and empty frames of them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import numpy as np
import pandas as pd


def key_codes(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """One integer per distinct combination of ``keys`` (cheaper to group than text)."""
    combined, size = np.zeros(len(frame), dtype=np.int64), 1
    for key in keys:
        codes, distinct = pd.factorize(frame[key].to_numpy(dtype=object))  # missing values: -1, kept apart
        if size * (len(distinct) + 1) >= 2 ** 62:  # renumbered only where the next key could overflow
            combined, found = pd.factorize(combined)
            size = len(found)
        combined = combined * (len(distinct) + 1) + codes
        size *= len(distinct) + 1
    return pd.factorize(combined)[0]


def factorize_values(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    if isinstance(values.dtype, pd.CategoricalDtype):  # already factorized: reuse its codes
        codes = values.cat.codes.to_numpy()
        distinct = values.cat.categories.astype(object)
        if (codes < 0).any():
            codes = np.where(codes < 0, len(distinct), codes)
            distinct = distinct.append(pd.Index([None], dtype=object))
        return codes, distinct
    try:
        # With the sentinel, pandas skips a separate pass looking for missing values.
        codes, distinct = pd.factorize(values.astype(object))
    except TypeError:  # an unhashable cell: compare by its text
        codes, distinct = pd.factorize(values.astype(str))
    if (codes < 0).any():  # None and NaN become one missing value, as without the sentinel
        codes = np.where(codes < 0, len(distinct), codes)
        distinct = distinct.append(pd.Index([np.nan], dtype=object))
    return codes, distinct


def apply_unique_columns(values: pd.Series, function: Callable[[Hashable], tuple[object, ...]],
                         columns: list[str]) -> pd.DataFrame:
    """Call ``function`` once per distinct value; its tuple becomes the row's ``columns``.

    The results are spread back to the rows by array indexing, not by a call per row.
    """
    codes, distinct = factorize_values(values)
    results = np.empty((len(distinct), len(columns)), dtype=object)
    for i, value in enumerate(distinct):
        results[i] = function(value)
    return pd.DataFrame(results[codes], index=values.index, columns=columns, dtype=object)


def map_unique(values: pd.Series, parse: Callable[[Hashable], tuple[object, str]]) -> tuple[pd.Series, pd.Series]:
    """Apply ``parse`` (value -> (result, error)) once per distinct value."""
    frame = apply_unique_columns(values, parse, ["value", "error"])
    return frame["value"], frame["error"]


def apply_unique_pairs(a: pd.Series, b: pd.Series, function: Callable[[Hashable, Hashable], object]) -> pd.Series:
    """``function(a, b)`` row by row, with one call per distinct pair of values.

    >>> apply_unique_pairs(pd.Series(["a", "a", "b"]), pd.Series([1, 1, 2]), lambda x, n: x * n).tolist()
    ['a', 'a', 'bb']
    """
    codes_a, distinct_a = factorize_values(a)
    codes_b, distinct_b = factorize_values(b)
    pairs, found = pd.factorize(codes_a.astype(np.int64) * (len(distinct_b) + 1) + codes_b)
    results = np.empty(len(found), dtype=object)
    for i, pair in enumerate(found):
        results[i] = function(distinct_a[pair // (len(distinct_b) + 1)], distinct_b[pair % (len(distinct_b) + 1)])
    return pd.Series(results[pairs], index=a.index, dtype=object)


def apply_unique(values: pd.Series, function: Callable[[Hashable], object]) -> pd.Series:
    """``values.map(function)`` with one call per distinct value.

    >>> apply_unique(pd.Series(["a", "b", "a"]), str.upper).tolist()
    ['A', 'B', 'A']
    """
    return map_unique(values, lambda v: (function(v), ""))[0]
REJECTED_COLUMNS = ["source", "column", "code", "reason", "reason_en", "column_en"]  # said in Vietnamese and in English


WARNING_COLUMNS = ["source", "column", "code", "message", "message_en", "column_en"]


FILE_COLUMNS = ["file", "table", "rows_read", "rows_loaded", "rejected", "warnings", "repeated"]


ERROR_COLUMNS = ["file", "message", "message_en"]  # the same problem in Vietnamese and in English


def empty_frame(columns: list[str]) -> pd.DataFrame:
    # From one empty block: a Series per column costs ten times more, on every load.
    return pd.DataFrame(np.empty((0, len(columns)), dtype=object), columns=list(columns))


def concat_frames(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """The non-empty frames one under the other, or an empty frame of ``columns`` (and ``_file``)."""
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else empty_frame(columns + ["_file"])

