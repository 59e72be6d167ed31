"""The roster as a table: the columns shared by the export, the import and the template,
the django-import-export resource built on them, and the streaming export writer.
"""

import re
from dataclasses import dataclass, field
from operator import attrgetter

from django.db.models import Count
from import_export import fields, resources, widgets
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from people.enums import (
    ETHNICITY_CHOICES,
    Affiliation,
    Category,
    DocumentType,
    Education,
    Sex,
    TitleLevel,
    UnitNature,
)
from people.masking import mask_id_number, mask_phone
from people.models import Person, SubType
from people.xlsx import FORMULA_TRIGGERS, clean_text, mark_as_text, temporary_file
from units.models import Region

TEXT = "text"
ID = "id"
PHONE = "phone"
DATE = "date"
CHOICE = "choice"
BOOL = "bool"
SUBTYPE = "subtype"
REGION = "region"

YES, NO = "是", "否"


@dataclass(frozen=True)
class Column:
    """One column of the roster table: its Chinese header and the Person field behind it."""

    header: str
    field: str
    kind: str = TEXT
    required: bool = False
    choices: tuple = ()
    aliases: tuple[str, ...] = ()
    width: int = 12
    labels: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        self.labels.update(dict(self.choices))


def _choices(enum_or_list) -> tuple:
    items = enum_or_list.choices if hasattr(enum_or_list, "choices") else enum_or_list
    return tuple((str(code), str(label)) for code, label in items)


COLUMNS: list[Column] = [
    Column("姓名", "name", required=True, width=10),
    Column("证件类型", "document_type", CHOICE, choices=_choices(DocumentType), width=14),
    Column(
        "证件号码",
        "id_number",
        ID,
        required=True,
        aliases=("身份证号码", "身份证号", "公民身份号码", "证件号"),
        width=21,
    ),
    Column("性别", "sex", CHOICE, choices=_choices(Sex), width=6),
    Column("出生日期", "birth_date", DATE, aliases=("出生年月",), width=12),
    Column("民族", "ethnicity", CHOICE, choices=_choices(ETHNICITY_CHOICES), width=8),
    Column("籍贯", "native_place"),
    Column("出生地", "birthplace"),
    Column("国籍", "nationality", width=8),
    Column("政治面貌", "affiliation", CHOICE, choices=_choices(Affiliation)),
    Column("加入时间", "affiliation_date", DATE, aliases=("政治面貌加入时间", "入党时间")),
    Column("第二政治面貌", "affiliation_2", CHOICE, choices=_choices(Affiliation)),
    Column("第二政治面貌加入时间", "affiliation_2_date", DATE, width=14),
    Column("参加工作时间", "work_start_date", DATE),
    Column(
        "新的社会阶层类别",
        "category",
        CHOICE,
        required=True,
        choices=_choices(Category),
        aliases=("类别", "人员类别"),
        width=30,
    ),
    Column("细分类型", "subtype", SUBTYPE, required=True, aliases=("细分类别",), width=18),
    Column("网络主播", "is_online_streamer", BOOL, width=8),
    Column("网络意见人士", "is_opinion_figure", BOOL, width=10),
    Column("所在区划", "region", REGION, required=True, aliases=("区划", "所在地区"), width=12),
    Column("工作单位", "work_unit", width=28),
    Column("职务", "position", width=14),
    Column("单位性质", "unit_nature", CHOICE, choices=_choices(UnitNature), width=14),
    Column("任现职时间", "position_since", DATE),
    Column("专业技术职称", "professional_title", aliases=("职称",), width=14),
    Column("职称级别", "title_level", CHOICE, choices=_choices(TitleLevel)),
    Column("执业资格", "qualification", width=14),
    Column("最高学历", "highest_education", CHOICE, choices=_choices(Education), aliases=("学历",)),
    Column("宗教信仰", "religion", width=10),
    Column("通讯地址", "address", width=30),
    Column("邮政编码", "postcode", aliases=("邮编",), width=9),
    Column("办公电话", "office_phone", PHONE, aliases=("固定电话", "座机"), width=16),
    Column("手机号码", "mobile", PHONE, aliases=("手机", "移动电话"), width=14),
    Column("电子邮箱", "email", aliases=("邮箱", "电子邮件"), width=22),
    Column("微信号", "wechat", aliases=("微信",), width=14),
]
COLUMNS_BY_FIELD = {column.field: column for column in COLUMNS}
HEADERS = [column.header for column in COLUMNS]


# --------------------------------------------------------------------------------------
# django-import-export resource


class ChoiceLabelWidget(widgets.Widget):
    """Render a coded field as its Chinese label; read a label (or the code) back."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.labels = dict(choices)
        self.codes = {label: code for code, label in choices}

    def clean(self, value, row=None, **kwargs):
        text = str(value).strip() if value is not None else ""
        if not text:
            return ""
        if text in self.codes:
            return self.codes[text]
        if text in self.labels:
            return text
        raise ValueError(f"“{text}”不是可选的值。")

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value or "")


class YesNoWidget(widgets.BooleanWidget):
    def clean(self, value, row=None, **kwargs):
        return str(value).strip() in {YES, "1", "True", "TRUE", "true", "Y", "y", "√"}

    def render(self, value, obj=None, **kwargs):
        return YES if value else NO


class RegionWidget(widgets.ForeignKeyWidget):
    """Find a region by its code or, failing that, its name."""

    def __init__(self, **kwargs):
        super().__init__(Region, field="code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        match = re.fullmatch(r".+?[(（](\d{6,12})[)）]", text)
        if match:
            text = match.group(1)
        region = Region.objects.filter(code=text).first()
        if region is None:
            matches = list(Region.objects.filter(name=text)[:2])
            if len(matches) != 1:
                raise ValueError(f"找不到唯一的区划“{text}”。")
            region = matches[0]
        return region

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


def _widget_for(column: Column):
    if column.kind == CHOICE:
        return ChoiceLabelWidget(column.choices)
    if column.kind == DATE:
        return widgets.DateWidget()
    if column.kind == BOOL:
        return YesNoWidget()
    if column.kind == SUBTYPE:
        return widgets.ForeignKeyWidget(SubType, field="name")
    if column.kind == REGION:
        return RegionWidget()
    return widgets.CharWidget()


class PersonResourceBase(resources.ModelResource):
    class Meta:
        model = Person
        fields = [column.field for column in COLUMNS]
        export_order = [column.field for column in COLUMNS]
        import_id_fields = ["id_number"]
        clean_model_instances = True


# The fields are made from COLUMNS so that headers are written in one place only.
PersonResource = type(
    "PersonResource",
    (PersonResourceBase,),
    {
        "__module__": __name__,
        "__doc__": "The roster with Chinese column headers (django-import-export).",
        **{
            column.field: fields.Field(
                attribute=column.field, column_name=column.header, widget=_widget_for(column)
            )
            for column in COLUMNS
        },
    },
)


# --------------------------------------------------------------------------------------
# Streaming export


def ambiguous_region_names() -> set[str]:
    """Return the region names that more than one region has."""
    return set(
        Region.objects.values("name")
        .annotate(count=Count("id"))
        .filter(count__gt=1)
        .values_list("name", flat=True)
    )


def _getter(column: Column, *, reveal: bool):
    """Return a function person -> cell value for one column (fast: no per-cell lookups
    of the column's definition)."""
    get = attrgetter(column.field)
    if column.kind == CHOICE:
        labels = column.labels
        return lambda person: labels.get(get(person), "")
    if column.kind == BOOL:
        return lambda person: YES if get(person) else NO
    if column.kind == SUBTYPE:
        return attrgetter(f"{column.field}.name")
    if column.kind == REGION:
        # A name that several regions share is written with its code, so that the file
        # can be imported again.
        ambiguous = ambiguous_region_names()

        def region(person):
            value = person.region
            return f"{value.name}（{value.code}）" if value.name in ambiguous else value.name

        return region
    if column.kind == ID and not reveal:
        return lambda person: mask_id_number(get(person))
    if column.kind == PHONE and not reveal:
        return lambda person: mask_phone(get(person))
    return get


class RosterWriter:
    """Write persons to a write-only workbook, one row each, in bounded memory."""

    def __init__(self, *, reveal: bool):
        self.reveal = reveal
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet("人员名册")
        self.getters = [_getter(column, reveal=reveal) for column in COLUMNS]
        self.text_columns = [
            index for index, column in enumerate(COLUMNS) if column.kind in (ID, PHONE)
        ]
        self.rows = 0
        for index, column in enumerate(COLUMNS, start=1):
            dimension = self.sheet.column_dimensions[get_column_letter(index)]
            dimension.width = column.width
            if column.kind in (ID, PHONE, DATE):
                # Text format for numbers, so that typing into the column keeps them text.
                dimension.number_format = "@" if column.kind != DATE else "yyyy-mm-dd"
        self.sheet.freeze_panes = "C2"
        header_font = Font(bold=True)
        header = []
        for text in PersonResource().get_export_headers():
            cell = WriteOnlyCell(self.sheet, text)
            cell.font = header_font
            header.append(cell)
        self.sheet.append(header)

    def write(self, persons) -> int:
        """Append the persons; return how many rows were written."""
        append = self.sheet.append
        getters = self.getters
        sheet = self.sheet
        rows = 0
        for person in persons:
            values = [get(person) for get in getters]
            for index, value in enumerate(values):
                if value.__class__ is not str or not value:
                    continue
                if not value.isprintable():
                    # Drop control characters that an .xlsx file cannot hold.
                    value = values[index] = clean_text(value)
                if value and value[0] in FORMULA_TRIGGERS:
                    cell = WriteOnlyCell(sheet, value)
                    mark_as_text(cell)
                    values[index] = cell
            append(values)
            rows += 1
        self.rows += rows
        return rows

    def save(self):
        """Return the workbook saved to an anonymous temporary file, rewound."""
        return temporary_file(self.workbook)


def export_queryset(queryset):
    """Return the queryset ready for the export: related names in one query, streamed."""
    return queryset.select_related("subtype", "region").iterator(chunk_size=2000)
