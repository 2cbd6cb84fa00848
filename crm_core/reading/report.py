"""What a read produces: the raw text table and the report of how the file was read.

These types sit below every reader in the package (text, workbook) and above nothing, so the
readers can build them and ``crm_core.reading`` can re-export them without any import cycle.
``TEXT_DTYPE`` is the one column type every reader produces; types are decided later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

TEXT_DTYPE = pd.StringDtype("pyarrow")

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
