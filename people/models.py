import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypinyin import Style, lazy_pinyin
from simple_history.models import HistoricalRecords

from people.enums import (
    ETHNICITY_CHOICES,
    Affiliation,
    AwardKind,
    Category,
    Degree,
    DocumentType,
    Education,
    Sex,
    SocialPositionKind,
    TitleLevel,
    UnitNature,
)
from people.masking import mask_id_number, mask_phone
from people.validators import (
    normalize_id_number,
    normalize_landline,
    normalize_mobile,
    parse_resident_id,
    validate_birth_date,
    validate_email,
    validate_postcode,
)


class SubType(models.Model):
    """A sub-type within one of the four categories (e.g. 律师); editable data."""

    category = models.CharField(gettext_lazy("类别"), max_length=20, choices=Category.choices)
    name = models.CharField(gettext_lazy("细分类型"), max_length=50)
    order = models.PositiveSmallIntegerField(gettext_lazy("排序"), default=0)
    is_active = models.BooleanField(gettext_lazy("启用"), default=True)

    class Meta:
        verbose_name = gettext_lazy("细分类型")
        verbose_name_plural = gettext_lazy("细分类型")
        ordering = ["category", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="subtype_unique_name"),
        ]

    def __str__(self):
        return self.name


def photo_path(instance, filename):
    # A random name: the person's name or ID never appears in a file path.
    suffix = Path(filename).suffix.lower()
    return f"photos/{uuid.uuid4().hex}{suffix if suffix in ('.jpg', '.jpeg', '.png') else '.jpg'}"


def name_to_pinyin(name: str) -> tuple[str, str]:
    """Return (full pinyin, initials) of a Chinese name, lower-case without spaces."""
    syllables = [s for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if s]
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables).lower()
    return full[:120], initials[:30]


class PersonQuerySet(models.QuerySet):
    def live(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class Person(models.Model):
    """A new-social-stratum person: every one-value field of the registration form."""

    # 1. 基本信息
    name = models.CharField(gettext_lazy("姓名"), max_length=30)
    sex = models.CharField(gettext_lazy("性别"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(
        gettext_lazy("出生日期"), null=True, blank=True, validators=[validate_birth_date]
    )
    ethnicity = models.CharField(
        gettext_lazy("民族"), max_length=2, choices=ETHNICITY_CHOICES, default="01"
    )
    native_place = models.CharField(gettext_lazy("籍贯"), max_length=50, blank=True)
    birthplace = models.CharField(gettext_lazy("出生地"), max_length=50, blank=True)
    nationality = models.CharField(
        gettext_lazy("国籍"),
        max_length=30,
        default="中国",  # not-ui: a stored default value
    )
    work_start_date = models.DateField(gettext_lazy("参加工作时间"), null=True, blank=True)
    photo = models.ImageField(gettext_lazy("照片"), upload_to=photo_path, blank=True)
    affiliation = models.CharField(
        gettext_lazy("政治面貌"),
        max_length=2,
        choices=Affiliation.choices,
        default=Affiliation.MASSES,
    )
    affiliation_date = models.DateField(gettext_lazy("加入时间"), null=True, blank=True)
    affiliation_2 = models.CharField(
        gettext_lazy("第二政治面貌"), max_length=2, choices=Affiliation.choices, blank=True
    )
    affiliation_2_date = models.DateField(
        gettext_lazy("第二政治面貌加入时间"), null=True, blank=True
    )
    document_type = models.CharField(
        gettext_lazy("证件类型"),
        max_length=20,
        choices=DocumentType.choices,
        default=DocumentType.RESIDENT_ID,
    )
    id_number = models.CharField(gettext_lazy("证件号码"), max_length=30)

    # 2. 分类
    category = models.CharField(
        gettext_lazy("新的社会阶层类别"), max_length=20, choices=Category.choices
    )
    subtype = models.ForeignKey(
        SubType,
        verbose_name=gettext_lazy("细分类型"),
        on_delete=models.PROTECT,
        related_name="persons",
    )
    is_online_streamer = models.BooleanField(gettext_lazy("网络主播"), default=False)
    is_opinion_figure = models.BooleanField(gettext_lazy("网络意见人士"), default=False)
    overseas_country = models.CharField(gettext_lazy("留学国家（地区）"), max_length=50, blank=True)
    overseas_school = models.CharField(gettext_lazy("留学院校"), max_length=100, blank=True)
    overseas_period = models.CharField(gettext_lazy("留学起止时间"), max_length=50, blank=True)
    overseas_degree = models.CharField(gettext_lazy("留学所获学位"), max_length=30, blank=True)
    religion = models.CharField(gettext_lazy("宗教信仰"), max_length=30, blank=True)

    # 3. 工作
    work_unit = models.CharField(gettext_lazy("工作单位"), max_length=100, blank=True)
    position = models.CharField(gettext_lazy("职务"), max_length=100, blank=True)
    unit_nature = models.CharField(
        gettext_lazy("单位性质"), max_length=20, choices=UnitNature.choices, blank=True
    )
    position_since = models.DateField(gettext_lazy("任现职时间"), null=True, blank=True)
    professional_title = models.CharField(gettext_lazy("专业技术职称"), max_length=50, blank=True)
    title_level = models.CharField(
        gettext_lazy("职称级别"), max_length=20, choices=TitleLevel.choices, blank=True
    )
    qualification = models.CharField(gettext_lazy("执业资格"), max_length=100, blank=True)
    # Kept from the education rows by the services, so that the list can filter on it.
    highest_education = models.CharField(
        gettext_lazy("最高学历"),
        max_length=2,
        choices=Education.choices,
        blank=True,
        editable=False,
    )
    region = models.ForeignKey(
        "units.Region",
        verbose_name=gettext_lazy("所在区划"),
        on_delete=models.PROTECT,
        related_name="persons",
    )

    # 10. 表现与评价
    political_performance = models.TextField(
        gettext_lazy("主要政治表现"), max_length=600, blank=True
    )
    achievements = models.TextField(gettext_lazy("主要成就和社会影响"), max_length=900, blank=True)
    evaluation_result = models.CharField(gettext_lazy("综合评价结果"), max_length=50, blank=True)
    evaluation_body = models.CharField(gettext_lazy("评价单位"), max_length=100, blank=True)
    evaluation_date = models.DateField(gettext_lazy("评价时间"), null=True, blank=True)

    # 12. 联系方式
    address = models.CharField(gettext_lazy("通讯地址"), max_length=200, blank=True)
    postcode = models.CharField(
        gettext_lazy("邮政编码"), max_length=6, blank=True, validators=[validate_postcode]
    )
    office_phone = models.CharField(gettext_lazy("办公电话"), max_length=30, blank=True)
    # Stored as 11 digits; longer input (+86, spaces) is normalised in clean().
    mobile = models.CharField(gettext_lazy("手机号码"), max_length=20, blank=True)
    email = models.CharField(
        gettext_lazy("电子邮箱"), max_length=254, blank=True, validators=[validate_email]
    )
    wechat = models.CharField(gettext_lazy("微信号"), max_length=50, blank=True)

    # Bookkeeping
    name_pinyin = models.CharField(
        gettext_lazy("姓名拼音"), max_length=120, editable=False, db_index=True
    )
    name_initials = models.CharField(
        gettext_lazy("姓名首字母"), max_length=30, editable=False, db_index=True
    )
    version = models.PositiveIntegerField(gettext_lazy("版本"), default=1, editable=False)
    archived_at = models.DateTimeField(
        gettext_lazy("归档时间"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(gettext_lazy("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(gettext_lazy("更新时间"), auto_now=True)

    history = HistoricalRecords(
        verbose_name=gettext_lazy("人员变更历史"), excluded_fields=["updated_at"]
    )
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("人员")
        verbose_name_plural = gettext_lazy("人员名册")
        ordering = ["name_pinyin", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_type", "id_number"],
                condition=Q(archived_at__isnull=True),
                name="person_unique_live_document",
                violation_error_message=gettext_lazy(
                    "该证件号码已登记在名册中（在册人员），不能重复录入。"
                ),
            ),
            models.CheckConstraint(
                condition=~Q(id_number=""), name="person_document_number_required"
            ),
        ]
        indexes = [
            models.Index(fields=["region", "category"], name="person_region_category_idx"),
            models.Index(fields=["id_number"], name="person_id_number_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_pinyin, self.name_initials = name_to_pinyin(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_pinyin", "name_initials"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:detail", args=[self.pk])

    def clean(self):
        """Normalise the numbers and check the cross-field rules of one person."""
        errors = {}
        self.id_number = normalize_id_number(self.id_number)
        if self.document_type == DocumentType.RESIDENT_ID and self.id_number:
            try:
                parsed = parse_resident_id(self.id_number)
            except ValidationError as exc:
                errors["id_number"] = exc.messages
            else:
                self.id_number = parsed.number
                if not self.birth_date:
                    self.birth_date = parsed.birth_date
                elif self.birth_date != parsed.birth_date:
                    born = parsed.birth_date
                    errors["birth_date"] = [
                        _("出生日期与身份证号码不一致（号码中为%(year)s年%(month)s月%(day)s日）。")
                        % {"year": f"{born:%Y}", "month": f"{born:%m}", "day": f"{born:%d}"}
                    ]
                if not self.sex:
                    self.sex = parsed.sex
                elif self.sex != parsed.sex:
                    errors["sex"] = [
                        _("性别与身份证号码不一致（号码中为%(sex)s）。")
                        % {"sex": Sex(parsed.sex).label}
                    ]
        for field, normalise in (
            ("mobile", normalize_mobile),
            ("office_phone", normalize_landline),
        ):
            value = getattr(self, field)
            if value:
                try:
                    setattr(self, field, normalise(value))
                except ValidationError as exc:
                    errors[field] = exc.messages
        if self.subtype_id and self.category and self.subtype.category != self.category:
            errors["subtype"] = [_("细分类型不属于所选的新的社会阶层类别。")]
        if self.affiliation_2 and self.affiliation_2 == self.affiliation:
            errors["affiliation_2"] = [_("第二政治面貌不能与第一政治面貌相同。")]
        flagged = self.is_online_streamer or self.is_opinion_figure
        if flagged and self.category and self.category != Category.NEW_MEDIA:
            errors["is_opinion_figure"] = [_("网络主播、网络意见人士标记只适用于新媒体从业人员。")]
        if errors:
            raise ValidationError(errors)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def age(self) -> int | None:
        if not self.birth_date:
            return None
        today = timezone.localdate()
        before_birthday = (today.month, today.day) < (self.birth_date.month, self.birth_date.day)
        return today.year - self.birth_date.year - before_birthday

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_mobile(self) -> str:
        return mask_phone(self.mobile)


class PersonChild(models.Model):
    """A row of one of the registration form's repeating sections."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, verbose_name=gettext_lazy("人员"))
    order = models.PositiveSmallIntegerField(gettext_lazy("排序"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]


def check_period(start, end, errors):
    if start and end and end < start:
        errors["end_date"] = [_("结束时间不能早于开始时间。")]


class EducationRecord(PersonChild):
    school = models.CharField(gettext_lazy("毕业院校"), max_length=100)
    major = models.CharField(gettext_lazy("专业"), max_length=100, blank=True)
    start_date = models.DateField(gettext_lazy("入学时间"), null=True, blank=True)
    end_date = models.DateField(gettext_lazy("毕业时间"), null=True, blank=True)
    education = models.CharField(gettext_lazy("学历"), max_length=2, choices=Education.choices)
    degree = models.CharField(
        gettext_lazy("学位"), max_length=10, choices=Degree.choices, blank=True
    )
    is_highest = models.BooleanField(gettext_lazy("最高学历"), default=False)

    history = HistoricalRecords(verbose_name=gettext_lazy("学历变更历史"))

    class Meta(PersonChild.Meta):
        verbose_name = gettext_lazy("学历")
        verbose_name_plural = gettext_lazy("学历")
        default_related_name = "educations"

    def __str__(self):
        return f"{self.school} {self.get_education_display()}"

    def clean(self):
        errors = {}
        check_period(self.start_date, self.end_date, errors)
        if errors:
            raise ValidationError(errors)


class WorkHistory(PersonChild):
    start_date = models.DateField(gettext_lazy("开始年月"))
    end_date = models.DateField(
        gettext_lazy("结束年月"), null=True, blank=True, help_text=gettext_lazy("至今则留空")
    )
    unit_and_post = models.CharField(gettext_lazy("单位及职务"), max_length=200)

    history = HistoricalRecords(verbose_name=gettext_lazy("工作简历变更历史"))

    class Meta(PersonChild.Meta):
        verbose_name = gettext_lazy("工作简历")
        verbose_name_plural = gettext_lazy("工作简历")
        default_related_name = "work_history"
        ordering = ["start_date", "id"]

    def __str__(self):
        return self.unit_and_post

    def clean(self):
        errors = {}
        check_period(self.start_date, self.end_date, errors)
        if errors:
            raise ValidationError(errors)


class SocialPosition(PersonChild):
    kind = models.CharField(gettext_lazy("类别"), max_length=20, choices=SocialPositionKind.choices)
    organisation = models.CharField(gettext_lazy("组织名称"), max_length=100)
    post = models.CharField(gettext_lazy("职务"), max_length=100)
    start_date = models.DateField(gettext_lazy("开始时间"), null=True, blank=True)
    end_date = models.DateField(gettext_lazy("结束时间"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=gettext_lazy("社会职务变更历史"))

    class Meta(PersonChild.Meta):
        verbose_name = gettext_lazy("社会职务")
        verbose_name_plural = gettext_lazy("社会职务")
        default_related_name = "social_positions"

    def __str__(self):
        return f"{self.organisation}{self.post}"

    def clean(self):
        errors = {}
        check_period(self.start_date, self.end_date, errors)
        if errors:
            raise ValidationError(errors)


class Award(PersonChild):
    kind = models.CharField(
        gettext_lazy("奖惩"), max_length=12, choices=AwardKind.choices, default="award"
    )
    name = models.CharField(gettext_lazy("名称"), max_length=100)
    grantor = models.CharField(gettext_lazy("授予单位"), max_length=100, blank=True)
    date = models.DateField(gettext_lazy("时间"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=gettext_lazy("奖惩变更历史"))

    class Meta(PersonChild.Meta):
        verbose_name = gettext_lazy("奖惩情况")
        verbose_name_plural = gettext_lazy("奖惩情况")
        default_related_name = "awards"

    def __str__(self):
        return self.name


class FamilyMember(PersonChild):
    relation = models.CharField(gettext_lazy("称谓"), max_length=20)
    name = models.CharField(gettext_lazy("姓名"), max_length=30)
    birth_date = models.DateField(
        gettext_lazy("出生日期"), null=True, blank=True, validators=[validate_birth_date]
    )
    affiliation = models.CharField(
        gettext_lazy("政治面貌"), max_length=2, choices=Affiliation.choices, blank=True
    )
    work_unit_post = models.CharField(gettext_lazy("工作单位及职务"), max_length=200, blank=True)

    history = HistoricalRecords(verbose_name=gettext_lazy("家庭成员变更历史"))

    class Meta(PersonChild.Meta):
        verbose_name = gettext_lazy("家庭成员及重要社会关系")
        verbose_name_plural = gettext_lazy("家庭成员及重要社会关系")
        default_related_name = "family_members"

    def __str__(self):
        return f"{self.relation} {self.name}"


class PersonTally(models.Model):
    """How many live persons of a region have one value of one trait (people.tallies).

    Kept by database triggers on the persons' table, never written by the application
    except by ``people.tallies.recount``.
    """

    region = models.ForeignKey(
        "units.Region",
        verbose_name=gettext_lazy("所在区划"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the unique key (trait, region, value) serves
        related_name="+",
    )
    trait = models.CharField(gettext_lazy("统计项"), max_length=12)
    value = models.CharField(gettext_lazy("取值"), max_length=40)
    n = models.IntegerField(gettext_lazy("人数"), default=0)

    class Meta:
        verbose_name = gettext_lazy("人员构成计数")
        verbose_name_plural = gettext_lazy("人员构成计数")
        constraints = [
            models.UniqueConstraint(
                fields=["trait", "region", "value"], name="person_tally_unique_key"
            )
        ]

    def __str__(self):
        return f"{self.region_id} {self.trait}={self.value}: {self.n}"
