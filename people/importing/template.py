"""The import template: headers, an example row, drop-down lists for the coded columns
(lists on a hidden sheet) and text-formatted number columns.
"""

import datetime
from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.selectors import region_scope
from people.enums import Affiliation, Category, DocumentType, Education, Sex, UnitNature
from people.importing.rows import EXAMPLE_ID_NUMBER, EXAMPLE_NAME, MAX_ROWS
from people.importing.upload import MAX_UPLOAD_BYTES
from people.models import SubType
from people.resources import (
    BOOL,
    CHOICE,
    COLUMNS,
    COLUMNS_BY_FIELD,
    DATE,
    ID,
    NO,
    PHONE,
    YES,
)
from people.xlsx import set_text
from units.models import Region

TEMPLATE_SHEET = gettext_lazy("人员信息")
CODES_SHEET = gettext_lazy("代码表")
GUIDE_SHEET = gettext_lazy("填写说明")
# The name of the yes/no columns' list on the codes sheet.
YES_NO_LIST = gettext_lazy("是否")
TEMPLATE_ROWS = MAX_ROWS + 1
TEXT_FORMAT_KINDS = (ID, PHONE)
REQUIRED_FILL = PatternFill("solid", fgColor="FDE9E7")
HEADER_FILL = PatternFill("solid", fgColor="E8EEF7")


def _choice_label(field: str, code: str) -> str:
    """Return a coded column's label as its drop-down list has it (and the import reads it)."""
    return COLUMNS_BY_FIELD[field].labels[code]


def _example_row(region: Region | None) -> dict[str, object]:
    return {
        "name": EXAMPLE_NAME,
        "document_type": _choice_label("document_type", DocumentType.RESIDENT_ID),
        "id_number": EXAMPLE_ID_NUMBER,
        "sex": _choice_label("sex", Sex.MALE),
        "birth_date": datetime.date(1985, 3, 7),
        "ethnicity": _choice_label("ethnicity", "01"),
        "native_place": _("浙江温州"),
        "nationality": _("中国"),
        "affiliation": _choice_label("affiliation", Affiliation.NON_PARTY),
        "work_start_date": datetime.date(2007, 7, 1),
        "category": _choice_label("category", Category.INTERMEDIARY),
        "subtype": "律师",  # not-ui: a SubType row's name (DEFAULT_SUBTYPES)
        "is_online_streamer": NO,
        "is_opinion_figure": NO,
        "region": region.name if region else "",
        "work_unit": _("示范市明理律师事务所（示例）"),
        "position": _("合伙人"),
        "unit_nature": _choice_label("unit_nature", UnitNature.LAW_FIRM),
        "highest_education": _choice_label("highest_education", Education.BACHELOR),
        "mobile": "13800000000",
        "postcode": "339900",
    }


def template_workbook(user) -> Workbook:
    """Return the import template: headers, an example row, drop-down lists for the coded
    columns (lists on a hidden sheet) and text-formatted number columns."""
    regions = list(region_scope(user).order_by("path"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(TEMPLATE_SHEET)
    codes = workbook.create_sheet(str(CODES_SHEET))
    guide = workbook.create_sheet(str(GUIDE_SHEET), 1)
    example = _example_row(regions[0] if regions else None)
    lists = _code_lists(regions)

    for col, (name, values) in enumerate(lists.items(), start=1):
        codes.cell(row=1, column=col, value=name)
        for row, value in enumerate(values, start=2):
            codes.cell(row=row, column=col, value=value)
    codes.sheet_state = "hidden"

    bold = Font(bold=True)
    required_font = Font(bold=True, color="C00000")
    for col, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(col)
        header = sheet.cell(row=1, column=col, value=column.header)
        header.font = required_font if column.required else bold
        header.fill = REQUIRED_FILL if column.required else HEADER_FILL
        header.alignment = Alignment(horizontal="center", vertical="center")
        dimension = sheet.column_dimensions[letter]
        dimension.width = max(column.width, len(column.header) * 2 + 2)
        if column.kind in TEXT_FORMAT_KINDS or column.field == "postcode":
            dimension.number_format = "@"
        elif column.kind == DATE:
            dimension.number_format = "yyyy-mm-dd"
        cell = sheet.cell(row=2, column=col)
        set_text(cell, example.get(column.field, ""))
        cell.font = Font(italic=True, color="7F7F7F")
        if column.kind in TEXT_FORMAT_KINDS or column.field == "postcode":
            cell.number_format = "@"
        elif column.kind == DATE:
            cell.number_format = "yyyy-mm-dd"
        list_name = column.header if column.header in lists else None
        if column.kind == BOOL:
            list_name = str(YES_NO_LIST)
        if list_name:
            list_col = get_column_letter(list(lists).index(list_name) + 1)
            count = len(lists[list_name])
            validation = DataValidation(
                type="list",
                formula1=f"'{codes.title}'!${list_col}$2:${list_col}${count + 1}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=_("输入值无效"),
                error=_("请从下拉列表中选择%(header)s。") % {"header": column.header},
                promptTitle=column.header,
                prompt=_("请从下拉列表中选择"),
                showInputMessage=True,
            )
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "B2"
    sheet.row_dimensions[1].height = 22

    _write_guide(guide)
    workbook.active = 0
    return workbook


def _name_with_code(region: Region) -> str:
    """Return a name several regions share with the region's code, as the import reads it."""
    return f"{region.name}（{region.code}）"  # not-ui: read back by Lookups.region()


def _code_lists(regions) -> dict[str, list[str]]:
    lists = {}
    for column in COLUMNS:
        if column.kind == CHOICE:
            lists[column.header] = [label for _code, label in column.choices]
    lists[COLUMNS_BY_FIELD["subtype"].header] = list(
        SubType.objects.filter(is_active=True)
        .order_by("category", "order", "id")
        .values_list("name", flat=True)
    )
    names = Counter(region.name for region in regions)
    lists[COLUMNS_BY_FIELD["region"].header] = [
        region.name if names[region.name] == 1 else _name_with_code(region) for region in regions
    ] or [""]
    lists[str(YES_NO_LIST)] = [YES, NO]
    return lists


def _guide_lines() -> list[str]:
    """Return the lines of the instructions sheet, the first one its title."""
    return [
        _("人员信息导入说明"),
        _(
            "1. 在“人员信息”工作表中每行填写一人，第一行为列标题，请勿修改列标题；"
            "列的顺序可以调整，不需要的非必填列可以删除。"
        ),
        _("2. 红色列标题为必填项：姓名、证件号码、新的社会阶层类别、细分类型、所在区划。"),
        _("3. 第二行是示例（李示例），导入时会自动跳过，也可以直接删除。"),
        _(
            "4. 证件号码、手机号码、办公电话列已设为文本格式，请直接输入号码；"
            "身份证号码末位的x大小写均可。"
        ),
        _("5. 性别和出生日期可以留空，系统按身份证号码自动填写；填写了则须与号码一致。"),
        _("6. 日期可写成 1985-03-07、1985年3月7日 或 1985.03（只写到月份时按该月1日记录）。"),
        _("7. 类别、细分类型、政治面貌、民族、学历、所在区划等列请从下拉列表中选择。"),
        _("8. 每个文件最多%(rows)s行、不超过%(mb)sMB，只接受 .xlsx 格式。")
        % {"rows": MAX_ROWS, "mb": MAX_UPLOAD_BYTES // 1024 // 1024},
        _("9. 已在名册中的人员按证件号码匹配并更新；对已填写的列，空白单元格表示清空该项。"),
        _(
            "10. 上传后先预览：列出新增、变更、无变化和有误的行；有误的行会注明行号、列名和原因。"
            "确认后才会写入名册。"
        ),
    ]


def _write_guide(sheet) -> None:
    sheet.column_dimensions["A"].width = 110
    for row, text in enumerate(_guide_lines(), start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = Font(bold=True, size=14)
