"""How a unit or a body is named in a sentence: "huyện Đak Đoa", "xã Mang Yang",
"Cụm" or "Khối", the members together ("huyện", "xã, phường").
"""

from __future__ import annotations

import pandas as pd

from emulation_stats.core.phrases import _phrases, phrase
from emulation_stats.units.lists import strip_type_word, unit_by_code


def place(district: str, code: str, lang: str = "vi") -> str:
    """The member as running text writes it: "huyện Đak Đoa", "thị xã An Khê", "xã Ia Grai"."""
    found = unit_by_code(code) if code else None  # a district before the reform, a commune or ward after it
    if found is None:  # an agency ("Sở Tài chính"), or a unit no official list knows: as written
        return district
    key = f"place_{found.type}"
    # The cluster file may write the type too ("Thị xã Buôn Hồ"): never "thị xã Thị xã ...".
    return phrase(key, lang, name=strip_type_word(district)) if key in _phrases().index else district


def body_word(cluster: object, lang: str = "vi") -> str:
    """What the cluster calls itself in a sentence: "Khối" for a khối thi đua (of agencies),
    "Cụm" for a cụm.

    >>> body_word("Khối các cơ quan tổng hợp"), body_word("Cụm thi đua số 2"), body_word("", "en")
    ('Khối', 'Cụm', 'cluster')
    """
    return phrase(f"body_{body_kind(cluster)}", lang)


def body_kind(cluster: object) -> str:
    """``block`` for a khối thi đua (of agencies), ``board`` for the province's Hội đồng Thi
    đua - Khen thưởng, ``cluster`` for a cụm."""
    name = str(cluster or "").strip().lower()
    return "block" if name.startswith("khối") else "board" if name.startswith("hội đồng") else "cluster"


def addressed(member: str, code: str, lang: str = "vi") -> str:
    """A member as a proposal addresses it: its People's Committee for a unit ("UBND huyện
    Đak Pơ"), an agency as it is.

    >>> addressed("Đak Pơ", "634"), addressed("Sở Tài chính", "STC")
    ('UBND huyện Đak Pơ', 'Sở Tài chính')
    """
    said = place(member, code, lang)
    return phrase("addressed_unit", lang, place=said) if said != member or str(code).isdigit() else said


def members_word(codes: pd.Series | list[str], lang: str = "vi", *, counted: bool = False) -> str:
    """What the cluster's members are called together: "huyện" (districts, before the
    reform), "xã, phường" (communes and wards after it), "cơ quan, đơn vị" (agencies, whose
    codes are the dataset's own), else "đơn vị". ``counted``: after a number, where a list of
    kinds would read as a list of places ("3/8 xã, phường tăng"), "đơn vị".

    >>> members_word(["625", "626"]), members_word(["23794", "23614"]), members_word(["STC", "SXD"])
    ('huyện', 'xã, phường', 'cơ quan, đơn vị')
    >>> members_word(["23794", "23614"], counted=True)
    'đơn vị'
    """
    levels = {("district" if u.level == "district" else "commune") if (u := unit_by_code(str(c))) else "other"
              for c in codes if str(c)}
    key = {frozenset({"district"}): "members_districts", frozenset({"commune"}): "members_communes",
           frozenset({"other"}): "members_agencies"}.get(
        frozenset(levels), "members_mixed")
    word = phrase(key, lang)
    return phrase("members_mixed", lang) if counted and "," in word else word
