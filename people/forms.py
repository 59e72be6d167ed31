from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.selectors import region_scope
from people.enums import Category
from people.models import (
    Award,
    EducationRecord,
    FamilyMember,
    Person,
    SocialPosition,
    SubType,
    WorkHistory,
)
from people.validators import Period, check_work_history

MAX_PHOTO_BYTES = 5 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        depth = obj.path.count("/") - 2
        # An ideographic space per level indents the region under its parent.
        return "　" * max(depth - 1, 0) + obj.name  # not-ui: indentation, not text


def grouped_subtype_choices(queryset):
    """Return the sub-types as choices grouped under their category's label."""
    groups = {}
    for subtype in queryset:
        groups.setdefault(subtype.category, []).append((subtype.pk, subtype.name))
    return [("", "---------")] + [
        (Category(category).label, choices) for category, choices in groups.items()
    ]


PERSON_FIELDS = [
    "name",
    "sex",
    "birth_date",
    "ethnicity",
    "native_place",
    "birthplace",
    "nationality",
    "work_start_date",
    "photo",
    "affiliation",
    "affiliation_date",
    "affiliation_2",
    "affiliation_2_date",
    "document_type",
    "id_number",
    "category",
    "subtype",
    "is_online_streamer",
    "is_opinion_figure",
    "overseas_country",
    "overseas_school",
    "overseas_period",
    "overseas_degree",
    "religion",
    "work_unit",
    "position",
    "unit_nature",
    "position_since",
    "professional_title",
    "title_level",
    "qualification",
    "region",
    "political_performance",
    "achievements",
    "evaluation_result",
    "evaluation_body",
    "evaluation_date",
    "address",
    "postcode",
    "office_phone",
    "mobile",
    "email",
    "wechat",
]

# Sections of the page, in the registration form's order.
PERSON_SECTIONS = [
    (
        gettext_lazy("基本信息"),
        [
            "name",
            "sex",
            "birth_date",
            "ethnicity",
            "native_place",
            "birthplace",
            "nationality",
            "work_start_date",
            "affiliation",
            "affiliation_date",
            "affiliation_2",
            "affiliation_2_date",
            "document_type",
            "id_number",
            "photo",
        ],
    ),
    (
        gettext_lazy("分类"),
        [
            "category",
            "subtype",
            "is_online_streamer",
            "is_opinion_figure",
            "region",
            "overseas_country",
            "overseas_school",
            "overseas_period",
            "overseas_degree",
            "religion",
        ],
    ),
    (
        gettext_lazy("工作情况"),
        [
            "work_unit",
            "position",
            "unit_nature",
            "position_since",
            "professional_title",
            "title_level",
            "qualification",
        ],
    ),
    (
        gettext_lazy("表现与评价"),
        [
            "political_performance",
            "achievements",
            "evaluation_result",
            "evaluation_body",
            "evaluation_date",
        ],
    ),
    (
        gettext_lazy("联系方式"),
        ["address", "postcode", "office_phone", "mobile", "email", "wechat"],
    ),
]


class PersonForm(forms.ModelForm):
    subtype = forms.ModelChoiceField(
        label=gettext_lazy("细分类型"), queryset=SubType.objects.filter(is_active=True)
    )
    region = RegionChoiceField(queryset=None, label=gettext_lazy("所在区划"))
    # The version the form was opened at (optimistic locking); only used when editing.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {
            "birth_date": DateInput(),
            "work_start_date": DateInput(),
            "affiliation_date": DateInput(),
            "affiliation_2_date": DateInput(),
            "position_since": DateInput(),
            "evaluation_date": DateInput(),
            "political_performance": forms.Textarea(attrs={"rows": 4, "maxlength": 600}),
            "achievements": forms.Textarea(attrs={"rows": 5, "maxlength": 900}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
        }
        help_texts = {
            "id_number": gettext_lazy(
                "居民身份证填写18位号码，旧式15位号码会自动升级；"
                "性别和出生日期可留空，由号码自动填写。"
            ),
            "mobile": gettext_lazy("11位手机号码，可带+86。"),
            "office_phone": gettext_lazy("区号-号码，如 0599-88001234。"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = region_scope(user).order_by("path")
        self.fields["subtype"].choices = grouped_subtype_choices(self.fields["subtype"].queryset)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.sections = [
            (title, [self[name] for name in names]) for title, names in PERSON_SECTIONS
        ]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and getattr(photo, "size", 0) > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("照片不能超过5MB。"))
        if photo and hasattr(photo, "image") and photo.image.format not in ("JPEG", "PNG"):
            raise forms.ValidationError(_("照片只能是JPEG或PNG格式的图片。"))
        return photo

    def clean_name(self):
        name = (self.cleaned_data.get("name") or "").strip()
        if not name:
            raise forms.ValidationError(_("请填写姓名。"))
        return name


class ArchiveForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("归档原因"), max_length=200, required=False)


class OrderedInlineFormSet(BaseInlineFormSet):
    """Keep rows in the order they were entered."""

    def save_new(self, form, commit=True):
        form.instance.order = self.forms.index(form)
        return super().save_new(form, commit=commit)


class WorkHistoryFormSet(OrderedInlineFormSet):
    """Rows must not overlap; a gap is only a warning."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings: list[str] = []

    def clean(self):
        super().clean()
        periods = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if form.cleaned_data.get("DELETE") or not form.cleaned_data.get("start_date"):
                continue
            periods.append(
                Period(
                    label=form.cleaned_data.get("unit_and_post", ""),
                    start=form.cleaned_data["start_date"],
                    end=form.cleaned_data.get("end_date"),
                )
            )
        errors, self.warnings = check_work_history(periods)
        if errors:
            raise forms.ValidationError(errors)


def _formset(model, fields, widgets=None, formset=OrderedInlineFormSet):
    return inlineformset_factory(
        Person,
        model,
        fields=fields,
        widgets=widgets or {},
        extra=0,
        can_delete=True,
        formset=formset,
    )


EducationFormSet = _formset(
    EducationRecord,
    ["school", "major", "start_date", "end_date", "education", "degree", "is_highest"],
    {"start_date": DateInput(), "end_date": DateInput()},
)
WorkHistoryInlineFormSet = _formset(
    WorkHistory,
    ["start_date", "end_date", "unit_and_post"],
    {"start_date": DateInput(), "end_date": DateInput()},
    formset=WorkHistoryFormSet,
)
SocialPositionFormSet = _formset(
    SocialPosition,
    ["kind", "organisation", "post", "start_date", "end_date"],
    {"start_date": DateInput(), "end_date": DateInput()},
)
AwardFormSet = _formset(Award, ["kind", "name", "grantor", "date"], {"date": DateInput()})
FamilyFormSet = _formset(
    FamilyMember,
    ["relation", "name", "birth_date", "affiliation", "work_unit_post"],
    {"birth_date": DateInput()},
)

# (prefix, title, formset class) in the registration form's order.
CHILD_FORMSETS = [
    ("educations", gettext_lazy("学历"), EducationFormSet),
    ("work", gettext_lazy("工作简历"), WorkHistoryInlineFormSet),
    ("positions", gettext_lazy("社会职务"), SocialPositionFormSet),
    ("awards", gettext_lazy("奖惩情况"), AwardFormSet),
    ("family", gettext_lazy("家庭成员及重要社会关系"), FamilyFormSet),
]


def build_formsets(data=None, *, instance):
    """Return the bound or unbound child formsets of a person, with their titles."""
    return [
        (title, formset_class(data, instance=instance, prefix=prefix))
        for prefix, title, formset_class in CHILD_FORMSETS
    ]
