"""How a Salesforce report export writes values, and writing the CSV files.

Dates are US style M/D/YYYY, datetimes M/D/YYYY h:mm AM, checkboxes 1/0, money with two
decimals; text is UTF-8 without BOM and lines end in LF. No locale is consulted.
"""

import csv
from datetime import date, datetime
from pathlib import Path

from .phones import Phone


def format_date(value: date) -> str:
    """3/14/2026"""
    return f"{value.month}/{value.day}/{value.year}"


def format_datetime(value: datetime) -> str:
    """3/14/2026 2:05 PM"""
    hour = value.hour % 12 or 12
    half = "AM" if value.hour < 12 else "PM"
    return f"{value.month}/{value.day}/{value.year} {hour}:{value.minute:02d} {half}"


def format_value(value, row_region: str | None = None) -> str:
    """Render one cell; None becomes an empty cell.

    A phone is written with its +country code when the row's country is not the phone's own
    (or is empty or misspelt), so every valid number stays valid for a reader of that row.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, Phone):
        return value.render(value.region != row_region)
    return str(value)


def render_rows(rows: list[dict], headers: list[str], region_of_row=None) -> list[dict]:
    """Turn record dicts into dicts of strings, exactly as they will be written."""
    rendered = []
    for row in rows:
        region = region_of_row(row) if region_of_row else None
        rendered.append({h: format_value(row.get(h), region) for h in headers})
    return rendered


def write_csv(path: Path, headers: list[str], rows: list[dict]) -> None:
    """Write with the csv module: UTF-8 without BOM, LF line endings, minimal quoting."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows([row[h] for h in headers] for row in rows)
