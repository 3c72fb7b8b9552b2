"""One world per report year: ``Dataset.on_units`` and every consumer that reads it.

GSO reuses codes across 2025-07-01 (Xã Mang Yang, 23794, was thị trấn Kon Dơng) and the
provincial departments merged on 2025-03-01: years meet only through the view of the
report year, never by a code alone.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

import emulation_stats as es
from emulation_stats.cli import main
from emulation_stats.core import catalog
from emulation_stats.units.lists import same_name, unit_by_code
from emulation_stats.units.reform import predecessors
from emulation_stats.units.view import awards_on_units, indicators_on_units

SAMPLE_2026 = Path("data/sample_2026")


def _by_hand(ds, new_code: str, indicator: str, year: int) -> float:
    """The sum of the old units' own figures, found by their codes in the old list."""
    rows = ds.indicators[(ds.indicators["indicator"] == indicator) & (ds.indicators["year"] == year)
                         & (ds.indicators["measure"] == "actual")]
    old = rows[rows["member_code"].isin(predecessors()[new_code])]
    # Only rows that name the OLD unit of each code (Kon Dơng, not Mang Yang).
    old = old[[unit_by_code(c, "old") is not None and same_name(unit_by_code(c, "old").name, m)
               for c, m in zip(old["member_code"], old["member"])]]
    assert len(old) == len(predecessors()[new_code])
    return float(old["value"].sum())


def test_the_view_has_the_members_of_the_year_only_and_restates_the_years_before(sample_2026):
    view = sample_2026.on_units(2025)
    members = sample_2026.clusters[sample_2026.clusters["year"] == 2025]
    assert set(view.indicators["member_code"]) == set(members["member_code"])
    assert set(view.indicators["member"]) == set(members["member"])  # the cluster's spelling, no old name
    mang_yang = view.indicators.query("member_code == '23794' and year == 2024 and indicator == 'criminal_cases'")
    assert len(mang_yang) == 1
    row = mang_yang.iloc[0]
    assert row["value"] == _by_hand(sample_2026, "23794", "criminal_cases", 2024) == 35
    assert row["note"].startswith("tính lại từ thị trấn Kon Dơng")
    assert sorted(row["restated_from"].split(", ")) == sorted(predecessors()["23794"])
    # The raw table still has the old unit bearing the same code, with its own figure.
    raw = sample_2026.indicators.query("member_code == '23794' and year == 2024 and indicator == 'criminal_cases'")
    assert raw["value"].tolist() == [10]


def test_a_member_made_of_part_of_an_old_commune_is_kept_empty_with_why(sample_2026):
    view = sample_2026.on_units(2025).indicators
    van_canh = view.query("member_code == '21994' and year == 2024")
    assert len(van_canh) and van_canh["value"].isna().all()
    assert van_canh["note"].str.contains("nhận một phần của xã Canh Hiệp").all()


def test_the_view_is_a_view_of_itself_and_is_cached(sample_2026):
    view = sample_2026.on_units(2025)
    assert sample_2026.on_units(2025) is view and view.on_units(2025) is view
    again, _ = indicators_on_units(view.indicators, 2025)
    pd.testing.assert_frame_equal(again.drop(columns="era"), view.indicators.drop(columns="era"), check_like=True)


def test_explain_shows_mang_yangs_2024_restated_from_its_predecessors(capsys):
    assert main(["score", str(SAMPLE_2026), "--year", "2025", "--explain", "Xã Mang Yang"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "Kiềm chế phạm pháp hình sự" in x and "tối đa" in x)
    assert "năm 2024 (tính lại từ thị trấn Kon Dơng, xã Đăk Yă, xã Đăk Djrăng, xã Hải Yang): 35, năm 2025: 34" in line
    assert "→ 0 điểm" not in line


def test_the_score_compares_with_the_restated_figure_not_the_old_unit_of_the_same_code(sample_2026):
    table = es.score(sample_2026, year=2025)
    detail = table.details["security"]
    for code in table.members.index:
        if code in ("21994", "22006"):  # made of part of an old commune: nothing to compare
            assert pd.isna(detail.loc[code, "base"]) and bool(detail.loc[code, "not_comparable"])
            continue
        assert detail.loc[code, "base"] == _by_hand(sample_2026, code, "criminal_cases", 2024)


def test_a_member_that_cannot_be_compared_gets_the_comparable_members_mean_not_zero(sample_2026):
    table = es.score(sample_2026, year=2025)
    comparable = [c for c in table.members.index if c not in ("21994", "22006")]
    for key in ("security", "poverty"):
        expected = table.shares.loc[comparable, key].mean()
        assert table.shares.loc["21994", key] == pytest.approx(expected)
        assert table.points.loc["21994", key] > 0
    text = es.describe_score(table, "Xã Vân Canh")
    assert "không so sánh được (nhận một phần của xã Canh Hiệp" in text
    # The rubric may ask for its missing-data rule instead.
    rubric = yaml.safe_load((SAMPLE_2026 / "rubric.yaml").read_text(encoding="utf-8")) | {"not_comparable": "missing"}
    strict = es.score(sample_2026, year=2025, rubric=rubric)
    assert strict.points.loc["21994", "security"] == 0  # the sample's rule is 'zero'
    assert any("không so sánh được với năm 2024" in line for line in strict.missing_data())


def test_compare_years_of_the_dataset_and_of_its_view_agree(sample_2026):
    raw = es.compare_years(sample_2026.indicators, 2024, 2025)
    viewed = es.compare_years(sample_2026.on_units(2025).indicators, 2024, 2025)
    members = set(sample_2026.clusters.loc[sample_2026.clusters["year"] == 2025, "member_code"])
    assert set(raw.loc[raw["level"] == "member", "member_code"]) == members
    cols = ["member_code", "indicator", "base_value", "current_value", "change"]
    pd.testing.assert_frame_equal(raw.loc[raw["level"] == "member", cols].reset_index(drop=True),
                                  viewed.loc[viewed["level"] == "member", cols].reset_index(drop=True))


def test_the_score_the_sentence_and_the_table_agree_on_crime(sample_2026, tmp_path):
    """One output held against another: what the yoy table says of a member's crimes is
    what its points for crime say."""
    table = es.score(sample_2026, year=2025)
    yoy = es.compare_years(sample_2026.on_units(2025).indicators, 2024, 2025)
    crime = yoy[(yoy["level"] == "member") & (yoy["indicator"] == "criminal_cases")].set_index("member_code")
    detail = table.details["security"]
    for code, row in crime.iterrows():
        assert detail.loc[code, "base"] == row["base_value"] or (pd.isna(detail.loc[code, "base"])
                                                                 and pd.isna(row["base_value"]))
        if row["assessment"] == "better":
            assert table.points.loc[code, "security"] == table.weights["security"]


def test_forms_for_2026_one_of_each_per_member_with_last_years_figures(sample_2026, tmp_path, capsys):
    out = tmp_path / "forms"
    assert main(["forms", str(SAMPLE_2026), "--year", "2026", "--out", str(out)]) == 0
    members = sample_2026.clusters[sample_2026.clusters["year"] == 2026]
    indicator_forms = sorted((out / "indicators").glob("*.xlsx"))
    award_forms = sorted((out / "awards").glob("*.xlsx"))
    assert len(indicator_forms) == len(award_forms) == len(members)
    back, report = es.load_indicators(out / "indicators", province="Gia Lai")
    assert report.rows_read == report.rows_loaded + len(report.rejected) and report.rejected.empty
    last = back[back["year"] == 2025].set_index(["member_code", "indicator"])["value"]
    own = sample_2026.on_units(2026).indicators.query("year == 2025 and measure == 'actual'")
    own = own.set_index(["member_code", "indicator"])["value"]
    assert set(last.index.get_level_values(0)) == set(members["member_code"])
    pd.testing.assert_series_equal(last.sort_index(), own.reindex(last.index).sort_index(), check_names=False)


def test_forms_for_the_first_year_after_the_reform_carry_the_restated_figures(sample_2026, tmp_path):
    out = tmp_path / "forms"
    assert main(["forms", str(SAMPLE_2026), "--year", "2025", "--out", str(out)]) == 0
    back, _ = es.load_indicators(out / "indicators", province="Gia Lai")
    mang_yang = back.query("member_code == '23794' and year == 2024 and indicator == 'criminal_cases'")
    assert mang_yang["value"].tolist() == [35]


def test_the_packs_trend_chart_and_sheet_show_only_the_members(sample_2026, built_pack):
    """The trend chart's legend names the members of 2025 and no old unit is drawn; the
    trend sheet lists the members, never an old unit beside them."""
    import re

    pack = built_pack("sample_2026", 2025)
    members = sample_2026.clusters[sample_2026.clusters["year"] == 2025]
    drawn = re.findall(r"<!-- (.*?) -->", (pack.out_dir / "charts" / "dien_bien.svg").read_text(encoding="utf-8"))
    legend = drawn[len(drawn) - 1 - drawn[::-1].index("Đơn vị") + 1:]  # the names under the legend's title
    assert legend == members["member"].tolist()
    old = set(sample_2026.indicators["member"]) - set(members["member"])
    assert {"Kon Dơng", "Canh Hiệp", "An Bình"} <= old and not old & set(drawn)
    sheets = pd.read_excel(pack.out_dir / "review_2025.xlsx", sheet_name=None, engine="openpyxl")
    trend_sheet = next(frame for name, frame in sheets.items() if "diễn biến" in name.lower())
    shown = set(trend_sheet.astype(str).stack())
    comparable = set(members.loc[~members["member_code"].isin(["21994", "22006"]), "member"])
    assert comparable <= shown  # those with three years on their own units; the two made of parts have one
    assert not {"Kon Dơng", "Canh Hiệp", "An Bình"} & shown  # no old unit beside the members


# --- a khối across the reorganisation of 2025-03-01 -----------------------------------------

KHOI = "Khối thi đua các cơ quan tổng hợp"
BEFORE = {"SKHDT": "Sở Kế hoạch và Đầu tư", "STC": "Sở Tài chính", "SLDTBXH": "Sở Lao động - Thương binh và Xã hội",
          "SNV": "Sở Nội vụ", "CAT": "Công an tỉnh"}
AFTER = {"STC": "Sở Tài chính", "SNV": "Sở Nội vụ", "CAT": "Công an tỉnh"}
SUCCESSIONS = [("SKHDT", "STC"), ("STC", "STC"), ("SLDTBXH", "SNV"), ("SNV", "SNV")]
COMPLAINTS = {2024: {"SKHDT": 4, "STC": 6, "SLDTBXH": 9, "SNV": 3, "CAT": 20},
              2025: {"STC": 8, "SNV": 10, "CAT": 17}}


def _write_khoi(folder: Path, successions: bool = True) -> Path:
    (folder / "indicators").mkdir(parents=True)
    (folder / "dataset.yaml").write_text(yaml.safe_dump({
        "name": "khoi", "title": KHOI, "province": "Gia Lai", "cluster": KHOI, "years": [2024, 2025],
        "illustrative": True, "sources": [{"id": "test", "title": "written by this test"}]}, allow_unicode=True),
        encoding="utf-8")
    rows = [{"province_code": "52", "cluster": KHOI, "year": year, "member_code": code, "member": name,
             "member_type": "cơ quan", "role": "member"}
            for year, listed in ((2024, BEFORE), (2025, AFTER)) for code, name in listed.items()]
    pd.DataFrame(rows).to_csv(folder / "clusters.csv", index=False)
    pd.DataFrame([{"member_code": code, "member": (BEFORE | AFTER)[code], "year": year,
                   "indicator": "Số đơn thư khiếu nại", "measure": "thực hiện", "value": value, "unit": "đơn"}
                  for year, by in COMPLAINTS.items() for code, value in by.items()]).to_csv(
        folder / "indicators" / "chi_tieu.csv", index=False)
    if successions:
        pd.DataFrame([{"old_code": old, "old_member": BEFORE[old], "new_code": new, "new_member": AFTER[new],
                       "from_date": "2025-03-01", "part": "whole"} for old, new in SUCCESSIONS]).to_csv(
            folder / "successions.csv", index=False)
    return folder


def test_a_khoi_compares_a_merged_agency_with_its_predecessors_and_the_others_as_themselves(tmp_path):
    ds = es.load_dataset(_write_khoi(tmp_path / "khoi"))
    assert ds.report.rejected.empty, ds.report.rejected
    yoy = es.compare_years(ds.on_units(2025).indicators, 2024, 2025)
    members = yoy[yoy["level"] == "member"].set_index("member_code")
    assert set(members.index) == set(AFTER)
    assert members.loc["STC", "base_value"] == COMPLAINTS[2024]["SKHDT"] + COMPLAINTS[2024]["STC"]
    assert members.loc["SNV", "base_value"] == COMPLAINTS[2024]["SLDTBXH"] + COMPLAINTS[2024]["SNV"]
    assert members.loc["CAT", "base_value"] == COMPLAINTS[2024]["CAT"]  # no successor: compared as itself
    assert members["change"].notna().all()
    assert "Sở Kế hoạch và Đầu tư" in ds.on_units(2025).indicators.query("member_code == 'STC' and year == 2024")[
        "note"].iloc[0]


def test_a_khoi_without_successions_compares_each_agency_as_itself_never_as_a_district(tmp_path):
    ds = es.load_dataset(_write_khoi(tmp_path / "khoi", successions=False))
    yoy = es.compare_years(ds.indicators, 2024, 2025)
    members = yoy[yoy["level"] == "member"].set_index("member_code")
    assert members.loc["CAT", "base_value"] == 20 and members.loc["CAT", "change"] == -3
    assert not yoy.get("note", pd.Series(dtype=str)).fillna("").str.contains("huyện").any()
    text = es.describe_changes(yoy)
    assert "n/a" not in text and "huyện" not in text


def test_a_successions_file_with_a_bad_date_is_refused_in_one_line(tmp_path):
    folder = _write_khoi(tmp_path / "khoi")
    table = pd.read_csv(folder / "successions.csv")
    table.loc[0, "from_date"] = "mùng một tháng ba"
    table.to_csv(folder / "successions.csv", index=False)
    with pytest.raises(es.DataError, match="successions.csv"):
        es.load_dataset(folder)


def test_an_agency_named_in_2025_by_a_name_it_lost_is_told_its_successor(tmp_path):
    folder = _write_khoi(tmp_path / "khoi")
    (folder / "awards").mkdir()
    pd.DataFrame([{"year": 2025, "member": "Sở Kế hoạch và Đầu tư", "award": "Bằng khen",
                   "authority": "Chủ tịch UBND tỉnh", "recipient_kind": "tập thể", "count": 1},
                  {"year": 2024, "member": "Sở Kế hoạch và Đầu tư", "award": "Bằng khen",
                   "authority": "Chủ tịch UBND tỉnh", "recipient_kind": "tập thể", "count": 2}]).to_csv(
        folder / "awards" / "khen_thuong.csv", index=False)
    ds = es.load_dataset(folder)
    report = ds.reports_by_table["awards"]
    assert report.rows_read == report.rows_loaded + len(report.rejected) == 2
    (reason,) = report.rejected["reason"]
    assert "Sở Kế hoạch và Đầu tư" in reason and "nay là Sở Tài chính (mã STC)" in reason and "01/03/2025" in reason
    # Its 2024 award is counted with its successor in the view of 2025.
    view = ds.on_units(2025).awards
    assert view.loc[view["year"] == 2024, "member_code"].tolist() == ["STC"]


def test_the_packs_crime_sentence_agrees_with_the_score(sample_2026, built_pack):
    """The báo cáo's words of each member's crimes and the points it got for crime come from
    one view: a fall is never scored as a rise, a figure not compared is never compared."""
    import re

    pack = built_pack("sample_2026", 2025)
    text = (pack.out_dir / "summary_2025.md").read_text(encoding="utf-8")
    paragraph = next(line for line in text.splitlines() if line.startswith("Về phạm pháp hình sự"))
    said = re.findall(r"(?:xã|phường) ([^;.]+?) xảy ra (\d+) vụ(?:, (tăng|giảm) (\d+) vụ)?", paragraph, flags=re.I)
    table = es.score(sample_2026, year=2025)
    detail, names = table.details["security"], {n.split(" ", 1)[1]: c for c, n in table.names.items()}
    assert {name for name, *_ in said} == set(names)
    for name, current, way, change in said:
        row = detail.loc[names[name]]
        assert row["current"] == int(current)
        if not way:
            assert bool(row["not_comparable"]), name
            continue
        assert row["base"] == int(current) + (int(change) if way == "giảm" else -int(change)), name
        if way == "giảm":
            assert table.points.loc[names[name], "security"] == table.weights["security"], name


def _mang_yang_2024(own: dict[str, float]) -> pd.DataFrame:
    """Mang Yang's four predecessors' 2024 forms and its own 2024 column of its 2025 form."""
    olds = {"23794": ("Thị trấn Kon Dơng", 10, 12.7, 12076), "23686": ("Xã Hải Yang", 9, 10.0, 8000),
            "23803": ("Xã Đăk Yă", 8, 14.0, 9000), "23806": ("Xã Đăk Djrăng", 8, 13.0, 7000)}
    rows = []
    for code, (name, crimes, poor, people) in olds.items():
        rows += [(code, name, 2024, "criminal_cases", crimes, f"2024/{code}.xlsx"),
                 (code, name, 2024, "poor_household_rate", poor, f"2024/{code}.xlsx"),
                 (code, name, 2024, "population", people, f"2024/{code}.xlsx")]
    rows += [("23794", "Xã Mang Yang", 2024, key, value, "2025/23794.xlsx") for key, value in own.items()]
    rows += [("23794", "Xã Mang Yang", 2025, "criminal_cases", 34, "2025/23794.xlsx")]
    frame = pd.DataFrame(rows, columns=["member_code", "member", "year", "indicator", "value", "source"])
    return frame.assign(measure="actual", unit="", value=frame["value"].astype(float),
                        era=["old"] * 12 + ["new"] * (len(frame) - 12))


def _mang_yang_cluster(folder: Path, own: dict[str, float]) -> Path:
    """A one-member cluster of 2025 whose files hold _mang_yang_2024(own) as a tidy CSV."""
    (folder / "indicators").mkdir(parents=True)
    (folder / "dataset.yaml").write_text(yaml.safe_dump({
        "name": "cum", "province": "Gia Lai", "cluster": "Cụm", "years": [2024, 2025], "illustrative": True,
        "sources": [{"id": "t", "title": "test"}]}, allow_unicode=True), encoding="utf-8")
    pd.DataFrame([{"province_code": "52", "cluster": "Cụm", "year": 2025, "member_code": "23794",
                   "member": "Xã Mang Yang", "role": "head"}]).to_csv(folder / "clusters.csv", index=False)
    _mang_yang_2024(own).to_csv(folder / "indicators" / "chi_tieu.csv", index=False)
    return folder


def test_a_members_own_previous_year_is_used_and_the_restated_sum_only_checked():
    # Equal within the precision reported (35; the rate 12.4 against the weighted 12.45): nothing said.
    restated = (12.7 * 12076 + 10 * 8000 + 14 * 9000 + 13 * 7000) / (12076 + 8000 + 9000 + 7000)
    view, warnings = indicators_on_units(
        _mang_yang_2024({"criminal_cases": 35, "poor_household_rate": round(restated, 1)}), 2025)
    assert warnings.empty
    mine = view.query("year == 2024 and indicator == 'criminal_cases'")
    assert mine["value"].tolist() == [35] and mine["source"].tolist() == ["2025/23794.xlsx"]
    # Different: the member's own figure is used, one warning per member and indicator (not per predecessor).
    view, warnings = indicators_on_units(
        _mang_yang_2024({"criminal_cases": 40, "poor_household_rate": round(restated, 1)}), 2025)
    assert view.query("year == 2024 and indicator == 'criminal_cases'")["value"].tolist() == [40]
    assert len(warnings) == 1 and warnings["code"].tolist() == ["restated_differs"]
    (message,) = warnings["message"]
    assert "40" in message and "35" in message and "2025/23794.xlsx" in message and "2024/23794.xlsx" in message
    assert "thị trấn Kon Dơng" in message


def test_the_difference_warning_reaches_the_views_report(tmp_path):
    folder = _mang_yang_cluster(tmp_path / "cum", {"criminal_cases": 40})
    ds = es.load_dataset(folder)
    assert ds.report.rejected.empty, ds.report.rejected
    assert "restated_differs" not in set(ds.report.warnings["code"])
    view = ds.on_units(2025)
    assert view.report.warnings["code"].tolist().count("restated_differs") == 1


def test_forms_for_a_khoi_name_each_agency_as_it_is(tmp_path):
    folder = _write_khoi(tmp_path / "khoi")
    out = tmp_path / "forms"
    assert main(["forms", str(folder), "--year", "2026", "--out", str(out)]) == 0
    indicator_forms = sorted((out / "indicators").glob("*.xlsx"))
    assert len(indicator_forms) == len(list((out / "awards").glob("*.xlsx"))) == len(AFTER)
    import openpyxl

    titles = {openpyxl.load_workbook(p).active["A1"].value for p in indicator_forms}
    assert titles == {name.upper() for name in AFTER.values()}  # an agency is no People's Committee: no "UBND"
    # What comes back loads with the dataset as it is, and last year's column is last year's figure.
    returned = next(p for p in indicator_forms if "_STC_" in p.name)
    book = openpyxl.load_workbook(returned)
    sheet = book.active
    row = next(r for r in sheet.iter_rows() if r[1].value == "Số đơn thư khiếu nại")
    assert row[3].value == COMPLAINTS[2025]["STC"]
    row[5].value = 5
    book.save(folder / "indicators" / "stc_2026.xlsx")
    ds = es.load_dataset(folder)
    assert ds.report.errors.empty and ds.report.rejected.empty
    assert ds.indicators.query("year == 2026")[["member_code", "value"]].values.tolist() == [["STC", 5.0]]


def test_awards_across_years_are_counted_with_the_member_the_unit_went_into(sample_2026):
    old = pd.DataFrame([
        {"year": 2024, "member_code": "23686", "member": "Hải Yang", "cluster": "", "award": "bang_khen_tinh",
         "award_name": "Bằng khen", "authority": "province", "recipient_kind": "collective", "count": 2,
         "posthumous": False, "source": "a.csv:2"},
        # Xã Canh Hiệp went in part to two members: no one member can take its award.
        {"year": 2024, "member_code": "22000", "member": "Canh Hiệp", "cluster": "", "award": "bang_khen_tinh",
         "award_name": "Bằng khen", "authority": "province", "recipient_kind": "collective", "count": 1,
         "posthumous": False, "source": "a.csv:3"}])
    members = sample_2026.clusters[sample_2026.clusters["year"] == 2025][["member_code", "member"]]
    view = awards_on_units(pd.concat([sample_2026.awards, old], ignore_index=True), 2025, members=members)
    hai_yang = view[view["source"] == "a.csv:2"].iloc[0]
    assert (hai_yang["member_code"], hai_yang["member"]) == ("23794", "Xã Mang Yang")
    assert hai_yang["restated_from"] == "23686" and "xã Hải Yang" in hai_yang["note"]
    canh_hiep = view[view["source"] == "a.csv:3"].iloc[0]
    assert canh_hiep["member_code"] == "" and canh_hiep["note"] != ""
    assert int(view["count"].sum()) == int(sample_2026.awards["count"].sum()) + 3  # nothing lost
    assert (view.loc[view["year"] >= 2025, "member_code"] == sample_2026.awards["member_code"]).all()


def test_the_command_says_where_a_members_own_figure_differs_from_its_predecessors(tmp_path, capsys):
    folder = _mang_yang_cluster(tmp_path / "cum", {"criminal_cases": 40})
    main(["validate", str(folder)])
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if "số của chính đơn vị 40" in line]
    assert len(lines) == 1 and "CẢNH BÁO" in lines[0] and "cột 'value'" not in lines[0]


# --- robustness on a dataset spanning the reform: each answer checked by a second route --------

def test_sensitivity_draws_equal_score_on_the_view(sample_2026):
    from emulation_stats.analysis.criteria import ScoreChoices
    from emulation_stats.analysis.sensitivity import DEFAULT_ALTERNATIVES

    result = es.sensitivity(es.score(sample_2026, year=2025), draws=200, alternatives=DEFAULT_ALTERNATIVES, seed=3)
    weights = [c for c in result.draws.columns if c.startswith("w_")]
    for _, draw in result.draws.sample(8, random_state=1).iterrows():
        choices = ScoreChoices(aggregation=draw["aggregation"], missing=draw["missing"],
                               ignore_noise=bool(draw["ignore_noise"]), weights={c[2:]: draw[c] for c in weights})
        ranks = es.score(sample_2026, year=2025, choices=choices).ranking.set_index("member_code")["rank"]
        for code, rank in ranks.items():
            assert draw[f"rank_{code}"] == rank, (draw["draw"], code)


def test_leave_one_out_equals_weight_zero_on_the_view(sample_2026):
    nominal = es.score(sample_2026, year=2025)
    table = es.leave_one_out(nominal)
    for key in nominal.weights.index:
        again = nominal.rerun(weights={key: 0.0}).ranking.set_index("member_code")["rank"]
        without = table[table["criterion"] == key].set_index("member_code")["rank_without"]
        assert without.sort_index().tolist() == again.sort_index().tolist(), key


def _with_figure(ds, member: str, indicator: str, value: float):
    """The dataset with one 2025 actual figure of one member changed, as if its form said so."""
    indicators = ds.indicators.copy()
    at = (indicators["member_code"] == member) & (indicators["indicator"] == indicator) \
        & (indicators["year"] == 2025) & (indicators["measure"] == "actual")
    assert at.sum() == 1
    indicators.loc[at, "value"] = value
    return es.Dataset(ds.path, ds.meta, ds.clusters, indicators, ds.awards, ds.assessments, ds.votes, ds.rubric,
                      ds.report)


def test_what_it_takes_rescored_on_the_view(sample_2026):
    """Give a member the figure what_it_takes names for one criterion, re-score the dataset
    from its files' figures: it ranks first. The change criterion compares with Phường An
    Bình's 2024 restated from its three predecessors (15), not with the old ward of its code."""
    rubric = yaml.safe_load((SAMPLE_2026 / "rubric.yaml").read_text(encoding="utf-8"))
    for c in rubric["criteria"]:
        c["max_points"] = 60 if c["key"] == "security" else c["max_points"]
    worse = _with_figure(sample_2026, "23614", "criminal_cases", 30)  # the leader's crimes double: it falls
    table = es.score(worse, year=2025, rubric=rubric)
    assert table.details["security"].loc["23614", "base"] == _by_hand(sample_2026, "23614", "criminal_cases", 2024)
    checked = 0
    for member in table.ranking["member_code"].iloc[1:]:
        needs = es.what_it_takes(table, member).set_index("criterion")
        for key, row in needs.iterrows():
            c = table.rubric.criterion(key)
            # minmax is left to the robustness issue: a member at the end of the scale moves the
            # scale itself when its figure changes (what_it_takes assumes the others' points fixed).
            if not row["feasible"] or pd.isna(row["value_needed"]) or c.method not in ("plan_ratio", "change"):
                continue
            nudge = 1e-4 * catalog.better_sign(c.indicator) * max(abs(row["value_needed"]), 1.0)
            changed = _with_figure(worse, member, c.indicator, row["value_needed"] + nudge)
            assert es.score(changed, year=2025, rubric=rubric).ranking["member_code"].iloc[0] == member, (member, key)
            checked += 1
    assert "23614" in set(table.ranking["member_code"].iloc[1:]) and checked >= 1
    needs = es.what_it_takes(table, "23614").set_index("criterion")
    assert bool(needs.loc["security", "feasible"]) and needs.loc["security", "value_needed"] < 30


def test_compare_years_takes_the_dataset_or_its_view_as_an_analyst_first_tries(sample_2026):
    cum = sample_2026
    expected = es.compare_years(cum.indicators, 2024, 2025)
    for given in (cum, cum.on_units(2025)):
        pd.testing.assert_frame_equal(es.compare_years(given, 2024, 2025), expected)
    with pytest.raises(es.DataError, match="cần bảng chỉ tiêu"):
        es.compare_years([1, 2], 2024, 2025)


def test_a_member_whose_name_is_misspelt_beside_its_code_is_kept_and_said(tmp_path):
    """A fresh analyst's case: clusters.csv with "Xã Van Kanh" beside 21994 (Xã Vân Canh)
    dropped the member from the score, the pack and the forms with only "rows refused". The
    code decides; the name is said; another unit's name beside a code is still refused."""
    import shutil

    folder = tmp_path / "cum"
    shutil.copytree(SAMPLE_2026, folder)
    clusters = folder / "clusters.csv"
    clusters.write_text(clusters.read_text(encoding="utf-8").replace("Xã Vân Canh", "Xã Van Kanh"), encoding="utf-8")
    dataset = es.load_dataset(folder)
    table = es.score(dataset, year=2025)
    assert "21994" in set(table.ranking["member_code"]) and len(table.ranking) == 8
    said = dataset.report.warnings[dataset.report.warnings["code"] == "name_misspelt"]
    assert len(said) and "Van Kanh" in said["message"].iloc[0] and "21994" in said["message"].iloc[0]
    clusters.write_text(clusters.read_text(encoding="utf-8").replace("Xã Van Kanh", "Xã Kbang"), encoding="utf-8")
    refused = es.load_dataset(folder).report.rejected  # Kbang's name beside Vân Canh's code: which is meant?
    assert refused["reason"].str.contains("'Xã Kbang' không khớp mã đơn vị 21994").any()
