"""Demo meetings of 示范市's joint conference (all people and events fictional).

Last year's plenary with issued minutes and items (some done, some overdue), a
special-topic meeting on online opinion figures with the publicity department (held,
minutes not yet issued), and this year's planned plenary. Dates are relative to today, so
that "overdue" and "minutes late" show whatever day the demo is loaded.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from meetings.enums import (
    FOLLOW_UP_AGENDA_TITLE,
    ActionStatus,
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
)
from meetings.models import ActionItem, ActionUpdate, AgendaItem, Attendance, Meeting, Minutes

CITY_UNITS = [
    "市委统战部",
    "市委宣传部",
    "两新工委",
    "市民政局",
    "市司法局",
    "市财政局",
    "市住建局",
    "市人社局",
    "市商务局",
    "团市委",
    "市文联",
    "市工商联",
    "市税务局",
]

# Unit key -> (delegate, post) at last year's plenary.
DELEGATES = {
    "市委统战部": ("郑文博", "市委常委、统战部部长"),
    "市委宣传部": ("林晓岚", "副部长"),
    "两新工委": ("许明远", "副书记"),
    "市民政局": ("高静怡", "副局长"),
    "市司法局": ("周立诚", "副局长"),
    "市财政局": ("韩书宁", "副局长"),
    "市住建局": ("蒋一凡", "总工程师"),
    "市人社局": ("罗清扬", "副局长"),
    "团市委": ("唐若水", "副书记"),
    "市文联": ("冯知秋", "党组成员、秘书长"),
    "市工商联": ("曹启明", "副主席"),
}
EXCUSED = {"市税务局"}
ABSENT = {"市商务局"}

PLENARY_TEXT = (
    "会议听取了市委统战部关于上一年度全市新的社会阶层人士统战工作情况的通报，"
    "审议通过了本年度联席会议工作要点。\n"
    "会议认为，各成员单位认真履行职责，新的社会阶层人士统战工作基础进一步夯实，"
    "代表人士队伍建设取得新进展。\n"
    "会议要求，各成员单位要进一步摸清底数、健全机制、搭建平台，"
    "按照职责分工抓好议定事项的落实，并于每季度末向联席会议办公室报送进展情况。"
)


def _meeting(region, kind, year, number, **fields):
    """Create or update the conference's meeting of a kind, year and number."""
    meeting = Meeting.objects.filter(
        region=region, kind=kind, date__year=year, number=number
    ).first() or Meeting(region=region, kind=kind, number=number)
    return _save(meeting, **fields)


def _save(meeting, **fields):
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    return meeting


def _invite(meeting, units, keys, delegates=None, excused=(), absent=()):
    delegates = delegates or {}
    for key in keys:
        if key in delegates:
            status = AttendanceStatus.ATTENDED
        elif key in excused:
            status = AttendanceStatus.EXCUSED
        elif key in absent:
            status = AttendanceStatus.ABSENT
        else:
            status = AttendanceStatus.PENDING
        name, post = delegates.get(key, ("", ""))
        Attendance.objects.update_or_create(
            meeting=meeting,
            unit=units[key],
            defaults={"status": status, "delegate_name": name, "delegate_post": post},
        )


def _agenda(meeting, titles, follow_up=False):
    entries = [(FOLLOW_UP_AGENDA_TITLE, True)] if follow_up else []
    entries += [(title, False) for title in titles]
    for order, (title, is_follow_up) in enumerate(entries, start=1):
        AgendaItem.objects.update_or_create(
            meeting=meeting,
            order=order,
            defaults={"title": title, "is_follow_up": is_follow_up},
        )


def _action(meeting, order, text, lead, co, due, status, by, closed_on=None):
    item, _ = ActionItem.objects.update_or_create(
        meeting=meeting,
        order=order,
        defaults={
            "text": text,
            "lead_unit": lead,
            "due_date": due,
            "status": status,
            "closed_on": closed_on,
            "created_by": by,
        },
    )
    item.full_clean()
    item.co_units.set(co)
    return item


def _update(item, unit, author, reported_on, text, new_status=""):
    ActionUpdate.objects.update_or_create(
        action=item,
        text=text,
        defaults={
            "unit": unit,
            "author": author,
            "reported_on": reported_on,
            "new_status": new_status,
        },
    )


def build(built: dict) -> None:
    """Create or update the demo meetings; running it again changes nothing."""
    units = built["units"]
    city = built["city"]
    today = timezone.localdate()
    last_year = today.year - 1
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["city_staff", "sifa_liaison", "xuanchuan_liaison"]
        )
    }
    staff = users.get("city_staff")
    sifa = users.get("sifa_liaison")
    xuanchuan = users.get("xuanchuan_liaison")
    lead = units["市委统战部"]

    # Last year's plenary: held, minutes issued, items done and overdue.
    plenary = _meeting(
        city,
        MeetingKind.PLENARY,
        last_year,
        1,
        title=f"示范市新的社会阶层人士统战工作联席会议{last_year}年第1次全体会议",
        date=datetime.date(last_year, 3, 18),
        start_time=datetime.time(9, 30),
        place="市委统战部三楼第一会议室",
        convener="市委常委、统战部部长 郑文博",
        status=MeetingStatus.MINUTES_ISSUED,
        created_by=staff,
    )
    _invite(plenary, units, CITY_UNITS, DELEGATES, EXCUSED, ABSENT)
    _agenda(
        plenary,
        [
            "通报上一年度全市新的社会阶层人士统战工作情况",
            f"审议《{last_year}年联席会议工作要点》",
            "成员单位交流发言",
        ],
    )
    Minutes.objects.update_or_create(
        meeting=plenary,
        defaults={
            "region": city,
            "year": last_year,
            "serial": 1,
            "text": PLENARY_TEXT,
            "issued_on": datetime.date(last_year, 3, 28),
            "distribution": "市委办公室，市政府办公室，联席会议各成员单位。",
            "issued_by": staff,
        },
    )
    lawyers = _action(
        plenary,
        1,
        "建立全市律师行业党外代表人士信息库，每半年更新一次。",
        units["市司法局"],
        [lead],
        datetime.date(last_year, 6, 30),
        ActionStatus.DONE,
        staff,
        closed_on=datetime.date(last_year, 6, 26),
    )
    _update(lawyers, units["市司法局"], sifa, datetime.date(last_year, 5, 10),
            "已会同市律师协会完成全市律师事务所摸底，初步建立信息库。")  # fmt: skip
    _update(lawyers, units["市司法局"], sifa, datetime.date(last_year, 6, 20),
            "信息库已建成，收录党外律师代表人士86名，建立半年更新机制。")  # fmt: skip
    _update(lawyers, lead, staff, datetime.date(last_year, 6, 26), "确认办结。",
            ActionStatus.DONE)  # fmt: skip
    media = _action(
        plenary,
        2,
        "组织新媒体从业人员代表开展国情社情考察活动。",
        units["市委宣传部"],
        [lead, units["团市委"]],
        datetime.date(last_year, 10, 31),
        ActionStatus.DONE,
        staff,
        closed_on=datetime.date(last_year, 10, 28),
    )
    _update(media, units["市委宣传部"], xuanchuan, datetime.date(last_year, 9, 22),
            "已组织32名新媒体从业人员代表赴革命老区开展考察，形成考察报告。")  # fmt: skip
    _update(media, lead, staff, datetime.date(last_year, 10, 28), "确认办结。",
            ActionStatus.DONE)  # fmt: skip
    social = _action(
        plenary,
        3,
        "摸清全市社会组织从业人员底数，形成分析报告报联席会议办公室。",
        units["市民政局"],
        [],
        datetime.date(last_year, 9, 30),
        ActionStatus.IN_PROGRESS,
        staff,
    )
    _update(social, units["市民政局"], None, datetime.date(last_year, 8, 15),
            "已完成市级社会组织统计，区级数据正在汇总。")  # fmt: skip
    _action(
        plenary,
        4,
        "完善注册会计师、资产评估师行业代表人士推荐机制。",
        units["市财政局"],
        [lead],
        datetime.date(last_year, 12, 31),
        ActionStatus.OPEN,
        staff,
    )
    training = _action(
        plenary,
        5,
        "举办律师行业新的社会阶层人士培训班。",
        units["市司法局"],
        [lead],
        datetime.date(last_year, 11, 30),
        ActionStatus.IN_PROGRESS,
        staff,
    )
    _update(training, units["市司法局"], sifa, datetime.date(last_year, 10, 12),
            "培训方案已拟定，正在与市委党校商定课程。")  # fmt: skip
    _action(
        plenary,
        6,
        "开展民营企业技术人员职称评审专项服务。",
        units["市人社局"],
        [units["市工商联"]],
        today + datetime.timedelta(days=60),
        ActionStatus.OPEN,
        staff,
    )

    # A special-topic meeting with the publicity department, held three weeks ago;
    # its minutes are late (the list flags it).
    special_date = today - datetime.timedelta(days=20)
    special = _save(
        Meeting.objects.filter(
            region=city, kind=MeetingKind.SPECIAL, title="网络意见人士统战工作专题会议"
        ).first()
        or Meeting(region=city, kind=MeetingKind.SPECIAL, number=1),
        title="网络意见人士统战工作专题会议",
        date=special_date,
        start_time=datetime.time(14, 30),
        place="市委统战部二楼小会议室",
        convener="市委统战部副部长 陈思远",
        status=MeetingStatus.HELD,
        created_by=staff,
    )
    _invite(
        special,
        units,
        ["市委统战部", "市委宣传部"],
        {"市委统战部": ("陈思远", "副部长"), "市委宣传部": ("林晓岚", "副部长")},
    )
    _agenda(special, ["通报全市网络意见人士基本情况", "研究建立联系服务机制"])
    _action(
        special,
        1,
        "建立网络意见人士联系名单，明确联系责任人。",
        units["市委宣传部"],
        [lead],
        today + datetime.timedelta(days=40),
        ActionStatus.OPEN,
        staff,
    )

    # This year's plenary, still to be held, with last meetings' follow-up first.
    planned_date = today + datetime.timedelta(days=21)
    planned = _meeting(
        city,
        MeetingKind.PLENARY,
        planned_date.year,
        1,
        title=f"示范市新的社会阶层人士统战工作联席会议{planned_date.year}年第1次全体会议",
        date=planned_date,
        start_time=datetime.time(9, 0),
        place="市委统战部三楼第一会议室",
        convener="市委常委、统战部部长 郑文博",
        status=MeetingStatus.PLANNED,
        created_by=staff,
    )
    _invite(planned, units, CITY_UNITS)
    _agenda(
        planned,
        [
            "通报上一年度全市新的社会阶层人士统战工作情况",
            f"审议《{planned_date.year}年联席会议工作要点》",
        ],
        follow_up=True,
    )

    # A district's conference: 明湖区 held its plenary six weeks ago and issued minutes.
    _build_district(built["districts"]["明湖区"], units, staff, today)


def _build_district(district, units, staff, today):
    name = district.name
    held_on = today - datetime.timedelta(days=45)
    plenary = _meeting(
        district,
        MeetingKind.PLENARY,
        held_on.year,
        1,
        title=f"{name}新的社会阶层人士统战工作联席会议{held_on.year}年第1次全体会议",
        date=held_on,
        start_time=datetime.time(9, 0),
        place=f"{name}委统战部会议室",
        convener=f"{name}委常委、统战部部长 王雨桐",
        status=MeetingStatus.MINUTES_ISSUED,
        created_by=staff,
    )
    keys = [f"{name}委统战部", f"{name}委宣传部", f"{name}司法局", f"{name}民政局", f"{name}工商联"]
    delegates = {key: (f"代表{i}", "副职") for i, key in enumerate(keys[:-1], start=1)}
    _invite(plenary, units, keys, delegates, excused={keys[-1]})
    _agenda(plenary, ["通报本区新的社会阶层人士统战工作情况", "研究本区代表人士队伍建设"])
    Minutes.objects.update_or_create(
        meeting=plenary,
        defaults={
            "region": district,
            "year": (held_on + datetime.timedelta(days=7)).year,
            "serial": 1,
            "text": "会议通报了本区工作情况，研究了代表人士队伍建设。",
            "issued_on": held_on + datetime.timedelta(days=7),
            "distribution": "区委办公室，区政府办公室，联席会议各成员单位。",
            "issued_by": None,
        },
    )
    _action(
        plenary,
        1,
        "摸清本区律师行业党外人士情况，推荐区级代表人士人选。",
        units[f"{name}司法局"],
        [units[f"{name}委统战部"]],
        today + datetime.timedelta(days=30),
        ActionStatus.IN_PROGRESS,
        None,
    )
