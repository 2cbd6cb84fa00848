"""Parse raw text columns into typed values: dates, numbers, yes/no, one column at a time.

Why per column: ``03/04/2026`` is March 4th or April 3rd depending on the export, and only the
rest of the column can tell (a ``14/03/2026`` two rows down settles it). The same goes for
``1.234`` (a thousand or one point two). So every decision is taken once per column, stated in
``ParseOutcome.detail``, and applied to every value alike.

Why on unique values: CRM columns repeat a lot (a million rows hold a few thousand distinct
dates), so each column is factorised, the distinct strings are parsed with vectorised pandas
calls (explicit ``format=`` per candidate, never dateutil per row), and the result is mapped
back. Values that do not parse become NA and are counted, with examples; the caller keeps the
raw text column, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

TEXT_DTYPE = pd.StringDtype("pyarrow")
MAX_EXAMPLES = 5


@dataclass(frozen=True)
class ParseOutcome:
    """Typed values (NA where a value did not parse) and what the user should know about it."""

    values: pd.Series  # datetime64[ns] / Float64 / boolean / string, same index as the input
    failed: int  # non-empty cells that did not parse
    examples: tuple[str, ...]  # up to 5 distinct unparsed values, in order of appearance
    detail: str  # how the column was read, e.g. "dates read day-first (D/M/YYYY)"


def clean_text(series: pd.Series) -> pd.Series:
    """Text with surrounding whitespace removed; empty and whitespace-only cells become NA."""
    text = series.astype(TEXT_DTYPE).str.strip()
    return text.mask(text == "")


def _parse_distinct(
    series: pd.Series, parse: Callable[[pd.Series], tuple[pd.api.extensions.ExtensionArray, str]]
) -> ParseOutcome:
    """Run ``parse`` on the column's distinct non-empty strings and map the result to every row."""
    codes, uniques = pd.factorize(clean_text(series))
    parsed, detail = parse(pd.Series(uniques, dtype=TEXT_DTYPE))
    values = pd.Series(parsed.take(codes, allow_fill=True), index=series.index, name=series.name)
    failed_uniques = np.asarray(pd.isna(parsed))
    failed = int(failed_uniques[codes[codes >= 0]].sum()) if len(uniques) else 0
    examples = tuple(str(value) for value in uniques[failed_uniques][:MAX_EXAMPLES])
    return ParseOutcome(values, failed, examples, detail)


def _replace(text: pd.Series, pattern: str, replacement: str) -> pd.Series:
    """Regex replace with RE2 in pyarrow (pandas runs Python's ``re`` per value for many patterns)."""
    result = pc.replace_substring_regex(pa.array(text), pattern=pattern, replacement=replacement)
    return pd.Series(result, index=text.index, dtype=TEXT_DTYPE)


def _search(text: pd.Series, pattern: str) -> pd.Series:
    """True where ``pattern`` occurs (anchor it with ^...$ for a full match); NA counts as False."""
    found = pc.match_substring_regex(pa.array(text), pattern=pattern).fill_null(False)
    return pd.Series(found.to_numpy(zero_copy_only=False), index=text.index, dtype=bool)


def _whole(pattern: str) -> str:
    return f"^(?:{pattern})$"


# --- dates ---------------------------------------------------------------------------------

_TIMES = ("", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p", " %H:%M:%S.%f", " %I %p")
_NAMED_OR_YEAR_FIRST = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%d-%b-%Y", "%d-%b-%y", "%Y/%m/%d")
_EARLIEST, _LATEST = pd.Timestamp("1678-01-01"), pd.Timestamp("2261-12-31")
_EPOCHS = {  # digits -> (unit, plausible range 2000-01-01 .. 2100-01-01, what to say)
    13: ("ms", (946_684_800_000, 4_102_444_800_000), "epoch milliseconds (UTC)"),
    10: ("s", (946_684_800, 4_102_444_800), "epoch seconds (UTC)"),
}
_EXCEL_SERIALS = (20_000, 73_051)  # 1954-10-03 .. 2099-12-31


def parse_dates(series: pd.Series, *, with_time: bool | None = None) -> ParseOutcome:
    """Read a column of dates in whatever format the export used; see ``detail`` for which.

    Handles ISO 8601 (offsets converted to UTC, then naive), numeric day/month orders with
    ``/ . -`` separators, spelled-out months, Excel serial numbers and epoch timestamps.
    ``with_time=False`` keeps the date only; True or None keep the time of day.
    """

    def parse(uniques: pd.Series) -> tuple[pd.api.extensions.ExtensionArray, str]:
        parsed, notes = _parse_date_strings(uniques)
        in_range = (parsed >= _EARLIEST) & (parsed <= _LATEST)
        parsed = parsed.where(in_range).astype("datetime64[ns]")
        if with_time is False:
            if (parsed.dropna() != parsed.dropna().dt.normalize()).any():
                notes.append("time of day ignored")
            parsed = parsed.dt.normalize()
        return parsed.array, "; ".join(notes)

    return _parse_distinct(series, parse)


def _parse_date_strings(uniques: pd.Series) -> tuple[pd.Series, list[str]]:
    parsed = pd.Series(pd.NaT, index=uniques.index, dtype="datetime64[us]")
    notes: list[str] = []
    numeric = _search(uniques, r"^\d+(?:\.\d+)?$")
    if numeric.sum() > len(uniques) / 2:
        _parse_date_numbers(uniques[numeric], parsed, notes)
    text = _normalise_date_text(uniques[~numeric])
    iso = _search(text, r"^\d{4}-\d{1,2}-\d{1,2}")
    if iso.any():
        with_offset = _search(text[iso], r"(?:Z|[+-]\d{2}:?\d{2})$")
        stamps = pd.to_datetime(text[iso], format="ISO8601", errors="coerce", utc=True)
        # nanoseconds (2025-09-01T06:39:57.599163393Z) are more than the microseconds kept: rounded
        parsed[iso[iso].index] = stamps.dt.tz_convert(None).dt.floor("us").dt.as_unit("us")
        notes.append("ISO dates (YYYY-MM-DD)")
        if with_offset.any():
            notes.append("times with UTC offsets converted to UTC")
    rest = text[~iso]
    if not rest.empty:
        dotted = _search(uniques, r"^\d{1,2}\.\d{1,2}\.\d{2,4}")
        day_first, order_note = _decide_day_first(rest, dots_seen=bool(dotted.any()))
        formats = _candidate_formats(day_first)
        notes.extend(_describe_formats(_fill_with_formats(rest, formats, parsed), order_note))
    return parsed, notes


def _parse_date_numbers(digits: pd.Series, parsed: pd.Series, notes: list[str]) -> None:
    """All-digit dates: epoch timestamps, Excel serial day numbers, YYYYMMDD, or YYMMDD when every value is one."""
    lengths = digits.str.split(".").str[0].str.len()
    common = int(lengths.mode().iloc[0])
    numbers = pd.to_numeric(digits, errors="coerce").astype("float64")
    if common in _EPOCHS and (lengths == common).all():
        unit, (low, high), note = _EPOCHS[common]
        plausible = numbers.between(low, high)
        parsed[plausible[plausible].index] = pd.to_datetime(numbers[plausible], unit=unit)
        notes.append(note)
    elif common == 5 and numbers.between(*_EXCEL_SERIALS).all():
        parsed[numbers.index] = pd.to_datetime(numbers, unit="D", origin="1899-12-30")
        notes.append("Excel serial day numbers")
    elif common == 8:
        parsed[digits.index] = pd.to_datetime(digits, format="%Y%m%d", errors="coerce")
        notes.append("compact dates (YYYYMMDD)")
    elif common == 6 and (lengths == 6).all():
        # YYMMDD (930101 is 1 January 1993), taken only when every value is a real date: six-digit
        # ids almost never are (their middle digits are rarely a month and a day)
        short = pd.to_datetime(digits, format="%y%m%d", errors="coerce")
        if short.notna().all():
            parsed[digits.index] = short
            notes.append("compact dates (YYMMDD)")


def _normalise_date_text(text: pd.Series) -> pd.Series:
    """Shrink the format zoo: weekday names, ordinals, commas, a.m., separators become one form."""
    steps = (
        (r"(?i)^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", ""),
        (r"(?i)(\d)(st|nd|rd|th)\b", r"\1"),
        (r",", " "),
        (r"(?i)\s*a\.?m\.?$", " AM"),
        (r"(?i)\s*p\.?m\.?$", " PM"),
        (r"(?i)\s+(utc|gmt)$", ""),
        (r"\s+", " "),
        (r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})", r"\1/\2/\3"),
    )
    for pattern, replacement in steps:
        text = _replace(text, pattern, replacement)
    return text.str.strip()


def _decide_day_first(text: pd.Series, *, dots_seen: bool) -> tuple[bool, str]:
    """Day-first if a first component exceeds 12, month-first if a second one does; say which.

    When every value is ambiguous, month-first (the US CRMs' default) unless the dates use dots
    (14.03.2026), a European form that is day-first in practice.
    """
    parts = pc.extract_regex(pa.array(text), pattern=r"^(?P<first>\d{1,2})/(?P<second>\d{1,2})/\d{2,4}")
    parts = parts.filter(parts.is_valid())
    if not len(parts):
        return False, ""
    first_is_day = pc.sum(pc.greater(pc.cast(parts.field("first"), pa.int32()), 12)).as_py() or 0
    second_is_day = pc.sum(pc.greater(pc.cast(parts.field("second"), pa.int32()), 12)).as_py() or 0
    if first_is_day > second_is_day:
        return True, "dates read day-first (D/M/YYYY)"
    if second_is_day:
        return False, "dates read month-first (M/D/YYYY)"
    if dots_seen:
        return (
            True,
            "dates read day-first (D.M.YYYY); every one was ambiguous, and dotted dates are day-first",
        )
    return False, "dates read month-first (M/D/YYYY); every one was ambiguous, so month-first was assumed"


def _candidate_formats(day_first: bool) -> list[str]:
    order = "%d/%m" if day_first else "%m/%d"
    bases = (f"{order}/%Y", f"{order}/%y", *_NAMED_OR_YEAR_FIRST)
    return [base + time for base in bases for time in _TIMES]


def _fill_with_formats(text: pd.Series, formats: list[str], parsed: pd.Series) -> list[str]:
    """Try formats in order of success on a sample, filling only what is still unparsed.

    Formats that read nothing in the sample are tried last, and only on leftovers that hold a
    digit (no date format reads "N/A" or "soon"), so garbage does not cost dozens of passes.
    Returns the formats that read at least one value.
    """
    sample = text.iloc[:: max(1, len(text) // 300)]
    hits = {fmt: int(pd.to_datetime(sample, format=fmt, errors="coerce").notna().sum()) for fmt in formats}
    ranked = sorted((fmt for fmt in formats if hits[fmt]), key=lambda fmt: -hits[fmt])
    untried = [fmt for fmt in formats if not hits[fmt]]
    used: list[str] = []
    remaining = text
    for fmt in ranked + untried:
        if fmt == (untried or [None])[0]:
            remaining = remaining[_search(remaining, r"\d")]
        if remaining.empty:
            break
        result = pd.to_datetime(remaining, format=fmt, errors="coerce")
        done = result.notna()
        if done.any():
            parsed[result.index[done]] = result[done]
            used.append(fmt)
            remaining = remaining[~done]
    return used


def _describe_formats(used: list[str], order_note: str) -> list[str]:
    """Human names for the date formats a column was read with, in order of use, no repeats."""
    described: list[str] = []
    for fmt in used:
        if fmt.startswith(("%d/%m", "%m/%d")):
            description = order_note
        elif fmt.startswith("%Y/"):
            description = "year-first dates (YYYY/MM/DD)"
        else:
            description = "dates with month names (14 March 2026, Mar 14 2026)"
        if description not in described:
            described.append(description)
    return described


# --- numbers -------------------------------------------------------------------------------

_SPACES = "[ \u00a0\u2009\u202f']"
_CURRENCY = r"(?:[A-Z]{3}|[A-Z]{1,2}\$|R\$|[$€£¥₹₽₩¢₺₪₫]|kr|zł|Kč|Fr\.?)"
_MINUS = "[-−]"
_POINT_NUMBER = (
    rf"\d{{1,3}}(?:[,]\d{{3}})+(?:\.\d+)?|\d{{1,3}}(?:{_SPACES}\d{{3}})+(?:\.\d+)?|\d*\.?\d+(?:[eE][+-]?\d+)?"
)
_COMMA_NUMBER = rf"\d{{1,3}}(?:[.]\d{{3}})+(?:,\d+)?|\d{{1,3}}(?:{_SPACES}\d{{3}})+(?:,\d+)?|\d*,?\d+"
_COMMA_EVIDENCE = (r"\d{1,3}(?:\.\d{3})+,\d+", r"\d*,(?:\d{1,2}|\d{4,})", r"\d{1,3}(?:\.\d{3}){2,}")
_POINT_EVIDENCE = (r"\d{1,3}(?:,\d{3})+\.\d+", r"\d*\.(?:\d{1,2}|\d{4,})", r"\d{1,3}(?:,\d{3}){2,}")


def parse_numbers(series: pd.Series) -> ParseOutcome:
    """Read amounts and counts: currency symbols/codes, thousands separators, decimal comma,
    ``-12`` / ``(12)`` negatives and ``45%`` (read as 45.0). The decimal mark is decided per
    column from values only one reading fits (``1.234,50``, ``12,5``, ``1,234,567``).
    """

    def parse(uniques: pd.Series) -> tuple[pd.api.extensions.ExtensionArray, str]:
        core, negative, flags = _strip_number_decoration(uniques)
        unspaced = _replace(core, _SPACES, "")  # space and apostrophe are never the decimal mark
        comma_votes = sum(int(_search(unspaced, _whole(p)).sum()) for p in _COMMA_EVIDENCE)
        point_votes = sum(int(_search(unspaced, _whole(p)).sum()) for p in _POINT_EVIDENCE)
        decimal_comma = comma_votes > point_votes
        valid = _search(core, _whole(_COMMA_NUMBER if decimal_comma else _POINT_NUMBER))
        thousands = rf"[.{_SPACES[1:-1]}]" if decimal_comma else rf"[,{_SPACES[1:-1]}]"
        plain = _replace(core.where(valid), thousands, "")
        if decimal_comma:
            plain = plain.str.replace(",", ".", regex=False)
        numbers = pd.to_numeric(plain, errors="coerce").astype("Float64")
        numbers = numbers.where(~negative, -numbers)
        notes = ["numbers with decimal comma"] if decimal_comma else []
        if flags["percent"]:
            notes.append("percentages read as numbers (45% -> 45.0)")
        if (flags["currency"] & valid).any():
            notes.append("currency symbols and codes removed")
        return numbers.array, "; ".join(notes)

    return _parse_distinct(series, parse)


def _strip_number_decoration(text: pd.Series) -> tuple[pd.Series, pd.Series, dict]:
    """Remove %, currency and sign around the digits; return digits, a negative mask, and flags
    (``percent``: any value had %, ``currency``: which values had a currency symbol or code)."""
    percent = text.str.contains("%", regex=False).astype(bool)
    text = _replace(text, r"^%\s*|\s*%$", "")
    negative = pd.Series(False, index=text.index)
    with_currency = _search(text, rf"^{_MINUS}?\(?{_CURRENCY}|{_CURRENCY}\)?{_MINUS}?$")
    parentheses = (r"^\((.*)\)$", r"\1", r"^\(.*\)$")
    leading_minus = (rf"^{_MINUS}\s*", "", rf"^{_MINUS}")
    steps = (  # (pattern, replacement, pattern that marks a negative or None), applied in order
        parentheses,
        leading_minus,
        (r"^\+\s*", "", None),
        (rf"^{_CURRENCY}\s*", "", None),
        (rf"\s*{_CURRENCY}$", "", None),
        parentheses,
        leading_minus,
        (rf"\s*{_MINUS}$", "", rf"{_MINUS}$"),
    )
    for pattern, replacement, negative_mark in steps:
        if negative_mark:
            negative |= _search(text, negative_mark)
        text = _replace(text, pattern, replacement)
    return text.str.strip(), negative, {"percent": bool(percent.any()), "currency": with_currency}


# --- yes / no ------------------------------------------------------------------------------

_TRUE_WORDS = {"yes", "y", "true", "t", "1", "1.0", "checked", "on", "x", "✓", "✔", "subscribed",
               "opted in", "opted-in", "opt in", "opt-in"}  # fmt: skip
_FALSE_WORDS = {"no", "n", "false", "f", "0", "0.0", "unchecked", "off", "unsubscribed",
                "opted out", "opted-out", "opt out", "opt-out"}  # fmt: skip
_BOOLEAN_WORDS = {**dict.fromkeys(_TRUE_WORDS, True), **dict.fromkeys(_FALSE_WORDS, False)}


def parse_booleans(series: pd.Series) -> ParseOutcome:
    """Read yes/no, true/false, 1/0, checked, opted in/out, subscribed, on/off and "x".

    Empty cells are NA, not False: an unticked box and a missing answer are different facts.
    """

    def parse(uniques: pd.Series) -> tuple[pd.api.extensions.ExtensionArray, str]:
        words = _replace(uniques.str.lower(), r"\s+", " ").astype(object)
        return pd.array(words.map(_BOOLEAN_WORDS), dtype="boolean"), ""

    return _parse_distinct(series, parse)


# --- dispatch and messages -----------------------------------------------------------------


def parse_column(series: pd.Series, kind: str) -> ParseOutcome:
    """Parse by canonical field kind; text-like kinds (email, phone, name...) only get stripped."""
    if kind in ("date", "datetime"):
        return parse_dates(series, with_time=kind == "datetime")
    if kind in ("number", "integer"):
        return parse_numbers(series)
    if kind == "boolean":
        return parse_booleans(series)
    return ParseOutcome(clean_text(series).rename(series.name), 0, (), "")


def describe_failures(column_label: str, outcome: ParseOutcome, total: int) -> str | None:
    """One sentence for the user about unparsed values, or None when every value was read."""
    if not outcome.failed:
        return None
    dtype = outcome.values.dtype
    if isinstance(dtype, pd.BooleanDtype):
        what = "yes/no values"
    elif pd.api.types.is_datetime64_dtype(dtype):
        what = "dates"
    elif pd.api.types.is_numeric_dtype(dtype):
        what = "numbers"
    else:
        what = "values of the expected kind"
    examples = f" (examples: {', '.join(outcome.examples)})" if outcome.examples else ""
    return f"{outcome.failed:,} of {total:,} values in {column_label} could not be read as {what}{examples}."
