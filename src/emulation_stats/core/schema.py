"""The tables' schemas as data (``data/reference/schemas.csv``): for each table, its
columns in order with their type, whether a loaded table has them always (``output``,
``figure``, ``compared``), only where they say something (``optional``) or only on the way
in (``input``); the groups of which one column must be present; the key that makes two
rows duplicates; the columns a merged cell fills down.

>>> schemas()["votes"].keys
['year', 'member_code', 'proposal']
>>> schemas()["votes"].compared
['votes_for', 'voters']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from emulation_stats.core.resources import read_reference

DTYPES = {"text": "str", "int": int, "float": float, "Int64": "Int64", "bool": bool}


@dataclass(frozen=True)
class TableSchema:
    """One table's columns and rules (the model is pandera's DataFrameSchema, kept as data)."""

    table: str
    columns: list[str]  # a loaded table's columns, in order
    optional: list[str]  # added where they say something
    required: list[tuple[str, ...]]  # each group: at least one of its columns
    keys: list[str]  # equal keys: duplicates
    compared: list[str]  # the values that decide whether duplicates conflict
    figures: list[str]  # numbers read from cells ("not a number" when text)
    fill_down: list[str]  # a cell merged over several rows names them all
    dtypes: dict[str, object]
    headings: dict[str, str]  # the heading a user writes for each column ("Đơn vị được chấm"), for messages


@lru_cache(maxsize=1)
def schemas() -> dict[str, TableSchema]:
    """Every table's :class:`TableSchema`, by table name."""
    rows = read_reference("schemas.csv")
    out = {}
    for table, part in rows.groupby("table", sort=False):
        groups: dict[str, list[str]] = {}
        for column, group in zip(part["column"], part["required"]):
            if group:
                groups.setdefault(group, []).append(column)
        kept = part[part["role"] != "input"]
        out[str(table)] = TableSchema(
            table=str(table),
            columns=kept.loc[kept["role"] != "optional", "column"].tolist(),
            optional=part.loc[part["role"] == "optional", "column"].tolist(),
            required=[tuple(columns) for columns in groups.values()],
            keys=part.loc[part["key"] == "yes", "column"].tolist(),
            compared=part.loc[part["role"].isin(["figure", "compared"]), "column"].tolist(),
            figures=part.loc[part["role"] == "figure", "column"].tolist(),
            fill_down=part.loc[part["fill_down"] == "yes", "column"].tolist(),
            dtypes={c: DTYPES[t] for c, t in zip(kept["column"], kept["type"])},
            headings=dict(zip(part["column"], part["heading"])))
    return out
