"""Administrative units before and after the reform of 2025-07-01: the lists, where they do
not meet, and finding a unit however an office writes it."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

import emulation_stats as es
from emulation_stats.core.resources import read_reference
from emulation_stats.units.lists import FIRST_NEW_DAY, reform_gaps, units
from emulation_stats.units.matching import match_unit
from emulation_stats.units.reform import note_class

ABBREVIATIONS = {"xã": "X.", "phường": "P.", "đặc khu": "ĐK", "thị trấn": "TT."}


def test_the_lists_before_and_after(tmp_path):
    table = units()
    new = table[table["valid_from"] == FIRST_NEW_DAY]
    assert (new["level"] == "province").sum() == 34 and (new["level"] == "commune").sum() == 3321
    old = table[table["valid_from"] != FIRST_NEW_DAY]
    assert (old["level"] == "province").sum() == 63 and (old["level"] == "district").sum() == 696
    assert set(new.loc[new["level"] == "commune", "type"]) == {"xã", "phường", "đặc khu"}
    assert not table["type"].eq("").any()


def test_each_class_where_the_lists_do_not_meet_is_counted_and_handled():
    gaps = reform_gaps()
    assert {k: len(v) for k, v in gaps.items()} == {"changed_before_reform": 28, "created_after_list": 10,
                                                     "without_old_commune": 6}
    table = units()
    old_communes = table[(table["level"] == "commune") & (table["valid_from"] != FIRST_NEW_DAY)]
    # Changed in the first half of 2025: still an old unit, found for an old year.
    assert set(gaps["changed_before_reform"]["commune_code"]) <= set(old_communes["code"])
    # Created after the list: an old unit too, taken from the conversion.
    late = old_communes[old_communes["code"].isin(gaps["created_after_list"]["old_commune_code"])]
    assert len(late) == 10 and (late["valid_from"] == "2025-01-05").all()
    # No old commune: the new unit exists, and the note says it is a whole old district.
    for row in gaps["without_old_commune"].itertuples():
        assert match_unit(row.new_commune_name, province=row.new_province_code, year=2025).code == row.new_commune_code
    assert (gaps["without_old_commune"]["note"].map(note_class) == "whole").all()


def test_every_note_of_the_conversion_list_is_classified():
    notes = read_reference("vn_communes_2025-07-01_conversion.csv")["note"].value_counts()
    classes = {note: note_class(note) for note in notes.index}
    assert set(classes.values()) == {"whole", "part", "part_area_all_people"}
    assert classes["Nhập một phần diện tích, toàn bộ dân số"] == "part_area_all_people"
    assert classes["Nhâp một phần diện tích"] == classes["Nhập một  phần"] == "part"
    assert classes["Phần còn lại sau khi tách một phần vào xã Canh Vinh"] == "part"
    assert classes["Sắp xếp toàn bộ huyện Côn Đảo thành đặc khu Côn Đảo"] == "whole"
    assert len(classes) == 21


def test_the_contract_cases():
    assert match_unit("UBND xã Ia Grai", province="Gia Lai", year=2025).code == "23764"
    assert match_unit("Phường An Bình", province="Gia Lai", year=2025).code == "23614"
    assert match_unit("H. Kbang", province="Gia Lai", year=2017).code == "625"
    with pytest.raises(es.DataError) as error:
        match_unit("Phường An Bình", year=2025)
    assert "Gia Lai" in str(error.value) and "Đồng Tháp" in str(error.value) and "Cần Thơ" in str(error.value)


def test_a_province_means_its_own_period_and_an_old_province_its_successor():
    assert match_unit("Gia Lai", year=2025, level="province").code == "52"
    assert match_unit("Gia Lai", year=2017, level="province").code == "64"
    # Old Bình Định is part of the new Gia Lai: its communes are found under either name.
    assert match_unit("Phường Quy Nhơn", province="Bình Định", year=2025).province_code == "52"


def test_an_old_name_in_a_new_year_is_found_and_marked_as_gone():
    unit = match_unit("Thị trấn Kbang", province="Gia Lai", year=2024)
    assert unit.exists_in(2024) and unit.era == "old" and unit.level == "commune"
    gone = match_unit("Huyện Kbang", province="Gia Lai", year=2025)
    assert gone.code == "625" and not gone.exists_in(2025)


def test_numbered_wards_and_abbreviations():
    # Numbered wards of old Hồ Chí Minh City repeat across its districts: named as ambiguous.
    with pytest.raises(es.DataError, match="không rõ"):
        match_unit("P15", province="Hồ Chí Minh", year=2020)
    assert match_unit("Phường 01", province="Vĩnh Long", year=2020) == match_unit("P1", province="Vĩnh Long",
                                                                                   year=2020)


def _new_units_sample(n: int = 300) -> pd.DataFrame:
    table = units()
    new = table[(table["level"] == "commune") & (table["valid_from"] == FIRST_NEW_DAY)]
    unique = new[~new.duplicated(["province_code", "key"], keep=False)]
    return unique.iloc[:: max(len(unique) // n, 1)].head(n)


def spellings(row) -> list[str]:
    full = f"{row.type} {row.name}"
    return [f"UBND {full}".upper(), f"{ABBREVIATIONS[row.type]} {row.name}",
            unicodedata.normalize("NFD", full.lower())]


def test_three_hundred_new_units_each_under_three_spellings():
    sample = _new_units_sample()
    assert len(sample) == 300
    misses = [(text, row.code) for row in sample.itertuples() for text in spellings(row)
              if match_unit(text, province=row.province_name, year=2026).code != row.code]
    assert not misses, misses[:10]


# --- loading the reports of the new units ---------------------------------------------------

def _form(path, title: str, year: int, lines: list[list[object]]):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Biểu 01"
    for row in ([title, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                [f"BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM {year}"], [],
                ["TT", "Chỉ tiêu", "ĐVT", f"Thực hiện {year - 1}", f"Thực hiện {year}"], *lines):
        sheet.append(row)
    book.save(path)
    return path


def test_a_2025_commune_form_finds_its_member_in_the_new_gia_lai(tmp_path):
    path = _form(tmp_path / "bc_2025.xlsx", "UBND XÃ IA GRAI", 2025,
                 [[1, "Số vụ phạm pháp hình sự", "vụ", 12, 9], [2, "Dân số trung bình", "người", 25123, 25480]])
    df, report = es.load_indicators(path, province="Gia Lai")
    assert report.ok and report.warnings.empty
    # Its repeat of 2024 is the new commune's too: the report's year decides the list.
    assert set(df["member_code"]) == {"23764"} and set(df["member"]) == {"Ia Grai"}
    assert sorted(df["year"].unique()) == [2024, 2025]
    text = es.describe_changes(es.compare_years(df, 2024, 2025))
    assert text.startswith("Về phạm pháp hình sự: xã Ia Grai xảy ra 09 vụ")


def test_a_2017_form_still_finds_kbang(tmp_path):
    path = _form(tmp_path / "bc_2017.xlsx", "UBND HUYỆN KBANG", 2017, [[1, "Số vụ phạm pháp hình sự", "vụ", 50, 57]])
    df, report = es.load_indicators(path, province="Gia Lai")
    assert report.ok and set(df["member_code"]) == {"625"}


def test_an_old_district_named_for_2025_is_kept_and_said_to_be_gone(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("district,year,indicator,measure,value\nHuyện Kbang,2025,Số vụ phạm pháp hình sự,actual,9\n"
                    "Kbang,2024,Số vụ phạm pháp hình sự,actual,12\n", encoding="utf-8")
    df, report = es.load_indicators(path, province="Gia Lai")
    assert report.ok and set(df["member_code"]) == {"625"}
    (message,) = report.warnings.loc[report.warnings["code"] == "unit_no_longer_exists", "message"]
    assert "huyện KBang" in message and "01/07/2025" in message


def test_a_bare_name_means_the_unit_of_its_period():
    # "Kbang" was a district until 2025 and is a commune since: the year decides.
    assert match_unit("Kbang", province="Gia Lai", year=2017).label == "huyện KBang"
    assert match_unit("Kbang", province="Gia Lai", year=2025).label == "xã Kbang"


def test_an_award_or_proposal_for_a_dissolved_unit_is_flagged(tmp_path):
    path = tmp_path / "awards.csv"
    path.write_text("year,district,award,authority,recipient_kind,count\n"
                    "2025,Huyện Kbang,Giấy khen,UBND huyện,tập thể,2\n2025,Xã Ia Grai,Giấy khen,UBND xã,tập thể,1\n",
                    encoding="utf-8")
    df, report = es.load_awards(path, province="Gia Lai")
    assert report.ok and len(df) == 2
    (message,) = report.warnings.loc[report.warnings["code"] == "dissolved_unit", "message"]
    assert "huyện KBang" in message and "15/2025/TT-BNV" in message
    votes = tmp_path / "votes.csv"
    votes.write_text("year,district,proposal,votes_for,voters\n2025,Huyện Kbang,Cờ thi đua,3,9\n", encoding="utf-8")
    _, report = es.load_votes(votes, province="Gia Lai")
    assert list(report.warnings["code"]) == ["dissolved_unit"]


def test_the_command_takes_unit_for_a_form_that_names_none(tmp_path, capsys):
    from emulation_stats.cli import EXIT_OK, main

    path = _form(tmp_path / "bieu.xlsx", "ỦY BAN NHÂN DÂN", 2025, [[1, "Số vụ phạm pháp hình sự", "vụ", 12, 9]])
    assert main(["validate", str(path), "--unit", "Xã Ia Grai", "--province", "Gia Lai"]) == EXIT_OK
    assert main(["validate", str(path), "--district", "Xã Ia Grai", "--province", "Gia Lai"]) == EXIT_OK


def test_a_district_line_chooses_among_wards_of_one_name(tmp_path):
    import openpyxl

    def form(path, lines):
        book = openpyxl.Workbook()
        sheet = book.active
        for row in [*lines, ["BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2024"], [],
                    ["TT", "Chỉ tiêu", "ĐVT", "Thực hiện 2024"], [1, "Số vụ phạm pháp hình sự", "vụ", 4]]:
            sheet.append(row)
        book.save(path)
        return path

    # Old Pleiku and old An Khê each had a Phường Tây Sơn (23575, 23617).
    pleiku = form(tmp_path / "a.xlsx", [["UBND THÀNH PHỐ PLEIKU"], ["UBND PHƯỜNG TÂY SƠN"]])
    df, report = es.load_indicators(pleiku, province="Gia Lai")
    assert report.ok and set(df["member_code"]) == {"23575"}
    an_khe = form(tmp_path / "b.xlsx", [["UBND THỊ XÃ AN KHÊ"], ["UBND PHƯỜNG TÂY SƠN"]])
    assert set(es.load_indicators(an_khe, province="Gia Lai")[0]["member_code"]) == {"23617"}
    alone = form(tmp_path / "c.xlsx", [["UBND PHƯỜNG TÂY SƠN"]])
    with pytest.raises(es.DataError, match="không xác định được đơn vị"):
        es.load_indicators(alone, province="Gia Lai")
