"""The six slips of "Nothing wrong in silence": each builds the file an office could send,
loads or scores it, and asserts the warning or the rejection that says what went wrong.

A cluster of four Đắk Lắk districts is built from scratch with the package's own form
writers, as a new user would (illustrative figures)."""

from __future__ import annotations

import inspect
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml

import emulation_stats as es
from emulation_stats.cli import EXIT_REJECTED, main
from emulation_stats.io.award_templates import write_award_summary
from emulation_stats.io.templates import FormLayout, write_indicator_form
from emulation_stats.load.rubric import Rubric
from emulation_stats.pack.handout import write_blank_forms
from emulation_stats.pack.report import build_report

ROOT = Path(__file__).resolve().parents[1]
MEMBERS = {"644": "Thị xã Buôn Hồ", "654": "Krông Pắc", "651": "Ea Kar", "650": "Krông Năng"}
LABELS = {"644": "thị xã Buôn Hồ", "654": "huyện Krông Pắc", "651": "huyện Ea Kar", "650": "huyện Krông Năng"}


def figures(code: str, year: int) -> pd.DataFrame:
    seed = int(code) + year
    rows = []
    for name, base, unit in (("Số vụ phạm pháp hình sự", 60, None), ("Dân số trung bình", 100_000, None),
                             ("Thu ngân sách nhà nước trên địa bàn", 300, None),
                             ("Sản lượng cà phê nhân", 30_000, "tấn")):
        for y in (year - 1, year):
            value = float(base + (seed + y) % 17)
            rows.append({"indicator": name, "year": y, "measure": "actual", "value": value, "unit": unit})
    return pd.DataFrame(rows)


def build(folder: Path, *, typo: bool = False) -> Path:
    """dataset.yaml, clusters.csv and each member's 2024 form (with 2023 repeated)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dataset.yaml").write_text(yaml.safe_dump({
        "name": "dak_lak", "province": "Đắk Lắk", "cluster": "Cụm thi đua số 3", "years": [2024],
        "illustrative": True}, allow_unicode=True), encoding="utf-8")
    pd.DataFrame({"province_code": "66", "cluster": "Cụm thi đua số 3", "year": 2024,
                  "member_code": list(MEMBERS), "member": list(MEMBERS.values()),
                  "role": ["head", "member", "member", "member"]}).to_csv(folder / "clusters.csv", index=False)
    for code, label in LABELS.items():
        written = "huyện Krông Búk" if typo and code == "654" else label
        name = "BC_KTXH_2024_KrongPac.xlsx" if code == "654" else f"bc_2024_{code}.xlsx"
        write_indicator_form(folder / "indicators" / name, district=written, year=2024, figures=figures(code, 2024),
                             layout=FormLayout(comparison=False, note="(Số liệu minh họa / illustrative data)"))
    return folder


# --- 1. cross-scores named by the rubric's labels ----------------------------------------

def test_cross_scores_named_by_their_labels_score_as_by_their_keys(tmp_path):
    folder = tmp_path / "sample"
    shutil.copytree(ROOT / "data/sample", folder)
    rubric = Rubric.load(folder / "rubric.yaml")
    labels = {c.key: c.label for c in rubric.criteria}
    sheet = folder / "assessments" / "cham_diem.csv"
    table = pd.read_csv(sheet, dtype={"assessor_code": str, "member_code": str})
    table["criterion"] = table["criterion"].map(labels)
    table.to_csv(sheet, index=False)
    by_label = es.score(es.load_dataset(folder), year=2024)
    by_key = es.score(es.load_dataset(ROOT / "data/sample"), year=2024)
    assert (by_label.total.round(6) == by_key.total.round(6)).all()
    assert not by_label.missing_data()


def test_a_criterion_the_rubric_does_not_have_is_refused_naming_the_rubrics(tmp_path, capsys):
    folder = tmp_path / "sample"
    shutil.copytree(ROOT / "data/sample", folder)
    sheet = folder / "assessments" / "cham_diem.csv"
    table = pd.read_csv(sheet, dtype={"assessor_code": str, "member_code": str})
    table.loc[table["criterion"] == "commendation_work", "criterion"] = "Công tác khác"
    table.loc[0, "points"] = 25.0  # above movement_organisation's 20
    table.to_csv(sheet, index=False)
    dataset = es.load_dataset(folder)
    codes = dataset.report.rejected["code"]
    assert set(codes) == {"unknown_criterion", "above_maximum"}
    reason = dataset.report.rejected.loc[codes == "unknown_criterion", "reason"].iloc[0]
    assert "Công tác khác" in reason and "Tổ chức phong trào thi đua" in reason
    assert main(["validate", str(folder)]) == EXIT_REJECTED
    # Scored without those rows, the members without data are said so, not only in --explain.
    table_ = es.score(dataset, year=2024)
    assert any("Công tác khen thưởng" in line for line in table_.missing_data())
    assert any("Công tác khen thưởng" in check for check in es.propose(table_, dataset.votes).checks)


# --- 2. a title typo ---------------------------------------------------------------------

def test_a_title_naming_a_non_member_is_a_conflict_and_its_rows_are_refused(tmp_path):
    folder = build(tmp_path / "dak_lak", typo=True)
    dataset = es.load_dataset(folder)
    warnings = dataset.report.warnings
    conflict = warnings.loc[warnings["code"] == "member_conflict", "message"]
    assert len(conflict) == 1 and "Krông Búk" in conflict.iloc[0] and "Krông Pắc" in conflict.iloc[0]
    refused = dataset.report.rejected
    assert set(refused["code"]) == {"not_a_member"} and len(refused) == 8
    assert "có phải Krông Pắc" in refused["reason"].iloc[0]
    assert "649" not in set(dataset.indicators["member_code"])
    assert main(["validate", str(folder)]) == EXIT_REJECTED


# --- 3. a header without years -------------------------------------------------------------

def test_a_header_without_years_takes_them_from_the_title(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["UBND HUYỆN KRÔNG PẮC"], ["BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2024"], [],
                ["TT", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện", "Thực hiện năm trước"],
                [1, "Tỷ lệ hộ nghèo", "%", 7.0, 7.3, 7.1], [2, "Số vụ phạm pháp hình sự", "vụ", None, 57, 50]):
        sheet.append(row)
    book.save(tmp_path / "bc.xlsx")
    df, report = es.load_indicators(tmp_path / "bc.xlsx", province="Đắk Lắk")
    assert report.ok and report.warnings.empty
    got = {(r.indicator, r.year, r.measure): r.value for r in df.itertuples()}
    assert got == {("poor_household_rate", 2024, "plan"): 7.0, ("poor_household_rate", 2024, "actual"): 7.3,
                   ("poor_household_rate", 2023, "actual"): 7.1, ("criminal_cases", 2024, "actual"): 57,
                   ("criminal_cases", 2023, "actual"): 50}


def test_a_conflict_is_said_in_words_with_vietnamese_decimals(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("district,year,indicator,measure,value\nKrông Pắc,2024,Tỷ lệ hộ nghèo,actual,7.3\n"
                    "Krông Pắc,2024,Tỷ lệ hộ nghèo,actual,7.1\n", encoding="utf-8")
    _, report = es.load_indicators(path, province="Đắk Lắk")
    reason = report.rejected["reason"].iloc[0]
    assert "7,3" in reason and "7,1" in reason and "năm 2024" in reason and "Tỷ lệ hộ nghèo" in reason
    assert "member_code" not in reason and "measure" not in reason


# --- 4. names as written -------------------------------------------------------------------

def test_names_are_written_once_and_as_the_office_wrote_them(tmp_path):
    dataset = es.load_dataset(build(tmp_path / "dak_lak"))
    assert dataset.report.ok
    text = es.describe_changes(es.compare_years(dataset.indicators, 2023, 2024))
    assert "thị xã Buôn Hồ" in text and "Thị xã Buôn Hồ" not in text.replace(". Thị xã Buôn Hồ", "")
    assert "thị xã Thị xã" not in text.lower()
    assert "Sản lượng cà phê nhân" in text and "x_san" not in text.lower()
    assert " ," not in text and "  " not in text


# --- 5. numbers ----------------------------------------------------------------------------

def test_an_ambiguous_number_is_read_by_the_indicators_kind_and_said(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('district,year,indicator,measure,value\nKrông Pắc,2024,Dân số trung bình,actual,"218,755"\n',
                    encoding="utf-8")
    df, report = es.load_indicators(path, province="Đắk Lắk")
    assert df["value"].tolist() == [218_755.0]
    assert report.warnings["code"].tolist() == ["ambiguous_number"]


def test_one_number_of_scenarios_and_no_rule_asserted_without_its_source(tmp_path):
    pack_default = inspect.signature(build_report).parameters["draws"].default
    assert pack_default == inspect.signature(es.sensitivity).parameters["draws"].default
    folder = tmp_path / "sample"
    shutil.copytree(ROOT / "data/sample", folder)
    votes = pd.read_csv(folder / "votes.csv", dtype={"member_code": str})
    table = es.score(es.load_dataset(folder), year=2024)
    winner = table.ranking.sort_values("rank")["member_code"].iloc[-1]  # the ballot favours the last
    votes.loc[(votes["year"] == 2024) & (votes["member_code"] == winner), "votes_for"] = 18
    votes.to_csv(folder / "votes.csv", index=False)
    checks = es.propose(table, es.load_dataset(folder).votes).checks
    assert any("theo thang điểm: Cờ thi đua tặng đơn vị có tổng điểm cao nhất" in c for c in checks)
    rubric = yaml.safe_load((folder / "rubric.yaml").read_text(encoding="utf-8"))
    del rubric["flag_rule"]
    (folder / "rubric.yaml").write_text(yaml.safe_dump(rubric, allow_unicode=True), encoding="utf-8")
    dataset = es.load_dataset(folder)
    checks = es.propose(es.score(dataset, year=2024), dataset.votes).checks
    assert any("hãy đối chiếu quy chế" in c for c in checks) and not any("theo quy định" in c for c in checks)


# --- 6. form writers -----------------------------------------------------------------------

def test_forms_written_with_vietnamese_names_carry_units_and_groups(tmp_path):
    path = write_indicator_form(tmp_path / "f.xlsx", district="huyện Krông Pắc", year=2024,
                                figures=figures("654", 2024))
    cells = [[c for c in row] for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]
    by_name = {row[1]: row for row in cells if row[1]}
    assert by_name["Số vụ phạm pháp hình sự"][2] == "vụ" and by_name["Sản lượng cà phê nhân"][2] == "tấn"
    groups = [row[1] for row in cells if row[0] in ("I", "II", "III")]
    assert "QUỐC PHÒNG - AN NINH" in groups and "KINH TẾ" in groups
    names = {c for row in cells for c in row if isinstance(c, str)}
    assert "Nguyễn Văn An" not in names  # nobody's name in a form's signature block unless asked


def test_award_forms_show_names_never_keys(tmp_path):
    awards = pd.DataFrame({"award": ["Bằng khen", "certificate_province"], "authority": ["Thủ tướng", "province"],
                           "recipient_kind": ["collective", "individual"], "count": [1, 2],
                           "posthumous": [False, False]})
    path = write_award_summary(tmp_path / "k.xlsx", district="huyện Krông Pắc", year=2024, awards=awards)
    texts = {c for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True) for c in row
             if isinstance(c, str)}
    assert "Khen thưởng của Thủ tướng Chính phủ" in texts and "Bằng khen của Thủ tướng Chính phủ" in texts
    assert not any("_" in t for t in texts)
    with pytest.raises(es.DataError, match="province_chair"):
        write_award_summary(tmp_path / "x.xlsx", district="huyện Krông Pắc", year=2024,
                            awards=awards.assign(authority="province_chair"))
    with pytest.raises(es.DataError, match="certificate_district"):
        write_award_summary(tmp_path / "y.xlsx", district="huyện Krông Pắc", year=2024,
                            awards=awards.assign(award="certificate_district"))


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2022, 2023, 2024])
def test_blank_forms_filled_in_come_back_equal_and_clean(tmp_path, year):
    dataset = es.load_dataset(ROOT / "data/sample")
    paths = write_blank_forms(dataset, year, tmp_path)
    rng = np.random.default_rng(year)
    expected_figures: dict[tuple, float] = {}
    expected_counts: dict[tuple, int] = {}
    for path in paths:
        book = openpyxl.load_workbook(path)
        sheet = book.active
        assert sheet.protection.sheet and sheet.data_validations.dataValidation
        for row in sheet.iter_rows():
            for cell in row:
                if cell.protection.locked:
                    continue
                if cell.value is None:
                    cell.value = int(rng.integers(0, 5)) if path.parent.name == "awards" else \
                        round(float(rng.uniform(1, 99)), 1)
                key = (path.name, cell.row, cell.column)
                (expected_counts if path.parent.name == "awards" else expected_figures)[key] = cell.value
        book.save(path)
    df, report = es.load_indicators(tmp_path / "indicators", province="Ninh Thuận")
    assert report.ok and report.warnings.empty and report.errors.empty
    got = {(Path(s.split("#")[0]).name, *map(int, s.rsplit("!R", 1)[1].split("C"))): v
           for s, v in zip(df["source"], df["value"])}
    assert got == expected_figures
    awards, report = es.load_awards(tmp_path / "awards", province="Ninh Thuận", by_recipient=True)
    assert report.ok and report.warnings.empty
    got = {(Path(s.split("#")[0]).name, *map(int, s.rsplit("!R", 1)[1].split("C"))): c
           for s, c in zip(awards["source"], awards["count"])}
    assert got == expected_counts
