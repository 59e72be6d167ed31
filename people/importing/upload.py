"""Checks of an uploaded .xlsx before it is parsed, and its storage between the preview
and the confirming request (under MEDIA_ROOT/imports/, where any server process finds it).
"""

import hashlib
import json
import re
import secrets
import time
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_MEMBER_RATIO = 100
# Small members may compress very well (a sheet of empty styled cells); only members that
# expand past this size are held to the ratio.
RATIO_CHECK_FROM_BYTES = 1024 * 1024
MAX_MEMBERS = 1000
IMPORT_DIR = "imports"
STALE_SECONDS = 24 * 3600

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
TOKEN_RE = re.compile(r"[0-9a-f]{32}")


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------------------
# Upload checks and storage


def check_upload(upload) -> None:
    """Reject anything but a reasonably sized, well-formed .xlsx, before parsing it."""
    size = upload.size
    if size > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            _("文件大小为%(size).1fMB，超过%(max)sMB的上限。请拆分为多个文件分批导入。")
            % {"size": size / 1024 / 1024, "max": MAX_UPLOAD_BYTES // 1024 // 1024}
        )
    if size == 0:
        raise ImportFileError(_("上传的文件是空的。"))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(OLE2_MAGIC):
        raise ImportFileError(
            _(
                "这是旧版Excel（.xls）文件或加密的文件，系统只接受.xlsx格式。"
                "请在Excel中“另存为”Excel工作簿（*.xlsx），并取消密码后重新上传。"
            )
        )
    if not head.startswith(ZIP_MAGIC):
        raise ImportFileError(
            _("文件内容不是Excel工作簿（.xlsx）。请使用导入模板填写后上传，不要只修改文件扩展名。")
        )
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(_("文件已损坏，无法作为Excel工作簿（.xlsx）打开。")) from None
    finally:
        upload.seek(0)
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ImportFileError(
            _("文件是压缩包但不是Excel工作簿（.xlsx），请使用导入模板填写后上传。")
        )
    if len(members) > MAX_MEMBERS:
        raise ImportFileError(_("文件结构异常（内部文件过多），已拒绝导入。"))
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError(
            _("文件解压后超过%(max)sMB，可能是异常文件（压缩炸弹），已拒绝导入。")
            % {"max": MAX_UNCOMPRESSED_BYTES // 1024 // 1024}
        )
    for member in members:
        if member.file_size > RATIO_CHECK_FROM_BYTES and (
            member.file_size > MAX_MEMBER_RATIO * max(member.compress_size, 1)
        ):
            raise ImportFileError(_("文件的压缩比异常（可能是压缩炸弹），已拒绝导入。"))


def import_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / IMPORT_DIR


def stored_path(token: str) -> Path:
    if not TOKEN_RE.fullmatch(token or ""):
        raise ImportFileError(_("导入文件已失效，请重新上传。"))
    return import_dir() / f"{token}.xlsx"


def store_upload(upload) -> tuple[str, str]:
    """Save the checked upload under MEDIA_ROOT/imports/; return (token, SHA-256)."""
    directory = import_dir()
    directory.mkdir(parents=True, exist_ok=True)
    remove_stale_uploads()
    token = secrets.token_hex(16)
    digest = hashlib.sha256()
    upload.seek(0)
    with open(directory / f"{token}.xlsx", "xb") as handle:
        for chunk in upload.chunks():
            digest.update(chunk)
            handle.write(chunk)
    return token, digest.hexdigest()


def delete_stored(token: str) -> None:
    try:
        path = stored_path(token)
    except ImportFileError:
        return
    path.unlink(missing_ok=True)
    path.with_suffix(".json").unlink(missing_ok=True)


def remove_stale_uploads() -> None:
    """Delete uploads that were never confirmed or cancelled."""
    cutoff = time.time() - STALE_SECONDS
    for path in import_dir().glob("*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue


def save_preview(token: str, preview: dict) -> None:
    stored_path(token).with_suffix(".json").write_text(
        json.dumps(preview, ensure_ascii=False), encoding="utf-8"
    )


def load_preview(token: str) -> dict:
    path = stored_path(token).with_suffix(".json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ImportFileError(_("导入文件已失效，请重新上传。")) from None
