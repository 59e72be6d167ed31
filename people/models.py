from django.db import models

from people.enums import Category


class SubType(models.Model):
    """A sub-type within one of the four categories (e.g. 律师); editable data."""

    category = models.CharField("类别", max_length=20, choices=Category.choices)
    name = models.CharField("细分类型", max_length=50)
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "细分类型"
        verbose_name_plural = "细分类型"
        ordering = ["category", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="subtype_unique_name"),
        ]

    def __str__(self):
        return self.name
