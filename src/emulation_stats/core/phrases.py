"""Words and numbers as the cluster's documents write them (used by every module that
writes text): phrases from ``data/reference/phrases.csv``, Vietnamese or English number
format, units of measure, award labels and the rubric's rules in words. (A unit's name in
a sentence, "huyện Đak Đoa", is ``units/naming.py``'s.)
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError
from emulation_stats.core.resources import read_reference
from emulation_stats.core.text import format_number

LANGS = ("vi", "en")
CLASS_EN = {"1": "First", "2": "Second", "3": "Third"}


@lru_cache(maxsize=1)
def _phrases() -> pd.DataFrame:
    return read_reference("phrases.csv", strip=False).set_index("key")


def phrase(key: str, lang: str = "vi", **values: object) -> str:
    """A phrase of ``phrases.csv`` with its ``{placeholders}`` filled.

    >>> phrase("compared_with", base=2016)
    ' so với năm 2016'
    """
    if lang not in LANGS:
        raise DataError("lang_unknown", lang=lang)
    return str(_phrases().loc[key, lang]).format(**values)


# Said on every chart, sheet, slide and page made from illustrative figures.
ILLUSTRATIVE_MARK = "Số liệu minh họa / illustrative data"


class Words:
    """The words of one part of the package (charts, the command…), kept in ``phrases.csv``
    under a common prefix: ``Words("chart_")["vi"]["year"]`` is the phrase ``chart_year``,
    its ``{placeholders}`` left for the caller. One route for every word an analyst reads.

    >>> Words("chart_")["en"]["year"]
    'Year'
    """

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __getitem__(self, lang: str) -> _WordsIn:
        if lang not in LANGS:
            raise DataError("lang_unknown", lang=lang)
        return _WordsIn(self.prefix, lang)


class _WordsIn:
    def __init__(self, prefix: str, lang: str):
        self.prefix, self.lang = prefix, lang

    def __getitem__(self, key: str) -> str:
        return str(_phrases().loc[self.prefix + key, self.lang])


def number(value: float, lang: str = "vi", *, pad: bool = False, decimals: int | None = None) -> str:
    """A number as the language writes it: 1.234,5 (vi) or 1,234.5 (en); padded counts in vi."""
    text = format_number(value, decimals, pad=pad and lang == "vi")
    if lang == "en":
        text = text.replace(".", "\x00").replace(",", ".").replace("\x00", ",")
    return text


def unit_word(indicator: str, written: object, lang: str = "vi") -> str:
    """An indicator's unit in the language asked: the catalogue's English unit in English,
    the unit as the data writes it otherwise.

    >>> unit_word("criminal_cases", "vụ", "en"), unit_word("criminal_cases", "vụ"), unit_word("x_1", "ha", "en")
    ('cases', 'vụ', 'ha')
    """
    written = written if isinstance(written, str) else ""
    if lang == "en" and indicator in catalog.indicators():
        return str(catalog.indicators()[indicator]["unit_en"]) or written
    return written


def share_said(share: float, lang: str = "vi") -> str:
    """A share of scenarios in per cent, one decimal, never "100" for a share short of all nor
    "0" for one above none (99,95% and 0,05% read 99,9 and 0,1, which still add up).

    >>> share_said(0.9995), share_said(0.0005), share_said(1.0), share_said(0.477, "en")
    ('99,9', '0,1', '100', '47.7')
    """
    shown = round(100 * share, 1)
    shown = 99.9 if share < 1 and shown >= 100 else 0.1 if share > 0 and shown <= 0 else shown
    return number(shown, lang)


def and_list(items: list[str], lang: str = "vi") -> str:
    """Items joined as a sentence lists them: "A, B và C".

    >>> and_list(["A", "B", "C"]), and_list(["A"], "en")
    ('A, B và C', 'A')
    """
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + phrase("list_and", lang) + items[-1]


def counted(noun: str, shown: str, lang: str = "vi") -> str:
    """``noun`` in the number the figure ``shown`` (as printed) asks for: English says
    "1 death", "2 deaths", "1.0 percentage points" (irregular plurals from
    data/reference/english_plurals.csv); Vietnamese nouns do not change.

    >>> counted("deaths", "1", "en"), counted("people", "-1", "en"), counted("percentage point", "1.0", "en")
    ('death', 'person', 'percentage points')
    """
    if lang == "vi" or not noun:
        return noun
    singulars, plurals = _english_plurals()
    if str(shown).strip().lstrip("+-−") == "1":
        return singulars.get(noun, noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun)
    return plurals.get(noun, noun if noun.endswith("s") or noun in singulars else noun + "s")


@lru_cache(maxsize=1)
def _english_plurals() -> tuple[dict[str, str], dict[str, str]]:
    table = read_reference("english_plurals.csv")
    return dict(zip(table["plural"], table["singular"])), dict(zip(table["singular"], table["plural"]))


def award_label(key: str, written: str, lang: str) -> str:
    """How running text names an award after its authority ("Bằng khen", not "Bằng khen
    của Chủ tịch UBND tỉnh"); the source's own wording when it has one."""
    base = catalog.award_base(key)
    known = base in catalog.awards()
    if lang == "en":
        if not known:
            return written
        name = catalog.awards()[base]["name_en"]
        suffix = key[len(base) + 1:] if key != base else ""
        label = f"{name}, {CLASS_EN.get(suffix, suffix)} Class" if suffix else name
    else:
        label = written if written and written != catalog.award_display_name(key) else (
            (catalog.awards()[base]["short_vi"] or catalog.award_display_name(key)) if known else written)
    category = catalog.awards()[base]["category"] if known else ""
    prefix = phrase("title_prefix", lang)
    if category in ("state_title", "emulation_title") and not label.lower().startswith(prefix.strip().lower()):
        label = prefix + label
    return label


def rule_words(kind: str, key: str, lang: str = "vi") -> str:
    """A scoring rule's key ("zero", "mean_excluding_self") as an analyst reads it ("tính 0
    điểm"); the key itself where phrases.csv has no words for it.

    >>> rule_words("missing", "zero"), rule_words("aggregation", "median", "en")
    ('tính 0 điểm', 'median')
    """
    name = f"explore_{kind}_{key}"
    return phrase(name, lang) if name in _phrases().index else str(key)
