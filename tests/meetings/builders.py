"""Small builders of meetings data for the tests, on top of the personas."""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings import services
from meetings.enums import ActionStatus, AttendanceStatus, MeetingKind, MeetingStatus
from meetings.models import ActionItem, ActionUpdate, Attendance, Meeting, Minutes

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32
GIF_BYTES = b"GIF89a" + b"\x00" * 32
OLE_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
ELF_BYTES = b"\x7fELF\x02\x01\x01" + b"\x00" * 64


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def ooxml_bytes(main_part: str) -> bytes:
    """Return a minimal Office Open XML package whose main part is main_part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<x/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def make_meeting(
    p,
    *,
    units=None,
    kind=MeetingKind.SPECIAL,
    date=None,
    status=MeetingStatus.PLANNED,
    region=None,
    title="",
    number=None,
) -> Meeting:
    """Create a meeting of the city's conference (by default lead unit and unit X invited)."""
    region = region or p.city
    if units is None:
        units = [p.city_lead, p.unit_x] if region == p.city else []
    meeting = services.create_meeting(
        region=region,
        kind=kind,
        title=title,
        number=number,
        date=date or days(-3),
        start_time=datetime.time(9, 30),
        place="市委统战部三楼会议室",
        convener="市委统战部副部长 陈思远",
        invited_units=units,
        by=p.city_staff,
    )
    if status != MeetingStatus.PLANNED:
        services.set_meeting_status(meeting=meeting, status=MeetingStatus.HELD, by=p.city_staff)
    if status == MeetingStatus.MINUTES_ISSUED:
        issue(p, meeting)
    return meeting


def issue(p, meeting, *, serial=None, year=None, text="会议研究了有关工作。") -> Minutes:
    issued_on = max(today(), meeting.date)
    year = year or issued_on.year
    serial = serial or (Minutes.objects.filter(region=meeting.region, year=year).count() + 1)
    return services.issue_minutes(
        meeting=meeting,
        year=year,
        serial=serial,
        text=text,
        issued_on=issued_on,
        distribution="联席会议各成员单位。",
        by=p.city_staff,
    )


def make_action(
    p, meeting, *, lead=None, co_units=(), due=None, text="落实会议议定的工作。", status=None
) -> ActionItem:
    """Add an agreed item to a held meeting (lead defaults to unit X)."""
    item = services.add_action_item(
        meeting=meeting,
        text=text,
        lead_unit=lead or p.unit_x,
        co_units=list(co_units),
        due_date=due or days(30),
        by=p.city_staff,
    )
    if status is not None and status != ActionStatus.OPEN:
        ActionItem.objects.filter(pk=item.pk).update(
            status=status,
            cancel_reason="不再需要。" if status == ActionStatus.CANCELLED else "",
        )
        item.refresh_from_db()
    return item


def attend(meeting, unit, *, status=AttendanceStatus.ATTENDED, name="张三", post="副局长"):
    Attendance.objects.filter(meeting=meeting, unit=unit).update(
        status=status, delegate_name=name, delegate_post=post
    )


def snapshot():
    """Return row counts and states that bad input must leave unchanged."""
    return {
        "meetings": list(Meeting.objects.order_by("pk").values_list("pk", "status", "title")),
        "attendance": list(
            Attendance.objects.order_by("pk").values_list(
                "pk", "unit_id", "status", "delegate_name"
            )
        ),
        "minutes": list(Minutes.objects.order_by("pk").values_list("pk", "year", "serial")),
        "actions": list(
            ActionItem.objects.order_by("pk").values_list("pk", "status", "due_date", "text")
        ),
        "updates": list(ActionUpdate.objects.order_by("pk").values_list("pk", "text")),
    }
