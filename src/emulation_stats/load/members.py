"""Who each row is about: the member's code and name from what the office wrote (units of
the row's year, agencies of a khối), its period, its year and its source."""

from __future__ import annotations

import datetime as dt
import difflib
from functools import lru_cache

import numpy as np
import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.errors import Term, Words, either
from emulation_stats.core.frames import apply_unique, apply_unique_pairs
from emulation_stats.core.text import clean, name_key
from emulation_stats.load.fields import PAIR_SEPARATOR, parse_districts, parse_years
from emulation_stats.load.issues import LoadContext, _Issues, _Rows
from emulation_stats.units.agencies import agencies_like, match_agency
from emulation_stats.units.lists import FIRST_NEW_YEAR, strip_type_word
from emulation_stats.units.reform import predecessors, reform_words
from emulation_stats.units.restate import unit_eras

# An award or a proposal for a unit that no longer exists is more than a figure kept for
# an old unit: the law does not allow it (Thông tư 15/2025/TT-BNV).
DISSOLVED = ("dissolved_unit", "unit_dissolved_no_award")  # the problem's code, its message's


def _district_columns(rows: _Rows, issues: _Issues, ctx: LoadContext, needed: pd.Series | None = None,
                      name: str = "member", code: str = "member_code",
                      gone: tuple[str, str] = ("unit_no_longer_exists", "said_as_found"),
                      refuse_gone: bool = False) -> tuple[pd.Series, pd.Series]:
    eras = _eras(rows)
    codes, gso, errors, notes, misspelt = parse_districts(rows.col(name), rows.col(code), rows.cells.index,
                                                         ctx.province, eras)
    members = ctx.members if ctx.members is not None and len(ctx.members) else None
    latest = members.sort_values("year").drop_duplicates("member_code", keep="last") if members is not None else None
    agency = _cluster_agencies(rows, name, code, members, ctx.province)
    if agency is not None:  # the cluster's own list before the national one
        found = agency.notna()
        codes = codes.where(~found, agency)
        gso = gso.where(~found, agency.map(pd.Series(latest["member"].to_numpy(), index=latest["member_code"])))
        errors, notes, misspelt = errors.where(~found, ""), notes.where(~found, ""), misspelt.where(~found, "")
        errors = _agency_hints(rows, name, errors, members)
    elif members is not None:
        errors = _member_hints(rows, name, errors, members)
    if needed is not None:
        errors, notes, misspelt = errors.where(needed, ""), notes.where(needed, ""), misspelt.where(needed, "")
    column = name if name in rows.cells else code
    issues.reject(errors, column, "unknown_district")
    issues.warn_once(misspelt != "", column, "name_misspelt", misspelt, "said_as_found")  # the code kept, the name said
    if (notes != "").any() and refuse_gone:  # a cluster of a year after the reform cannot have a unit that is gone
        refused = Words(reform_words("not_a_member_now"), reform_words("not_a_member_now", "en"))
        said = apply_unique(notes, lambda note: Term("unit_gone", gone=note.values["gone"], then=refused)
                            if isinstance(note, Term) else "")
        issues.reject(said, column, gone[0])
    elif (notes != "").any():
        issues.warn_once(notes != "", column, gone[0], notes, gone[1])
    if not ctx.display_names and members is None:
        return codes, gso  # no cluster spelling to apply
    display = codes.map(pd.Series(ctx.display_names, dtype=object)).astype(object)
    if latest is not None:
        # Codes repeat across the reform (old Thị trấn Kon Dơng and new Xã Mang Yang are both
        # 23794): the cluster's spelling names only rows of its members' own period.
        period = pd.Series(np.where(latest["year"].astype(int) >= FIRST_NEW_YEAR, "new", "old"),
                           index=latest["member_code"].to_numpy())
        display = display.where(codes.map(period) == eras)
    display = display.where(display.notna() & (display != ""), gso)
    if members is not None and "year" in rows.cells:
        _check_members(rows, codes, gso, column, members, issues)
    return codes, display


def _agency_names(members: pd.DataFrame | None) -> dict[str, str]:
    """The cluster's agencies, name -> code: a khối's forms are titled with them."""
    if members is None or "member_type" not in members:
        return {}
    agencies = members[members["member_type"] == "agency"].drop_duplicates("member_code")
    return dict(zip(agencies["member"], agencies["member_code"]))


def _cluster_agencies(rows: _Rows, name: str, code: str, members: pd.DataFrame | None,
                      province: str | None = None) -> pd.Series | None:
    """The code of the cluster's agency each row names (by its code or its name, in full or
    abbreviated; NaN where none), or None when the cluster has no agency. An agency (Sở Tài
    chính, Công an xã …) is in no official list: only the cluster file knows it."""
    agencies = _agency_names(members)
    if not agencies:
        return None
    codes = set(agencies.values())
    found = pd.Series(np.nan, index=rows.cells.index, dtype=object)
    if code in rows.cells:
        found = rows.text(code).where(lambda c: c.isin(codes))
    if name in rows.cells:
        named = apply_unique(rows.cells[name], lambda v: (hit[0] if (hit := match_agency(clean(v), agencies, province))
                                                          else np.nan))
        found = found.fillna(named)
    return found


def _member_hints(rows: _Rows, name: str, errors: pd.Series, members: pd.DataFrame) -> pd.Series:
    """A name that is no unit, said with the cluster's members it may mean ("Kbangg": có
    phải huyện Kbang?)."""
    if name not in rows.cells or not (errors != "").any():
        return errors
    bare = {name_key(strip_type_word(str(m))): str(m) for m in members["member"].drop_duplicates()}

    def hint(written: str) -> Term | str:
        key = name_key(strip_type_word(written))
        like = difflib.get_close_matches(key, list(bare), n=2, cutoff=0.6)
        return Term("did_you_mean", names=either([bare[k] for k in like])) if like else ""

    open_ = (errors != "") & ~apply_unique(errors, _suggests).astype(bool)  # the unit lists' own suggestion first
    hints = apply_unique(rows.text(name).where(open_, ""), lambda w: hint(w) if w else "")
    return apply_unique_pairs(errors, hints, lambda error, h: Term("with_hint", message=error, hint=h) if h else error)


def _suggests(error: object) -> bool:
    """Whether a unit list's error already names the units it may mean."""
    return isinstance(error, Term) and bool(error.values.get("hint"))


def _agency_hints(rows: _Rows, name: str, errors: pd.Series, members: pd.DataFrame | None) -> pd.Series:
    """In a khối, a name found neither in its list nor among units is said as a member the
    khối does not have, with the agencies it may mean ("Sở Tài chánh" -> Sở Tài chính)."""
    agencies = _agency_names(members)
    if not agencies or name not in rows.cells or not (errors != "").any():
        return errors
    listed = ", ".join(agencies)

    def said(written: str) -> Term:
        like = agencies_like(written, agencies)
        hint = Term("did_you_mean", names=either(like)) if like else Term("khoi_members", listed=listed)
        return Term("not_in_khoi", name=written, hint=hint)

    written = rows.text(name)
    return errors.where(errors == "", apply_unique(written.where(errors != "", ""), lambda w: said(w) if w else ""))


def _eras(rows: _Rows) -> pd.Series:
    """Which list of units each row's member comes from: a form says it by its report's
    year (a 2025 report repeating 2024 figures is still a new unit's); a table row by its
    ``era`` column where it has one ("mới", "sau sắp xếp"), else by its own year (2025
    and later: the units since the reform)."""
    if "_era" in rows.cells:
        given = rows.cells["_era"].to_numpy(dtype=object)
        if np.isin(given, ["old", "new"]).all():  # forms only: each row's period is given
            return rows.cells["_era"]
    given = rows.text("_era")
    if "era" in rows.cells:  # a table's own column; what it cannot be read as falls to the year
        written = rows.text("era")
        known = apply_unique(written, lambda v: (_eras_vocabulary().candidates(v) or ("",))[0])
        given = given.where(given != "", known)
    missing = given == ""
    if missing.any() and "year" in rows.cells:
        years = parse_years(rows.cells.loc[missing, "year"], last_year=dt.date.today().year + 1)[0]
        given[missing] = np.where((years.astype(float) >= FIRST_NEW_YEAR).fillna(False), "new", "old")
    return given.where(given != "", "old")


def _check_members(rows: _Rows, codes: pd.Series, gso: pd.Series, column: str, members: pd.DataFrame,
                   issues: _Issues) -> None:
    """A row of a unit that is not a member of the cluster in its year is refused, with the
    members it may have meant. A year the cluster file does not list takes the nearest
    listed year's members (a report repeats last year's figures)."""
    years, _ = parse_years(rows.cells["year"], last_year=dt.date.today().year + 1)
    listed = np.array(sorted(members["year"].unique()))
    year_values = years.astype(float).to_numpy()
    nearest = listed[np.abs(listed[None, :] - np.nan_to_num(year_values)[:, None]).argmin(axis=1)]
    pairs = pd.Series(nearest.astype(int).astype(str), index=codes.index) + PAIR_SEPARATOR + codes
    known = set(members["year"].astype(int).astype(str) + PAIR_SEPARATOR + members["member_code"])
    # A cluster formed after the reform: the old units its members were made of belong to it
    # for the years before (their figures are what restate turns into the members').
    if (members["year"].astype(int) >= FIRST_NEW_YEAR).any():
        parts = predecessors()
        known |= {f"{int(y)}{PAIR_SEPARATOR}{old}" for y, code in zip(members["year"], members["member_code"])
                  if int(y) >= FIRST_NEW_YEAR for old in parts.get(code, ())}
    outside = (codes != "") & years.notna() & ~pairs.isin(known)
    if not outside.any():
        return
    names = members.drop_duplicates("member_code").set_index("member_code")["member"]

    successors = members.drop_duplicates("member_code").set_index("member_code") \
        if "successor" in members else None

    def message(pair: str) -> Term | str:
        if not pair:
            return ""
        year, code = pair.split(PAIR_SEPARATOR)
        found = gso[codes == code].iloc[0] if (codes == code).any() else code
        if successors is not None and code in successors.index and successors.at[code, "successor"] \
                and int(year) >= successors.at[code, "successor_from"]:  # an agency named by a name it lost
            return Term("agency_renamed", name=found, code=code, successor=successors.at[code, "successor"],
                        year=year)
        in_year = members.loc[members["year"].astype(int) == int(year), "member_code"]
        guess = difflib.get_close_matches(name_key(str(found)), [name_key(str(names[c])) for c in in_year], n=2,
                                          cutoff=0.5)
        by_key = {name_key(str(names[c])): str(names[c]) for c in in_year}
        hint = Term("did_you_mean", names=either([by_key[g] for g in guess])) if guess else \
            Term("members_of_year", year=year, listed=", ".join(str(names[c]) for c in in_year))
        return Term("not_a_member_of_year", name=found, code=code, year=year, hint=hint)

    issues.reject_where(outside, column, "not_a_member", apply_unique(pairs.where(outside, ""), message))


def _years(rows: _Rows, issues: _Issues) -> pd.Series:
    years, errors = parse_years(rows.cells["year"])
    issues.reject(errors, "year", "bad_year")
    return years


def _sources(rows: _Rows) -> pd.Series:
    """The row's place in its file, followed by the document it cites, if any."""
    cited = rows.text("source")
    return rows.sources.where(cited == "", rows.sources + " ← " + cited)


def _unit_eras(rows: _Rows, codes: pd.Series, years: pd.Series) -> pd.Series:
    """The list each row's unit is of: what the form or an ``era`` column says, else the
    written name where it fits one list only ("Thị trấn Kon Dơng" in 2025), else the year."""
    given = _eras(rows)
    explicit = rows.text("_era").isin(["old", "new"]) | rows.text("era").ne("")
    if explicit.all():  # a form says its period for every row
        return given
    by_name = unit_eras(pd.DataFrame({"member_code": codes, "member": rows.text("member"),
                                      "year": years.fillna(0).astype(int)}))
    return given.where(explicit, by_name)


@lru_cache(maxsize=1)
def _eras_vocabulary() -> catalog.Vocabulary:
    return catalog.Vocabulary.from_reference("eras.csv")
