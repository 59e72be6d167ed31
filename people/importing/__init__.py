"""Import of the roster from Excel: upload checks and storage (upload), cell parsing
(cells), row validation, preview and the all-or-nothing write (rows), and the
downloadable template (template).

The upload is checked before openpyxl sees it (size, content by magic bytes, zip
structure, zip-bomb ratios), stored under MEDIA_ROOT/imports/ so that the confirming
request — possibly served by another process — finds it, and validated again on confirm.
Every ID, phone and date check comes from people.validators through Person.clean().
"""

from people.importing.rows import (
    INVALID,
    MAX_ROWS,
    STATUS_LABELS,
    ImportPlan,
    ImportRefused,
    apply_import,
    plan_import,
    preview_data,
    read_sheet,
)
from people.importing.template import template_workbook
from people.importing.upload import (
    MAX_UPLOAD_BYTES,
    ImportFileError,
    check_upload,
    delete_stored,
    load_preview,
    save_preview,
    store_upload,
    stored_path,
)

__all__ = [
    "INVALID",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "STATUS_LABELS",
    "ImportFileError",
    "ImportPlan",
    "ImportRefused",
    "apply_import",
    "check_upload",
    "delete_stored",
    "load_preview",
    "plan_import",
    "preview_data",
    "read_sheet",
    "save_preview",
    "store_upload",
    "stored_path",
    "template_workbook",
]
