"""Award summaries: who conferred what on how many, by district or for the cluster.

The awards table of DESIGN.md holds one row per award, recipient kind and place (a
district, or a whole cluster where the source gives only totals). Summaries keep the
conferring authority's rank (Chủ tịch nước first) so that tables and sentences list the
highest honours first, as the cluster's reports do.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import catalog
from .errors import DataError

BY = {"member": ["member_code", "member"], "cluster": ["cluster"]}
BY["district"] = BY["member"]  # the name before the reform issue


@dataclass
class AwardSummary:
    """What :func:`summarise_awards` returns.

    ``counts``: year × place × authority × award × recipient kind × posthumous, with the
    count and any law note; ``by_year``: each award's total per year with the change from
    the year before; ``warnings``: the rows the law (as catalogued) does not allow, kept as
    loaded.
    """

    counts: pd.DataFrame
    by_year: pd.DataFrame
    warnings: pd.DataFrame

    def _repr_html_(self) -> str:
        return self.counts.to_html(index=False)


def summarise_awards(awards: pd.DataFrame, year: int | list[int] | None = None, by: str = "member"
                     ) -> AwardSummary:
    """Count awards by authority × award × recipient kind × member (``by="member"``)
    or for the cluster (``by="cluster"``: member rows and cluster-level rows together).

    >>> import emulation_stats as es
    >>> summary = summarise_awards(es.load_dataset("data/gia_lai_2017").awards, 2017, by="cluster")
    >>> int(summary.counts["count"].sum()), len(summary.warnings)
    (132, 1)
    """
    if by not in BY:
        raise DataError(f"summarise_awards: by phải là {' hoặc '.join(BY)}, không phải '{by}'")
    missing = [c for c in ["year", "award", "authority", "recipient_kind", "count"] if c not in awards]
    if missing:
        raise DataError(f"summarise_awards: thiếu cột {', '.join(missing)}")
    rows = awards if year is None else awards[awards["year"].isin([year] if isinstance(year, int) else year)]
    rows = rows.assign(posthumous=rows.get("posthumous", False), award_name=rows.get("award_name", rows["award"]))
    if by == "cluster":
        rows = rows.assign(cluster=rows["cluster"].fillna("").replace("", "(không rõ cụm)"))
    place = BY[by]
    keys = ["year", *place, "authority", "award", "recipient_kind", "posthumous"]
    counts = (rows.groupby(keys, sort=False, dropna=False)
              .agg(count=("count", "sum"), award_name=("award_name", "first")).reset_index())
    counts["authority_rank"] = counts["authority"].map(_authority_ranks()).fillna(99).astype(int)
    notes = catalog.law_checks(counts["award"], counts["recipient_kind"], counts["posthumous"], counts["authority"])
    counts["law_note"] = notes.apply(lambda r: "; ".join(m for m in r if m), axis=1) if len(notes) else ""
    # Within an authority, awards keep the order the sources list them in.
    counts = counts.sort_values(["year", *place, "authority_rank"], kind="stable")
    counts = counts.reset_index(drop=True)
    counts["count"] = counts["count"].astype("Int64")
    summary = AwardSummary(counts, _by_year(awards, place), counts[counts["law_note"] != ""].reset_index(drop=True))
    for frame in (summary.counts, summary.by_year, summary.warnings):
        frame.attrs.update(awards.attrs)
    return summary


def _authority_ranks() -> pd.Series:
    return catalog.authorities().table["rank"].astype(int)


def _by_year(awards: pd.DataFrame, place: list[str]) -> pd.DataFrame:
    """Each award's total per year (all kinds), with the change from the previous year."""
    if awards.empty:
        return pd.DataFrame(columns=["award", "award_name", "year", "count", "change"])
    totals = awards.groupby(["award", "year"], sort=True)["count"].sum().astype("Int64").reset_index()
    names = {k: catalog.award_display_name(k) for k in totals["award"].unique()}
    totals["award_name"] = totals["award"].map(names)
    totals["change"] = totals.groupby("award")["count"].diff()
    ranks = {k: _authority_ranks().get(_default_authority(k), 99) for k in totals["award"].unique()}
    totals["authority_rank"] = totals["award"].map(ranks)
    return totals.sort_values(["authority_rank", "award", "year"]).drop(columns="authority_rank").reset_index(drop=True)


def _default_authority(key: str) -> str:
    base = catalog.award_base(key)
    return catalog.awards()[base]["authority"].split("|")[0] if base in catalog.awards() else ""
