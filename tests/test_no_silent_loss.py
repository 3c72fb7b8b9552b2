"""The gate: every loader over the whole bad-input corpus (tests/bad_inputs/).

For every file the expected outcome is written down in expected.yaml; the loaders must
meet it, the invariant rows_read == rows_loaded + rejected must hold, and the CLI must say
what is wrong in readable lines, never a traceback, with its documented exit code."""

import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

import emulation_stats as es
from emulation_stats.cli import EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE, main
from emulation_stats.load.loaders import load_assessments, load_awards, load_clusters, load_indicators, load_votes

HERE = Path(__file__).resolve().parent / "bad_inputs"
sys.path.insert(0, str(HERE))

PROVINCE = "Gia Lai"  # the corpus's cluster; a case may name another ("province: null" for none)
EXPECTED = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))
LOADERS = {"indicators": load_indicators, "awards": load_awards, "assessments": load_assessments,
           "votes": load_votes, "clusters": load_clusters}


@pytest.fixture
def corpus(bad_inputs):
    return bad_inputs


def test_the_corpus_is_large_and_fully_described(corpus):
    files = {p.relative_to(corpus).as_posix() for p in corpus.rglob("*") if p.is_file()}
    assert files == {e["file"] for e in EXPECTED}
    assert len(EXPECTED) >= 40


# The largest file is read once, by the command: its load is kept and held to expected.yaml
# as each other file's own load is (a second read of a million rows would check nothing more).
LARGEST = "indicators/million_rows.csv"
CASES = [e for e in EXPECTED if e["file"] != LARGEST]


@pytest.mark.parametrize("case", CASES, ids=lambda e: e["file"])
def test_each_file_meets_its_expectation(corpus, case):
    path = corpus / case["file"]
    loader = LOADERS[path.parent.name]
    if case["outcome"] == "fails":
        with pytest.raises(es.DataError) as error:
            loader(path, province=PROVINCE)
        assert case["message"] in str(error.value) and path.name in str(error.value)
        return
    _meets_its_expectation(case, path, *loader(path, province=case.get("province", PROVINCE)))


def _meets_its_expectation(case: dict, path: Path, df: pd.DataFrame, report: es.LoadReport) -> None:
    # Counted from the frame and the refused rows, against what the corpus' writer put in the file.
    sources = pd.concat([df["source"], report.rejected["source"]])
    assert (sources.nunique(), len(df)) == (case["rows_read"], case["rows_loaded"]) == (len(sources), len(df))
    assert set(report.rejected["code"]) == set(case["rejected"])
    assert set(report.warnings["code"]) == set(case["warnings"])
    for reason in report.rejected["reason"]:
        assert path.name in reason and "cột '" in reason and "\n" not in reason and len(reason) < 600
    for message in report.warnings["message"]:
        assert "\n" not in message and len(message) < 600


@pytest.mark.parametrize("case", CASES, ids=lambda e: e["file"])
def test_the_cli_says_it_in_readable_lines(corpus, case, capsys):
    path = corpus / case["file"]
    province = case.get("province", PROVINCE)
    code = main(["validate", str(path)] + (["--province", province] if province else []))
    _says_it_in_readable_lines(case, path, code, *capsys.readouterr())


def _says_it_in_readable_lines(case: dict, path: Path, code: int, out: str, err: str) -> None:
    assert "Traceback" not in out + err
    if case["outcome"] == "fails":
        assert code == EXIT_UNREADABLE
        (line,) = err.strip().splitlines()
        assert line.startswith("LỖI") and path.name in line
        return
    assert code == (EXIT_REJECTED if case["rejected"] else EXIT_OK)
    problems = [line for line in out.splitlines() if line.strip().startswith(("LOẠI", "CẢNH BÁO"))]
    # One line per problem the command counted (the load's own counts are held to expected.yaml above).
    import re

    (rejected, warned), = re.findall(r"Tổng: .*loại (\d+), cảnh báo (\d+)", out) or \
        re.findall(r"loại\s+(\d+)\s+cảnh báo\s+(\d+)", out)
    assert len(problems) == int(rejected) + int(warned)
    assert [line for line in problems if path.name not in line] == []  # each names its file


def test_the_largest_file_meets_its_expectation_and_the_cli_says_it(corpus, capsys, monkeypatch):
    """The 1,000,000-row file through the command, whose load is the one checked."""
    from emulation_stats import cli

    case = next(e for e in EXPECTED if e["file"] == LARGEST)
    path = corpus / LARGEST
    loads, read = [], cli.LOADERS["indicators"]

    def kept(*args, **kwargs):
        loads.append(read(*args, **kwargs))
        return loads[-1]

    monkeypatch.setitem(cli.LOADERS, "indicators", kept)
    code = main(["validate", str(path)])
    _says_it_in_readable_lines(case, path, code, *capsys.readouterr())
    ((df, report),) = loads
    _meets_its_expectation(case, path, df, report)
    assert case["province"] is None and report.rows_read == 1_000_000


def test_a_folder_of_the_corpus_loads_what_it_can_and_names_what_it_cannot(corpus, tmp_path):
    folder = corpus / "indicators"
    # No province: the 1,000,000-row file covers every district of the country.
    df, report = load_indicators(folder)
    failing = {Path(e["file"]).name for e in EXPECTED
               if e["outcome"] == "fails" and e["file"].startswith("indicators/")}
    assert {Path(f).name for f in report.errors["file"]} == failing
    # Each readable file's rows, as the corpus' writer counted them, are loaded or refused once.
    sources = pd.concat([df["source"], report.rejected["source"]])
    readable = sum(e["rows_read"] for e in EXPECTED if e["outcome"] != "fails" and e["file"].startswith("indicators/"))
    assert len(sources) == sources.nunique() == readable
    # The readable files all load (a few of their rows clash across files and are refused).
    assert report.rows_read > 1_000_000 and report.rows_loaded > 999_000
    code = main(["validate", str(_without_the_million_rows(corpus, tmp_path) / "indicators")])
    assert code == EXIT_UNREADABLE  # the unreadable files decide it, not the largest


def test_with_lang_en_every_problem_is_said_in_english(corpus, capsys, tmp_path):
    """Issue "A layout that shows the pipeline", point 2: --lang en leaves no Vietnamese
    diagnostics — rejections, warnings and unreadable files, each in English (the cells and
    names they quote stay as written)."""
    from helpers import vietnamese_prose

    main(["--lang", "en", "validate", str(_without_the_million_rows(corpus, tmp_path))])  # its problems are others
    out, err = capsys.readouterr()
    lines = [line for line in (out + err).splitlines() if line.strip().startswith(("ERROR", "REJECTED", "WARNING"))]
    assert len(lines) > 50
    assert [line for line in lines if vietnamese_prose(line)] == []


def _without_the_million_rows(corpus: Path, tmp_path: Path) -> Path:
    """The corpus, linked file by file, without its 1,000,000-row file: a folder check that
    is about the other files need not read it again (its own tests read it)."""
    out = tmp_path / "corpus"
    for path in corpus.rglob("*"):
        if path.is_file() and path.name != "million_rows.csv":
            (out / path.relative_to(corpus)).parent.mkdir(parents=True, exist_ok=True)
            (out / path.relative_to(corpus)).symlink_to(path)
    return out


def test_a_member_by_its_code_in_one_file_and_its_name_in_another_names_each_files_column(tmp_path):
    """A folder whose files name the member differently (one by name, one by code only): a
    warning names the column the row's own file writes, never 'nan'."""
    from helpers import write_csv

    write_csv(tmp_path / "a.csv", "district,year,indicator,measure,value\nKbang,2017,criminal_cases,actual,5\n")
    write_csv(tmp_path / "b.csv", "district_code,year,indicator,measure,value\n001,2025,criminal_cases,actual,7\n")
    _, report = load_indicators(tmp_path)
    gone = report.warnings[report.warnings["code"] == "unit_no_longer_exists"]
    assert list(gone["column"]) == ["district_code"] and list(gone["column_en"]) == ["district_code"]
