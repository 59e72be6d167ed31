"""Password rules beyond Django's own validators."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CHARACTER_CLASSES = [
    (gettext_lazy("大写字母"), re.compile(r"[A-Z]")),
    (gettext_lazy("小写字母"), re.compile(r"[a-z]")),
    (gettext_lazy("数字"), re.compile(r"[0-9]")),
    (gettext_lazy("符号"), re.compile(r"[^A-Za-z0-9]")),
]


class PasswordComplexityValidator:
    """At least min_length characters from at least 3 of the 4 character classes."""

    def __init__(self, min_length: int = 8, min_classes: int = 3):
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password, user=None):
        used = [name for name, pattern in CHARACTER_CLASSES if pattern.search(password)]
        if len(password) < self.min_length or len(used) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _(
            "密码至少%(min_length)s位，并且至少包含大写字母、小写字母、数字、符号"
            "这四类中的%(min_classes)s类。"
        ) % {"min_length": self.min_length, "min_classes": self.min_classes}
