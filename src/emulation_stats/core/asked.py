"""What an analyst asked for, checked against what the data holds.

A year, indicator, member or criterion that is not in the data would otherwise give a
table of NaN, an empty sentence or an unchanged ranking in silence; here it is a
:class:`~emulation_stats.DataError` that names what was asked and lists what exists.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from functools import lru_cache

from emulation_stats.core.errors import DataError, Term

SHOWN = 20  # names listed in a message before "…"


def span(years: Iterable[object]) -> str:
    """Years as a reader writes them: a run as "2019–2024", else a list.

    >>> span([2019, 2020, 2021, 2022]), span([2016, 2017, 2019])
    ('2019–2022', '2016, 2017, 2019')
    """
    values = sorted({int(y) for y in years})
    if len(values) > 2 and values == list(range(values[0], values[-1] + 1)):
        return f"{values[0]}–{values[-1]}"
    return ", ".join(str(y) for y in values)


def require_years(asked: int | Iterable[int], present: Iterable[object], what: str = "số liệu") -> None:
    """Every year asked for is in ``present``.

    >>> require_years(2025, [2019, 2020, 2021])
    Traceback (most recent call last):
    ...
    emulation_stats.DataError: không có số liệu năm 2025; có các năm 2019–2021
    """
    asked = [asked] if isinstance(asked, (int, float)) else list(asked)
    have = {int(y) for y in present}
    missing = [int(y) for y in asked if int(y) not in have]
    if not missing:
        return
    if not have:
        raise DataError("asked_year_missing_none", what=_term(what), years=span(missing))
    raise DataError("asked_year_missing", what=_term(what), years=span(missing), have=span(have))


def require_names(asked: str | Iterable[str], present: Iterable[object], what: str) -> None:
    """Every name asked for is in ``present`` (a misspelling gets the closest name offered).

    >>> require_names("incom", ["income", "crime"], "tiêu chí")
    Traceback (most recent call last):
    ...
    emulation_stats.DataError: không có tiêu chí 'incom' (có phải 'income'?); có: income, crime
    """
    asked = [asked] if isinstance(asked, str) else list(asked)
    have = [str(p) for p in dict.fromkeys(present)]
    unknown = [str(a) for a in asked if str(a) not in have]
    if not unknown:
        return
    name = unknown[0]
    same_start = [h for h in have if len(os.path.commonprefix([name.lower(), h.lower()])) >= 4]  # crime: criminal_…
    close = difflib.get_close_matches(name, have, n=1) or same_start[:1]
    listed = ", ".join(have[:SHOWN]) + (", …" if len(have) > SHOWN else "")
    raise DataError("asked_name_missing", what=_term(what), name=name,
                    hint=Term("asked_hint", close=close[0]) if close else Term("nothing"),
                    more=Term("asked_more", n=len(unknown) - 1) if len(unknown) > 1 else Term("nothing"),
                    listed=listed or Term("nothing_listed"))


def _term(what: str) -> Term | str:
    """The word for what was asked, as a term of messages.csv (said in the message's
    language) where the table has it; else the word as given."""
    code = _what_codes().get(what)
    return Term(code) if code else what


@lru_cache(maxsize=1)
def _what_codes() -> dict[str, str]:
    """The Vietnamese word of each ``what_*`` term -> its code."""
    from emulation_stats.core.resources import read_reference

    table = read_reference("messages.csv")
    words = table[table["code"].str.startswith("what_")]
    return dict(zip(words["vi"], words["code"]))

