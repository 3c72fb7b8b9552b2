"""A dataset folder (docs/design.md layout) loaded in one call."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError
from emulation_stats.core.frames import empty_frame
from emulation_stats.core.phrases import ILLUSTRATIVE_MARK  # noqa: F401 - re-exported: the mark's one definition is in wording
from emulation_stats.core.text import fold
from emulation_stats.io.yamlfile import read_yaml
from emulation_stats.load.issues import COLUMNS
from emulation_stats.load.loaders import load_assessments, load_awards, load_clusters, load_indicators, load_votes
from emulation_stats.load.report import LoadReport
from emulation_stats.load.rubric import Rubric
from emulation_stats.units.lists import strip_type_word
from emulation_stats.units.order import member_order
from emulation_stats.units.view import SUCCESSION_COLUMNS, awards_on_units, indicators_on_units, read_successions


@dataclass
class Dataset:
    """Everything of one cluster's dataset, each table as loaded, and what the load met:
    ``report`` for the whole dataset, ``reports_by_table`` one per table."""

    path: Path
    meta: dict[str, object]  # dataset.yaml's content
    clusters: pd.DataFrame
    indicators: pd.DataFrame
    awards: pd.DataFrame
    assessments: pd.DataFrame
    votes: pd.DataFrame
    rubric: Rubric | None
    report: LoadReport
    reports_by_table: dict[str, LoadReport] = field(default_factory=dict)
    successions: pd.DataFrame = field(default_factory=lambda: empty_frame(SUCCESSION_COLUMNS))
    units_year: int | None = None  # the report year whose units the tables are on (a view), else None
    _views: dict[int, Dataset] = field(default_factory=dict, repr=False, compare=False)

    @property
    def illustrative(self) -> bool:
        """True when the figures are made up for demonstration (dataset.yaml says so)."""
        return bool(self.meta.get("illustrative", True))

    @property
    def latest_year(self) -> int:
        """The latest year with actual figures, else with awards: the year a review is of
        unless told otherwise (one definition for the score, the pack and the command)."""
        actual = self.indicators[self.indicators["measure"] == "actual"]
        years = actual["year"] if len(actual) else self.awards["year"]
        if len(years) == 0:
            raise DataError("dataset_no_figures", folder=self.path)
        return int(years.max())

    def unread_members(self, year: int | None = None) -> pd.DataFrame:
        """Whose data a file that could not be read holds (``file, table, member_code,
        member, named``): the member its name names (``named`` True: a code or a name in
        the file name), else every member of ``year`` that has no row of that table.

        >>> load_dataset("data/sample").unread_members().empty
        True
        """
        columns = ["file", "table", "member_code", "member", "named"]
        errors = self.report.errors
        if errors.empty or self.clusters.empty:
            return pd.DataFrame(columns=columns)
        year = year if year is not None else int(self.clusters["year"].max())
        members = self.clusters[self.clusters["year"] == year].drop_duplicates("member_code")
        if members.empty:
            members = self.clusters.sort_values("year").drop_duplicates("member_code", keep="last")
        table_of = {f: t for t, r in self.reports_by_table.items() for f in r.errors["file"]}
        rows = []
        for file in errors["file"]:
            table = table_of.get(file, "")
            named = members[[_names_member(str(file), code, name) for code, name in
                             zip(members["member_code"], members["member"])]]
            if named.empty and table:
                frame = getattr(self, table)
                held = set(frame.loc[frame["year"] == year, "member_code"]) if "year" in frame else set()
                named = members[~members["member_code"].isin(held)]
                rows += [(file, table, c, m, False) for c, m in zip(named["member_code"], named["member"])]
            else:
                rows += [(file, table, c, m, True) for c, m in zip(named["member_code"], named["member"])]
        return pd.DataFrame(rows, columns=columns)

    def on_units(self, year: int) -> Dataset:
        """The dataset on the units of ``year``: the one way years meet. Every earlier year's
        figures restated onto ``year``'s members (old communes through the official
        conversion list, agencies through ``successions.csv``), with ``restated_from`` and
        a ``note``; what cannot be restated kept empty with the reason; a member's own
        figure of an earlier year used before the restated sum, which is only checked
        against it (a difference is a warning in ``report``). Other tables as they are,
        awards counted with the member they belong to now.

        >>> ds = load_dataset("data/sample_2026")
        >>> view = ds.on_units(2025)
        >>> row = view.indicators.query("member == 'Xã Mang Yang' and year == 2024 and indicator == 'criminal_cases'")
        >>> float(row["value"].iloc[0]), row["note"].iloc[0]
        (35.0, 'tính lại từ thị trấn Kon Dơng, xã Đăk Yă, xã Đăk Djrăng, xã Hải Yang')
        >>> sorted(set(view.indicators["member_code"])) == sorted(set(ds.clusters.query("year == 2025")["member_code"]))
        True
        """
        year = int(year)
        if self.units_year == year:
            return self
        if year not in self._views:
            listed = self.clusters[self.clusters["year"] == year]
            members = listed if len(listed) else None  # no list for the year: its units with figures
            agencies = frozenset(self.clusters.loc[self.clusters["member_type"] == "agency", "member_code"]) \
                if "member_type" in self.clusters else frozenset()
            options = {"members": members, "successions": self.successions, "agencies": agencies}
            indicators, warnings = indicators_on_units(self.indicators, year, **options)
            awards = awards_on_units(self.awards, year, **options)
            if len(listed):  # the year's members in the order the cluster lists them that year
                for frame in (indicators, awards):
                    frame.attrs["member_order"] = member_order(self.clusters, year)
            report = self.report + LoadReport(warnings=warnings) if len(warnings) else self.report
            self._views[year] = replace(self, indicators=indicators, awards=awards, report=report, units_year=year,
                                        _views={})
        return self._views[year]

    @property
    def name(self) -> str:
        return str(self.meta.get("name", self.path.name))

    @cached_property
    def recipients(self) -> pd.DataFrame:
        """The awards one row per recipient where the offices sent decision lists (name,
        position, decision, date); summary-table rows keep their counts. Read on first use.

        >>> ds = load_dataset("data/sample")
        >>> int(ds.recipients["count"].sum()) == int(ds.awards["count"].sum())
        True
        """
        folder = self.path / "awards"
        if not folder.exists():
            return empty_frame(COLUMNS["awards"])
        province = _province(self.meta)
        return load_awards(folder, province=province, display_names=display_names(self.clusters),
                           cluster=self.meta.get("cluster"), by_recipient=True)[0]

    def __repr__(self) -> str:
        flag = " (illustrative)" if self.illustrative else ""
        parts = ", ".join(f"{k}={len(getattr(self, k))}" for k in COLUMNS)
        return f"Dataset({self.name!r}{flag}: {parts})"


def _names_member(file: str, code: str, name: str) -> bool:
    """Whether a file's name names a member: its code as a word ("chi_tieu_2024_22750"), or
    its name without the unit's type, spaced or run together ("KrongPac", "kbang")."""
    stem = fold(Path(file).stem.replace("_", " ").replace("-", " "))
    if code and re.search(rf"(?<![0-9A-Za-z]){re.escape(fold(str(code)))}(?![0-9A-Za-z])", stem):
        return True
    bare = fold(strip_type_word(str(name)))
    return bool(bare) and (f" {bare} " in f" {stem} " or bare.replace(" ", "") in stem.replace(" ", ""))


def read_meta(path: Path) -> dict[str, object]:
    """Read and check ``dataset.yaml`` (its shape: ``data/reference/yaml_structure.csv``)."""
    meta_file = path / "dataset.yaml"
    if not meta_file.is_file():
        raise DataError("dataset_no_yaml", folder=path)
    return read_yaml(meta_file, "dataset")


def _part(path: Path, *names: str) -> list[Path]:
    return [path / n for n in names if (path / n).exists()]


def load_dataset(path: str | Path, *, year: int | None = None) -> Dataset:
    """Load a dataset folder: dataset.yaml, clusters.csv, indicators/, awards/,
    assessments/, votes.csv, rubric.yaml, and indicators.csv — the dataset's own
    indicators, added to the catalogue (all but dataset.yaml optional). ``year`` (else
    dataset.yaml's ``year:``) is the year of a file that writes none anywhere.

    >>> ds = load_dataset("data/gia_lai_2017")
    >>> ds.report.rows_read == ds.report.rows_loaded + len(ds.report.rejected)
    True
    """
    path = Path(path)
    meta = read_meta(path)
    province = _province(meta)
    cluster = meta.get("cluster")
    default_year = year if year is not None else _given_year(meta)
    reports: dict[str, LoadReport] = {}
    tables: dict[str, pd.DataFrame] = {}

    def run(table: str, loader, files: list[Path], **kwargs) -> None:
        if files:
            tables[table], reports[table] = loader(files, year=default_year, **kwargs)
        else:
            tables[table], reports[table] = empty_frame(COLUMNS[table]), LoadReport()

    _add_own_indicators(path)  # before the rubric and the forms name them
    rubric = _read_rubric(path)
    run("clusters", load_clusters, _part(path, "clusters.csv", "clusters"), province=province)
    display = display_names(tables["clusters"])
    # Every table is held to the cluster file: a unit that is no member that year is refused.
    successions = read_successions(path)
    members = _with_successors(tables["clusters"], successions)
    run("indicators", load_indicators, _part(path, "indicators"), province=province,
        display_names=display, members=members)
    run("awards", load_awards, _part(path, "awards"), province=province, display_names=display,
        cluster=cluster, members=members)
    run("assessments", load_assessments, _part(path, "assessments"), province=province,
        cluster=cluster, members=members, rubric=rubric)
    run("votes", load_votes, _part(path, "votes.csv", "votes"), province=province, cluster=cluster,
        members=members)
    order = member_order(tables["clusters"])
    for frame in tables.values():  # charts and reports read these to mark and cite the data, and list members
        frame.attrs.update(describe_source(meta), member_order=order)
    total = sum(reports.values(), LoadReport())
    return Dataset(path, meta, tables["clusters"], tables["indicators"], tables["awards"],
                   tables["assessments"], tables["votes"],
                   Rubric.from_dict(rubric, where="rubric.yaml") if rubric is not None else None, total, reports,
                   successions=successions)


def file_context(path: str | Path, table: str) -> dict[str, object]:
    """What a loader needs to read one file of a dataset as the dataset reads it — its
    province, members (an agency is found by the khối's own names), rubric, the year
    dataset.yaml gives and the dataset's own indicators — when the file sits in a dataset
    folder (dataset.yaml up to three folders above it); empty otherwise.

    >>> sorted(file_context("data/sample/votes.csv", "votes"))
    ['members', 'province', 'year']
    """
    here = Path(path).resolve()
    folder = next((f for f in list(here.parents)[:3] if (f / "dataset.yaml").is_file()), None)
    if folder is None:
        return {}
    meta = read_meta(folder)
    _add_own_indicators(folder)
    context: dict[str, object] = {"province": _province(meta), "year": _given_year(meta)}
    clusters = _part(folder, "clusters.csv", "clusters")
    if clusters and table != "clusters":
        members = load_clusters(clusters, province=_province(meta))[0]
        context["members"] = _with_successors(members, read_successions(folder))
    if table == "assessments":
        context["rubric"] = _read_rubric(folder)
    return context


def _province(meta: Mapping[str, object]) -> str:
    return str(meta.get("province_code") or meta["province"])


def _given_year(meta: Mapping[str, object]) -> int | None:
    """dataset.yaml's ``year:``: the year of a file that writes none."""
    return int(meta["year"]) if meta.get("year") else None


def _add_own_indicators(folder: Path) -> None:
    """A khối's own indicators (indicators.csv beside dataset.yaml) into the catalogue."""
    own = folder / "indicators.csv"
    if own.is_file():
        catalog.add_indicators(catalog.read_own_indicators(own), str(own))


def _with_successors(clusters: pd.DataFrame, successions: pd.DataFrame) -> pd.DataFrame:
    """The members with, for an agency that became another, what a row naming it after the
    change is told ("nay là Sở Tài chính (mã STC) từ 01/03/2025")."""
    members = clusters[["year", "member_code", "member", "member_type"]]
    if successions.empty:
        return members
    moved = successions[successions["old_code"] != successions["new_code"]].drop_duplicates("old_code")
    said = ("không còn từ " + pd.to_datetime(moved["from_date"]).dt.strftime("%d/%m/%Y") + "; nay là "
            + moved["new_member"] + " (mã " + moved["new_code"] + ")")
    successor = pd.Series(said.to_numpy(), index=moved["old_code"].to_numpy())
    since = pd.Series(moved["from_year"].to_numpy(), index=moved["old_code"].to_numpy())
    return members.assign(successor=members["member_code"].map(successor).fillna(""),
                          successor_from=members["member_code"].map(since).fillna(9999).astype(int))


def describe_source(meta: Mapping[str, object]) -> dict[str, object]:
    """What every table of a dataset carries in ``DataFrame.attrs``: ``illustrative``,
    ``dataset`` and ``source`` (the text of a chart's source line)."""
    sources = [s for s in meta.get("sources") or [] if isinstance(s, dict)]
    cited = "; ".join(_cite(s) for s in sources)
    english = "; ".join(_cite({**s, "title": s.get("title_en") or s.get("title", "")}) for s in sources)
    return {"illustrative": bool(meta.get("illustrative", True)), "dataset": str(meta.get("name", "")),
            "source": cited or str(meta.get("title", meta.get("name", ""))), "source_en": english or cited}


def _cite(source: dict[str, Any]) -> str:
    title = " ".join(str(source.get("title", "")).split())
    extra = ", ".join(str(source[k]) for k in ("publisher", "published") if source.get(k))
    return f"{title} ({extra})" if extra else title


def display_names(clusters: pd.DataFrame) -> dict[str, str]:
    """The latest spelling the cluster file gives for each member's code."""
    if clusters.empty:
        return {}
    latest = clusters.sort_values("year").drop_duplicates("member_code", keep="last")
    return dict(zip(latest["member_code"], latest["member"]))


def _read_rubric(path: Path) -> dict[str, Any] | None:
    """rubric.yaml's content (the assessments' loader reads its criteria's names from it)."""
    rubric_file = path / "rubric.yaml"
    return read_yaml(rubric_file, "rubric") if rubric_file.is_file() else None
