"""The province's yearly award statistics on the forms of Thông tư 2/2023/TT-BNV: biểu
0602.N (state awards) and 0603.N (awards of ministries, sectors and provinces), counted
from the award rows of every group, each cell with the rows it counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError
from emulation_stats.core.frames import apply_unique
from emulation_stats.core.resources import read_reference, split_aliases
from emulation_stats.load.dedupe import join_sources
from emulation_stats.load.province import Province
from emulation_stats.units.lists import unit_by_code

CIRCULAR = "Thông tư số 2/2023/TT-BNV"  # the Interior Ministry's circular the two forms come with

FORMS = {"0602": ("Biểu số 0602.N/BNV-TĐKT", "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC",
                  "State awards (form 0602.N)"),
         "0603": ("Biểu số 0603.N/BNV-TĐKT", "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, TỈNH",
                  "Awards of ministries, sectors and provinces (form 0603.N)")}
KINDS = {"collective": "Tập thể", "individual": "Cá nhân"}  # a household is counted with the collectives
ROW_TOTAL = "Tổng số"


@dataclass
class StatisticsForm:
    """One form of a year: ``table`` in the form's layout (a row per line — the total, each
    proposing group, each kind of member — and for each award column its collectives and
    individuals), ``cells`` the same counts tidy with the rows they count (``line, column,
    kind, count, rows, sources``: how many award rows, and where each is)."""

    form: str
    year: int
    province: str
    table: pd.DataFrame
    cells: pd.DataFrame
    illustrative: bool
    groups: list[str]  # the lines of the proposing groups; the lines after them are kinds of member
    # award rows whose award the catalogue does not know, so in no column: for the board to check
    # (``group_name, award_name, recipient_kind, count, source``)
    unknown: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def code(self) -> str:
        return FORMS[self.form][0]

    @property
    def title(self) -> str:
        return FORMS[self.form][1]


@lru_cache(maxsize=1)
def _columns() -> pd.DataFrame:
    return read_reference("statistics_forms.csv")


def form_column(award: str, form: str) -> str:
    """The column of ``form`` an award key is counted in ("" for none): by its catalogue
    key, else by its category (every order is a "Huân chương").

    >>> form_column("order_labour_3", "0602"), form_column("certificate_province", "0603")
    ('Huân chương', 'Bằng khen cấp bộ, ngành, tỉnh')
    """
    base = catalog.award_base(award)
    category = catalog.awards()[base]["category"] if base in catalog.awards() else ""
    for column, keys, categories in _columns()[_columns()["form"] == form][["column", "awards", "categories"]].values:
        if base in split_aliases(keys) or (category and category in split_aliases(categories)):
            return column
    return ""


def applies(form: str, column: str, kind: str) -> bool:
    """Whether any award of a form's column can go to ``kind`` ("Tập thể", "Cá nhân"): a
    cell that cannot is marked "x" on the form, never a 0 that could be a count.

    >>> applies("0602", "Cờ thi đua của Chính phủ", "Cá nhân"), applies("0602", "Huân chương", "Cá nhân")
    (False, True)
    """
    wanted = {"Tập thể": {"collective", "household"}, "Cá nhân": {"individual"}}[kind]
    row = _columns()[(_columns()["form"] == form) & (_columns()["column"] == column)].iloc[0]
    keys, categories = set(split_aliases(row["awards"])), set(split_aliases(row["categories"]))
    table = catalog.awards().table
    matching = table[table.index.isin(keys) | table["category"].isin(categories)]
    return any(wanted & set(split_aliases(r)) for r in matching["recipients"])


def award_statistics(province: Province, *, year: int | None = None, form: str = "0603") -> StatisticsForm:
    """Biểu ``form`` ("0602" or "0603") of ``year`` (default the province's) from the award
    rows of every group: lines "Tổng số", each group (the cluster or khối that proposed),
    each kind of member (xã, phường, cơ quan); for each award column its collectives and
    individuals. Every count is the sum of award rows, named in ``cells["sources"]``.

    >>> from emulation_stats.load.province import load_province
    >>> stats = award_statistics(load_province("data/sample_province"), form="0603")
    >>> int(stats.table.loc["Tổng số", ("Bằng khen cấp bộ, ngành, tỉnh", "Cá nhân")]) > 0
    True
    """
    if form not in FORMS:
        raise DataError("statistics_form_unknown", form=form, forms=", ".join(FORMS))
    year = year or province.year
    rows = _award_rows(province, year)
    # an award the catalogue does not know (a name misspelt: "Bằng khem") fits no column: said, never dropped unseen
    unknown = rows[~apply_unique(rows["award"], lambda a: catalog.award_base(a) in catalog.awards()).astype(bool)]
    rows["column"] = apply_unique(rows["award"], lambda a: form_column(a, form))  # once per award, not per row
    rows = rows[rows["column"] != ""]
    rows["kind"] = rows["recipient_kind"].map(lambda k: KINDS.get(k, KINDS["collective"]))
    lines = pd.concat([rows.assign(line=ROW_TOTAL), rows.assign(line=rows["group_name"]),
                       rows.assign(line=rows["member_kind"])], ignore_index=True)
    cells = lines.groupby(["line", "column", "kind"], sort=False).agg(
        count=("count", "sum"), rows=("source", "size"), sources=("source", join_sources)).reset_index()
    columns = pd.MultiIndex.from_product([_columns().loc[_columns()["form"] == form, "column"], list(KINDS.values())])
    kinds = _member_kinds(province, year)
    kinds += [k for k in dict.fromkeys(rows["member_kind"]) if k not in kinds]  # no award row is left off a line
    order = [ROW_TOTAL, *dict.fromkeys(_group_names(province)), *kinds]
    table = cells.pivot_table(index="line", columns=["column", "kind"], values="count", aggfunc="sum")
    table = table.reindex(index=order, columns=columns).fillna(0).astype(int)
    table.index.name = None
    return StatisticsForm(form, year, province.name, table, cells, province.illustrative,
                          list(dict.fromkeys(_group_names(province))),
                          unknown[["group_name", "award_name", "recipient_kind", "count", "source"]]
                          .reset_index(drop=True))


KIND_ORDER = ("Xã", "Phường", "Đặc khu", "Cơ quan, đơn vị")  # then any other, as found


def _member_kinds(province: Province, year: int) -> list[str]:
    """Every kind of member the province's groups have that year: both forms have the same
    lines, a kind with no award a line of zeros."""
    found = set()
    for dataset in province.datasets.values():
        members = dataset.clusters[dataset.clusters["year"] == year].drop_duplicates("member_code")
        types = members.set_index("member_code")
        found |= {_member_kind(code, types) for code in members["member_code"]}
    return [k for k in KIND_ORDER if k in found] + sorted(found - set(KIND_ORDER))


def _group_names(province: Province) -> list[str]:
    return [str(d.meta.get("cluster") or g) for g, d in province.datasets.items()]


def _award_rows(province: Province, year: int) -> pd.DataFrame:
    """Every group's award rows of ``year``, with the group's name, the member's kind and
    the row's source after its group's folder ("cum_01: awards/khen_thuong.csv:9")."""
    frames = []
    for group, dataset in province.datasets.items():
        awards = dataset.awards[dataset.awards["year"] == year]
        if awards.empty:
            continue
        types = dataset.clusters.drop_duplicates("member_code").set_index("member_code")
        kinds = awards["member_code"].map({code: _member_kind(code, types) for code in awards["member_code"].unique()})
        frames.append(pd.DataFrame({
            "group_name": str(dataset.meta.get("cluster") or group), "member_kind": kinds.to_numpy(),
            "award": awards["award"].to_numpy(), "award_name": awards["award_name"].to_numpy(),
            "recipient_kind": awards["recipient_kind"].to_numpy(),
            "count": awards["count"].astype(int).to_numpy(),
            # the group's folder, then the row as its load names it (the file's folder and name, its row)
            "source": (f"{group}: " + awards["source"].astype(str)).to_numpy()}))
    columns = ["group_name", "member_kind", "award", "award_name", "recipient_kind", "count", "source"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def _member_kind(code: str, members: pd.DataFrame) -> str:
    """"Xã", "Phường", "Đặc khu" or "Cơ quan": the kind of a member that proposed."""
    if "member_type" in members and code in members.index and members.at[code, "member_type"] == "agency":
        return "Cơ quan, đơn vị"
    unit = unit_by_code(str(code), "new") or unit_by_code(str(code))
    return unit.type.capitalize() if unit is not None else "Khác"
