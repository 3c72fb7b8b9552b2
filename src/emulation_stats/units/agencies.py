"""A khối's agencies as offices write them: full names, upper case, with the province, or
abbreviated ("Sở TC", "STC", "VP UBND tỉnh", "CA tỉnh").

An agency (Sở Tài chính, Văn phòng UBND tỉnh, Thanh tra tỉnh) is in no official list of
units: only the cluster file names it. :func:`match_agency` finds the one a text means
among those names; :func:`agencies_like` offers the ones a name not found may mean.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from functools import lru_cache

from emulation_stats.core.text import fold, name_key

# Words an abbreviation may leave out: "Sở TN-MT" is Sở Tài nguyên và Môi trường.
_SKIPPABLE = frozenset({"va"})
# Where a title names its province after the agency: "SỞ TÀI CHÍNH TỈNH LÂM ĐỒNG".
_PROVINCE_TAIL = re.compile(r"\s+(tinh|thanh pho|tp)\s+\S.*$")
_LEVEL_TAIL = re.compile(r"\s+(?:tinh|thanh pho|tp)$")  # "Sở Tài chính tỉnh"
_MAX_TOKENS = 12  # a title line, a sheet or file name; never a sentence


def match_agency(text: str, agencies: Mapping[str, str], province: str | None = None) -> tuple[str, str] | None:
    """``(code, name)`` of the one agency ``text`` names, or None when it names none or
    could mean several. ``agencies`` maps each agency's name to its code (the cluster file's).

    >>> khoi = {"Sở Tài chính": "STC", "Văn phòng UBND tỉnh": "VP", "Công an tỉnh": "CAT"}
    >>> [match_agency(t, khoi, "Lâm Đồng")[0] for t in
    ...  ["SỞ TÀI CHÍNH TỈNH LÂM ĐỒNG", "Sở TC", "stc", "VP UBND tỉnh", "Công an tỉnh Lâm Đồng"]]
    ['STC', 'STC', 'STC', 'VP', 'CAT']
    >>> match_agency("UBND huyện Kbang", khoi) is None
    True
    """
    if not agencies or not text:
        return None
    return _matcher(tuple(sorted(agencies.items())), fold(province or ""))(str(text))


@lru_cache(maxsize=64)
def _matcher(agencies: tuple[tuple[str, str], ...], province: str):
    by_key: dict[str, set[tuple[str, str]]] = {}
    for name, code in agencies:
        for key in (name_key(name), name_key(code)):
            by_key.setdefault(key, set()).add((str(code), name))
    tokens = [(name_key(name).split(), (str(code), name)) for name, code in agencies]

    @lru_cache(maxsize=4096)
    def match(text: str) -> tuple[str, str] | None:
        readings = _readings(name_key(text), province)
        for key in readings:
            exact = by_key.get(key)
            if exact is not None:
                return next(iter(exact)) if len(exact) == 1 else None
        for key in readings:
            words = key.split()
            if not words or len(words) > _MAX_TOKENS:
                continue
            hits = {found for name, found in tokens if _abbreviates(tuple(words), tuple(name))}
            if hits:
                return next(iter(hits)) if len(hits) == 1 else None
        return None

    return match


def agency_in_words(text: str, agencies: Mapping[str, str], province: str | None = None) -> tuple[str, str] | None:
    """The one agency a file or sheet name names among other words ("TH_KT_SNV",
    "BC chi tiêu VP UBND tỉnh"): the whole, else its longest run of words that names exactly one.

    >>> agency_in_words("th kt snv", {"Sở Nội vụ": "SNV", "Sở Tài chính": "STC"})
    ('SNV', 'Sở Nội vụ')
    """
    words = str(text).split()
    for size in range(len(words), 0, -1):
        found = {hit for start in range(len(words) - size + 1)
                 if (hit := match_agency(" ".join(words[start:start + size]), agencies, province)) is not None}
        if found:
            return next(iter(found)) if len(found) == 1 else None
    return None


def _readings(key: str, province: str) -> list[str]:
    """The text as written, then without the place after "tỉnh"/"thành phố" (keeping the word:
    "Công an tỉnh Lâm Đồng" -> "Công an tỉnh"), then without both ("Sở Tài chính")."""
    readings = [key]
    place = name_key(province) if province else ""
    if place and key.endswith(" " + place):
        readings.append(key[: -len(place) - 1])
    readings += [_PROVINCE_TAIL.sub(r" \1", key), _PROVINCE_TAIL.sub("", key), _LEVEL_TAIL.sub("", key)]
    return list(dict.fromkeys(r.strip() for r in readings if r.strip()))


@lru_cache(maxsize=8192)
def _abbreviates(short: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """Whether the words ``short`` abbreviate the words ``name``, each short word standing for
    one word of the name or for the initials of several ("tc" for "tai chinh")."""
    if not short:
        return all(w in _SKIPPABLE for w in name)
    if not name:
        return False
    if name[0] in _SKIPPABLE and _abbreviates(short, name[1:]):
        return True
    word = short[0]
    if word == name[0] and _abbreviates(short[1:], name[1:]):
        return True
    return any(_abbreviates(short[1:], name[k:]) for k in range(2, len(name) + 1)
               if word in (_initials(name[:k]), _initials(tuple(w for w in name[:k] if w not in _SKIPPABLE))))


def _initials(words: tuple[str, ...]) -> str:
    return "".join(w[0] for w in words)


def agencies_like(text: str, agencies: Mapping[str, str], n: int = 2) -> list[str]:
    """The agencies a name not found may mean, closest first (for "có phải … ?").

    >>> agencies_like("Sở Tài chánh", {"Sở Tài chính": "STC", "Sở Y tế": "SYT"})
    ['Sở Tài chính']
    """
    keys = {name_key(name): name for name in agencies}
    return [keys[k] for k in difflib.get_close_matches(name_key(str(text)), list(keys), n=n, cutoff=0.6)]
