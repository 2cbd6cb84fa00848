"""Read CSV-like text exports: find the delimiter and the header, then read the body in chunks.

Text exports hide their layout: commas, tabs, semicolons or pipes, report titles above the
header, a ``sep=`` line from Excel, rows wider than the header. This module settles the layout
on a sample (``sniff_delimiter``, ``find_header_row``) and then lets pandas' C parser read the
whole body in chunks in one pass, so large files stay fast and memory stays bounded.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import BinaryIO

import pandas as pd

from crm_core.errors import InputFileError
from crm_core.reading.encoding import UNDECODABLE_MESSAGE, TextEncoding, detect_encoding
from crm_core.reading.frames import finish_frame, note_skipped_titles
from crm_core.reading.report import TEXT_DTYPE, Progress, RawTable, ReadReport

DELIMITERS = (",", "\t", ";", "|")


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


# The csv module refuses cells over 128 KiB by default; CRM notes fields can be longer. The
# sample parsed here is bounded anyway, so the limit only has to stop a runaway quote.
MAX_CELL_CHARS = 16 * 1024 * 1024
csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL_CHARS))


def _parse_records(text: str, delimiter: str) -> tuple[list[list[str]], list[int]]:
    """Records of a text sample plus, for each, the character offset just after it."""
    lines = list(io.StringIO(text, newline=""))
    line_ends = [0]
    for line in lines:
        line_ends.append(line_ends[-1] + len(line))
    reader = csv.reader(iter(lines), delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    records, ends = [], []
    try:
        for record in reader:
            records.append(record)
            ends.append(line_ends[reader.line_num])
    except csv.Error as error:
        raise InputFileError(
            f"A cell near line {reader.line_num:,} is longer than {MAX_CELL_CHARS // 1024**2} MiB of text, "
            "which usually means a quote is missing: check the file in a spreadsheet and export it again."
        ) from error
    return records, ends


def read_text(
    handle: BinaryIO,
    head: bytes,
    size: int,
    name: str,
    progress: Progress,
    *,
    scan_bytes: int,
    chunk_rows: int,
) -> RawTable:
    """Read a delimited text export: encoding, delimiter and header from the sample, then the body."""
    encoding = detect_encoding(handle, head, scan_bytes)
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
    note_skipped_titles(usable[:header_index], notes)
    data_start = encoding.bom_length + len(text[: skip_chars + ends[header_index]].encode(encoding.codec))
    width = max([len(header), *(len(record) for record in usable[header_index + 1 :])])
    raw = _read_text_body(handle, data_start, size, encoding, delimiter, width, chunk_rows, progress, notes)
    _note_swallowed_records(raw, delimiter, len(header), notes)
    frame = finish_frame(raw, header, notes)
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


def _note_swallowed_records(raw: pd.DataFrame, delimiter: str, width: int, notes: list[str]) -> None:
    """A quote opened in a cell and never closed makes the reader take the following lines, whole
    records, into that one cell. Cells whose inner lines each hold about as many delimiters as a
    record are named, so the user fixes the quote instead of importing fewer, garbled records."""
    if width < 3:
        return
    rows: dict[int, int] = {}
    for column in raw.columns:
        broken = raw[column].str.contains("\n", regex=False).fillna(False)
        for row, cell in raw.loc[broken.to_numpy(), column].items():
            swallowed = sum(1 for line in str(cell).split("\n")[1:] if line.count(delimiter) >= width - 2)
            if swallowed:
                rows[int(row)] = rows.get(int(row), 0) + swallowed
    if rows:
        where = ", ".join(f"{row + 1:,}" for row in sorted(rows)[:5]) + (" ..." if len(rows) > 5 else "")
        notes.append(f"{sum(rows.values()):,} line(s) that look like whole records were read into one cell of "
                     f"data row(s) {where}: a quote (\") opened there is never closed. Close the quote in the "
                     "file and import it again, or those records are missing.")


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
    chunk_rows: int,
    progress: Progress,
    notes: list[str],
) -> pd.DataFrame:
    """Read every data record after the header with pandas' C parser, in chunks, as text.

    A row wider than the sample showed makes the parser stop with "saw N fields": widen and
    read again (rare, and only the ragged files pay for it). A file that ends inside a quoted
    cell (an export cut off in transfer, a quote never closed) is read up to the record where
    that quote opens, and the note says what was left out.
    """
    rows = None
    for _attempt in range(5):
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
                chunksize=chunk_rows,
                nrows=rows,
            )
            with reader:
                for chunk in reader:
                    chunks.append(chunk)
                    done = min(handle.tell() / size, 1.0) if size else 1.0
                    progress(0.1 + 0.85 * done, f"Read {sum(map(len, chunks)):,} rows")
        except pd.errors.ParserError as error:
            unclosed = re.search(r"EOF inside string starting at row (\d+)", str(error))
            if unclosed is not None and rows is None:
                rows = int(unclosed.group(1))
                notes.append(f"A quote (\") opened on data row {rows + 1:,} is never closed, so the file ends inside "
                             f"that cell (was the export cut off?): the {rows:,} row(s) before it were read, that row "
                             "and anything after it were left out. Close the quote, or export again, to read them.")
                continue
            seen = re.search(r"saw (\d+)", str(error))
            if seen is None:
                raise InputFileError(
                    "This file could not be split into rows and columns: check it opens correctly "
                    "in a spreadsheet and export it again as CSV."
                ) from error
            width = max(int(seen.group(1)), width + 1) * (2 if _attempt == 2 else 1)
            continue
        except UnicodeDecodeError as error:
            raise InputFileError(UNDECODABLE_MESSAGE) from error
        if not chunks:
            return pd.DataFrame({column: pd.Series([], dtype=TEXT_DTYPE) for column in range(width)})
        return pd.concat(chunks, ignore_index=True)
    raise InputFileError(
        "Some rows of this file have far more cells than its header: check the delimiter and "
        "quoting, and export it again as CSV."
    )
