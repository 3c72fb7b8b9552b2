import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emulation_stats import DataError, match_district
from emulation_stats.core.text import fold
from emulation_stats.units.lists import districts


@pytest.mark.parametrize("name", [
    "Đak Đoa", "Đăk Đoa", "Đắk Đoa", "Dak Doa", "H. Đăk Đoa", "huyện Đak Đoa", "UBND HUYỆN ĐĂK ĐOA",
    unicodedata.normalize("NFD", "Đắk Đoa"), "  Đak\u00a0Đoa ", "Đak  Đoa", "\u200bĐak Đoa",
])
def test_variants_of_dak_doa(name):
    found = match_district(name)
    assert (found.code, found.province_code, found.type) == ("626", "64", "huyện")


@pytest.mark.parametrize("name, code", [
    ("KBang", "625"), ("Kbang", "625"), ("K Bang", "625"), ("TX An Khê", "623"), ("thị xã An Khê", "623"),
    ("Đak Pơ", "634"), ("TP. Pleiku", "622"), ("626", "626"),
])
def test_gia_lai_members(name, code):
    assert match_district(name, province="Gia Lai").code == code


def test_province_given_as_code_or_name():
    assert match_district("Châu Thành", province="Long An").code == "808"
    assert match_district("Châu Thành", province="80").code == "808"
    assert match_district("Châu Thành", province="tỉnh Long An").code == "808"


def test_ambiguous_name_lists_candidates():
    with pytest.raises(DataError) as err:
        match_district("Châu Thành")
    assert "Long An" in str(err.value) and "Tây Ninh" in str(err.value)


def test_same_name_town_and_district_need_the_type():
    with pytest.raises(DataError, match="thị xã Cai Lậy"):
        match_district("Cai Lậy", province="Tiền Giang")
    assert match_district("TX Cai Lậy", province="Tiền Giang").code == "817"
    assert match_district("huyện Cai Lậy", province="Tiền Giang").code == "820"


def test_unknown_name_suggests_the_closest():
    with pytest.raises(DataError, match="gợi ý: huyện Đăk Đoa"):
        match_district("Đak Đo", province="Gia Lai")
    with pytest.raises(DataError, match="không tìm thấy huyện 'Atlantis'"):
        match_district("Atlantis")


def test_unknown_province():
    with pytest.raises(DataError, match="tỉnh"):
        match_district("Kbang", province="Xứ Sở Thần Tiên")


def test_name_that_begins_like_a_prefix():
    assert match_district("Quan Hóa").code == "385"  # not "quận" + "Hóa"
    assert match_district("Quận 1", province="Hồ Chí Minh").name == "1"


TABLE = districts()
AMBIGUOUS = set(TABLE[TABLE.duplicated(["province_code", "key"], keep=False)]["district_code"])
PREFIXES = {"huyện": ["huyện ", "H. ", "Huyện ", "UBND huyện "], "thị xã": ["thị xã ", "TX ", "TX. ", "Thị xã "],
            "thành phố": ["thành phố ", "TP ", "TP. "], "quận": ["quận ", "Q. "]}


@st.composite
def written_names(draw):
    row = TABLE.iloc[draw(st.integers(0, len(TABLE) - 1))]
    name = row["district_name"]
    if draw(st.booleans()):
        name = fold(name) if draw(st.booleans()) else name.upper()
    if draw(st.booleans()):
        name = unicodedata.normalize("NFD", name)
    if draw(st.booleans()):
        name = name.replace(" ", draw(st.sampled_from(["  ", "\u00a0", " \u200b"])))
    needs_type = row["district_code"] in AMBIGUOUS or not row["district_name"][0].isalpha()
    if needs_type or draw(st.booleans()):
        name = draw(st.sampled_from(PREFIXES[row["district_type"]])) + name
    name = draw(st.sampled_from(["", " ", "\u00a0"])) + name + draw(st.sampled_from(["", " ", "\t"]))
    return row, name


@settings(max_examples=600, deadline=None)
@given(written_names())
def test_every_gso_district_matches_itself(case):
    row, name = case
    assert match_district(name, province=row["province_code"]).code == row["district_code"]


def test_every_gso_district_matches_by_exact_name_and_province():
    for row in TABLE.itertuples():
        written = f"{row.district_type} {row.district_name}"
        assert match_district(written, province=row.province_name).code == row.district_code
