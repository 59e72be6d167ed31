"""Checks of GB/T 2260 administrative region codes."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from units.enums import RegionLevel

# How many leading digits of a code identify the region at each level.
SIGNIFICANT_DIGITS = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.CITY: 4,
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWNSHIP: 9,
    RegionLevel.COMMUNITY: 12,
}


def validate_region_code(code: str, level: str) -> None:
    """Raise ValidationError unless code is a well-formed GB/T 2260 code for level."""
    if not re.fullmatch(r"\d+", code or ""):
        raise ValidationError(_("区划代码只能由数字组成。"), code="digits")
    if level in (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY):
        if len(code) != 6:
            raise ValidationError(_("省、市、县级区划代码应为6位数字。"), code="length")
        if code[:2] == "00":
            raise ValidationError(_("区划代码的前两位（省级）不能为00。"), code="province")
        if level == RegionLevel.PROVINCE and code[2:] != "0000":
            raise ValidationError(_("省级区划代码的后四位应为0000。"), code="province")
        if level == RegionLevel.CITY and (code[2:4] == "00" or code[4:] != "00"):
            raise ValidationError(_("市级区划代码的第3–4位不能为00，后两位应为00。"), code="city")
        if level == RegionLevel.COUNTY and code[4:] == "00":
            raise ValidationError(_("县级区划代码的后两位不能为00。"), code="county")
    elif level == RegionLevel.TOWNSHIP:
        if len(code) != 9:
            raise ValidationError(_("乡镇（街道）区划代码应为9位数字。"), code="length")
    elif level == RegionLevel.COMMUNITY and len(code) != 12:
        raise ValidationError(_("村（社区）区划代码应为12位数字。"), code="length")


def validate_code_under_parent(code: str, parent_code: str, parent_level: str) -> None:
    """Raise ValidationError unless code lies under the parent region's code."""
    prefix = parent_code[: SIGNIFICANT_DIGITS[parent_level]]
    if not code.startswith(prefix):
        raise ValidationError(
            _("区划代码应以上级区划代码的前%(digits)s位“%(prefix)s”开头。")
            % {"digits": len(prefix), "prefix": prefix},
            code="parent",
        )
