"""A khối thi đua of agencies: members that are no administrative unit.

The cluster file lists each agency with a code of the dataset's own and member_type
"agency"; the other tables name an agency by that code or by its name, matched against
the cluster's own list before the national one. The words say "Sở Tài chính", never
"huyện Sở Tài chính".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

import emulation_stats as es
from emulation_stats.cli import main
from emulation_stats.units.naming import members_word, place

AGENCIES = {"STC": "Sở Tài chính", "SXD": "Sở Xây dựng", "SYT": "Sở Y tế", "CAT": "Công an tỉnh"}
CLUSTER = "Khối thi đua các cơ quan tổng hợp"
POINTS = {"STC": (50, 35), "SXD": (55, 36), "SYT": (48, 30), "CAT": (52, 38)}  # tasks, movement
RUBRIC = {
    "name": "Thang điểm Khối (minh họa)", "illustrative": True, "missing": "zero",
    "aggregation": "mean_excluding_self", "tie_break": ["assessed"],
    "criteria": [
        {"key": "tasks", "group": "Nhiệm vụ chuyên môn", "label": "Hoàn thành nhiệm vụ", "max_points": 60,
         "method": "assessed"},
        {"key": "movement", "group": "Công tác thi đua", "label": "Tổ chức phong trào thi đua", "max_points": 40,
         "method": "assessed"},
    ],
}


def _write_block(folder: Path, *, cluster_rows: list[dict] | None = None) -> Path:
    """A khối of four agencies, 2025: assessments by code, awards and votes by name."""
    (folder / "assessments").mkdir(parents=True)
    (folder / "awards").mkdir()
    (folder / "dataset.yaml").write_text(yaml.safe_dump({
        "name": "khoi", "title": CLUSTER, "province": "Gia Lai", "cluster": CLUSTER, "years": [2025],
        "illustrative": True, "sources": [{"id": "test", "title": "written by this test"}]}, allow_unicode=True),
        encoding="utf-8")
    (folder / "rubric.yaml").write_text(yaml.safe_dump(RUBRIC, allow_unicode=True), encoding="utf-8")
    rows = cluster_rows or [{"province_code": "52", "cluster": CLUSTER, "year": 2025, "member_code": code,
                             "member": name, "member_type": "cơ quan", "role": "head" if code == "STC" else "member"}
                            for code, name in AGENCIES.items()]
    pd.DataFrame(rows).to_csv(folder / "clusters.csv", index=False)
    pd.DataFrame([{"year": 2025, "cluster": CLUSTER, "assessor_code": assessor, "member_code": code,
                   "criterion": criterion, "points": POINTS[code][k] - (assessor == code)}
                  for assessor in AGENCIES for code in AGENCIES
                  for k, criterion in enumerate(("tasks", "movement"))]).to_csv(
        folder / "assessments" / "cham_diem.csv", index=False)
    pd.DataFrame([{"year": 2025, "member": "SỞ TÀI CHÍNH", "award": "Bằng khen", "authority": "Chủ tịch UBND tỉnh",
                   "recipient_kind": "tập thể", "count": 2},
                  {"year": 2025, "member": "Sở Y tế", "award": "Bằng khen", "authority": "Chủ tịch UBND tỉnh",
                   "recipient_kind": "cá nhân", "count": 3}]).to_csv(folder / "awards" / "khen_thuong.csv", index=False)
    pd.DataFrame([{"year": 2025, "cluster": CLUSTER, "member": name, "proposal": "flag_province",
                   "votes_for": 4 if code == "SXD" else 0, "voters": 4} for code, name in AGENCIES.items()]).to_csv(
        folder / "votes.csv", index=False)
    return folder


def test_a_block_of_agencies_loads_with_its_own_codes(tmp_path):
    data = es.load_dataset(_write_block(tmp_path / "khoi"))
    problems = {table: r.problem_lines() for table, r in data.reports_by_table.items() if not r.ok}
    assert not problems, problems
    clusters = data.clusters.set_index("member_code")
    assert dict(clusters["member"]) == AGENCIES
    assert set(clusters["member_type"]) == {"agency"}
    # Awards and votes name the agency as written ("SỞ TÀI CHÍNH"): found in the cluster's list.
    assert dict(data.awards.groupby("member_code")["count"].sum()) == {"STC": 2, "SYT": 3}
    assert set(data.awards["member"]) == {"Sở Tài chính", "Sở Y tế"}
    assert sorted(data.votes["member_code"]) == sorted(AGENCIES)


def test_a_block_of_agencies_is_scored_and_said_in_its_own_words(tmp_path):
    table = es.score(es.load_dataset(_write_block(tmp_path / "khoi")), year=2025)
    first = table.ranking.sort_values("rank").iloc[0]
    best = max(POINTS, key=lambda code: sum(POINTS[code]))  # others' scores: self-scores are left out
    assert first["member_code"] == best and first["member"] == AGENCIES[best]
    text = es.describe_ranking(table)
    assert AGENCIES[best] in text and "huyện Công an" not in text and "huyện Sở" not in text
    assert place("Sở Tài chính", "STC") == "Sở Tài chính"
    assert members_word(list(AGENCIES)) == "cơ quan, đơn vị"


def test_its_pack_builds_and_names_no_district(tmp_path):
    folder = _write_block(tmp_path / "khoi")
    code = main(["report", str(folder), "--out", str(tmp_path / "pack")])
    assert code == 0
    summary = (tmp_path / "pack" / "summary_2025.md").read_text(encoding="utf-8")
    assert "Sở Xây dựng" in summary and "huyện Sở" not in summary and "huyện Công an" not in summary
    from docx import Document

    signature = Document(str(tmp_path / "pack" / "bao_cao_2025.docx")).tables[-1].rows[0].cells[1].text
    assert "TM. KHỐI THI ĐUA" in signature and "KHỐI TRƯỞNG" in signature  # a khối signs as a khối
    document = Document(str(tmp_path / "pack" / "bao_cao_2025.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Khối đã bình xét và đề nghị UBND tỉnh tặng Cờ thi đua cho Sở Xây dựng" in text  # speaks as a khối
    assert "Cụm đã bình xét" not in text and "UBND Sở" not in text  # an agency is named as it is
    assert "/BC-KTĐ" in document.tables[0].rows[1].cells[0].text  # its own number line, not the cụm's
    assert "Các thành viên Khối" in "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)


def test_an_agency_without_a_code_or_with_a_units_code_is_refused(tmp_path):
    rows = [{"province_code": "52", "cluster": CLUSTER, "year": 2025, "member_code": code, "member": name,
             "member_type": "agency", "role": "member"} for code, name in AGENCIES.items()]
    rows[0]["member_code"] = ""
    rows[1]["member_code"] = "625"  # KBang's code
    rows.append({"province_code": "52", "cluster": CLUSTER, "year": 2025, "member_code": "X1",
                 "member": "Ban Tuyên giáo", "member_type": "ban bệ", "role": "member"})
    folder = _write_block(tmp_path / "khoi", cluster_rows=rows)
    df, report = es.load_clusters(folder / "clusters.csv")
    assert sorted(report.rejected["code"]) == ["agency_code_is_a_unit", "bad_member_type", "missing_code"]
    assert report.rows_read == len(df) + len(report.rejected) == 5
    assert all("clusters.csv" in reason for reason in report.rejected["reason"])


def test_member_type_is_derived_for_units_and_old_headings_still_read(tmp_path):
    path = tmp_path / "clusters.csv"
    pd.DataFrame({"province_code": ["64", "52"], "cluster": ["Cụm", "Cụm mới"], "year": [2017, 2025],
                  "district_code": ["625", "23764"], "district": ["Kbang", "Ia Grai"],
                  "role": ["head", "head"]}).to_csv(path, index=False)
    df, report = es.load_clusters(path)
    assert report.ok, report.problem_lines()
    assert list(df.columns[:7]) == ["province_code", "cluster", "year", "member_code", "member", "member_type", "role"]
    assert dict(zip(df["member_code"], df["member_type"])) == {"625": "district", "23764": "commune"}


def test_a_khoi_judges_its_agencies_own_targets_against_their_plans(tmp_path):
    """An agency's own targets (outside the catalogue) with a plan are judged as targets: the
    báo cáo's plan sentence counts every one the agencies reported, not only catalogue ones."""
    folder = _write_block(tmp_path / "khoi")
    (folder / "indicators").mkdir()
    targets = {"Tỷ lệ hồ sơ giải quyết đúng hạn": "%", "Số văn bản quy phạm pháp luật được thẩm định": "văn bản"}
    plans = {"STC": (98.0, 40), "SXD": (97.0, 25), "SYT": (95.0, 12), "CAT": (99.0, 8)}
    actual = {"STC": (98.6, 42), "SXD": (96.1, 25), "SYT": (95.0, 10), "CAT": (99.4, 9)}
    rows = [{"member_code": code, "year": 2025, "indicator": name, "measure": measure, "value": values[code][k],
             "unit": unit}
            for k, (name, unit) in enumerate(targets.items()) for measure, values in (("plan", plans),
                                                                                    ("actual", actual))
            for code in AGENCIES]
    pd.DataFrame(rows).to_csv(folder / "indicators" / "chi_tieu_2025.csv", index=False)
    data = es.load_dataset(folder)
    achieved = es.plan_achievement(data.indicators, 2025)
    assert len(achieved) == 8 and achieved["met"].notna().all()
    expected = sum(actual[c][k] >= plans[c][k] for c in AGENCIES for k in range(2))
    assert int(achieved["met"].sum()) == expected == 6
    main(["report", str(folder), "--out", str(tmp_path / "pack"), "--format", "docx"])  # the báo cáo alone is read
    from docx import Document

    text = "\n".join(p.text for p in Document(str(tmp_path / "pack" / "bao_cao_2025.docx")).paragraphs)
    assert f"{expected} trên 8 chỉ tiêu kế hoạch của các cơ quan, đơn vị" in text, text
    # the agencies that met most, in the khối's own order (clusters.csv: Sở Tài chính before Công an tỉnh)
    assert "; Sở Tài chính và Công an tỉnh đạt cả 2/2 chỉ tiêu." in text
