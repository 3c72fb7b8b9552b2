"""Award summaries: who conferred what on how many, by district or for the cluster.

The awards table of docs/design.md holds one row per award, recipient kind and place (a
district, or a whole cluster where the source gives only totals). Summaries keep the
conferring authority's rank (Chủ tịch nước first) so that tables and sentences list the
highest honours first, as the cluster's reports do.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.asked import require_years
from emulation_stats.core.errors import DataError, either
from emulation_stats.units.order import positions

BY = {"member": ["member_code", "member"], "cluster": ["cluster"]}
BY["district"] = BY["member"]  # the name before the reform issue


@dataclass
class AwardSummary:
    """What :func:`summarise_awards` returns.

    ``counts``: year × place × authority × award × recipient kind × posthumous, with the
    count and any law note; ``by_year``: each award's total per place and year with the
    change from the year before; ``law_notes``: the rows of ``counts`` the law (as
    catalogued) does not allow, kept as loaded (not a load's warnings: those are
    ``LoadReport.warnings``).
    """

    counts: pd.DataFrame
    by_year: pd.DataFrame
    law_notes: pd.DataFrame

    def _repr_html_(self) -> str:
        return self.counts.to_html(index=False)


def summarise_awards(awards: pd.DataFrame, year: int | list[int] | None = None, *, by: str = "cluster"
                     ) -> AwardSummary:
    """Count awards by authority × award × recipient kind for the cluster (``by="cluster"``,
    the default as in :func:`describe_awards` and the command: member rows and cluster-level
    rows together) or per member (``by="member"``). ``year`` (one or several) limits every
    table, ``by_year`` too (its change is still taken from the year before).

    >>> import emulation_stats as es
    >>> summary = summarise_awards(es.load_dataset("data/gia_lai_2017").awards, 2017, by="cluster")
    >>> int(summary.counts["count"].sum()), len(summary.law_notes)
    (132, 1)
    """
    if by not in BY:
        raise DataError("awards_by_unknown", allowed=either(list(BY)), by=by)
    missing = [c for c in ["year", "award", "authority", "recipient_kind", "count"] if c not in awards]
    if missing:
        raise DataError("table_columns_missing", what="summarise_awards", missing=", ".join(missing))
    years = None if year is None else ([year] if isinstance(year, int) else list(year))
    if years is not None:
        require_years(years, awards["year"].unique(), "khen thưởng")
    every = awards.assign(posthumous=awards.get("posthumous", False),
                          award_name=awards.get("award_name", awards["award"]))
    if by == "cluster":
        every = every.assign(cluster=every["cluster"].fillna("").replace("", "(không rõ cụm)"))
    rows = every if years is None else every[every["year"].isin(years)]
    place = BY[by]
    keys = ["year", *place, "authority", "award", "recipient_kind", "posthumous"]
    counts = (rows.groupby(keys, sort=False, dropna=False)
              .agg(count=("count", "sum"), award_name=("award_name", "first")).reset_index())
    counts["authority_rank"] = counts["authority"].map(_authority_ranks()).fillna(99).astype(int)
    notes = catalog.law_checks(counts["award"], counts["recipient_kind"], counts["posthumous"], counts["authority"])
    counts["law_note"] = notes.apply(lambda r: "; ".join(m for m in r if m), axis=1) if len(notes) else ""
    # Within an authority, awards keep the order the sources list them in.
    counts = _in_place_order(counts, ["year"], ["authority_rank"], place, awards.attrs)
    counts["count"] = counts["count"].astype("Int64")
    summary = AwardSummary(counts, _by_year(every, place, years),
                           counts[counts["law_note"] != ""].reset_index(drop=True))
    for frame in (summary.counts, summary.by_year, summary.law_notes):
        frame.attrs.update(awards.attrs)
    return summary


def _authority_ranks() -> pd.Series:
    return catalog.authorities().table["rank"].astype(int)


def _by_year(awards: pd.DataFrame, place: list[str], years: list[int] | None) -> pd.DataFrame:
    """Each award's total per place and year (all kinds), with the change from the
    place's previous year; only ``years`` are kept, the change is taken from all."""
    columns = [*place, "award", "award_name", "year", "count", "change"]
    if awards.empty:
        return pd.DataFrame(columns=columns)
    totals = (awards.groupby([*place, "award", "year"], sort=True, dropna=False)["count"].sum()
              .astype("Int64").reset_index())
    # the catalogue's name; an award it does not know keeps the name the office wrote
    written = awards.drop_duplicates("award").set_index("award")["award_name"]
    names = {k: catalog.award_display_name(k) if catalog.award_base(k) in catalog.awards() else written.get(k, k)
             for k in totals["award"].unique()}
    totals["award_name"] = totals["award"].map(names)
    # against the year before, not the row before: an award missing from a year the dataset has
    # awards for counts as none; a year it has no awards for at all leaves the change unknown
    before = totals.assign(year=totals["year"] + 1).rename(columns={"count": "_before"})
    totals = totals.merge(before[[*place, "award", "year", "_before"]], on=[*place, "award", "year"], how="left")
    known = totals["year"].sub(1).isin(set(awards["year"]))
    totals["change"] = (totals["count"] - totals["_before"].where(totals["_before"].notna(), 0)).where(
        totals["_before"].notna() | known).astype("Int64")
    totals = totals.drop(columns="_before")
    if years is not None:
        totals = totals[totals["year"].isin(years)]
    ranks = {k: _authority_ranks().get(_default_authority(k), 99) for k in totals["award"].unique()}
    totals = totals.assign(authority_rank=totals["award"].map(ranks))
    return _in_place_order(totals, [], ["authority_rank", "award", "year"], place, awards.attrs)[columns]


def _in_place_order(frame: pd.DataFrame, before: list[str], after: list[str], place: list[str],
                    attrs: dict) -> pd.DataFrame:
    """Sorted by ``before``, the place (members in the cluster's own order), then ``after``."""
    keyed = frame.assign(_place=positions(frame, order=attrs.get("member_order")) if "member" in place
                         else frame[place[0]])
    return keyed.sort_values([*before, "_place", *after], kind="stable").drop(columns="_place").reset_index(drop=True)


def _default_authority(key: str) -> str:
    base = catalog.award_base(key)
    return catalog.awards()[base]["authority"].split("|")[0] if base in catalog.awards() else ""
