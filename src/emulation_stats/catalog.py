"""The indicator and award catalogues, and the small vocabularies around them.

All of it is data under ``data/reference/`` (indicators.csv, awards.csv,
authorities.csv, recipient_kinds.csv); this module only reads it and matches names the
way offices write them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from .errors import DataError
from .resources import read_reference, split_aliases
from .text import name_key

CLASS_LABELS_VI = {"1": "Nhất", "2": "Nhì", "3": "Ba"}
_CLASS_SUFFIX = re.compile(r"^(?P<base>.*) hang (?P<cls>[123])$")
_KEY_CLASS = re.compile(r"^(?P<base>[a-z_]+?)_(?P<cls>[123])$")


@dataclass(frozen=True)
class Vocabulary:
    """A reference table whose rows are found by key, name or alias.

    ``lookup`` maps a name key to every catalogue key it may mean, in catalogue order
    (an alias such as "Bằng khen" can mean several awards).
    """

    table: pd.DataFrame
    lookup: dict[str, tuple[str, ...]]

    @classmethod
    def from_reference(cls, filename: str) -> Vocabulary:
        table = read_reference(filename).set_index("key", drop=False)
        lookup: dict[str, list[str]] = {}
        for key, row in table.iterrows():
            names = [key, row["name_vi"], row.get("name_en", ""), *split_aliases(row["aliases_vi"])]
            for name in names:
                if not name:
                    continue
                keys = lookup.setdefault(name_key(name), [])
                if key not in keys:
                    keys.append(key)
        return cls(table, {k: tuple(v) for k, v in lookup.items()})

    def candidates(self, name: object) -> tuple[str, ...]:
        """Every key ``name`` may mean, most likely first; empty when unknown."""
        return self.lookup.get(name_key(str(name)), ())

    def match(self, name: object) -> str | None:
        """The one key ``name`` means, or None when it is unknown or ambiguous."""
        found = self.candidates(name)
        return found[0] if len(found) == 1 else None

    def __getitem__(self, key: str) -> pd.Series:
        return self.table.loc[key]

    def __contains__(self, key: object) -> bool:
        return key in self.table.index


@lru_cache(maxsize=1)
def indicators() -> Vocabulary:
    """The indicator catalogue.

    >>> indicators().match("Số vụ phạm pháp hình sự")
    'criminal_cases'
    """
    vocab = Vocabulary.from_reference("indicators.csv")
    _check_unique_aliases(vocab, "indicators.csv")
    return vocab


@lru_cache(maxsize=1)
def awards() -> Vocabulary:
    """The award catalogue (Law on Emulation and Commendation 06/2022/QH15).

    >>> awards().candidates("Bằng khen")[0]
    'certificate_province'
    """
    return Vocabulary.from_reference("awards.csv")


@lru_cache(maxsize=1)
def authorities() -> Vocabulary:
    """Conferring authorities, ``rank`` 1 being the highest (Chủ tịch nước)."""
    return Vocabulary.from_reference("authorities.csv")


@lru_cache(maxsize=1)
def recipient_kinds() -> Vocabulary:
    """collective / individual / household."""
    return Vocabulary.from_reference("recipient_kinds.csv")


def _check_unique_aliases(vocab: Vocabulary, filename: str) -> None:
    clashes = {k: v for k, v in vocab.lookup.items() if len(v) > 1}
    if clashes:
        listed = "; ".join(f"'{k}': {', '.join(v)}" for k, v in clashes.items())
        raise DataError(f"{filename}: một tên dùng cho nhiều chỉ tiêu: {listed}")


def derived_key(name: str) -> str:
    """A stable key for a name the catalogue does not know ("x_" + its name key; tỷ = tỉ).

    >>> derived_key("Tỷ lệ hộ cận nghèo")
    'x_ti_le_ho_can_ngheo'
    """
    return "x_" + re.sub(r"[^a-z0-9]+", "_", name_key(name)).strip("_")


@dataclass(frozen=True)
class AwardMatch:
    """What an award name resolved to."""

    key: str | None  # catalogue key, with "_1/_2/_3" for an order's class; None if unknown
    base: str | None  # catalogue row
    award_class: str | None
    ambiguous: tuple[str, ...] = ()


def match_award(name: object, authority: str | None = None) -> AwardMatch:
    """Resolve an award name, using the conferring authority to choose between awards
    that share a name ("Bằng khen", "Cờ thi đua").

    >>> match_award("Huân chương Lao động hạng II").key
    'order_labour_2'
    >>> match_award("Bằng khen", authority="prime_minister").key
    'certificate_prime_minister'
    """
    vocab = awards()
    text = str(name)
    keyed = _KEY_CLASS.match(text.strip())
    if keyed and keyed["base"] in vocab:
        return _with_class(keyed["base"], keyed["cls"])
    found = vocab.candidates(text)
    award_class = None
    if not found:
        suffix = _CLASS_SUFFIX.match(name_key(text))
        if suffix:
            found = vocab.lookup.get(suffix["base"], ())
            award_class = suffix["cls"]
    if not found:
        return AwardMatch(None, None, None)
    chosen = found
    if authority and len(found) > 1:
        by_authority = tuple(k for k in found if authority in split_aliases(vocab[k]["authority"]))
        chosen = by_authority or found
    ambiguous = found if len(chosen) > 1 else ()
    return _with_class(chosen[0], award_class, ambiguous)


def _with_class(base: str, award_class: str | None, ambiguous: tuple[str, ...] = ()) -> AwardMatch:
    classes = split_aliases(awards()[base]["classes"])
    if award_class and award_class in classes:
        return AwardMatch(f"{base}_{award_class}", base, award_class, ambiguous)
    return AwardMatch(base, base, None, ambiguous)


def award_base(key: str) -> str:
    """The catalogue row of an award key ("order_labour_2" -> "order_labour")."""
    keyed = _KEY_CLASS.match(key)
    return keyed["base"] if keyed and keyed["base"] in awards() else key


def award_display_name(key: str) -> str:
    """The catalogue's Vietnamese name, with the class for an order."""
    base = award_base(key)
    if base not in awards():
        return key
    name = awards()[base]["name_vi"]
    return f"{name} hạng {CLASS_LABELS_VI[key[-1]]}" if base != key else name
