"""Names of administrative units across the reform of 2025-07-01 (issue 22, points 4-8):
an exact name wins over one a tone mark apart, an old commune is found with its district,
an old unit named for a new year says where it went, files spanning the reform load, and
a district-level authority deciding after the reform is flagged."""

from __future__ import annotations

import time

import pandas as pd
import pytest

import emulation_stats as es
from emulation_stats.units.lists import FIRST_NEW_DAY, units
from emulation_stats.units.matching import exact_key, match_unit
from emulation_stats.units.reform import gone_message

# --- 4. names exactly as written win ------------------------------------------------------


def _listed_old_communes() -> pd.DataFrame:
    """The communes of the 2025-01-04 list (not those the conversion adds after it)."""
    table = units()
    return table[(table["level"] == "commune") & (table["valid_from"] == "")]


def test_every_unit_of_both_lists_is_found_by_its_exact_name():
    table = units()
    new = table[(table["level"] == "commune") & (table["valid_from"] == FIRST_NEW_DAY)]
    old = _listed_old_communes()
    assert len(new) == 3321 and len(old) == 10051
    started = time.perf_counter()
    wrong = []
    for code, kind, name, province in zip(new["code"], new["type"], new["name"], new["province_name"]):
        try:
            unit = match_unit(f"{kind} {name}", province, year=2025)
            if (unit.code, unit.era) != (code, "new"):
                wrong.append((name, province, code, unit.code))
        except es.DataError as exc:
            wrong.append((name, province, code, str(exc)))
    # The 2025-01-04 list has one name twice in one district (Thanh Hóa's xã Đông Khê,
    # 16387 and 16408): no name can tell them apart; the one the conversion carries on wins.
    twice = old.duplicated(["district_code", "type", "name"], keep=False)
    for code, kind, name, province, district, double in zip(old["code"], old["type"], old["name"],
                                                              old["province_name"], old["district_code"], twice):
        try:
            unit = match_unit(f"{kind} {name}", province, year=2024, within=district)
            if unit.era != "old" or (unit.code != code and not (double and unit.successors)):
                wrong.append((name, province, code, unit.code))
        except es.DataError as exc:
            wrong.append((name, province, code, str(exc)))
    elapsed = time.perf_counter() - started
    assert wrong == []
    assert int(twice.sum()) == 2  # only that pair
    assert elapsed < 10, f"{elapsed:.1f} s for {len(new) + len(old)} names"


@pytest.mark.parametrize(("name", "province", "code"), [
    ("Xã Cẩm Giàng", "Hải Phòng", "10903"), ("Xã Cẩm Giang", "Hải Phòng", "10888"),
    ("Xã Tân Thạnh", "Tây Ninh", "27826"), ("Xã Tân Thành", "Tây Ninh", "25534"),
    ("xã văn lăng", "Thái Nguyên", "05665"), ("XÃ VĂN LANG", "Thái Nguyên", "02143"),
    ("Lộc Thành", "Đồng Nai", "25294"), ("UBND xã Lộc Thạnh", "Đồng Nai", "25280"),
])
def test_an_exact_name_wins_whatever_its_case_or_type_word(name, province, code):
    assert match_unit(name, province, year=2025).code == code


def test_a_loose_spelling_of_two_such_names_is_still_ambiguous():
    with pytest.raises(es.DataError, match="không rõ"):
        match_unit("Xa Cam Giang", "Hải Phòng", year=2025)


def test_old_tone_placement_is_the_same_name():
    assert exact_key("Thanh Hoá") == exact_key("Thanh Hóa") and exact_key("thuỷ") == exact_key("thủy")
    assert exact_key("Cẩm Giàng") != exact_key("Cẩm Giang")


@pytest.mark.parametrize("written", [
    "xã Tân Minh, huyện Sóc Sơn", "Xã Tân Minh - Huyện Sóc Sơn", "xã Tân Minh (huyện Sóc Sơn, TP Hà Nội)",
    "UBND xã Tân Minh, H. Sóc Sơn", "xã Tân Minh huyện Sóc Sơn",
])
def test_an_old_commune_written_with_its_district(written):
    unit = match_unit(written, "Hà Nội", year=2024)
    assert unit.label == "xã Tân Minh" and unit.district_code == "016"  # huyện Sóc Sơn


def test_a_ward_with_its_quan_and_within_by_name_or_code():
    quang_trung = {match_unit(w, "Hà Nội", year=2024).code for w in
                   ("Phường Quang Trung, quận Đống Đa", "Phường Quang Trung quận Đống Đa")}
    assert len(quang_trung) == 1
    (code,) = quang_trung
    for within in ("quận Đống Đa", "Đống Đa", "006", "6"):
        assert match_unit("Phường Quang Trung", "Hà Nội", year=2024, within=within).code == code
    # Gia Lai had two Phường Tây Sơn (Pleiku, An Khê): the district decides.
    assert match_unit("Phường Tây Sơn, thị xã An Khê", "Gia Lai", year=2024).code == "23617"
    assert match_unit("Phường Tây Sơn, TP Pleiku", "Gia Lai", year=2024).code == "23575"
    assert match_unit("Phường Tây Sơn", "Gia Lai", year=2024, within="Pleiku").code == "23575"


def test_a_district_named_after_a_name_that_is_not_in_it_finds_nothing():
    with pytest.raises(es.DataError):
        match_unit("xã Tân Minh, huyện Đông Anh", "Hà Nội", year=2024)


# --- 6. old names in new years say where they went ----------------------------------------


def test_an_old_unit_in_a_new_year_comes_with_its_successors():
    unit = match_unit("Thị trấn Kon Dơng", "Gia Lai", year=2025)
    assert unit.era == "old" and not unit.exists_in(2025)
    assert [u.label for u in unit.successors] == ["xã Mang Yang"]
    assert all(u.exists_in(2025) for u in unit.successors)
    assert gone_message(unit) == "thị trấn Kon Dơng không còn từ 01/7/2025; nay thuộc xã Mang Yang"
    assert hash(unit) == hash(match_unit("TT. Kon Dơng", "Gia Lai", year=2025))  # still frozen, hashable
    assert match_unit("Xã Mang Yang", "Gia Lai", year=2025).successors == ()


def test_a_loose_type_word_still_finds_a_unique_old_unit():
    assert match_unit("xã Kon Dơng", "Gia Lai", year=2025).label == "thị trấn Kon Dơng"
    assert match_unit("Xã Kon Dơng", "Gia Lai", year=2024).label == "thị trấn Kon Dơng"


def test_an_old_district_or_province_names_its_successors():
    district = match_unit("Huyện Mang Yang", "Gia Lai", year=2025)
    assert "xã Mang Yang" in [u.label for u in district.successors] and len(district.successors) > 1
    assert "nay thuộc xã Mang Yang" in gone_message(district)
    province = match_unit("Bình Định", None, year=2024, level="province")
    assert [u.code for u in province.successors] == ["52"]


# --- 5. provinces over time ---------------------------------------------------------------

NEW_GIA_LAI = ("52", "Gia Lai", "Tỉnh Gia Lai")


def _commune_form(path, title_lines, year=2024, rows=((1, "Số vụ phạm pháp hình sự", "vụ", 4),)):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in [*title_lines, [f"BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM {year}"], [],
                ["TT", "Chỉ tiêu", "ĐVT", f"Thực hiện {year}"], *map(list, rows)]:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("province", NEW_GIA_LAI)
@pytest.mark.parametrize(("title", "code"), [
    (["UBND HUYỆN MANG YANG", "UBND THỊ TRẤN KON DƠNG"], "23794"),  # old Gia Lai (64)
    (["UBND XÃ IA DER"], None),  # old Gia Lai, by its name alone
    (["UBND THỊ XÃ AN NHƠN", "UBND PHƯỜNG NHƠN HƯNG"], None),  # old Bình Định (52)
])
def test_a_2024_form_of_an_old_commune_loads_under_the_new_province(tmp_path, province, title, code):
    path = _commune_form(tmp_path / "f.xlsx", [title] if isinstance(title, str) else [[t] for t in title])
    df, report = es.load_indicators(path, province=province)
    assert report.ok, report.problem_lines()
    assert report.rows_read == report.rows_loaded == 1
    unit = units().query("code == @df.member_code.iloc[0] and valid_from == ''")
    assert len(unit) == 1 and unit["province_code"].iloc[0] in ("64", "52")
    if code:
        assert df["member_code"].iloc[0] == code


@pytest.mark.parametrize("province", NEW_GIA_LAI)
def test_a_tidy_csv_with_old_commune_codes_loads_under_the_new_province(tmp_path, province):
    path = tmp_path / "chi_tieu.csv"
    path.write_text("year,member_code,member,indicator,value\n"
                    "2024,23794,Thị trấn Kon Dơng,criminal_cases,10\n"
                    "2024,23803,,criminal_cases,7\n"
                    "2024,21550,Phường Nhơn Bình,criminal_cases,3\n"
                    "2024,,Xã Hải Yang,criminal_cases,2\n", encoding="utf-8")
    df, report = es.load_indicators(path, province=province)
    assert report.ok, report.problem_lines()
    assert list(df["member_code"]) == ["23794", "23803", "21550", "23686"]
    assert list(df["member"]) == ["Kon Dơng", "Đăk Yă", "Nhơn Bình", "Hải Yang"]


# --- 7. files that span the reform --------------------------------------------------------


def test_a_tidy_csv_across_the_reform_loads_every_row(tmp_path):
    path = tmp_path / "chi_tieu.csv"
    path.write_text("year,member_code,member,indicator,value\n"
                    "2024,23614,Phường An Bình,criminal_cases,5\n"  # old An Bình of An Khê (same code)
                    "2024,24001,Xã Cư An,criminal_cases,2\n"
                    "2024,21550,Phường Nhơn Bình,criminal_cases,3\n"  # old Bình Định
                    "2025,23614,Phường An Bình,criminal_cases,8\n"  # the new ward, same code
                    "2025,23794,Xã Mang Yang,criminal_cases,34\n"
                    "2024,23803,Xã Đăk Yă,criminal_cases,7\n"
                    "2024,23794,Thị trấn Kon Dơng,criminal_cases,10\n", encoding="utf-8")
    for province in (None, *NEW_GIA_LAI):
        df, report = es.load_indicators(path, province=province)
        assert report.ok, report.problem_lines()
        assert report.rows_read == report.rows_loaded == 7
        assert list(df["member"]) == ["An Bình", "Cư An", "Nhơn Bình", "An Bình", "Mang Yang", "Đăk Yă",
                                      "Kon Dơng"]
        assert list(df["member_code"]) == ["23614", "24001", "21550", "23614", "23794", "23803", "23794"]


@pytest.mark.parametrize("province", (None, *NEW_GIA_LAI))
def test_a_new_units_own_figure_for_the_year_before_stays_the_new_units(tmp_path, province):
    # GSO gave Xã Mang Yang the code of old thị trấn Kon Dơng (23794): the name decides the list.
    path = tmp_path / "chi_tieu.csv"
    path.write_text("year,member_code,member,indicator,value\n"
                    "2025,23794,Xã Mang Yang,criminal_cases,34\n"
                    "2024,23794,Xã Mang Yang,criminal_cases,35\n", encoding="utf-8")
    df, report = es.load_indicators(path, province=province)
    assert report.ok and report.warnings.empty, report.problem_lines()
    assert list(df["member"]) == ["Mang Yang", "Mang Yang"] and list(df["member_code"]) == ["23794", "23794"]


def test_an_old_unit_written_for_a_new_year_is_kept_and_says_where_it_went(tmp_path):
    path = tmp_path / "chi_tieu.csv"
    path.write_text("year,member_code,member,indicator,value\n"
                    "2025,23794,Thị trấn Kon Dơng,criminal_cases,3\n"
                    "2025,,Xã Kon Dơng,traffic_accidents,4\n", encoding="utf-8")
    df, report = es.load_indicators(path, province="Gia Lai")
    assert report.rows_loaded == 2 and report.rejected.empty
    assert list(df["member"]) == ["Kon Dơng", "Kon Dơng"]
    (message,) = report.warnings.loc[report.warnings["code"] == "unit_no_longer_exists", "message"]
    assert message.startswith("thị trấn Kon Dơng không còn từ 01/7/2025; nay thuộc xã Mang Yang")


def test_a_name_that_fits_neither_list_of_its_code_is_still_refused(tmp_path):
    path = tmp_path / "chi_tieu.csv"
    path.write_text("year,member_code,member,indicator,value\n"
                    "2025,23614,Xã Ia Grai,criminal_cases,8\n"
                    "2024,23794,Xã Ia Grai,criminal_cases,8\n", encoding="utf-8")
    df, report = es.load_indicators(path, province="Gia Lai")
    assert df.empty and list(report.rejected["code"]) == ["unknown_district"] * 2
    assert all("không khớp mã" in r for r in report.rejected["reason"])


# --- 8. after the reform, by law ----------------------------------------------------------


def test_a_district_level_authority_deciding_after_the_reform_is_flagged(tmp_path):
    path = tmp_path / "awards.csv"
    path.write_text(
        "year,member,award,authority,recipient_kind,count,decision,decision_date\n"
        "2025,Xã Ia Grai,Giấy khen,Chủ tịch UBND huyện,tập thể,1,,15/08/2025\n"  # after: flagged
        "2025,Xã Ia Hrung,Giấy khen,UBND huyện,tập thể,2,,2025-03-10\n"  # before: fine
        "2025,Xã Ia Grai,Giấy khen,Chủ tịch UBND quận,cá nhân,1,QĐ số 12/QĐ-UBND ngày 2/9/2025,\n"
        "2025,Xã Ia Hrung,Giấy khen,Chủ tịch UBND thị xã An Khê,cá nhân,3,,\"ngày 01 tháng 7 năm 2025\"\n"
        "2026,Xã Ia Grai,Giấy khen,UBND huyện,hộ gia đình,1,,\n"  # no date, a year after the reform
        "2025,Xã Ia Grai,Giấy khen,Chủ tịch UBND xã,cá nhân,5,,20/12/2025\n"  # a commune: fine
        "2025,Xã Ia Grai,Bằng khen,Chủ tịch UBND thành phố Hà Nội,tập thể,1,,20/12/2025\n",  # a province
        encoding="utf-8")
    df, report = es.load_awards(path, province="Gia Lai")
    assert report.rows_read == report.rows_loaded + len(report.rejected) == 7 and report.rejected.empty
    flagged = report.warnings[report.warnings["code"] == "dissolved_authority"]
    assert [s.rsplit(":", 1)[-1] for s in flagged["source"]] == ["2", "4", "5", "6"]
    first = flagged["message"].iloc[0]
    assert "ngày 15/08/2025" in first and "không còn cấp huyện" in first and "dòng vẫn được giữ" in first
    assert "cho năm 2026" in flagged["message"].iloc[3]
    lines = report.problem_lines(lang="en")
    assert any("district-level authority" in line for line in lines)


def test_a_decision_list_form_dated_after_the_reform_is_flagged(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["UBND XÃ IA GRAI"], ["DANH SÁCH KHEN THƯỞNG NĂM 2025"], [],
                ["TT", "Họ và tên", "Hình thức khen thưởng", "Cấp khen", "Số quyết định", "Ngày quyết định"],
                [1, "Nguyễn Văn A", "Giấy khen", "Chủ tịch UBND huyện", "12/QĐ-UBND", "10/10/2025"],
                [2, "Trần Thị B", "Giấy khen", "Chủ tịch UBND huyện", "5/QĐ-UBND", "10/02/2025"]]:
        sheet.append(row)
    book.save(tmp_path / "khen.xlsx")
    df, report = es.load_awards(tmp_path / "khen.xlsx", province="Gia Lai", by_recipient=True)
    assert report.rows_read == report.rows_loaded + len(report.rejected) == 2
    flagged = report.warnings[report.warnings["code"] == "dissolved_authority"]
    assert len(flagged) == 1 and "10/10/2025" in flagged["message"].iloc[0]


def test_a_2025_form_titled_with_a_unit_that_is_gone_is_refused_saying_where_it_went(tmp_path):
    import openpyxl

    book = openpyxl.load_workbook("data/sample_2026/indicators/2025/chi_tieu_2025_23794.xlsx")
    sheet = book.active
    sheet["A1"] = "UBND THỊ TRẤN KON DƠNG"
    sheet["A6"] = "(Kèm theo Báo cáo số /BC-UBND ngày tháng 12 năm 2025 của UBND thị trấn Kon Dơng)"
    path = tmp_path / "bao_cao_2025.xlsx"
    book.save(path)
    with pytest.raises(es.DataError) as caught:
        es.load_indicators(path, province="Gia Lai")
    message = str(caught.value)
    assert "thị trấn Kon Dơng không còn từ 01/7/2025; nay thuộc xã Mang Yang" in message
    assert "Traceback" not in message


def test_an_old_unit_in_a_cluster_list_of_2025_is_refused_with_its_successor(tmp_path):
    path = tmp_path / "clusters.csv"
    path.write_text("province_code,cluster,year,member_code,member,role\n"
                    "52,Cụm 3,2025,,Thị trấn Kon Dơng,head\n52,Cụm 3,2025,23764,Xã Ia Grai,member\n", encoding="utf-8")
    frame, report = es.load_clusters(path, province="Gia Lai")
    assert report.rows_read == report.rows_loaded + len(report.rejected) == 2
    assert frame["member_code"].tolist() == ["23764"]  # never 23794 (Xã Mang Yang's code) under the old name
    (reason,) = report.rejected["reason"]
    assert "nay thuộc xã Mang Yang" in reason and "clusters.csv:2" in reason


def test_an_old_unit_named_as_an_assessor_in_2025_is_said_with_its_successor(tmp_path):
    path = tmp_path / "cham_diem.csv"
    path.write_text("year,cluster,assessor,member_code,criterion,points\n"
                    "2025,Cụm 3,Thị trấn Kon Dơng,23764,movement,15\n", encoding="utf-8")
    frame, report = es.load_assessments(path, province="Gia Lai")
    said = " ".join(report.rejected["reason"].tolist() + report.warnings["message"].tolist())
    assert "thị trấn Kon Dơng không còn từ 01/7/2025; nay thuộc xã Mang Yang" in said
    assert report.rows_read == report.rows_loaded + len(report.rejected)


def test_a_2025_form_with_a_gone_unit_in_one_line_and_the_new_in_another_is_placed_and_said(tmp_path):
    import openpyxl

    book = openpyxl.load_workbook("data/sample_2026/indicators/2025/chi_tieu_2025_23794.xlsx")
    book.active["A1"] = "UBND THỊ TRẤN KON DƠNG"  # the subtitle still says "của UBND xã Mang Yang"
    path = tmp_path / "bao_cao_2025.xlsx"
    book.save(path)
    frame, report = es.load_indicators(path, province="Gia Lai")
    assert set(frame["member_code"]) == {"23794"} and report.rejected.empty
    said = report.warnings[report.warnings["code"] == "member_conflict"]["message"].tolist()
    assert len(said) == 1 and "thị trấn Kon Dơng không còn từ 01/7/2025; nay thuộc xã Mang Yang" in said[0]
