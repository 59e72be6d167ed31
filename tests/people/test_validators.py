import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from people.validators import (
    ID_CHECK_CHARS,
    Period,
    check_work_history,
    id_check_char,
    normalize_id_number,
    normalize_landline,
    normalize_mobile,
    parse_resident_id,
    validate_email,
)

TODAY = datetime.date(2026, 11, 22)
# A well-known specimen number (GB 11643's worked example) with a correct check character.
SPECIMEN = "11010519491231002X"


def make_number(address: str, birth: datetime.date, seq: int) -> str:
    first17 = f"{address}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


def test_specimen_number_parses_with_birth_date_and_sex():
    parsed = parse_resident_id(SPECIMEN, today=TODAY)
    assert parsed.birth_date == datetime.date(1949, 12, 31)
    assert parsed.sex == "2"
    assert parsed.address_code == "110105"


def test_lower_case_x_and_full_width_digits_are_accepted():
    full_width = "１１０１０５１９４９１２３１００２ｘ"
    assert parse_resident_id(full_width, today=TODAY).number == SPECIMEN
    assert parse_resident_id(SPECIMEN.lower(), today=TODAY).number == SPECIMEN


def test_fifteen_digit_number_is_upgraded_to_eighteen():
    old = "110105491231002"
    assert parse_resident_id(old, today=TODAY).number == SPECIMEN


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("11010519491231002Y", "最后一位"),
        ("110105194912310021", "校验码"),
        ("11010519490231002X"[:17] + "0", "不是有效日期"),
        ("1101051949123100", "18位"),
        ("", "请填写"),
    ],
)
def test_bad_numbers_get_chinese_reasons(number, fragment):
    with pytest.raises(ValidationError) as exc:
        parse_resident_id(number, today=TODAY)
    assert fragment in exc.value.messages[0]


def test_thirty_first_of_february_is_refused():
    first17 = "33990219850231001"
    number = first17 + id_check_char(first17)
    with pytest.raises(ValidationError, match="不是有效日期"):
        parse_resident_id(number, today=TODAY)


def test_birth_date_in_the_future_is_refused():
    number = make_number("339902", datetime.date(2027, 1, 1), 11)
    with pytest.raises(ValidationError, match="晚于今天"):
        parse_resident_id(number, today=TODAY)


dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY)
addresses = st.from_regex(r"[1-6][0-9]{5}", fullmatch=True)
sequences = st.integers(min_value=0, max_value=999)


@given(addresses, dates, sequences)
def test_property_generated_valid_numbers_are_accepted(address, birth, seq):
    number = make_number(address, birth, seq)
    parsed = parse_resident_id(number, today=TODAY)
    assert parsed.number == number
    assert parsed.birth_date == birth
    assert parsed.sex == ("1" if seq % 2 else "2")


@given(addresses, dates, sequences, st.integers(min_value=1, max_value=10))
def test_property_any_wrong_check_character_is_refused(address, birth, seq, shift):
    number = make_number(address, birth, seq)
    wrong = ID_CHECK_CHARS[(ID_CHECK_CHARS.index(number[17]) + shift) % 11]
    with pytest.raises(ValidationError):
        parse_resident_id(number[:17] + wrong, today=TODAY)


@given(addresses, dates, sequences, st.integers(min_value=0, max_value=16), st.integers(1, 9))
def test_property_a_changed_digit_is_detected(address, birth, seq, position, delta):
    number = make_number(address, birth, seq)
    digit = (int(number[position]) + delta) % 10
    changed = number[:position] + str(digit) + number[position + 1 :]
    with pytest.raises(ValidationError):
        parse_resident_id(changed, today=TODAY)


def test_normalize_id_number_accepts_excel_integers():
    assert normalize_id_number(110105194912310021) == "110105194912310021"
    assert normalize_id_number("  11010519491231002x ") == SPECIMEN


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
    ],
)
def test_mobile_numbers_are_normalised(raw, expected):
    assert normalize_mobile(raw) == expected


@pytest.mark.parametrize("raw", ["138123456789", "12812345678", "1381234567", "abc"])
def test_bad_mobile_numbers_are_refused(raw):
    with pytest.raises(ValidationError, match="11位"):
        normalize_mobile(raw)


@pytest.mark.parametrize(
    "raw", ["0599-88001234", "010-12345678", "0599 8800123", "0571-87654321-123"]
)
def test_landlines_are_accepted(raw):
    assert normalize_landline(raw).startswith("0")


@pytest.mark.parametrize("raw", ["88001234", "1599-88001234", "0599-123"])
def test_bad_landlines_are_refused(raw):
    with pytest.raises(ValidationError, match="区号"):
        normalize_landline(raw)


def test_bad_email_is_refused():
    with pytest.raises(ValidationError, match="电子邮箱"):
        validate_email("not-an-email")


def d(text):
    return datetime.date.fromisoformat(text)


def test_overlapping_work_history_is_an_error():
    errors, warnings = check_work_history(
        [
            Period("甲公司职员", d("2005-07-01"), d("2012-06-30")),
            Period("乙公司经理", d("2010-01-01"), None),
        ]
    )
    assert errors == ["“甲公司职员”与“乙公司经理”的时间重叠。"]
    assert warnings == []


def test_gap_in_work_history_is_a_warning():
    errors, warnings = check_work_history(
        [
            Period("甲公司职员", d("2005-07-01"), d("2008-06-30")),
            Period("乙公司经理", d("2010-01-01"), None),
        ]
    )
    assert errors == []
    assert len(warnings) == 1 and "空档" in warnings[0]


def test_continuous_work_history_is_clean():
    assert check_work_history(
        [
            Period("甲公司职员", d("2005-07-01"), d("2010-01-01")),
            Period("乙公司经理", d("2010-01-01"), None),
        ]
    ) == ([], [])


def test_end_before_start_is_an_error():
    errors, _ = check_work_history([Period("甲公司", d("2010-01-01"), d("2009-01-01"))])
    assert errors and "早于开始时间" in errors[0]
