import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.enums import AuditAction, AuditOutcome
from accounts.models import AuditEvent


class DateInput(forms.DateInput):
    input_type = "date"


class AuditEventFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(
        label=_("用户"), field_name="username", lookup_expr="icontains", max_length=150
    )
    action = django_filters.ChoiceFilter(label=_("操作"), choices=AuditAction.choices)
    outcome = django_filters.ChoiceFilter(label=_("结果"), choices=AuditOutcome.choices)
    object = django_filters.CharFilter(label=_("对象"), method="filter_object", max_length=100)
    date_from = django_filters.DateFilter(
        label=_("起始日期"), field_name="time", lookup_expr="date__gte", widget=DateInput
    )
    date_to = django_filters.DateFilter(
        label=_("截止日期"), field_name="time", lookup_expr="date__lte", widget=DateInput
    )

    class Meta:
        model = AuditEvent
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def filter_object(self, queryset, name, value):
        """Match an object's type (e.g. people.person), its number, or its name."""
        return queryset.filter(
            Q(object_type=value) | Q(object_id=value) | Q(object_repr__icontains=value)
        )
