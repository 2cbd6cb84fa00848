"""Spreadsheet files that cannot run code: every CSV and XLSX the workbench writes from user
or CRM data goes through here.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula when the file is opened (CSV injection), so such cells get a leading single quote and
show as the text they are, in CSV and XLSX alike. Control characters that an XLSX file cannot
hold (a CRM note pasted with a stray form feed) become U+FFFD instead of stopping the export.
"""

from __future__ import annotations

import io
import re

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from openpyxl import Workbook

FORMULA_PATTERN = r"^[=+\-@\t\r]"
CONTROL_PATTERN = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"  # what XML 1.0, and so XLSX, cannot hold
REPLACEMENT = "\ufffd"
XLSX_MAX_ROWS = 1_000_000  # per sheet; Excel's limit is 1,048,576
TEXT = "string"


def _neutral(text: pd.Series) -> pd.Series:
    if text.str.contains(CONTROL_PATTERN, regex=True).fillna(False).any():
        text = text.str.replace(CONTROL_PATTERN, REPLACEMENT, regex=True)
    risky = text.str.contains(FORMULA_PATTERN, regex=True).fillna(False)
    return text.mask(risky, "'" + text) if risky.any() else text


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells that a spreadsheet would read as a formula start with ``'``,
    and whose text (column names included) holds no control character XLSX refuses."""
    result = frame.copy()
    result.columns = [re.sub(CONTROL_PATTERN, REPLACEMENT, c) if isinstance(c, str) else c for c in result.columns]
    for name in result.columns:
        column = result[name]
        if isinstance(column.dtype, pd.CategoricalDtype):  # a few labels: fix them, not every row
            categories = _neutral(pd.Series(column.cat.categories.astype(str), dtype=TEXT))
            result[name] = column.cat.rename_categories(list(categories))
        elif pd.api.types.is_string_dtype(column) or column.dtype == object:
            result[name] = _neutral(column.astype(TEXT))
    return result


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark (Excel then reads accents right), cells neutralised, every
    text cell quoted and CRLF line ends (a cell holding a line break stays one cell)."""
    safe = neutralise(frame)
    table = pa.Table.from_pandas(safe.astype({c: TEXT for c in safe.columns
                                              if isinstance(safe[c].dtype, pd.CategoricalDtype)}),
                                 preserve_index=False)
    buffer = io.BytesIO()
    buffer.write("\ufeff".encode())
    pacsv.write_csv(table, buffer, pacsv.WriteOptions(quoting_style="needed", eol="\r\n"))
    return buffer.getvalue()


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "Issues") -> bytes:
    """An XLSX workbook (more sheets past a million rows), cells neutralised, all as text."""
    safe = neutralise(frame)
    book = Workbook(write_only=True)
    chunks = range(0, max(len(safe), 1), XLSX_MAX_ROWS)
    for number, start in enumerate(chunks, start=1):
        page = book.create_sheet(sheet if len(chunks) == 1 else f"{sheet} {number}")
        page.append([str(c) for c in safe.columns])
        part = safe.iloc[start:start + XLSX_MAX_ROWS].astype(object)
        for row in part.itertuples(index=False, name=None):
            page.append([None if pd.isna(v) else (v if isinstance(v, (int, float)) else str(v)) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
