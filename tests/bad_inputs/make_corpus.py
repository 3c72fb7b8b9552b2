"""Write the corpus of bad inputs (tests/bad_inputs/expected.yaml says what each must do).

Every file is generated here, none edited by hand:

    .venv/bin/python tests/bad_inputs/make_corpus.py OUT_DIR [--no-large]

Files go into OUT_DIR/<table>/ so that ``emulation-stats validate`` knows each one's table.
"""

from __future__ import annotations

import argparse
import datetime
import io
import sys
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the tests' Windows-1258 writer (helpers.py)

from emulation_stats.io.award_templates import write_award_list, write_award_summary  # noqa: E402,E501
from emulation_stats.io.templates import FormLayout, write_indicator_form  # noqa: E402
from helpers import to_windows_1258  # noqa: E402

HEADER = "district,year,indicator,measure,value,unit\n"
GOOD = "Kbang,2017,Số vụ phạm pháp hình sự,actual,57,vụ\nĐak Đoa,2017,Số vụ phạm pháp hình sự,actual,70,vụ\n"
AWARDS = "year,district,award,authority,recipient_kind,count\n"
ASSESS = "year,assessor,district,criterion,points\n"


def text(folder: Path, name: str, content: str, encoding: str = "utf-8") -> None:
    (folder / name).write_bytes(content.encode(encoding))


def workbook(rows: list[list[object]], merges: list[str] = (), extra_sheet: bool = False) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    for row in rows:
        sheet.append(row)
    for span in merges:
        sheet.merge_cells(span)
    if extra_sheet:
        book.create_sheet("Ghi chú").append(["Ghi chú: số liệu sơ bộ"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def tidy_rows() -> list[list[object]]:
    return [["district", "year", "indicator", "measure", "value", "unit"],
            ["Kbang", 2017, "Số vụ phạm pháp hình sự", "actual", 57, "vụ"],
            ["Đak Đoa", 2017, "Số vụ phạm pháp hình sự", "actual", 70, "vụ"]]


def entity_bomb(base: bytes) -> bytes:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    dtd = f'<!DOCTYPE bomb [<!ENTITY l0 "lol">{entities}]>'
    source, out = zipfile.ZipFile(io.BytesIO(base)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = data.decode().split("?>", 1)[-1]
                data = (f'<?xml version="1.0"?>{dtd}' + body.replace(">Kbang<", ">&l9;<")).encode()
            target.writestr(item, data)
    return out.getvalue()


def zip_bomb(base: bytes) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(base)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/media/padding.bin", b"\0" * (300 * 2**20))  # 300 MB of zeros, ~300 KB packed
    return out.getvalue()


def million_rows(path: Path, rows: int = 1_000_000) -> None:
    from emulation_stats.core import catalog
    from emulation_stats.units.lists import districts

    names = districts()["district_code"].tolist()
    keys = list(catalog.indicators().table.index) + [f"Chỉ tiêu bổ sung {i}" for i in range(21)]
    years = range(1990, 2026)
    per_district = len(years) * len(keys)
    index = pd.RangeIndex(rows)
    frame = pd.DataFrame({
        "district_code": pd.Series(names, dtype=object).iloc[index // per_district].to_numpy(),
        "year": pd.Series(list(years)).iloc[(index % per_district) // len(keys)].to_numpy(),
        "indicator": pd.Series(keys).iloc[index % len(keys)].to_numpy(),
        "measure": "actual", "value": 10})
    frame.to_csv(path, index=False)


def make(out: Path, large: bool = True) -> list[Path]:
    folders = {t: out / t for t in ("indicators", "awards", "assessments", "votes", "clusters")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    ind, aw = folders["indicators"], folders["awards"]
    base = workbook(tidy_rows())
    text(ind, "empty_file.csv", "")
    text(ind, "header_only.csv", HEADER)
    (ind / "xlsx_named_csv.csv").write_bytes(base)
    text(ind, "csv_named_xlsx.xlsx", HEADER + GOOD)
    (ind / "windows_1258.csv").write_bytes(to_windows_1258(HEADER + GOOD))
    text(ind, "utf16.csv", HEADER + GOOD, "utf-16")
    (ind / "truncated.xlsx").write_bytes(base[: len(base) // 2])
    (ind / "not_a_zip.xlsx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    (ind / "binary.csv").write_bytes(bytes(range(256)) * 8)
    (ind / "zip_bomb.xlsx").write_bytes(zip_bomb(base))
    (ind / "entity_bomb.xlsx").write_bytes(entity_bomb(base))
    (ind / "password.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    text(ind, "missing_columns.csv", "district,year,indicator\nKbang,2017,Số vụ phạm pháp hình sự\n")
    (ind / "merged_data_rows.xlsx").write_bytes(workbook(
        [["district", "year", "indicator", "measure", "value", "unit"],
         ["Kbang", 2017, "Số vụ phạm pháp hình sự", "actual", 57, "vụ"],
         [None, 2017, "Số vụ tai nạn giao thông", "actual", 12, "vụ"],
         [None, 2017, "Số người chết do tai nạn giao thông", "actual", 5, "người"]],
        merges=["A2:A4", "E3:E4"]))
    (ind / "formulas_no_cache.xlsx").write_bytes(workbook(
        [tidy_rows()[0], ["Kbang", 2017, "Số vụ phạm pháp hình sự", "actual", "=50+7", "vụ"]]))
    text(ind, "year_as_float.csv", HEADER + "Kbang,2017.0,Số vụ phạm pháp hình sự,actual,57,vụ\n")
    text(ind, "year_as_text.csv", HEADER + "Kbang,Năm 2017,Số vụ phạm pháp hình sự,actual,57,vụ\n")
    text(ind, "negative_count.csv", HEADER + "Kbang,2017,Số vụ phạm pháp hình sự,actual,-3,vụ\n")
    text(ind, "impossible_percent.csv", HEADER + "Kbang,2017,Tỷ lệ hộ nghèo,actual,150,%\n")
    text(ind, "conflicting_duplicates.csv", HEADER + "Kbang,2017,Số vụ phạm pháp hình sự,actual,57,vụ\n"
         "KBang,2017,Phạm pháp hình sự,actual,58,vụ\n")
    text(ind, "identical_duplicates.csv", HEADER + "Kbang,2017,Số vụ phạm pháp hình sự,actual,57,vụ\n" * 2)
    text(ind, "unknown_district.csv", HEADER + "Atlantis,2017,Số vụ phạm pháp hình sự,actual,5,vụ\n")
    text(ind, "other_province.csv", HEADER + "Bác Ái,2017,Số vụ phạm pháp hình sự,actual,5,vụ\n")
    text(ind, "other_province_code.csv", "district_code,year,indicator,measure,value,unit\n"
         "625,2017,Số vụ phạm pháp hình sự,actual,57,vụ\n705,2017,Số vụ phạm pháp hình sự,actual,5,vụ\n")
    text(ind, "nfc_nfd_mixed.csv", HEADER + unicodedata.normalize("NFD", "Đak Đoa,2017,Số vụ phạm pháp hình sự")
         + ",actual,70,vụ\n" + "Kbang,2017,Số vụ phạm pháp hình sự,actual,57,vụ\n")
    text(ind, "zero_width_nbsp.csv", HEADER + "\u200bĐak\u00a0Đoa ,2017,Số\u00a0vụ phạm pháp\u200b hình sự,actual,"
         "\u00a070,vụ\n")
    text(ind, "long_name_cell.csv", HEADER + "Kbang,2017," + "x" * 100_000 + ",actual,57,vụ\n")
    text(ind, "long_value_cell.csv", HEADER + "Kbang,2017,Số vụ phạm pháp hình sự,actual," + "9" * 50_000
         + "x" * 50_000 + ",vụ\n")
    text(ind, "semicolon_bom_vietnamese_numbers.csv", "\ufeffdistrict;year;indicator;measure;value;unit\n"
         "Kbang;2017;Thu ngân sách nhà nước trên địa bàn;actual;1.234,5;tỷ đồng\n")
    text(ind, "blank_lines_and_padding.csv", "\n\n" + HEADER + "\n  Kbang  , 2017 , Số vụ phạm pháp hình sự ,"
         " actual , 57 , vụ \n\n")
    text(ind, "quoted_newline.csv", HEADER + 'Kbang,2017,"Số vụ phạm pháp\nhình sự",actual,57,vụ\n')
    text(ind, "unterminated_quote.csv", HEADER + 'Kbang,2017,"Số vụ phạm pháp hình sự,actual,57,vụ\n')
    text(ind, "bad_year.csv", HEADER + "Kbang,20177,Số vụ phạm pháp hình sự,actual,57,vụ\n")
    next_year = datetime.date.today().year + 1
    text(ind, "future_actual.csv", HEADER + f"Kbang,{next_year},Số vụ phạm pháp hình sự,actual,57,vụ\n")
    text(ind, "not_a_number.csv", HEADER + "Kbang,2017,Số vụ phạm pháp hình sự,actual,năm mươi bảy,vụ\n")
    (ind / "sheet_without_table.xlsx").write_bytes(workbook(tidy_rows(), extra_sheet=True))
    figures = pd.DataFrame({"indicator": ["criminal_cases"], "measure": ["actual"], "year": [2017], "value": [57]})
    write_indicator_form(ind / "form_no_district.xlsx", district="huyện Kbang", year=2017, figures=figures,
                         layout=FormLayout(district_in="none", prior_year=False, comparison=False))
    bad = figures.assign(value=["khoảng 57"])
    write_indicator_form(ind / "form_bad_cell.xlsx", district="huyện Kbang", year=2017, figures=bad,
                         layout=FormLayout(prior_year=False, comparison=False))
    text(aw, "negative_count.csv", AWARDS + "2017,Kbang,Giấy khen,UBND huyện,cá nhân,-3\n")
    text(aw, "fractional_count.csv", AWARDS + "2017,Kbang,Giấy khen,UBND huyện,cá nhân,1.5\n")
    text(aw, "flag_to_individual.csv", AWARDS + "2017,Kbang,Cờ thi đua của Chính phủ,Thủ tướng,cá nhân,1\n")
    text(aw, "unknown_award.csv", AWARDS + "2017,Kbang,Kỷ niệm chương vì sự nghiệp,UBND tỉnh,cá nhân,4\n")
    recipients = pd.DataFrame({"recipient": ["UBND xã A", "Nguyễn Văn An"], "position": ["", "Chủ tịch"],
                               "award": ["certificate_province"] * 2, "recipient_kind": ["collective", "individual"],
                               "decision": ["Số 1/QĐ-UBND ngày 01/02/2017"] * 2, "posthumous": [False, False]})
    write_award_list(aw / "list_without_sections.xlsx", district="huyện Kbang", year=2017, recipients=recipients)
    book = openpyxl.load_workbook(aw / "list_without_sections.xlsx")
    sheet = book["Danh sách"]
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, 2).value in ("TẬP THỂ", "CÁ NHÂN"):
            sheet.cell(row, 1).value = sheet.cell(row, 2).value = None
    book.save(aw / "list_without_sections.xlsx")
    summary = pd.DataFrame({"award": ["certificate_province"] * 2, "authority": ["province"] * 2,
                            "recipient_kind": ["collective", "individual"], "count": [3, 7],
                            "posthumous": [False, False]})
    write_award_summary(aw / "summary_bad_total.xlsx", district="huyện Kbang", year=2017, awards=summary)
    book = openpyxl.load_workbook(aw / "summary_bad_total.xlsx")
    sheet = book["Khen thưởng"]
    total = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "Tổng cộng")
    sheet.cell(total, 4).value = 99
    book.save(aw / "summary_bad_total.xlsx")
    text(folders["assessments"], "negative_points.csv", ASSESS + "2017,Kbang,Kbang,c1,-5\n")
    text(folders["assessments"], "missing_points.csv", ASSESS + "2017,Kbang,Đak Đoa,c1,\n")
    text(folders["votes"], "votes_exceed_voters.csv", "year,district,proposal,votes_for,voters\n"
         "2017,Kbang,Cờ thi đua,10,9\n")
    text(folders["clusters"], "bad_role.csv", "year,district,cluster,role\n2017,Kbang,Cụm 2,thủ quỹ\n")
    if large:
        million_rows(ind / "million_rows.csv")
    return sorted(p for p in out.rglob("*") if p.is_file())


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--no-large", action="store_true", help="skip the 1,000,000-row CSV")
    args = parser.parse_args()
    files = make(args.out, large=not args.no_large)
    print(f"{len(files)} files in {args.out}")
