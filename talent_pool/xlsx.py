"""The talent pool as an Excel table, by the roster export's rules: a write-only
workbook, ID numbers masked unless the user may reveal them, text cells that cannot be
taken for formulas.
"""

import tempfile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from people.masking import mask_id_number
from people.xlsx import clean_text, is_formula_like, mark_as_text

# (header, width)
COLUMNS = [
    (gettext_lazy("姓名"), 10),
    (gettext_lazy("性别"), 6),
    (gettext_lazy("证件号码"), 21),
    (gettext_lazy("新的社会阶层类别"), 24),
    (gettext_lazy("细分类型"), 16),
    (gettext_lazy("工作单位及职务"), 30),
    (gettext_lazy("人才库"), 10),
    (gettext_lazy("队伍"), 10),
    (gettext_lazy("状态"), 8),
    (gettext_lazy("入库日期"), 12),
    (gettext_lazy("入库说明"), 24),
    (gettext_lazy("出库日期"), 12),
    (gettext_lazy("出库原因"), 24),
    (gettext_lazy("推荐单位"), 20),
    (gettext_lazy("最近年度复核"), 12),
    (gettext_lazy("评分"), 8),
]


def text_cell(worksheet, value: str) -> WriteOnlyCell:
    """Return a cell that holds value as text, even when it looks like a formula."""
    value = clean_text(value)
    cell = WriteOnlyCell(worksheet, value)
    cell.number_format = "@"
    if is_formula_like(value):
        mark_as_text(cell)
    return cell


def _row(worksheet, entry, *, reveal: bool) -> list:
    person = entry.person
    number = person.id_number if reveal else mask_id_number(person.id_number)
    texts = [
        person.name,
        person.get_sex_display(),
        number,
        person.get_category_display(),
        person.subtype.name,
        " ".join(part for part in (person.work_unit, person.position) if part),
        entry.region.name,
        entry.get_tier_display(),
        entry.get_status_display(),
    ]
    cells = [text_cell(worksheet, text or "") for text in texts]
    cells += [
        entry.added_on,
        text_cell(worksheet, entry.added_reason),
        entry.removed_on,
        text_cell(worksheet, entry.removal_reason),
        text_cell(worksheet, entry.recommended_by.name if entry.recommended_by else ""),
        entry.last_reviewed_year,
        float(entry.score) if entry.score is not None else None,
    ]
    for index in (9, 11):
        if cells[index] is not None:
            date_cell = WriteOnlyCell(worksheet, cells[index])
            date_cell.number_format = "yyyy-mm-dd"
            cells[index] = date_cell
    return cells


def write_pool(entries, *, reveal: bool):
    """Write the entries to a temporary .xlsx file; return (open file, row count)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("代表人士人才库"))
    for index, (_title, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title, _width in COLUMNS:
        cell = WriteOnlyCell(sheet, str(title))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for entry in entries:
        sheet.append(_row(sheet, entry, reveal=reveal))
        count += 1
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the response)
    workbook.save(handle)
    handle.seek(0)
    return handle, count


ARRANGEMENT_COLUMNS = [
    (gettext_lazy("姓名"), 10),
    (gettext_lazy("新的社会阶层类别"), 24),
    (gettext_lazy("所在区划"), 10),
    (gettext_lazy("类别"), 16),
    (gettext_lazy("级别"), 6),
    (gettext_lazy("组织（机构）"), 24),
    (gettext_lazy("届次"), 10),
    (gettext_lazy("职务"), 16),
    (gettext_lazy("界别"), 12),
    (gettext_lazy("开始时间"), 12),
    (gettext_lazy("结束时间"), 12),
    (gettext_lazy("状态"), 10),
    (gettext_lazy("备注"), 24),
]


def write_arrangements(arrangements):
    """Write political arrangements to a temporary .xlsx file; return (file, row count)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("政治安排"))
    for index, (_title, width) in enumerate(ARRANGEMENT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title, _width in ARRANGEMENT_COLUMNS:
        cell = WriteOnlyCell(sheet, str(title))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for item in arrangements:
        person = item.person
        row = [
            text_cell(sheet, text or "")
            for text in (
                person.name,
                person.get_category_display(),
                person.region.name,
                item.get_kind_display(),
                item.get_level_display(),
                item.body,
                item.term,
                item.post,
                item.sector,
            )
        ]
        for value in (item.start_date, item.end_date):
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = "yyyy-mm-dd"
            row.append(cell)
        row += [text_cell(sheet, item.get_status_display()), text_cell(sheet, item.note)]
        sheet.append(row)
        count += 1
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the response)
    workbook.save(handle)
    handle.seek(0)
    return handle, count
