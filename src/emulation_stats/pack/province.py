"""The province board's pack: its workbook of every group, the two award statistics forms
and the báo cáo of its proposals, from one province folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from emulation_stats.analysis.award_statistics import award_statistics
from emulation_stats.analysis.board import BoardTable, board_table
from emulation_stats.core import catalog
from emulation_stats.core.phrases import number
from emulation_stats.load.dataset import ILLUSTRATIVE_MARK
from emulation_stats.load.province import Province
from emulation_stats.pack.document import Section, write_document
from emulation_stats.pack.export import to_xlsx
from emulation_stats.pack.statistics_forms import write_statistics_form


@dataclass
class ProvincePack:
    """What ``build_province`` wrote: ``files`` in ``out_dir``, the ``board`` they show."""

    out_dir: Path
    year: int
    board: BoardTable
    files: list[Path] = field(default_factory=list)


def build_province(province: Province, out_dir: str | Path = "build/province", *,
                   year: int | None = None) -> ProvincePack:
    """The board's pack for ``year`` (default the province's) into ``out_dir``:
    ``tong_hop_<year>.xlsx`` (every group's proposal, vote and checks; every member's
    score; the leaders standardised; the candidates for the Government's flag),
    ``bieu_0602N_<year>.xlsx`` and ``bieu_0603N_<year>.xlsx`` (the award statistics),
    ``charts/dan_dau_<year>.png`` (the leaders standardised, the candidates marked) and
    ``bao_cao_tinh_<year>.docx`` (the board's báo cáo of its proposals, the chart in it). Groups that could
    not be loaded are named in the workbook and the báo cáo.

    >>> import tempfile
    >>> from emulation_stats.load.province import load_province
    >>> pack = build_province(load_province("data/sample_province"), tempfile.mkdtemp())
    >>> sorted(p.name for p in pack.files)[:3]
    ['bao_cao_tinh_2025.docx', 'bieu_0602N_2025.xlsx', 'bieu_0603N_2025.xlsx']
    """
    out = Path(out_dir)
    year = year or province.year
    board = board_table(province, year=year)
    pack = ProvincePack(out, year, board)
    pack.files.append(_workbook(province, board, out / f"tong_hop_{year}.xlsx"))
    for form in ("0602", "0603"):
        stats = award_statistics(province, year=year, form=form)
        pack.files.append(write_statistics_form(stats, out / f"bieu_{form}N_{year}.xlsx"))
    chart = _chart(board, out / "charts" / f"dan_dau_{year}")
    pack.files.append(chart)
    pack.files.append(_report(province, board, out / f"bao_cao_tinh_{year}.docx", chart))
    return pack


def _chart(board: BoardTable, path: Path) -> Path:
    import matplotlib.pyplot as plt

    from emulation_stats.pack import charts as plot

    ax = plot.standing_bars(board.leaders, candidates=board.candidates["member_code"])
    png, _ = plot.save(ax.figure, path)
    plt.close(ax.figure)
    return png


GROUP_COLUMNS = {"name": "Cụm, khối", "kind": "Loại", "members": "Số thành viên",
                 "proposed": "Đơn vị đề nghị tặng Cờ thi đua", "total": "Tổng điểm (thang điểm của cụm, khối)",
                 "gap_to_second": "Hơn đơn vị thứ hai (điểm)", "votes_for": "Phiếu tán thành", "voters": "Số phiếu",
                 "vote_share": "Tỷ lệ phiếu", "settled": "Phiếu bầu thống nhất với điểm", "checks": "Cần xem lại"}
KINDS = {"cluster": "Cụm", "khoi": "Khối"}


def _workbook(province: Province, board: BoardTable, path: Path) -> Path:
    names = dict(zip(board.groups["group"], board.groups["name"]))
    groups = board.groups.assign(kind=board.groups["kind"].map(KINDS),
                                 settled=board.groups["settled"].map({True: "có", False: "không"}))
    groups = groups[list(GROUP_COLUMNS)].rename(columns=GROUP_COLUMNS)
    leaders = _readable_leaders(board.leaders, names)
    candidates = _readable_leaders(board.candidates, names)
    scores = board.scores.drop(columns="group").rename(columns={"name": "Cụm, khối", "rank": "Hạng",
                                                                "member_code": "Mã", "member": "Đơn vị",
                                                                "total": "Tổng điểm", "proposal": "Đề nghị"})
    scores["Đề nghị"] = scores["Đề nghị"].map({"flag": "Cờ thi đua của UBND tỉnh",
                                               "certificate": "Bằng khen của Chủ tịch UBND tỉnh"}).fillna("")
    rule = board.rule
    about = pd.DataFrame([("Tỉnh", province.name), ("Năm", board.year),
                          ("Số cụm, khối", f"{len(board.groups)} cụm, khối có kết quả"
                           + (f"; {len(province.errors)} chưa đọc được" if len(province.errors) else "")),
                          ("Lưu ý", board.note),
                          ("Cờ thi đua của Chính phủ",
                           f"tối đa {number(float(rule.get('share_cap', 0.2)) * 100)}% số Cờ thi đua cấp tỉnh, "
                           f"năm {board.year} là {board.allowed} đơn vị"),
                          ("Căn cứ", str(rule.get("legal_basis", "")))]
                         + [("Chưa đọc được", m) for m in province.error_messages()], columns=["label", "value"])
    sheets = {"Giới thiệu": about, "Các cụm, khối": groups, "Điểm các đơn vị": scores,
              "Đơn vị dẫn đầu": leaders, "Đề nghị Cờ Chính phủ": candidates}
    return to_xlsx(sheets, path, "vi", page_header=ILLUSTRATIVE_MARK if province.illustrative else None,
                   page_footer=f"Tỉnh {province.name} — {board.year}")


def _readable_leaders(leaders: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The leaders with Vietnamese headings: each indicator by its name (turned so that
    higher is better, as the standing counts it)."""
    table = catalog.indicators().table
    columns = {"group": "Cụm, khối", "member": "Đơn vị", "standing": "Điểm chuẩn hóa bình quân"}
    for key in leaders.columns:
        if key in table.index:
            turned = "" if catalog.better_sign(key) > 0 else " (đã đổi dấu: thấp là tốt)"
            columns[key] = f"{table.at[key, 'name_vi']}{turned}"
    shown = leaders.assign(group=leaders["group"].map(names)).drop(columns="member_code")
    return shown.rename(columns=columns).round(2)


def _report(province: Province, board: BoardTable, path: Path, chart: Path) -> Path:
    groups = board.groups
    kinds = groups["kind"].value_counts()
    said = (f"Năm {board.year}, {len(groups)} cụm, khối thi đua của tỉnh ({kinds.get('cluster', 0)} cụm, "
            f"{kinds.get('khoi', 0)} khối) đã tổ chức chấm điểm, bình xét và gửi kết quả về Hội đồng. Mỗi cụm, khối "
            "chấm theo thang điểm riêng nên tổng điểm dưới đây không so sánh được giữa các cụm, khối.")
    if len(province.errors):
        said += f" Chưa đọc được kết quả của {len(province.errors)} cụm, khối: " + "; ".join(province.error_messages())
    table = pd.DataFrame({
        "STT": range(1, len(groups) + 1), "Cụm, khối": groups["name"], "Đơn vị đề nghị tặng Cờ": groups["proposed"],
        "Tổng điểm": groups["total"].map(lambda v: number(v, decimals=2)),
        "Phiếu tán thành": [f"{number(v)}/{number(n)}" if pd.notna(v) and pd.notna(n) else ""
                            for v, n in zip(groups["votes_for"], groups["voters"])]})
    unsettled = groups[~groups["settled"]]
    if len(unsettled):
        review = [f"Tại {len(unsettled)} cụm, khối, đơn vị có tổng điểm cao nhất không phải đơn vị được nhiều phiếu "
                  "tán thành nhất. Hội đồng đề nghị các cụm, khối này thống nhất lại kết quả bình xét; chưa xét các "
                  "đơn vị này khi đề nghị Cờ thi đua của Chính phủ."]
        review += [f"{row.name}: {row.checks.rstrip('.')}." for row in unsettled.itertuples()]
    else:
        review = ["Kết quả bình xét của các cụm, khối thống nhất với kết quả chấm điểm."]
    others = groups[groups["settled"] & (groups["checks"] != "")]
    review += [f"{row.name}: {row.checks.rstrip('.')}." for row in others.itertuples()]
    rule = board.rule
    candidates = board.candidates
    listed = pd.DataFrame({"STT": range(1, len(candidates) + 1), "Đơn vị": candidates["member"],
                           "Cụm, khối": candidates["group"].map(dict(zip(groups["group"], groups["name"]))),
                           "Điểm chuẩn hóa": candidates["standing"].map(lambda v: number(v, decimals=2))})
    shared = [catalog.indicators().table.at[k, "name_vi"].lower() for k in board.indicators
              if k in catalog.indicators().table.index]
    without = board.leaders[board.leaders["standing"].isna()]
    method = (f"Để so sánh các đơn vị dẫn đầu, Hội đồng dùng các chỉ tiêu mọi đơn vị dẫn đầu đều có số liệu "
              f"({', '.join(shared)}); mỗi chỉ tiêu được tính bằng số độ lệch chuẩn so với trung bình của tất cả các "
              "xã, phường trong tỉnh (chỉ tiêu thấp là tốt được đổi dấu), rồi lấy bình quân.") if shared else ""
    if len(without):
        method += (" " + ", ".join(without["member"]) + " không có số liệu các chỉ tiêu này (khối cơ quan) nên "
                   "không xếp theo chỉ tiêu.")
    flag = (f"Theo {rule.get('legal_basis', 'quy định hiện hành')}, số đơn vị đề nghị tặng Cờ thi đua của Chính phủ "
            f"không quá {number(float(rule.get('share_cap', 0.2)) * 100)}% số đơn vị được tặng Cờ thi đua cấp tỉnh: "
            f"năm {board.year} là {board.allowed} trong {int((groups['proposed_code'] != '').sum())} đơn vị. "
            f"Hội đồng đề nghị {len(candidates)} đơn vị có điểm chuẩn hóa cao nhất.")
    sections = [Section("Kết quả bình xét của các cụm, khối thi đua", [said], [("Đề nghị của các cụm, khối", table)]),
                Section("Kết quả bình xét cần thống nhất lại", review),
                Section("Đề nghị tặng Cờ thi đua của Chính phủ", [method, flag], [("Đơn vị đề nghị", listed)],
                        [(chart, "Đơn vị dẫn đầu các cụm, khối theo chỉ tiêu chung, chuẩn hóa trong toàn tỉnh")])]
    board_name = str(province.meta.get("board") or f"Hội đồng Thi đua - Khen thưởng tỉnh {province.name}")
    return write_document(path, issuer=board_name, subject=f"Kết quả bình xét thi đua năm {board.year} của các cụm, "
                          "khối thi đua và đề nghị khen thưởng", sections=sections,
                          illustrative=province.illustrative, number=lambda v: number(v),
                          managing=f"UBND tỉnh {province.name}")
