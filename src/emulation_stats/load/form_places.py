"""Whose form it is and of which year: the member from the title, the sheet or the file
name (units of the form's year, agencies of a khối, a unit gone in the reform said so)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from emulation_stats.core.errors import DataError, Term, Words
from emulation_stats.core.text import fold
from emulation_stats.io.tables import Grid
from emulation_stats.load.form_words import _COMMUNE_LINE, _DATE_LINE, _year_of
from emulation_stats.units.agencies import agency_in_words, match_agency
from emulation_stats.units.in_text import find_district_in_text, find_unit_in_text
from emulation_stats.units.lists import FIRST_NEW_YEAR, Unit
from emulation_stats.units.matching import find_district, find_unit
from emulation_stats.units.reform import gone_message

if TYPE_CHECKING:  # the form is built in forms.py, which reads it with these
    from emulation_stats.load.forms import Form


def _gone_unit_named(candidates: list[tuple[str, str, bool]], province: str | None, year: int,
                     skip: str = "") -> tuple[str, Unit] | None:
    """The first place (title line, sheet, file name; not ``skip``) naming a unit that no
    longer exists in ``year``, and that unit."""
    for where, text, typed in candidates:
        old = find_unit_in_text(text, province, None, require_type=typed) if where != skip else None
        if old is not None and not old.exists_in(year):
            return where, old
    return None


def _refuse_a_gone_unit(label: str, candidates: list[tuple[str, str, bool]], province: str | None,
                       year: int) -> None:
    """A report of a year after the reform titled with a unit that no longer exists
    ("UBND THỊ TRẤN KON DƠNG" on a 2025 form): refused, saying where the unit went — its
    figures are part of a new unit's, never silently the new unit's own."""
    gone = _gone_unit_named(candidates, province, year)
    if gone is not None:
        where, old = gone
        raise DataError("form_of_gone_unit", label=label, where=where, unit=old.label,
                        gone=Words(gone_message(old), gone_message(old, "en")), year=year)


@dataclass(frozen=True)
class Agency:
    """A member that is no administrative unit (a khối's department), as its cluster file names it."""

    code: str
    name: str

    @property
    def label(self) -> str:
        return self.name


def _agency_named(form: Form, agencies: Mapping[str, str]) -> tuple[str, Agency] | None:
    """The cluster's agency a title line, the sheet or the file name names — in full, in
    capitals, with its province or abbreviated ("SỞ TÀI CHÍNH TỈNH LÂM ĐỒNG", "VP UBND tỉnh")."""
    texts = [(Term("where_title", text=t), t) for t in form.titles]
    # "UBND TỈNH LÂM ĐỒNG" over "VĂN PHÒNG" (or "THANH TRA"): the agency of the body above it
    # (titles are read cell by cell: the motto's cells sit between them)
    texts += [(Term("where_title", text=f"{above} / {line}"), f"{line} {reading}")
              for i, above in enumerate(form.titles)
              if _BODY_ABOVE.match(fold(above)) for line in form.titles[i + 1:i + 4]
              for reading in (above, _BODY_ABOVE.sub("", fold(above)))]
    for where, text in texts:
        hit = match_agency(text, agencies, form.province)
        if hit is not None:
            return where, Agency(*hit)
    names = [(Term("where_sheet", name=form.grid.sheet), form.grid.sheet)] if form.grid.sheet else []
    for where, text in names + [(Term("where_file", name=form.grid.path.name), _file_words(form.grid.path.stem))]:
        hit = agency_in_words(text, agencies, form.province)  # among the file's other words
        if hit is not None:
            return where, Agency(*hit)
    return None


_BARE_COMMITTEE = re.compile(r"^(?:ubnd|uy ban nhan dan)$")


_BODY_ABOVE = re.compile(r"^(?:ubnd|uy ban nhan dan)\s+(?=tinh\b|thanh pho\b)")


# What a file name adds around a member's name: "BC_So_TP_2025", "bao_cao_nam_2025_STC".
_FILE_NOISE = re.compile(r"\b(?:bc|bao cao|bieu|bieu mau|mau|so lieu|nam|ket qua|kq|\d+)\b")


def _file_words(stem: str) -> str:
    """A file name as the words that may name a member: no report words, years or numbers."""
    return " ".join(_FILE_NOISE.sub(" ", fold(stem.replace("_", " ").replace("-", " "))).split())


def _warn_of_a_gone_unit(form: Form, candidates: list[tuple[str, str, bool]], found: tuple[str, object],
                        year: int) -> None:
    """A form of a year after the reform placed by one line while another names a unit that
    is gone ("UBND XÃ PHÚC XUÂN" over "Xã Đại Phúc"): placed, and said."""
    titles = [c for c in candidates if c[2]]  # typed lines only: a file name names loosely
    gone = _gone_unit_named(titles, form.province, year, skip=found[0])
    if gone is not None:
        where, old = gone
        form.warnings.append({"source": form.grid.label, "column": "", "code": "member_conflict",
                              "message": Term("form_names_gone_unit", where=where, unit=old.label,
                                              gone=Words(gone_message(old), gone_message(old, "en")),
                                              taken=found[1].label, by=found[0])})


def _place(form: Form, district: str | None, agencies: Mapping[str, str] | None = None) -> None:
    """The district of a one-district form: argument, title lines, sheet, file name."""
    grid = form.grid
    candidates = [(Term("where_title", text=t), t, True) for t in form.titles]
    # "ỦY BAN NHÂN DÂN" over "XÃ IA GRAI": one title on two lines (the motto's cells between them)
    candidates += [(Term("where_title", text=f"{above} / {line}"), f"UBND {line}", True)
                   for i, above in enumerate(form.titles)
                   if _BARE_COMMITTEE.match(fold(above)) for line in form.titles[i + 1:i + 4]]
    if grid.sheet:
        candidates.append((Term("where_sheet", name=grid.sheet), grid.sheet, False))
    candidates.append((Term("where_file", name=grid.path.name), grid.path.stem, False))
    year = form.report_year
    if year is not None and year >= FIRST_NEW_YEAR:  # written by a commune, ward or special zone of the reform
        named = [(where, hit) for where, text, typed in candidates
                 if (hit := find_unit_in_text(text, form.province, year, require_type=typed)) is not None]
    else:
        named = [(where, hit) for where, text, typed in candidates
                 if (hit := find_district_in_text(text, form.province, require_type=typed)) is not None]
        # A commune's or ward's own report before the reform ("UBND XÃ ĐĂK YĂ"): the lowest unit named
        # is the one reporting; a district line above it chooses among wards of one name
        # ("UBND THÀNH PHỐ PLEIKU" over "UBND PHƯỜNG TÂY SƠN").
        lines = [c for c in candidates if c[2] and _is_commune_line(c[1])] or ([] if named else candidates)
        if lines:
            communes = _communes_named(lines, form.province, year or FIRST_NEW_YEAR - 1,
                                       named[0][1].code if named else None)
            named = communes or named
    found = named[0] if named else None
    agency = _agency_named(form, agencies) if agencies else None
    if agency is not None:  # the cluster's own list before the national one
        found, named = agency, [agency]
    if len({hit.code for _, hit in named}) > 1:  # "UBND HUYỆN KRÔNG BÚK" in BC_..._KrongPac.xlsx
        listed = Words(*("; ".join(f"{where.in_language(lang)}: {hit.label}" for where, hit in named)
                         for lang in ("vi", "en")))
        form.warnings.append({"source": grid.label, "column": "", "code": "member_conflict",
                              "message": Term("form_names_units", listed=listed, taken=named[0][1].label,
                                              by=named[0][0])})
    if district:
        named_agency = match_agency(district, agencies or {}, form.province)
        given = Agency(*named_agency) if named_agency else \
            find_unit(district, form.province, year) if year is not None and year >= FIRST_NEW_YEAR \
            else find_district(district, form.province)
        if given is None:
            raise DataError("unit_given_unknown", sheet=grid.label, unit=district)
        form.district, form.district_from = given, Term("where_argument")
        if found and found[1].code != given.code:
            message = Term("form_unit_differs", where=found[0], written=found[1].label, given=given.label)
            form.warnings.append({"source": grid.label, "column": "", "code": "district_differs",
                                  "message": message})
        return
    if year is not None and year >= FIRST_NEW_YEAR:
        if found is None:
            _refuse_a_gone_unit(grid.label, candidates, form.province, year)
        else:
            _warn_of_a_gone_unit(form, candidates, found, year)
    if found is None:
        raise _unplaced(grid.label, agencies, year)
    form.district_from, form.district = found


def _unplaced(label: str, agencies: Mapping[str, str] | None, year: int | None) -> DataError:
    """Why a form has no member, and what to write: an agency's name to a khối, the unit's
    name of the form's period to a cluster of units."""
    if agencies:
        return DataError("form_without_agency", label=label, example=next(iter(agencies)))
    units = Term("write_commune_or_ward" if year is None or year >= FIRST_NEW_YEAR else "write_district_or_commune")
    return DataError("form_without_unit", label=label, units=units)


def _settle_year(form: Form, given: int | None) -> None:
    """The year of an award form, in the order of trust: the title ("NĂM 2024", else the
    decision it is titled by), each row's decision date (a list), the sheet name, the file
    name, then the year given. Another year where the title gave one is said, never used."""
    grid = form.grid
    named = years_in_names(grid)
    if form.year is not None:
        others = [(where, found) for where, found in named if found != form.year]
        if others:
            listed = Words(*("; ".join(Term("where_says_year", where=where, year=found).in_language(lang)
                                       for where, found in others) for lang in ("vi", "en")))
            form.warnings.append({"source": grid.label, "column": "", "code": "year_conflict",
                                  "message": Term("title_year_kept", year=form.year, others=listed)})
        return
    form.fallback_year = named[0][1] if named else given


def years_in_names(grid: Grid) -> list[tuple[str, int]]:
    """The years a sheet's name and its file's name give, each with the words that say where."""
    return [(where, found) for where, text in ((Term("where_sheet", name=grid.sheet), grid.sheet or ""),
                                               (Term("where_file", name=grid.path.name), grid.path.stem))
            if (found := _year_of(text)) is not None]


@lru_cache(maxsize=4096)
def _is_commune_line(text: str) -> bool:
    """"UBND XÃ ĐĂK YĂ", not "… xã An Khê, ngày 15 tháng 12 năm 2017" (where it was signed)."""
    folded = fold(text)
    return bool(_COMMUNE_LINE.match(folded)) and not _DATE_LINE.search(folded)


def _communes_named(candidates: list[tuple[str, str, bool]], province: str | None, year: int,
                    within: str | None) -> list[tuple[str, object]]:
    return [(where, hit) for where, text, typed in candidates
            if (hit := find_unit_in_text(text, province, year, require_type=typed, within=within)) is not None
            and hit.level == "commune"]
