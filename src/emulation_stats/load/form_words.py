"""The words of a form: labels and phrases that mark its parts (``form_labels.csv``), cell
roles, numbering, totals, empty and non-figure cells, years and dates in text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from emulation_stats.core.errors import DataError, Term
from emulation_stats.core.resources import read_reference, split_aliases
from emulation_stats.core.text import clean, fold, is_none_mark, name_key, parse_number

HEADER_SEARCH_ROWS = 30


MAX_HEADER_ROWS = 3


_YEAR = re.compile(r"(?<!\d)(199\d|20\d\d)(?!\d)")


_DATE_LINE = re.compile(r"ngay\s*[\d.…_ ]*\s*thang\s*[\d.…_ ]*\s*nam\s*\d{4}")


_TITLE_YEAR = re.compile(r"\bnam\s+(199\d|20\d\d)\b")


# A decision's date in a title: "quyết định số 830/QĐ-UBND ngày 28/12/2017" (folded text).
_TITLE_DECISION = re.compile(r"(?:quyet dinh|\bqd\b)[^\n]*?\bngay\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*"
                             r"(199\d|20\d\d)\b")


_TOKEN = re.compile(r"[a-z0-9]+|%|\+/-|\+-|/")


_NUMBERING = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđA-Z])\s*[.)/-]\s+")


_ROMAN = re.compile(r"^[IVXLC]+\.?$")


_LETTER = re.compile(r"^[A-Za-zĐđ]\.?$")


_BULLET = re.compile(r"^[\s\-+*•–—·]+")


_COLUMN_NUMBER = re.compile(r"^\(?[A-Za-z0-9]{1,3}\)?(?:\s*=\s*[\d/()+*x.\s-]+)?$")


_COMMUNE_LINE = re.compile(r"^(?:ubnd |uy ban nhan dan )?(?:xa|phuong|thi tran) ")


_DECISION_DATE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")


@dataclass(frozen=True)
class _Labels:
    cells: dict[str, frozenset[str]]  # role -> name keys of whole cells
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # role -> token sequences (phrase, prefix, suffix)
    name_prefixes: dict[str, tuple[str, ...]]  # role -> lower-case words with their diacritics


@lru_cache(maxsize=1)
def labels() -> _Labels:
    table = read_reference("form_labels.csv")
    cells: dict[str, frozenset[str]] = {}
    phrases: dict[str, tuple[tuple[str, ...], ...]] = {}
    prefixes: dict[str, tuple[str, ...]] = {}
    for role, how, listed in zip(table["role"], table["match"], table["labels_vi"]):
        names = split_aliases(listed)
        if how in ("phrase", "prefix", "suffix"):
            phrases[role] = tuple(tuple(tokens(n)) for n in names)
        elif how == "name_prefix":
            prefixes[role] = tuple(sorted((clean(n).lower() for n in names), key=len, reverse=True))
        else:
            cells[role] = frozenset(name_key(n) for n in names)
    return _Labels(cells, phrases, prefixes)


def tokens(text: object) -> list[str]:
    """Folded words of a header, keeping the signs that matter (% and +/-).

    >>> tokens("Tăng (+), giảm (-) so với 2016")
    ['tang', 'giam', 'so', 'voi', '2016']
    """
    return _TOKEN.findall(fold(clean(text)).replace("(+)", " ").replace("(-)", " "))


def has_phrase(words: list[str], role: str) -> bool:
    """Whether a run of ``words`` is one of the phrases of ``role`` (form_labels.csv)."""
    for phrase in labels().phrases[role]:
        n = len(phrase)
        if any(tuple(words[i:i + n]) == phrase for i in range(len(words) - n + 1)):
            return True
    return False


def cell_role(text: object, *roles: str) -> str | None:
    """The first of ``roles`` whose labels include the whole cell text."""
    return _cell_role(text if isinstance(text, str) else clean(text), roles)


NOT_A_LABEL = re.compile(r"\d|.{61}")  # labels are short and carry no figures


@lru_cache(maxsize=65536)
def _cell_role(text: str, roles: tuple[str, ...]) -> str | None:
    if NOT_A_LABEL.search(text):
        return None
    key = name_key(clean(text))
    if not key:
        return None
    return next((r for r in roles if key in labels().cells[r]), None)


def strip_numbering(text: str) -> str:
    """Take the item number and bullets off a name: "2.1. Thu ngân sách" -> "Thu ngân sách"."""
    return _BULLET.sub("", _NUMBERING.sub("", text, count=1)).strip()


def _is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _is_number_text(value: object) -> bool:
    if not isinstance(value, str):
        return isinstance(value, (int, float))
    try:
        number = parse_number(value)
    except (ValueError, TypeError):
        return False
    return number == number  # NaN: a mark for no figure


def no_year_error(label: str, searched: str) -> DataError:
    """What to do when no year is written anywhere (one line: the CLI's, the report's);
    ``searched`` the code of messages.csv that says where it was looked for."""
    return DataError("no_year_found", label=label, searched=Term(searched))


def _cell(row: list[object], column: int | None) -> object:
    return row[column] if column is not None and column < len(row) else None


def _is_total(*cells: object) -> bool:
    """"Tổng cộng", "Cộng", "Tổng cộng: 05 tập thể, 12 cá nhân" (derived, not data)."""
    return any(_is_total_text(c) for c in cells if isinstance(c, str))


@lru_cache(maxsize=65536)
def _is_total_text(text: str) -> bool:
    return cell_role(strip_numbering(clean(text)).split(":")[0], "total_row") is not None


@lru_cache(maxsize=65536)
def _clean_cached(text: str) -> str:
    return clean(text)


@lru_cache(maxsize=65536)
def _item_name(text: str, strip: bool) -> str:
    name = clean(text)
    return strip_numbering(name) if strip or _BULLET.match(name) else name


def _text_of(cell: object) -> str:
    return _clean_cached(cell) if isinstance(cell, str) else clean(cell)


def _no_figure(value: object) -> bool:
    if value is None:
        return True
    if value.__class__ is str:
        return _no_figure_text(value)
    return False


@lru_cache(maxsize=65536)
def _no_figure_text(text: str) -> bool:
    return not text.strip() or is_none_mark(text)


def _date_in(text: str) -> str:
    found = _DECISION_DATE.search(text)
    return f"{int(found.group(1)):02d}/{int(found.group(2)):02d}/{found.group(3)}" if found else ""


def _year_of(text: str) -> int | None:
    found = _YEAR.findall(text or "")
    return int(found[-1]) if found else None


text_of, is_total = _text_of, _is_total  # what the tidy-table reader shares with forms
