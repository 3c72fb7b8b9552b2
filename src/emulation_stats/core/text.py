"""Vietnamese text helpers: cleaning, loose matching keys, and number parsing/formatting.

Everything that compares names (districts, indicators, awards, column headers) goes
through :func:`clean` and :func:`fold` so that NFD text, stray or non-breaking spaces,
case, diacritics and old/new tone placement never decide whether two names match.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from emulation_stats.core.errors import cut
from emulation_stats.core.resources import read_reference

# Characters that office software leaves in cells and that must not change a name.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")


def clean(text: object) -> str:
    """Return ``text`` as NFC with invisible characters removed and spaces collapsed.

    >>> clean("  Đak\\u00a0Đoa ")
    'Đak Đoa'
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    s = unicodedata.normalize("NFC", str(text)).translate(_INVISIBLE)
    return _SPACES.sub(" ", s).strip()


def shorten(text: str, width: int = 80) -> str:
    """A text cut for a message: a 100,000-character cell must not fill the screen.

    >>> shorten("x" * 200, 10)
    'xxxxxxxxx… (200 ký tự)'
    """
    return str(cut(text, width))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A loose matching key: lower case, no diacritics, đ -> d, single spaces.

    >>> fold("Huyện Đắk Đoa")
    'huyen dak doa'
    """
    lowered = clean(text).lower()
    quick = lowered.translate(_FOLD_LATIN)  # every Vietnamese letter at once
    if not quick.isascii():  # another script, or a combining mark left over: the long way
        quick = _without_marks(lowered).replace("đ", "d")
    # A stray combining mark may have stood between spaces: collapse again.
    return _SPACES.sub(" ", quick).strip()


def _without_marks(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def _fold_table() -> dict[int, str]:
    """Each accented Latin letter (Vietnamese ones included) -> what :func:`_without_marks`
    gives for it; đ -> d."""
    table = {}
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        base = _without_marks(chr(code))
        if base != chr(code):
            table[code] = base
    table[ord("đ")] = "d"
    return table


_FOLD_LATIN = _fold_table()


@lru_cache(maxsize=1)
def _variant_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    rules = read_reference("spelling_variants.csv", strip=False)
    return tuple((re.compile(p), r) for p, r in zip(rules["pattern"], rules["replacement"]))


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The key two names must share to be the same name.

    :func:`fold` plus the spelling variants of ``data/reference/spelling_variants.csv``
    (sĩ/sỹ, "hạng II" = "hạng Nhì", "Ủy ban nhân dân" = "UBND", punctuation).

    >>> name_key("Chiến sỹ thi đua") == name_key("chiến sĩ thi đua")
    True
    >>> name_key("Huân chương Lao động hạng II") == name_key("Huân chương Lao động hạng Nhì")
    True
    """
    key = fold(text)
    for pattern, replacement in _variant_rules():
        key = pattern.sub(replacement, key)
    return key


# --- numbers -----------------------------------------------------------------------

_NONE_MARKS = {"", "-", "--", "—", "–", "x", "n/a", "na", "không", "khong", "...", "…"}
_NUMBER = re.compile(r"^[+-]?[\d.,]+$")  # one class, no nesting: linear time on any input
_LONGEST_NUMBER = 40


def is_none_mark(text: object) -> bool:
    """True for the cell contents offices use to mean "no figure" ("", "-", "x", ...)."""
    return clean(text).lower() in _NONE_MARKS


def parse_number(value: object) -> float:
    """Parse a number written as a number or as Vietnamese text.

    Vietnamese text uses "." for thousands and "," for decimals ("1.234,5"); a trailing
    "%" is dropped (the value stays in percent). Returns NaN for the "no figure" marks
    and raises ``ValueError`` for anything else that is not a number.

    >>> parse_number("1.234,5"), parse_number("12,5%"), parse_number(7)
    (1234.5, 12.5, 7.0)
    """
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    s = clean(value)
    if s.lower() in _NONE_MARKS:
        return math.nan
    s = s.replace(" ", "").rstrip("%").strip()
    if s.startswith("(") and s.endswith(")"):  # accounting negative
        s = "-" + s[1:-1]
    if len(s) > _LONGEST_NUMBER or not _NUMBER.match(s) or not any(c.isdigit() for c in s):
        raise ValueError(f"not a number: {shorten(s)!r}")
    return float(_to_python_number_text(s))


def _to_python_number_text(s: str) -> str:
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        # The separator that comes last is the decimal one.
        if s.rfind(",") > s.rfind("."):
            return s.replace(".", "").replace(",", ".")
        return s.replace(",", "")
    if commas:
        # One comma is the decimal comma; several are English thousands separators.
        return s.replace(",", ".") if commas == 1 else s.replace(",", "")
    if dots:
        if dots > 1 or re.search(r"^[+-]?\d{1,3}\.\d{3}$", s):
            # "1.234" and "1.234.567" are thousands in Vietnamese text.
            return s.replace(".", "")
        return s
    return s


def format_number(value: float, decimals: int | None = None, *, pad: bool = False) -> str:
    """Format a number the Vietnamese way: "." thousands, "," decimals.

    ``decimals=None`` shows up to two decimals and drops trailing zeros. ``pad=True``
    zero-pads whole numbers below 10 as official documents do ("07").

    >>> format_number(1234.5), format_number(7, pad=True), format_number(12.0)
    ('1.234,5', '07', '12')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if decimals is None:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if pad and text.lstrip("-").isdigit() and abs(float(value)) < 10:
        sign = "-" if text.startswith("-") else ""
        text = sign + text.lstrip("-").zfill(2)
    return text


def reported_decimals(value: object, most: int = 6) -> int:
    """How many decimals a figure was reported with, read from the number itself (its
    shortest form), so a sentence shows an office's 2.735,764 as written and 70,0 as 70.

    >>> reported_decimals(2735.764), reported_decimals(70.0), reported_decimals(12.300000000000001)
    (3, 0, 1)
    """
    if not isinstance(value, (int, float)) or isinstance(value, bool) or math.isnan(value):
        return 0
    text = f"{round(float(value), most):.{most}f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def show_value(value: object) -> str:
    """A figure in a message, the Vietnamese way (7,3; 1.234); anything else as text.

    >>> show_value(1234.5), show_value("KBang")
    ('1.234,5', 'KBang')
    """
    return format_number(value, None) if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else str(value)


@lru_cache(maxsize=1)
def _collator():
    from pyuca import Collator  # the Unicode Collation Algorithm with its default table (DUCET)

    return Collator()


# CLDR's tailoring for Vietnamese (&A<ă<â &D<đ &E<ê &O<ô<ơ &U<ư): a letter written with a
# breve, circumflex, horn or stroke is a letter of its own, after its base letter, not the
# base letter with an accent as the default table has it. Keyed by the default table's
# secondary weight of the mark; tone marks keep their secondary weight.
_LETTER_MARKS = {38: 1, 39: 2, 63: 3, 57: 1}  # breve, circumflex, horn, stroke


def sort_key_vi(name: object) -> tuple[int, ...]:
    """A key that sorts names as Vietnamese does: the Unicode Collation Algorithm (pyuca)
    with CLDR's Vietnamese tailoring, so "Đak Đoa" comes after every name in D and before
    those in E, never after Z as code points would put it.

    >>> sorted(["Ea Kar", "Đak Đoa", "Diên Khánh", "An Khê", "Ăn"], key=sort_key_vi)
    ['An Khê', 'Ăn', 'Diên Khánh', 'Đak Đoa', 'Ea Kar']
    """
    text = unicodedata.normalize("NFD", clean(name))
    elements: list[list[int]] = []
    for primary, secondary, tertiary in _collator().collation_elements(text):
        rank = _LETTER_MARKS.get(secondary) if primary == 0 and elements and elements[-1][0] else None
        if rank is not None and elements[-1][0] % 4 == 0:  # the mark makes the letter before it another letter
            elements[-1][0] += rank
            continue
        elements.append([primary * 4, secondary, tertiary])
    return tuple(_collator().sort_key_from_collation_elements([tuple(e) for e in elements]))


def points_decimals(totals: Iterable[float]) -> int:
    """Points at one precision for a whole table and its sentences: whole when every total
    is whole ("49 điểm"), else two decimals ("70,70" beside "88,28").

    >>> points_decimals([49.0, 33.5]), points_decimals([49.0, 46.0])
    (2, 0)
    """
    values = [round(float(v), 2) for v in totals if v == v]  # NaN is not a total
    return 0 if all(v == round(v) for v in values) else 2
