"""Units of measure: how one written unit relates to the catalogue's (the same, a scale of
it to convert, another dimension to refuse), from ``unit_scales.csv``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from emulation_stats.core.resources import read_reference, split_aliases
from emulation_stats.core.text import name_key


@dataclass(frozen=True)
class UnitRelation:
    """How a unit an office wrote relates to the catalogue's unit.

    ``kind`` is ``same`` (one unit, spelled otherwise: "Tr.đ" for "triệu đồng"),
    ``convert`` (another scale of one dimension: multiply by ``factor``), ``incompatible``
    (different dimensions: "vụ" for "tỷ đồng") or ``unknown`` (a unit the table of
    ``unit_scales.csv`` does not know: nothing can be said).
    """

    kind: str
    factor: float = 1.0


def _unit_key(text: str) -> str:
    return name_key(text).replace(" ", "")


@lru_cache(maxsize=1)
def _unit_scales() -> tuple[dict[str, tuple[str, float, str]], frozenset[str]]:
    """Unit key -> (dimension, factor to the dimension's base unit, canonical name), and
    the qualifiers a catalogue unit implies ("/người/năm")."""
    table = read_reference("unit_scales.csv")
    scales: dict[str, tuple[str, float, str]] = {}
    implied: set[str] = set()
    for unit, aliases, dimension, factor in zip(table["unit"], table["aliases_vi"], table["dimension"],
                                                table["factor"]):
        for name in [unit, *split_aliases(aliases)]:
            if dimension == "per_implied":
                implied.add(_unit_key(name))
            else:
                scales.setdefault(_unit_key(name), (dimension, float(factor), unit))
    return scales, frozenset(implied)


def _parse_unit(text: str) -> tuple[tuple[str, float, str] | None, str]:
    """The scale of a unit and what it is "per", the implied qualifiers left out."""
    base, _, per = text.partition("/")
    scales, implied = _unit_scales()
    per_key = _unit_key(per)
    return scales.get(_unit_key(base)), "" if not per_key or per_key in implied else per_key


@lru_cache(maxsize=4096)
def unit_relation(given: str, expected: str) -> UnitRelation:
    """How ``given`` relates to the catalogue's ``expected`` unit (``unit_scales.csv``).

    >>> unit_relation("triệu đồng", "tỷ đồng")
    UnitRelation(kind='convert', factor=0.001)
    >>> unit_relation("Tr.đ/người/năm", "triệu đồng").kind, unit_relation("vụ", "tỷ đồng").kind
    ('same', 'incompatible')
    """
    if name_key(given) == name_key(expected):
        return UnitRelation("same")
    (g, g_per), (e, e_per) = _parse_unit(given), _parse_unit(expected)
    if g is None or e is None:
        return UnitRelation("unknown")
    if g[0] != e[0] or g_per != e_per:
        return UnitRelation("incompatible")
    factor = g[1] / e[1]
    return UnitRelation("same") if factor == 1 else UnitRelation("convert", factor)


def unit_name(text: str) -> str:
    """The table's own spelling of a unit ("Tr.đ" -> "triệu đồng"), else the text.

    >>> unit_name("Tỷ đ")
    'tỷ đồng'
    """
    found, per = _parse_unit(text)
    return found[2] if found and not per else text
