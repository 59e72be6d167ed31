"""Reading single cells of an import sheet: text, ID numbers, phones, dates, yes/no, coded
values, sub-types and regions. Errors are Chinese messages about the cell.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from accounts.selectors import region_scope
from people.enums import CATEGORY_SHORT_LABELS, Category, Sex
from people.models import SubType
from people.resources import (
    CHOICE,
    COLUMNS,
    NO,
    YES,
    Column,
)
from people.validators import normalize_id_number, to_half_width
from units.models import Region


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class CellError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


DATE_YMD = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"  # not-ui: how dates are typed
)
DATE_YM = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")  # not-ui: how dates are typed
DATE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})?")


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    text = str(value).replace("\u3000", " ")  # not-ui: the ideographic space, folded
    return re.sub(r" {2,}", " ", text).strip()


def parse_date(value) -> datetime.date | None:
    """Return a date from an Excel date, a number or text such as 1985-3-7, 1985年3月7日
    or 1985.03 (the first of the month)."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _date_from_number(value)
    text = re.sub(r"\s+", "", to_half_width(str(value)))
    for pattern in (DATE_YMD, DATE_YM, DATE_COMPACT):
        match = pattern.fullmatch(text)
        if match:
            year, month, day = (*match.groups(), None)[:3]
            return _make_date(int(year), int(month), int(day or 1), text)
    if re.fullmatch(r"\d{4}年?", text):  # not-ui: a year alone, as typed
        raise CellError(_("日期“%(text)s”不完整，请至少写到月份，如1985.03。") % {"text": text})
    raise CellError(
        _("无法识别的日期“%(text)s”，请写成1985-03-07、1985年3月7日或1985.03的形式。")
        % {"text": text}
    )


def _date_from_number(value) -> datetime.date:
    if isinstance(value, float) and not value.is_integer() and 1900 <= value < 2101:
        # 1985.03 typed into a number cell: year.month (1985.1 is October).
        return _make_date(int(value), round((value - int(value)) * 100), 1, str(value))
    number = int(value)
    if 19000101 <= number <= 21001231:
        text = str(number)
        return _make_date(int(text[:4]), int(text[4:6]), int(text[6:]), text)
    if 1900 <= number <= 2100:
        raise CellError(_("日期“%(text)s”不完整，请至少写到月份，如1985.03。") % {"text": number})
    if 0 < number < 2_958_466:
        return from_excel(value).date()
    raise CellError(_("无法识别的日期“%(text)s”。") % {"text": value})


def _make_date(year: int, month: int, day: int, text: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(_("“%(text)s”不是有效的日期。") % {"text": text}) from None


def parse_id_number(value) -> str:
    if isinstance(value, float):
        if value.is_integer() and value < 1e15:
            value = int(value)
        else:
            raise CellError(
                _(
                    "证件号码被Excel存成了数字，末尾几位已经丢失。"
                    "请把该列设置为“文本”格式后重新填写号码。"
                )
            )
    return normalize_id_number(value)


def parse_phone(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return cell_text(value)


# What a yes/no cell may hold (input, not interface text).
TRUE_WORDS = {YES, "y", "yes", "1", "true", "√", "✓", "对"}  # not-ui: accepted input
FALSE_WORDS = {NO, "n", "no", "0", "false", "×", "x", "不是"}  # not-ui: accepted input


def parse_bool(value) -> bool:
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    text = to_half_width(cell_text(value)).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(
        _("“%(text)s”应填写“%(yes)s”或“%(no)s”。")
        % {"text": cell_text(value), "yes": YES, "no": NO}
    )


# Short names people type for levels of education (accepted input, not interface text).
EDUCATION_ALIASES = {
    "本科": "20",  # not-ui: accepted alias
    "大专": "30",  # not-ui: accepted alias
    "研究生": "14",  # not-ui: accepted alias
    "博士": "11",  # not-ui: accepted alias
    "硕士": "14",  # not-ui: accepted alias
}


def _choice_index(column: Column) -> dict[str, str]:
    index = {}
    for code, label in column.choices:
        index[code] = code
        index[label] = code
        index[to_half_width(label)] = code
    if column.field == "category":
        for code, label in CATEGORY_SHORT_LABELS.items():
            index[str(label)] = str(code)
    if column.field == "ethnicity":
        for code, label in column.choices:
            if label.endswith("族"):  # not-ui: 汉 is accepted for 汉族
                index[label[:-1]] = code
    if column.field == "sex":
        index.update({"男性": Sex.MALE, "女性": Sex.FEMALE})  # not-ui: accepted aliases
    if column.field == "highest_education":
        index.update(EDUCATION_ALIASES)
    return index


CHOICE_INDEXES = {c.field: _choice_index(c) for c in COLUMNS if c.kind == CHOICE}


@dataclass
class Lookups:
    """Sub-types and regions, read once per import."""

    subtypes_by_name: dict[str, list[SubType]]
    regions_by_code: dict[str, Region]
    regions_by_name: dict[str, list[Region]]
    scope_ids: set[int]

    @classmethod
    def for_user(cls, user) -> "Lookups":
        subtypes: dict[str, list[SubType]] = defaultdict(list)
        for subtype in SubType.objects.all():
            subtypes[subtype.name].append(subtype)
        by_code, by_name = {}, defaultdict(list)
        for region in Region.objects.all():
            by_code[region.code] = region
            by_name[region.name].append(region)
        scope = set(region_scope(user).values_list("pk", flat=True))
        return cls(dict(subtypes), by_code, dict(by_name), scope)

    def subtype(self, text: str, category: str | None) -> SubType:
        candidates = self.subtypes_by_name.get(text, [])
        if category:
            in_category = [s for s in candidates if s.category == category]
            if not in_category and candidates:
                raise CellError(
                    _("细分类型“%(text)s”不属于“%(category)s”，请核对类别和细分类型。")
                    % {"text": text, "category": Category(category).label}
                )
            candidates = in_category
        if not candidates:
            raise CellError(
                _("找不到细分类型“%(text)s”，可选值见导入模板的下拉列表。") % {"text": text}
            )
        subtype = candidates[0]
        if not subtype.is_active:
            raise CellError(_("细分类型“%(text)s”已停用。") % {"text": text})
        return subtype

    def region(self, text: str) -> Region:
        text = to_half_width(text)
        match = re.fullmatch(r"(.+?)\((\d{6,12})\)", text)
        if match:
            region = self.regions_by_code.get(match.group(2))
        elif text.isdigit():
            region = self.regions_by_code.get(text)
        else:
            named = self.regions_by_name.get(text, [])
            in_scope = [r for r in named if r.pk in self.scope_ids]
            if len(in_scope) > 1:
                raise CellError(
                    _(
                        "区划名称“%(text)s”不唯一，请写成“名称（代码）”的形式，"
                        "如“%(name)s（%(code)s）”。"
                    )
                    % {"text": text, "name": in_scope[0].name, "code": in_scope[0].code}
                )
            region = (in_scope or named or [None])[0]
        if region is None:
            raise CellError(_("找不到区划“%(text)s”，请填写区划名称或代码。") % {"text": text})
        if region.pk not in self.scope_ids:
            raise CellError(
                _("区划“%(name)s”不在您的管辖范围内，不能导入。") % {"name": region.name}
            )
        return region
