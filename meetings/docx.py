"""The minutes as a Word document laid out like a government minutes document (GB/T 9704).

Red masthead with the conference's name, document number, red rule, title, meeting
details, attendees by unit, body text, the agreed items with lead unit and deadline, the
issuing office and date, and the distribution block (版记) at the end.
"""

import datetime
from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from meetings.enums import AttendanceStatus

RED = RGBColor(0xC0, 0x00, 0x00)
# Font names Word looks up on the reader's machine.
TITLE_FONT = "方正小标宋简体"  # not-ui: font name
BODY_FONT = "仿宋_GB2312"  # not-ui: font name
HEADING_FONT = "黑体"  # not-ui: font name
BODY_SIZE = 16  # 三号
CHINESE_NUMERALS = "一二三四五六七八九十"  # not-ui: digits of the 一、二 numbering


def chinese_date(day: datetime.date) -> str:
    return _("%(year)s年%(month)s月%(day)s日") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }


def chinese_ordinal(n: int) -> str:
    """Return 一, 二 … 十, 十一 … 九十九 for 1–99."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return head + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")  # not-ui: a digit


def _run(paragraph, text, *, font=BODY_FONT, size=BODY_SIZE, bold=False, color=None):
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _paragraph(document, *, align=None, indent=False, space_after=0):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    if indent:
        fmt.first_line_indent = Pt(BODY_SIZE * 2)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(space_after)
    fmt.line_spacing = Pt(28)
    return paragraph


def _border(paragraph, edge: str, *, color="C00000", size=12):
    """Draw a rule along one edge of a paragraph (the red line, the 版记 lines)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.append(borders)
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)


def _page_number_footer(section):
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", size=14)
    run = _run(paragraph, "", size=14)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
    _run(paragraph, " —", size=14)


def _unit_line(row) -> str:
    if not row.delegate_name:
        return row.unit.name
    if not row.delegate_post:
        return _("%(unit)s　%(delegate)s") % {"unit": row.unit.name, "delegate": row.delegate_name}
    return _("%(unit)s　%(delegate)s（%(post)s）") % {
        "unit": row.unit.name,
        "delegate": row.delegate_name,
        "post": row.delegate_post,
    }


def build_minutes_docx(*, meeting, minutes, attendances, action_items) -> bytes:
    """Return the .docx bytes of the meeting's issued minutes."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_SIZE)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    document.core_properties.title = _("%(title)s纪要") % {"title": meeting.title}
    document.core_properties.subject = minutes.number
    office = _("%(conference)s办公室") % {"conference": meeting.conference_name}
    document.core_properties.author = office

    # Masthead (发文机关标志), number and red rule.
    masthead = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    masthead.paragraph_format.line_spacing = None
    _run(masthead, meeting.conference_name, font=TITLE_FONT, size=22, color=RED)
    masthead_2 = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=18)
    masthead_2.paragraph_format.line_spacing = None
    _run(masthead_2, _("会议纪要"), font=TITLE_FONT, size=36, bold=True, color=RED)
    number = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=4)
    _run(number, minutes.number)
    _border(number, "bottom", size=18)

    title = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    title.paragraph_format.space_before = Pt(18)
    title.paragraph_format.line_spacing = None
    _run(title, meeting.title, font=TITLE_FONT, size=22)

    for label, value in (
        (_("时间"), f"{chinese_date(meeting.date)} {meeting.start_time:%H:%M}"),
        (_("地点"), meeting.place),
        (_("召集人"), meeting.convener),
    ):
        line = _paragraph(document, indent=True)
        _run(line, _("%(label)s：") % {"label": label}, font=HEADING_FONT)
        _run(line, value)

    groups = {status: [] for status in AttendanceStatus.values}
    for row in attendances:
        groups[row.status].append(row)
    for status, label in (
        (AttendanceStatus.ATTENDED, _("出席单位及人员")),
        (AttendanceStatus.EXCUSED, _("请假单位")),
        (AttendanceStatus.ABSENT, _("缺席单位")),
    ):
        rows = groups[status]
        if not rows:
            continue
        line = _paragraph(document, indent=True)
        _run(line, _("%(label)s：") % {"label": label}, font=HEADING_FONT)
        _run(line, _("%(list)s。") % {"list": _("；").join(_unit_line(row) for row in rows)})

    heading = _paragraph(document, indent=True)
    heading.paragraph_format.space_before = Pt(8)
    _run(heading, _("一、会议主要内容"), font=HEADING_FONT)
    for text in minutes.text.splitlines():
        if text.strip():
            _run(_paragraph(document, indent=True), text.strip())

    items = list(action_items)
    if items:
        heading = _paragraph(document, indent=True)
        _run(heading, _("二、会议议定事项"), font=HEADING_FONT)
        for index, item in enumerate(items, start=1):
            line = _paragraph(document, indent=True)
            _run(line, _("（%(ordinal)s）") % {"ordinal": chinese_ordinal(index)}, bold=True)
            _run(line, item.text.strip())
            detail = _paragraph(document, indent=True)
            parts = [_("牵头单位：%(unit)s") % {"unit": item.lead_unit.name}]
            co_units = [unit.name for unit in item.co_units.all()]
            if co_units:
                parts.append(_("配合单位：%(units)s") % {"units": _("、").join(co_units)})
            parts.append(_("完成时限：%(date)s前") % {"date": chinese_date(item.due_date)})
            summary = _("%(list)s。") % {"list": _("；").join(parts)}
            _run(detail, summary, font=HEADING_FONT, size=14)

    signature = _paragraph(document, align=WD_ALIGN_PARAGRAPH.RIGHT)
    signature.paragraph_format.space_before = Pt(32)
    signature.paragraph_format.right_indent = Pt(BODY_SIZE * 2)
    _run(signature, office)
    dated = _paragraph(document, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=24)
    dated.paragraph_format.right_indent = Pt(BODY_SIZE * 4)
    _run(dated, chinese_date(minutes.issued_on))

    # 版记: distribution and the issuing line between black rules.
    if minutes.distribution:
        copy_to = _paragraph(document)
        copy_to.paragraph_format.left_indent = Pt(14)
        _border(copy_to, "top", color="000000", size=8)
        _run(copy_to, _("抄送："), size=14)
        _run(copy_to, minutes.distribution.replace("\n", _("，")), size=14)
    issued = _paragraph(document)
    issued.paragraph_format.left_indent = Pt(14)
    _border(issued, "top", color="000000", size=4)
    _border(issued, "bottom", color="000000", size=8)
    _run(issued, office, size=14)
    _run(issued, _("　　%(date)s印发") % {"date": chinese_date(minutes.issued_on)}, size=14)

    _page_number_footer(section)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
