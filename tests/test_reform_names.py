"""Names of administrative units across the reform of 2025-07-01 (issue 22, points 4-8):
an exact name wins over one a tone mark apart, an old commune is found with its district,
an old unit named for a new year says where it went, files spanning the reform load, and
a district-level authority deciding after the reform is flagged."""

from __future__ import annotations

import time

import pandas as pd
import pytest

import emulation_stats as es
from emulation_stats.units import FIRST_NEW_DAY, exact_key, gone_message, match_unit, units

# --- 4. names exactly as written win ------------------------------------------------------


def _listed_old_communes() -> pd.DataFrame:
    """The communes of the 2025-01-04 list (not those the conversion adds after it)."""
    table = units()
    return table[(table["level"] == "commune") & (table["valid_from"] == "")]


def test_every_unit_of_both_lists_is_found_by_its_exact_name():
    table = units()
    new = table[(table["level"] == "commune") & (table["valid_from"] == FIRST_NEW_DAY)]
    old = _listed_old_communes()
    assert len(new) == 3321 and len(old) == 10051
    started = time.perf_counter()
    wrong = []
    for code, kind, name, province in zip(new["code"], new["type"], new["name"], new["province_name"]):
        try:
            unit = match_unit(f"{kind} {name}", province, year=2025)
            if (unit.code, unit.era) != (code, "new"):
                wrong.append((name, province, code, unit.code))
        except es.DataError as exc:
            wrong.append((name, province, code, str(exc)))
    # The 2025-01-04 list has one name twice in one district (Thanh Hóa's xã Đông Khê,
    # 16387 and 16408): no name can tell them apart; the one the conversion carries on wins.
    twice = old.duplicated(["district_code", "type", "name"], keep=False)
    for code, kind, name, province, district, double in zip(old["code"], old["type"], old["name"],
                                                              old["province_name"], old["district_code"], twice):
        try:
            unit = match_unit(f"{kind} {name}", province, year=2024, within=district)
            if unit.era != "old" or (unit.code != code and not (double and unit.successors)):
                wrong.append((name, province, code, unit.code))
        except es.DataError as exc:
            wrong.append((name, province, code, str(exc)))
    elapsed = time.perf_counter() - started
    assert wrong == []
    assert int(twice.sum()) == 2  # only that pair
    assert elapsed < 10, f"{elapsed:.1f} s for {len(new) + len(old)} names"


@pytest.mark.parametrize(("name", "province", "code"), [
    ("Xã Cẩm Giàng", "Hải Phòng", "10903"), ("Xã Cẩm Giang", "Hải Phòng", "10888"),
    ("Xã Tân Thạnh", "Tây Ninh", "27826"), ("Xã Tân Thành", "Tây Ninh", "25534"),
    ("xã văn lăng", "Thái Nguyên", "05665"), ("XÃ VĂN LANG", "Thái Nguyên", "02143"),
    ("Lộc Thành", "Đồng Nai", "25294"), ("UBND xã Lộc Thạnh", "Đồng Nai", "25280"),
])
def test_an_exact_name_wins_whatever_its_case_or_type_word(name, province, code):
    assert match_unit(name, province, year=2025).code == code


def test_a_loose_spelling_of_two_such_names_is_still_ambiguous():
    with pytest.raises(es.DataError, match="không rõ"):
        match_unit("Xa Cam Giang", "Hải Phòng", year=2025)


def test_old_tone_placement_is_the_same_name():
    assert exact_key("Thanh Hoá") == exact_key("Thanh Hóa") and exact_key("thuỷ") == exact_key("thủy")
    assert exact_key("Cẩm Giàng") != exact_key("Cẩm Giang")


@pytest.mark.parametrize("written", [
    "xã Tân Minh, huyện Sóc Sơn", "Xã Tân Minh - Huyện Sóc Sơn", "xã Tân Minh (huyện Sóc Sơn, TP Hà Nội)",
    "UBND xã Tân Minh, H. Sóc Sơn", "xã Tân Minh huyện Sóc Sơn",
])
def test_an_old_commune_written_with_its_district(written):
    unit = match_unit(written, "Hà Nội", year=2024)
    assert unit.label == "xã Tân Minh" and unit.district_code == "016"  # huyện Sóc Sơn


def test_a_ward_with_its_quan_and_within_by_name_or_code():
    quang_trung = {match_unit(w, "Hà Nội", year=2024).code for w in
                   ("Phường Quang Trung, quận Đống Đa", "Phường Quang Trung quận Đống Đa")}
    assert len(quang_trung) == 1
    (code,) = quang_trung
    for within in ("quận Đống Đa", "Đống Đa", "006", "6"):
        assert match_unit("Phường Quang Trung", "Hà Nội", year=2024, within=within).code == code
    # Gia Lai had two Phường Tây Sơn (Pleiku, An Khê): the district decides.
    assert match_unit("Phường Tây Sơn, thị xã An Khê", "Gia Lai", year=2024).code == "23617"
    assert match_unit("Phường Tây Sơn, TP Pleiku", "Gia Lai", year=2024).code == "23575"
    assert match_unit("Phường Tây Sơn", "Gia Lai", year=2024, within="Pleiku").code == "23575"


def test_a_district_named_after_a_name_that_is_not_in_it_finds_nothing():
    with pytest.raises(es.DataError):
        match_unit("xã Tân Minh, huyện Đông Anh", "Hà Nội", year=2024)


# --- 6. old names in new years say where they went ----------------------------------------


def test_an_old_unit_in_a_new_year_comes_with_its_successors():
    unit = match_unit("Thị trấn Kon Dơng", "Gia Lai", year=2025)
    assert unit.era == "old" and not unit.exists_in(2025)
    assert [u.label for u in unit.successors] == ["xã Mang Yang"]
    assert all(u.exists_in(2025) for u in unit.successors)
    assert gone_message(unit) == "thị trấn Kon Dơng không còn từ 01/7/2025; nay thuộc xã Mang Yang"
    assert hash(unit) == hash(match_unit("TT. Kon Dơng", "Gia Lai", year=2025))  # still frozen, hashable
    assert match_unit("Xã Mang Yang", "Gia Lai", year=2025).successors == ()


def test_a_loose_type_word_still_finds_a_unique_old_unit():
    assert match_unit("xã Kon Dơng", "Gia Lai", year=2025).label == "thị trấn Kon Dơng"
    assert match_unit("Xã Kon Dơng", "Gia Lai", year=2024).label == "thị trấn Kon Dơng"


def test_an_old_district_or_province_names_its_successors():
    district = match_unit("Huyện Mang Yang", "Gia Lai", year=2025)
    assert "xã Mang Yang" in [u.label for u in district.successors] and len(district.successors) > 1
    assert "nay thuộc xã Mang Yang" in gone_message(district)
    province = match_unit("Bình Định", None, year=2024, level="province")
    assert [u.code for u in province.successors] == ["52"]
