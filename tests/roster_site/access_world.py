"""The small world the access matrix asks its questions about, on top of the personas.

For every kind of object that a URL takes a key of, the world holds one object per scope:

- ``in``: in staff_a's scope (district A 明湖区, or a unit of district A's conference);
- ``out``: outside it (district B 青山区, or — for the meetings' kinds, where a liaison's
  scope is their invitations — a city meeting to which unit Y, not unit X, was invited:
  outside staff_a's scope *and* liaison_x's);
- ``unit``: only for the kinds liaisons see: unit X's own object in the city (inside
  liaison_x's scope, outside staff_a's).

    kind             in                         out                        unit
    person           甲 in 明湖区 (photo)        乙 in 青山区 (photo)        —
    region           明湖区                      青山区                      —
    unit             明湖区委统战部              青山区委统战部              示范市司法局
    entry            甲 in 明湖区's pool         乙 in 青山区's pool         —
    review           明湖区 this year (open)     青山区 this year (open)     —
    recommendation   unit X → 明湖区, submitted  unit Y → 青山区, submitted  —
    returned         unit X → 明湖区, returned   unit Y → 青山区, returned   —
    meeting          明湖区, held                city, Y invited, held       city, X invited, held
    issued           the same, minutes issued   …                          …
    agenda_item      an item of each held meeting
    action           an item of each held meeting, led by 明湖区 lead / unit Y / unit X
    update           a progress report with a PDF attached, on each action
    arrangement      甲's / 乙's 政协委员
    course           明湖区's / 青山区's course, with 甲 / 乙 as participant
    participant      that participant
    contact          leader keeps contact with 甲 / staff_b with 乙
    association      明湖区's / 青山区's 新联会, with a charter file
    spare            丙 in 明湖区 / 丁 in 青山区, in nothing but the roster

Every name, title and text of an ``out`` object holds 越界 (and those of the meetings'
kinds 区级A / 越界 / 市级X by scope): ``FORBIDDEN`` lists what each role must never be shown.
"""

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from meetings import services as meeting_services
from meetings.enums import MeetingKind, MeetingStatus
from talent_pool.enums import ArrangementKind, Level, RecommendationState
from talent_pool.models import (
    Association,
    ContactAssignment,
    PoliticalArrangement,
    TrainingCourse,
    TrainingParticipant,
)
from talent_pool.services import open_review
from tests.meetings.builders import PDF_BYTES, days, issue, make_action, make_meeting, upload
from tests.people.factories import make_person
from tests.personas import Personas, build_personas
from tests.talent_pool.builders import make_entry, make_recommendation, new_person_data

IN, OUT, UNIT = "in", "out", "unit"
# The scope of a URL that takes no object.
NONE = "-"

# Every name, title and text of an object outside staff_a's scope holds OUTSIDE; those of
# the meetings' kinds hold the scope's mark, so that a page can be searched for a leak.
OUTSIDE = "越界"
MEETING_MARK = {IN: "区级A", OUT: OUTSIDE, UNIT: "市级X"}
MARK = {IN: "", OUT: OUTSIDE}
# What must never appear on a page or in a file a role is given.
FORBIDDEN = {"staff_a": (OUTSIDE, MEETING_MARK[UNIT]), "liaison_x": (OUTSIDE, MEETING_MARK[IN])}


@dataclass
class World:
    p: Personas
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)

    def get(self, kind: str, scope: str):
        return self.objects[kind][scope]

    def add(self, kind: str, **by_scope) -> None:
        self.objects[kind] = by_scope


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="JPEG")
    return buffer.getvalue()


def _person(region, name: str):
    person = make_person(region, name=name)
    person.photo.save("photo.jpg", ContentFile(jpeg_bytes()), save=True)
    return person


def _meetings(w: World, p: Personas) -> None:
    """A held meeting and a meeting with minutes per scope, with agenda, item and report."""
    invited = {IN: (p.district_a, [p.lead_a]), OUT: (p.city, [p.city_lead, p.unit_y])}
    invited[UNIT] = (p.city, [p.city_lead, p.unit_x])
    # Each item is led by a unit of the meeting; its report is made by that unit's user.
    leads = {IN: (p.lead_a, p.staff_a), OUT: (p.unit_y, p.liaison_y), UNIT: (p.unit_x, p.liaison_x)}
    held, issued, agenda, actions, updates = {}, {}, {}, {}, {}
    for scope, (region, units) in invited.items():
        mark = MEETING_MARK[scope]
        meeting = make_meeting(
            p,
            region=region,
            units=units,
            kind=MeetingKind.SPECIAL,
            status=MeetingStatus.HELD,
            title=f"{mark}代表人士工作专题会议",
        )
        held[scope] = meeting
        agenda[scope] = meeting_services.add_agenda_item(
            meeting=meeting, title=f"研究{mark}代表人士队伍建设", by=p.city_staff
        )
        lead, reporter = leads[scope]
        actions[scope] = make_action(p, meeting, lead=lead, text=f"建立{mark}代表人士信息库。")
        updates[scope] = meeting_services.post_action_update(
            action=actions[scope],
            text=f"{mark}已完成摸底。",
            reported_on=days(0),
            attachment=upload("摸底情况.pdf", PDF_BYTES),
            by=reporter,
        )
        issued[scope] = make_meeting(
            p,
            region=region,
            units=units,
            kind=MeetingKind.SPECIAL,
            date=days(-10),
            status=MeetingStatus.HELD,
            title=f"{mark}纪要已印发的专题会议",
        )
        issue(p, issued[scope], text=f"会议研究了{mark}有关工作。")
    w.add("meeting", **held)
    w.add("issued", **issued)
    w.add("agenda_item", **agenda)
    w.add("action", **actions)
    w.add("update", **updates)


def build_world() -> World:
    p = build_personas()
    w = World(p=p)
    year = timezone.localdate().year
    person = {IN: _person(p.district_a, "甲在册"), OUT: _person(p.district_b, "越界乙")}
    region = {IN: p.district_a, OUT: p.district_b}
    w.add("person", **person)
    # Persons in no pool, course or association, for writes that would add them to one.
    w.add(
        "spare",
        **{
            IN: make_person(p.district_a, name="丙备用"),
            OUT: make_person(p.district_b, name="越界丁"),
        },
    )
    w.add("region", **region)
    w.add("unit", **{IN: p.lead_a, OUT: p.lead_b, UNIT: p.unit_x})
    w.add("entry", **{s: make_entry(person[s], region[s]) for s in (IN, OUT)})
    w.add(
        "review", **{s: open_review(region=region[s], year=year, by=p.city_staff) for s in region}
    )

    units = {IN: p.unit_x, OUT: p.unit_y}
    liaisons = {IN: p.liaison_x, OUT: p.liaison_y}
    for kind, state in (
        ("recommendation", RecommendationState.SUBMITTED),
        ("returned", RecommendationState.RETURNED),
    ):
        w.add(
            kind,
            **{
                s: make_recommendation(
                    units[s],
                    region[s],
                    by=liaisons[s],
                    state=state,
                    data=new_person_data(region[s], name=f"{MARK[s]}推荐{s}{kind}"),
                )
                for s in (IN, OUT)
            },
        )

    _meetings(w, p)

    w.add(
        "arrangement",
        **{
            s: PoliticalArrangement.objects.create(
                person=person[s],
                kind=ArrangementKind.CPPCC,
                level=Level.COUNTY,
                body=f"{MARK[s]}{region[s].name}政协",
                term="第十届",
                sector="经济界",
                start_date=datetime.date(year - 1, 1, 10),
                created_by=p.city_staff,
            )
            for s in (IN, OUT)
        },
    )
    courses = {
        s: TrainingCourse.objects.create(
            title=f"{MARK[s]}{region[s].name}代表人士研修班",
            organiser=f"{region[s].name}委统战部",
            start_date=datetime.date(year, 1, 8),
            end_date=datetime.date(year, 1, 10),
            level=Level.COUNTY,
            region=region[s],
            created_by=p.city_staff,
        )
        for s in (IN, OUT)
    }
    w.add("course", **courses)
    w.add(
        "participant",
        **{
            s: TrainingParticipant.objects.create(
                course=courses[s], person=person[s], added_by=p.city_staff
            )
            for s in (IN, OUT)
        },
    )
    keepers = {IN: p.leader, OUT: p.staff_b}
    w.add(
        "contact",
        **{
            s: ContactAssignment.objects.create(
                leader=keepers[s], person=person[s], assigned_by=p.city_staff
            )
            for s in (IN, OUT)
        },
    )
    associations = {}
    for s in (IN, OUT):
        association = Association.objects.create(
            name=f"{MARK[s]}{region[s].name}新的社会阶层人士联谊会",
            region=region[s],
            founded_on=datetime.date(2020, 5, 1),
        )
        association.charter.save("charter.pdf", ContentFile(PDF_BYTES), save=True)
        associations[s] = association
    w.add("association", **associations)
    return w
