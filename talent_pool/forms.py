import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import Role
from accounts.models import User
from accounts.selectors import region_scope
from people.enums import Category
from people.forms import PersonForm
from people.models import Person, SubType
from people.selectors import persons_visible_to, search_persons
from talent_pool.enums import (
    POOL_LEVELS,
    ArrangementKind,
    ArrangementStatus,
    EntryStatus,
    Level,
    RecommendationState,
    Tier,
)
from talent_pool.models import (
    Association,
    ContactLog,
    CouncilPost,
    Criterion,
    PoliticalArrangement,
    Recommendation,
    TrainingCourse,
)
from talent_pool.selectors import (
    find_person_by_id_number,
    persons_recommended_by_unit,
    pool_regions_visible_to,
    recommendations_visible_to,
)
from units.models import MemberUnit, Region


class PoolRegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(region)s人才库") % {"region": obj.name}


def _style(form) -> None:
    """Give Bootstrap classes to the widgets of a filter or form."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class RecommendedPersonForm(PersonForm):
    """The roster's registration form, for a person a unit recommends (without the photo).

    Validation is the roster's own: PersonForm and Person.clean with people.validators.
    """

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        del self.fields["photo"]
        self.sections = [
            (title, [field for field in fields if field.name != "photo"])
            for title, fields in self.sections
        ]


class RecommendationForm(forms.ModelForm):
    NEW, EXISTING = "new", "existing"

    mode = forms.ChoiceField(
        label=gettext_lazy("推荐人员"),
        choices=[
            (NEW, gettext_lazy("录入新人员的登记信息")),
            (EXISTING, gettext_lazy("推荐名册中已有的人员")),
        ],
        widget=forms.RadioSelect,
    )
    existing_person = forms.ModelChoiceField(
        label=gettext_lazy("本单位推荐过的人员"), queryset=Person.objects.none(), required=False
    )
    existing_id_number = forms.CharField(
        label=gettext_lazy("或按证件号码查找名册人员"),
        max_length=30,
        required=False,
        help_text=gettext_lazy("须输入完整的证件号码。"),
    )
    region = PoolRegionChoiceField(label=gettext_lazy("推荐列入"), queryset=Region.objects.none())
    confirm_pending = forms.BooleanField(label=gettext_lazy("已知悉，仍然保存"), required=False)

    class Meta:
        model = Recommendation
        fields = [
            "region",
            "requested_tier",
            "standards",
            "reasons",
            "political_performance",
            "achievements",
        ]
        widgets = {
            "standards": forms.CheckboxSelectMultiple,
            "reasons": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
            "political_performance": forms.Textarea(attrs={"rows": 3, "maxlength": 600}),
            "achievements": forms.Textarea(attrs={"rows": 3, "maxlength": 900}),
        }
        help_texts = {
            "political_performance": gettext_lazy(
                "推荐名册中已有人员时填写；审核通过后更新其登记表。"
            ),
            "achievements": gettext_lazy("推荐名册中已有人员时填写；审核通过后更新其登记表。"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.person = None
        self.fields["region"].queryset = Region.objects.filter(
            path__startswith=user.unit.region.path, level__in=POOL_LEVELS
        ).order_by("path")
        self.fields["region"].empty_label = None
        self.fields["existing_person"].queryset = persons_recommended_by_unit(
            user.unit_id
        ).order_by("name_pinyin", "id")
        self.fields["standards"].queryset = Criterion.objects.filter(is_active=True)
        self.fields["reasons"].error_messages["required"] = _("请填写推荐理由。")
        self.fields["requested_tier"].error_messages["required"] = _("请选择推荐类别。")
        if not self.is_bound:
            instance = self.instance
            if instance.pk:
                self.initial["mode"] = self.NEW if instance.is_new_person else self.EXISTING
                self.initial["existing_person"] = instance.person_id
            else:
                self.initial["mode"] = self.NEW
                self.initial["region"] = user.unit.region_id
        _style(self)

    def clean(self):
        cleaned = super().clean()
        # Set before the model's own clean() runs in _post_clean().
        self.instance.is_new_person = cleaned.get("mode") != self.EXISTING
        if self.instance.is_new_person:
            self.instance.person = None
            return cleaned
        number = (cleaned.get("existing_id_number") or "").strip()
        person = cleaned.get("existing_person")
        if number:
            found = find_person_by_id_number(self.user, number)
            if found is None:
                self.add_error(
                    "existing_id_number",
                    _("名册中（本单位所在区划范围内）没有该证件号码的在册人员。"),
                )
                return cleaned
            person = found
        if person is None:
            self.add_error("existing_person", _("请选择本单位推荐过的人员，或输入证件号码查找。"))
            return cleaned
        region = cleaned.get("region")
        if (
            region is not None
            and person.pool_entries.filter(region=region, status=EntryStatus.ACTIVE).exists()
        ):
            self.add_error(
                "region",
                _("%(name)s已在%(region)s人才库中。")
                % {"name": person.name, "region": region.name},
            )
        self.person = self.instance.person = person
        return cleaned

    @property
    def wants_new_person(self) -> bool:
        return (self.data.get("mode") if self.is_bound else self.initial.get("mode")) != (
            self.EXISTING
        )


class TransitionForm(forms.Form):
    state = forms.ChoiceField(choices=RecommendationState.choices)
    comment = forms.CharField(required=False, max_length=1000)
    tier = forms.ChoiceField(choices=Tier.choices, required=False)
    confirm_over_target = forms.BooleanField(required=False)


class EvaluationForm(forms.Form):
    """One score per active criterion, and the two texts of the registration form."""

    political_performance = forms.CharField(
        label=gettext_lazy("主要政治表现"),
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 600}),
    )
    achievements = forms.CharField(
        label=gettext_lazy("主要成就和社会影响"),
        required=False,
        max_length=900,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 900}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(Criterion.objects.filter(is_active=True))
        score_fields = {}
        for criterion in self.criteria:
            # The range is checked by the service, so that every caller gets the message.
            names = {
                "name": criterion.name,
                "max": criterion.scale_max,
                "weight": criterion.weight,
            }
            score_fields[f"score_{criterion.pk}"] = forms.DecimalField(
                label=_("%(name)s（0–%(max)s，权重%(weight)s）") % names,
                max_digits=5,
                decimal_places=1,
                error_messages={
                    "required": _("请填写“%(name)s”的评分。") % names,
                    "invalid": _("“%(name)s”的评分应为数字。") % names,
                    "max_digits": _("“%(name)s”的评分应在0到%(max)s之间。") % names,
                    "max_decimal_places": _("“%(name)s”的评分最多保留1位小数。") % names,
                },
                widget=forms.NumberInput(
                    attrs={"step": "0.5", "min": 0, "max": criterion.scale_max}
                ),
            )
        self.fields = {**score_fields, **self.fields}
        _style(self)

    def scores(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}

    def score_fields(self):
        return [self[f"score_{c.pk}"] for c in self.criteria]


class RemoveEntryForm(forms.Form):
    removal_reason = forms.CharField(label=gettext_lazy("出库原因"), max_length=200, required=False)


class TierForm(forms.Form):
    tier = forms.ChoiceField(label=gettext_lazy("队伍"), choices=Tier.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class EntryCreateForm(forms.Form):
    person = forms.ModelChoiceField(label=gettext_lazy("人员"), queryset=Person.objects.none())
    region = PoolRegionChoiceField(label=gettext_lazy("列入"), queryset=Region.objects.none())
    tier = forms.ChoiceField(label=gettext_lazy("类别"), choices=Tier.choices)
    reason = forms.CharField(label=gettext_lazy("入库说明"), max_length=200, required=False)
    confirm_over_target = forms.BooleanField(
        label=gettext_lazy("超过目标人数仍然入库"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Archived persons stay choosable so that the pool's own rule explains the refusal.
        self.fields["person"].queryset = persons_visible_to(user, include_archived=True)
        self.fields["person"].error_messages["invalid_choice"] = _("请从查询结果中选择人员。")
        self.fields["region"].queryset = pool_regions_visible_to(user)
        self.fields["region"].empty_label = None
        _style(self)


class QuotaForm(forms.Form):
    """Minimum and target of both tiers of one region's pool."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            tier = {"tier": row.tier_label}
            for part, label in (
                ("minimum", _("%(tier)s最低人数") % tier),
                ("target", _("%(tier)s目标人数") % tier),
            ):
                field = {"field": label}
                self.fields[f"{row.tier}_{part}"] = forms.IntegerField(
                    label=label,
                    min_value=0,
                    max_value=10_000,
                    initial=getattr(row, part),
                    error_messages={
                        "required": _("请填写%(field)s。") % field,
                        "invalid": _("%(field)s应为整数。") % field,
                        "min_value": _("%(field)s不能为负数。") % field,
                        "max_value": _("%(field)s不能超过10000。") % field,
                    },
                )
        _style(self)

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            minimum = cleaned.get(f"{row.tier}_minimum")
            target = cleaned.get(f"{row.tier}_target")
            if minimum is not None and target is not None and target < minimum:
                self.add_error(
                    f"{row.tier}_target",
                    _("%(tier)s目标人数不能少于最低人数。") % {"tier": row.tier_label},
                )
        return cleaned

    def values(self):
        return [
            (
                row.tier,
                self.cleaned_data[f"{row.tier}_minimum"],
                self.cleaned_data[f"{row.tier}_target"],
            )
            for row in self.rows
        ]


POOL_SORTS = {
    "-score": (F("score").desc(nulls_last=True), "id"),
    "score": (F("score").asc(nulls_last=True), "id"),
    "-added": ("-added_on", "-id"),
    "added": ("added_on", "id"),
    "name": ("person__name_pinyin", "id"),
}


class PoolFilter(django_filters.FilterSet):
    """The pool list's search and filters (also used by the export)."""

    q = django_filters.CharFilter(
        label=gettext_lazy("搜索"),
        method="filter_q",
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("姓名、拼音、首字母或证件号码")}),
    )
    region = django_filters.ModelChoiceFilter(
        label=gettext_lazy("人才库"), queryset=Region.objects.none(), field_name="region"
    )
    tier = django_filters.ChoiceFilter(label=gettext_lazy("类别"), choices=Tier.choices)
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"),
        choices=[("removed", gettext_lazy("已出库")), ("all", gettext_lazy("全部"))],
        empty_label=gettext_lazy("在库"),
        method="filter_status",
    )
    category = django_filters.ChoiceFilter(
        label=gettext_lazy("新的社会阶层类别"),
        field_name="person__category",
        choices=Category.choices,
    )
    subtype = django_filters.ModelChoiceFilter(
        label=gettext_lazy("细分类型"), field_name="person__subtype", queryset=SubType.objects.all()
    )
    recommended_by = django_filters.ModelChoiceFilter(
        label=gettext_lazy("推荐单位"), queryset=MemberUnit.objects.none()
    )
    sort = django_filters.ChoiceFilter(
        label=gettext_lazy("排序"),
        choices=[
            ("-score", gettext_lazy("评分从高到低")),
            ("score", gettext_lazy("评分从低到高")),
            ("-added", gettext_lazy("入库日期从近到远")),
            ("added", gettext_lazy("入库日期从远到近")),
            ("name", gettext_lazy("姓名拼音")),
        ],
        empty_label=gettext_lazy("默认（人才库、类别）"),
        method="filter_sort",
    )

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["region"].queryset = pool_regions_visible_to(user)
        self.filters["region"].field.label_from_instance = lambda r: (
            _("%(region)s人才库") % {"region": r.name}
        )
        self.filters["recommended_by"].queryset = MemberUnit.objects.filter(
            region__in=region_scope(user)
        ).order_by("region__path", "order", "id")
        _style(self.form)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not (self.form.cleaned_data.get("status") or ""):
            queryset = queryset.filter(status=EntryStatus.ACTIVE)
        return queryset

    def filter_q(self, queryset, name, value):
        return queryset.filter(person__in=search_persons(Person.objects.all(), value))

    def filter_status(self, queryset, name, value):
        if value == "removed":
            return queryset.filter(status=EntryStatus.REMOVED)
        return queryset

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*POOL_SORTS[value])


class RecommendationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"),
        choices=RecommendationState.choices,
        empty_label=gettext_lazy("全部状态"),
    )
    unit = django_filters.ModelChoiceFilter(
        label=gettext_lazy("推荐单位"), queryset=MemberUnit.objects.none()
    )
    category = django_filters.ChoiceFilter(label=gettext_lazy("类别"), choices=Category.choices)

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        if user.role == Role.UNIT_LIAISON:
            # A liaison sees their own unit's recommendations only.
            del self.filters["unit"]
            _style(self.form)
            return
        # The units of the user's conferences, and any unit recommending into their pools.
        self.filters["unit"].queryset = MemberUnit.objects.filter(
            Q(region__in=region_scope(user))
            | Q(pk__in=recommendations_visible_to(user).values("unit_id"))
        ).order_by("region__path", "order", "id")
        _style(self.form)


class ReviewRegionForm(forms.Form):
    region = PoolRegionChoiceField(label=gettext_lazy("人才库"), queryset=Region.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = pool_regions_visible_to(user)
        self.fields["region"].empty_label = None
        _style(self)


# --------------------------------------------------------------------------------------
# The team records


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ArrangementForm(forms.ModelForm):
    class Meta:
        model = PoliticalArrangement
        fields = [
            "kind",
            "level",
            "body",
            "term",
            "post",
            "sector",
            "start_date",
            "end_date",
            "status",
            "note",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ArrangementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("姓名"), method="filter_q", max_length=50)
    kind = django_filters.ChoiceFilter(label=gettext_lazy("类别"), choices=ArrangementKind.choices)
    level = django_filters.ChoiceFilter(label=gettext_lazy("级别"), choices=Level.choices)
    term = django_filters.CharFilter(label=gettext_lazy("届次"), max_length=30)
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"), choices=ArrangementStatus.choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self.form)

    def filter_q(self, queryset, name, value):
        return queryset.filter(person__in=search_persons(Person.objects.all(), value))


class CourseForm(forms.ModelForm):
    region = forms.ModelChoiceField(label=gettext_lazy("所属区划"), queryset=Region.objects.none())

    class Meta:
        model = TrainingCourse
        fields = ["title", "organiser", "school", "start_date", "end_date", "level", "region"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = pool_regions_visible_to(user)
        self.fields["region"].empty_label = None
        _style(self)


class PersonPickForm(forms.Form):
    """A person chosen from the roster search (persons the user may see, live only)."""

    person = forms.ModelChoiceField(label=gettext_lazy("人员"), queryset=Person.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Archived persons stay choosable so that the services explain the refusal.
        self.fields["person"].queryset = persons_visible_to(user, include_archived=True)
        self.fields["person"].error_messages["invalid_choice"] = _("请从查询结果中选择人员。")
        self.fields["person"].error_messages["required"] = _("请从查询结果中选择人员。")


class MemberForm(PersonPickForm):
    joined_on = forms.DateField(label=gettext_lazy("入会日期"), widget=DateInput())


def contact_leaders(user):
    """Return the accounts that may keep contacts for persons in the user's scope: leaders
    and staff of the user's region, of the regions below it and of those above it."""
    if user.unit_id is None:
        return User.objects.none()
    path = user.unit.region.path
    ancestors = ["/".join(path.split("/")[:i]) + "/" for i in range(2, path.count("/"))]
    return (
        User.objects.filter(role__in=[Role.LEADER, Role.STAFF], is_active=True)
        .filter(Q(unit__region__in=region_scope(user)) | Q(unit__region__path__in=ancestors))
        .select_related("unit")
        .order_by("unit__region__path", "username")
    )


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(name)s（%(unit)s，%(role)s）") % {
            "name": obj.get_full_name(),
            "unit": obj.unit.name,
            "role": obj.get_role_display(),
        }


class AssignmentForm(PersonPickForm):
    leader = LeaderChoiceField(label=gettext_lazy("联系领导"), queryset=User.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["leader"].queryset = contact_leaders(user)
        _style(self)


class ContactLogForm(forms.ModelForm):
    class Meta:
        model = ContactLog
        fields = ["date", "form", "learned", "issues", "follow_up"]
        widgets = {
            "date": DateInput(),
            "learned": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
            "issues": forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
            "follow_up": forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].error_messages["required"] = _("请填写联系日期。")
        self.fields["learned"].error_messages["required"] = _("请填写了解的情况。")
        _style(self)


MAX_CHARTER_BYTES = 10 * 1024 * 1024


class AssociationForm(forms.ModelForm):
    region = forms.ModelChoiceField(label=gettext_lazy("所属区划"), queryset=Region.objects.none())

    class Meta:
        model = Association
        fields = ["name", "region", "founded_on", "charter", "description"]
        widgets = {
            "founded_on": DateInput(),
            "charter": forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
            "description": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = pool_regions_visible_to(user)
        self.fields["region"].empty_label = None
        _style(self)

    def clean_charter(self):
        charter = self.cleaned_data.get("charter")
        if charter and hasattr(charter, "size"):
            if charter.size > MAX_CHARTER_BYTES:
                raise forms.ValidationError(_("章程文件不能超过10MB。"))
            name = charter.name.lower()
            head = charter.read(4)
            charter.seek(0)
            if not (
                (name.endswith(".pdf") and head == b"%PDF")
                or (name.endswith(".docx") and head == b"PK\x03\x04")
            ):
                raise forms.ValidationError(_("章程只能上传PDF或Word（.docx）文件。"))
        return charter


class CouncilPostForm(forms.ModelForm):
    person = forms.ModelChoiceField(label=gettext_lazy("人员"), queryset=Person.objects.none())

    class Meta:
        model = CouncilPost
        fields = ["person", "role", "term", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Any visible person: the model explains when they are not a member.
        self.fields["person"].queryset = persons_visible_to(user)
        self.fields["person"].error_messages["invalid_choice"] = _("请从会员中选择人员。")
        _style(self)
