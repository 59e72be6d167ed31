"""The action items pages: the filtered list, the timeline, progress reports, status."""

import pytest

from meetings.enums import ActionStatus, MeetingStatus
from meetings.models import ActionUpdate
from meetings.validators import MAX_ATTACHMENT_BYTES
from tests.meetings.builders import (
    EXE_BYTES,
    PDF_BYTES,
    days,
    make_action,
    make_meeting,
    ooxml_bytes,
    snapshot,
    upload,
)


@pytest.fixture
def items(personas):
    p = personas
    first = make_meeting(p, units=[p.city_lead, p.unit_x, p.unit_y], date=days(-90),
                         status=MeetingStatus.HELD)  # fmt: skip
    second = make_meeting(p, units=[p.city_lead, p.unit_x], status=MeetingStatus.HELD)
    return {
        "first": first,
        "second": second,
        "x_overdue": make_action(p, first, lead=p.unit_x, due=days(-1)),
        "x_done": make_action(p, first, lead=p.unit_x, due=days(-30), status=ActionStatus.DONE),
        "y_co_x": make_action(p, first, lead=p.unit_y, co_units=[p.unit_x], due=days(20)),
        "y_progress": make_action(p, first, lead=p.unit_y, status=ActionStatus.IN_PROGRESS),
        "lead_second": make_action(p, second, lead=p.city_lead, due=days(5)),
    }


def _listed(client, **params):
    return set(client.get("/meetings/actions/", params).context["page"].object_list)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"x_overdue", "x_done", "y_co_x", "y_progress", "lead_second"}),
        ({"unit": "X"}, {"x_overdue", "x_done", "y_co_x"}),
        ({"unit": "Y"}, {"y_co_x", "y_progress"}),
        ({"meeting": "second"}, {"lead_second"}),
        ({"status": "done"}, {"x_done"}),
        ({"status": "in_progress"}, {"y_progress"}),
        ({"overdue": "on"}, {"x_overdue"}),
        ({"unit": "X", "status": "open"}, {"x_overdue", "y_co_x"}),
    ],
)
def test_action_list_filters(client_for, personas, items, params, expected):
    ids = {"X": personas.unit_x.pk, "Y": personas.unit_y.pk}
    query = dict(params)
    if "unit" in query:
        query["unit"] = ids[query["unit"]]
    if "meeting" in query:
        query["meeting"] = items[query["meeting"]].pk
    listed = _listed(client_for(personas.city_staff), **query)
    assert listed == {items[key] for key in expected}


def test_liaison_action_list_shows_only_their_units_items(client_for, personas, items):
    client = client_for(personas.liaison_x)
    assert _listed(client) == {items["x_overdue"], items["x_done"], items["y_co_x"]}
    assert _listed(client, overdue="on") == {items["x_overdue"]}
    # A liaison cannot widen the list with another unit's filter.
    assert "unit" not in client.get("/meetings/actions/").context["filters"].fields
    assert _listed(client, unit=personas.unit_y.pk) == _listed(client)


def test_action_list_marks_overdue_items(client_for, personas, items):
    html = client_for(personas.city_staff).get("/meetings/actions/").content.decode()
    assert html.count("已逾期") == 1


def test_action_page_shows_full_timeline(client_for, personas, items):
    from meetings import services

    p = personas
    item = items["x_overdue"]
    services.post_action_update(
        action=item,
        text="已起草工作方案。",
        reported_on=days(-1),
        attachment=upload("工作方案.pdf", PDF_BYTES),
        by=p.liaison_x,
    )
    services.set_action_status(action=item, status=ActionStatus.DONE, by=p.city_staff)
    services.set_action_status(action=item, status=ActionStatus.IN_PROGRESS, by=p.city_staff)
    response = client_for(p.leader).get(f"/meetings/actions/{item.pk}/")
    html = response.content.decode()
    timeline = [(e.new_status, e.text) for e in response.context["timeline"]]
    assert timeline == [
        ("", "已起草工作方案。"),
        ("in_progress", "开始办理。"),
        ("done", "确认办结。"),
        ("in_progress", "重新打开，继续办理。"),
    ]
    for text in ("会议议定，由示范市司法局牵头办理", "工作方案.pdf", "状态变更：已办结"):
        assert text in html


def test_liaison_posts_progress_with_attachment(client_for, personas, items):
    p = personas
    item = items["y_co_x"]  # unit X helps with it
    response = client_for(p.liaison_x).post(
        f"/meetings/actions/{item.pk}/updates/",
        {
            "text": "已配合完成调研。",
            "reported_on": str(days(0)),
            "attachment": upload("调研报告.docx", ooxml_bytes("word/document.xml")),
        },
    )
    assert response.status_code == 302
    update = ActionUpdate.objects.get(action=item, new_status="")
    assert (update.unit, update.author, update.attachment_name) == (
        p.unit_x,
        p.liaison_x,
        "调研报告.docx",
    )
    item.refresh_from_db()
    assert item.status == ActionStatus.IN_PROGRESS


def test_liaison_updating_another_units_item_gets_404_and_nothing_changes(
    client_for, personas, items
):
    p = personas
    before = snapshot()
    client = client_for(p.liaison_x)
    item = items["y_progress"]
    update = client.post(
        f"/meetings/actions/{item.pk}/updates/",
        {"text": "越权报送。", "reported_on": str(days(0))},
    )
    assert update.status_code == 404
    assert client.get(f"/meetings/actions/{item.pk}/").status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("进展.exe", EXE_BYTES, "不能上传可执行文件或脚本。"),
        ("进展.pdf", EXE_BYTES, "不能上传可执行文件或脚本。"),
        (
            "大文件.pdf",
            PDF_BYTES + b"0" * MAX_ATTACHMENT_BYTES,
            "附件不能超过 10 MB。",
        ),
    ],
)
def test_bad_attachment_shows_chinese_message_and_changes_nothing(
    client_for, personas, items, settings, name, content, message
):
    p = personas
    item = items["x_overdue"]
    before = snapshot()
    response = client_for(p.liaison_x).post(
        f"/meetings/actions/{item.pk}/updates/",
        {"text": "见附件。", "reported_on": str(days(0)), "attachment": upload(name, content)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_attachment_downloads_only_through_the_scoped_view(client_for, personas, items):
    from meetings import services

    p = personas
    update = services.post_action_update(
        action=items["x_overdue"],
        text="附方案。",
        reported_on=days(0),
        attachment=upload("工作方案.pdf", PDF_BYTES),
        by=p.liaison_x,
    )
    url = f"/meetings/actions/{items['x_overdue'].pk}/updates/{update.pk}/attachment/"
    response = client_for(p.liaison_x).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=utf-8''%E5%B7%A5%E4%BD%9C%E6%96%B9%E6%A1%88.pdf"
        in response["Content-Disposition"]
    )
    assert client_for(p.liaison_y).get(url).status_code == 404
    # An update of another item cannot be fetched through an item the user may see.
    other = f"/meetings/actions/{items['x_done'].pk}/updates/{update.pk}/attachment/"
    assert client_for(p.liaison_x).get(other).status_code == 404
    # Each download is recorded once; the refused ones record nothing.
    from accounts.enums import AuditAction
    from accounts.models import AuditEvent

    events = AuditEvent.objects.filter(action=AuditAction.EXPORT)
    assert events.count() == 1
    event = events.get()
    assert event.user == p.liaison_x
    assert event.detail["attachment"] == "工作方案.pdf"
    assert event.detail["bytes"] == len(PDF_BYTES)


def test_staff_mark_done_and_reopen_through_the_page(client_for, personas, items):
    p = personas
    item = items["x_overdue"]
    client = client_for(p.city_staff)
    page = client.get(f"/meetings/actions/{item.pk}/")
    labels = [t["label"] for t in page.context["transitions"]]
    assert labels == ["开始办理", "确认办结", "撤销事项"]
    assert (
        client.post(f"/meetings/actions/{item.pk}/status/", {"status": "done"}).status_code == 302
    )
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE
    assert not item.is_overdue
    page = client.get(f"/meetings/actions/{item.pk}/")
    assert [t["label"] for t in page.context["transitions"]] == ["重新打开"]
    assert "update_form" not in page.context
    client.post(f"/meetings/actions/{item.pk}/status/", {"status": "in_progress"})
    item.refresh_from_db()
    assert item.status == ActionStatus.IN_PROGRESS


def test_cancel_without_reason_shows_chinese_message(client_for, personas, items):
    item = items["x_overdue"]
    before = snapshot()
    response = client_for(personas.city_staff).post(
        f"/meetings/actions/{item.pk}/status/", {"status": "cancelled", "reason": " "}
    )
    assert response.status_code == 200
    assert "撤销议定事项须说明原因。" in response.content.decode()
    assert snapshot() == before


def test_liaison_sees_no_status_buttons(client_for, personas, items):
    page = client_for(personas.liaison_x).get(f"/meetings/actions/{items['x_overdue'].pk}/")
    assert page.context["transitions"] == []
    assert "update_form" in page.context
