"""Reading files: both engines agree, and unsafe or disguised files are refused before parsing."""

import zipfile

import pandas as pd
import pytest

from emulation_stats import DataError, load_awards, load_indicators
from emulation_stats.io import LIMITS, check_file, read_grids
from helpers import ROOT, write_csv, write_xlsx


def test_calamine_and_openpyxl_give_the_same_frames():
    folder = ROOT / "data" / "sample" / "indicators"
    fast, fast_report = load_indicators(folder, engine="calamine")
    slow, slow_report = load_indicators(folder, engine="openpyxl")
    pd.testing.assert_frame_equal(fast, slow)
    assert fast_report.rows_read == slow_report.rows_read == len(fast) > 0


def test_engines_agree_on_mixed_cells(tmp_path):
    path = write_xlsx(tmp_path / "awards.xlsx", {"KT": [
        ["BẢNG TỔNG HỢP KHEN THƯỞNG"], [None],
        ["Năm", "Huyện", "Hình thức khen thưởng", "Cấp khen", "Đối tượng", "Số lượng"],
        [2017, "Kbang", "Bằng khen", "UBND tỉnh", "tập thể", 3],
        ["2017", "H. Đăk Đoa", "Huân chương Lao động hạng III", "Chủ tịch nước", "cá nhân", "1"],
        [2017.0, "Đak Pơ", "Giấy khen", "UBND huyện", "cá nhân", 12.0],
    ]})
    fast, _ = load_awards(path, engine="calamine")
    slow, _ = load_awards(path, engine="openpyxl")
    pd.testing.assert_frame_equal(fast, slow)
    assert list(fast["count"]) == [3, 1, 12]


def test_unknown_engine():
    with pytest.raises(ValueError):
        read_grids(ROOT / "data" / "gia_lai_2017" / "votes.csv", engine="xlrd")


def test_content_decides_not_the_extension(tmp_path):
    disguised_csv = write_csv(tmp_path / "indicators.xlsx",
                              "district,year,indicator,value\nKbang,2017,criminal_cases,5\n")
    assert check_file(disguised_csv) == "csv"
    df, _ = load_indicators(disguised_csv)
    assert list(df["value"]) == [5]
    real_xlsx = write_xlsx(tmp_path / "x.xlsx", {"S": [["district", "year", "indicator", "value"],
                                                      ["Kbang", 2017, "criminal_cases", 5]]})
    disguised_xlsx = real_xlsx.rename(tmp_path / "indicators.csv")
    assert check_file(disguised_xlsx) == "xlsx"
    assert list(load_indicators(disguised_xlsx)[0]["value"]) == [5]


def test_encrypted_or_legacy_workbook_is_refused(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 600)
    with pytest.raises(DataError, match="mật khẩu"):
        check_file(path)


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(DataError, match="không phải sổ tính"):
        check_file(path)


def test_zip_bomb_is_refused_before_parsing(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (20 * 2**20))
    assert path.stat().st_size < 200_000
    with pytest.raises(DataError, match="zip bomb"):
        check_file(path)


def _zipfile_view(path):
    with zipfile.ZipFile(path) as archive:
        return [(m.filename, m.compress_size, m.file_size, m.compress_type, m.header_offset)
                for m in archive.infolist()]


def _odd_archives(folder):
    """Archives the quick directory reader must either read as zipfile does or leave to it."""
    plain = write_xlsx(folder / "plain.xlsx", {"S": [["a", 1]]})
    commented = folder / "commented.xlsx"
    with zipfile.ZipFile(commented, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sổ.xml", "<x/>")  # a UTF-8 member name
        archive.comment = b"written by a district office"
    prepended = folder / "prepended.xlsx"
    prepended.write_bytes(b"junk before the archive" + plain.read_bytes())
    forced64 = folder / "zip64.xlsx"
    with zipfile.ZipFile(forced64, "w") as archive:
        with archive.open("xl/workbook.xml", "w", force_zip64=True) as handle:
            handle.write(b"<workbook/>")
    return [plain, commented, prepended, forced64]


def test_quick_zip_directory_reads_what_zipfile_reads(tmp_path):
    from emulation_stats.io.safety import _check_zip, _plain_directory
    workbooks = sorted((ROOT / "data").rglob("*.xlsx")) + _odd_archives(tmp_path)
    read_quickly = 0
    for path in workbooks:
        with path.open("rb") as handle:
            quick = _plain_directory(handle)
            _check_zip(handle, path.name, LIMITS)  # accepted either way
        if quick is not None:
            read_quickly += 1
            assert quick == _zipfile_view(path), path
    assert read_quickly >= len(workbooks) - 2  # zip64 and prepended data go to zipfile


def test_the_styles_part_read_with_the_check_is_the_one_zipfile_reads(tmp_path):
    """The safety check reads a workbook's styles while it has it open (the cell formats need
    only them): byte for byte what zipfile gives, and b"" where a workbook has none."""
    from emulation_stats.io.safety import styles_read
    for path in sorted((ROOT / "data").rglob("*.xlsx"))[:20]:
        check_file(path)
        with zipfile.ZipFile(path) as archive:
            assert styles_read(path) == archive.read("xl/styles.xml"), path
    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(bare, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    check_file(bare)
    assert styles_read(bare) == b""


def test_truncated_archive_is_refused_either_way(tmp_path):
    whole = write_xlsx(tmp_path / "whole.xlsx", {"S": [["a", 1]]}).read_bytes()
    for cut in (len(whole) - 10, len(whole) // 2, 30):
        path = tmp_path / f"cut_{cut}.xlsx"
        path.write_bytes(whole[:cut])
        with pytest.raises(DataError, match="hỏng|không đầy đủ|không phải"):
            check_file(path)


def test_total_unzipped_size_limit(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "ok.xlsx", {"S": [["a"]]})
    monkeypatch.setattr(LIMITS, "max_unzipped_bytes", 100)
    with pytest.raises(DataError, match="giải nén quá lớn"):
        check_file(path)


def test_file_size_limit_and_empty_file(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "a.csv", "district,year\n" + "Kbang,2017\n" * 100)
    monkeypatch.setattr(LIMITS, "max_file_bytes", 512)
    with pytest.raises(DataError, match="quá lớn"):
        check_file(path)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataError, match="rỗng"):
        check_file(empty)


def test_truncated_workbook_is_a_data_error(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", {"S": [["district", "year", "indicator", "value"]]})
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[:300])
    with pytest.raises(DataError, match="broken.xlsx"):
        load_indicators(broken)
