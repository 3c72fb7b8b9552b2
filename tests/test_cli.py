import argparse
import re
import subprocess
import sys

import pytest

from emulation_stats.cli import main
from helpers import ROOT, SEED_CRIME_PARAGRAPH, write_csv

HEADER = "district,year,indicator,measure,value,unit\n"


def run_installed(*args):
    """The installed console script, as an analyst runs it (a process of its own)."""
    exe = ROOT / ".venv" / "bin" / "emulation-stats"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "emulation_stats"]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=ROOT)


def run(*args):
    """The command's ``main`` from the project folder, its output captured: what the console
    script runs, without starting Python again for every case (the console script itself:
    ``run_installed``)."""
    import contextlib
    import io
    import os

    out, err, here = io.StringIO(), io.StringIO(), os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse: --help, or an option it refuses
                code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        os.chdir(here)
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def test_validate_real_dataset_exit_0():
    result = run_installed("validate", "data/gia_lai_2017")
    assert result.returncode == 0, result.stderr
    assert "awards/awards_2017.csv" in result.stdout and "Tổng: đọc 24, nạp 24, loại 0" in result.stdout
    assert "CẢNH BÁO" in result.stdout and "chỉ tặng cho tập thể" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_sample_dataset_has_nothing_rejected():
    result = run("validate", "data/sample")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "số liệu minh họa" in result.stdout and "loại 0" in result.stdout


def test_rejected_rows_exit_1_one_line_each(tmp_path):
    path = write_csv(tmp_path / "indicators.csv", HEADER + "Kbang,2017,criminal_cases,actual,57,vụ\n"
                     "Atlantis,2017,criminal_cases,actual,5,vụ\nKbang,2016,criminal_cases,actual,-4,vụ\n")
    result = run("validate", str(path))
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "LOẠI" in line]
    assert len(lines) == 2
    assert "indicators.csv:3, cột 'district'" in lines[0] and "indicators.csv:4, cột 'value'" in lines[1]
    assert "Traceback" not in result.stdout + result.stderr


def test_unreadable_file_exit_2_no_traceback(tmp_path):
    bad = tmp_path / "awards.xlsx"
    bad.write_bytes(b"PK\x03\x04 broken")
    result = run("validate", str(bad))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("LỖI") and "awards.xlsx" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_missing_path_and_worst_code_wins(tmp_path):
    good = write_csv(tmp_path / "indicators.csv", HEADER + "Kbang,2017,criminal_cases,actual,57,vụ\n")
    result = run("validate", str(good), str(tmp_path / "nothing.csv"))
    assert result.returncode == 2 and "nothing.csv" in result.stderr


def test_table_detected_from_header(tmp_path):
    path = write_csv(tmp_path / "bang_1.csv", "Năm,Huyện,Hình thức khen thưởng,Cấp khen,Đối tượng,Số lượng\n"
                     "2017,Kbang,Bằng khen,UBND tỉnh,tập thể,3\n")
    result = run("validate", str(path))
    assert result.returncode == 0 and "(awards)" in result.stdout


def test_english_output(tmp_path, capsys):
    path = write_csv(tmp_path / "indicators.csv", HEADER + "Kbang,2017,criminal_cases,actual,57,vụ\n")
    assert main(["--lang", "en", "validate", str(path)]) == 0
    assert "Total: read 1, loaded 1, rejected 0" in capsys.readouterr().out


def test_usage_error_is_argparse_exit_2(capsys):
    with pytest.raises(SystemExit) as err:
        main(["validate"])
    assert err.value.code == 2


def test_province_option_resolves_names_shared_between_provinces(tmp_path):
    path = write_csv(tmp_path / "indicators.csv", HEADER + "Châu Thành,2017,criminal_cases,actual,5,vụ\n")
    assert run("validate", str(path)).returncode == 1
    result = run("validate", "--province", "Long An", str(path))
    assert result.returncode == 0, result.stdout


def test_validate_reads_the_sample_forms_quietly():
    """Dozens of workbooks: a progress bar only on a terminal, none in a pipe."""
    result = run("validate", "data/sample")
    assert "chi_tieu_2024_588.xlsx" in result.stdout and "khen_thuong_2024_585.xlsx" in result.stdout
    assert result.stderr == "" and "it/s" not in result.stdout + result.stderr


def test_validate_form_with_district_argument(tmp_path):
    import pandas as pd

    from emulation_stats.io.templates import FormLayout, write_indicator_form
    figures = pd.DataFrame({"indicator": ["criminal_cases"], "measure": ["actual"], "year": [2017], "value": [57]})
    path = write_indicator_form(tmp_path / "bieu.xlsx", district="huyện Kbang", year=2017, figures=figures,
                                layout=FormLayout(district_in="none", prior_year=False, comparison=False))
    result = run("validate", str(path))
    assert result.returncode == 2 and "không xác định được đơn vị" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    result = run("validate", str(path), "--district", "Kbang", "--province", "Gia Lai")
    assert result.returncode == 0 and "đọc     1  nạp     1" in result.stdout, result.stdout


def test_yoy_prints_the_table_and_the_report_sentence():
    result = run("yoy", "data/gia_lai_2017", "--base", "2016", "--current", "2017")
    assert result.returncode == 0, result.stderr
    assert SEED_CRIME_PARAGRAPH \
        in result.stdout
    assert "kém hơn" in result.stdout and "29,6" in result.stdout
    assert "minh họa" not in result.stdout


def test_yoy_on_sample_marks_illustrative_and_filters_one_indicator():
    result = run("yoy", "data/sample", "--base", "2023", "--current", "2024", "--indicator", "Số vụ phạm pháp hình sự")
    assert result.returncode == 0 and result.stdout.startswith("Số liệu minh họa / illustrative data")
    assert "Thu ngân sách" not in result.stdout and "xảy ra" in result.stdout


def test_yoy_csv_and_xlsx(tmp_path):
    result = run("yoy", "data/gia_lai_2017", "--base", "2016", "--current", "2017", "--format", "csv")
    assert result.returncode == 0 and result.stdout.splitlines()[0].startswith("Cấp,Mã đơn vị,Đơn vị")
    out = tmp_path / "yoy.xlsx"
    result = run("yoy", "data/gia_lai_2017", "--base", "2016", "--current", "2017", "--format", "xlsx",
                 "--out", str(out))
    assert result.returncode == 0 and out.is_file()
    result = run("yoy", "data/gia_lai_2017", "--base", "2016", "--current", "2017", "--format", "xlsx")
    assert result.returncode == 2 and "--out" in result.stderr


def test_yoy_years_without_data_exit_2_one_line():
    result = run("yoy", "data/gia_lai_2017", "--base", "2010", "--current", "2011")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_awards_paragraph_and_law_warning():
    result = run("awards", "data/gia_lai_2017", "--year", "2017")
    assert result.returncode == 0
    assert "Bằng khen cho 13 tập thể và 42 cá nhân" in result.stdout
    assert "CẢNH BÁO" in result.stdout and "chỉ tặng cho tập thể" in result.stdout
    english = run("awards", "data/gia_lai_2017", "--year", "2017", "--lang", "en")
    assert "In 2017, Cụm thi đua số 2 received from the President" in english.stdout


def test_score_prints_ranking_points_and_proposal():
    result = run("score", "data/sample", "--year", "2024")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Số liệu minh họa / illustrative data")
    assert "Cờ thi đua" in result.stdout and "Kết quả chấm điểm thi đua năm 2024" in result.stdout


def test_score_explain_and_formats(tmp_path):
    result = run("score", "data/sample", "--year", "2024", "--explain", "Ninh Phước")
    assert result.returncode == 0 and result.stdout.startswith("Huyện Ninh Phước, năm 2024:")
    assert "Cách tính:" in result.stdout and "Nguồn:" in result.stdout
    out = tmp_path / "diem.xlsx"
    result = run("score", "data/sample", "--year", "2024", "--format", "xlsx", "--out", str(out),
                 "--aggregation", "median")
    assert result.returncode == 0 and out.is_file()


def test_score_without_rubric_is_one_clear_line():
    result = run("score", "data/gia_lai_2017", "--year", "2017")
    assert result.returncode == 2 and "thang điểm" in result.stderr and "Traceback" not in result.stderr


def test_the_sobol_table_speaks_the_language_asked_for(capsys):
    import re

    assert main(["sensitivity", str(ROOT / "data" / "sample"), "--year", "2024", "--draws", "128", "--sobol"]) == 0
    out = capsys.readouterr().out
    table = out[out.rindex("Yếu tố "):].splitlines()  # the table after the sentence naming the inputs
    assert "Chỉ số tổng" in table[0] and "first" not in table[0]
    assert all(not re.search(r"\d\.\d", line) for line in table[1:] if line.strip())  # 0,748 not 0.748
    assert main(["--lang", "en", "sensitivity", str(ROOT / "data" / "sample"), "--year", "2024", "--draws", "128",
                 "--sobol"]) == 0
    assert "Total index" in capsys.readouterr().out


VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưàảãạáằẳẵặắầẩẫậấèẻẽẹéềểễệếìỉĩịíòỏõọóồổỗộốờởỡợớùủũụúừửữựứỳỷỹỵý]", re.I)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_option_of_every_command_has_a_help_line_in_its_language(lang):
    from emulation_stats.cli import build_parser

    parser = build_parser(lang)
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    seen = 0
    for name, sub in commands.choices.items():
        assert sub.description, name
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert action.help, f"{name} {action.option_strings or action.dest} has no help"
            seen += 1
            if lang == "en":
                assert not VIETNAMESE_LETTERS.search(action.help), action.help
    assert seen > 40


def test_with_lang_en_the_command_speaks_english_throughout(tmp_path):
    bad = write_csv(tmp_path / "bad.csv", "Đơn vị,Năm,Chỉ tiêu,Giá trị\nKbang,2017,Số vụ phạm pháp hình sự,abc\n")
    result = run("--lang", "en", "validate", str(bad))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    rejected = [line for line in lines if "REJECTED" in line]
    assert len(rejected) == 1 and "not a number" in rejected[0] and "LOẠI" not in result.stdout
    assert any(line.strip().startswith("Total: read") for line in lines)
    helped = run("--lang", "en", "yoy", "--help")
    assert "the base year (the earlier one)" in helped.stdout and "năm gốc" not in helped.stdout
    table = run("yoy", "data/gia_lai_2017", "--base", "2016", "--current", "2017", "--lang", "en")
    assert "Criminal cases: Kbang district recorded 57 criminal cases, up 7 cases; Đak Đoa district recorded 70 " \
           "criminal cases, up 16 cases compared with 2016." in table.stdout
    assert "Criminal cases" in table.stdout.splitlines()[1] and "Số vụ" not in table.stdout  # the table too
    assert "Assessment" in table.stdout and "Đánh giá" not in table.stdout
