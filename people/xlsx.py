"""The registration form (登记表) as an Excel workbook, and the cell helpers every Excel
file of the roster shares (formula-safe text, valid sheet names).

One sheet per person, laid out like the printed form: A4 portrait, one page wide, merged
label/value cells with thin borders, a Chinese font, the photo in its box, repeating
sections that grow with their rows, and the opinion blocks at the end.
"""

import datetime
import math
import re
import tempfile
from io import BytesIO

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.drawing.image import Image as SheetImage
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
from openpyxl.drawing.xdr import XDRPositiveSize2D
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.units import pixels_to_EMU
from openpyxl.worksheet.page import PageMargins
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from people.masking import mask_id_number, mask_phone

# --------------------------------------------------------------------------------------
# Cell helpers shared by the registration form, the roster export and the template.

# Text starting with one of these may be taken for a formula by Excel or by a program that
# reads the file (CSV/formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# One search over a row's text values joined with ROW_SEPARATOR finds a value that starts
# like a formula or holds a character an .xlsx file cannot hold, so that a whole row is
# known to be safe as it is without a test per cell. (A line break inside a value followed
# by one of FORMULA_TRIGGERS is a false alarm: the row only takes the careful path.)
ROW_SEPARATOR = "\n"
JOINED_TEXT_NEEDS_CARE = re.compile(
    "^[" + re.escape("".join(FORMULA_TRIGGERS)) + "]|" + ILLEGAL_CHARACTERS_RE.pattern,
    re.MULTILINE,
)
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_MAX = 31


def clean_text(value: str) -> str:
    """Return value without the control characters an .xlsx file cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def mark_as_text(cell) -> None:
    """Make a cell holding formula-like text a plain string that cannot run.

    The value stays exactly as it was; the string type stops openpyxl writing it as a
    formula, and quotePrefix is Excel's own "typed with a leading apostrophe" marker, so
    editing the cell in Excel keeps it text too.
    """
    cell.data_type = "s"
    cell.quotePrefix = True


def safe_value(worksheet, value):
    """Return value ready for a write-only worksheet's append(): formula-like text becomes
    a text cell; other values are passed through (strings cleaned)."""
    if isinstance(value, str):
        value = clean_text(value)
        if value.startswith(FORMULA_TRIGGERS):
            cell = WriteOnlyCell(worksheet, value)
            mark_as_text(cell)
            return cell
    return value


def set_text(cell, value) -> None:
    """Set a (normal-mode) cell's value; formula-like text is stored as text."""
    if isinstance(value, str):
        value = clean_text(value)
        cell.value = value
        if value.startswith(FORMULA_TRIGGERS):
            mark_as_text(cell)
    else:
        cell.value = value


def temporary_file(workbook):
    """Return the workbook saved to an anonymous temporary file, rewound.

    The caller hands the file to a FileResponse, which streams it and closes (and so
    deletes) it; the workbook never has to fit in memory as one bytes object.
    """
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the response
    workbook.save(handle)
    handle.seek(0)
    return handle


def unique_sheet_title(name: str, used: set[str]) -> str:
    """Return a valid sheet title for name that is not in used (case-insensitively).

    Excel allows at most 31 characters, none of []:*?/\\, and no leading or trailing
    apostrophe; equal names get "(2)", "(3)", … The title is added to used.
    """
    base = INVALID_SHEET_CHARS.sub("", clean_text(name or "")).strip().strip("'").strip()
    base = base or _("未命名")
    title = base[:SHEET_TITLE_MAX]
    number = 1
    while title.lower() in used:
        number += 1
        suffix = f"({number})"
        title = base[: SHEET_TITLE_MAX - len(suffix)].rstrip().rstrip("'") + suffix
    used.add(title.lower())
    return title


# --------------------------------------------------------------------------------------
# Rows of the talent-pool records the form prints.


def _period(start, end, *, open_end: str | None = None) -> str:
    """Return a span of months the way the form writes it: 2017.07—至今.

    A span without an end is open_end, "至今" (to date) unless given.
    """
    if not start and not end:
        return ""
    if open_end is None:
        open_end = _("至今")
    return _("%(start)s—%(end)s") % {"start": month(start), "end": month(end) if end else open_end}


def _talent_pool_model(name: str):
    """Return a talent-pool model, or None where the app does not have it."""
    try:
        return apps.get_model("talent_pool", name)
    except LookupError:
        return None


# Arrangements only recommended are not (yet) arrangements; the form lists the real ones.
SHOWN_ARRANGEMENT_STATUSES = ("appointed", "ended")
TRAINING_YEARS = 5


def political_arrangement_rows(person_ids) -> dict[int, list[tuple[str, ...]]]:
    """Return each person's political arrangements (held or ended) as rows of the form.

    Row: (类别, 组织（机构）, 届次, 级别, 职务, 界别, 时间); one query for all persons.
    """
    model = _talent_pool_model("PoliticalArrangement")
    if model is None:
        return {}
    rows: dict[int, list[tuple[str, ...]]] = {}
    queryset = model.objects.filter(
        person_id__in=person_ids, status__in=SHOWN_ARRANGEMENT_STATUSES
    ).order_by("person_id", "start_date", "pk")
    for item in queryset:
        rows.setdefault(item.person_id, []).append(
            (
                item.get_kind_display(),
                item.body,
                item.term,
                item.get_level_display(),
                item.post,
                item.sector,
                _period(item.start_date, item.end_date),
            )
        )
    return rows


def training_rows(person_ids) -> dict[int, list[tuple[str, ...]]]:
    """Return each person's training of the last five years as rows of the form.

    Row: (主办单位, 班次, 院校, 起止时间); one query for all persons.
    """
    model = _talent_pool_model("TrainingParticipant")
    if model is None:
        return {}
    today = timezone.localdate()
    since = today.replace(year=today.year - TRAINING_YEARS, day=min(today.day, 28))
    rows: dict[int, list[tuple[str, ...]]] = {}
    queryset = (
        model.objects.filter(person_id__in=person_ids, course__end_date__gte=since)
        .select_related("course")
        .order_by("person_id", "course__start_date", "pk")
    )
    for item in queryset:
        course = item.course
        rows.setdefault(item.person_id, []).append(
            (
                course.organiser,
                course.title,
                course.school,
                _period(course.start_date, course.end_date),
            )
        )
    return rows


# --------------------------------------------------------------------------------------
# The registration form.

TITLE = gettext_lazy("新的社会阶层人士登记表")
FONT_NAME = "宋体"  # not-ui: a font's name (SimSun), as Excel looks it up
TITLE_FONT_NAME = "黑体"  # not-ui: a font's name (SimHei), as Excel looks it up
COLUMN_WIDTHS = [13, 12, 12, 12, 13, 12, 11, 11]  # A–H
LAST_COLUMN = len(COLUMN_WIDTHS)
ROW_HEIGHT = 24
MIN_SECTION_ROWS = 2
# Characters per line of a value spanning columns B–H (CJK characters are double width).
CHARS_PER_LINE = 40
PHOTO_COLUMNS = (7, 8)  # G–H, beside the first five rows of 基本信息
PHOTO_ROWS = 5
PHOTO_SIZE = (105, 147)  # pixels, the 5:7 ratio of a one-inch photo

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BODY_FONT = Font(name=FONT_NAME, size=10.5)
LABEL_FONT = Font(name=FONT_NAME, size=10.5, bold=True)
TITLE_FONT = Font(name=TITLE_FONT_NAME, size=18, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
LEFT_TOP = Alignment(horizontal="left", vertical="top", wrap_text=True)
OPINION = Alignment(horizontal="right", vertical="bottom", wrap_text=True)
# Room for a seal and a date, right-aligned in each opinion block.
OPINION_TEXT = gettext_lazy("（盖章）　　　　\n\n年　　月　　日　　")


def month(value: datetime.date | None) -> str:
    """Return a date the way the form writes it: 1985.03."""
    return f"{value:%Y.%m}" if value else ""


def _label(obj, name: str) -> str:
    return str(getattr(obj, f"get_{name}_display")() or "")


class RegistrationSheet:
    """Write one person's registration form on a worksheet, row by row."""

    def __init__(self, worksheet, person, *, reveal: bool, arrangements=(), trainings=()):
        self.ws = worksheet
        self.person = person
        self.reveal = reveal
        self.arrangements = list(arrangements)
        self.trainings = list(trainings)
        self.row = 1

    # Low-level writing --------------------------------------------------------------

    def box(self, col1, col2, value="", *, rows=1, label=False, align=CENTER, border=True):
        """Write value into columns col1–col2 of the current row (and rows-1 below),
        merged, with a thin border around every cell of the range."""
        top, bottom = self.row, self.row + rows - 1
        if col2 > col1 or bottom > top:
            self.ws.merge_cells(start_row=top, start_column=col1, end_row=bottom, end_column=col2)
        cell = self.ws.cell(row=top, column=col1)
        set_text(cell, "" if value is None else value)
        cell.font = LABEL_FONT if label else BODY_FONT
        cell.alignment = align
        if border:
            for row in range(top, bottom + 1):
                for col in range(col1, col2 + 1):
                    self.ws.cell(row=row, column=col).border = BORDER
        return cell

    def height(self, points: float, row: int | None = None) -> None:
        self.ws.row_dimensions[row or self.row].height = points

    def next_row(self, points: float = ROW_HEIGHT) -> None:
        if self.ws.row_dimensions[self.row].height is None:
            self.height(points)
        self.row += 1

    def line(self, *cells, points: float = ROW_HEIGHT) -> None:
        """Write one bordered row from (col1, col2, value, is_label) tuples."""
        for col1, col2, value, is_label in cells:
            self.box(col1, col2, value, label=is_label, align=CENTER)
        self.next_row(points)

    def text_height(self, text: str, minimum: float) -> float:
        lines = sum(max(1, math.ceil(len(part) / CHARS_PER_LINE)) for part in text.split("\n"))
        return max(minimum, lines * 15 + 8)

    # Sections -----------------------------------------------------------------------

    def write(self) -> None:
        self.page_setup()
        self.title()
        self.basic()
        self.section(
            _("学历"),
            [(2, 4, _("毕业院校及专业")), (5, 5, _("起止时间")), (6, 6, _("学历")),
             (7, 7, _("学位")), (8, 8, _("是否最高学历"))],
            [
                (
                    " ".join(filter(None, [e.school, e.major])),
                    self.period(e.start_date, e.end_date, open_end=""),
                    _label(e, "education"),
                    _label(e, "degree"),
                    _("是") if e.is_highest else "",
                )
                for e in self.person.educations.all()
            ],
        )  # fmt: skip
        self.section(
            _("工作简历"),
            [(2, 3, _("起止年月")), (4, 8, _("单位及职务"))],
            [
                (self.period(w.start_date, w.end_date), w.unit_and_post)
                for w in self.person.work_history.all()
            ],
            align=[CENTER, LEFT],
        )
        self.section(
            _("政治安排"),
            [(2, 2, _("类别")), (3, 3, _("组织（机构）")), (4, 4, _("届次")), (5, 5, _("级别")),
             (6, 6, _("职务")), (7, 7, _("界别")), (8, 8, _("时间"))],
            self.arrangements,
        )  # fmt: skip
        self.section(
            _("社会职务"),
            [(2, 2, _("类别")), (3, 4, _("组织名称")), (5, 6, _("职务")), (7, 8, _("起止时间"))],
            [
                (
                    _label(s, "kind"),
                    s.organisation,
                    s.post,
                    self.period(s.start_date, s.end_date, open_end=""),
                )
                for s in self.person.social_positions.all()
            ],
        )
        self.section(
            _("培训情况\n（近五年）"),
            [(2, 3, _("主办单位")), (4, 5, _("班次")), (6, 6, _("院校")), (7, 8, _("起止时间"))],
            self.trainings,
        )
        self.section(
            _("奖惩情况"),
            [(2, 2, _("奖惩")), (3, 5, _("名称")), (6, 7, _("授予单位")), (8, 8, _("时间"))],
            [
                (_label(a, "kind"), a.name, a.grantor, month(a.date))
                for a in self.person.awards.all()
            ],
        )
        self.evaluation()
        self.section(
            _("家庭成员及\n重要社会关系"),
            [(2, 2, _("称谓")), (3, 3, _("姓名")), (4, 4, _("出生年月")), (5, 5, _("政治面貌")),
             (6, 8, _("工作单位及职务"))],
            [
                (
                    f.relation,
                    f.name,
                    month(f.birth_date),
                    _label(f, "affiliation"),
                    f.work_unit_post,
                )
                for f in self.person.family_members.all()
            ],
        )  # fmt: skip
        self.contact()
        self.opinions()
        self.ws.print_area = f"A1:{get_column_letter(LAST_COLUMN)}{self.row - 1}"

    def page_setup(self) -> None:
        ws = self.ws
        for index, width in enumerate(COLUMN_WIDTHS, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages high as the sections need
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = PageMargins(
            left=0.6, right=0.6, top=0.75, bottom=0.75, header=0.3, footer=0.3
        )
        ws.print_options.horizontalCentered = True
        # Translators: &P and &N are Excel's codes for the page number and the page count.
        ws.oddFooter.center.text = _("第 &P 页，共 &N 页")
        ws.oddFooter.center.font = FONT_NAME
        ws.sheet_view.showGridLines = False

    def title(self) -> None:
        self.box(1, LAST_COLUMN, str(TITLE), border=False).font = TITLE_FONT
        self.next_row(40)
        self.box(1, 4, _("填报单位（盖章）："), align=LEFT, border=False)
        number = _("登记编号：%(number)s") % {"number": self.person.pk}
        self.box(5, LAST_COLUMN, number, border=False).alignment = Alignment(
            horizontal="right", vertical="center"
        )
        self.next_row(20)

    def basic(self) -> None:
        p = self.person
        affiliation = _label(p, "affiliation")
        second = _label(p, "affiliation_2")
        if second and p.affiliation_2_date:
            second = _("%(affiliation)s（%(date)s）") % {
                "affiliation": second,
                "date": month(p.affiliation_2_date),
            }
        id_number = p.id_number if self.reveal else mask_id_number(p.id_number)
        flags = _("、").join(
            label
            for flag, label in (
                (p.is_online_streamer, _("网络主播")),
                (p.is_opinion_figure, _("网络意见人士")),
            )
            if flag
        )
        tiers = _("、").join(
            f"{entry.region.name}{entry.get_tier_display()}"
            for entry in p.pool_entries.all()
            if entry.status == "active"
        )
        overseas = _("；").join(
            _("%(label)s：%(value)s") % {"label": label, "value": value}
            for label, value in (
                (_("国家（地区）"), p.overseas_country),
                (_("院校"), p.overseas_school),
                (_("时间"), p.overseas_period),
                (_("学位"), p.overseas_degree),
            )
            if value
        )
        title = p.professional_title
        if p.title_level:
            level = _label(p, "title_level")
            title = (
                _("%(title)s（%(level)s）") % {"title": title, "level": level} if title else level
            )
        photo_top = self.row
        rows = [
            [(_("姓名"), p.name), (_("性别"), _label(p, "sex")),
             (_("出生年月"), month(p.birth_date))],
            [(_("民族"), _label(p, "ethnicity")), (_("籍贯"), p.native_place),
             (_("出生地"), p.birthplace)],
            [(_("国籍"), p.nationality), (_("参加工作\n时间"), month(p.work_start_date)),
             (_("宗教信仰"), p.religion)],
            [(_("政治面貌"), affiliation), (_("加入时间"), month(p.affiliation_date)),
             (_("第二政治\n面貌"), second)],
        ]  # fmt: skip
        for pairs in rows:
            col = 1
            for label, value in pairs:
                self.box(col, col, label, label=True)
                self.box(col + 1, col + 1, value)
                col += 2
            self.next_row()
        self.box(1, 1, _("证件类型"), label=True)
        self.box(2, 2, _label(p, "document_type"))
        self.box(3, 3, _("证件号码"), label=True)
        self.box(4, 6, id_number)
        self.next_row()
        self.photo(photo_top)
        self.line(
            (1, 1, _("新的社会阶层\n类别"), True),
            (2, 4, _label(p, "category"), False),
            (5, 5, _("细分类型"), True),
            (6, 8, p.subtype.name, False),
            points=30,
        )
        self.line(
            (1, 1, _("网络身份"), True),
            (2, 4, flags or _("无"), False),
            (5, 5, _("列入队伍"), True),
            (6, 8, tiers or _("未列入"), False),
        )
        self.box(1, 1, _("留学经历"), label=True)
        self.box(2, LAST_COLUMN, overseas or _("无"), align=LEFT)
        self.next_row()
        self.line(
            (1, 1, _("工作单位\n及职务"), True),
            (2, 6, " ".join(filter(None, [p.work_unit, p.position])), False),
            (7, 7, _("单位性质"), True),
            (8, 8, _label(p, "unit_nature"), False),
            points=30,
        )
        self.line(
            (1, 1, _("任现职时间"), True),
            (2, 2, month(p.position_since), False),
            (3, 3, _("专业技术\n职称"), True),
            (4, 5, title, False),
            (6, 6, _("执业资格"), True),
            (7, 8, p.qualification, False),
            points=30,
        )
        self.line(
            (1, 1, _("所在区划"), True),
            (2, 4, p.region.name, False),
            (5, 5, _("最高学历"), True),
            (6, 8, _label(p, "highest_education"), False),
        )

    def photo(self, top: int) -> None:
        col1, col2 = PHOTO_COLUMNS
        saved, self.row = self.row, top
        self.box(col1, col2, "", rows=PHOTO_ROWS)
        self.row = saved
        image = self.photo_image()
        if image is None:
            cell = self.ws.cell(row=top, column=col1)
            cell.value = _("照片")
            return
        box_width = sum(COLUMN_WIDTHS[col1 - 1 : col2]) * 7 + 10
        box_height = PHOTO_ROWS * ROW_HEIGHT * 4 / 3
        width, height = PHOTO_SIZE
        marker = AnchorMarker(
            col=col1 - 1,
            colOff=pixels_to_EMU(max(int((box_width - width) / 2), 0)),
            row=top - 1,
            rowOff=pixels_to_EMU(max(int((box_height - height) / 2), 0)),
        )
        image.anchor = OneCellAnchor(
            _from=marker, ext=XDRPositiveSize2D(pixels_to_EMU(width), pixels_to_EMU(height))
        )
        self.ws.add_image(image)

    def photo_image(self) -> SheetImage | None:
        """Return the person's photo scaled for the box, or None if there is none or it
        cannot be read."""
        if not self.person.photo:
            return None
        try:
            with self.person.photo.open("rb") as handle:
                picture = PILImage.open(handle)
                picture.load()
        except (OSError, ValueError, UnidentifiedImageError):
            return None
        picture = ImageOps.exif_transpose(picture).convert("RGB")
        picture = ImageOps.fit(picture, (PHOTO_SIZE[0] * 2, PHOTO_SIZE[1] * 2))
        buffer = BytesIO()
        picture.save(buffer, "JPEG", quality=85)
        buffer.seek(0)
        image = SheetImage(buffer)
        image.width, image.height = PHOTO_SIZE
        return image

    def section(self, title, header, rows, *, align=None) -> None:
        """Write a repeating section: its title down column A, a header row, and one row
        per record (at least MIN_SECTION_ROWS so that the paper form has room)."""
        rows = list(rows) or []
        count = max(len(rows), MIN_SECTION_ROWS)
        self.box(1, 1, title, rows=count + 1, label=True)
        for col1, col2, text in header:
            self.box(col1, col2, text, label=True)
        self.next_row()
        for index in range(count):
            values = rows[index] if index < len(rows) else ("",) * len(header)
            for position, ((col1, col2, _text), value) in enumerate(
                zip(header, values, strict=True)
            ):
                cell_align = align[position] if align else CENTER
                self.box(col1, col2, value, align=cell_align)
            longest = max((len(str(v)) for v in values), default=0)
            self.next_row(ROW_HEIGHT if longest <= 24 else 36)

    def evaluation(self) -> None:
        p = self.person
        for title, text in (
            (_("主要政治表现"), p.political_performance),
            (_("主要成就和\n社会影响"), p.achievements),
        ):
            self.box(1, 1, title, label=True)
            self.box(2, LAST_COLUMN, text, align=LEFT_TOP)
            self.next_row(self.text_height(text or "", 60))
        self.line(
            (1, 1, _("综合评价"), True),
            (2, 2, _("结果"), True),
            (3, 3, p.evaluation_result, False),
            (4, 4, _("评价单位"), True),
            (5, 6, p.evaluation_body, False),
            (7, 7, _("评价时间"), True),
            (8, 8, month(p.evaluation_date), False),
        )

    def contact(self) -> None:
        p = self.person
        mobile = p.mobile if self.reveal else mask_phone(p.mobile)
        office = p.office_phone if self.reveal else mask_phone(p.office_phone)
        self.line(
            (1, 1, _("通讯地址"), True),
            (2, 5, p.address, False),
            (6, 6, _("邮政编码"), True),
            (7, 8, p.postcode, False),
        )
        self.line(
            (1, 1, _("办公电话"), True),
            (2, 3, office, False),
            (4, 4, _("手机号码"), True),
            (5, 6, mobile, False),
            (7, 7, _("微信号"), True),
            (8, 8, p.wechat, False),
        )
        self.box(1, 1, _("电子邮箱"), label=True)
        self.box(2, LAST_COLUMN, p.email, align=LEFT)
        self.next_row()

    def opinions(self) -> None:
        for title in (_("推荐单位\n意见"), _("行业主管部门\n意见"), _("统战部意见")):
            self.box(1, 1, title, label=True)
            self.box(2, LAST_COLUMN, str(OPINION_TEXT), align=OPINION)
            self.next_row(96)
        self.box(1, 4, _("填表人："), align=LEFT, border=False)
        self.box(5, LAST_COLUMN, _("填表日期：　　　　年　　月　　日"), align=LEFT, border=False)
        self.next_row(30)

    @staticmethod
    def period(start, end, *, open_end: str | None = None) -> str:
        return _period(start, end, open_end=open_end)


def registration_workbook(persons, *, reveal: bool) -> Workbook:
    """Return a workbook with one registration form per person, one sheet each.

    persons should come with subtype, region and the child rows prefetched (see
    people.excel_views); political arrangements and training are read in one query each.
    """
    persons = list(persons)
    ids = [person.pk for person in persons]
    arrangements = political_arrangement_rows(ids)
    trainings = training_rows(ids)
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for person in persons:
        worksheet = workbook.create_sheet(unique_sheet_title(person.name, used))
        RegistrationSheet(
            worksheet,
            person,
            reveal=reveal,
            arrangements=arrangements.get(person.pk, ()),
            trainings=trainings.get(person.pk, ()),
        ).write()
    if not persons:
        workbook.create_sheet(_("登记表"))
    return workbook
