"""Read any CRM export (CSV-like text or XLSX) into a table of raw text, and say how.

CRM exports arrive in every shape: UTF-16 from Excel, cp1252 from old Windows tools, semicolons
from European locales, report titles above the header and copyright lines below the data. This
module turns all of them into one thing, a DataFrame whose every column is text, and reports in
plain sentences what it had to do on the way. Types are decided later, per canonical field
(see ``crm_core.values``), because only the field knows whether ``03/04/2026`` is a date.

Large files: the layout is sniffed on the first 64 KB, the encoding is confirmed over the whole
file in a cheap streaming pass, then pandas' C parser reads the data in chunks in one pass.
Anything that is not a readable export raises ``InputFileError`` with a sentence for the user.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import os
import re
import string
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

import pandas as pd

from crm_core.errors import InputFileError

SAMPLE_BYTES = 64 * 1024
MAX_SAMPLE_BYTES = 8 * 1024 * 1024
CHUNK_ROWS = 200_000
SCAN_BYTES = 4 * 1024 * 1024
TEXT_DTYPE = pd.StringDtype("pyarrow")
DELIMITERS = (",", "\t", ";", "|")

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class ReadReport:
    """How a file was read, for the user to check and for the import record."""

    file_name: str
    file_format: str  # "csv" | "xlsx"
    encoding: str | None
    delimiter: str | None
    header_row: int  # 0-based line (text) or row (sheet) index of the header
    sheet: str | None
    sheet_names: tuple[str, ...]
    rows: int
    columns: int
    notes: tuple[str, ...]


@dataclass(frozen=True)
class RawTable:
    """Every column as text (pyarrow-backed string dtype); empty and blank cells are NA."""

    frame: pd.DataFrame
    report: ReadReport


@dataclass(frozen=True)
class TextEncoding:
    """An encoding as the report names it (``label``) and as Python decodes it after the BOM."""

    label: str
    codec: str
    bom_length: int = 0


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
        _check_size(size, max_bytes)
        handle.seek(0)
        head = handle.read(SAMPLE_BYTES)
        while head.count(b"\n") < 2 and len(head) < min(size, MAX_SAMPLE_BYTES):
            head += handle.read(len(head))  # very wide rows: the sample must hold whole records
        report_progress(0.0, f"Checking {name}")
        if _identify_container(handle, head) == "xlsx":
            return _read_workbook(handle, name, sheet, report_progress)
        return _read_text(handle, head, size, name, report_progress)


# --- what kind of file is this -------------------------------------------------------------

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


def _identify_container(handle: BinaryIO, head: bytes) -> str:
    """Return "xlsx" or "text", or raise the sentence that says what the file really is."""
    for magic, message in _MAGIC:
        if head.startswith(magic):
            raise InputFileError(message)
    if head.startswith(_OLE2_MAGIC):
        if _contains(handle, _ENCRYPTED_OOXML_MARK):
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


def _contains(handle: BinaryIO, needle: bytes) -> bool:
    handle.seek(0)
    tail = b""
    while chunk := handle.read(SCAN_BYTES):
        if needle in tail + chunk:
            return True
        tail = chunk[-len(needle) :]
    return False


def _check_size(size: int, max_bytes: int | None) -> None:
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


# --- text encoding -------------------------------------------------------------------------

_ASCII = bytes(range(128))
_UNDEFINED_IN_CP1252 = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
_C1_RANGE = frozenset(range(0x80, 0xA0))
_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32)])
_UNDECODABLE = "The characters in this file could not be recognised: export or save it again as UTF-8 CSV."


def sniff_encoding(sample: bytes) -> TextEncoding | None:
    """Encoding evident from a sample alone (BOM, UTF-16 NUL pattern), else None.

    Raises InputFileError when NULs or control bytes say the sample is binary, not text.
    """
    for bom, label, codec in (
        (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
    ):
        if sample.startswith(bom):
            return TextEncoding(label, codec, len(bom))
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 4:
        nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
        if nul_odd > 0.3 and nul_even < 0.05:
            return TextEncoding("utf-16-le", "utf-16-le")
        if nul_even > 0.3 and nul_odd < 0.05:
            return TextEncoding("utf-16-be", "utf-16-be")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample.count(0) > len(sample) * 0.005 or controls > len(sample) * 0.05:
        raise InputFileError("This looks like a binary file, not a CRM export: upload a CSV or Excel file.")
    return None


def detect_encoding(handle: BinaryIO, sample: bytes) -> TextEncoding:
    """Exact checks first (BOM, strict UTF-8 over the whole file, cp1252 vs latin-1), then a guess
    by charset-normalizer for text no Western code page explains (Cyrillic, Japanese...)."""
    encoding = sniff_encoding(sample)
    if encoding is not None:
        if not _decodes_fully(handle, encoding):
            raise InputFileError(_UNDECODABLE)
        return encoding
    utf8 = TextEncoding("utf-8", "utf-8")
    if _decodes_fully(handle, utf8):
        return utf8
    high_bytes = _high_bytes(handle)
    western = TextEncoding("cp1252" if high_bytes & _C1_RANGE else "latin-1", "cp1252")
    fits_cp1252 = not high_bytes & _UNDEFINED_IN_CP1252
    if fits_cp1252 and not _mostly_non_ascii_letters(sample):
        return western
    guess = _guess_with_charset_normalizer(sample)
    if guess is not None and _decodes_fully(handle, guess):
        return guess
    if fits_cp1252:
        return western
    raise InputFileError(_UNDECODABLE)


def _decodes_fully(handle: BinaryIO, encoding: TextEncoding) -> bool:
    """Stream the whole file through a strict decoder; cheap for ASCII-heavy UTF-8 chunks."""
    handle.seek(encoding.bom_length)
    decoder = codecs.getincrementaldecoder(encoding.codec)("strict")
    is_utf8 = encoding.codec == "utf-8"
    try:
        while chunk := handle.read(SCAN_BYTES):
            if is_utf8 and chunk.isascii() and not decoder.getstate()[0]:
                continue
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _high_bytes(handle: BinaryIO) -> frozenset[int]:
    handle.seek(0)
    found: set[int] = set()
    while chunk := handle.read(SCAN_BYTES):
        found.update(chunk.translate(None, _ASCII))
    return frozenset(found)


def _mostly_non_ascii_letters(sample: bytes) -> bool:
    """Western text has an accent here and there; Cyrillic or Greek in a one-byte code page is
    mostly high bytes, which cp1252 would silently turn into nonsense like "Èâàí"."""
    high = len(sample) - len(sample.translate(None, bytes(range(0x80, 0x100))))
    ascii_letters = len(sample) - len(sample.translate(None, string.ascii_letters.encode()))
    return high > 0.3 * (high + ascii_letters)


def _guess_with_charset_normalizer(sample: bytes) -> TextEncoding | None:
    from charset_normalizer import from_bytes  # only needed for the rare non-Western file

    best = from_bytes(sample).best()
    if best is None or best.encoding.replace("_", "-") in ("utf-8", "ascii"):
        return None
    return TextEncoding(best.encoding, best.encoding)


# --- layout: delimiter, header, records ----------------------------------------------------


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter whose split gives the most consistent multi-cell row width.

    csv.Sniffer guesses from character frequencies and is easily fooled; here each candidate
    splits the sample with quotes respected, and scores the share of non-blank records having
    the modal width (> 1). Ties go to the wider table, then to the character less likely to
    occur inside values (tab, pipe, semicolon, comma: "Austin, TX", "1,5" are common).
    Nothing splits at all: comma (a one-column file). The last record is ignored when there are
    several, since a sample may end inside it.
    """
    best, best_score = ",", (0.0, 0)
    for delimiter in ("\t", "|", ";", ","):
        records = _parse_records(text, delimiter)[0]
        widths = (
            [len(record) for record in records[:-1] if any(record)]
            if len(records) > 2
            else [len(record) for record in records if any(record)]
        )
        multi = [width for width in widths if width > 1]
        if not multi:
            continue
        modal_width, modal_count = Counter(multi).most_common(1)[0]
        score = (modal_count / len(widths), modal_width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def find_header_row(records: Sequence[Sequence[str | None]]) -> int:
    """Index of the first record that reads like the header, skipping report titles above it.

    Title lines ("Contacts report", "As of, 3/14/2026", blank lines) fill one or two cells, or
    hold dates and numbers; the header fills at least half of the table's width with labels
    (cells holding a letter), and at least two cells when the table has two columns or more.
    """
    cells = [
        [str(cell).strip() for cell in record if cell is not None and str(cell).strip()] for record in records
    ]
    table_width = max((len(filled) for filled in cells), default=0)
    needed = max(min(2, table_width), math.ceil(table_width * 0.5))
    for index, filled in enumerate(cells):
        if sum(any(char.isalpha() for char in cell) for cell in filled) >= needed:
            return index
    return next((index for index, filled in enumerate(cells) if len(filled) >= needed), 0)


def _parse_records(text: str, delimiter: str) -> tuple[list[list[str]], list[int]]:
    """Records of a text sample plus, for each, the character offset just after it."""
    lines = list(io.StringIO(text, newline=""))
    line_ends = [0]
    for line in lines:
        line_ends.append(line_ends[-1] + len(line))
    reader = csv.reader(iter(lines), delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    records, ends = [], []
    for record in reader:
        records.append(record)
        ends.append(line_ends[reader.line_num])
    return records, ends


# --- reading text --------------------------------------------------------------------------


def _read_text(handle: BinaryIO, head: bytes, size: int, name: str, progress: Progress) -> RawTable:
    encoding = detect_encoding(handle, head)
    progress(0.1, f"Reading {name} as {encoding.label} text")
    decoder = codecs.getincrementaldecoder(encoding.codec)("strict")
    truncated = size > len(head)
    text = decoder.decode(head[encoding.bom_length :], final=not truncated)
    if truncated and "\n" in text:
        text = text[: text.rindex("\n") + 1]
    notes: list[str] = []
    forced = re.match(r"sep=(.)\r?\n", text)
    skip_chars = forced.end() if forced else 0
    delimiter = forced.group(1) if forced else sniff_delimiter(text)
    records, ends = _parse_records(text[skip_chars:], delimiter)
    usable = records[:-1] if truncated and len(records) > 1 else records
    if not any(any(cell.strip() for cell in record) for record in usable):
        raise InputFileError("This file contains no rows: export the report again with at least one row.")
    header_index = find_header_row(usable[:50])
    header = usable[header_index]
    _note_skipped_titles(usable[:header_index], notes)
    data_start = encoding.bom_length + len(text[: skip_chars + ends[header_index]].encode(encoding.codec))
    width = max([len(header), *(len(record) for record in usable[header_index + 1 :])])
    raw = _read_text_body(handle, data_start, size, encoding, delimiter, width, progress)
    frame = _finish_frame(raw, header, notes)
    progress(1.0, f"Read {len(frame):,} rows from {name}")
    report = ReadReport(
        file_name=name,
        file_format="csv",
        encoding=encoding.label,
        delimiter=delimiter,
        header_row=_line_index(text, skip_chars + (ends[header_index - 1] if header_index else 0)),
        sheet=None,
        sheet_names=(),
        rows=len(frame),
        columns=frame.shape[1],
        notes=tuple(notes),
    )
    return RawTable(frame, report)


def _line_index(text: str, offset: int) -> int:
    """0-based physical line number at a character offset (CRLF, LF and lone CR all end a line)."""
    prefix = text[:offset]
    return prefix.count("\n") + prefix.count("\r") - prefix.count("\r\n")


def _read_text_body(
    handle: BinaryIO,
    start: int,
    size: int,
    encoding: TextEncoding,
    delimiter: str,
    width: int,
    progress: Progress,
) -> pd.DataFrame:
    """Read every data record after the header with pandas' C parser, in chunks, as text.

    A row wider than the sample showed makes the parser stop with "saw N fields": widen and
    read again (rare, and only the ragged files pay for it).
    """
    for _attempt in range(4):
        handle.seek(start)
        chunks = []
        try:
            reader = pd.read_csv(
                handle,
                sep=delimiter,
                header=None,
                names=list(range(width)),
                index_col=False,
                dtype=TEXT_DTYPE,
                keep_default_na=False,
                na_values=[""],
                quotechar='"',
                doublequote=True,
                skip_blank_lines=True,
                encoding=encoding.codec,
                engine="c",
                chunksize=CHUNK_ROWS,
            )
            with reader:
                for chunk in reader:
                    chunks.append(chunk)
                    done = min(handle.tell() / size, 1.0) if size else 1.0
                    progress(0.1 + 0.85 * done, f"Read {sum(map(len, chunks)):,} rows")
        except pd.errors.ParserError as error:
            seen = re.search(r"saw (\d+)", str(error))
            if seen is None:
                raise InputFileError(
                    "This file could not be split into rows and columns: check it opens correctly "
                    "in a spreadsheet and export it again as CSV."
                ) from error
            width = max(int(seen.group(1)), width + 1) * (2 if _attempt == 2 else 1)
            continue
        except UnicodeDecodeError as error:
            raise InputFileError(_UNDECODABLE) from error
        if not chunks:
            return pd.DataFrame({column: pd.Series([], dtype=TEXT_DTYPE) for column in range(width)})
        return pd.concat(chunks, ignore_index=True)
    raise InputFileError(
        "Some rows of this file have far more cells than its header: check the delimiter and "
        "quoting, and export it again as CSV."
    )


def _note_skipped_titles(title_records: Sequence[Sequence[str | None]], notes: list[str]) -> None:
    if not title_records:
        return
    first_text = next(
        (
            str(cell).strip()
            for record in title_records
            for cell in record
            if cell is not None and str(cell).strip()
        ),
        None,
    )
    detail = f" (starting '{_shorten(first_text)}')" if first_text else ""
    notes.append(f"Skipped {_count(len(title_records), 'line')} above the header{detail}.")


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- reading workbooks ---------------------------------------------------------------------

_CORRUPT_WORKBOOK = (
    "This Excel file is damaged or incomplete: open it in Excel and save it again, "
    "or export the report again as CSV."
)


def _read_workbook(handle: BinaryIO, name: str, sheet: str | None, progress: Progress) -> RawTable:
    """Read one sheet with openpyxl (read-only, cached values), cells rendered as text."""
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    handle.seek(0)
    broken = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, IndexError,
              AttributeError, OSError, EOFError, ParseError, SyntaxError)  # fmt: skip
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except broken as error:
        raise InputFileError(_CORRUPT_WORKBOOK) from error
    try:
        sheet_names = tuple(workbook.sheetnames)
        if not sheet_names:
            raise InputFileError(_CORRUPT_WORKBOOK)
        if sheet is not None and sheet not in sheet_names:
            raise InputFileError(
                f"This workbook has no sheet named '{sheet}': choose one of {', '.join(sheet_names)}."
            )
        chosen = sheet if sheet is not None else sheet_names[0]
        worksheet = workbook[chosen]
        total_rows = worksheet.max_row or 0
        rows: list[list[str | None]] = []
        try:
            for row in worksheet.iter_rows(values_only=True):
                rows.append([_cell_text(value) for value in row])
                if len(rows) % 50_000 == 0 and total_rows:
                    progress(0.85 * min(len(rows) / total_rows, 1.0), f"Read {len(rows):,} rows")
        except broken as error:
            raise InputFileError(_CORRUPT_WORKBOOK) from error
    finally:
        workbook.close()
    if not any(any(cell is not None for cell in row) for row in rows):
        raise InputFileError(
            f"The sheet '{chosen}' is empty: choose another sheet or export the report again with at least one row."
        )
    notes: list[str] = []
    header_index = find_header_row(rows[:50])
    header = ["" if cell is None else cell for cell in rows[header_index]]
    _note_skipped_titles(rows[:header_index], notes)
    body = rows[header_index + 1 :]
    width = max([len(header), *(len(row) for row in body)])
    columns = {
        i: pd.Series([row[i] if i < len(row) else None for row in body], dtype=TEXT_DTYPE)
        for i in range(width)
    }
    frame = _finish_frame(pd.DataFrame(columns), header, notes)
    progress(1.0, f"Read {len(frame):,} rows from {name}")
    report = ReadReport(
        name, "xlsx", None, None, header_index, chosen, sheet_names, len(frame), frame.shape[1], tuple(notes)
    )
    return RawTable(frame, report)


def _cell_text(value: object) -> str | None:
    """Render a cell the way a CSV export of it would read; dates as ISO so they parse later."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


# --- shaping the raw cells into a named table ----------------------------------------------

_FOOTER = re.compile(
    r"confidential|copyright|\(c\)|©|all rights reserved|generated by|do not distribute|grand total",
    re.IGNORECASE,
)


def _finish_frame(raw: pd.DataFrame, header: Sequence[str], notes: list[str]) -> pd.DataFrame:
    """Positional columns + header cells -> named text table; every repair is noted.

    Blank and whitespace-only cells become NA; fully empty rows go; blank header cells get
    "Column N"; duplicates get " (2)"; cells beyond the header land in "extra_N" columns;
    Salesforce-style footer lines below the data are removed.
    """
    for position in raw.columns:
        raw[position] = raw[position].mask(raw[position].str.isspace().fillna(False))
    has_values = raw.notna().any(axis=1)
    if not has_values.all() and has_values.any():
        notes.append(f"Dropped {_count(int((~has_values).sum()), 'row')} with no value in any column.")
    raw = raw.loc[has_values].reset_index(drop=True)
    raw = _strip_footer(raw, notes)
    header_cells = [str(cell).strip().lstrip("\ufeff").strip() for cell in header]
    empty_columns = ~raw.notna().any(axis=0)
    keep, names, extra_names, blank_names, dropped_blank = [], [], [], [], 0
    for position in range(raw.shape[1]):
        label = header_cells[position] if position < len(header_cells) else None
        if empty_columns.iloc[position] and not label:
            dropped_blank += label is not None
            continue
        if label is None:
            label = f"extra_{len(extra_names) + 1}"
            extra_names.append(label)
        elif not label:
            label = f"Column {position + 1}"
            blank_names.append(label)
        keep.append(position)
        names.append(label)
    frame = raw.iloc[:, keep].copy()
    frame.columns = _unique_names(names, notes)
    if blank_names:
        notes.append(
            f"Named {_count(len(blank_names), 'column')} with a blank header: {', '.join(blank_names)}."
        )
    if dropped_blank:
        notes.append(f"Dropped {_count(dropped_blank, 'empty column')} that had no header.")
    if extra_names:
        extra = frame.columns[-len(extra_names) :]
        wide_rows = int(frame[extra].notna().any(axis=1).sum())
        where = f"column '{extra[0]}'" if len(extra) == 1 else f"columns '{extra[0]}' to '{extra[-1]}'"
        notes.append(
            f"{_count(wide_rows, 'row')} had more cells than the header; the extra cells were kept in {where}."
        )
    if frame.empty:
        raise InputFileError(
            "This file has a header but no data rows: export the report again with at least one record."
        )
    return frame


def _unique_names(names: Sequence[str], notes: list[str]) -> list[str]:
    taken = set(names)
    seen: set[str] = set()
    unique = []
    for name in names:
        if name in seen:
            copy_number = 2
            while f"{name} ({copy_number})" in taken:
                copy_number += 1
            renamed = f"{name} ({copy_number})"
            notes.append(f"Renamed duplicate column '{name}' to '{renamed}'.")
            taken.add(renamed)
            name = renamed
        seen.add(name)
        unique.append(name)
    return unique


def _strip_footer(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Drop report footer lines (copyright, confidentiality, "Generated By") below the data.

    Only trailing rows that fill the first cell alone are candidates, and only when one of them
    reads like a footer. In tables of three or more columns the lone-cell rows just above the
    first footer line (the report name Salesforce repeats there) go with it.
    """
    tail = frame.tail(12)
    if tail.empty:
        return frame
    filled = tail.notna()
    lone_first_cell = filled.iloc[:, 0] & (filled.sum(axis=1) == 1)
    block = 0
    for is_lone in reversed(lone_first_cell.tolist()):
        if not is_lone:
            break
        block += 1
    if not block:
        return frame
    texts = tail.iloc[-block:, 0].astype(str).tolist()
    matching = [i for i, text in enumerate(texts) if _FOOTER.search(text)]
    if not matching:
        return frame
    cut = block if frame.shape[1] >= 3 else block - matching[0]
    first_footer = texts[matching[0]]
    notes.append(f"Removed {_count(cut, 'footer line')} below the data (such as '{_shorten(first_footer)}').")
    return frame.iloc[: len(frame) - cut].reset_index(drop=True)
