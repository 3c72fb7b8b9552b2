"""A unit named somewhere in a line of text (a form's title, a sheet or file name): the
district, province, commune or ward the words name, by the longest name that fits."""

from __future__ import annotations

import re
from functools import lru_cache

from emulation_stats.core.errors import DataError
from emulation_stats.core.text import clean, fold
from emulation_stats.units.lists import District, Unit, districts
from emulation_stats.units.matching import find_district, match_unit

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


# Words that announce a unit of any level in running text ("UBND XÃ IA GRAI", "PHƯỜNG AN BÌNH").
_UNIT_TYPE_WORDS = re.compile(r"\b(?:huyen|thi xa|thanh pho|quan|tx|tp|xa|phuong|thi tran|dac khu|tt)\b\.?\s*")


@lru_cache(maxsize=4096)
def find_unit_in_text(text: str, province: str | None = None, year: int | None = None, *,
                      require_type: bool = True, within: str | None = None) -> Unit | None:
    """The unit a title line, sheet name or file name names, if exactly one, among the
    units of ``year``'s period (:func:`find_district_in_text` for any level); ``within``
    an old district's code: its communes only.

    >>> find_unit_in_text("UBND XÃ IA GRAI", "Gia Lai", 2025).code
    '23764'
    """
    words = re.sub(r"[_\-.,;:()/]+", " ", fold(text)).split()
    # The words as written, for the match itself: an exact name wins over one a tone mark
    # apart ("XÃ THÀNH HẢI" is not "Xã Thanh Hải"), which the folded words cannot tell.
    written = re.sub(r"[_\-.,;:()/]+", " ", clean(text)).split()
    written = written if len(written) == len(words) else words
    starts: list[int] | range = range(len(words))
    if require_type:
        joined = " ".join(words)
        starts = [len(joined[:m.start()].split()) for m in _UNIT_TYPE_WORDS.finditer(joined)]
    found: dict[str, Unit] = {}
    for start in starts:
        for size in range(min(_WINDOW + 2, len(words) - start), 0, -1):
            window = words[start:start + size]
            if any(w.isdigit() for w in window[1:] if not require_type) or (window and window[0].isdigit()):
                continue
            try:
                hit = match_unit(" ".join(written[start:start + size]), province, year, within=within)
            except DataError:
                continue
            if year is None or hit.exists_in(year):
                found.setdefault(hit.code, hit)
                break
    return next(iter(found.values())) if len(found) == 1 else None
