"""Properties that must hold for any input: names, numbers, year-over-year arithmetic, and
exports that load back to the same tables."""

import math
import unicodedata

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import emulation_stats as es
from emulation_stats.core import catalog
from emulation_stats.core.phrases import number
from emulation_stats.core.text import clean, fold, format_number, name_key, parse_number
from emulation_stats.pack.export import to_csv, to_xlsx
from emulation_stats.units.lists import districts

pytestmark = pytest.mark.slow  # Hypothesis: in make test, skipped by -m "not slow"

GIA_LAI = districts().query("province_code == '64'")
CODES = GIA_LAI["district_code"].tolist()
NAMES = dict(zip(GIA_LAI["district_code"], GIA_LAI["district_name"]))
INDICATORS = catalog.indicators().table


@given(st.sampled_from(GIA_LAI["district_name"].tolist()), st.sampled_from(["", "\u200b", "\u00a0", "\ufeff"]),
       st.sampled_from(["NFC", "NFD"]), st.sampled_from([str.lower, str.upper, str.title, lambda s: s]))
def test_names_match_however_they_are_typed(name, invisible, form, case):
    typed = unicodedata.normalize(form, case(name)).replace(" ", " " + invisible)
    assert name_key(typed) == name_key(name)
    assert es.match_district(typed, province="Gia Lai").name == name
    assert unicodedata.is_normalized("NFC", clean(typed))


VIETNAMESE_LETTERS = "aăâđeêioôơuưyàảãáạằẳẵắặầẩẫấậềểễếệòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐƯ \u0301\u0303"


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
       | st.text(alphabet=VIETNAMESE_LETTERS, max_size=30))
def test_fold_is_nfd_without_marks(text):
    # fold() takes a quick table for Latin letters; it must say what the definition says.
    decomposed = unicodedata.normalize("NFD", clean(text).lower())
    expected = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")
    assert fold.__wrapped__(text) == " ".join(expected.split())


@given(st.integers(min_value=-10**9, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_vietnamese_numbers_round_trip_with_padding(whole, cents):
    value = whole + cents / 100 * (1 if whole >= 0 else -1)
    text = format_number(value, pad=True)
    assert parse_number(text) == pytest.approx(round(value, 2))
    assert "," not in number(value, "en") or "." not in number(value, "en").split(",")[0]


counts = st.integers(min_value=0, max_value=5000)


@given(st.lists(st.text(alphabet="0123456789.,-% x()", max_size=14), min_size=1, max_size=20))
@settings(max_examples=300, deadline=None)
def test_the_column_parser_reads_every_text_as_parse_number_does(texts):
    from emulation_stats.load.fields import parse_numbers

    numbers, errors = parse_numbers(pd.Series(texts, dtype=object))
    for text, got, error in zip(texts, numbers, errors):
        try:
            expected = parse_number(text)
        except ValueError:
            assert error and math.isnan(got), text
            continue
        assert not error and (got == expected or (math.isnan(got) and math.isnan(expected))), text


@given(st.lists(st.tuples(st.sampled_from(CODES), counts, counts), min_size=1, max_size=6, unique_by=lambda t: t[0]),
       st.sampled_from(["criminal_cases", "budget_revenue", "population", "poor_household_rate"]))
def test_year_over_year_arithmetic(rows, key):
    frame = pd.DataFrame([(c, NAMES[c], y, key, "actual", float(v), "", "t") for c, b, a in rows
                          for y, v in ((2016, b), (2017, a))],
                         columns=["member_code", "member", "year", "indicator", "measure", "value", "unit",
                                  "source"])
    yoy = es.compare_years(frame, 2016, 2017)
    members = yoy[yoy["level"] == "member"].set_index("member_code")
    better = INDICATORS.loc[key, "direction"]
    for code, base, current in rows:
        row = members.loc[code]
        assert row["change"] == current - base
        if base == 0:
            assert math.isnan(row["pct_change"])
        else:
            assert row["pct_change"] == pytest.approx(100 * (current - base) / base)
        sign = (current > base) - (current < base)
        expected = ("not_assessed" if better == "neutral" else "same" if sign == 0 else
                    "better" if sign * (1 if better == "higher_is_better" else -1) > 0 else "worse")
        assert row["assessment"] == expected
        if INDICATORS.loc[key, "kind"] == "count":
            assert row["z"] == pytest.approx(2 * (math.sqrt(current) - math.sqrt(base)))
            assert bool(row["notable"]) == (abs(row["z"]) >= 2)
    totals = yoy[yoy["level"] == "cluster"]
    if INDICATORS.loc[key, "kind"] in ("count", "amount"):
        assert totals["current_value"].iloc[0] == sum(a for _, _, a in rows)
    else:
        assert totals.empty


def _value(key: str, draw_value: float) -> float:
    low = float(INDICATORS.loc[key, "min_value"] or 0)
    high = float(INDICATORS.loc[key, "max_value"] or 1e6)
    value = low + (min(high, 1e6) - low) * draw_value
    return float(round(value)) if INDICATORS.loc[key, "kind"] == "count" else round(value, 2)


@st.composite
def indicator_tables(draw):
    keys = draw(st.lists(st.tuples(st.sampled_from(CODES), st.integers(2000, 2024),
                                   st.sampled_from(list(INDICATORS.index)), st.sampled_from(["actual", "plan"])),
                         min_size=1, max_size=15, unique=True))
    rows = [(c, NAMES[c], y, k, m, _value(k, draw(st.floats(0, 1))), INDICATORS.loc[k, "unit"], f"=nguồn {i}")
            for i, (c, y, k, m) in enumerate(keys)]
    return pd.DataFrame(rows, columns=["member_code", "member", "year", "indicator", "measure", "value", "unit",
                                       "source"])


def _same(loaded: pd.DataFrame, original: pd.DataFrame, keys: list[str]) -> None:
    left = loaded.drop(columns="source").sort_values(keys).reset_index(drop=True)
    right = original.drop(columns="source").sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right[left.columns], check_dtype=False)
    # The original source is kept as the citation, formula-like text and all.
    assert sorted(s.split(" ← ", 1)[1] for s in loaded["source"]) == sorted(original["source"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(indicator_tables())
def test_indicators_exported_and_loaded_back_are_equal(tmp_path, table):
    keys = ["member_code", "year", "indicator", "measure"]
    csv_file = to_csv(table, tmp_path / "chi_tieu.csv")
    loaded, report = es.load_indicators(csv_file)
    assert report.ok and report.warnings.empty, report.problem_lines()
    _same(loaded, table, keys)
    xlsx_file = to_xlsx({"Chỉ tiêu": table}, tmp_path / "chi_tieu.xlsx")
    loaded, report = es.load_indicators(xlsx_file)
    assert report.ok, report.problem_lines()
    _same(loaded, table, keys)


AWARDS = catalog.awards().table


@st.composite
def award_tables(draw):
    from emulation_stats.core.resources import split_aliases

    chosen = draw(st.lists(st.tuples(st.sampled_from(CODES), st.integers(2000, 2024),
                                     st.sampled_from(["certificate_province", "merit_paper", "flag_province",
                                                      "excellent_labour_collective", "mother_hero"])),
                           min_size=1, max_size=10, unique=True))
    rows = []
    for code, year, key in chosen:
        kind = split_aliases(AWARDS.loc[key, "recipients"])[0]
        authority = split_aliases(AWARDS.loc[key, "authority"])[0]
        rows.append((year, code, NAMES[code], "Cụm 2", key, catalog.award_display_name(key), authority, kind,
                     draw(st.integers(0, 300)), key == "mother_hero", "@trích dẫn"))
    return pd.DataFrame(rows, columns=["year", "member_code", "member", "cluster", "award", "award_name",
                                       "authority", "recipient_kind", "count", "posthumous", "source"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(award_tables())
def test_awards_exported_and_loaded_back_are_equal(tmp_path, table):
    keys = ["year", "member_code", "award", "recipient_kind"]
    for path in (to_csv(table, tmp_path / "khen_thuong.csv"), to_xlsx({"Khen thưởng": table},
                                                                      tmp_path / "khen_thuong.xlsx")):
        loaded, report = es.load_awards(path)
        assert report.ok and report.warnings.empty, report.problem_lines()
        _same(loaded, table, keys)
