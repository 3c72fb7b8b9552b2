"""Blank report forms for the members to fill in and send back (``emulation-stats forms``).

One indicator form and one award form per member for a year: the dataset's own
indicators (else the catalogue's) with their names and units, last year's figures filled
in where the dataset has them, figure cells that take numbers only, everything else
locked, and a signature block that names nobody. What comes back loads with
``load_dataset`` as it is.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError
from emulation_stats.core.resources import read_reference
from emulation_stats.core.text import fold
from emulation_stats.io.award_templates import write_award_summary
from emulation_stats.io.templates import FormLayout, write_indicator_form
from emulation_stats.load.dataset import ILLUSTRATIVE_MARK, Dataset
from emulation_stats.units.lists import strip_type_word
from emulation_stats.units.naming import place


def write_blank_forms(dataset: Dataset, year: int, out_dir: str | Path) -> list[Path]:
    """Write ``indicators/`` and ``awards/`` forms for every member of ``year`` into ``out_dir``.

    >>> import tempfile
    >>> from emulation_stats import load_dataset
    >>> paths = write_blank_forms(load_dataset("data/sample"), 2025, tempfile.mkdtemp())
    >>> len(paths), paths[0].parent.name
    (12, 'indicators')
    """
    members, listed_year = _members(dataset, year)
    view = dataset.on_units(listed_year)  # last year's figures on this year's members, restated where needed
    out = Path(out_dir)
    indicators = _indicator_list(dataset)
    note = f"({ILLUSTRATIVE_MARK})" if dataset.illustrative and len(dataset.indicators) else ""
    awards = _award_rows()
    paths = []
    for code, name in members.items():
        label, slug = place(name, code), f"{year}_{code}_{_slug(strip_type_word(name))}"
        figures = _known_figures(view, indicators, code, year)
        layout = FormLayout(comparison=False, blank=True, note=note)
        paths.append(write_indicator_form(out / "indicators" / f"bieu_chi_tieu_{slug}.xlsx",
                                          district=label, year=year, figures=figures, layout=layout))
        paths.append(write_award_summary(out / "awards" / f"bieu_khen_thuong_{slug}.xlsx", district=label,
                                         year=year, awards=awards, blank=True, totals_row=False))
    return sorted(paths, key=lambda p: (p.parent.name != "indicators", p.name))


def _members(dataset: Dataset, year: int) -> tuple[dict[str, str], int]:
    """The members of ``year`` (the nearest year the cluster file lists) and that year."""
    clusters = dataset.clusters
    if clusters.empty:
        raise DataError("forms_no_members", folder=dataset.path)
    years = clusters["year"].astype(int)
    nearest = int(years.iloc[(years - year).abs().argsort().iloc[0]])
    rows = clusters[years == nearest].drop_duplicates("member_code")
    return dict(zip(rows["member_code"], rows["member"])), nearest


def _indicator_list(dataset: Dataset) -> pd.DataFrame:
    """``indicator, unit`` of the dataset's own indicators in catalogue order, else the catalogue's."""
    table = catalog.indicators().table
    own = dataset.indicators
    if own.empty:
        return pd.DataFrame({"indicator": table.index, "unit": table["unit"].to_numpy()})
    order = {k: i for i, k in enumerate(table.index)}
    names = own["indicator_name"] if "indicator_name" in own else pd.Series("", index=own.index)
    listed = pd.DataFrame({"key": own["indicator"], "name": names.fillna(""), "unit": own["unit"]})
    listed = listed.drop_duplicates("key").assign(_order=lambda f: f["key"].map(order).fillna(len(order)))
    listed = listed.sort_values(["_order", "key"], kind="stable")
    # A form names an indicator outside the catalogue as the office wrote it.
    return pd.DataFrame({"indicator": listed["name"].where(listed["name"] != "", listed["key"]).to_numpy(),
                         "unit": listed["unit"].to_numpy()})


def _known_figures(dataset: Dataset, indicators: pd.DataFrame, code: str, year: int) -> pd.DataFrame:
    """The form's rows: last year's actual figures where the dataset has them, the rest empty."""
    known = dataset.indicators
    known = known[(known["member_code"] == code) & (known["year"] == year - 1) & (known["measure"] == "actual")]
    names = known["indicator_name"].where(known["indicator_name"] != "", known["indicator"]) \
        if "indicator_name" in known else known["indicator"]
    last = dict(zip(names, known["value"]))
    rows = [{"indicator": i, "unit": u, "year": y, "measure": m, "value": last.get(i, float("nan")) if y < year
             else float("nan")}
            for i, u in zip(indicators["indicator"], indicators["unit"])
            for y, m in ((year - 1, "actual"), (year, "plan"), (year, "actual"))]
    return pd.DataFrame(rows)


def _award_rows() -> pd.DataFrame:
    listed = read_reference("blank_award_form.csv")
    return pd.DataFrame({"award": listed["award"], "authority": listed["authority"],
                         "recipient_kind": "collective", "count": float("nan"), "posthumous": False})


def _slug(name: str) -> str:
    return "_".join(fold(name).split())
