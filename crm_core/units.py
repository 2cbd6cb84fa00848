"""How a measured or stated value reads for people, whichever catalogue it comes from: the KPI
units the audit measures in (fraction, days, ratio, points, currency) and the units goals are
stated in ("%", "$", "€", "months", "per month"...). One function, so a baseline measured from
the data reads the same on the Goals page, the usage audit and the command line."""

from __future__ import annotations

CURRENCY_SYMBOLS = {"$", "€", "£", "¥"}


def format_value(value: float | None, unit: str) -> str:
    """62.1% (fraction), 48 days, 1.80x (ratio), +32 points, 12,340 (currency), 8% ("%"),
    $115, -$5, 4 months; "–" when there is no value."""
    if value is None:
        return "–"
    unit = (unit or "").strip()
    if unit == "fraction":
        return f"{value:.1%}"
    if unit == "ratio":
        return f"{value:.2f}x"
    if unit == "days":
        return f"{value:,.0f} days"
    if unit == "minutes":
        return duration_text(value)
    if unit == "points":
        return f"{value:+.0f} points"
    if unit == "currency":
        return f"{value:,.0f}"
    number = f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"
    if unit in CURRENCY_SYMBOLS:
        return f"-{unit}{number[1:]}" if number.startswith("-") else f"{unit}{number}"
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}".strip()


def duration_text(minutes: float) -> str:
    """4 minutes, 2.5 hours, 60 hours: a wait people can picture. Never days: a wait counted
    in working time has 10-hour days, and "2.5 days" would mean neither."""
    if abs(minutes) < 90:
        return plural(round(minutes), "minute")
    hours = minutes / 60
    return f"{hours:,.1f} hours" if abs(hours) < 10 else f"{hours:,.0f} hours"


def plural(count: int, word: str) -> str:
    """"1 vote", "18 votes", "1,358 records": a count and its noun, for people to read."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"
