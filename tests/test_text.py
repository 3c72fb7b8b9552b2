import math
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emulation_stats.core.text import clean, fold, format_number, name_key, parse_number


@pytest.mark.parametrize("text, expected", [
    ("1.234,5", 1234.5), ("12,5%", 12.5), ("1.234.567", 1234567.0), ("12.5", 12.5),
    ("-3", -3.0), ("(4,5)", -4.5), (" 70 ", 70.0), (7, 7.0), (2017.0, 2017.0), ("1,234,567", 1234567.0),
])
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("mark", ["", "-", "x", "—", None])
def test_parse_number_none_marks_are_nan(mark):
    assert math.isnan(parse_number(mark))


@pytest.mark.parametrize("bad", ["abc", "12 vụ", "1,2,3,4a", True])
def test_parse_number_rejects_text(bad):
    with pytest.raises(ValueError):
        parse_number(bad)


def test_format_number_vietnamese():
    assert format_number(1234.5) == "1.234,5"
    assert format_number(7, pad=True) == "07"
    assert format_number(70, pad=True) == "70"
    assert format_number(12.5, 1) == "12,5"
    assert format_number(float("nan")) == "n/a"


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda v: round(v, 2)))
def test_format_then_parse_round_trip(value):
    assert parse_number(format_number(value, 2)) == pytest.approx(value, abs=1e-9)


def test_clean_removes_invisible_and_nbsp_and_makes_nfc():
    nfd = unicodedata.normalize("NFD", "Đắk Đoa")
    assert clean("\u200b " + nfd + "\u00a0 ") == "Đắk Đoa"
    assert unicodedata.is_normalized("NFC", clean(nfd))


@pytest.mark.parametrize("a, b", [
    ("Chiến sỹ thi đua", "chiến sĩ thi đua"), ("Hòa Bình", "Hoà Bình"),
    ("Huân chương Lao động hạng II", "Huân chương Lao động hạng Nhì"),
    ("Huân chương Lao động hạng I", "huân chương lao động hạng nhất"),
    ("Ủy ban nhân dân tỉnh", "UBND tỉnh"), ("danh hiệu Tập thể lao động xuất sắc", "Tập thể Lao động Xuất sắc"),
])
def test_name_key_variants(a, b):
    assert name_key(a) == name_key(b)


def test_name_key_keeps_classes_apart():
    assert name_key("hạng Nhì") != name_key("hạng Ba")
    assert name_key("hạng II") != name_key("hạng III")


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢẠẮẶẤỆỒỢỰỲ ÝĐ\u00a0\u0301-.", max_size=30))
def test_fold_and_name_key_are_idempotent(text):
    assert fold(fold(text)) == fold(text)
    assert name_key(name_key(text)) == name_key(text)


@pytest.mark.parametrize("written, value", [("1 234,5", 1234.5), ("1\u00a0234,5", 1234.5), ("1 234 567", 1234567.0),
                                            ("12\u202f345", 12345.0), (" 98,5 ", 98.5)])
def test_numbers_stored_as_text_with_spaces_read_as_numbers(written, value):
    """Issue "Award lists, score sheets and forms", point 9: "1 234,5" with spaces or
    non-breaking spaces between the thousands is the number Excel would show."""
    from emulation_stats.core.text import parse_number
    assert parse_number(written) == value
