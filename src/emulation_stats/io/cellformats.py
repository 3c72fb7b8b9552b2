"""What an .xlsx file's cells look like in Excel, where the values alone mislead: cells
formatted as a percentage (value 0.048, shown "4.8%") and formulas saved without a value
(a file written by a program and never opened in Excel).

python-calamine, the fast reader, gives values only; this reads the little of the file's
XML that says it (styles.xml, and the sheets' cell tags), without a second full parse.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from posixpath import join, normpath

_PERCENT_BUILTIN = {9, 10}  # "0%", "0.00%"
_NUM_FMT = re.compile(rb"<numFmt\b([^>]*)>")
_CELL_XFS = re.compile(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", re.S)
_XF = re.compile(rb"<xf\b([^>]*?)(?:/>|>)")
_NUM_FMT_ID = re.compile(rb'numFmtId="(\d+)"')
_SHEET = re.compile(rb"<sheet\b([^>]*)>")
_RELATION = re.compile(rb"<Relationship\b([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')  # attributes in any order, as writers put them
_CELL = re.compile(rb'<c\b([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_STYLE = re.compile(rb'\bs="(\d+)"')
_VALUE = re.compile(rb"<v(?:\s[^>]*)?>[^<]+</v>")


@dataclass
class SheetFormats:
    """One sheet's cells that need more than their value, as (row, column), both 1-based."""

    percent: set[tuple[int, int]] = field(default_factory=set)
    formulas_without_value: list[tuple[int, int]] = field(default_factory=list)


def column_number(letters: str) -> int:
    """ "A" -> 1, "AB" -> 28.

    >>> column_number("A"), column_number("AB")
    (1, 28)
    """
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def sheet_formats(path: str | Path, *, formulas: bool = False, styles: bytes | None = None) -> dict[str, SheetFormats]:
    """Per sheet name, the percent-formatted number cells (and with ``formulas``, the
    formulas with no saved value); sheets with neither are left out. A workbook with no
    percent format is not looked into further unless formulas are asked for (a load reads
    every file: most cost only their styles — ``styles``, the part already read, when the
    caller has it)."""
    if styles is not None and not formulas and not _percent_styles(styles):
        return {}
    try:
        with zipfile.ZipFile(path) as book:
            names = set(book.namelist())
            percent_styles = _percent_styles(book.read("xl/styles.xml")) if "xl/styles.xml" in names else frozenset()
            if not percent_styles and not formulas:
                return {}
            out = {}
            for sheet, member in _sheet_files(book, names).items():
                data = book.read(member)
                if not percent_styles and b"<f" not in data:
                    continue
                found = _cells(data, percent_styles)
                if found.percent or found.formulas_without_value:
                    out[sheet] = found
            return out
    except (zipfile.BadZipFile, KeyError, OSError):
        return {}  # not an .xlsx the reader can look into: the values alone, as before


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    return dict(_ATTRIBUTE.findall(tag))


@lru_cache(maxsize=64)  # a program writes the same styles into every workbook it makes
def _percent_styles(styles: bytes) -> frozenset[int]:
    formats = [_attributes(tag) for tag in _NUM_FMT.findall(styles)]
    custom = {int(f[b"numFmtId"]): html.unescape(f.get(b"formatCode", b"").decode("utf-8", "replace"))
              for f in formats if f.get(b"numFmtId", b"").isdigit()}
    percent_formats = _PERCENT_BUILTIN | {i for i, code in custom.items() if "%" in re.sub(r'"[^"]*"', "", code)}
    block = _CELL_XFS.search(styles)
    if block is None:
        return frozenset()
    styles_out = set()
    for index, attributes in enumerate(_XF.findall(block.group(1))):
        found = _NUM_FMT_ID.search(attributes)
        if found and int(found.group(1)) in percent_formats:
            styles_out.add(index)
    return frozenset(styles_out)


def _sheet_files(book: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    relations = [_attributes(tag) for tag in _RELATION.findall(book.read("xl/_rels/workbook.xml.rels"))]
    targets = {r.get(b"Id", b"").decode(): r.get(b"Target", b"").decode() for r in relations}
    out = {}
    for tag in _SHEET.findall(book.read("xl/workbook.xml")):
        sheet = _attributes(tag)
        name, target = sheet.get(b"name", b""), targets.get(sheet.get(b"r:id", b"").decode())
        if not target:
            continue
        member = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
        if member in names:
            out[html.unescape(name.decode("utf-8", "replace"))] = member
    return out


def _cells(data: bytes, percent_styles: frozenset[int]) -> SheetFormats:
    found = SheetFormats()
    for attributes, inner in _CELL.findall(data):
        ref = _REF.search(attributes)
        if ref is None:
            continue
        where = (int(ref.group(2)), column_number(ref.group(1).decode()))
        if inner and b"<f" in inner and not _VALUE.search(inner):  # no <v>, or an empty one
            found.formulas_without_value.append(where)
            continue
        style = _STYLE.search(attributes)
        if style and int(style.group(1)) in percent_styles and b'"s"' not in attributes and b"<v" in (inner or b""):
            found.percent.add(where)
    return found
