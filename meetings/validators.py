"""Checks shared by the meetings forms and services: document numbers and attachments."""

import re
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# Extension -> kind of content the file must start with.
ALLOWED_ATTACHMENT_TYPES = {
    "pdf": "pdf",
    "doc": "ole",
    "xls": "ole",
    "docx": "docx",
    "xlsx": "xlsx",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "gif": "gif",
}

_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "ole": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
}

# The part of an Office Open XML package that tells a Word file from a workbook (or from
# any other zip, such as a .jar renamed to .docx).
_OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}

# Windows PE, ELF, Mach-O (both byte orders, 32/64 bit and fat) and scripts with a shebang.
_EXECUTABLE_SIGNATURES = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
_EXECUTABLE_EXTENSIONS = frozenset(
    {
        "exe", "dll", "com", "scr", "msi", "bat", "cmd", "ps1", "vbs", "vbe", "js", "jse",
        "wsf", "hta", "jar", "sh", "bash", "py", "pl", "php", "rb", "elf", "bin", "run",
        "apk", "app", "lnk",
    }
)  # fmt: skip

ATTACHMENT_TOO_LARGE = gettext_lazy("附件不能超过 10 MB。")
ATTACHMENT_EXECUTABLE = gettext_lazy("不能上传可执行文件或脚本。")
ATTACHMENT_TYPE = gettext_lazy(
    "附件只能是 PDF、Word（doc/docx）、Excel（xls/xlsx）或图片（png/jpg/gif）文件。"
)
ATTACHMENT_MISMATCH = gettext_lazy(
    "附件内容与扩展名不符，请上传真实的 PDF、Word、Excel 或图片文件。"
)
ATTACHMENT_EMPTY = gettext_lazy("附件是空文件。")


def attachment_extension(name: str) -> str:
    """Return the lower-case extension of a file name, without the dot."""
    return PurePath(name or "").suffix.lower().lstrip(".")


def validate_attachment(upload) -> None:
    """Raise ValidationError unless upload is a PDF, Word, Excel or image file of at most 10 MB.

    The content is checked, not just the name: the first bytes must be the signature of the
    type the extension claims, and executables or scripts are refused whatever their name.
    """
    size = upload.size
    if size is not None and size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(ATTACHMENT_TOO_LARGE, code="too_large")
    if not size:
        raise ValidationError(ATTACHMENT_EMPTY, code="empty")
    # Every dotted part counts, so that "report.exe.pdf" is refused too.
    name_parts = set(PurePath(upload.name or "").name.lower().split(".")[1:])
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(_EXECUTABLE_SIGNATURES) or name_parts & _EXECUTABLE_EXTENSIONS:
        raise ValidationError(ATTACHMENT_EXECUTABLE, code="executable")
    kind = ALLOWED_ATTACHMENT_TYPES.get(attachment_extension(upload.name))
    if kind is None:
        raise ValidationError(ATTACHMENT_TYPE, code="type")
    if not head.startswith(_SIGNATURES[kind]):
        raise ValidationError(ATTACHMENT_MISMATCH, code="mismatch")
    if kind in _OOXML_MAIN_PART:
        _check_ooxml(upload, _OOXML_MAIN_PART[kind])


def _check_ooxml(upload, main_part: str) -> None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(ATTACHMENT_MISMATCH, code="mismatch") from None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names or main_part not in names:
        raise ValidationError(ATTACHMENT_MISMATCH, code="mismatch")


_DOCUMENT_NUMBER = re.compile(
    r"^\s*[〔\[【（(]\s*(?P<year>\d{4})\s*[〕\]】）)]"  # not-ui: what typed numbers may hold
    r"\s*第?\s*(?P<serial>\d{1,4})\s*号?\s*$"
)


def parse_document_number(text: str) -> tuple[int, int]:
    """Return (year, serial) of a minutes number such as 〔2026〕1号.

    Square, lenticular and round brackets are accepted as typed; the number is always shown
    with 〔〕 afterwards.
    """
    match = _DOCUMENT_NUMBER.match(text or "")
    if not match:
        raise ValidationError(_("文号格式应为〔年份〕序号号，例如〔2026〕1号。"), code="format")
    year, serial = int(match["year"]), int(match["serial"])
    if not 2000 <= year <= 2099:
        raise ValidationError(_("文号中的年份不正确。"), code="year")
    if serial < 1:
        raise ValidationError(_("文号中的序号应从1开始。"), code="serial")
    return year, serial


def format_document_number(year: int, serial: int) -> str:
    """Return the minutes number written the official way, e.g. 〔2026〕1号."""
    return f"〔{year}〕{serial}号"  # not-ui: GB/T 9704 notation, read back by the parser
