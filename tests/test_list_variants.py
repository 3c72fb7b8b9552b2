"""Award lists, score sheets, ballots and agencies' forms as offices send them
(tests/form_variants/make_lists.py), each loaded for the cluster it belongs to — a khối of
agencies, districts before the reform, communes and wards after it — and validated as part
of a dataset: one gate, every outcome written down in expected_lists.yaml.
"""

import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

import emulation_stats as es
from emulation_stats.cli import EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE, main
from emulation_stats.core import catalog
from emulation_stats.load.loaders import load_assessments, load_awards, load_clusters, load_indicators, load_votes

HERE = Path(__file__).resolve().parent / "form_variants"
sys.path.insert(0, str(HERE))
from make_lists import CONTEXTS  # noqa: E402

EXPECTED = yaml.safe_load((HERE / "expected_lists.yaml").read_text(encoding="utf-8"))
LOADERS = {"indicators": load_indicators, "awards": load_awards, "assessments": load_assessments,
           "votes": load_votes, "clusters": load_clusters}
OWN_INDICATORS = "tests/form_variants/khoi/indicators.csv"


@pytest.fixture(scope="module")
def corpus(list_variants):
    folder = list_variants
    own = pd.DataFrame(CONTEXTS["khoi"]["indicators"]).rename(columns={"name": "name_vi", "aliases": "aliases_vi"})
    catalog.add_indicators(own, OWN_INDICATORS)
    yield folder
    catalog.forget_indicators(OWN_INDICATORS)


def _members(context: dict) -> pd.DataFrame:
    agency = bool(context["member_type"])
    return pd.DataFrame([{"year": context["year"], "member_code": code, "member": name,
                          "member_type": "agency" if agency else ("commune" if len(code) == 5 else "district")}
                         for code, name in context["members"].items()])


def _rubric(context: dict) -> dict:
    return {"name": "Thang điểm (minh họa)", "illustrative": True, "missing": "zero",
            "aggregation": "mean_excluding_self", "tie_break": ["assessed"],
            "criteria": [{"key": k, "group": "Thi đua", "label": label, "max_points": top, "method": "assessed"}
                         for k, label, top in context["criteria"]]}


def _load(path: Path, case: dict, **extra):
    context, table = CONTEXTS[case["file"].split("/")[0]], case["file"].split("/")[1]
    kwargs = {"province": context["province"], **extra}
    if table != "clusters":
        kwargs["members"] = _members(context)
    if table == "assessments":
        kwargs["rubric"] = _rubric(context)
    return LOADERS[table](path, **kwargs)


def test_the_corpus_holds_every_file_described(corpus):
    files = {p.relative_to(corpus).as_posix() for p in corpus.rglob("*.xlsx")}
    assert files == {e["file"] for e in EXPECTED}
    assert len(EXPECTED) >= 30
    assert {e["file"].split("/")[0] for e in EXPECTED} == set(CONTEXTS)  # a khối, before and after the reform


def _facts(df: pd.DataFrame, table: str) -> dict:
    if table == "awards":
        grouped = df.groupby(["member_code", "award", "authority", "recipient_kind"])["count"].sum()
        return {"counts": {"/".join(k): int(v) for k, v in grouped.items()}}
    if table == "indicators":
        return {"values": {f"{r.member_code}/{r.indicator}/{r.year}/{r.measure}": r.value for r in df.itertuples()}}
    if table == "assessments":
        return {"points": float(df["points"].sum()), "assessors": sorted(set(df["assessor_code"])),
                "scored": sorted(set(df["member_code"]))}
    if table == "votes":
        return {"votes": {r.member_code: [r.votes_for, r.voters] for r in df.itertuples()}}
    return {"members": sorted(set(df["member_code"]))}


@pytest.mark.parametrize("case", EXPECTED, ids=lambda e: e["file"])
def test_each_file_gives_what_it_must(corpus, case):
    path, table = corpus / case["file"], case["file"].split("/")[1]
    if case["outcome"] == "fails":
        with pytest.raises(es.DataError) as error:
            _load(path, case)
        said = str(error.value)
        assert case["message"] in said and path.name in said and "\n" not in said
        assert "UBND huyện" not in said or not case["file"].startswith("khoi/")  # never a district's advice
        if "year" in case:  # given the year, the same file loads
            df, report = _load(path, case, year=case["year"])
            assert report.rows_loaded == case["rows_loaded"] and set(df["year"]) == {case["year"]}
        return
    df, report = _load(path, case)
    assert (report.rows_read, report.rows_loaded) == (case["rows_read"], case["rows_loaded"])
    assert report.rows_read == report.rows_loaded + len(report.rejected)
    assert set(report.rejected["code"]) == set(case["rejected"])
    assert set(report.warnings["code"]) == set(case["warnings"])
    assert sorted(set(df["year"])) == case["years"]
    facts = _facts(df, table)
    for key, expected in facts.items():
        if key in case:
            wanted = case[key]
            if key == "values":  # the figures named; others may be there
                assert {k: facts[key][k] for k in wanted} == pytest.approx(wanted)
            elif key == "votes":
                assert {str(k): v for k, v in expected.items()} == {str(k): v for k, v in wanted.items()}
            elif key == "points":
                assert expected == pytest.approx(wanted)
            else:
                assert expected == wanted, key
    for reason in report.rejected["reason"]:  # each refusal names its cell and never a field of the library
        assert "#" in reason and "member_code" not in reason and "assessor_code" not in reason


def _dataset(folder: Path, corpus: Path, case: dict) -> Path:
    """A dataset folder holding the one file, with its cluster, rubric and own indicators."""
    name, table = case["file"].split("/")[:2]
    context = CONTEXTS[name]
    (folder / table).mkdir(parents=True)
    shutil.copy(corpus / case["file"], folder / table / Path(case["file"]).name)
    (folder / "dataset.yaml").write_text(yaml.safe_dump({
        "name": name, "province": context["province"], "cluster": context["cluster"], "illustrative": True,
        "sources": [{"id": "corpus", "title": "tests/form_variants/make_lists.py (minh họa)"}]},
        allow_unicode=True), encoding="utf-8")
    if table != "clusters":
        pd.DataFrame([{"province_code": context["province_code"], "cluster": context["cluster"],
                       "year": context["year"], "member_code": code, "member": member,
                       "member_type": context["member_type"], "role": "member"}
                      for code, member in context["members"].items()]).to_csv(folder / "clusters.csv", index=False)
    (folder / "rubric.yaml").write_text(yaml.safe_dump(_rubric(context), allow_unicode=True), encoding="utf-8")
    if "indicators" in context:
        pd.DataFrame(context["indicators"]).to_csv(folder / "indicators.csv", index=False)
    return folder


@pytest.mark.parametrize("case", EXPECTED, ids=lambda e: e["file"])
def test_validate_reads_each_in_its_dataset_without_a_program_error(corpus, case, tmp_path, capsys):
    data = _dataset(tmp_path / "data", corpus, case)
    try:
        code = main(["validate", str(data)])
    finally:
        catalog.forget_indicators(str(data / "indicators.csv"))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "LỖI CHƯƠNG TRÌNH" not in out + err
    if case["outcome"] == "fails":  # the file refused whole: counted, named in one line
        assert code == EXIT_UNREADABLE and Path(case["file"]).name in out + err
    else:
        assert code == (EXIT_REJECTED if case["rejected"] else EXIT_OK), out + err
        table = case["file"].split("/")[1]
        listed = 0 if table == "clusters" else len(CONTEXTS[case["file"].split("/")[0]]["members"])
        assert f"nạp {case['rows_loaded'] + listed}," in out  # the file's rows and the cluster list's


def test_with_lang_en_lists_forms_and_datasets_are_said_in_english(corpus, form_variants, capsys):
    """--lang en on the lists, forms and sample datasets (clusters before and after the
    reform, a khối): every problem in English."""
    from helpers import ROOT, vietnamese_prose

    folders = [p for p in corpus.iterdir() if p.is_dir()] + [form_variants] + \
        [ROOT / "data" / name for name in ("sample", "sample_2026", "sample_wards", "gia_lai_2017")]
    lines = []
    for folder in folders:
        main(["--lang", "en", "validate", str(folder)])
        out, err = capsys.readouterr()
        lines += [line for line in (out + err).splitlines()
                  if line.strip().startswith(("ERROR", "REJECTED", "WARNING"))]
    assert len(lines) > 100
    assert [line for line in lines if vietnamese_prose(line)] == []
