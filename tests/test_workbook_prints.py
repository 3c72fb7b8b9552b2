"""The workbook as a secretary prints it (issue 23, point 6): A4, text of 8 pt or more,
figures formatted, words for yes/no and for every key, no empty sheet, the vote."""

from __future__ import annotations

import re
import shutil
import subprocess

import openpyxl
import pytest

pytestmark = pytest.mark.slow  # LibreOffice prints the workbook: in make test, skipped by -m "not slow"

CASES = [("sample", 2024), ("gia_lai_2017", 2017), ("sample_2026", 2025)]
PATH = re.compile(r"\S*[/.#]\S*")
KEY = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # budget_revenue, mother_hero, mean_excluding_self


@pytest.fixture(scope="module", params=CASES, ids=[c[0] for c in CASES])
def workbook(request, built_pack):
    """The workbook of the dataset's whole pack (built once for the session)."""
    name, year = request.param
    return name, built_pack(name, year).out_dir / f"review_{year}.xlsx"


def _text_cells(sheet):
    return (cell for row in sheet.iter_rows() for cell in row)


def test_every_sheet_is_a4_and_fitted_to_the_width(workbook):
    for sheet in openpyxl.load_workbook(workbook[1]).worksheets:
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.max_row >= 2, f"{sheet.title} is empty"


def test_no_key_no_true_false_and_every_figure_formatted(workbook):
    for sheet in openpyxl.load_workbook(workbook[1]).worksheets:
        for cell in _text_cells(sheet):
            value = cell.value
            assert not isinstance(value, bool), (sheet.title, cell.coordinate)
            if isinstance(value, str):
                assert value.upper() not in {"TRUE", "FALSE"}, (sheet.title, cell.coordinate)
                words = PATH.sub("", value)  # a file's name or a cell's address may have underscores
                assert not KEY.search(words), (sheet.title, cell.coordinate, value)
            elif isinstance(value, (int, float)) and cell.row > 1:
                assert cell.number_format != "General", (sheet.title, cell.coordinate, value)


def test_the_vote_has_a_sheet_where_the_dataset_has_votes(workbook):
    name, path = workbook
    book = openpyxl.load_workbook(path)
    assert "Phiếu bầu" in book.sheetnames  # the three datasets all have votes.csv
    if name == "gia_lai_2017":
        values = [v for row in book["Phiếu bầu"].iter_rows(values_only=True) for v in row]
        assert "Đak Pơ" in values and "Cờ thi đua của Ủy ban nhân dân tỉnh" in values


def test_the_score_table_prints_narrow(workbook):
    book = openpyxl.load_workbook(workbook[1])
    for sheet in book.worksheets:  # 21 columns printed as a strip 3 pt high before
        assert sheet.max_column <= 20, sheet.title


def _word_heights(pdf):
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    for page in out.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', page)
        # the page header and footer (the illustrative mark, the page number) are left out
        yield [float(b) - float(a) for a, b, _ in words if 0.08 * height < float(a) and float(b) < 0.92 * height]


def test_no_printed_page_has_body_text_under_8_pt(workbook, tmp_path):
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice or poppler-utils not installed here")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(workbook[1])],
                   check=True, capture_output=True, timeout=300)
    pdf = tmp_path / workbook[1].with_suffix(".pdf").name
    pages = list(_word_heights(pdf))
    assert pages
    for number, heights in enumerate(pages, start=1):
        # a word's box is its line of text: about 1.2-1.3 times the font size; 9.2 pt is 8 pt text or more
        assert not heights or min(heights) >= 9.2, (number, min(heights))


def test_no_sheet_or_column_of_the_workbook_is_printed_empty(built_pack):
    """What the pack found none of (rejected rows, warnings, checks) is said on the first
    sheet, not on a page of its own; no column is printed with nothing in it."""
    book = openpyxl.load_workbook(built_pack("sample", 2024).out_dir / "review_2024.xlsx")
    assert "Dòng bị loại" not in book.sheetnames  # data/sample rejects nothing
    first = [row for row in book["Giới thiệu"].iter_rows(values_only=True)]
    assert ("Dòng bị loại", "Không có dòng nào bị loại khi nạp số liệu.") in first
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) > 1, sheet.title
        for column in zip(*rows[1:]):
            assert any(v not in (None, "") for v in column), sheet.title
