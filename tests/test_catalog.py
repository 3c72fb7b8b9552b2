import pytest

from emulation_stats.core import catalog
from emulation_stats.core.resources import read_reference, split_aliases

INDICATORS = catalog.indicators().table
AWARDS = catalog.awards().table
AUTHORITIES = set(catalog.authorities().table.index)


def test_seed_report_indicators_are_in_the_catalogue():
    needed = {"criminal_cases", "gdp_growth", "income_per_capita", "budget_revenue", "poor_household_rate",
              "new_rural_communes", "traffic_accidents", "traffic_deaths", "population",
              "trained_labour_rate", "health_insurance_rate", "national_standard_schools"}
    assert needed <= set(INDICATORS.index)


def test_indicator_columns_are_valid():
    assert set(INDICATORS["kind"]) <= {"count", "rate", "amount", "percent"}
    assert set(INDICATORS["direction"]) <= {"higher_is_better", "lower_is_better", "neutral"}
    alone = INDICATORS[INDICATORS["group"] == ""]
    assert alone["template_vi"].str.contains("{place}").all() and alone["template_en"].str.contains("{place}").all()
    assert (INDICATORS["template_en"].str.contains("{current}")).all()
    # said together with their group: the group has a lead, each part a noun for its change
    grouped = INDICATORS[INDICATORS["group"] != ""]
    groups = read_reference("indicator_groups.csv").set_index("key")
    assert set(grouped["group"]) <= set(groups.index)
    assert (grouped["change_noun_vi"] != "").all() and (grouped["change_noun_en"] != "").all()
    counts = INDICATORS[INDICATORS["kind"] == "count"]
    assert (counts["min_value"] == "0").all(), "a count can never be negative"


@pytest.mark.parametrize("written, key", [
    ("Số vụ phạm pháp hình sự", "criminal_cases"), ("phạm pháp hình sự", "criminal_cases"),
    ("Thu ngân sách tại địa phương", "budget_revenue"), ("Tỷ lệ hộ nghèo", "poor_household_rate"),
    ("tỉ lệ hộ nghèo", "poor_household_rate"), ("Số vụ TNGT", "traffic_accidents"),
    ("Tỷ lệ dân số tham gia BHYT", "health_insurance_rate"), ("criminal_cases", "criminal_cases"),
])
def test_indicator_names_as_reports_write_them(written, key):
    assert catalog.indicators().match(written) == key


def test_award_catalogue_follows_the_law():
    assert set(AWARDS["category"]) == {"order", "medal", "state_title", "emulation_title", "flag", "certificate"}
    for row in AWARDS.itertuples():
        assert set(split_aliases(row.authority)) <= AUTHORITIES, row.key
        assert set(split_aliases(row.recipients)) <= {"collective", "individual", "household"}, row.key
        assert row.posthumous_allowed in {"true", "false"}
    flags = AWARDS[AWARDS["category"] == "flag"]
    assert len(flags) >= 2 and (flags["recipients"] == "collective").all(), "Cờ thi đua: collectives only"
    mother = AWARDS.loc["mother_hero"]
    assert (mother["authority"], mother["recipients"], mother["posthumous_allowed"]) == (
        "president", "individual", "true")
    orders = AWARDS[AWARDS["category"] == "order"]
    assert {"order_labour", "order_independence", "order_military_exploit", "order_ho_chi_minh",
            "order_gold_star", "order_fatherland_defence", "order_feat_of_arms"} <= set(orders.index)
    assert orders.loc["order_labour", "classes"] == "1|2|3"


@pytest.mark.parametrize("written, authority, key", [
    ("Huân chương Lao động hạng II", None, "order_labour_2"),
    ("Huân chương Lao động hạng Nhì", None, "order_labour_2"),
    ("huân chương lao động hạng 3", None, "order_labour_3"),
    ("Huân chương Độc lập hạng I", None, "order_independence_1"),
    ("Bà mẹ Việt Nam anh hùng", None, "mother_hero"),
    ("Chiến sỹ thi đua cấp tỉnh", None, "emulation_soldier_province"),
    ("Chiến sĩ thi đua", "district", "emulation_soldier_grassroots"),
    ("Bằng khen", "prime_minister", "certificate_prime_minister"),
    ("Bằng khen", "province", "certificate_province"),
    ("Cờ Thi đua", "prime_minister", "flag_government"),
    ("Cờ thi đua", "province", "flag_province"),
    ("Tập thể Lao động xuất sắc", None, "excellent_labour_collective"),
    ("đơn vị quyết thắng", None, "decisive_victory_unit"),
    ("Giấy khen", None, "merit_paper"),
    ("order_labour_2", None, "order_labour_2"),
])
def test_award_names(written, authority, key):
    assert catalog.match_award(written, authority).key == key


def test_ambiguous_award_without_authority_is_reported():
    found = catalog.match_award("Bằng khen")
    assert found.key == "certificate_province" and "certificate_prime_minister" in found.ambiguous


def test_unknown_award_and_derived_key():
    assert catalog.match_award("Kỷ niệm chương vì sự nghiệp ABC").key is None
    assert catalog.derived_key("Tỷ lệ hộ cận nghèo") == "x_ti_le_ho_can_ngheo"


def test_award_display_name_with_class():
    assert catalog.award_display_name("order_labour_2") == "Huân chương Lao động hạng Nhì"


@pytest.mark.parametrize("written, level", [
    ("Chủ tịch nước", "president"), ("Thủ tướng Chính phủ", "prime_minister"), ("Bộ trưởng Bộ Tài chính", "ministry"),
    ("Chủ tịch UBND tỉnh Gia Lai", "province"), ("Giám đốc Sở Tài chính", "agency"),
    ("Chủ tịch UBND quận Ba Đình", "district"), ("CT UBND TX", "district"), ("Chủ tịch UBND TP Pleiku", "district"),
    ("Chủ tịch UBND phường Diên Hồng", "commune"), ("CT UBND P.", "commune"), ("CT UBND đặc khu", "commune"),
    ("Chủ tịch UBND đặc khu Phú Quốc", "commune"), ("Chánh Thanh tra tỉnh", "agency"),
    ("Chánh Văn phòng UBND tỉnh", "agency"), ("Viện trưởng Viện kiểm sát nhân dân tỉnh", "agency"),
    ("Cục trưởng Cục Thuế tỉnh", "agency"), ("Trưởng Ban Dân tộc tỉnh", "agency"), ("Ban chỉ đạo", None)])
def test_an_issuer_is_its_level_at_every_level(written, level):
    """Issue "Award lists, score sheets and forms", point 1: issuers at every level, in full,
    abbreviated or with their place or agency named."""
    from emulation_stats.core.catalog import authority_of
    assert authority_of(written) == level


def test_a_city_that_is_a_province_is_the_provinces_level_however_written(tmp_path):
    from emulation_stats.load.awards import _authority_with_place
    assert _authority_with_place("Chủ tịch UBND TP. Hồ Chí Minh") == "province"
    assert _authority_with_place("Chủ tịch UBND thành phố Hà Nội") == "province"
    assert _authority_with_place("Chủ tịch UBND TP Pleiku") == "district"


def test_an_issuer_against_the_law_is_named_in_words_not_keys():
    import pandas as pd

    from emulation_stats.core.catalog import law_checks
    said = law_checks(pd.Series(["certificate_prime_minister"]), pd.Series(["individual"]), pd.Series([False]),
                      pd.Series(["president"])).loc[0, "law_authority"]
    assert "Chủ tịch nước" in said and "Thủ tướng Chính phủ" in said
    assert "president" not in said and "prime_minister" not in said
