import pytest

from meetings.enums import MeetingStatus
from tests.meetings.builders import PDF_BYTES, days, make_action, make_meeting, upload


@pytest.fixture
def world(personas):
    """City meetings that only unit X (not Y) was invited to, with leakable contents.

    - planned: today's special-topic meeting, still planned;
    - held: held three days ago, with an agenda item, an item led by X and a progress
      report from X with a PDF attached;
    - issued: a meeting whose minutes are issued.
    """
    from meetings import services

    p = personas
    planned = make_meeting(p, date=days(0))
    held = make_meeting(p, status=MeetingStatus.HELD)
    services.add_agenda_item(meeting=held, title="研究律师行业工作", by=p.city_staff)
    action = make_action(p, held, text="建立律师行业代表人士信息库。")
    update = services.post_action_update(
        action=action,
        text="已完成摸底。",
        reported_on=days(0),
        attachment=upload("摸底情况.pdf", PDF_BYTES),
        by=p.liaison_x,
    )
    issued = make_meeting(p, status=MeetingStatus.MINUTES_ISSUED)
    return {
        "planned": planned,
        "held": held,
        "agenda_item": held.agenda_items.get(),
        "action": action,
        "update": update,
        "issued": issued,
    }
