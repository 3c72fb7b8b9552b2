"""One world per report year: a dataset's tables on the units in force in that year.

GSO reuses codes across the reform of 2025-07-01 (Xã Mang Yang, 23794, was thị trấn Kon
Dơng), and agencies were merged on 2025-03-01: a code alone never names one member across
years. :func:`view_for_year` is the one place where years meet. Every earlier year's
figures are restated onto the members of the report year — old communes through the
official conversion list (:mod:`emulation_stats.restate`), agencies through the dataset's
``successions.csv`` — each restated figure with the codes it was made of
(``restated_from``) and a note; what cannot be restated keeps its row with an empty value
and the reason. Where a member gives its own figure of an earlier year ("Thực hiện năm
2024" on its 2025 form), that figure is used and the restated sum only checked against it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError, Words, said_both
from emulation_stats.core.frames import WARNING_COLUMNS, apply_unique, empty_frame, key_codes
from emulation_stats.core.resources import read_reference
from emulation_stats.core.text import format_number, reported_decimals
from emulation_stats.units.lists import FIRST_NEW_YEAR
from emulation_stats.units.reform import conversion_parts
from emulation_stats.units.restate import RESTATED_COLUMNS, accept_member_names, old_label, restate_old, unit_eras

SUCCESSION_COLUMNS = ["old_code", "old_member", "new_code", "new_member", "from_date", "part"]
_FIGURE = ["member_code", "year", "indicator", "measure"]
_SUMMABLE = ("count", "amount")


def era_of_year(year: int) -> str:
    """The list of units a report of ``year`` is written on: "new" from 2025.

    >>> era_of_year(2024), era_of_year(2025)
    ('old', 'new')
    """
    return "new" if year >= FIRST_NEW_YEAR else "old"


def indicators_on_units(indicators: pd.DataFrame, year: int, *, members: pd.DataFrame | None = None,
                        successions: pd.DataFrame | None = None,
                        agencies: frozenset[str] = frozenset()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indicators on the units of ``year``, and the warnings of the sums checked.

    ``members`` (``member_code, member``): the cluster's members of ``year`` — only their
    rows are kept, under the cluster's spelling; without it, the units that have figures
    of ``year``. Returns the indicators columns plus ``restated_from``, ``note`` and ``era``.

    >>> df = pd.DataFrame({"member_code": ["23686", "23794", "23803", "23806", "23794"],
    ...                    "member": ["Đăk Yă", "Kon Dơng", "Đak Djrăng", "Hải Yang", "Xã Mang Yang"],
    ...                    "year": [2024, 2024, 2024, 2024, 2025], "indicator": "criminal_cases",
    ...                    "measure": "actual", "value": [5.0, 10.0, 12.0, 8.0, 34.0], "unit": "vụ", "source": "f"})
    >>> view, _ = indicators_on_units(df, 2025)
    >>> row = view[view["year"] == 2024].iloc[0]
    >>> row["member"], float(row["value"]), row["note"]
    ('Mang Yang', 35.0, 'tính lại từ thị trấn Kon Dơng, xã Đăk Yă, xã Đăk Djrăng, xã Hải Yang')
    """
    table = accept_member_names(indicators)
    target = era_of_year(year)
    code = table["member_code"].fillna("").astype(str)
    # An agency's code is the dataset's own (never a GSO code, the loader refuses that):
    # it is compared as itself, or through successions.csv, never through the unit lists.
    agency = code.isin(agencies | _succession_codes(successions)) | ~code.str.isdigit()
    era = unit_eras(table)  # read for the units only: agencies go through their successions
    parts = [_plain(table[(era == target) & ~agency])]
    if target == "new":
        parts.append(_described(restate_old(table[(era == "old") & ~agency].drop(columns="era", errors="ignore"))))
    parts += _agencies(table[agency], year, successions)
    view = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) \
        else _plain(table.iloc[:0])
    view, warnings = _own_figures_first(view)
    if members is not None:
        view = _members_only(view, members)
    elif len(view):
        view = view[view["member_code"].isin(set(view.loc[view["year"] == year, "member_code"]))]
    view = view.assign(era=target if target == "new" else view["year"].map(era_of_year))
    view = view.sort_values(["year", "member_code", "indicator", "measure"], kind="stable").reset_index(drop=True)
    view.attrs.update(indicators.attrs)
    return view, warnings


def _plain(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows already on the year's units, as they are (a view's rows keep what they say of
    where they came from)."""
    said = {c: rows[c].fillna("").astype(str) if c in rows else "" for c in RESTATED_COLUMNS}
    return rows.drop(columns=[c for c in (*RESTATED_COLUMNS, "era") if c in rows]).assign(**said, _own=True)


def _described(restated: pd.DataFrame) -> pd.DataFrame:
    """Restated rows with a note naming what each figure was made of."""
    if restated.empty:
        return restated.assign(_own=False)
    made_of = restated["restated_from"].fillna("").astype(str)
    # The old unit whose code the new one carries is named first (it is the one people know).
    labels = apply_unique(made_of + "|" + restated["member_code"].astype(str), _labels_own_first)
    note = restated["note"].fillna("").astype(str)
    described = note.where(note != "", ("tính lại từ " + labels).where(made_of != "", ""))
    return restated.assign(note=described, _own=False)


def _labels_own_first(pair: str) -> str:
    """"23686, 23794|23794" -> "thị trấn Kon Dơng, xã Đăk Yă": the old unit whose code the
    new one carries first."""
    codes, own = pair.rsplit("|", 1)
    return _labels_of_old_codes(", ".join(sorted(codes.split(", "), key=lambda c: c != own))) if codes else ""


def _labels_of_old_codes(codes: str) -> str:
    """"23686, 23794" -> "xã Hải Yang, thị trấn Kon Dơng"."""
    return ", ".join(old_label(c) for c in codes.split(", ") if c)


# --- agencies: the dataset's own successions -----------------------------------------------

def read_successions(path: str | Path) -> pd.DataFrame:
    """A dataset's ``successions.csv`` (``old_code, old_member, new_code, new_member,
    from_date, part``), codes as text; an empty table where there is none."""
    file = Path(path) / "successions.csv"
    if not file.is_file():
        return empty_frame(SUCCESSION_COLUMNS)
    table = pd.read_csv(file, dtype=str, keep_default_na=False).rename(columns=str.strip)
    missing = [c for c in SUCCESSION_COLUMNS if c not in table]
    if missing:
        raise DataError("succession_columns_missing", file=file, missing=", ".join(missing),
                        needed=", ".join(SUCCESSION_COLUMNS))
    table = table[SUCCESSION_COLUMNS].apply(lambda c: c.str.strip())
    table["part"] = table["part"].str.lower().isin(_PART_WORDS)
    # A date as an office writes it (01/7/2025) or as ISO; only its year is kept.
    dates = pd.to_datetime(table["from_date"], errors="coerce", format="mixed", dayfirst=True)
    table["from_year"] = dates.dt.year
    bad = table["from_year"].isna()
    if bad.any():
        raise DataError("succession_date_unreadable", file=file, date=table.loc[bad, "from_date"].iloc[0])
    table["from_year"] = table["from_year"].astype(int)
    return table


_PART_WORDS = {"part", "yes", "true", "1", "một phần", "mot phan", "x"}


def _succession_codes(successions: pd.DataFrame | None) -> frozenset[str]:
    if successions is None or successions.empty:
        return frozenset()
    return frozenset(successions["old_code"]) | frozenset(successions["new_code"])


def _agencies(rows: pd.DataFrame, year: int, successions: pd.DataFrame | None) -> list[pd.DataFrame]:
    """Agencies' figures: an agency that became another (before ``year``'s report) restated
    onto its successor; any other compared as itself."""
    if rows.empty:
        return []
    moves = _moves(successions, year)
    merged = rows.reset_index().merge(moves, left_on="member_code", right_on="old_code")
    merged = merged[merged["year"] < merged["from_year"]]  # figures of the years before the change
    moving = rows.index.isin(merged["index"])
    return [_plain(rows[~moving]), _restate_agencies(merged.drop(columns="index"))]


def _moves(successions: pd.DataFrame | None, year: int) -> pd.DataFrame:
    """Each old agency whose figures belong to a successor in ``year``'s view, followed
    through chains (A became B, then B became C): ``old_code, old_member, new_code,
    new_member, part, from_year`` (the old agency's figures of years before ``from_year``)."""
    columns = ["old_code", "old_member", "new_code", "new_member", "part", "from_year"]
    if successions is None or successions.empty:
        return pd.DataFrame(columns=columns)
    steps = successions[successions["from_year"] <= year][columns].reset_index(drop=True)
    final = steps.copy()
    for _ in range(len(steps)):  # each pass follows every chain one step further
        nxt = final.merge(steps, left_on="new_code", right_on="old_code", suffixes=("", "_next"))
        nxt = nxt[nxt["from_year_next"] > nxt["from_year"]].drop_duplicates("old_code")
        if nxt.empty:
            break
        follow = final["old_code"].isin(nxt["old_code"]) & final["new_code"].isin(nxt["old_code_next"])
        later = nxt.set_index("old_code")
        final.loc[follow, "new_code"] = final.loc[follow, "old_code"].map(later["new_code_next"])
        final.loc[follow, "new_member"] = final.loc[follow, "old_code"].map(later["new_member_next"])
        final.loc[follow, "part"] = final.loc[follow, "part"] | final.loc[follow, "old_code"].map(later["part_next"])
    return final


def _restate_agencies(merged: pd.DataFrame) -> pd.DataFrame:
    """Predecessor agencies' figures onto their successor: counts and amounts add up; a
    rate passes from a single whole predecessor only; a part cannot be restated."""
    if merged.empty:
        return _plain(merged.iloc[:0]).assign(_own=False)
    kind = merged["indicator"].map(catalog.indicators().table["kind"]).fillna("amount")
    merged = merged.assign(_kind=kind)
    keys = ["new_code", "year", "indicator", "measure"]
    grouped = merged.groupby(keys, sort=False)
    out = grouped.agg(member=("new_member", "first"), value=("value", lambda v: v.sum(min_count=len(v))),
                      n=("value", "size"), unit=("unit", "first"), kind=("_kind", "first"),
                      part=("part", "any"), source=("source", "; ".join),
                      restated_from=("old_code", ", ".join), names=("old_member", ", ".join)).reset_index()
    note = pd.Series("tính lại từ " + out["names"], index=out.index, dtype=object)
    rate = ~out["kind"].isin(_SUMMABLE) & (out["n"] > 1)
    note = note.where(~rate, "tỷ lệ của " + out["names"] + " không cộng được")
    note = note.where(~out["part"], "nhận một phần của " + out["names"] + ": không chia được số liệu")
    value = out["value"].where(~(rate | out["part"]))
    return pd.DataFrame({"member_code": out["new_code"], "member": out["member"], "year": out["year"],
                         "indicator": out["indicator"], "measure": out["measure"], "value": value,
                         "unit": out["unit"], "source": out["source"], "restated_from": out["restated_from"],
                         "note": note, "_own": False})


# --- a member's own figure first; the restated sum checked against it ---------------------

def _own_figures_first(view: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Where a figure is both the member's own and restated from its predecessors, the own
    one stays; where they differ beyond the precision reported, one warning per member and
    indicator names both figures and their files."""
    if view.empty:
        return view.drop(columns="_own"), empty_frame(WARNING_COLUMNS)
    own = view["_own"].to_numpy(dtype=bool)
    key = pd.Series(key_codes(view, _FIGURE), index=view.index)
    both = key.isin(np.intersect1d(key[own], key[~own])).to_numpy()
    if not both.any():
        return view.drop(columns="_own"), empty_frame(WARNING_COLUMNS)
    mine = view[both & own].assign(_key=key[both & own]).drop_duplicates("_key").set_index("_key")
    theirs = view[both & ~own].assign(_key=key[both & ~own]).drop_duplicates("_key").set_index("_key")
    theirs = theirs.reindex(mine.index)
    differs = _differs(mine["value"].astype(float), theirs["value"].astype(float))
    warnings = _difference_warnings(mine[differs], theirs[differs])
    return view[~(both & ~own)].drop(columns="_own"), warnings


def _differs(own: pd.Series, restated: pd.Series) -> pd.Series:
    """Whether two figures differ beyond the precision the member reported its own with."""
    decimals = apply_unique(own.fillna(0), reported_decimals).astype(float)
    tolerance = 0.5 * 10.0 ** (-decimals) + 1e-9
    return own.notna() & restated.notna() & ((own - restated).abs() > tolerance)


def _difference_warnings(mine: pd.DataFrame, theirs: pd.DataFrame) -> pd.DataFrame:
    if mine.empty:
        return empty_frame(WARNING_COLUMNS)
    table = catalog.indicators().table
    names = Words(*(mine["indicator"].map(table[f"name_{lang}"]).fillna(mine["indicator"]) for lang in ("vi", "en")))
    said = said_both("restated_differs_said", member=mine["member"].astype(str), indicator=names,
                     year=mine["year"].astype(str), measure=_measure_words(mine["measure"]),
                     own=mine["value"].map(format_number), source=mine["source"].astype(str),
                     parts=theirs["note"].str.removeprefix("tính lại từ "), restated=theirs["value"].map(format_number),
                     restated_source=theirs["source"].astype(str))
    frame = pd.DataFrame({"source": mine["source"].to_numpy(), "column": "", "code": "restated_differs",
                          "message": said.vi.to_numpy(), "message_en": said.en.to_numpy(),
                          "_group": (mine["member_code"] + "\x1f" + mine["indicator"]).to_numpy()})
    # One warning per member and indicator: the first figure that differs says it.
    return frame.drop_duplicates("_group").reindex(columns=WARNING_COLUMNS).reset_index(drop=True)


def _measure_words(measure: pd.Series) -> Words:
    words = read_reference("measures.csv").set_index("key")
    return Words(*(measure.map(words[f"name_{lang}"]).fillna(measure) for lang in ("vi", "en")))


def _members_only(view: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """The members' rows, under the cluster's spelling."""
    names = members.drop_duplicates("member_code").set_index("member_code")["member"]
    view = view[view["member_code"].isin(names.index)]
    return view.assign(member=view["member_code"].map(names).fillna(view["member"]))


# --- awards ---------------------------------------------------------------------------------

def awards_on_units(awards: pd.DataFrame, year: int, *, members: pd.DataFrame | None = None,
                    successions: pd.DataFrame | None = None,
                    agencies: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Awards by member across years on the members of ``year``: an award an old commune
    received is counted with the new unit it went into (wholly, or with the one member it
    went into in part); an agency's with its successor. Awards of units that went to no
    member stay, without a member, with a note. Columns: the awards' plus
    ``restated_from`` and ``note``."""
    table = accept_member_names(awards)
    if table.empty:
        return table.assign(restated_from="", note="")
    code = table["member_code"].fillna("").astype(str)
    agency = code.isin(agencies | _succession_codes(successions)) | ((code != "") & ~code.str.isdigit())
    era = unit_eras(table.assign(member=table["member"].fillna(""))).where(~agency, table["year"].map(era_of_year))
    target = era_of_year(year)
    moved = (era != target) & (code != "") & ~agency & (target == "new")
    out = table.assign(restated_from="", note="")
    if moved.any():
        parts = conversion_parts()
        wanted = set(members["member_code"]) if members is not None else None
        candidates = parts[parts["old_code"].isin(set(code[moved]))]
        if wanted is not None:
            candidates = candidates[candidates["new_code"].isin(wanted)]
        single = candidates.drop_duplicates("old_code", keep=False).set_index("old_code")["new_code"]
        new = code[moved].map(single)
        out.loc[moved, "restated_from"] = code[moved]
        out.loc[moved, "member_code"] = new.fillna("")
        out.loc[moved, "note"] = np.where(new.isna(), "đơn vị cũ không thuộc (hoặc thuộc nhiều) thành viên năm "
                                          + str(year), "tính lại từ " + code[moved].map(_labels_of_old_codes))
    moves = _moves(successions, year).drop_duplicates("old_code").set_index("old_code")
    hit = agency & code.isin(moves.index)
    hit &= table["year"] < code.map(moves["from_year"]).fillna(0)
    if hit.any():
        out.loc[hit, "restated_from"] = code[hit]
        out.loc[hit, "member_code"] = code[hit].map(moves["new_code"])
        out.loc[hit, "note"] = "tính lại từ " + code[hit].map(moves["old_member"])
    if members is not None:
        names = members.drop_duplicates("member_code").set_index("member_code")["member"]
        out["member"] = out["member_code"].map(names).fillna(out["member"])
    return out
