"""A province's folder: every cluster and khối of the year under one ``province.yaml``,
each loaded as the dataset it is; a group that cannot be loaded is said with its name and
never stops the others."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from emulation_stats.core.errors import DataError, Term
from emulation_stats.io.paths import display_path
from emulation_stats.io.yamlfile import read_yaml
from emulation_stats.load.dataset import Dataset, load_dataset

GROUP_ERROR_COLUMNS = ["group", "message", "message_en"]


@dataclass
class Province:
    """The groups of a province's review: ``datasets`` (group folder -> Dataset, in the
    board's order), ``meta`` (province.yaml), ``errors`` (the groups that could not be
    loaded at all: ``group, message, message_en``).

    >>> province = load_province("data/sample_province")
    >>> len(province.datasets), province.year, province.illustrative
    (13, 2025, True)
    """

    path: Path
    meta: dict[str, object]
    datasets: dict[str, Dataset] = field(default_factory=dict)
    errors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=GROUP_ERROR_COLUMNS))

    @property
    def name(self) -> str:
        return str(self.meta.get("name", ""))

    @property
    def year(self) -> int:
        """The year the board reviews: province.yaml's ``year``, else the groups' latest."""
        if self.meta.get("year") is not None:
            return int(self.meta["year"])
        years = [d.latest_year for d in self.datasets.values() if d.latest_year is not None]
        if not years:
            raise DataError("province_no_year", folder=display_path(self.path))
        return max(years)

    @property
    def illustrative(self) -> bool:
        """True when province.yaml or any group says its figures are made up."""
        return bool(self.meta.get("illustrative")) or any(d.illustrative for d in self.datasets.values())

    @property
    def rules(self) -> dict[str, object]:
        """The board's rules (province.yaml's ``rules``)."""
        return dict(self.meta.get("rules") or {})

    def groups(self) -> pd.DataFrame:
        """One row per group: ``group`` (its folder), ``name`` (the cluster or khối),
        ``kind`` ("cluster" or "khoi"), ``members`` (in the year), ``rows_loaded``,
        ``rejected``, ``warnings``, ``loaded`` (False for a group that could not be read)."""
        rows = []
        for group, dataset in self.datasets.items():
            clusters = dataset.clusters
            members = clusters[clusters["year"] == self.year] if len(clusters) else clusters
            rows.append({"group": group, "name": str(dataset.meta.get("cluster") or group),
                         "kind": group_kind(dataset), "members": int(members["member_code"].nunique()),
                         "rows_loaded": dataset.report.rows_loaded, "rejected": len(dataset.report.rejected),
                         "warnings": len(dataset.report.warnings), "loaded": True})
        rows += [{"group": g, "name": g, "kind": "", "members": 0, "rows_loaded": 0, "rejected": 0, "warnings": 0,
                  "loaded": False} for g in self.errors["group"]]
        return pd.DataFrame(rows, columns=["group", "name", "kind", "members", "rows_loaded", "rejected", "warnings",
                                           "loaded"])

    def error_messages(self, *, lang: str = "vi") -> pd.Series:
        """Why each group in ``errors`` could not be loaded, in ``lang``, its name first."""
        return self.errors["message_en" if lang == "en" else "message"]

    def __repr__(self) -> str:
        return (f"Province({self.name!r}, {self.year}: {len(self.datasets)} groups loaded"
                f"{f', {len(self.errors)} not' if len(self.errors) else ''})")


def group_kind(dataset: Dataset) -> str:
    """"khoi" for a khối of agencies (its member list says so), "cluster" for a cụm of units."""
    members = dataset.clusters
    return "khoi" if "member_type" in members and (members["member_type"] == "agency").any() else "cluster"


def load_province(path: str | Path, *, year: int | None = None) -> Province:
    """Load a province folder: ``province.yaml`` (province, year, the board's rules; its
    shape in ``data/reference/yaml_structure.csv``) and one dataset folder per cluster or
    khối — the ``groups`` it lists, else every sub-folder with a ``dataset.yaml``.

    A group that cannot be loaded (a broken dataset.yaml, a missing folder) is kept in
    ``errors`` with its name and why; the others load. ``year`` (else province.yaml's) is
    the year of a file that writes none.

    >>> load_province("data/sample_province").groups()["kind"].value_counts().to_dict()
    {'cluster': 12, 'khoi': 1}
    """
    path = Path(path)
    if not path.is_dir():
        raise DataError("province_folder_missing", folder=str(path))
    if not (path / "province.yaml").is_file():
        raise DataError("province_yaml_missing", folder=display_path(path))
    meta = read_yaml(path / "province.yaml", "province")
    _check_meeting(meta.get("meeting") or {})
    _check_rules(meta)
    if meta.get("year") is not None:
        meta["year"] = _year(meta["year"])
    year = year if year is not None else meta.get("year")
    folders = sorted(p.name for p in path.iterdir() if (p / "dataset.yaml").is_file())
    listed = [str(g) for g in meta.get("groups") or []]
    groups = listed or folders
    province = Province(path, meta)
    errors = []
    for group in groups:
        try:
            _check_group_folder(path, group, [f for f in folders if f not in listed])
            dataset = load_dataset(path / group, year=year)
            _check_group_year(dataset, year)
            province.datasets[group] = dataset
        except DataError as error:  # this group's problem; the others are still the board's to see
            province_error = DataError("province_group_unreadable", group=group, why=error.as_term())
            errors.append((group, str(province_error), province_error.in_language("en")))
    province.errors = pd.DataFrame(errors, columns=GROUP_ERROR_COLUMNS)
    return province


MEETING_COUNTS = ("members", "present", "in_favour")  # numbers of people the báo cáo says of the board's meeting


def _check_meeting(meeting: dict) -> None:
    """The board's meeting as province.yaml gives it: each count a number of people, the
    ones present no more than the members, those in favour no more than the present."""
    for key in MEETING_COUNTS:
        value = meeting.get(key)
        if isinstance(value, str) and value.strip().isdigit():  # "7" quoted is seven people
            meeting[key] = value = int(value)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise DataError("province_meeting_count", entry=f"meeting.{key}", value=value)
    counts = [meeting.get(key) for key in MEETING_COUNTS]
    if all(c is not None for c in counts) and not counts[0] >= counts[1] >= counts[2]:
        raise DataError("province_meeting_counts_disagree", members=counts[0], present=counts[1], in_favour=counts[2])


def share_cap(value: object) -> float:
    """The Government flag's share cap as a fraction of the province's flags: 0.2, "0,2" or
    "20%" (as a board writes it); a number above 1 or not a share at all is refused.

    >>> share_cap("20%"), share_cap(0.2), share_cap("0,25")
    (0.2, 0.2, 0.25)
    """
    text = str(value).strip().replace(",", ".")
    percent = text.endswith("%")
    try:
        share = float(text.rstrip("%").strip()) / (100 if percent else 1)
    except ValueError:
        share = float("nan")
    if isinstance(value, bool) or not 0 < share <= 1:
        raise DataError("province_share_cap", value=value)
    return share


def _year(value: object) -> int:
    if isinstance(value, bool) or not str(value).strip().isdigit():
        raise DataError("province_year_not_a_year", value=value)
    return int(str(value).strip())


FLAG_RULE_ENTRIES = ("share_cap", "ranking", "legal_basis")


def _check_rules(meta: dict) -> None:
    """The board's rule for the Government's flag as the báo cáo applies it: its entries
    named as the README names them (a misspelt one would leave the default in silence),
    the share cap a share."""
    rules = meta.get("rules") or {}
    flag_rule = rules.get("government_flag") if isinstance(rules, dict) else None
    if not isinstance(flag_rule, dict):
        return
    unknown = [str(k) for k in flag_rule if k not in FLAG_RULE_ENTRIES]
    if unknown:
        raise DataError("province_rule_entry_unknown", entries=", ".join(unknown), known=", ".join(FLAG_RULE_ENTRIES))
    if flag_rule.get("share_cap") is not None:
        flag_rule["share_cap"] = share_cap(flag_rule["share_cap"])


def _check_group_folder(path: Path, group: str, unlisted: list[str]) -> None:
    """A group province.yaml lists is a dataset folder; a folder that is not there is said
    with the unlisted dataset folders its name is close to (a misspelt name)."""
    import difflib

    if (path / group / "dataset.yaml").is_file():
        return
    if not (path / group).is_dir():
        close = difflib.get_close_matches(group, unlisted, n=3, cutoff=0.6)
        raise DataError("province_group_missing", group=group,
                        close=Term("province_group_close", names=", ".join(close)) if close else "")
    raise DataError("province_group_not_a_dataset", folder=display_path(path / group))


def _check_group_year(dataset: Dataset, year: object) -> None:
    """A group without members in the board's year is said with the years it has."""
    if year is None or not len(dataset.clusters):
        return
    years = sorted({int(y) for y in dataset.clusters["year"].dropna()})
    if int(year) not in years:
        raise DataError("province_group_no_year", year=year, years=", ".join(map(str, years)))
