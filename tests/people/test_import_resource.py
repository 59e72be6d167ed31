"""PersonResource: the django-import-export resource with the roster's Chinese headers.

The benchmark compares our import with this resource's default row-by-row import, so it
must import the same columns correctly.
"""

import datetime

import tablib

from people.demo import fictional_id_number
from people.models import Person
from people.resources import HEADERS, PersonResource

BIRTH = datetime.date(1985, 3, 7)


def dataset(rows):
    return tablib.Dataset(*[[row.get(h, "") for h in HEADERS] for row in rows], headers=HEADERS)


def person_row(name, sequence, **extra):
    return {
        "姓名": name,
        "证件类型": "居民身份证",
        "证件号码": fictional_id_number("339902", BIRTH, sequence, "1"),
        "性别": "男",
        "出生日期": "1985-03-07",
        "民族": "汉族",
        "国籍": "中国",
        "政治面貌": "群众",
        "新的社会阶层类别": "中介组织和社会组织从业人员",
        "细分类型": "律师",
        "网络主播": "否",
        "网络意见人士": "否",
        "所在区划": "明湖区",
        "工作单位": "明湖明理律师事务所",
        "手机号码": "13900001234",
        **extra,
    }


def test_resource_imports_rows_with_chinese_headers(personas):
    result = PersonResource().import_data(
        dataset([person_row("林晓岚", 1), person_row("周启航", 2, 所在区划="339902001")])
    )
    assert not result.has_errors() and not result.has_validation_errors()
    persons = {p.name: p for p in Person.objects.select_related("subtype", "region")}
    assert set(persons) == {"林晓岚", "周启航"}
    assert persons["周启航"].region == personas.street_a1
    assert persons["林晓岚"].subtype.name == "律师"
    assert persons["林晓岚"].affiliation == "13"
    assert persons["林晓岚"].name_pinyin == "linxiaolan"


def test_resource_matches_existing_persons_by_id_number(personas):
    PersonResource().import_data(dataset([person_row("林晓岚", 1)]))
    result = PersonResource().import_data(dataset([person_row("林晓岚", 1, 工作单位="新单位")]))
    assert result.totals["update"] == 1
    assert list(Person.objects.values_list("work_unit", flat=True)) == ["新单位"]


def test_resource_reports_an_invalid_id_number(personas):
    result = PersonResource().import_data(
        dataset([person_row("林晓岚", 1, 证件号码="339902198503070019")])
    )
    assert result.has_validation_errors()
    assert Person.objects.count() == 0


def test_resource_exports_labels_under_chinese_headers(personas):
    PersonResource().import_data(dataset([person_row("林晓岚", 1)]))
    exported = PersonResource().export()
    assert exported.headers == HEADERS
    row = dict(zip(HEADERS, exported[0], strict=True))
    assert (row["姓名"], row["政治面貌"], row["细分类型"], row["所在区划"], row["网络主播"]) == (
        "林晓岚",
        "群众",
        "律师",
        "明湖区",
        "否",
    )
