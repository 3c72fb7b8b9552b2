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
from make_corpus import make  # noqa: E402

PROVINCE = "Gia Lai"  # the corpus's cluster; a case may name another ("province: null" for none)
EXPECTED = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))
LOADERS = {"indicators": load_indicators, "awards": load_awards, "assessments": load_assessments,
           "votes": load_votes, "clusters": load_clusters}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    make(folder)
    return folder


def test_the_corpus_is_large_and_fully_described(corpus):
    files = {p.relative_to(corpus).as_posix() for p in corpus.rglob("*") if p.is_file()}
    assert files == {e["file"] for e in EXPECTED}
    assert len(EXPECTED) >= 40


@pytest.mark.parametrize("case", EXPECTED, ids=lambda e: e["file"])
def test_each_file_meets_its_expectation(corpus, case):
    path = corpus / case["file"]
    loader = LOADERS[path.parent.name]
    if case["outcome"] == "fails":
        with pytest.raises(es.DataError) as error:
            loader(path, province=PROVINCE)
        assert case["message"] in str(error.value) and path.name in str(error.value)
        return
    df, report = loader(path, province=case.get("province", PROVINCE))
    # Counted from the frame and the refused rows, against what the corpus' writer put in the file.
    sources = pd.concat([df["source"], report.rejected["source"]])
    assert (sources.nunique(), len(df)) == (case["rows_read"], case["rows_loaded"]) == (len(sources), len(df))
    assert set(report.rejected["code"]) == set(case["rejected"])
    assert set(report.warnings["code"]) == set(case["warnings"])
    for reason in report.rejected["reason"]:
        assert path.name in reason and "cột '" in reason and "\n" not in reason and len(reason) < 600
    for message in report.warnings["message"]:
        assert "\n" not in message and len(message) < 600


@pytest.mark.parametrize("case", EXPECTED, ids=lambda e: e["file"])
def test_the_cli_says_it_in_readable_lines(corpus, case, capsys):
    path = corpus / case["file"]
    province = case.get("province", PROVINCE)
    code = main(["validate", str(path)] + (["--province", province] if province else []))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if case["outcome"] == "fails":
        assert code == EXIT_UNREADABLE
        (line,) = err.strip().splitlines()
        assert line.startswith("LỖI") and path.name in line
        return
    assert code == (EXIT_REJECTED if case["rejected"] else EXIT_OK)
    problems = [line for line in out.splitlines() if line.strip().startswith(("LOẠI", "CẢNH BÁO"))]
    _, report = LOADERS[path.parent.name](path, province=province)
    assert len(problems) == len(report.rejected) + len(report.warnings)


def test_a_folder_of_the_corpus_loads_what_it_can_and_names_what_it_cannot(corpus):
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
    code = main(["validate", str(folder)])
    assert code == EXIT_UNREADABLE
