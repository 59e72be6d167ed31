"""Password rules beyond Django's own validators."""

import re

from django.core.exceptions import ValidationError

CHARACTER_CLASSES = [
    ("大写字母", re.compile(r"[A-Z]")),
    ("小写字母", re.compile(r"[a-z]")),
    ("数字", re.compile(r"[0-9]")),
    ("符号", re.compile(r"[^A-Za-z0-9]")),
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
        return (
            f"密码至少{self.min_length}位，并且至少包含大写字母、小写字母、数字、符号"
            f"这四类中的{self.min_classes}类。"
        )
