"""The indicator and award catalogues, and the small vocabularies around them.

All of it is data under ``data/reference/`` (indicators.csv, awards.csv,
authorities.csv, recipient_kinds.csv); this module only reads it and matches names the
way offices write them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from emulation_stats.core.errors import DataError, Term, Words
from emulation_stats.core.resources import read_reference, split_aliases
from emulation_stats.core.text import clean, name_key

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
        return cls.from_table(read_reference(filename))

    @classmethod
    def from_table(cls, table: pd.DataFrame) -> Vocabulary:
        table = table.set_index("key", drop=False)
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


def indicators() -> Vocabulary:
    """The indicator catalogue: the package's, with the indicators datasets added
    (:func:`add_indicators`).

    >>> indicators().match("Số vụ phạm pháp hình sự")
    'criminal_cases'
    """
    return _indicators(tuple(_ADDED))


# Indicators a dataset brings (a khối's "tỷ lệ hồ sơ giải quyết đúng hạn"), by the file that
# defines them. Process-wide: a dataset's tables, rubric and sentences all read the catalogue.
_ADDED: dict[str, pd.DataFrame] = {}
# Caches elsewhere that read the catalogue, emptied when it grows.
_ON_CHANGE: list = []


@lru_cache(maxsize=8)
def _indicators(added: tuple[str, ...]) -> Vocabulary:
    table = read_reference("indicators.csv")
    if added:
        table = pd.concat([table, *(_ADDED[a] for a in added)], ignore_index=True).fillna("")
    vocab = Vocabulary.from_table(table)
    _check_unique_aliases(vocab, " + ".join(["indicators.csv", *added]))
    return vocab


# What an analyst may head the columns of a dataset's own indicators.csv with.
_OWN_COLUMNS = {"key": "key", "mã": "key", "ma": "key", "name": "name_vi", "name_vi": "name_vi", "tên": "name_vi",
                "tên chỉ tiêu": "name_vi", "aliases": "aliases_vi", "aliases_vi": "aliases_vi",
                "tên khác": "aliases_vi", "unit": "unit", "đơn vị tính": "unit", "đvt": "unit", "kind": "kind",
                "loại": "kind", "direction": "direction", "chiều": "direction"}
_DIRECTIONS = ("higher_is_better", "lower_is_better", "neutral")


def read_own_indicators(file: str | Path) -> pd.DataFrame:
    """A dataset's own indicators (``key, name, aliases, unit, kind, direction``; the
    catalogue's other columns optional), checked: every problem named by row and column.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "indicators.csv"
    >>> _ = f.write_text("key,name,aliases,unit,kind,direction\\n"
    ...                  "ontime,Tỷ lệ hồ sơ giải quyết đúng hạn,hồ sơ đúng hạn,%,percent,higher_is_better\\n",
    ...                  encoding="utf-8")
    >>> read_own_indicators(f)[["key", "name_vi", "kind"]].values.tolist()
    [['ontime', 'Tỷ lệ hồ sơ giải quyết đúng hạn', 'percent']]
    """
    file = Path(file)
    table = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    table.columns = [_OWN_COLUMNS.get(str(c).strip().lower(), str(c).strip()) for c in table.columns]
    missing = [c for c in ("key", "name_vi", "unit", "kind", "direction") if c not in table]
    if missing:
        words = {"name_vi": "name"}
        raise DataError("own_indicators_columns", file=file, missing=", ".join(words.get(c, c) for c in missing))
    table = table.apply(lambda c: c.map(clean))
    kinds = sorted(set(read_reference("indicators.csv")["kind"]))
    problems = []
    for row, record in zip(range(2, len(table) + 2), table.to_dict("records")):
        if not re.fullmatch(r"[a-z][a-z0-9_]*", record["key"]):
            problems.append(Term("own_indicator_key", row=row, key=record["key"]))
        if not record["name_vi"]:
            problems.append(Term("own_indicator_no_name", row=row))
        for column, allowed in (("kind", kinds), ("direction", _DIRECTIONS)):
            if record[column] not in allowed:
                problems.append(Term("own_indicator_not_one_of", row=row, column=column, value=record[column],
                                     allowed=", ".join(allowed)))
    repeated = table["key"][table["key"].duplicated()]
    problems += [Term("own_indicator_twice", key=k) for k in repeated.unique()]
    if problems:
        raise DataError("own_indicators_problems", file=file,
                        problems=Words(*("; ".join(p.in_language(lang) for p in problems) for lang in ("vi", "en"))))
    return table


def forget_indicators(source: str) -> None:
    """Take back what :func:`add_indicators` added from ``source``."""
    if _ADDED.pop(source, None) is not None:
        for clear in _ON_CHANGE:
            clear()


def when_indicators_change(clear) -> None:
    """Register a cache's ``cache_clear`` to be called when a dataset adds indicators."""
    _ON_CHANGE.append(clear)


def add_indicators(table: pd.DataFrame, source: str) -> None:
    """Add a dataset's own indicators (``indicators.csv`` beside its dataset.yaml) to the
    catalogue. A key or a name the catalogue already has for another indicator is refused;
    the same file added again replaces what it added before.

    >>> import pandas as pd
    >>> own = pd.DataFrame({"key": ["ontime_dossiers"], "name_vi": ["Tỷ lệ hồ sơ giải quyết đúng hạn"],
    ...                     "unit": ["%"], "kind": ["percent"], "direction": ["higher_is_better"]})
    >>> add_indicators(own, "khoi/indicators.csv")
    >>> indicators().match("tỷ lệ hồ sơ giải quyết đúng hạn")
    'ontime_dossiers'
    >>> forget_indicators("khoi/indicators.csv")
    >>> "ontime_dossiers" in indicators()
    False
    """
    table = table.reindex(columns=read_reference("indicators.csv").columns).astype(object).fillna("").astype(str)
    others = tuple(a for a in _ADDED if a != source)
    known = _indicators(others).table
    package = _indicators(()).table.index
    facts = ["name_vi", "unit", "kind", "direction"]
    # Another dataset of the same khối (last year's folder) may define the same indicator: kept once.
    same = pd.Series([key in known.index and key not in package and known.loc[key, facts].tolist() == row
                      for key, row in zip(table["key"], table[facts].values.tolist())], index=table.index, dtype=bool)
    taken = table[table["key"].isin(known.index) & ~same]
    if len(taken):
        listed = ", ".join(f"'{k}' ({known.at[k, 'name_vi']})" for k in taken["key"])
        raise DataError("indicator_key_taken", source=source, listed=listed)
    table = table[~same]
    if source in _ADDED and _ADDED[source].reset_index(drop=True).equals(table.reset_index(drop=True)):
        return
    _ADDED[source] = table
    try:
        _indicators(tuple(_ADDED))  # a name two indicators share is refused here, naming both
    except DataError:
        del _ADDED[source]
        raise
    for clear in _ON_CHANGE:
        clear()


# The order a báo cáo says its results in (economy, society, environment, security), and every
# table and chart of the pack with it.
CATEGORIES = ("economy", "social", "environment", "security")


def report_order(keys: Iterable[str]) -> list[str]:
    """Indicator keys in the báo cáo's order: by category, then the catalogue's order; keys
    outside the catalogue last, as given.

    >>> report_order(["criminal_cases", "x_own", "gdp_growth"])
    ['gdp_growth', 'criminal_cases', 'x_own']
    """
    table = indicators().table
    wanted = list(dict.fromkeys(keys))
    known = [k for c in CATEGORIES for k in table.index[table["category"] == c] if k in wanted]
    known += [k for k in table.index if k in wanted and k not in known]
    return known + [k for k in wanted if k not in known]


@lru_cache(maxsize=64)
def better_sign(indicator: str) -> int:
    """+1 where a higher figure is better, -1 otherwise (the catalogue's ``direction``).

    >>> better_sign("budget_revenue"), better_sign("criminal_cases")
    (1, -1)
    """
    return 1 if indicators()[indicator]["direction"] == "higher_is_better" else -1


when_indicators_change(better_sign.cache_clear)


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
        raise DataError("indicator_name_shared", file=filename, listed=listed)


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


_ISSUER = re.compile(r"^(?P<award>.+?)\s+(?:của|do)\s+(?P<issuer>.+)$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def split_issuer(name: str) -> tuple[str, str | None]:
    """An award written with its issuer ("Giấy khen của Chủ tịch UBND huyện Đak Pơ"): the
    award's own name and the issuer's level (an authorities.csv key); the name as it is and
    None where it is a catalogue name itself ("Cờ thi đua của Chính phủ") or names no known
    issuer.

    >>> split_issuer("Giấy khen của Chủ tịch UBND huyện Đak Pơ")
    ('Giấy khen', 'district')
    >>> split_issuer("Cờ thi đua của Chính phủ"), split_issuer("Giấy khen của Ban chỉ đạo")
    (('Cờ thi đua của Chính phủ', None), ('Giấy khen của Ban chỉ đạo', None))
    """
    found = _ISSUER.match(str(name).strip())
    if found is None or match_award(name).key is not None or match_award(found["award"]).key is None:
        return str(name), None
    level = authority_of(found["issuer"])
    return (found["award"], level) if level else (str(name), None)


@lru_cache(maxsize=4096)
def authority_of(text: str) -> str | None:
    """The issuer's level (an authorities.csv key) of a text that may name its place after
    the title ("Chủ tịch UBND phường Diên Hồng", "Giám đốc Sở Tài chính"); None if unknown.

    >>> authority_of("Chủ tịch UBND phường Diên Hồng"), authority_of("CT UBND TX"), authority_of("Ban chỉ đạo")
    ('commune', 'district', None)
    """
    words = str(text).split()
    for n in range(len(words), 0, -1):  # the place after the title: "huyện Đak Pơ", "Sở Tài chính"
        level = authorities().match(" ".join(words[:n]))
        if level:
            return level
    return None


def _with_class(base: str, award_class: str | None, ambiguous: tuple[str, ...] = ()) -> AwardMatch:
    classes = split_aliases(awards()[base]["classes"])
    if award_class and award_class in classes:
        return AwardMatch(f"{base}_{award_class}", base, award_class, ambiguous)
    return AwardMatch(base, base, None, ambiguous)


@lru_cache(maxsize=4096)
def award_issuers(key: str) -> tuple[str, ...]:
    """Who may confer an award (authorities.csv keys, the catalogue's first first); empty
    for an award the catalogue does not know.

    >>> award_issuers("advanced_worker"), award_issuers("x_unknown")
    (('district', 'commune', 'agency'), ())
    """
    base = award_base(key)
    return tuple(split_aliases(awards()[base]["authority"])) if base in awards() else ()


def award_base(key: str) -> str:
    """The catalogue row of an award key ("order_labour_2" -> "order_labour")."""
    keyed = _KEY_CLASS.match(key)
    return keyed["base"] if keyed and keyed["base"] in awards() else key


@lru_cache(maxsize=4096)
def only_recipient_kind(award: str) -> str:
    """The recipient kind when the catalogue allows just one for an award (key or name),
    else "" (a flag: collectives only).

    >>> only_recipient_kind("flag_government"), only_recipient_kind("Bằng khen")
    ('collective', '')
    """
    base = award_base(award) if award in awards() or _KEY_CLASS.match(award) else match_award(award).base
    allowed = split_aliases(awards()[base]["recipients"]) if base in awards() else []
    return allowed[0] if len(allowed) == 1 else ""


def award_display_name(key: str) -> str:
    """The catalogue's Vietnamese name, with the class for an order."""
    base = award_base(key)
    if base not in awards():
        return key
    name = awards()[base]["name_vi"]
    return f"{name} hạng {CLASS_LABELS_VI[key[-1]]}" if base != key else name


_SEP = "\x1f"


@lru_cache(maxsize=2)
def _award_rules(lang: str = "vi") -> tuple[frozenset[str], frozenset[str], pd.Series, pd.Series]:
    """What the catalogue allows, as "award<sep>kind" and "award<sep>authority" keys, and
    the allowed kinds and authorities as text for messages in ``lang``."""
    table = awards().table
    name = "name_en" if lang == "en" else "name_vi"
    kind_names = recipient_kinds().table[name]
    kinds = frozenset(f"{k}{_SEP}{r}" for k, v in table["recipients"].items() for r in split_aliases(v))
    authority = frozenset(f"{k}{_SEP}{a}" for k, v in table["authority"].items() for a in split_aliases(v))
    kinds_text = table["recipients"].map(lambda v: ", ".join(kind_names.get(k, k) for k in split_aliases(v)))
    names = authorities().table[name]
    authorities_text = table["authority"].map(lambda v: ", ".join(names.get(a, a) for a in split_aliases(v)))
    return kinds, authority, kinds_text, authorities_text


def law_checks(keys: pd.Series, kinds: pd.Series, posthumous: pd.Series, authority: pd.Series, *,
               lang: str = "vi") -> pd.DataFrame:
    """What the Law on Emulation and Commendation (as catalogued) says of each award row.

    Columns ``law_recipient``, ``law_posthumous``, ``law_authority``: a message in ``lang``
    where the row goes against the catalogue (a flag to an individual, posthumous conferral
    of a form that has none, an authority that cannot confer it), else "".

    >>> law_checks(pd.Series(["flag_government"]), pd.Series(["individual"]), pd.Series([False]),
    ...            pd.Series(["prime_minister"])).loc[0, "law_recipient"]
    "theo Luật Thi đua, khen thưởng, 'Cờ thi đua của Chính phủ' chỉ tặng cho tập thể"
    """
    from emulation_stats.core.errors import said_each

    table = awards().table
    name = "name_en" if lang == "en" else "name_vi"
    allowed_kinds, allowed_authorities, kinds_text, authorities_text = _award_rules(lang)
    codes, distinct = pd.factorize(keys.astype(object), use_na_sentinel=False)
    bases = pd.Series(pd.Index(distinct).map(lambda k: award_base(str(k))).to_numpy()[codes], index=keys.index)
    known = bases.isin(table.index)
    kinds = kinds.fillna("").astype(object)
    authority = authority.fillna("").astype(object)
    posthumous = posthumous.fillna(False).astype(bool)
    out = pd.DataFrame("", index=keys.index, columns=["law_recipient", "law_posthumous", "law_authority"])
    wrong_kind = (known & kinds.isin(["collective", "individual", "household"])
                  & ~(bases + _SEP + kinds).isin(allowed_kinds))
    if wrong_kind.any():
        named = bases[wrong_kind]
        out.loc[wrong_kind, "law_recipient"] = said_each("law_recipient_only", lang, award=named.map(table[name]),
                                                         kinds=named.map(kinds_text))
    no_posthumous = known & posthumous & ~bases.map(table["posthumous_allowed"]).eq("true")
    if no_posthumous.any():
        out.loc[no_posthumous, "law_posthumous"] = said_each("law_no_posthumous", lang)
    wrong_authority = known & (authority != "") & ~(bases + _SEP + authority).isin(allowed_authorities)
    if wrong_authority.any():
        said = authority[wrong_authority].map(lambda a: authorities()[a][name] if a in authorities() else a)
        out.loc[wrong_authority, "law_authority"] = said_each("law_other_authority", lang, authority=said,
                                                              allowed=bases[wrong_authority].map(authorities_text))
    return out
