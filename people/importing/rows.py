"""Reading an import sheet, validating every row (through Person.clean(), which uses
people.validators), the preview, and the all-or-nothing write.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.enums import AuditAction, AuditOutcome
from accounts.services import audit
from people.enums import DocumentType
from people.importing.cells import (
    CHOICE_INDEXES,
    CellError,
    Lookups,
    cell_text,
    is_blank,
    parse_bool,
    parse_date,
    parse_id_number,
    parse_phone,
)
from people.importing.upload import ImportFileError
from people.masking import mask_id_number
from people.models import Person, name_to_pinyin
from people.resources import (
    BOOL,
    CHOICE,
    COLUMNS,
    DATE,
    ID,
    PHONE,
    REGION,
    SUBTYPE,
    Column,
)
from people.validators import parse_resident_id, to_half_width

MAX_ROWS = 10_000
CHANGE_REASON = gettext_lazy("Excel导入")  # written to the history as the change reason
BATCH_SIZE = 500

NEW, CHANGED, UNCHANGED, INVALID = "new", "changed", "unchanged", "invalid"
STATUS_LABELS = {
    NEW: gettext_lazy("新增"),
    CHANGED: gettext_lazy("变更"),
    UNCHANGED: gettext_lazy("无变化"),
    INVALID: gettext_lazy("有误"),
}

# The template's example row: skipped when it is left in the file.
EXAMPLE_NAME = "李示例"  # not-ui: a fictional person's name, matched to skip the row
EXAMPLE_ID_NUMBER = "339902198503070012"

# Fields whose blank cell means "keep the current value" (they cannot be empty).
KEEP_WHEN_BLANK = {"ethnicity", "nationality", "affiliation", "document_type"}


# --------------------------------------------------------------------------------------
# Reading the sheet


def header_key(text) -> str:
    text = to_half_width(str(text or ""))
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"[(（]必填[)）]", "", text)  # not-ui: a "(required)" mark on a header
    return text.strip("*")


HEADER_INDEX: dict[str, Column] = {}
for _column in COLUMNS:
    for _name in (_column.header, *_column.aliases):
        HEADER_INDEX[header_key(_name)] = _column


@dataclass
class Sheet:
    columns: list[tuple[int, Column]]  # (index in the row, column)
    rows: list[tuple[int, tuple]]  # (Excel row number, values)
    skipped_example: bool = False


def read_sheet(path: Path) -> Sheet:
    """Read the header and the data rows of the workbook's first sheet (read-only mode)."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a broken file
        raise ImportFileError(_("文件已损坏，无法作为Excel工作簿（.xlsx）打开。")) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("工作簿中没有工作表。"))
        worksheet = workbook.worksheets[0]
        worksheet.reset_dimensions()
        rows = worksheet.iter_rows(values_only=True)
        header_number, header = 0, None
        for number, values in enumerate(rows, start=1):
            if any(not is_blank(value) for value in values):
                header_number, header = number, values
                break
        if header is None:
            raise ImportFileError(_("工作表是空的：没有表头，也没有数据。请使用导入模板填写。"))
        columns = _match_header(header, header_number)
        data = []
        for number, values in enumerate(rows, start=header_number + 1):
            if all(is_blank(value) for value in values):
                continue
            if len(data) >= MAX_ROWS:
                raise ImportFileError(
                    _("文件中的数据超过%(max)s行，超出在线导入的上限。请拆分为多个文件分批导入。")
                    % {"max": MAX_ROWS}
                )
            data.append((number, values))
    finally:
        workbook.close()
    if not data:
        raise ImportFileError(_("表头以下没有数据行，请填写人员信息后再上传。"))
    return Sheet(columns=columns, rows=data)


def _quoted_list(names) -> str:
    """Return the names quoted and listed: “姓名”、“证件号码”."""
    return _("、").join(_("“%(name)s”") % {"name": name} for name in names)


def _match_header(header, number: int) -> list[tuple[int, Column]]:
    columns, unknown, seen = [], [], {}
    for index, value in enumerate(header):
        if is_blank(value):
            continue
        column = HEADER_INDEX.get(header_key(value))
        if column is None:
            unknown.append(str(value).strip())
            continue
        if column.field in seen:
            raise ImportFileError(
                _(
                    "第%(row)s行的表头中“%(header)s”列出现了两次"
                    "（第%(first)s列和第%(second)s列），请删除其中一列。"
                )
                % {
                    "row": number,
                    "header": column.header,
                    "first": seen[column.field],
                    "second": index + 1,
                }
            )
        seen[column.field] = index + 1
        columns.append((index, column))
    if not columns:
        raise ImportFileError(
            _(
                "第%(row)s行不是导入模板的表头：没有找到“%(name)s”“%(id)s”等列标题。"
                "请下载导入模板，按模板的列填写。"
            )
            % {"row": number, "name": FIELD_HEADERS["name"], "id": FIELD_HEADERS["id_number"]}
        )
    if unknown:
        names = _quoted_list(unknown[:10])
        if len(unknown) > 10:
            message = _(
                "表头中有无法识别的列：%(names)s等。请使用导入模板中的列标题（列的顺序可以调整）。"
            )
        else:
            message = _(
                "表头中有无法识别的列：%(names)s。请使用导入模板中的列标题（列的顺序可以调整）。"
            )
        raise ImportFileError(message % {"names": names})
    missing = [c.header for c in COLUMNS if c.required and c.field not in seen]
    if missing:
        raise ImportFileError(_("缺少必填列：%(names)s。") % {"names": _quoted_list(missing)})
    return columns


# --------------------------------------------------------------------------------------
# Rows


@dataclass
class RowResult:
    number: int
    status: str = NEW
    name: str = ""
    id_number: str = ""
    document_type: str = DocumentType.RESIDENT_ID
    person: Person | None = None
    changes: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column header, reason)

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))
        self.status = INVALID


FIELD_HEADERS = {column.field: column.header for column in COLUMNS}


def _header_for(field_name: str) -> str:
    if field_name in FIELD_HEADERS:
        return FIELD_HEADERS[field_name]
    if field_name == "__all__":
        return "—"
    try:
        return str(Person._meta.get_field(field_name).verbose_name)
    except FieldDoesNotExist:
        return field_name


def _parse_row(values, columns, lookups: Lookups, result: RowResult) -> dict:
    """Return {field: parsed value} of one row; cell errors are added to result."""
    parsed = {}
    category = None
    for index, column in columns:
        raw = values[index] if index < len(values) else None
        try:
            if column.required and is_blank(raw):
                raise CellError(_("“%(header)s”为必填项。") % {"header": column.header})
            if column.kind == DATE:
                value = parse_date(raw)
            elif column.kind == ID:
                value = parse_id_number(raw)
            elif column.kind == PHONE:
                value = parse_phone(raw)
            elif column.kind == BOOL:
                value = parse_bool(raw)
            elif column.kind == CHOICE:
                text = re.sub(r"\s+", "", to_half_width(cell_text(raw)))
                if not text:
                    value = ""
                elif text in CHOICE_INDEXES[column.field]:
                    value = CHOICE_INDEXES[column.field][text]
                else:
                    raise CellError(
                        _("“%(text)s”不是可选的%(header)s，可选值见导入模板的下拉列表。")
                        % {"text": cell_text(raw), "header": column.header}
                    )
                if column.field == "category":
                    category = value
            elif column.kind in (SUBTYPE, REGION):
                value = cell_text(raw)  # resolved below, once the category is known
            else:
                value = cell_text(raw)
                if column.field in ("postcode", "email", "wechat"):
                    value = re.sub(r"\s+", "", to_half_width(value))
        except CellError as exc:
            result.error(column.header, exc.message)
            continue
        parsed[column.field] = value
    for name, resolve in (
        ("subtype", lambda text: lookups.subtype(text, category)),
        ("region", lookups.region),
    ):
        if parsed.get(name):
            try:
                parsed[name] = resolve(parsed[name])
            except CellError as exc:
                result.error(FIELD_HEADERS[name], exc.message)
                del parsed[name]
    return parsed


def _canonical_id(parsed: dict) -> str:
    """Return the ID number as it will be stored (15 digits upgraded), for matching."""
    number = parsed.get("id_number", "")
    if parsed.get("document_type", DocumentType.RESIDENT_ID) in ("", DocumentType.RESIDENT_ID):
        try:
            return parse_resident_id(number).number
        except ValidationError:
            return number
    return number


COMPARED_FIELDS = [column.field for column in COLUMNS] + ["sex", "birth_date"]
EXCLUDED_FROM_CLEAN = ["subtype", "region", "photo"]


def _apply(person: Person, parsed: dict) -> None:
    for name, value in parsed.items():
        if name in KEEP_WHEN_BLANK and value == "":
            continue  # a new person gets the model's default, an existing one keeps theirs
        setattr(person, name, value)


def _copy(person: Person) -> Person:
    clone = Person()
    clone.__dict__.update({k: v for k, v in person.__dict__.items() if k != "_state"})
    clone._state.adding = False
    clone._state.db = person._state.db
    clone._state.fields_cache = dict(person._state.fields_cache)
    return clone


def _changed_headers(old: Person, new: Person) -> list[str]:
    changed = []
    for name in dict.fromkeys(COMPARED_FIELDS):
        attname = Person._meta.get_field(name).attname
        if getattr(old, attname) != getattr(new, attname):
            changed.append(_header_for(name))
    return changed


@dataclass
class ImportPlan:
    rows: list[RowResult]
    columns: list[str]
    skipped_example: bool = False

    def counts(self) -> dict[str, int]:
        counter = Counter(row.status for row in self.rows)
        return {status: counter.get(status, 0) for status in STATUS_LABELS} | {
            "total": len(self.rows)
        }


def plan_import(path: Path, *, user) -> ImportPlan:
    """Read and validate every row; decide for each whether it is new, changed,
    unchanged or invalid. Nothing is written."""
    sheet = read_sheet(path)
    lookups = Lookups.for_user(user)
    results: list[RowResult] = []
    parsed_rows: list[dict] = []
    skipped_example = False
    for number, values in sheet.rows:
        result = RowResult(number=number)
        parsed = _parse_row(values, sheet.columns, lookups, result)
        if parsed.get("name") == EXAMPLE_NAME and _canonical_id(parsed) == EXAMPLE_ID_NUMBER:
            skipped_example = True
            continue
        result.name = parsed.get("name", "")
        result.document_type = parsed.get("document_type") or DocumentType.RESIDENT_ID
        result.id_number = _canonical_id(parsed)
        results.append(result)
        parsed_rows.append(parsed)

    if not results:
        raise ImportFileError(_("文件中只有模板的示例行，请在示例行下方填写人员信息后再上传。"))
    existing = _existing_persons({(r.document_type, r.id_number) for r in results})
    for result, parsed in zip(results, parsed_rows, strict=True):
        _validate_row(result, parsed, existing, lookups)

    _flag_duplicates(results)
    return ImportPlan(
        rows=results,
        columns=[column.header for _index, column in sheet.columns],
        skipped_example=skipped_example,
    )


def _existing_persons(keys) -> dict[tuple[str, str], list[Person]]:
    numbers = sorted({number for _kind, number in keys if number})
    found: dict[tuple[str, str], list[Person]] = defaultdict(list)
    for start in range(0, len(numbers), BATCH_SIZE):
        chunk = numbers[start : start + BATCH_SIZE]
        for person in Person.objects.filter(id_number__in=chunk).select_related("subtype"):
            found[(person.document_type, person.id_number)].append(person)
    return found


def _validate_row(result: RowResult, parsed: dict, existing, lookups: Lookups) -> None:
    matches = existing.get((result.document_type, result.id_number), [])
    live = [p for p in matches if p.archived_at is None]
    current = live[0] if live else None
    if current is not None and current.region_id not in lookups.scope_ids:
        result.error(
            FIELD_HEADERS["id_number"],
            _("该证件号码已由其他区划登记在册，不能在此导入；如需调整，请联系上级统战部。"),
        )
        current = None  # never compare with, or show, a person outside the user's scope
    elif current is None and matches:
        result.error(
            FIELD_HEADERS["id_number"],
            _("该证件号码对应的人员已归档。如需重新登记，请先在名册中恢复该人员，再导入。"),
        )
    is_new = current is None
    person = Person() if is_new else _copy(current)
    _apply(person, parsed)
    try:
        person.full_clean(
            exclude=EXCLUDED_FROM_CLEAN, validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        reported = {column for column, _message in result.errors}
        for name, messages in exc.message_dict.items():
            header = _header_for(name)
            if header in reported:
                continue  # the cell's own error says it already
            for message in messages:
                result.error(header, message)
    result.id_number = person.id_number or result.id_number
    result.name = person.name
    if result.status == INVALID:
        return
    result.person = person
    if is_new:
        result.status = NEW
    else:
        result.changes = _changed_headers(current, person)
        result.status = CHANGED if result.changes else UNCHANGED


def _flag_duplicates(results: list[RowResult]) -> None:
    by_number: dict[tuple[str, str], list[RowResult]] = defaultdict(list)
    for result in results:
        if result.id_number:
            by_number[(result.document_type, result.id_number)].append(result)
    for rows in by_number.values():
        if len(rows) < 2:
            continue
        for row in rows:
            others = _("、").join(str(other.number) for other in rows if other is not row)
            row.error(
                FIELD_HEADERS["id_number"],
                _("与第%(rows)s行的证件号码重复，同一人只能填写一行。") % {"rows": others},
            )
            row.person = None


# --------------------------------------------------------------------------------------
# Preview (stored as JSON beside the upload)


def preview_data(plan: ImportPlan, *, reveal: bool) -> dict:
    """Return what the preview page shows, without full numbers unless reveal."""

    def shown(number: str) -> str:
        return number if reveal else mask_id_number(number)

    groups = Counter((column, message) for row in plan.rows for column, message in row.errors)
    group_rows = defaultdict(list)
    for row in plan.rows:
        for column, message in dict.fromkeys(row.errors):
            if len(group_rows[(column, message)]) < 10:
                group_rows[(column, message)].append(row.number)
    return {
        "counts": plan.counts(),
        "columns": plan.columns,
        "skipped_example": plan.skipped_example,
        "rows": [
            {
                "row": row.number,
                "status": row.status,
                "name": row.name,
                "id": shown(row.id_number),
                "changes": row.changes,
                "errors": [{"column": c, "message": m} for c, m in row.errors],
            }
            for row in plan.rows
        ],
        "error_groups": [
            {"column": key[0], "message": key[1], "count": count, "rows": group_rows[key]}
            for key, count in groups.most_common(20)
        ],
    }


# --------------------------------------------------------------------------------------
# Writing


class ImportRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


UPDATED_FIELDS = sorted(
    set(COMPARED_FIELDS) | {"version", "updated_at", "name_pinyin", "name_initials"}
)


def apply_import(
    plan: ImportPlan, *, only_valid: bool, by, request=None, sha256: str, filename: str
) -> dict[str, int]:
    """Write the plan's new and changed rows in one transaction and return the counts.

    If any row is invalid, nothing is written unless only_valid is set.
    """
    counts = plan.counts()
    detail = {"sha256": sha256, "filename": filename, **counts, "only_valid": only_valid}
    if counts[INVALID] and not only_valid:
        audit(AuditAction.IMPORT, request=request, user=by, outcome=AuditOutcome.FAILURE,
              detail=detail | {"reason": "invalid rows"})  # fmt: skip
        raise ImportRefused(
            ngettext(
                "有%(count)s行数据有误，未导入任何数据。请修改后重新上传，或选择“仅导入有效行”。",
                "有%(count)s行数据有误，未导入任何数据。请修改后重新上传，或选择“仅导入有效行”。",
                counts[INVALID],
            )
            % {"count": counts[INVALID]}
        )
    new = [row.person for row in plan.rows if row.status == NEW]
    changed = [row.person for row in plan.rows if row.status == CHANGED]
    now = timezone.now()
    pinyin: dict[str, tuple[str, str]] = {}
    for person in new + changed:
        if person.name not in pinyin:
            pinyin[person.name] = name_to_pinyin(person.name)
        person.name_pinyin, person.name_initials = pinyin[person.name]
    for person in changed:
        person.version += 1
        person.updated_at = now
    try:
        with transaction.atomic():
            if new:
                bulk_create_with_history(
                    new,
                    Person,
                    batch_size=BATCH_SIZE,
                    default_user=by,
                    default_change_reason=str(CHANGE_REASON),
                )
            if changed:
                bulk_update_with_history(
                    changed,
                    Person,
                    UPDATED_FIELDS,
                    batch_size=BATCH_SIZE,
                    default_user=by,
                    default_change_reason=str(CHANGE_REASON),
                )
            written = {"created": len(new), "updated": len(changed)}
            audit(AuditAction.IMPORT, request=request, user=by, detail=detail | written)
    except IntegrityError:
        raise ImportRefused(
            _(
                "导入时发现名册中已有相同证件号码的人员（可能是刚刚由他人录入），未导入任何数据。"
                "请重新上传文件以刷新预览。"
            )
        ) from None
    return {**counts, **written}
