"""The province board's pack: its workbook of every group, the two award statistics forms
and the báo cáo of its proposals, from one province folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from emulation_stats.analysis.award_statistics import award_statistics
from emulation_stats.analysis.board import BoardTable, board_table
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


def _workbook(province: Province, board: BoardTable, path: Path) -> Path:
    groups = board.groups.rename(columns={"name": "cluster", "proposed": "member"})
    rule = board.rule
    about = pd.DataFrame([("Tỉnh", province.name), ("Năm", board.year),
                          ("Số cụm, khối", f"{len(board.groups)} đã nạp, {len(province.errors)} không nạp được"),
                          ("Lưu ý", board.note),
                          ("Cờ thi đua của Chính phủ", f"tối đa {number(float(rule.get('share_cap', 0.2)) * 100)}% số "
                                                       f"Cờ thi đua cấp tỉnh: {board.allowed} đơn vị"),
                           ("Căn cứ", str(rule.get("legal_basis", "")))]
                         + [("Không nạp được", m) for m in province.error_messages()], columns=["label", "value"])
    sheets = {"Giới thiệu": about, "Các cụm, khối": groups, "Điểm các đơn vị": board.scores.rename(
        columns={"name": "cluster"}), "Đơn vị dẫn đầu": board.leaders, "Đề nghị Cờ Chính phủ": board.candidates}
    return to_xlsx(sheets, path, "vi", page_header=ILLUSTRATIVE_MARK if province.illustrative else None,
                   page_footer=f"Tỉnh {province.name} — {board.year}")


def _report(province: Province, board: BoardTable, path: Path, chart: Path) -> Path:
    groups = board.groups
    kinds = groups["kind"].value_counts()
    said = (f"Năm {board.year}, {len(groups)} cụm, khối thi đua của tỉnh ({kinds.get('cluster', 0)} cụm, "
            f"{kinds.get('khoi', 0)} khối) đã chấm điểm, bình xét và gửi kết quả về Hội đồng.")
    if len(province.errors):
        said += f" Chưa nạp được kết quả của {len(province.errors)} cụm, khối: " + "; ".join(province.error_messages())
    table = pd.DataFrame({
        "STT": range(1, len(groups) + 1), "Cụm, khối": groups["name"], "Đơn vị đề nghị tặng Cờ": groups["proposed"],
        "Tổng điểm": groups["total"].map(lambda v: number(v, decimals=2)),
        "Phiếu tán thành": [f"{number(v)}/{number(n)}" if pd.notna(v) and pd.notna(n) else ""
                            for v, n in zip(groups["votes_for"], groups["voters"])]})
    checked = groups[groups["checks"] != ""]
    checks = [f"{row.name}: {row.checks}" for row in checked.itertuples()] or \
        ["Không cụm, khối nào có kết quả cần xem lại."]
    rule = board.rule
    candidates = board.candidates
    listed = pd.DataFrame({"STT": range(1, len(candidates) + 1), "Đơn vị": candidates["member"],
                           "Cụm, khối": candidates["group"].map(dict(zip(groups["group"], groups["name"]))),
                           "Điểm chuẩn hóa": candidates["standing"].map(lambda v: number(v, decimals=2))})
    flag = (f"Theo {rule.get('legal_basis', 'quy định hiện hành')}, số đơn vị đề nghị tặng Cờ thi đua của Chính phủ "
            f"không quá {number(float(rule.get('share_cap', 0.2)) * 100)}% số đơn vị được tặng Cờ thi đua cấp tỉnh: "
            f"năm {board.year} là {board.allowed} trong {int((groups['proposed_code'] != '').sum())} đơn vị. "
            f"{board.note} Hội đồng đề nghị {len(candidates)} đơn vị có điểm chuẩn hóa cao nhất.")
    sections = [Section("Kết quả bình xét của các cụm, khối thi đua", [said], [("Đề nghị của các cụm, khối", table)]),
                Section("Những điểm cần xem lại", checks),
                Section("Đề nghị tặng Cờ thi đua của Chính phủ", [flag], [("Đơn vị đề nghị", listed)],
                        [(chart, "Đơn vị dẫn đầu các cụm theo chỉ tiêu chung, chuẩn hóa trong toàn tỉnh")])]
    board_name = str(province.meta.get("board") or f"Hội đồng Thi đua - Khen thưởng tỉnh {province.name}")
    return write_document(path, issuer=board_name, subject=f"Kết quả bình xét thi đua năm {board.year} của các cụm, "
                          "khối thi đua và đề nghị khen thưởng", sections=sections,
                          illustrative=province.illustrative, number=lambda v: number(v),
                          managing=f"UBND tỉnh {province.name}")
