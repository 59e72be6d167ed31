from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from units.enums import RegionLevel, UnitKind
from units.validators import validate_code_under_parent, validate_region_code

LEVEL_ORDER = [level.value for level in RegionLevel]


class Region(models.Model):
    """An administrative region (GB/T 2260) in a tree with a materialised path.

    ``path`` is the chain of codes from the root, e.g. ``/339900/339901/``, so that a region
    and everything below it is one indexed prefix query (``path__startswith``).
    """

    code = models.CharField(gettext_lazy("区划代码"), max_length=12, unique=True)
    name = models.CharField(gettext_lazy("名称"), max_length=50)
    level = models.CharField(gettext_lazy("层级"), max_length=12, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=gettext_lazy("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(gettext_lazy("路径"), max_length=255, db_index=True, editable=False)
    order = models.PositiveSmallIntegerField(gettext_lazy("排序"), default=0)

    class Meta:
        verbose_name = gettext_lazy("行政区划")
        verbose_name_plural = gettext_lazy("行政区划")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        old_path = self.path
        self.path = (self.parent.path if self.parent_id else "/") + self.code + "/"
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                # Re-root the descendants' paths in one statement.
                Region.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(
                        models.Value(self.path),
                        Substr("path", len(old_path) + 1),
                        output_field=models.CharField(),
                    )
                )

    def get_absolute_url(self):
        return reverse("admin:units_region_change", args=[self.pk])

    def clean(self):
        errors = {}
        try:
            validate_region_code(self.code, self.level)
        except ValidationError as exc:
            errors["code"] = exc.messages
        if self.parent_id:
            parent = self.parent
            if LEVEL_ORDER.index(parent.level) >= LEVEL_ORDER.index(self.level):
                errors["parent"] = [_("上级区划的层级必须高于本区划。")]
            elif "code" not in errors:
                try:
                    validate_code_under_parent(self.code, parent.code, parent.level)
                except ValidationError as exc:
                    errors["code"] = exc.messages
            if self.pk and parent.path.startswith(self.path or "\0"):
                errors["parent"] = [_("不能把区划移到它自己或它的下级之下。")]
        if errors:
            raise ValidationError(errors)

    def subtree(self):
        """Return this region and every region below it."""
        return Region.objects.filter(path__startswith=self.path)


class MemberUnit(models.Model):
    """A member unit of a region's joint conference, or its lead (the department itself)."""

    name = models.CharField(gettext_lazy("单位名称"), max_length=100)
    short_name = models.CharField(gettext_lazy("简称"), max_length=30, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=gettext_lazy("所属联席会议（区划）"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    kind = models.CharField(gettext_lazy("单位类型"), max_length=20, choices=UnitKind.choices)
    is_lead = models.BooleanField(
        gettext_lazy("牵头单位（统战部）"),
        default=False,
        help_text=gettext_lazy("联席会议的牵头单位，办公室设在此。"),
    )
    duties = models.TextField(gettext_lazy("工作职责"), blank=True)
    responsible_for = models.ManyToManyField(
        "people.SubType",
        verbose_name=gettext_lazy("负责的人员类型"),
        blank=True,
        related_name="units",
    )
    liaison_name = models.CharField(gettext_lazy("联络员姓名"), max_length=30, blank=True)
    liaison_phone = models.CharField(gettext_lazy("联络员电话"), max_length=30, blank=True)
    order = models.PositiveSmallIntegerField(gettext_lazy("排序"), default=0)
    is_active = models.BooleanField(gettext_lazy("在册"), default=True)

    class Meta:
        verbose_name = gettext_lazy("成员单位")
        verbose_name_plural = gettext_lazy("成员单位")
        ordering = ["region__path", "-is_lead", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="memberunit_unique_name"),
            models.UniqueConstraint(
                fields=["region"],
                condition=models.Q(is_lead=True),
                name="memberunit_one_lead_per_region",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("units:detail", args=[self.pk])
