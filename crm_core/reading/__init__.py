"""Read any CRM export (CSV-like text or XLSX) into a table of raw text, and say how.

CRM exports arrive in every shape: UTF-16 from Excel, cp1252 from old Windows tools, semicolons
from European locales, report titles above the header and copyright lines below the data. This
package turns all of them into one thing, a DataFrame whose every column is text, and reports in
plain sentences what it had to do on the way. Types are decided later, per canonical field
(see ``crm_core.values``), because only the field knows whether ``03/04/2026`` is a date.

Large files: the layout is sniffed on the first 64 KB, the encoding is confirmed over the whole
file in a cheap streaming pass, then pandas' C parser reads the data in chunks in one pass.
Anything that is not a readable export raises ``InputFileError`` with a sentence for the user.

``read_table`` is the entry point. The work is split by concern: ``container`` (what kind of
file this is), ``encoding``, ``text`` (delimiter, header row, chunked body), ``workbook``
(XLSX), ``frames`` (naming columns, cutting footers, the notes) and ``report`` (the results).
"""

from __future__ import annotations

import io
import os
from typing import BinaryIO

from crm_core.errors import InputFileError
from crm_core.reading.container import check_size, identify_container
from crm_core.reading.encoding import SCAN_BYTES, TextEncoding, detect_encoding, sniff_encoding
from crm_core.reading.report import TEXT_DTYPE, Progress, RawTable, ReadReport
from crm_core.reading.text import DELIMITERS, find_header_row, read_text, sniff_delimiter
from crm_core.reading.workbook import read_workbook

__all__ = [
    "CHUNK_ROWS",
    "DELIMITERS",
    "MAX_SAMPLE_BYTES",
    "SAMPLE_BYTES",
    "SCAN_BYTES",
    "TEXT_DTYPE",
    "Progress",
    "RawTable",
    "ReadReport",
    "TextEncoding",
    "detect_encoding",
    "find_header_row",
    "read_table",
    "sniff_delimiter",
    "sniff_encoding",
]

# The size knobs of a read. read_table looks them up here, in this package, on every call and
# passes them down, so setting crm_core.reading.SCAN_BYTES (or CHUNK_ROWS...) takes effect.
SAMPLE_BYTES = 64 * 1024
MAX_SAMPLE_BYTES = 8 * 1024 * 1024
CHUNK_ROWS = 200_000


def read_table(
    source: bytes | str | os.PathLike,
    *,
    file_name: str | None = None,
    sheet: str | None = None,
    max_bytes: int | None = None,
    progress: Progress | None = None,
) -> RawTable:
    """Read a CSV/TSV/semicolon/pipe text export or an XLSX workbook into raw text columns."""
    report_progress = progress or (lambda fraction, message: None)
    if isinstance(source, (bytes, bytearray, memoryview)):
        handle: BinaryIO = io.BytesIO(bytes(source))
        name = file_name or "uploaded file"
    else:
        name = file_name or os.path.basename(os.fspath(source))
        try:
            handle = open(source, "rb")
        except OSError as error:
            raise InputFileError(
                f"The file {name} could not be opened: check that it exists and try again."
            ) from error
    with handle:
        size = handle.seek(0, io.SEEK_END)
        check_size(size, max_bytes)
        handle.seek(0)
        head = handle.read(SAMPLE_BYTES)
        while head.count(b"\n") < 2 and len(head) < min(size, MAX_SAMPLE_BYTES):
            head += handle.read(len(head))  # very wide rows: the sample must hold whole records
        report_progress(0.0, f"Checking {name}")
        if identify_container(handle, head, SCAN_BYTES) == "xlsx":
            return read_workbook(handle, name, sheet, report_progress)
        return read_text(
            handle, head, size, name, report_progress, scan_bytes=SCAN_BYTES, chunk_rows=CHUNK_ROWS
        )
