"""Checks of identity numbers, phone numbers and dates, shared by forms, admin, import and
services. The resident ID check lives here and nowhere else.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.translation import gettext as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
MOBILE_RE = re.compile(r"1[3-9]\d{9}")
LANDLINE_RE = re.compile(r"0\d{2,3}-?\d{7,8}(?:-\d{1,6})?")


def to_half_width(value: str) -> str:
    """Return value with full-width letters, digits and spaces folded to ASCII."""
    return unicodedata.normalize("NFKC", value)


def normalize_id_number(raw) -> str:
    """Return an ID number as typed, cleaned: half-width, no spaces, upper-case X.

    Numbers that Excel turned into floats (``1.1e17``) cannot be recovered and are returned
    as text so that the check rejects them with a message.
    """
    if raw is None:
        return ""
    if isinstance(raw, int):
        raw = str(raw)
    value = to_half_width(str(raw))
    return re.sub(r"\s+", "", value).upper()


def id_check_char(first17: str) -> str:
    """Return the GB 11643 check character of the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


@dataclass(frozen=True)
class ResidentId:
    number: str
    address_code: str
    birth_date: datetime.date
    sex: str  # "1" male, "2" female (people.enums.Sex)


def parse_resident_id(raw, *, today: datetime.date | None = None) -> ResidentId:
    """Validate a resident ID number and return its parts; upgrade 15 digits to 18.

    Raise ValidationError with a Chinese message naming what is wrong.
    """
    number = normalize_id_number(raw)
    if not number:
        raise ValidationError(_("请填写身份证号码。"), code="required")
    if len(number) == 15:
        if not number.isdigit():
            raise ValidationError(_("15位身份证号码只能由数字组成。"), code="format")
        first17 = number[:6] + "19" + number[6:]
        number = first17 + id_check_char(first17)
    elif len(number) != 18:
        raise ValidationError(
            _("身份证号码应为18位（或旧式15位），当前为%(length)s位。") % {"length": len(number)},
            code="length",
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("身份证号码前17位应为数字，最后一位为数字或X。"), code="format")
    try:
        birth_date = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("身份证号码中的出生日期%(date)s不是有效日期。")
            % {"date": f"{number[6:10]}-{number[10:12]}-{number[12:14]}"},
            code="birth_date",
        ) from None
    today = today or timezone.localdate()
    if birth_date > today:
        raise ValidationError(_("身份证号码中的出生日期晚于今天。"), code="birth_future")
    if birth_date.year < 1900:
        raise ValidationError(_("身份证号码中的出生年份早于1900年。"), code="birth_date")
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(_("身份证号码校验码不正确，请核对号码。"), code="checksum")
    sex = "1" if int(number[16]) % 2 == 1 else "2"
    return ResidentId(number=number, address_code=number[:6], birth_date=birth_date, sex=sex)


def validate_birth_date(value: datetime.date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(_("出生日期不能晚于今天。"), code="birth_future")


def normalize_mobile(raw) -> str:
    """Return a mobile number as 11 digits, or raise ValidationError."""
    value = re.sub(r"[\s-]", "", to_half_width(str(raw or "")))
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("86") and len(value) == 13:
        value = value[2:]
    if not MOBILE_RE.fullmatch(value):
        raise ValidationError(_("手机号码应为以1开头的11位数字（第二位为3–9）。"), code="mobile")
    return value


def normalize_landline(raw) -> str:
    """Return a landline number (area code, number, optional extension), or raise."""
    value = re.sub(r"[\s()（）]", "", to_half_width(str(raw or "")))  # not-ui: input brackets
    value = value.replace("转", "-")  # not-ui: the word for "extension" typed in numbers
    if not LANDLINE_RE.fullmatch(value):
        raise ValidationError(
            _("固定电话应为“区号-号码”，区号以0开头3–4位，号码7–8位，可带分机号。"),
            code="landline",
        )
    return value


def normalize_phone(raw) -> str:
    """Return a mobile or landline number, whichever it is; raise if it is neither."""
    try:
        return normalize_mobile(raw)
    except ValidationError:
        pass
    try:
        return normalize_landline(raw)
    except ValidationError:
        raise ValidationError(
            _("电话号码格式不正确：应为11位手机号码或“区号-号码”形式的固定电话。"), code="phone"
        ) from None


def validate_email(value: str) -> None:
    EmailValidator(message=_("电子邮箱格式不正确。"))(value)


def validate_postcode(value: str) -> None:
    if value and not re.fullmatch(r"\d{6}", value):
        raise ValidationError(_("邮政编码应为6位数字。"), code="postcode")


@dataclass(frozen=True)
class Period:
    label: str
    start: datetime.date
    end: datetime.date | None  # None: to the present


def _year_month(value: datetime.date) -> str:
    return _("%(year)s年%(month)s月") % {"year": f"{value:%Y}", "month": f"{value:%m}"}


def check_work_history(periods: list[Period]) -> tuple[list[str], list[str]]:
    """Return (errors, warnings) for a person's work-history rows.

    Overlapping rows are errors; a gap of more than a month between one row's end and the
    next row's start is a warning (the form asks for a continuous history).
    """
    errors, warnings = [], []
    for period in periods:
        if period.end and period.end < period.start:
            errors.append(_("“%(label)s”的结束时间早于开始时间。") % {"label": period.label})
    ordered = sorted(periods, key=lambda p: p.start)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        earlier_end = earlier.end or datetime.date.max
        if later.start < earlier_end and (earlier_end - later.start).days > 31:
            errors.append(
                _("“%(earlier)s”与“%(later)s”的时间重叠。")
                % {"earlier": earlier.label, "later": later.label}
            )
        elif earlier.end and (later.start - earlier.end).days > 31:
            warnings.append(
                _("“%(earlier)s”与“%(later)s”之间有空档（%(from)s至%(to)s），请确认简历是否连续。")
                % {
                    "earlier": earlier.label,
                    "later": later.label,
                    "from": _year_month(earlier.end),
                    "to": _year_month(later.start),
                }
            )
    return errors, warnings
