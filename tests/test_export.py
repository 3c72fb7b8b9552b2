"""Exports for people: readable headings, formula-like text kept as text, whole files."""

import openpyxl
import pandas as pd

from emulation_stats.pack.export import readable, safe_text, to_csv, to_xlsx

FRAME = pd.DataFrame({"member": ["=HYPERLINK(\"http://x\")", "Kbang"], "change": [-3.0, 16.0],
                      "assessment": ["worse", "better"], "award_name": ["@SUM(A1)", "+Bằng khen"]})


def test_formula_like_text_is_inert_in_csv(tmp_path):
    path = to_csv(FRAME, tmp_path / "a.csv")
    text = path.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and "'+Bằng khen" in text
    assert ",-3.0," in text  # numbers stay numbers
    assert text.splitlines()[0].startswith("Đơn vị,Tăng (+)/giảm (-),Đánh giá")
    assert safe_text(-3) == -3


def test_formula_like_text_is_text_in_xlsx(tmp_path):
    path = to_xlsx({"Bảng": FRAME}, tmp_path / "a.xlsx")
    sheet = openpyxl.load_workbook(path)["Bảng"]
    assert sheet["A2"].value == '=HYPERLINK("http://x")' and sheet["A2"].data_type == "s"
    assert sheet["D2"].value == "@SUM(A1)" and sheet["D2"].data_type == "s"
    assert sheet["B2"].value == -3 and sheet["C2"].value == "kém hơn"
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold


def test_readable_translates_values_and_headings():
    english = readable(FRAME, lang="en")
    assert list(english.columns) == ["Member", "Change", "Assessment", "Award"]
    assert list(readable(FRAME)["Đánh giá"]) == ["kém hơn", "tốt hơn"]


def test_atomic_write_leaves_no_temporary_file(tmp_path):
    to_csv(FRAME, tmp_path / "out" / "a.csv")
    to_xlsx({"x": FRAME}, tmp_path / "out" / "b.xlsx")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.csv", "b.xlsx"]


def test_forms_written_for_offices_keep_formula_like_names_as_text(tmp_path):
    from emulation_stats.io.award_templates import write_award_list

    recipients = pd.DataFrame({"recipient": ["=HYPERLINK(\"http://x\",\"bấm\")", "+Trần Văn B"],
                               "position": ["@chức vụ", "-"], "award": ["certificate_province"] * 2,
                               "recipient_kind": ["individual"] * 2, "decision": ["Số 1/QĐ-UBND"] * 2,
                               "posthumous": [False, False]})
    path = write_award_list(tmp_path / "ds.xlsx", district="huyện Kbang", year=2017, recipients=recipients)
    cells = [c for row in openpyxl.load_workbook(path)["Danh sách"].iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    assert any(c.value == '=HYPERLINK("http://x","bấm")' for c in cells)
