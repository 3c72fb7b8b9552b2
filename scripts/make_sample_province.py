"""Write data/sample_province/: a province's year-end review, every group at once.

Twelve clusters of communes and wards of the new Gia Lai (code 52, since 2025-07-01: old
Gia Lai + old Bình Định), eight members each, and one khối of provincial departments
(Sở), under a ``province.yaml``. Names and codes of the communes and wards are the GSO
list after the reform; every figure is invented with a fixed seed, and every file says so.

Each group is a dataset folder as a cluster keeps it: ``dataset.yaml``, ``clusters.csv``,
``rubric.yaml``, ``indicators/`` (2024 and 2025: the new units' own figures, the 2024 ones
as their 2025 reports repeat them), ``awards/`` (2025), ``assessments/`` (the cross
scores) and ``votes.csv`` (the bình xét for the province's flag). The khối is scored on
its members' cross scores only.

    PYTHONPATH=src python scripts/make_sample_province.py [--out data/sample_province]
"""

from __future__ import annotations

import argparse
import datetime
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from emulation_stats.units.lists import units

ROOT = Path(__file__).resolve().parents[1]

SEED = 2026_12_05
PROVINCE, PROVINCE_CODE, YEAR = "Gia Lai", "52", 2025
CLUSTERS, MEMBERS = 12, 8
MARK = "Số liệu minh họa / illustrative data"
SOURCE = {"id": "generated", "title": "scripts/make_sample_province.py (seed 2026_12_05); tên và mã xã, phường "
          "theo danh mục đơn vị hành chính sau 01/07/2025 (GSO), mọi số liệu là minh họa",
          "title_en": "commune and ward names and codes from the GSO list after 1 July 2025; every figure made up"}
AGENCIES = ["Sở Tài chính", "Sở Nội vụ", "Sở Xây dựng", "Sở Công Thương", "Sở Nông nghiệp và Môi trường",
            "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Văn hóa, Thể thao và Du lịch"]
ASSESSED = [("movement_organisation", "Tổ chức phong trào thi đua", 20),
            ("commendation_work", "Công tác khen thưởng", 10),
            ("cluster_coordination", "Tham gia hoạt động của Cụm", 10)]
# Awards of the year as the groups report them: (name, authority, recipient kind, how many at most).
AWARDS = [("Giấy khen", "Chủ tịch UBND xã", "tập thể", 4), ("Giấy khen", "Chủ tịch UBND xã", "cá nhân", 9),
          ("Bằng khen", "Chủ tịch UBND tỉnh", "tập thể", 2), ("Bằng khen", "Chủ tịch UBND tỉnh", "cá nhân", 3),
          ("Tập thể lao động xuất sắc", "Chủ tịch UBND tỉnh", "tập thể", 1),
          ("Chiến sĩ thi đua cấp tỉnh", "Chủ tịch UBND tỉnh", "cá nhân", 1),
          ("Bằng khen của Thủ tướng Chính phủ", "Thủ tướng Chính phủ", "cá nhân", 1),
          ("Huân chương Lao động hạng Ba", "Chủ tịch nước", "tập thể", 1)]


def communes() -> pd.DataFrame:
    table = units()
    new = table[(table["level"] == "commune") & (table["valid_from"] == "2025-07-01")
                & (table["province_code"] == PROVINCE_CODE)]
    return new.sort_values("code").head(CLUSTERS * MEMBERS).reset_index(drop=True)


def rubric(khoi: bool) -> dict:
    """The illustrative rubric of data/sample_2026 (its communes and wards are of the same
    province); a khối of departments keeps its cross-scored criteria only."""
    adopted = yaml.safe_load((ROOT / "data" / "sample_2026" / "rubric.yaml").read_text(encoding="utf-8"))
    if khoi:
        adopted["criteria"] = [c for c in adopted["criteria"] if c["method"] == "assessed"]
        adopted["tie_break"] = ["assessed"]
        for kind in ("bonus", "penalty"):
            adopted.pop(kind, None)
    return adopted


def indicators(members: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for code, name in zip(members["member_code"], members["member"]):
        budget, income = rng.uniform(20, 120), rng.uniform(35, 75)
        poor, crimes = rng.uniform(1.5, 9.0), int(rng.integers(3, 30))
        plan = round(budget * rng.uniform(1.02, 1.12), 1)
        for year, grow in ((2024, 1.0), (2025, rng.uniform(0.95, 1.18))):
            fewer_poor = (year - 2024) * rng.uniform(-0.3, 1.5)
            said = [("budget_revenue", "actual", round(budget * grow, 1)),
                    ("income_per_capita", "actual", round(income * grow, 1)),
                    ("poor_household_rate", "actual", round(max(0.2, poor - fewer_poor), 2)),
                    ("criminal_cases", "actual", max(0, crimes + (year - 2024) * int(rng.integers(-8, 6))))]
            if year == YEAR:
                said.append(("budget_revenue", "plan", plan))
            rows += [{"member_code": code, "member": name, "year": year, "era": "sau sắp xếp", "indicator": key,
                      "measure": measure, "value": value} for key, measure, value in said]
    return pd.DataFrame(rows)


def assessments(members: pd.DataFrame, cluster: str, rng: np.random.Generator) -> pd.DataFrame:
    strength = dict(zip(members["member_code"], rng.uniform(0.6, 0.95, len(members))))
    rows = [{"year": YEAR, "cluster": cluster, "assessor_code": assessor, "member_code": member, "criterion": key,
             "points": round(min(points, points * strength[member] + rng.normal(0, 0.8)), 1)}
            for assessor in members["member_code"] for member in members["member_code"]
            for key, _, points in ASSESSED]
    return pd.DataFrame(rows)


def awards(members: pd.DataFrame, khoi: bool, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for code, name in zip(members["member_code"], members["member"]):
        for award, authority, kind, most in AWARDS:
            if khoi and authority == "Chủ tịch UBND xã":
                authority = "Giám đốc Sở"  # a department's own head confers its Giấy khen
            count = int(rng.integers(0, most + 1)) if most > 1 else int(rng.random() < 0.25)
            if count:
                rows.append({"year": YEAR, "member_code": code, "member": name, "award": award,
                             "authority": authority, "recipient_kind": kind, "count": count})
    return pd.DataFrame(rows)


def votes(members: pd.DataFrame, cluster: str, leader: str, rng: np.random.Generator) -> pd.DataFrame:
    voters = 2 * len(members)
    for_leader = int(rng.integers(voters // 2 + 1, voters + 1))
    rest = rng.multinomial(voters - for_leader, [1 / (len(members) - 1)] * (len(members) - 1))
    given = iter(rest)
    return pd.DataFrame([{"year": YEAR, "cluster": cluster, "member_code": code, "member": name,
                          "proposal": "Cờ thi đua của Ủy ban nhân dân tỉnh",
                          "votes_for": for_leader if code == leader else int(next(given)), "voters": voters}
                         for code, name in zip(members["member_code"], members["member"])])


def write_group(folder: Path, name: str, members: pd.DataFrame, khoi: bool, rng: np.random.Generator) -> None:
    for sub in ("awards", "assessments") if khoi else ("indicators", "awards", "assessments"):
        (folder / sub).mkdir(parents=True, exist_ok=True)  # no empty folder: a clone would not have it
    meta = {"name": folder.name, "title": f"{name} — bộ dữ liệu minh họa", "province": PROVINCE,
            "province_code": PROVINCE_CODE, "cluster": name, "years": [2024, YEAR], "illustrative": True,
            "sources": [SOURCE], "notes": [MARK]}
    (folder / "dataset.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (folder / "rubric.yaml").write_text(yaml.safe_dump(rubric(khoi), allow_unicode=True, sort_keys=False),
                                        encoding="utf-8")
    roles = ["head", "deputy"] + ["member"] * (len(members) - 2)
    pd.DataFrame({"province_code": PROVINCE_CODE, "cluster": name, "year": YEAR,
                  "member_code": members["member_code"], "member": members["member"],
                  "member_type": "agency" if khoi else "", "role": roles}).to_csv(folder / "clusters.csv", index=False)
    if not khoi:
        indicators(members, rng).to_csv(folder / "indicators" / "chi_tieu.csv", index=False)
    table = assessments(members, name, rng)
    table.to_csv(folder / "assessments" / "cham_diem.csv", index=False)
    totals = table.groupby("member_code")["points"].mean()
    awards(members, khoi, rng).to_csv(folder / "awards" / f"khen_thuong_{YEAR}.csv", index=False)
    votes(members, name, str(totals.idxmax()), rng).to_csv(folder / "votes.csv", index=False)


def make(out: Path) -> list[str]:
    """Write the province folder into ``out``; returns the group folders in the board's order."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = np.random.default_rng(SEED)
    units_ = communes()
    groups = []
    for n in range(CLUSTERS):
        part = units_.iloc[n * MEMBERS:(n + 1) * MEMBERS]
        members = pd.DataFrame({"member_code": part["code"].to_numpy(),
                                "member": (part["type"].str.capitalize() + " " + part["name"]).to_numpy()})
        folder = f"cum_{n + 1:02d}"
        write_group(out / folder, f"Cụm thi đua số {n + 1} (xã, phường)", members, False, rng)
        groups.append(folder)
    agencies = pd.DataFrame({"member_code": [f"CQ{i + 1:02d}" for i in range(len(AGENCIES))], "member": AGENCIES})
    write_group(out / "khoi_so_nganh", "Khối các sở, ngành tỉnh", agencies, True, rng)
    groups.append("khoi_so_nganh")
    province = {
        "name": PROVINCE, "province_code": PROVINCE_CODE, "year": YEAR, "illustrative": True,
        "board": f"Hội đồng Thi đua - Khen thưởng tỉnh {PROVINCE}", "groups": groups, "sources": [SOURCE],
        "bases": ["Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
                  "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết "
                  "thi hành một số điều của Luật Thi đua, khen thưởng;",
                  f"Căn cứ kết quả chấm điểm, bình xét thi đua năm {YEAR} của các cụm, khối thi đua của tỉnh,"],
        "meeting": {"date": datetime.date(YEAR, 12, 18), "members": 11, "present": 10, "in_favour": 10},
        "rules": {"government_flag": {
            "share_cap": 0.2, "ranking": "standardised_indicators",
            "legal_basis": "Luật Thi đua, khen thưởng năm 2022 và Nghị định 98/2023/NĐ-CP"}},
        "notes": [MARK, "Tỷ lệ 20% theo Điều 11 Nghị định 91/2017/NĐ-CP (nay được thay bằng Nghị định "
                        "98/2023/NĐ-CP): cần đối chiếu điều khoản hiện hành trước khi dùng."]}
    (out / "province.yaml").write_text(yaml.safe_dump(province, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
    return groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("data/sample_province"))
    groups = make(parser.parse_args().out)
    print(f"{len(groups)} groups written")


if __name__ == "__main__":
    main()
