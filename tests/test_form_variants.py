"""Award lists and report forms as offices plausibly send them (tests/form_variants/).

Every file's outcome is written down in expected.yaml, from the figures the generator
writes: row counts, rejection and warning codes, the counts of each award and the
figures of each indicator. No file may end in anything but a load or one DataError line.
"""

import sys
from pathlib import Path

import pytest
import yaml

import emulation_stats as es
from emulation_stats.cli import EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE, main
from emulation_stats.load.loaders import load_awards, load_indicators

HERE = Path(__file__).resolve().parent / "form_variants"
sys.path.insert(0, str(HERE))

PROVINCE = "Gia Lai"
EXPECTED = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))
LOADERS = {"indicators": load_indicators, "awards": load_awards}


@pytest.fixture
def corpus(form_variants):
    return form_variants


def test_the_corpus_holds_forty_variants_all_described(corpus):
    files = {p.relative_to(corpus).as_posix() for p in corpus.rglob("*") if p.is_file()}
    assert files == {e["file"] for e in EXPECTED}
    assert len(EXPECTED) >= 40


def _counts(df):
    grouped = df.groupby(["award", "authority", "recipient_kind"])["count"].sum()
    return {"/".join(k): int(v) for k, v in grouped.items()}


def _values(df):
    return {f"{r.member_code}/{r.indicator}/{r.year}/{r.measure}": r.value for r in df.itertuples()}


@pytest.mark.parametrize("case", EXPECTED, ids=lambda e: e["file"])
def test_each_variant_gives_what_it_must(corpus, case):
    path = corpus / case["file"]
    loader = LOADERS[path.parent.name]
    if case["outcome"] == "fails":
        with pytest.raises(es.DataError) as error:
            loader(path, province=PROVINCE)
        assert case["message"] in str(error.value) and path.name in str(error.value)
        return
    df, report = loader(path, province=PROVINCE)
    # Counted from the frame (awards one row per recipient), not from the report's own sums.
    rows = df if path.parent.name == "indicators" else load_awards(path, province=PROVINCE, by_recipient=True)[0]
    assert len(rows) == report.rows_loaded
    assert not set(rows["source"]) & set(report.rejected["source"])  # no row both loaded and refused
    assert (report.rows_read, report.rows_loaded) == (case["rows_read"], case["rows_loaded"])
    assert set(report.rejected["code"]) == set(case["rejected"])
    assert set(report.warnings["code"]) == set(case["warnings"])
    if "counts" in case:
        assert _counts(df) == case["counts"]
    if "values" in case:
        values = _values(df)
        for key, expected in case["values"].items():
            assert values[key] == pytest.approx(expected, rel=1e-12), key
    if "posthumous" in case:
        assert int(df.loc[df["posthumous"], "count"].sum()) == case["posthumous"]


@pytest.mark.parametrize("case", EXPECTED, ids=lambda e: e["file"])
def test_validate_never_fails_with_a_program_error(corpus, case, capsys):
    path = corpus / case["file"]
    code = main(["validate", str(path), "--province", PROVINCE])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "LỖI CHƯƠNG TRÌNH" not in out + err
    if case["outcome"] == "fails":
        assert code == EXIT_UNREADABLE and len(err.strip().splitlines()) == 1
    else:
        assert code == (EXIT_REJECTED if case["rejected"] else EXIT_OK)


# --- the five files of the issue, from their descriptions ------------------------------

def test_a_list_headed_ten_tap_the_ho_ten_ca_nhan_is_a_decision_list(corpus):
    df, report = load_awards(corpus / "awards/heading_ten_tap_the_ho_ten.xlsx", province=PROVINCE,
                             by_recipient=True)
    assert report.ok and len(df) == 8
    assert df.loc[df["recipient"] == "Phòng Tài chính - Kế hoạch", "recipient_kind"].item() == "collective"
    assert (df.loc[df["recipient"].str.startswith(("Ông", "Bà")), "recipient_kind"] == "individual").all()
    assert set(df["decision_date"]) == {"20/12/2017", "28/12/2017"}


def test_a_list_of_individuals_without_sections_is_read_as_individuals(corpus):
    df, report = load_awards(corpus / "awards/bang_khen_ong_ba.xlsx", province=PROVINCE, by_recipient=True)
    assert report.ok and len(df) == 5 and set(df["recipient_kind"]) == {"individual"}
    assert set(df["decision"]) == {"830/QĐ-UBND ngày 28/12/2017"} and set(df["decision_date"]) == {"28/12/2017"}


def test_a_summary_grouped_by_authority_applies_each_sections_authority(corpus):
    df, report = load_awards(corpus / "awards/summary_authority_sections.xlsx", province=PROVINCE)
    assert report.ok and report.warnings.empty
    prime_minister = df[df["authority"] == "prime_minister"]
    assert set(prime_minister["award"]) == {"certificate_prime_minister"}
    assert int(prime_minister["count"].sum()) == 3  # 1 collective + 2 individuals; "Tổng số" 3 not counted again
    assert int(df["count"].sum()) == 16  # the "Cộng" row's total


def test_a_form_in_trieu_dong_is_stored_in_ty_dong_and_keeps_what_was_written(corpus):
    df, report = load_indicators(corpus / "indicators/revenue_in_trieu_dong.xlsx", province=PROVINCE)
    row = df[df["year"] == 2017].iloc[0]
    assert (row["value"], row["unit"]) == (66.8755, "tỷ đồng")
    assert (row["value_reported"], row["unit_reported"]) == (66875.5, "triệu đồng")
    (message,) = report.warnings["message"]  # once per file and indicator, not per row
    assert "triệu đồng" in message and "tỷ đồng" in message


def test_a_cluster_summary_with_members_down_is_read_per_member(corpus):
    df, report = load_indicators(corpus / "indicators/cluster_members_down.xlsx", province=PROVINCE)
    assert report.ok
    assert sorted(df["member"].unique()) == ["An Khê", "KBang", "Đăk Đoa"]  # "Toàn cụm" is not a member
    assert set(df["indicator"]) == {"budget_revenue", "criminal_cases"} and set(df["unit"]) == {"tỷ đồng", "vụ"}
    assert df["source"].str.contains(r"#Tổng hợp!R\d+C\d+$").all()
