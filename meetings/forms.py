"""Forms of the meetings pages: they validate and normalise; services do the writing."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.enums import ActionStatus, AttendanceStatus, MeetingKind, MeetingStatus
from meetings.services import AttendanceEntry
from meetings.validators import (
    ALLOWED_ATTACHMENT_TYPES,
    format_document_number,
    parse_document_number,
    validate_attachment,
)
from units.models import MemberUnit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, by field where the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class UnitCheckboxes(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})

    def label_from_instance(self, obj):
        return obj.name


class MeetingForm(forms.Form):
    """Create or change a meeting. The agenda and the follow-up offer are for new ones."""

    kind = forms.ChoiceField(
        label=gettext_lazy("会议类型"), choices=MeetingKind.choices, initial=MeetingKind.PLENARY
    )
    title = forms.CharField(
        label=gettext_lazy("会议名称"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("留空则按会议类型和次数自动生成。"),
    )
    number = forms.IntegerField(
        label=gettext_lazy("次数"),
        min_value=1,
        max_value=99,
        required=False,
        help_text=gettext_lazy("当年同类会议的第几次，留空自动编号。"),
    )
    date = forms.DateField(label=gettext_lazy("会议日期"), widget=DateInput)
    start_time = forms.TimeField(label=gettext_lazy("开始时间"), widget=TimeInput)
    place = forms.CharField(label=gettext_lazy("会议地点"), max_length=100)
    convener = forms.CharField(
        label=gettext_lazy("召集人"),
        max_length=100,
        help_text=gettext_lazy("例如：市委常委、统战部部长 ×××"),
    )
    invited_units = UnitCheckboxes(
        label=gettext_lazy("参会单位"),
        queryset=MemberUnit.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "全体会议和联络员会议不选则邀请全部在册成员单位；专题会议请选择相关单位。"
        ),
    )
    agenda = forms.CharField(
        label=gettext_lazy("会议议程"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("每行一项，按顺序排列；会后也可在会议页面调整。"),
    )
    add_follow_up = forms.BooleanField(
        label=gettext_lazy("将“上次会议议定事项落实情况”列为第一项议程"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, region, meeting=None, open_items=0, overdue_items=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited_units"].queryset = MemberUnit.objects.filter(
            region=region, is_active=True
        ).order_by("-is_lead", "order", "id")
        if meeting is not None:
            del self.fields["agenda"]
            del self.fields["add_follow_up"]
        elif open_items:
            self.fields["add_follow_up"].help_text = _(
                "以往会议尚有 %(open)s 项议定事项未办结，其中 %(overdue)s 项已逾期。"
            ) % {"open": open_items, "overdue": overdue_items}
        else:
            del self.fields["add_follow_up"]

    def agenda_lines(self) -> list[str]:
        text = self.cleaned_data.get("agenda") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


def meeting_initial(meeting) -> dict:
    """Return the form values of an existing meeting."""
    return {
        "kind": meeting.kind,
        "title": meeting.title,
        "number": meeting.number,
        "date": meeting.date,
        "start_time": meeting.start_time,
        "place": meeting.place,
        "convener": meeting.convener,
        "invited_units": [row.unit_id for row in meeting.attendances.all()],
    }


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("议题"), max_length=200)
    presenter = forms.CharField(
        label=gettext_lazy("汇报单位或汇报人"), max_length=100, required=False
    )

    def __init__(self, *args, **kwargs):
        # The meeting page holds several forms; their ids must not collide.
        kwargs.setdefault("auto_id", "agenda_%s")
        super().__init__(*args, **kwargs)


_SHEET_FIELD = re.compile(r"^(status|name|post)_(\d+)$")


class AttendanceSheetForm(forms.Form):
    """One row per invited unit: attended / excused / absent, delegate and post."""

    def __init__(self, *args, attendances, **kwargs):
        kwargs.setdefault("auto_id", "attendance_%s")
        super().__init__(*args, **kwargs)
        self.attendances = list(attendances)
        for row in self.attendances:
            uid, name = row.unit_id, row.unit.name
            status_label = _("%(unit)s 出席情况") % {"unit": name}
            name_label = _("%(unit)s 参会人员") % {"unit": name}
            post_label = _("%(unit)s 职务") % {"unit": name}
            self.fields[f"status_{uid}"] = forms.ChoiceField(
                label=status_label,
                choices=AttendanceStatus.choices,
                initial=row.status,
                required=False,
                widget=forms.Select(
                    attrs={"class": "form-select form-select-sm", "aria-label": status_label}
                ),
            )
            self.fields[f"name_{uid}"] = forms.CharField(
                label=name_label,
                max_length=30,
                required=False,
                initial=row.delegate_name,
                widget=forms.TextInput(
                    attrs={
                        "class": "form-control form-control-sm",
                        "aria-label": name_label,
                    }
                ),
            )
            self.fields[f"post_{uid}"] = forms.CharField(
                label=post_label,
                max_length=60,
                required=False,
                initial=row.delegate_post,
                widget=forms.TextInput(
                    attrs={"class": "form-control form-control-sm", "aria-label": post_label}
                ),
            )

    def rows(self):
        """Yield (attendance, status field, name field, post field) for the template."""
        for row in self.attendances:
            uid = row.unit_id
            yield row, self[f"status_{uid}"], self[f"name_{uid}"], self[f"post_{uid}"]

    def entries(self) -> dict[int, AttendanceEntry]:
        """Return what was submitted per unit id, including units that are not on the sheet.

        Only the rows submitted are returned. Units that are not on the sheet (not invited,
        or no longer) are passed on so that the service refuses the whole submission with
        a message naming them.
        """
        entries = {
            row.unit_id: AttendanceEntry(
                status=self.cleaned_data[f"status_{row.unit_id}"],
                delegate_name=self.cleaned_data[f"name_{row.unit_id}"],
                delegate_post=self.cleaned_data[f"post_{row.unit_id}"],
            )
            for row in self.attendances
            if self.cleaned_data.get(f"status_{row.unit_id}")
        }
        for key in self.data:
            match = _SHEET_FIELD.match(key)
            if match and int(match[2]) not in entries:
                uid = int(match[2])
                entries[uid] = AttendanceEntry(
                    status=str(self.data.get(f"status_{uid}", AttendanceStatus.PENDING))[:20],
                    delegate_name=str(self.data.get(f"name_{uid}", ""))[:30],
                    delegate_post=str(self.data.get(f"post_{uid}", ""))[:60],
                )
        return entries


class MinutesForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("文号"), max_length=20, help_text=gettext_lazy("格式：〔2026〕1号")
    )
    issued_on = forms.DateField(label=gettext_lazy("印发日期"), widget=DateInput)
    text = forms.CharField(
        label=gettext_lazy("纪要正文"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy("会议议定事项另行登记，会自动列入纪要。"),
    )
    distribution = forms.CharField(
        label=gettext_lazy("抄送"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("例如：市委办公室，市政府办公室，联席会议各成员单位。"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "minutes_%s")
        super().__init__(*args, **kwargs)

    def clean_number(self) -> tuple[int, int]:
        return parse_document_number(self.cleaned_data["number"])


def minutes_initial(*, year: int, serial: int) -> dict:
    return {
        "number": format_document_number(year, serial),
        "issued_on": timezone.localdate(),
        "distribution": _("联席会议各成员单位。"),
    }


class ActionItemForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("议定事项"), widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = forms.ModelChoiceField(
        label=gettext_lazy("牵头单位"),
        queryset=MemberUnit.objects.none(),
        empty_label=gettext_lazy("请选择"),
    )
    co_units = UnitCheckboxes(
        label=gettext_lazy("配合单位"), queryset=MemberUnit.objects.none(), required=False
    )
    due_date = forms.DateField(label=gettext_lazy("完成时限"), widget=DateInput)

    def __init__(self, *args, meeting, **kwargs):
        kwargs.setdefault("auto_id", "action_%s")
        super().__init__(*args, **kwargs)
        invited = MemberUnit.objects.filter(attendances__meeting=meeting).order_by(
            "-is_lead", "order", "id"
        )
        self.fields["lead_unit"].queryset = invited
        self.fields["co_units"].queryset = invited


ATTACHMENT_ACCEPT = ",".join(f".{ext}" for ext in ALLOWED_ATTACHMENT_TYPES)


class ActionUpdateForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("进展情况"), widget=forms.Textarea(attrs={"rows": 4}))
    reported_on = forms.DateField(label=gettext_lazy("日期"), widget=DateInput)
    attachment = forms.FileField(
        label=gettext_lazy("附件"),
        required=False,
        validators=[validate_attachment],
        widget=forms.ClearableFileInput(attrs={"accept": ATTACHMENT_ACCEPT}),
        help_text=gettext_lazy("可选。PDF、Word、Excel 或图片，不超过 10 MB。"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"reported_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MeetingStatusForm(forms.Form):
    status = forms.ChoiceField(choices=MeetingStatus.choices, widget=forms.HiddenInput)


class MeetingFilterForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("年度"), required=False, min_value=2000, max_value=2099
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("会议类型"),
        required=False,
        choices=[("", gettext_lazy("全部"))] + MeetingKind.choices,
    )
    status = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        choices=[("", gettext_lazy("全部"))] + MeetingStatus.choices,
    )


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.date:%Y-%m-%d} {obj.title}"


class ActionFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("承办单位"),
        queryset=MemberUnit.objects.none(),
        required=False,
        empty_label=gettext_lazy("全部"),
    )
    meeting = MeetingChoiceField(
        label=gettext_lazy("会议"), queryset=None, required=False, empty_label=gettext_lazy("全部")
    )
    status = forms.ChoiceField(
        label=gettext_lazy("办理状态"),
        required=False,
        choices=[("", gettext_lazy("全部"))] + ActionStatus.choices,
    )
    overdue = forms.BooleanField(label=gettext_lazy("只看逾期"), required=False)

    def __init__(self, *args, units, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        if units is None:
            # Liaisons only ever see their own unit's items.
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units
