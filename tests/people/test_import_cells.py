"""Reading single cells of an import sheet: the tolerance staff expect from Excel files."""

import datetime

import pytest

from people.importing.cells import (
    CellError,
    Lookups,
    cell_text,
    parse_bool,
    parse_date,
    parse_id_number,
    parse_phone,
)
from people.importing.rows import HEADER_INDEX, header_key


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1985-3-7", datetime.date(1985, 3, 7)),
        ("1985-03-07", datetime.date(1985, 3, 7)),
        ("1985/3/7", datetime.date(1985, 3, 7)),
        ("1985.3.7", datetime.date(1985, 3, 7)),
        ("1985年3月7日", datetime.date(1985, 3, 7)),
        ("1985 年 3 月 7 日", datetime.date(1985, 3, 7)),
        ("１９８５年３月７日", datetime.date(1985, 3, 7)),
        ("1985年3月", datetime.date(1985, 3, 1)),
        ("1985.03", datetime.date(1985, 3, 1)),
        ("1985-3", datetime.date(1985, 3, 1)),
        ("19850307", datetime.date(1985, 3, 7)),
        ("198503", datetime.date(1985, 3, 1)),
        (" 1985-3-7 ", datetime.date(1985, 3, 7)),
        (datetime.datetime(1985, 3, 7, 0, 0), datetime.date(1985, 3, 7)),
        (datetime.date(1985, 3, 7), datetime.date(1985, 3, 7)),
        (31113, datetime.date(1985, 3, 7)),  # an Excel serial date without its format
        (19850307, datetime.date(1985, 3, 7)),
        (1985.03, datetime.date(1985, 3, 1)),  # 1985.03 typed into a number cell
        (1985.1, datetime.date(1985, 10, 1)),  # 1985.10 loses its trailing zero
        (None, None),
        ("  ", None),
    ],
)
def test_parse_date_accepts_the_usual_forms(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1985-2-30", "不是有效的日期"),
        ("1985-13", "不是有效的日期"),
        ("1985", "请至少写到月份"),
        (1985, "请至少写到月份"),
        ("三月七日", "无法识别的日期"),
        ("85-3-7", "无法识别的日期"),
    ],
)
def test_parse_date_rejects_with_a_chinese_message(value, message):
    with pytest.raises(CellError, match=message):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("33990219850307001x", "33990219850307001X"),
        ("339902 19850307 0012", "339902198503070012"),
        ("３３９９０２１９８５０３０７００１２", "339902198503070012"),
        (339902198503070012, "339902198503070012"),
        (339902850307001, "339902850307001"),  # old 15 digits as a number
        (339902850307001.0, "339902850307001"),
        (" 339902198503070012\u3000", "339902198503070012"),
    ],
)
def test_parse_id_number_tolerates_how_excel_holds_it(value, expected):
    assert parse_id_number(value) == expected


def test_parse_id_number_refuses_a_float_that_lost_digits():
    with pytest.raises(CellError, match="存成了数字"):
        parse_id_number(3.39902198503070e17)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (13900001234, "13900001234"),
        (13900001234.0, "13900001234"),
        (" 0599-88001234 ", "0599-88001234"),
    ],
)
def test_parse_phone_keeps_digits_of_numbers(value, expected):
    assert parse_phone(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        (1, True),
        (0, False),
        (None, False),
        (True, True),
        ("√", True),
    ],
)
def test_parse_bool(value, expected):
    assert parse_bool(value) is expected


def test_parse_bool_rejects_other_words():
    with pytest.raises(CellError, match="应填写“是”或“否”"):
        parse_bool("可能")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("  林晓岚  ", "林晓岚"), ("林\u3000晓岚\u3000", "林 晓岚"), (314000.0, "314000"), (None, "")],
)
def test_cell_text_trims_and_keeps_integers_integral(value, expected):
    assert cell_text(value) == expected


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("证件号码", "id_number"),
        ("证件号码 ", "id_number"),
        (" 身份证号码", "id_number"),
        ("*姓名", "name"),
        ("姓名（必填）", "name"),
        ("出生年月", "birth_date"),
        ("手机", "mobile"),
        ("类别", "category"),
        ("所 在 区 划", "region"),
    ],
)
def test_headers_match_by_name_with_aliases_and_spaces(header, field):
    assert HEADER_INDEX[header_key(header)].field == field


def test_region_lookup_by_name_code_and_name_with_code(personas):
    lookups = Lookups.for_user(personas.staff_a)
    assert lookups.region("明湖区") == personas.district_a
    assert lookups.region("339902001") == personas.street_a1
    assert lookups.region("湖滨街道（339902001）") == personas.street_a1
    assert lookups.region("湖滨街道(339902001)") == personas.street_a1
    with pytest.raises(CellError, match="不在您的管辖范围内"):
        lookups.region("青山区")
    with pytest.raises(CellError, match="不在您的管辖范围内"):
        lookups.region("示范市")
    with pytest.raises(CellError, match="找不到区划"):
        lookups.region("不存在区")


def test_region_names_that_repeat_in_scope_need_the_code(personas):
    from units.enums import RegionLevel
    from units.models import Region

    Region.objects.create(
        code="339903001", name="湖滨街道", level=RegionLevel.TOWNSHIP, parent=personas.district_b
    )
    lookups = Lookups.for_user(personas.city_staff)
    with pytest.raises(CellError, match="不唯一"):
        lookups.region("湖滨街道")
    assert lookups.region("湖滨街道（339903001）").code == "339903001"
    # District A staff see only one of them: the name is enough.
    assert Lookups.for_user(personas.staff_a).region("湖滨街道") == personas.street_a1


def test_subtype_lookup_checks_the_category(personas):
    lookups = Lookups.for_user(personas.staff_a)
    assert lookups.subtype("律师", "intermediary").name == "律师"
    with pytest.raises(CellError, match="不属于“自由职业人员”"):
        lookups.subtype("律师", "freelance")
    with pytest.raises(CellError, match="找不到细分类型"):
        lookups.subtype("宇航员", "freelance")
