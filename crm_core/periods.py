"""Audit periods are calendar quarters written ``2026-Q4``: the manager's re-run cadence."""

from __future__ import annotations

import re
from datetime import date

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def next_period(period: str) -> str | None:
    """The quarter after ``period``, or None when it is not written as ``YYYY-Qn``."""
    match = _QUARTER.match(period.strip())
    if match is None:
        return None
    year, quarter = int(match.group(1)), int(match.group(2))
    return f"{year + 1}-Q1" if quarter == 4 else f"{year}-Q{quarter + 1}"
