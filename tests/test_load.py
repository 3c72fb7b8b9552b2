import csv
import datetime as dt
import re
from functools import partial
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emulation_stats import DataError, load_assessments, load_awards, load_clusters, load_indicators, load_votes
from helpers import to_windows_1258, write_csv, write_xlsx

HEADER = "district,year,indicator,measure,value,unit\n"


def _data_rows(path: Path) -> int:
    """The rows of data in a file, counted without the loader: non-blank rows under the header."""
    if path.is_dir():
        return sum(_data_rows(f) for f in sorted(path.iterdir()))
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [r for r in csv.reader(handle) if any(c.strip() for c in r)]
        return len(rows) - 1
    count = 0  # a workbook: in each sheet, the rows of two cells or more under the first (the header);
    for sheet in openpyxl.load_workbook(path, data_only=True).worksheets:  # a title line has one
        filled = [r for r in sheet.iter_rows(values_only=True) if sum(c not in (None, "") for c in r) >= 2]
        count += max(len(filled) - 1, 0)
    return count


def _nothing_lost(df, report, path):
    """Every row of the file is in the frame or among the refused, each once: counted from
    the file and the frame, not from the report's own arithmetic."""
    assert len(df) == report.rows_loaded
    sources = list(df["source"]) + list(report.rejected["source"])
    assert len(sources) == len(set(sources)) == _data_rows(Path(path)), (len(sources), _data_rows(Path(path)))


def _codes(report):
    return list(report.rejected["code"])


def test_clean_csv_loads_every_row(tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADER + "Kbang,2016,criminal_cases,actual,50,vụ\n"
                     "Đak Đoa,2017,Thu ngân sách tại địa phương,kế hoạch,\"1.234,5\",tỷ đồng\n")
    df, report = load_indicators(path)
    _nothing_lost(df, report, path)
    assert report.ok and report.rows_read == 2
    assert list(df.columns) == ["member_code", "member", "year", "indicator", "measure", "value",
                                "unit", "source"]
    assert list(df["member_code"]) == ["625", "626"]
    assert list(df["measure"]) == ["actual", "plan"]
    assert df.loc[1, "value"] == 1234.5 and df.loc[1, "indicator"] == "budget_revenue"
    assert list(df["source"]) == [f"{tmp_path.name}/a.csv:2", f"{tmp_path.name}/a.csv:3"]
    assert df["year"].dtype.kind == "i"


def test_unknown_district_is_rejected_with_a_suggestion(tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADER + "Kbang,2017,criminal_cases,actual,57,vụ\n"
                     "Đak Đo,2017,criminal_cases,actual,70,vụ\n")
    df, report = load_indicators(path, province="Gia Lai")
    _nothing_lost(df, report, path)
    assert _codes(report) == ["unknown_district"]
    reason = report.rejected.loc[0, "reason"]
    assert "a.csv:3" in reason and "cột 'district'" in reason and "gợi ý: huyện Đăk Đoa" in reason


def test_negative_count_is_rejected(tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADER + "Kbang,2017,criminal_cases,actual,-3,vụ\n")
    df, report = load_indicators(path)
    _nothing_lost(df, report, path)
    assert df.empty and _codes(report) == ["below_minimum"]
    assert "cột 'value'" in report.rejected.loc[0, "reason"]


def test_impossible_percentage_is_rejected(tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADER + "Kbang,2017,Tỷ lệ hộ nghèo,actual,\"112,5%\",%\n")
    _, report = load_indicators(path)
    assert _codes(report) == ["above_maximum"]


def test_conflicting_duplicates_are_both_rejected(tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADER + "Kbang,2017,criminal_cases,actual,57,vụ\n"
                     "KBang,2017,Số vụ phạm pháp hình sự,actual,58,vụ\nĐak Đoa,2017,criminal_cases,actual,70,vụ\n")
    df, report = load_indicators(path)
    _nothing_lost(df, report, path)
    assert _codes(report) == ["conflicting_duplicate", "conflicting_duplicate"]
    assert list(df["member_code"]) == ["626"]
    assert "a.csv:3" in report.rejected.loc[0, "reason"]


def test_identical_duplicates_keep_one_with_a_warning(tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADER + "Kbang,2017,criminal_cases,actual,57,vụ\n"
                     "Kbang,2017,criminal_cases,actual,57,vụ\n")
    df, report = load_indicators(path)
    _nothing_lost(df, report, path)
    assert len(df) == 1 and _codes(report) == ["duplicate"]
    assert list(report.warnings["code"]) == ["duplicate_kept"]


def test_duplicates_across_files_are_found(tmp_path):
    write_csv(tmp_path / "d" / "a.csv", HEADER + "Kbang,2017,criminal_cases,actual,57,vụ\n")
    write_csv(tmp_path / "d" / "b.csv", HEADER + "Kbang,2017,criminal_cases,actual,60,vụ\n")
    df, report = load_indicators(tmp_path / "d")
    _nothing_lost(df, report, tmp_path / "d")
    assert df.empty and _codes(report) == ["conflicting_duplicate"] * 2
    assert list(report.files["rejected"]) == [1, 1]


@pytest.mark.parametrize("year", ["1989", "2999", str(dt.date.today().year + 2), "năm ngoái"])
def test_bad_years_are_rejected(tmp_path, year):
    path = write_csv(tmp_path / "a.csv", HEADER + f"Kbang,{year},criminal_cases,actual,5,vụ\n")
    _, report = load_indicators(path)
    assert _codes(report) == ["bad_year"]
    assert "cột 'year'" in report.rejected.loc[0, "reason"]


def test_next_year_holds_plans_only(tmp_path):
    next_year = dt.date.today().year + 1
    path = write_csv(tmp_path / "a.csv", HEADER + f"Kbang,{next_year},criminal_cases,plan,5,vụ\n"
                     f"Kbang,{next_year},criminal_cases,actual,5,vụ\n")
    df, report = load_indicators(path)
    assert list(df["measure"]) == ["plan"] and _codes(report) == ["future_actual"]


@pytest.mark.parametrize("year", ["2017", "2017.0", "Năm 2017", " năm 2017 "])
def test_year_spellings(tmp_path, year):
    path = write_csv(tmp_path / "a.csv", HEADER + f"Kbang,{year},criminal_cases,actual,5,vụ\n")
    df, report = load_indicators(path)
    assert report.ok and list(df["year"]) == [2017]


def test_unknown_indicator_is_kept_under_a_derived_key(tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADER + "Kbang,2017,Tỷ lệ hộ cận nghèo,actual,\"7,5\",%\n")
    df, report = load_indicators(path)
    assert report.ok and list(df["indicator"]) == ["x_ti_le_ho_can_ngheo"]
    assert list(report.warnings["code"]) == ["unknown_indicator"]


def test_not_a_number_and_no_value(tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADER + "Kbang,2017,criminal_cases,actual,nhiều,vụ\n"
                     "Kbang,2016,criminal_cases,actual,-,vụ\n")
    df, report = load_indicators(path)
    _nothing_lost(df, report, path)
    assert _codes(report) == ["not_a_number"]
    assert df["value"].isna().all() and list(report.warnings["code"]) == ["no_value"]


def test_a_unit_of_another_scale_is_converted_and_what_was_written_is_kept(tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADER + "Kbang,2017,budget_revenue,actual,\"66.875,5\",Triệu đ\n"
                     "Kbang,2016,budget_revenue,actual,\"60.000\",tr.đ\n"
                     "Đak Đoa,2017,budget_revenue,actual,\"41,25\",Tỷ đồng\n"
                     "Kbang,2017,population,actual,\"65,3\",nghìn người\n")
    df, report = load_indicators(path)
    _nothing_lost(df, report, path)
    assert report.ok and list(df["unit"]) == ["tỷ đồng", "tỷ đồng", "tỷ đồng", "người"]
    assert list(df["value"]) == [66.8755, 60.0, 41.25, 65300.0]
    assert list(df["value_reported"].fillna(-1)) == [66875.5, 60000.0, -1, 65.3]
    assert list(df["unit_reported"]) == ["Triệu đ", "tr.đ", "", "nghìn người"]
    # Once per file and indicator-and-unit, not once per row.
    assert list(report.warnings["code"]) == ["unit_converted"] * 3
    assert "chia cho 1.000" in report.warnings["message"][0]


def test_a_unit_of_another_dimension_is_refused_and_an_unknown_unit_kept_with_a_warning(tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADER + "Kbang,2017,budget_revenue,actual,12,vụ\n"
                     "Kbang,2017,criminal_cases,actual,12,chiếc\n")
    df, report = load_indicators(path)
    _nothing_lost(df, report, path)
    assert _codes(report) == ["unit_incompatible"] and "'vụ'" in report.rejected["reason"][0]
    assert list(report.warnings["code"]) == ["unit_mismatch"] and list(df["unit"]) == ["chiếc"]
    assert "value_reported" not in df  # nothing was converted


def test_vietnamese_headers_semicolons_and_bom(tmp_path):
    text = "Huyện;Năm;Chỉ tiêu;Loại;Giá trị;ĐVT\nH. Đăk Đoa;2017;Số vụ phạm pháp hình sự;TH;70;vụ\n"
    path = write_csv(tmp_path / "a.csv", text, encoding="utf-8-sig")
    df, report = load_indicators(path)
    assert report.ok and df.loc[0, "member_code"] == "626" and df.loc[0, "value"] == 70


def test_missing_measure_column_means_actual(tmp_path):
    path = write_csv(tmp_path / "a.csv", "district,year,indicator,value\nKbang,2017,criminal_cases,57\n")
    df, _ = load_indicators(path)
    assert list(df["measure"]) == ["actual"] and list(df["unit"]) == ["vụ"]


def test_missing_required_column_is_a_data_error(tmp_path):
    path = write_csv(tmp_path / "a.csv", "district,year,indicator\nKbang,2017,criminal_cases\n")
    with pytest.raises(DataError, match="thiếu cột 'Giá trị'"):
        load_indicators(path)


def test_xlsx_sheet_with_title_row_and_display_names(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", {
        "Ghi chú": [["Bảng này do phòng Nội vụ lập"]],
        "Số liệu": [["CHỈ TIÊU NĂM 2017"], [], ["Mã huyện", "Năm", "Chỉ tiêu", "Giá trị"],
                    ["626", 2017, "criminal_cases", 70], [625, 2017.0, "criminal_cases", 57]],
    })
    df, report = load_indicators(path, display_names={"626": "Đak Đoa"})
    _nothing_lost(df, report, path)
    assert report.ok and list(df["member"]) == ["Đak Đoa", "KBang"]
    assert list(df["source"]) == [f"{tmp_path.name}/f.xlsx#Số liệu!R4", f"{tmp_path.name}/f.xlsx#Số liệu!R5"]
    assert list(report.warnings["code"]) == ["sheet_skipped"]


def test_code_and_name_that_disagree(tmp_path):
    path = write_csv(tmp_path / "a.csv",
                     "district_code,district,year,indicator,value\n625,Đak Đoa,2017,criminal_cases,5\n")
    _, report = load_indicators(path)
    assert _codes(report) == ["unknown_district"] and "không khớp mã" in report.rejected.loc[0, "reason"]


AWARDS = "year,district,award,authority,recipient_kind,count\n"


def test_award_the_law_does_not_allow_is_kept_with_a_warning(tmp_path):
    path = write_csv(tmp_path / "a.csv", AWARDS + "2017,Kbang,Cờ thi đua,Thủ tướng Chính phủ,cá nhân,1\n")
    df, report = load_awards(path)
    assert report.ok and len(df) == 1 and df.loc[0, "award"] == "flag_government"
    assert list(report.warnings["code"]) == ["law_recipient"]
    assert "chỉ tặng cho tập thể" in report.warnings.loc[0, "message"]


def test_awards_posthumous_class_and_kind_from_catalogue(tmp_path):
    path = write_csv(tmp_path / "a.csv", AWARDS +
                     "2017,Kbang,truy tặng Bà mẹ Việt Nam anh hùng,Chủ tịch nước,,3\n"
                     "2017,Kbang,Huân chương Lao động hạng III,Chủ tịch nước,cá nhân,1\n"
                     "2017,Kbang,Cờ thi đua,UBND tỉnh,,1\n")
    df, report = load_awards(path)
    assert report.ok, report.rejected
    assert list(df["award"]) == ["mother_hero", "order_labour_3", "flag_province"]
    assert list(df["posthumous"]) == [True, False, False]
    assert list(df["recipient_kind"]) == ["individual", "individual", "collective"]
    assert list(df["count"]) == [3, 1, 1]
    assert report.warnings.empty


def test_award_count_rules(tmp_path):
    path = write_csv(tmp_path / "a.csv", AWARDS + "2017,Kbang,Giấy khen,UBND huyện,cá nhân,-2\n"
                     "2017,Kbang,Giấy khen,UBND huyện,tập thể,\"2,5\"\n2017,Kbang,Giấy khen,UBND huyện,cá nhân,\n"
                     "2017,Kbang,Giấy khen,UBND huyện,ai đó,4\n")
    df, report = load_awards(path)
    _nothing_lost(df, report, path)
    assert _codes(report) == ["negative_count", "fractional_count", "missing_count", "bad_recipient_kind"]


def test_unknown_award_is_kept_under_a_derived_key(tmp_path):
    path = write_csv(tmp_path / "a.csv", AWARDS + "2017,Kbang,Kỷ niệm chương,UBND tỉnh,cá nhân,4\n")
    df, report = load_awards(path)
    assert report.ok and df.loc[0, "award"] == "x_ki_niem_chuong"
    assert list(report.warnings["code"]) == ["unknown_award"]


def test_cluster_level_award_rows(tmp_path):
    path = write_csv(tmp_path / "a.csv", "year,cluster,award,authority,recipient_kind,count\n"
                     "2017,Cụm thi đua số 2,Bằng khen,province,collective,13\n,,Bằng khen,province,individual,4\n")
    df, report = load_awards(path)
    _nothing_lost(df, report, path)
    assert df.loc[0, "member_code"] == "" and df.loc[0, "cluster"] == "Cụm thi đua số 2"
    assert _codes(report) == ["missing_district"]


def test_assessments_and_votes(tmp_path):
    a = write_csv(tmp_path / "a.csv", "year,assessor,district,criterion,points\n2017,Kbang,Kbang,c1,9\n"
                  "2017,Kbang,Đak Pơ,c1,-1\n2017,Atlantis,Đak Pơ,c1,5\n")
    df, report = load_assessments(a)
    _nothing_lost(df, report, a)
    assert list(df["assessor_code"]) == ["625"] and _codes(report) == ["negative_points", "unknown_district"]
    v = write_csv(tmp_path / "v.csv", "year,district,proposal,votes_for,voters\n2017,Đak Pơ,Cờ thi đua,12,15\n"
                  "2017,Kbang,Cờ thi đua,16,15\n2017,An Khê,Bằng khen,,\n")
    df, report = load_votes(v, province="Gia Lai")
    _nothing_lost(df, report, v)
    assert list(df["proposal"]) == ["flag_province", "certificate_province"]
    assert _codes(report) == ["votes_exceed_voters"]


def test_unreadable_files_raise_data_error(tmp_path):
    with pytest.raises(DataError, match="không tìm thấy"):
        load_indicators(tmp_path / "missing.csv")
    (tmp_path / "fake.xlsx").write_bytes(b"PK\x03\x04not really a zip")
    with pytest.raises(DataError, match="fake.xlsx"):
        load_indicators(tmp_path / "fake.xlsx")
    (tmp_path / "bin.csv").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(DataError, match="bin.csv"):
        load_indicators(tmp_path / "bin.csv")


def test_utf16_and_windows_1258_csv_are_read(tmp_path):
    text = "district,year,indicator,value\nĐak Đoa,2017,Số vụ phạm pháp hình sự,1\n"
    df, report = load_indicators(write_csv(tmp_path / "u16.csv", text, "utf-16"))
    assert report.ok and report.warnings.empty and list(df["member_code"]) == ["626"]
    (tmp_path / "win.csv").write_bytes(to_windows_1258(text))
    df, report = load_indicators(tmp_path / "win.csv")
    assert list(df["member_code"]) == ["626"] and list(df["indicator"]) == ["criminal_cases"]
    assert list(report.warnings["code"]) == ["encoding"]


def test_a_folder_with_one_unreadable_file_loads_the_others(tmp_path):
    write_csv(tmp_path / "a.csv", HEADER + "Kbang,2017,criminal_cases,actual,5,vụ\n")
    (tmp_path / "b.xlsx").write_bytes(b"PK\x03\x04broken")
    df, report = load_indicators(tmp_path)
    assert len(df) == 1 and report.rows_read == report.rows_loaded == 1
    assert not report.ok and list(report.errors["file"]) == [f"{tmp_path.name}/b.xlsx"]
    assert "b.xlsx" in report.problem_lines()[0] and report.problem_lines()[0].startswith("LỖI")


@pytest.mark.parametrize("figure_span", ["E3:E4", "E2:E4"])
def test_merged_names_fill_down_and_merged_figures_do_not(tmp_path, figure_span):
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["district", "year", "indicator", "measure", "value", "unit"],
                ["Kbang", 2017, "criminal_cases", "actual", 57, "vụ"],
                [None, 2017, "traffic_accidents", "actual", 12, "vụ"],
                [None, 2017, "traffic_deaths", "actual", 5, "người"]]:
        sheet.append(row)
    sheet.merge_cells("A2:A4")
    sheet.merge_cells(figure_span)
    book.save(tmp_path / "merged.xlsx")
    df, report = load_indicators(tmp_path / "merged.xlsx")
    _nothing_lost(df, report, tmp_path / "merged.xlsx")
    assert list(df["member_code"]) == ["625"] * 3  # the name merged down names every row
    first = int(figure_span[1])
    assert df["value"].isna().sum() == 4 - first  # the figure is not copied into the rows below
    merged = report.warnings.set_index("code").loc["merged_data_cells", "message"]
    assert merged.endswith("dòng 4 để trống" if first == 3 else "các dòng 3–4 để trống")


def test_a_sheet_of_formulas_alone_is_named_not_just_empty(tmp_path):
    # openpyxl saves formulas without their values: every data cell reads as empty.
    import openpyxl
    book = openpyxl.Workbook()
    book.active.append(["district", "year", "indicator", "measure", "value", "unit"])
    book.active.append(['="Kbang"', "=2000+17", '="criminal_cases"', '="actual"', "=50+7", '="vụ"'])
    book.save(tmp_path / "formulas.xlsx")
    df, report = load_indicators(tmp_path / "formulas.xlsx")
    _nothing_lost(df, report, tmp_path / "formulas.xlsx")
    assert df.empty and set(report.warnings["code"]) == {"empty_table", "formula_without_value"}
    said = report.warnings.set_index("code").loc["formula_without_value", "message"]
    assert said.startswith("ô A2, B2, C2, D2, E2, F2 có công thức")  # each cell named, as Excel names it


# --- the invariant on generated messy CSVs -------------------------------------------

CELLS = {
    "district": st.sampled_from(["Kbang", "Đak Đoa", "H. Đăk Đoa", "Atlantis", "", "An Khê", "Châu Thành", "626"]),
    "year": st.sampled_from(["2016", "2017", "2017.0", "Năm 2016", "1900", "abc", ""]),
    "indicator": st.sampled_from(["criminal_cases", "Số vụ phạm pháp hình sự", "Tỷ lệ hộ nghèo", "Chỉ tiêu lạ", ""]),
    "measure": st.sampled_from(["actual", "plan", "TH", "KH", "", "??"]),
    "value": st.sampled_from(["5", "-3", "1.234,5", "12,5%", "-", "", "abc", "150", "0"]),
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.fixed_dictionaries(CELLS), min_size=1, max_size=25))
def test_invariant_on_messy_csv(tmp_path, rows):
    frame = pd.DataFrame(rows)
    path = tmp_path / "messy.csv"
    frame.to_csv(path, index=False)
    df, report = load_indicators(path)
    _nothing_lost(df, report, path)
    # A row of empty cells is layout, not data: it is not counted as read.
    assert report.rows_read == int((frame != "").any(axis=1).sum())
    assert len(df) == report.rows_loaded
    assert (report.rejected["reason"].str.contains("messy.csv:")).all()
    assert df["member_code"].isin(["625", "626", "623"]).all()


# --- every rejection code the loaders can give is exercised here ---------------------

MEMBERS = pd.DataFrame({"year": [2017, 2017], "member_code": ["626", "634"], "member": ["Đak Đoa", "Đak Pơ"]})
RUBRIC = {"criteria": [{"key": "movement", "label": "Tổ chức phong trào thi đua", "method": "assessed",
                        "max_points": 20, "aliases": ["Phong trào"]}]}
REJECTIONS = {
    "unknown_district": (load_indicators, HEADER + "Atlantis,2017,criminal_cases,actual,5,vụ\n"),
    "bad_year": (load_indicators, HEADER + "Kbang,20177,criminal_cases,actual,5,vụ\n"),
    "missing_indicator": (load_indicators, HEADER + "Kbang,2017,,actual,5,vụ\n"),
    "bad_measure": (load_indicators, HEADER + "Kbang,2017,criminal_cases,ước đoán,5,vụ\n"),
    "not_a_number": (load_indicators, HEADER + "Kbang,2017,criminal_cases,actual,năm vụ,vụ\n"),
    "below_minimum": (load_indicators, HEADER + "Kbang,2017,criminal_cases,actual,-1,vụ\n"),
    "above_maximum": (load_indicators, HEADER + "Kbang,2017,poor_household_rate,actual,101,%\n"),
    "unit_incompatible": (load_indicators, HEADER + "Kbang,2017,budget_revenue,actual,5,vụ\n"),
    "missing_district": (load_awards, AWARDS + "2017,,Giấy khen,UBND huyện,cá nhân,3\n"),
    "missing_award": (load_awards, AWARDS + "2017,Kbang,,UBND huyện,cá nhân,3\n"),
    "bad_recipient_kind": (load_awards, AWARDS + "2017,Kbang,Giấy khen,UBND huyện,,3\n"),
    "missing_count": (load_awards, AWARDS + "2017,Kbang,Giấy khen,UBND huyện,cá nhân,\n"),
    "negative_count": (load_awards, AWARDS + "2017,Kbang,Giấy khen,UBND huyện,cá nhân,-3\n"),
    "fractional_count": (load_awards, AWARDS + "2017,Kbang,Giấy khen,UBND huyện,cá nhân,1.5\n"),
    "bad_flag": (load_awards, "year,district,award,recipient_kind,count,posthumous\n"
                              "2017,Kbang,Giấy khen,cá nhân,3,có lẽ\n"),
    "missing_criterion": (load_assessments, "year,assessor,district,criterion,points\n2017,Kbang,Kbang,,5\n"),
    "missing_points": (load_assessments, "year,assessor,district,criterion,points\n2017,Kbang,Kbang,c1,\n"),
    "missing_assessor": (load_assessments, "year,district,criterion,điểm chấm chéo\n2017,Kbang,c1,4\n"),
    "negative_points": (load_assessments, "year,assessor,district,criterion,points\n2017,Kbang,Kbang,c1,-5\n"),
    "missing_proposal": (load_votes, "year,district,proposal,votes_for,voters\n2017,Kbang,,3,9\n"),
    "votes_exceed_voters": (load_votes, "year,district,proposal,votes_for,voters\n2017,Kbang,Cờ thi đua,10,9\n"),
    "missing_cluster": (load_clusters, "year,district,cluster,role\n2017,Kbang,,head\n"),
    "bad_role": (load_clusters, "year,district,cluster,role\n2017,Kbang,Cụm 2,thủ quỹ\n"),
    "bad_member_type": (load_clusters, "year,member,cluster,member_type\n2025,Sở Tài chính,Khối 1,hội đồng\n"),
    "missing_code": (load_clusters, "year,member,cluster,member_type\n2025,Sở Tài chính,Khối 1,cơ quan\n"),
    "agency_code_is_a_unit": (load_clusters, "year,member_code,member,cluster,member_type\n"
                                             "2025,625,Sở Tài chính,Khối 1,cơ quan\n"),
    "text_too_long": (load_indicators, HEADER + "Kbang,2017," + "x" * 1500 + ",actual,5,vụ\n"),
    "future_actual": (load_indicators, HEADER + f"Kbang,{dt.date.today().year + 1},criminal_cases,actual,5,vụ\n"),
    "duplicate": (load_indicators, HEADER + "Kbang,2017,criminal_cases,actual,5,vụ\n" * 2),
    "conflicting_duplicate": (load_indicators, HEADER + "Kbang,2017,criminal_cases,actual,5,vụ\n"
                                                        "Kbang,2017,criminal_cases,actual,6,vụ\n"),
    "not_a_member": (partial(load_indicators, members=MEMBERS), HEADER + "Kbang,2017,criminal_cases,actual,5,vụ\n"),
    "unknown_criterion": (partial(load_assessments, rubric=RUBRIC), "year,assessor,district,criterion,points\n"
                                                                   "2017,Kbang,Kbang,Công tác khác,5\n"),
}


@pytest.mark.parametrize("code", sorted(REJECTIONS))
def test_each_rejection_reason(tmp_path, code):
    loader, text = REJECTIONS[code]
    path = write_csv(tmp_path / "r.csv", text)
    df, report = loader(path)
    _nothing_lost(df, report, path)
    assert code in _codes(report)
    row = report.rejected[report.rejected["code"] == code].iloc[0]
    assert "r.csv:" in row["reason"] and "cột '" in row["reason"], row["reason"]
    # in English too: the same place and the reason in English (the code's meaning is in problem_codes.csv)
    from emulation_stats.load.report import problem_meanings
    english = [line for line in report.problem_lines(lang="en") if line.startswith("REJECTED")]
    assert code in problem_meanings() and f"REJECTED  {row['reason_en']}" in english
    assert "r.csv:" in row["reason_en"] and "column '" in row["reason_en"] and "cột" not in row["reason_en"]


def test_every_rejection_code_in_the_loader_is_tested(root):
    import ast
    used = set()
    for path in (root / "src" / "emulation_stats" / "load").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # issues.reject(errors, column, code, ...) and issues.reject_where(mask, column, code, message)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("reject", "reject_where") and len(node.args) >= 3:
                code = node.args[2]
                if isinstance(code, ast.Constant):
                    used.add(code.value)
    assert len(used) > 20  # the walk found the calls
    used |= {"duplicate", "conflicting_duplicate"}
    assert used <= set(REJECTIONS), used - set(REJECTIONS)


def test_a_score_sheet_headed_in_words_loads_and_a_missing_column_is_named_as_users_write_it(tmp_path):
    """Issue "Award lists, score sheets and forms": "Đơn vị chấm | Đơn vị được chấm | Tiêu chí | Điểm"
    is a score sheet; a sheet without the scored member is told the heading to write, never an
    internal field name (it said "thiếu cột member_code hoặc member")."""
    from emulation_stats.load.loaders import load_assessments

    path = write_csv(tmp_path / "cham.csv", "Năm,Đơn vị chấm,Đơn vị được chấm,Tiêu chí,Điểm\n"
                                            "2024,Bác Ái,Ninh Sơn,Tổ chức phong trào,15\n"
                                            "2024,Ninh Sơn,Bác Ái,Tổ chức phong trào,16\n")
    table, report = load_assessments(path, province="58")
    assert report.rows_read == report.rows_loaded == 2
    assert list(table["member_code"]) == ["585", "584"] and list(table["assessor_code"]) == ["584", "585"]
    missing = write_csv(tmp_path / "thieu.csv", "Năm,Đơn vị chấm,Tiêu chí,Điểm\n2024,Bác Ái,Tổ chức phong trào,15\n")
    with pytest.raises(DataError) as raised:
        load_assessments(missing, province="58")
    said = str(raised.value)
    assert "'Đơn vị được chấm'" in said and not re.search(r"\b[a-z]+_[a-z_]+\b", said.split(": ", 1)[1])


def _dak_po_awards(tmp_path, *rows: str):
    """Đak Pơ's 2017 awards, one line each: "award,authority,kind,count"."""
    body = "".join(f"2017,Đak Pơ,{row}\n" for row in rows)
    return load_awards(write_csv(tmp_path / "kt.csv", "Năm,Đơn vị,Hình thức khen thưởng,Cấp khen,Đối tượng,Số lượng\n"
                                 + body), province="64")


def test_an_award_written_with_its_issuer_is_the_award_and_the_issuer(tmp_path):
    """Issue "Award lists, score sheets and forms", points 1 and 7: "Giấy khen của Chủ tịch UBND
    huyện Đak Pơ" is a Giấy khen of the district level, not an unknown award under a made-up key;
    a catalogue name that holds "của" ("Cờ thi đua của Chính phủ") stays itself; a column that
    names the issuer wins."""
    table, report = _dak_po_awards(tmp_path, "Giấy khen của Chủ tịch UBND huyện Đak Pơ,,cá nhân,12",
                                   "Cờ thi đua của Chính phủ,,tập thể,1",
                                   "Giấy khen của Chủ tịch UBND huyện Đak Pơ,Chủ tịch UBND tỉnh,cá nhân,2")
    assert report.rows_loaded == 3
    assert not table["award"].str.startswith("x_").any()
    assert list(table["authority"]) == ["district", "prime_minister", "province"]
    assert table["award_name"].iloc[0] == "Giấy khen"
    assert "unknown_award" not in set(report.warnings["code"])


def test_cells_are_read_as_excel_shows_them(tmp_path):
    """Issue "Award lists, score sheets and forms", point 9: a rate in a cell formatted as a
    percentage (0.048 shown "4.8%") under a "%" unit is 4.8, not 0.048; a formula saved without
    its value (a file written by a program) is said with its cell, not read in silence."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Đơn vị", "Năm", "Chỉ tiêu", "Giá trị", "ĐVT"])
    sheet.append(["Kbang", 2017, "Tỷ lệ hộ nghèo", 0.048, "%"])
    sheet.append(["Kbang", 2017, "Tỷ lệ che phủ rừng", 0.6125, "%"])
    sheet.append(["Kbang", 2017, "Số vụ phạm pháp hình sự", 57, "vụ"])
    sheet.append(["Kbang", 2017, "Dân số trung bình", "=1+1", "người"])
    sheet["D2"].number_format = "0.0%"
    sheet["D3"].number_format = "0.00%"
    path = tmp_path / "ty_le.xlsx"
    book.save(path)
    table, report = load_indicators(path, province="64")
    values = dict(zip(table["indicator"], table["value"]))
    assert values["poor_household_rate"] == pytest.approx(4.8) and values["forest_cover_rate"] == pytest.approx(61.25)
    assert values["criminal_cases"] == 57  # a number not formatted as a percentage stays itself
    formula = report.warnings[report.warnings["code"] == "formula_without_value"]
    assert len(formula) == 1 and "D5" in formula["message"].iloc[0]
    assert report.rows_read == report.rows_loaded + len(report.rejected)


def test_an_issuer_abbreviated_or_with_its_place_is_its_level(tmp_path):
    """Issue "Award lists, score sheets and forms", point 1: "CT UBND P.", "UBND TX" and "Chủ tịch UBND
    phường Diên Hồng" are the commune and district levels, never an unknown issuer."""
    table, report = _dak_po_awards(tmp_path, "Giấy khen,CT UBND P.,cá nhân,3", "Giấy khen,UBND TX,cá nhân,4",
                                   "Giấy khen,Chủ tịch UBND phường Diên Hồng,tập thể,1")
    assert list(table["authority"]) == ["commune", "district", "commune"]
    assert "unknown_authority" not in set(report.warnings["code"])
