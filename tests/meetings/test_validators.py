import pytest
from django.core.exceptions import ValidationError

from meetings.validators import (
    ATTACHMENT_EXECUTABLE,
    ATTACHMENT_MISMATCH,
    ATTACHMENT_TOO_LARGE,
    ATTACHMENT_TYPE,
    MAX_ATTACHMENT_BYTES,
    format_document_number,
    parse_document_number,
    validate_attachment,
)
from tests.meetings.builders import (
    ELF_BYTES,
    EXE_BYTES,
    GIF_BYTES,
    JPEG_BYTES,
    OLE_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    ooxml_bytes,
    upload,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("〔2026〕1号", (2026, 1)),
        ("[2026]12号", (2026, 12)),
        ("【2025】3号", (2025, 3)),
        ("（2026）7", (2026, 7)),
        (" (2026) 第2号 ", (2026, 2)),
    ],
)
def test_parse_document_number_accepts_common_brackets(text, expected):
    assert parse_document_number(text) == expected


@pytest.mark.parametrize(
    "text", ["", "2026-1", "〔26〕1号", "〔2026〕号", "〔2026〕0号", "〔1990〕1号"]
)
def test_parse_document_number_rejects_malformed_with_chinese_message(text):
    with pytest.raises(ValidationError) as caught:
        parse_document_number(text)
    assert "文号" in caught.value.messages[0]


def test_format_document_number_uses_official_brackets():
    assert format_document_number(2026, 1) == "〔2026〕1号"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("进展报告.pdf", PDF_BYTES),
        ("照片.png", PNG_BYTES),
        ("照片.JPG", JPEG_BYTES),
        ("照片.jpeg", JPEG_BYTES),
        ("动图.gif", GIF_BYTES),
        ("旧版.doc", OLE_BYTES),
        ("旧表.xls", OLE_BYTES),
        ("报告.docx", ooxml_bytes("word/document.xml")),
        ("统计.xlsx", ooxml_bytes("xl/workbook.xml")),
    ],
)
def test_validate_attachment_accepts_pdf_word_excel_and_images(name, content):
    validate_attachment(upload(name, content))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("程序.exe", EXE_BYTES, ATTACHMENT_EXECUTABLE),
        ("伪装.pdf", EXE_BYTES, ATTACHMENT_EXECUTABLE),
        ("伪装.docx", ELF_BYTES, ATTACHMENT_EXECUTABLE),
        ("脚本.pdf", b"#!/bin/sh\nrm -rf /\n", ATTACHMENT_EXECUTABLE),
        ("报告.exe.pdf", PDF_BYTES, ATTACHMENT_EXECUTABLE),
        ("脚本.bat", b"@echo off\r\n", ATTACHMENT_EXECUTABLE),
        ("说明.txt", b"plain text", ATTACHMENT_TYPE),
        ("网页.html", b"<html></html>", ATTACHMENT_TYPE),
        ("图片.pdf", PNG_BYTES, ATTACHMENT_MISMATCH),
        ("文档.png", PDF_BYTES, ATTACHMENT_MISMATCH),
        ("表格.docx", ooxml_bytes("xl/workbook.xml"), ATTACHMENT_MISMATCH),
        ("程序.docx", ooxml_bytes("META-INF/MANIFEST.MF"), ATTACHMENT_MISMATCH),
        ("坏包.xlsx", b"PK\x03\x04broken", ATTACHMENT_MISMATCH),
    ],
)
def test_validate_attachment_rejects_executables_and_mismatches(name, content, message):
    with pytest.raises(ValidationError) as caught:
        validate_attachment(upload(name, content))
    assert caught.value.messages == [message]


def test_validate_attachment_rejects_over_10_mb():
    content = PDF_BYTES + b"0" * (MAX_ATTACHMENT_BYTES + 1 - len(PDF_BYTES))
    with pytest.raises(ValidationError) as caught:
        validate_attachment(upload("大文件.pdf", content))
    assert caught.value.messages == [ATTACHMENT_TOO_LARGE]


def test_validate_attachment_accepts_exactly_10_mb():
    content = PDF_BYTES + b"0" * (MAX_ATTACHMENT_BYTES - len(PDF_BYTES))
    validate_attachment(upload("刚好.pdf", content))


def test_validate_attachment_rejects_empty_file():
    with pytest.raises(ValidationError):
        validate_attachment(upload("空.pdf", b""))
