"""The statistics workbook: the composition tables, a sheet each."""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from people.xlsx import safe_value, unique_sheet_title
from roster_site.dashboard.composition import (
    arrangement_breakdown,
    count_persons,
    person_breakdowns,
    pool_figures,
)
from roster_site.dashboard.scope import Scope

HEADER_FONT = Font(bold=True)


def statistics_workbook(user, scope: Scope) -> tuple[Workbook, list[str]]:
    """Return the composition tables as one workbook (a sheet per table)."""
    counts = count_persons(user, scope)
    total, breakdowns = person_breakdowns(counts, scope)
    breakdowns.append(pool_figures(user, scope).breakdown)
    arrangements = arrangement_breakdown(user, scope)
    if arrangements is not None:
        breakdowns.append(arrangements)

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    titles = []
    sheet = workbook.create_sheet(unique_sheet_title(_("说明"), used))
    titles.append(sheet.title)
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 40
    now = timezone.localtime()
    for label, value in [
        (_("统计范围"), scope.region.name),
        (_("在册人员"), total),
        (_("统计时间"), now.strftime("%Y-%m-%d %H:%M")),
        (_("导出人"), user.get_full_name() or user.get_username()),
        (_("说明"), _("各表为汇总数字，不含个人信息；已归档人员不计入。")),
    ]:
        sheet.append([_bold(sheet, label), safe_value(sheet, value)])

    for breakdown in breakdowns:
        sheet = workbook.create_sheet(unique_sheet_title(breakdown.title, used))
        titles.append(sheet.title)
        sheet.column_dimensions["A"].width = 26
        header = [_("项目")] + [s.label for s in breakdown.series]
        if breakdown.share_of is not None:
            header.append(_("占比"))
        if breakdown.extra_label:
            header.append(breakdown.extra_label)
        sheet.append([_bold(sheet, text) for text in header])
        for row in breakdown.rows():
            values = [safe_value(sheet, row["label"])] + [c["value"] for c in row["cells"]]
            if breakdown.share_of is not None:
                values.append(_percent(sheet, row["share"]))
            if breakdown.extra_label:
                values.append(safe_value(sheet, row["extra"]))
            sheet.append(values)
        if breakdown.share_of is not None and breakdown.key != "affiliation":
            sheet.append([_bold(sheet, _("合计")), breakdown.total])
        if breakdown.note:
            sheet.append([])
            sheet.append([safe_value(sheet, breakdown.note)])
    return workbook, titles


def _bold(sheet, text):
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = HEADER_FONT
    return cell


def _percent(sheet, share):
    cell = WriteOnlyCell(sheet, value=round(share or 0, 4))
    cell.number_format = "0.0%"
    return cell
