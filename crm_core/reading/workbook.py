"""Read one sheet of an XLSX workbook into the same raw text table the text reader produces.

Excel hands over typed cells (numbers, dates, booleans) where a CSV export would hold text.
This module renders each cell the way a CSV export of it would read, with dates in ISO form so
they parse later, then shares header detection and frame finishing with the text reader. It
imports openpyxl only when a workbook actually arrives, and turns every way a damaged file
breaks openpyxl into one ``InputFileError``.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from typing import BinaryIO

import pandas as pd

from crm_core.errors import InputFileError
from crm_core.reading.frames import finish_frame, note_skipped_titles
from crm_core.reading.report import TEXT_DTYPE, Progress, RawTable, ReadReport
from crm_core.reading.text import find_header_row

_CORRUPT_WORKBOOK = (
    "This Excel file is damaged or incomplete: open it in Excel and save it again, "
    "or export the report again as CSV."
)


def read_workbook(handle: BinaryIO, name: str, sheet: str | None, progress: Progress) -> RawTable:
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
    notes: list[str] = []
    try:
        sheet_names = tuple(workbook.sheetnames)
        if not sheet_names:
            raise InputFileError(_CORRUPT_WORKBOOK)
        if sheet is not None and sheet not in sheet_names:
            raise InputFileError(
                f"This workbook has no sheet named '{sheet}': choose one of {', '.join(sheet_names)}."
            )
        # no sheet chosen: the first one that holds anything (a cover or notes sheet often comes first)
        for chosen in (sheet,) if sheet is not None else sheet_names:
            worksheet = workbook[chosen]
            rows = _sheet_rows(worksheet, progress, broken)
            if any(any(cell is not None for cell in row) for row in rows):
                break
        else:
            which = f"The sheet '{chosen}' is" if len(sheet_names) == 1 or sheet else "Every sheet is"
            raise InputFileError(f"{which} empty: choose another sheet or export the report again with at "
                                 "least one row.")
        if chosen != sheet_names[0] and sheet is None:
            notes.append(f"The first sheet ('{sheet_names[0]}') is empty: read the sheet '{chosen}' instead.")
    finally:
        workbook.close()
    _note_formulas_without_values(handle, chosen, rows, notes, broken)
    _fill_merged_cells(handle, getattr(worksheet, "_worksheet_path", None), rows, notes)
    header_index = find_header_row(rows[:50])
    header = ["" if cell is None else cell for cell in rows[header_index]]
    note_skipped_titles(rows[:header_index], notes)
    body = rows[header_index + 1 :]
    width = max([len(header), *(len(row) for row in body)])
    columns = {
        i: pd.Series([row[i] if i < len(row) else None for row in body], dtype=TEXT_DTYPE)
        for i in range(width)
    }
    frame = finish_frame(pd.DataFrame(columns), header, notes)
    progress(1.0, f"Read {len(frame):,} rows from {name}")
    report = ReadReport(
        name, "xlsx", None, None, header_index, chosen, sheet_names, len(frame), frame.shape[1], tuple(notes)
    )
    return RawTable(frame, report)


def _sheet_rows(worksheet, progress: Progress, broken: tuple) -> list[list[str | None]]:
    total_rows = worksheet.max_row or 0
    rows: list[list[str | None]] = []
    try:
        for row in worksheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in row])
            if len(rows) % 50_000 == 0 and total_rows:
                progress(0.85 * min(len(rows) / total_rows, 1.0), f"Read {len(rows):,} rows")
    except broken as error:
        raise InputFileError(_CORRUPT_WORKBOOK) from error
    return rows


FORMULA_CHECK_ROWS = 5_000


def _note_formulas_without_values(handle: BinaryIO, sheet: str, rows: list[list[str | None]], notes: list[str],
                                  broken: tuple) -> None:
    """A formula whose result was never saved (a workbook written by a script, never opened in
    Excel) reads as an empty cell: say how many, from the sheet's first rows, instead of
    importing them silently as missing values."""
    from openpyxl import load_workbook

    handle.seek(0)
    try:
        formulas = load_workbook(handle, read_only=True, data_only=False)
    except broken:
        return
    try:
        empty = 0
        for number, row in enumerate(formulas[sheet].iter_rows(values_only=True)):
            if number >= FORMULA_CHECK_ROWS:
                break
            values = rows[number] if number < len(rows) else []
            empty += sum(1 for position, cell in enumerate(row) if isinstance(cell, str) and cell.startswith("=")
                         and (position >= len(values) or values[position] is None))
    except broken:
        return
    finally:
        formulas.close()
    if empty:
        where = f" in its first {FORMULA_CHECK_ROWS:,} rows" if len(rows) > FORMULA_CHECK_ROWS else ""
        notes.append(f"{empty:,} cell(s){where} hold a formula whose result was never saved, so they read as "
                     "empty: open the file in Excel, save it, and import it again.")


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _merged_ranges(handle: BinaryIO, sheet_path: str) -> list[tuple[int, int, int, int]]:
    """The merged blocks of one sheet as 0-based (first row, last row, first column, last column).

    Read-only openpyxl does not read them, and they sit after the cells in the sheet's XML, so
    the XML is streamed and only what follows the cells is searched.
    """
    from openpyxl.utils import column_index_from_string

    handle.seek(0)
    marker, tail, after_cells = b"</sheetData>", b"", False
    with zipfile.ZipFile(handle) as archive, archive.open(sheet_path.lstrip("/")) as xml:
        while chunk := xml.read(1 << 20):
            tail += chunk
            if not after_cells:
                end = tail.find(marker)
                after_cells = end >= 0
                tail = tail[end:] if after_cells else tail[-len(marker):]
    return [(int(r1) - 1, int(r2) - 1, column_index_from_string(c1.decode()) - 1,
             column_index_from_string(c2.decode()) - 1)
            for c1, r1, c2, r2 in _MERGE_REF.findall(tail) if int(r2) > int(r1)]


def _fill_merged_cells(handle: BinaryIO, sheet_path: str | None, rows: list[list[str | None]],
                       notes: list[str]) -> None:
    """Give every cell of a block merged over several rows the value of its first cell.

    A team's sheet often merges one account name over the rows of its contacts; read as it is
    stored, only the first of those rows would have a name. Blocks within one row (a title over
    several columns) are left as they are.
    """
    if not sheet_path:
        return
    try:
        ranges = _merged_ranges(handle, sheet_path)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError):
        return
    filled = 0
    for first_row, last_row, first_col, last_col in ranges:
        if first_row >= len(rows) or first_col >= len(rows[first_row]):
            continue
        value = rows[first_row][first_col]
        for row in rows[first_row:last_row + 1]:
            if len(row) <= last_col:
                row.extend([None] * (last_col + 1 - len(row)))
            for col in range(first_col, last_col + 1):
                if row[col] is None and value is not None:
                    row[col] = value
                    filled += 1
    if filled:
        notes.append(f"{filled:,} empty cell(s) inside {len(ranges):,} block(s) of merged cells took the value the "
                     "block shows in Excel (merged cells keep it in their first cell only).")


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
