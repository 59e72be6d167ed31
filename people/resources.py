"""The roster as a table: the columns shared by the export, the import and the template,
the django-import-export resource built on them, and the streaming export writer.
"""

import re
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
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
from people.xlsx import JOINED_TEXT_NEEDS_CARE, ROW_SEPARATOR, safe_value, temporary_file
from units.models import Region

TEXT = "text"
ID = "id"
PHONE = "phone"
DATE = "date"
CHOICE = "choice"
BOOL = "bool"
SUBTYPE = "subtype"
REGION = "region"

# The yes/no columns' values: the export and the import template write them and the import
# reads them back (people.importing.cells), so they are plain str, like a choice's label.
YES, NO = "是", "否"  # not-ui: values of the table, read back by the import


@dataclass(frozen=True)
class Column:
    """One column of the roster table: its Chinese header and the Person field behind it.

    title is the header marked for translation (lazy); header is it as a str in the
    active language, which is what openpyxl and the import's header matching need.
    """

    title: Promise
    field: str
    kind: str = TEXT
    required: bool = False
    choices: tuple = ()
    aliases: tuple[str, ...] = ()
    width: int = 12
    labels: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        self.labels.update(dict(self.choices))

    @property
    def header(self) -> str:
        return str(self.title)


def _choices(enum_or_list) -> tuple:
    items = enum_or_list.choices if hasattr(enum_or_list, "choices") else enum_or_list
    return tuple((str(code), str(label)) for code, label in items)


# The aliases are other headers the import accepts for a column (what people's own
# spreadsheets call it): input that is matched, not interface text.
COLUMNS: list[Column] = [
    Column(gettext_lazy("姓名"), "name", required=True, width=10),
    Column(
        gettext_lazy("证件类型"), "document_type", CHOICE, choices=_choices(DocumentType), width=14
    ),
    Column(
        gettext_lazy("证件号码"),
        "id_number",
        ID,
        required=True,
        aliases=("身份证号码", "身份证号", "公民身份号码", "证件号"),  # not-ui: accepted headers
        width=21,
    ),
    Column(gettext_lazy("性别"), "sex", CHOICE, choices=_choices(Sex), width=6),
    Column(
        gettext_lazy("出生日期"),
        "birth_date",
        DATE,
        aliases=("出生年月",),  # not-ui: an accepted header
        width=12,
    ),
    Column(gettext_lazy("民族"), "ethnicity", CHOICE, choices=_choices(ETHNICITY_CHOICES), width=8),
    Column(gettext_lazy("籍贯"), "native_place"),
    Column(gettext_lazy("出生地"), "birthplace"),
    Column(gettext_lazy("国籍"), "nationality", width=8),
    Column(gettext_lazy("政治面貌"), "affiliation", CHOICE, choices=_choices(Affiliation)),
    Column(
        gettext_lazy("加入时间"),
        "affiliation_date",
        DATE,
        aliases=("政治面貌加入时间", "入党时间"),  # not-ui: accepted headers
    ),
    Column(gettext_lazy("第二政治面貌"), "affiliation_2", CHOICE, choices=_choices(Affiliation)),
    Column(gettext_lazy("第二政治面貌加入时间"), "affiliation_2_date", DATE, width=14),
    Column(gettext_lazy("参加工作时间"), "work_start_date", DATE),
    Column(
        gettext_lazy("新的社会阶层类别"),
        "category",
        CHOICE,
        required=True,
        choices=_choices(Category),
        aliases=("类别", "人员类别"),  # not-ui: accepted headers
        width=30,
    ),
    Column(
        gettext_lazy("细分类型"),
        "subtype",
        SUBTYPE,
        required=True,
        aliases=("细分类别",),  # not-ui: an accepted header
        width=18,
    ),
    Column(gettext_lazy("网络主播"), "is_online_streamer", BOOL, width=8),
    Column(gettext_lazy("网络意见人士"), "is_opinion_figure", BOOL, width=10),
    Column(
        gettext_lazy("所在区划"),
        "region",
        REGION,
        required=True,
        aliases=("区划", "所在地区"),  # not-ui: accepted headers
        width=12,
    ),
    Column(gettext_lazy("工作单位"), "work_unit", width=28),
    Column(gettext_lazy("职务"), "position", width=14),
    Column(gettext_lazy("单位性质"), "unit_nature", CHOICE, choices=_choices(UnitNature), width=14),
    Column(gettext_lazy("任现职时间"), "position_since", DATE),
    Column(
        gettext_lazy("专业技术职称"),
        "professional_title",
        aliases=("职称",),  # not-ui: an accepted header
        width=14,
    ),
    Column(gettext_lazy("职称级别"), "title_level", CHOICE, choices=_choices(TitleLevel)),
    Column(gettext_lazy("执业资格"), "qualification", width=14),
    Column(
        gettext_lazy("最高学历"),
        "highest_education",
        CHOICE,
        choices=_choices(Education),
        aliases=("学历",),  # not-ui: an accepted header
    ),
    Column(gettext_lazy("宗教信仰"), "religion", width=10),
    Column(gettext_lazy("通讯地址"), "address", width=30),
    Column(
        gettext_lazy("邮政编码"),
        "postcode",
        aliases=("邮编",),  # not-ui: an accepted header
        width=9,
    ),
    Column(
        gettext_lazy("办公电话"),
        "office_phone",
        PHONE,
        aliases=("固定电话", "座机"),  # not-ui: accepted headers
        width=16,
    ),
    Column(
        gettext_lazy("手机号码"),
        "mobile",
        PHONE,
        aliases=("手机", "移动电话"),  # not-ui: accepted headers
        width=14,
    ),
    Column(
        gettext_lazy("电子邮箱"),
        "email",
        aliases=("邮箱", "电子邮件"),  # not-ui: accepted headers
        width=22,
    ),
    Column(
        gettext_lazy("微信号"),
        "wechat",
        aliases=("微信",),  # not-ui: an accepted header
        width=14,
    ),
]
COLUMNS_BY_FIELD = {column.field: column for column in COLUMNS}
# The headers as str, made when the module is loaded.
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
        raise ValueError(_("“%(text)s”不是可选的值。") % {"text": text})

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value or "")


class YesNoWidget(widgets.BooleanWidget):
    def clean(self, value, row=None, **kwargs):
        return str(value).strip() in {YES, "1", "True", "TRUE", "true", "Y", "y", "√"}

    def render(self, value, obj=None, **kwargs):
        return YES if value else NO


# A region's name with its code, the way region_labels() writes a name several regions share.
NAME_WITH_CODE = re.compile(r".+?[(（](\d{6,12})[)）]")  # not-ui: read back, not shown


class RegionWidget(widgets.ForeignKeyWidget):
    """Find a region by its code or, failing that, its name."""

    def __init__(self, **kwargs):
        super().__init__(Region, field="code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        match = NAME_WITH_CODE.fullmatch(text)
        if match:
            text = match.group(1)
        region = Region.objects.filter(code=text).first()
        if region is None:
            matches = list(Region.objects.filter(name=text)[:2])
            if len(matches) != 1:
                raise ValueError(_("找不到唯一的区划“%(text)s”。") % {"text": text})
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


# The fields are made from COLUMNS so that headers are written in one place only. Their
# column names are plain str, made when the module is loaded (django-import-export matches
# them against a file's headers, as people.importing does with its header index).
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
#
# 100,000 persons are 3.4 million cells, and openpyxl's own work per cell is most of the
# time. The rows are therefore read as plain tuples (no model instances), each column that
# needs it is converted with one precomputed dict lookup or mask, and the test for text
# that cannot be written as it is runs once per row, over the row's text joined, instead
# of once per cell. Only a row that fails the test is made safe cell by cell.

# The export's values in column order; subtype and region come as ids.
EXPORT_FIELDS = tuple(column.field for column in COLUMNS)
EXPORT_CHUNK_SIZE = 2000


class Labels(dict):
    """Labels by stored value; a value without a label gives the default."""

    def __init__(self, labels, default=""):
        super().__init__(labels)
        self.default = default

    def __missing__(self, key):
        return self.default


def region_labels() -> Labels:
    """Return every region's name as the export writes it, by id.

    A name that several regions share is written with its code, so that the file can be
    imported again.
    """
    regions = list(Region.objects.values_list("id", "name", "code"))
    seen, ambiguous = set(), set()
    for _pk, name, _code in regions:
        (ambiguous if name in seen else seen).add(name)
    return Labels(
        (pk, f"{name}（{code}）" if name in ambiguous else name)  # not-ui: read back by the import
        for pk, name, code in regions
    )


def export_rows(queryset):
    """Return the queryset's rows for RosterWriter.write_rows(), streamed."""
    return queryset.values_list(*EXPORT_FIELDS).iterator(chunk_size=EXPORT_CHUNK_SIZE)


class RosterWriter:
    """Write roster rows to a write-only workbook, in bounded memory."""

    def __init__(self, *, reveal: bool):
        self.reveal = reveal
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(_("人员名册"))
        self.subtype_names = Labels(SubType.objects.values_list("id", "name"))
        self.region_labels = region_labels()
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
        for column in COLUMNS:
            # Resolved once per export, in the request's language, as the str openpyxl needs.
            cell = WriteOnlyCell(self.sheet, column.header)
            cell.font = header_font
            header.append(cell)
        self.sheet.append(header)

    def _converters(self, *, instances: bool = False) -> list[tuple[int, object]]:
        """Return (column index, function stored value -> cell value) for each column
        whose stored value is not written as it is.

        With instances, subtype and region are model instances rather than ids.
        """
        converters = []
        for index, column in enumerate(COLUMNS):
            convert = None
            if column.kind == CHOICE:
                convert = Labels(column.labels).__getitem__
            elif column.kind == BOOL:
                convert = Labels({True: YES, False: NO}, default=NO).__getitem__
            elif column.kind == SUBTYPE:
                convert = attrgetter("name") if instances else self.subtype_names.__getitem__
            elif column.kind == REGION:
                convert = self._region_label if instances else self.region_labels.__getitem__
            elif column.kind == ID and not self.reveal:
                convert = mask_id_number
            elif column.kind == PHONE and not self.reveal:
                convert = mask_phone
            if convert is not None:
                converters.append((index, convert))
        return converters

    def _region_label(self, region) -> str:
        # An unsaved region (a file written from persons not in the roster) has no id.
        return self.region_labels.get(region.pk) or region.name

    def write_rows(self, rows, *, converters=None) -> int:
        """Append rows of stored values in EXPORT_FIELDS order (see export_rows());
        return how many were written."""
        if converters is None:
            converters = self._converters()
        sheet = self.sheet
        append = sheet.append
        # Every column but the dates holds text once converted.
        texts = itemgetter(*(i for i, column in enumerate(COLUMNS) if column.kind != DATE))
        join = ROW_SEPARATOR.join
        needs_care = JOINED_TEXT_NEEDS_CARE.search
        count = 0
        for row in rows:
            values = list(row)
            for index, convert in converters:
                values[index] = convert(values[index])
            try:
                careful = needs_care(join(texts(values))) is not None
            except TypeError:  # a text column holds something else (None)
                careful = True
            if careful:
                values = [safe_value(sheet, value) for value in values]
            append(values)
            count += 1
        self.rows += count
        return count

    def write(self, persons) -> int:
        """Append persons (model instances with their subtype and region); return how
        many rows were written."""
        get = attrgetter(*EXPORT_FIELDS)
        return self.write_rows(map(get, persons), converters=self._converters(instances=True))

    def save(self):
        """Return the workbook saved to an anonymous temporary file, rewound."""
        return temporary_file(self.workbook)
