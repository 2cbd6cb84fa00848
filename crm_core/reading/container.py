"""Say what kind of file was uploaded before trying to read it as a table.

Users upload PDFs, images, zipped exports, legacy .xls and password-protected workbooks as
often as real exports. This module recognises them by their first bytes (and, for ZIPs, by
the parts inside), answers "xlsx" or "text" for the readers, and otherwise raises
``InputFileError`` with one sentence that says what the file is and what to upload instead.
The size checks live here too: they are the other reason to refuse a file before reading it.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from typing import BinaryIO

from crm_core.errors import InputFileError

_MAGIC = (
    (b"\x89PNG", "This looks like an image (PNG), not a CRM export: upload a CSV or Excel file."),
    (b"\xff\xd8\xff", "This looks like an image (JPEG), not a CRM export: upload a CSV or Excel file."),
    (b"GIF8", "This looks like an image (GIF), not a CRM export: upload a CSV or Excel file."),
    (b"II*\x00", "This looks like an image (TIFF), not a CRM export: upload a CSV or Excel file."),
    (b"MM\x00*", "This looks like an image (TIFF), not a CRM export: upload a CSV or Excel file."),
    (b"%PDF", "This is a PDF document, not a CRM export: export the report from your CRM as CSV or Excel."),
    (b"MZ", "This looks like a program (Windows executable), not a CRM export: upload a CSV or Excel file."),
    (b"\x7fELF", "This looks like a program (executable), not a CRM export: upload a CSV or Excel file."),
    (
        b"\xcf\xfa\xed\xfe",
        "This looks like a program (executable), not a CRM export: upload a CSV or Excel file.",
    ),
    (
        b"\x1f\x8b",
        "This is a compressed file (gzip), not a CRM export: extract it and upload the CSV or Excel file inside.",
    ),
    (
        b"7z\xbc\xaf",
        "This is a compressed archive (7-Zip), not a CRM export: extract it and upload the CSV or Excel file inside.",
    ),
    (
        b"Rar!",
        "This is a compressed archive (RAR), not a CRM export: extract it and upload the CSV or Excel file inside.",
    ),
    (
        b"SQLite format 3\x00",
        "This is a database file (SQLite), not a CRM export: export the data as CSV or Excel.",
    ),
    (b"PAR1", "This is a Parquet file, not a CRM export: upload a CSV or Excel file."),
)
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_ENCRYPTED_OOXML_MARK = "EncryptionInfo".encode("utf-16-le")
_MARKUP = re.compile(rb"\s*(<!doctype html|<html|<table|<\?xml)", re.IGNORECASE)


def identify_container(handle: BinaryIO, head: bytes, scan_bytes: int) -> str:
    """Return "xlsx" or "text", or raise the sentence that says what the file really is."""
    for magic, message in _MAGIC:
        if head.startswith(magic):
            raise InputFileError(message)
    if head.startswith(_OLE2_MAGIC):
        if _contains(handle, _ENCRYPTED_OOXML_MARK, scan_bytes):
            raise InputFileError(
                "This Excel file is password-protected: remove the password in Excel "
                "(File > Info > Protect Workbook) and save it again, or save it as CSV."
            )
        raise InputFileError(
            "This is an old Excel 97-2003 (.xls) or other legacy Office file: "
            "open it in Excel and save as .xlsx or CSV, then upload that."
        )
    if head.startswith(_ZIP_MAGICS):
        return _identify_zip(handle)
    match = _MARKUP.match(head.lstrip(codecs.BOM_UTF8))
    if match:
        kind = "an XML file" if match.group(1).startswith(b"<?") else "a web page (HTML)"
        raise InputFileError(
            f"This is {kind}, not a CSV or Excel export: open it in Excel and save as .xlsx or CSV, "
            "or export the report from your CRM as CSV."
        )
    return "text"


def _identify_zip(handle: BinaryIO) -> str:
    """A ZIP is an XLSX only if it holds a workbook part; say what else it is otherwise."""
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise InputFileError(
            "This Excel or ZIP file is damaged or incomplete: open it in Excel and save it again, "
            "or export the report again as CSV."
        ) from error
    if "xl/workbook.xml" in names:
        return "xlsx"
    if b"opendocument.spreadsheet" in mimetype:
        raise InputFileError(
            "This is an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV and upload that."
        )
    if "word/document.xml" in names:
        raise InputFileError("This is a Word document, not a CRM export: upload a CSV or Excel file.")
    raise InputFileError(
        "This is a ZIP archive, not a CRM export: unzip it and upload the CSV or Excel file inside."
    )


def _contains(handle: BinaryIO, needle: bytes, scan_bytes: int) -> bool:
    handle.seek(0)
    tail = b""
    while chunk := handle.read(scan_bytes):
        if needle in tail + chunk:
            return True
        tail = chunk[-len(needle) :]
    return False


def check_size(size: int, max_bytes: int | None) -> None:
    if size == 0:
        raise InputFileError("This file is empty: export the report again with at least one row.")
    if max_bytes is not None and size > max_bytes:
        raise InputFileError(
            f"This file is {_human_size(size)}, over the {_human_size(max_bytes)} limit: "
            "split the export into smaller files or filter it to fewer rows or columns."
        )


def _human_size(size: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:,.1f}".removesuffix(".0") + f" {unit}"
    return f"{size:,} bytes"
