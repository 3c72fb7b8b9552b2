"""Administrative units: find a district from however an office wrote its name.

The reference is the GSO list of district-level units on 2025-01-04
(``data/reference/vn_districts_2025-01-04.csv``). Names are compared by
:func:`emulation_stats.text.name_key` with spaces removed, after taking off a type prefix
("huyện", "H.", "TX", "thành phố", "UBND huyện" ...; ``district_prefixes.csv``), so
"Đak Đoa", "Đắk Đoa", "Dak Doa" and "H. Đăk Đoa" are one district.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from .errors import DataError
from .resources import read_reference
from .text import clean, fold, name_key, shorten

DISTRICTS_FILE = "vn_districts_2025-01-04.csv"


@dataclass(frozen=True)
class District:
    """One district-level unit of the GSO list."""

    code: str
    name: str
    type: str
    province_code: str
    province_name: str

    @property
    def label(self) -> str:
        """Type and name as running text writes them: "huyện KBang", "thị xã An Khê"."""
        return f"{self.type} {self.name}"


def compact_key(text: str) -> str:
    """:func:`name_key` without spaces: "K Bang", "KBang" and "Kbang" are one key."""
    return name_key(text).replace(" ", "")


@lru_cache(maxsize=1)
def districts() -> pd.DataFrame:
    """The reference list with matching keys (``key``, ``province_key``) added.

    >>> districts().set_index("district_code").loc["625", "district_name"]
    'KBang'
    """
    table = read_reference(DISTRICTS_FILE).copy()
    table["key"] = table["district_name"].map(compact_key)
    table["province_key"] = table["province_name"].map(_province_key)
    return table


@lru_cache(maxsize=1)
def _prefixes() -> tuple[tuple[str, str], ...]:
    table = read_reference("district_prefixes.csv")
    rules = [(name_key(p) + " ", t) for p, t in zip(table["prefix"], table["district_type"])]
    # Longest first, so "ubnd huyen" is taken off before "huyen" could be.
    return tuple(sorted(rules, key=lambda r: -len(r[0])))


def _province_key(name: str) -> str:
    key = name_key(name)
    for prefix in ("tinh ", "thanh pho ", "tp "):
        if key.startswith(prefix):
            key = key[len(prefix):]
    return key.replace(" ", "")


def split_type_prefix(name: str) -> tuple[str | None, str]:
    """Split "TX An Khê" into ("thị xã", "An Khê" as a matching key).

    >>> split_type_prefix("H. Đăk Đoa")
    ('huyện', 'dakdoa')
    """
    key = name_key(name) + " "
    for prefix, district_type in _prefixes():
        if key.startswith(prefix) and len(key) > len(prefix):
            return district_type, key[len(prefix):].replace(" ", "")
    return None, key.replace(" ", "")


def strip_type_word(name: str) -> str:
    """The name without the type word it may start with: "Thị xã Buôn Hồ" -> "Buôn Hồ",
    "TX. An Khê" -> "An Khê"; a name without one is returned as it is.

    >>> strip_type_word("Thị xã Buôn Hồ"), strip_type_word("Kbang")
    ('Buôn Hồ', 'Kbang')
    """
    words = name.split()
    for k in (3, 2, 1):
        if len(words) > k and any(name_key(" ".join(words[:k])) + " " == prefix for prefix, _ in _prefixes()):
            return " ".join(words[k:])
    return name


def _scope(province: str | None) -> pd.DataFrame:
    codes = _province_scope(province)
    table = districts()
    return table if codes is None else table[table["province_code"].isin(codes)]


@lru_cache(maxsize=256)
def _province_scope(province: str | None) -> frozenset[str] | None:
    """The province codes ``province`` (name or GSO code) means; None for all."""
    if province is None or clean(province) == "":
        return None
    table = districts()
    text = clean(province)
    codes = set(table.loc[table["province_code"] == text.zfill(2), "province_code"]) if text.isdigit() else set()
    codes = codes or set(table.loc[table["province_key"] == _province_key(text), "province_code"])
    if not codes:
        raise DataError(f"không tìm thấy tỉnh/thành phố '{text}' trong danh mục GSO")
    return frozenset(codes)


@lru_cache(maxsize=1)
def _by_key() -> tuple[dict[str, list[District]], dict[str, District]]:
    """The list as dictionaries: matching key -> districts, GSO code -> district."""
    by_key: dict[str, list[District]] = {}
    by_code: dict[str, District] = {}
    table = districts()
    for code, name, kind, province_code, province_name, key in zip(
            table["district_code"], table["district_name"], table["district_type"], table["province_code"],
            table["province_name"], table["key"]):
        district = District(code, name, kind, province_code, province_name)
        by_key.setdefault(key, []).append(district)
        by_code[code] = district
    return by_key, by_code


def _candidates(text: str, province: str | None) -> list[District]:
    scope = _province_scope(province)
    by_key, by_code = _by_key()
    if text.isdigit():
        hit = by_code.get(text.zfill(3))
        if hit is not None and (scope is None or hit.province_code in scope):
            return [hit]
    district_type, stripped = split_type_prefix(text)
    # "Quan Hóa" starts like "quận": the whole name wins when it is a name itself.
    hits = [d for d in by_key.get(compact_key(text), []) if scope is None or d.province_code in scope]
    if not hits:
        hits = [d for d in by_key.get(stripped, []) if scope is None or d.province_code in scope]
        if district_type is not None and len(hits) > 1:
            hits = [d for d in hits if d.type == district_type]
    return hits


@lru_cache(maxsize=8192)
def match_district(name: str, province: str | None = None) -> District:
    """Find the district an office means by ``name``.

    ``province`` (name or GSO code) narrows the search; it is needed where the same
    name exists in several provinces ("Châu Thành"). A type prefix ("huyện", "TX") picks
    between a town and a district of one name ("Cai Lậy"). A GSO code is accepted too.

    Raises :class:`DataError` listing the candidates when the name is ambiguous, and
    the closest names when it is unknown.

    >>> match_district("H. Đăk Đoa").code
    '626'
    >>> match_district("TX An Khê", province="Gia Lai").label
    'thị xã An Khê'
    """
    text = clean(name)
    hits = _candidates(text, province) if len(text) <= 200 else []
    text = shorten(text)
    if len(hits) == 1:
        return hits[0]
    where = f" ({clean(province)})" if province else ""
    if len(hits) > 1:
        listed = "; ".join(f"{d.type} {d.name}, {d.province_name} [{d.code}]" for d in hits)
        raise DataError(f"tên huyện '{text}'{where} không rõ, có thể là: {listed}")
    raise DataError(f"không tìm thấy huyện '{text}'{where}{_suggest(split_type_prefix(text)[1], _scope(province))}")


def _suggest(key: str, scope: pd.DataFrame) -> str:
    close = difflib.get_close_matches(key, scope["key"].unique().tolist(), n=3, cutoff=0.7)
    if not close:
        return ""
    rows = scope[scope["key"].isin(close)]
    names = [f"{r.district_type} {r.district_name} ({r.province_name})" for r in rows.itertuples()]
    return "; gợi ý: " + ", ".join(names[:3])


@lru_cache(maxsize=16384)
def find_district(name: str, province: str | None = None) -> District | None:
    """:func:`match_district` that answers None instead of raising (no suggestions made).

    >>> find_district("Atlantis") is None, find_district("Kbang").code
    (True, '625')
    """
    hits = _candidates(clean(name), province)
    return hits[0] if len(hits) == 1 else None


# Words that announce a district-level unit in running text ("UBND HUYỆN KBANG").
_TYPE_WORDS = re.compile(r"\b(?:huyen|thi xa|thanh pho|quan|tx|tp|h)\b\.?\s*")
_PROVINCE_WORDS = re.compile(r"\btinh\b\s*")
_WINDOW = 4  # no district or province name is longer than four syllables


@lru_cache(maxsize=4096)
def find_district_in_text(text: str, province: str | None = None, *,
                          require_type: bool = True) -> District | None:
    """The district a title line, sheet name or file name names, if exactly one.

    With ``require_type`` a name counts only after a type word ("huyện", "thị xã", "TX"),
    so "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" names none; without it, any run of words is
    tried (file names such as ``chi_tieu_dak_doa_2017``). Longer runs win.

    >>> find_district_in_text("UBND HUYỆN ĐAK ĐOA").code
    '626'
    >>> find_district_in_text("Báo cáo kết quả năm 2017 của thị xã An Khê, tỉnh Gia Lai").code
    '623'
    >>> find_district_in_text("chi_tieu_kbang_2017", require_type=False).code
    '625'
    """
    words = re.sub(r"[_\-.,;:()/]+", " ", fold(text)).split()
    starts = range(len(words))
    if require_type:
        joined = " ".join(words)
        starts = [len(joined[:m.end()].split()) for m in _TYPE_WORDS.finditer(joined)]
    found: dict[str, District] = {}
    for start in starts:
        for size in range(min(_WINDOW, len(words) - start), 0, -1):
            window = words[start:start + size]
            if any(w.isdigit() for w in window):
                continue
            hit = find_district(" ".join(window), province)
            if hit is not None:
                found.setdefault(hit.code, hit)
                break
    return next(iter(found.values())) if len(found) == 1 else None


@lru_cache(maxsize=1)
def _province_codes() -> dict[str, str]:
    table = districts()[["province_code", "province_key"]].drop_duplicates()
    return dict(zip(table["province_key"], table["province_code"]))


@lru_cache(maxsize=4096)
def find_province_in_text(text: str) -> str | None:
    """The GSO code of the province a title line names after "tỉnh", if any.

    >>> find_province_in_text("UBND TỈNH GIA LAI")
    '64'
    """
    words = fold(text).split()
    if "tinh" not in words:
        return None
    codes = _province_codes()
    joined = " ".join(words)
    for m in _PROVINCE_WORDS.finditer(joined):
        start = len(joined[:m.end()].split())
        for size in range(min(_WINDOW, len(words) - start), 0, -1):
            key = "".join(words[start:start + size])
            if key in codes:
                return codes[key]
    return None
