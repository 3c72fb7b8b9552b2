"""Official report forms: every layout variant written by io.templates reads back to
the figures it was written from, with each figure traced to its cell."""

import csv
import unicodedata

import openpyxl
import pandas as pd
import pytest
import python_calamine

from emulation_stats import DataError, load_awards, load_indicators
from emulation_stats.io.award_templates import write_award_list, write_award_summary
from emulation_stats.io.templates import FormLayout, write_cluster_sheet, write_indicator_form
from emulation_stats.load.forms import describe_file

FIGURES = pd.DataFrame(
    [("criminal_cases", "actual", 2016, 50), ("criminal_cases", "plan", 2017, 48),
     ("criminal_cases", "actual", 2017, 57), ("criminal_cases", "plan", 2018, 52),
     ("budget_revenue", "actual", 2016, 120.5), ("budget_revenue", "plan", 2017, 130),
     ("budget_revenue", "actual", 2017, 1234.5), ("budget_revenue", "plan", 2018, 1300),
     ("poor_household_rate", "actual", 2016, 12.1), ("poor_household_rate", "plan", 2017, 10),
     ("poor_household_rate", "actual", 2017, 9.8), ("poor_household_rate", "plan", 2018, 8.5)],
    columns=["indicator", "measure", "year", "value"])
KEY = ["indicator", "year", "measure"]


def figures_in(df: pd.DataFrame) -> dict:
    return {(r.indicator, r.year, r.measure): r.value for r in df.itertuples()}


def expected(*, plans: bool = True, next_plan: bool = False, prior: bool = True) -> dict:
    rows = FIGURES
    if not plans:
        rows = rows[rows["measure"] == "actual"]
    if not next_plan:
        rows = rows[rows["year"] <= 2017]
    if not prior:
        rows = rows[rows["year"] >= 2017]
    return {(r.indicator, r.year, r.measure): float(r.value) for r in rows.itertuples()}


def write(tmp_path, name="kbang.xlsx", **layout):
    return write_indicator_form(tmp_path / name, district="huyện Kbang", year=2017, figures=FIGURES,
                                layout=FormLayout(**layout))


@pytest.mark.parametrize("style, plans", [("merged", True), ("th", True), ("words", True), ("bare", False),
                                          ("nam", False)])
def test_every_header_style_reads_back(tmp_path, style, plans):
    path = write(tmp_path, year_style=style, next_plan=True)
    df, report = load_indicators(path)
    assert report.ok and report.warnings.empty, report.problem_lines()
    assert figures_in(df) == expected(plans=plans, next_plan=plans)
    assert set(df["member_code"]) == {"625"} and set(df["source"].str.extract(r"!R\d+C(\d+)$")[0]) > set()


def test_two_row_header_spans_and_comparison_columns(tmp_path):
    (form,) = describe_file(write(tmp_path))
    found = form.describe().set_index("header")
    assert found.loc["Năm 2017 / Kế hoạch", "measure"] == "plan"
    assert found.loc["Năm 2017 / Thực hiện", "measure"] == "actual"
    assert found.loc["Thực hiện năm 2016", "year"] == 2016
    assert found.loc["So sánh (%) / TH/KH", "ignored"] != ""
    assert form.district.code == "625" and form.year == 2017 and "tiêu đề" in str(form.district_from)
    assert {"number_column", "name_column", "unit_column"} <= set(form.fixed)


def test_source_names_the_cell(tmp_path):
    path = write(tmp_path)
    df, _ = load_indicators(path)
    row = df[(df["indicator"] == "budget_revenue") & (df["year"] == 2017) & (df["measure"] == "actual")].iloc[0]
    number, column = map(int, row["source"].rsplit("!R", 1)[1].split("C"))
    sheet = openpyxl.load_workbook(path)["Biểu 01"]
    assert sheet.cell(number, column).value == 1234.5


@pytest.mark.parametrize("layout", [
    {"number_column": False}, {"spacer_column": True}, {"spacer_rows": True}, {"totals_row": True},
    {"numbering_row": False}, {"text_numbers": True}, {"nfd": True},
    {"number_column": False, "spacer_column": True, "text_numbers": True, "year_style": "th"},
], ids=lambda d: "+".join(d))
def test_layout_variants_read_back(tmp_path, layout):
    df, report = load_indicators(write(tmp_path, **layout))
    assert report.ok and report.warnings.empty, report.problem_lines()
    assert figures_in(df) == pytest.approx(expected())


def test_nfd_form_gives_nfc_text(tmp_path):
    df, _ = load_indicators(write(tmp_path, nfd=True))
    assert set(df["unit"]) == {"vụ", "tỷ đồng", "%"}
    assert all(unicodedata.is_normalized("NFC", u) for u in df["unit"])
    assert set(df["indicator"]) == {"criminal_cases", "budget_revenue", "poor_household_rate"}


@pytest.mark.parametrize("style", ["merged", "th", "words"])
def test_estimate_is_actual_with_a_warning(tmp_path, style):
    df, report = load_indicators(write(tmp_path, estimate=True, year_style=style))
    assert figures_in(df) == expected()
    assert list(report.warnings["code"]) == ["estimate"]
    assert "ước thực hiện" in report.warnings.loc[0, "message"]


def test_estimate_beside_actual_is_left_out(tmp_path):
    path = write(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book["Biểu 01"]
    column = sheet.max_column + 1
    sheet.cell(9, column, "Ước thực hiện 2017")
    for row in range(11, 20):
        if isinstance(sheet.cell(row, 1).value, int):  # item rows only
            sheet.cell(row, column, 1)
    book.save(path)
    df, report = load_indicators(path)
    assert figures_in(df) == expected() and report.ok


def test_district_from_sheet_name_and_file_name(tmp_path):
    (form,) = describe_file(write(tmp_path, district_in="sheet"))
    assert form.district.code == "625" and "trang tính" in str(form.district_from)
    path = write(tmp_path, name="bao_cao.xlsx", district_in="file")
    assert path.name == "bao_cao_kbang.xlsx"
    (form,) = describe_file(path)
    assert form.district.code == "625" and "tên tệp" in str(form.district_from)


def test_district_not_found_is_a_clear_error_unless_given(tmp_path):
    path = write(tmp_path, name="bao_cao.xlsx", district_in="none")
    with pytest.raises(DataError, match=r"bao_cao\.xlsx.*không xác định được đơn vị"):
        load_indicators(path)
    df, report = load_indicators(path, district="Đak Đoa", province="Gia Lai")
    assert set(df["member_code"]) == {"626"} and report.ok


def test_argument_that_contradicts_the_title_is_used_with_a_warning(tmp_path):
    df, report = load_indicators(write(tmp_path), district="Đak Đoa")
    assert set(df["member_code"]) == {"626"}
    assert list(report.warnings["code"]) == ["district_differs"]


def test_engines_give_the_same_frames_on_forms(tmp_path):
    path = write(tmp_path, text_numbers=True)
    a, _ = load_indicators(path, engine="calamine")
    b, _ = load_indicators(path, engine="openpyxl")
    pd.testing.assert_frame_equal(a, b)


def test_form_saved_as_csv_reads_without_merge_information(tmp_path):
    xlsx = write(tmp_path)
    rows = python_calamine.CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_name("Biểu 01").to_python()
    path = tmp_path / "huyen_kbang.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[("" if c == "" else c) for c in r] for r in rows])
    df, report = load_indicators(path)
    assert report.ok and figures_in(df) == expected()


def test_bad_cell_is_rejected_naming_cell_and_header(tmp_path):
    path = write(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book["Biểu 01"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == 1234.5)
    cell.value = "khoảng 1.200"
    book.save(path)
    df, report = load_indicators(path)
    assert len(df) + len(report.rejected) == len(expected())  # every figure of the form: loaded or refused
    (reason,) = report.rejected["reason"]
    assert f"!R{cell.row}C{cell.column}" in reason and "Năm 2017 / Thực hiện" in reason and "không phải số" in reason


def test_unlabelled_column_with_figures_is_reported(tmp_path):
    path = write(tmp_path, comparison=False)
    book = openpyxl.load_workbook(path)
    sheet = book["Biểu 01"]
    sheet.cell(12, 12, 99)
    book.save(path)
    _, report = load_indicators(path)
    assert "unlabelled_column" in set(report.warnings["code"])


def test_repeated_figures_of_two_reports_are_kept_once(tmp_path):
    later = FIGURES.assign(year=FIGURES["year"] + 1)
    both = pd.concat([FIGURES, later[later["year"] == 2018]])
    first = write_indicator_form(tmp_path / "a" / "2017.xlsx", district="huyện Kbang", year=2017, figures=both)
    changed = both.copy()
    changed.loc[(changed["year"] == 2017) & (changed["indicator"] == "criminal_cases")
                & (changed["measure"] == "actual"), "value"] = 58  # the 2018 report revises 2017
    second = write_indicator_form(tmp_path / "a" / "2018.xlsx", district="huyện Kbang", year=2018, figures=changed)
    df, report = load_indicators([first, second])
    assert report.rows_read == report.rows_loaded == len(df)
    assert not df.duplicated(KEY).any()
    assert int(report.files["repeated"].sum()) == 3  # the 2018 report's "Thực hiện năm 2017" column
    kept = figures_in(df)
    assert kept[("criminal_cases", 2017, "actual")] == 57  # the 2017 report's own figure wins
    (warning,) = report.warnings[report.warnings["code"] == "repeat_differs"].itertuples()
    assert "58" in warning.message and "57" in warning.message


def test_cluster_wide_sheet(tmp_path):
    rows = []
    for code, base in (("625", 50), ("626", 60), ("634", 10)):
        rows += [(code, "criminal_cases", "plan", 2017, base), (code, "criminal_cases", "actual", 2017, base + 7),
                 (code, "budget_revenue", "actual", 2017, base * 3.5)]
    figures = pd.DataFrame(rows, columns=["member_code", "indicator", "measure", "year", "value"])
    path = write_cluster_sheet(tmp_path / "cum.xlsx", cluster="Cụm thi đua số 2", year=2017, figures=figures,
                               districts=[("625", "Huyện Kbang"), ("626", "Huyện Đak Đoa"), ("634", "Huyện Đak Pơ")])
    df, report = load_indicators(path, province="Gia Lai")
    assert report.ok, report.problem_lines()
    got = {(r.member_code, r.indicator, r.measure): r.value for r in df.itertuples()}
    assert got == {(r.member_code, r.indicator, r.measure): float(r.value) for r in figures.itertuples()}


AWARDS = pd.DataFrame(
    [("order_labour_3", "president", "individual", 1, False), ("mother_hero", "president", "individual", 3, True),
     ("certificate_prime_minister", "prime_minister", "collective", 2, False),
     ("certificate_province", "province", "collective", 13, False),
     ("certificate_province", "province", "individual", 42, False),
     ("flag_province", "province", "collective", 1, False)],
    columns=["award", "authority", "recipient_kind", "count", "posthumous"])


def award_totals(df: pd.DataFrame) -> dict:
    return {(r.award, r.authority, r.recipient_kind, bool(r.posthumous)): int(r.count) for r in df.itertuples()}


def test_award_summary_reads_back(tmp_path):
    path = write_award_summary(tmp_path / "kt.xlsx", district="huyện Kbang", year=2017, awards=AWARDS)
    df, report = load_awards(path)
    assert report.ok and report.warnings.empty, report.problem_lines()
    assert award_totals(df) == award_totals(AWARDS)
    assert set(df["year"]) == {2017} and set(df["member_code"]) == {"625"}


def test_award_summary_total_that_does_not_add_up_is_named(tmp_path):
    path = write_award_summary(tmp_path / "kt.xlsx", district="huyện Kbang", year=2017, awards=AWARDS)
    book = openpyxl.load_workbook(path)
    sheet = book["Khen thưởng"]
    total = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "Tổng cộng")
    sheet.cell(total, 4).value = 99
    book.save(path)
    df, report = load_awards(path)
    assert award_totals(df) == award_totals(AWARDS)
    assert list(report.warnings["code"]) == ["total_mismatch"] and "99" in report.warnings.loc[0, "message"]


RECIPIENTS = pd.DataFrame(
    [("UBND xã Kon Pne", "", "certificate_province", "collective", "Số 12/QĐ-UBND ngày 05/03/2017", False),
     ("Trường THCS xã Đông", "", "certificate_province", "collective", "Số 12/QĐ-UBND ngày 05/03/2017", False),
     ("Nguyễn Văn An", "Chủ tịch UBND xã Đông", "certificate_province", "individual",
      "Số 12/QĐ-UBND ngày 05/03/2017", False),
     ("Trần Thị Bình", "Giáo viên", "certificate_province", "individual", "Số 12/QĐ-UBND ngày 05/03/2017", False),
     ("Lê Thị Cúc", "xã Sơn Lang", "mother_hero", "individual", "Số 45/QĐ-CTN ngày 01/09/2017", True)],
    columns=["recipient", "position", "award", "recipient_kind", "decision", "posthumous"])


def test_decision_list_is_counted_and_keeps_recipients(tmp_path):
    path = write_award_list(tmp_path / "ds.xlsx", district="huyện Kbang", year=2017, recipients=RECIPIENTS)
    df, report = load_awards(path)
    assert report.ok and report.rows_read == len(RECIPIENTS) and report.warnings.empty, report.problem_lines()
    assert award_totals(df) == {("certificate_province", "province", "collective", False): 2,
                                ("certificate_province", "province", "individual", False): 2,
                                ("mother_hero", "president", "individual", True): 1}
    assert df["count"].sum() == report.rows_loaded
    people, _ = load_awards(path, by_recipient=True)
    assert list(people["recipient"]) == list(RECIPIENTS["recipient"])
    assert people.loc[4, "decision_date"] == "01/09/2017" and bool(people.loc[4, "posthumous"])
    collective = df[df["recipient_kind"] == "collective"].iloc[0]
    assert collective["source"].endswith("!R10-11")


def test_decision_list_without_sections_needs_a_kind(tmp_path):
    path = write_award_list(tmp_path / "ds.xlsx", district="huyện Kbang", year=2017, recipients=RECIPIENTS)
    book = openpyxl.load_workbook(path)
    sheet = book["Danh sách"]
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, 2).value in ("TẬP THỂ", "CÁ NHÂN"):
            sheet.cell(row, 1).value = sheet.cell(row, 2).value = None
    book.save(path)
    _, report = load_awards(path)
    assert report.rows_read == len(RECIPIENTS) == report.rows_loaded + len(report.rejected)
    assert set(report.rejected["code"]) == {"bad_recipient_kind"}  # the mother_hero row's kind is implied
