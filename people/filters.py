"""The roster list's search, filters and sorting (also used by the Excel exports)."""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import region_scope
from people.enums import Affiliation, Category, Education
from people.models import SubType
from people.selectors import search_persons

SORTS = {
    "name": ("name_pinyin", "id"),
    "-name": ("-name_pinyin", "-id"),
    "age": ("-birth_date", "id"),
    "-age": ("birth_date", "id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
}
SORT_CHOICES = [
    ("name", _("姓名拼音 A→Z")),
    ("-name", _("姓名拼音 Z→A")),
    ("age", _("年龄从小到大")),
    ("-age", _("年龄从大到小")),
    ("-updated", _("最近更新在前")),
    ("updated", _("最早更新在前")),
]


def years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


class ShortChoiceIterator(forms.models.ModelChoiceIterator):
    """Read a short list of choices with one plain query.

    Django reads model choices with ``.iterator()``, which on PostgreSQL declares a
    server-side cursor: two extra round trips per list, and on a busy server the
    slowest queries of the roster page.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("搜索"),
        method="filter_q",
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": _("姓名、拼音、首字母、证件号码或工作单位")}),
    )
    category = django_filters.ChoiceFilter(label=_("类别"), choices=Category.choices)
    subtype = django_filters.ModelChoiceFilter(
        label=_("细分类型"), queryset=SubType.objects.filter(is_active=True), empty_label=_("全部")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("区划"), queryset=None, method="filter_region", empty_label=_("全部")
    )
    affiliation = django_filters.ChoiceFilter(
        label=_("政治面貌"), choices=Affiliation.choices, method="filter_affiliation"
    )
    education = django_filters.ChoiceFilter(
        label=_("最高学历"), field_name="highest_education", choices=Education.choices
    )
    age_min = django_filters.NumberFilter(
        label=_("年龄不小于"), method="filter_age_min", min_value=0, max_value=150
    )
    age_max = django_filters.NumberFilter(
        label=_("年龄不大于"), method="filter_age_max", min_value=0, max_value=150
    )
    in_pool = django_filters.ChoiceFilter(
        label=_("人才库"),
        choices=[("yes", _("在库")), ("no", _("不在库"))],
        method="filter_in_pool",
    )
    archived = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=[("archived", _("已归档"))],
        empty_label=_("在册"),
        method="filter_archived",
    )
    sort = django_filters.ChoiceFilter(
        label=_("排序"),
        choices=SORT_CHOICES,
        empty_label=_("默认（姓名拼音）"),
        method="filter_sort",
    )

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["region"].queryset = region_scope(user).order_by("path")
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = ShortChoiceIterator
                # The widget took its choices when the field was made; give it the new ones.
                field.widget.choices = field.choices

    def filter_q(self, queryset, name, value):
        return search_persons(queryset, value)

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__path__startswith=value.path)

    def filter_affiliation(self, queryset, name, value):
        return queryset.filter(Q(affiliation=value) | Q(affiliation_2=value))

    def filter_age_min(self, queryset, name, value):
        return queryset.filter(birth_date__lte=years_ago(int(value)))

    def filter_age_max(self, queryset, name, value):
        return queryset.filter(birth_date__gt=years_ago(int(value) + 1))

    def filter_in_pool(self, queryset, name, value):
        from talent_pool.models import PoolEntry

        active = PoolEntry.objects.filter(person=OuterRef("pk"), status="active")
        return queryset.filter(Exists(active) if value == "yes" else ~Exists(active))

    def filter_archived(self, queryset, name, value):
        # The view widens the base queryset when archived persons are asked for.
        return queryset.filter(archived_at__isnull=False) if value == "archived" else queryset

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS[value])

    @property
    def wants_archived(self) -> bool:
        return (self.data or {}).get("archived") == "archived"
