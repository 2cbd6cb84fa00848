"""Parsing raw text columns: every date, number and yes/no format CRMs export, decided per column,
with failures counted and shown, never guessed."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_core.values import (
    ParseOutcome,
    describe_failures,
    parse_booleans,
    parse_column,
    parse_dates,
    parse_numbers,
)


def column(*values: str | None) -> pd.Series:
    return pd.Series(list(values), dtype="string")


def stamps(*values: str | None) -> list[pd.Timestamp | None]:
    return [None if value is None else pd.Timestamp(value) for value in values]


def as_list(outcome: ParseOutcome) -> list:
    return [None if pd.isna(value) else value for value in outcome.values]


# --- dates -----------------------------------------------------------------------------------

DATE_FORMATS = {  # id: (raw column, what it means, words the detail must hold)
    "iso date": (["2026-03-14", "2026-12-01"], ["2026-03-14", "2026-12-01"], "ISO"),
    "iso datetime utc": (["2026-03-14T10:05:00Z"], ["2026-03-14 10:05"], "UTC"),
    "iso with offset": (
        ["2026-03-14T10:05:00+02:00", "2026-03-14T23:30:00-05:00"],
        ["2026-03-14 08:05", "2026-03-15 04:30"],
        "converted to UTC",
    ),
    "us": (["3/14/2026", "12/1/2026"], ["2026-03-14", "2026-12-01"], "month-first"),
    "us with time": (
        ["3/14/2026 2:05 PM", "3/14/2026 9:15 am"],
        ["2026-03-14 14:05", "2026-03-14 09:15"],
        "month-first",
    ),
    "us two-digit year": (["3/14/26"], ["2026-03-14"], "month-first"),
    "european slash": (["14/03/2026", "01/12/2026"], ["2026-03-14", "2026-12-01"], "day-first"),
    "european dots": (["14.03.2026", "1.12.2026"], ["2026-03-14", "2026-12-01"], "day-first"),
    "european dash with time": (["14-03-2026 14:05"], ["2026-03-14 14:05"], "day-first"),
    "spelled day month": (["14 March 2026", "1 Dec 2026"], ["2026-03-14", "2026-12-01"], "month names"),
    "spelled month day": (
        ["Mar 14, 2026", "December 1st 2026", "March 14th 2026"],
        ["2026-03-14", "2026-12-01", "2026-03-14"],
        "month names",
    ),
    "weekday prefix": (["Saturday, March 14, 2026"], ["2026-03-14"], "month names"),
    "oracle style": (["14-MAR-2026"], ["2026-03-14"], "month names"),
    "year-first slash": (["2026/03/14"], ["2026-03-14"], "YYYY/MM/DD"),
    "excel serials": (["46095", "46096"], ["2026-03-14", "2026-03-15"], "Excel serial"),
    "epoch milliseconds": (
        ["1773446400000", "1773491100000"],
        ["2026-03-14", "2026-03-14 12:25"],
        "epoch milliseconds",
    ),
    "compact": (["20260314"], ["2026-03-14"], "YYYYMMDD"),
}


@pytest.mark.parametrize(("raw", "meaning", "detail_words"), DATE_FORMATS.values(), ids=DATE_FORMATS.keys())
def test_parse_dates_reads_each_format_family(raw, meaning, detail_words):
    outcome = parse_dates(column(*raw))
    assert as_list(outcome) == stamps(*meaning)
    assert (outcome.failed, outcome.examples) == (0, ())
    assert detail_words in outcome.detail
    assert outcome.values.dtype == "datetime64[ns]"


@pytest.mark.parametrize(
    ("raw", "meaning", "order"),
    [
        (["03/04/2026", "13/04/2026"], ["2026-04-03", "2026-04-13"], "day-first"),  # 13 can only be a day
        (["03/04/2026", "04/13/2026"], ["2026-03-04", "2026-04-13"], "month-first"),
        (["03/04/2026", "05/06/2026"], ["2026-03-04", "2026-05-06"], "month-first"),  # all ambiguous
        (["03.04.2026", "05.06.2026"], ["2026-04-03", "2026-06-05"], "day-first"),  # dots: European
    ],
)
def test_day_or_month_first_is_decided_per_column(raw, meaning, order):
    outcome = parse_dates(column(*raw))
    assert as_list(outcome) == stamps(*meaning)
    assert order in outcome.detail


def test_two_columns_in_one_file_can_use_different_orders():
    us, european = (
        parse_dates(column("01/02/2026", "01/31/2026")),
        parse_dates(column("01/02/2026", "31/01/2026")),
    )
    assert as_list(us)[0] == pd.Timestamp("2026-01-02")
    assert as_list(european)[0] == pd.Timestamp("2026-02-01")


def test_mixed_orders_read_the_majority_and_fail_the_rest():
    outcome = parse_dates(column("13/01/2026", "14/01/2026", "01/15/2026"))
    assert as_list(outcome) == stamps("2026-01-13", "2026-01-14", None)
    assert (outcome.failed, outcome.examples) == (1, ("01/15/2026",))


def test_unparseable_dates_are_counted_with_distinct_examples_and_empty_cells_are_not():
    raw = column(
        "31/02/2026", "N/A", "yesterday", "N/A", None, "  ", "14/03/2026", "TBD", "soon", "later", "never"
    )
    outcome = parse_dates(raw)
    assert as_list(outcome)[6] == pd.Timestamp("2026-03-14")
    assert outcome.failed == 8  # every non-empty cell but one; "N/A" counts twice
    assert outcome.examples == ("31/02/2026", "N/A", "yesterday", "TBD", "soon")  # first five distinct


def test_with_time_false_keeps_the_date_only():
    outcome = parse_dates(column("3/14/2026 11:59 PM", "3/15/2026"), with_time=False)
    assert as_list(outcome) == stamps("2026-03-14", "2026-03-15")
    assert "time of day ignored" in outcome.detail


def test_out_of_range_serials_are_not_read_as_dates():
    outcome = parse_dates(column("12345", "46095"))  # 12345 is 1933: not a plausible export serial
    assert outcome.failed == 2


def test_dates_keep_the_input_index_and_handle_empty_columns():
    raw = pd.Series(["3/14/2026", None], index=[10, 20], dtype="string")
    assert list(parse_dates(raw).values.index) == [10, 20]
    empty = parse_dates(pd.Series([None, " "], dtype="string"))
    assert (empty.failed, empty.values.isna().all()) == (0, True)


DATE_WRITERS = [  # strftime patterns CRMs export with; True when the order is day-first
    ("%Y-%m-%d", False),
    ("%Y-%m-%dT%H:%M:%SZ", False),
    ("%m/%d/%Y", False),
    ("%m/%d/%Y %I:%M %p", False),
    ("%d/%m/%Y", True),
    ("%d.%m.%Y %H:%M", True),
    ("%d-%m-%Y", True),
    ("%d %B %Y", False),
    ("%b %d, %Y", False),
    ("%A, %B %d, %Y", False),
]


@settings(max_examples=60, deadline=None)
@given(
    writer=st.sampled_from(DATE_WRITERS),
    moments=st.lists(
        st.datetimes(min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2099, 12, 31)),
        min_size=1,
        max_size=8,
    ),
)
def test_any_supported_format_parses_back_to_the_same_moment(writer, moments):
    pattern, _day_first = writer
    # One unambiguous date (the 14th) per column, as a real export of any size has.
    moments = [*moments, dt.datetime(2026, 3, 14, 15, 45)]
    outcome = parse_dates(column(*(moment.strftime(pattern) for moment in moments)))
    precision = "s" if "%S" in pattern else "min" if "%M" in pattern else "D"
    expected = [pd.Timestamp(moment).floor(precision) for moment in moments]
    assert as_list(outcome) == expected
    assert outcome.failed == 0


# --- numbers ---------------------------------------------------------------------------------

NUMBER_FORMATS = {  # id: (raw column, values, words the detail must hold)
    "plain": (["12", "-3", "4.5", "+7"], [12, -3, 4.5, 7], ""),
    "us currency": (["$1,234.50", "$-5.00", "-$5.00", "USD 99"], [1234.5, -5, -5, 99], "currency"),
    "accounting negatives": (["(12)", "($1,000.00)", "12-"], [-12, -1000, -12], ""),
    "euro decimal comma": (
        ["€ 1.234,50", "12,5", "1.000.000,00 €"],
        [1234.5, 12.5, 1_000_000],
        "decimal comma",
    ),
    "space thousands": (
        ["1 234,50 EUR", "1\u00a0000,00 EUR", "2\u202f500,5 EUR"],
        [1234.5, 1000, 2500.5],
        "decimal comma",
    ),
    "thin space and point": (["1\u2009234.50", "GBP 99"], [1234.5, 99], ""),
    "swiss apostrophe": (["1'234.50", "CHF 12'000"], [1234.5, 12000], ""),
    "percent": (["45%", "12.5 %", "-3%"], [45, 12.5, -3], "percentages"),
    "pound and yen": (["£12.99", "¥1,000"], [12.99, 1000], "currency"),
    "scientific": (["1.5E+3", "2e-2"], [1500, 0.02], ""),
}


@pytest.mark.parametrize(
    ("raw", "numbers", "detail_words"), NUMBER_FORMATS.values(), ids=NUMBER_FORMATS.keys()
)
def test_parse_numbers_reads_each_format(raw, numbers, detail_words):
    outcome = parse_numbers(column(*raw))
    assert as_list(outcome) == pytest.approx(numbers)
    assert (outcome.failed, outcome.values.dtype) == (0, "Float64")
    assert detail_words in outcome.detail


@pytest.mark.parametrize(
    ("raw", "numbers", "decimal_comma"),
    [
        (["1,234", "2,5"], [1.234, 2.5], True),  # "2,5" can only be a decimal comma
        (["1,234", "2.5"], [1234, 2.5], False),
        (["1.234", "1.234.567"], [1234, 1234567], True),  # two dots can only be thousands
        (["1.234"], [1.234], False),  # ambiguous alone: decimal point
    ],
)
def test_decimal_mark_is_decided_per_column(raw, numbers, decimal_comma):
    outcome = parse_numbers(column(*raw))
    assert as_list(outcome) == pytest.approx(numbers)
    assert ("decimal comma" in outcome.detail) is decimal_comma


def test_unparseable_numbers_are_counted_with_examples():
    outcome = parse_numbers(column("12", "n/a", "", "1,2,3", "twelve", "$", None, "12abc"))
    assert as_list(outcome) == [12, None, None, None, None, None, None, None]
    assert (outcome.failed, outcome.examples) == (5, ("n/a", "1,2,3", "twelve", "$", "12abc"))


@settings(max_examples=80, deadline=None)
@given(
    cents=st.lists(st.integers(min_value=-(10**11), max_value=10**11), min_size=1, max_size=10),
    european=st.booleans(),
)
def test_formatted_amounts_parse_back(cents, european):
    def render(amount: int) -> str:
        text = f"{abs(amount) / 100:,.2f}"
        if european:
            text = text.replace(",", " ").replace(".", ",").replace(" ", ".") + " €"
        else:
            text = "$" + text
        return f"({text})" if amount < 0 else text

    outcome = parse_numbers(column(*map(render, cents)))
    assert as_list(outcome) == pytest.approx([amount / 100 for amount in cents])


# --- yes / no --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "meaning"),
    [
        (["Yes", "no", "Y", "n"], [True, False, True, False]),
        (["TRUE", "false", "T", "f"], [True, False, True, False]),
        (["1", "0", "on", "OFF"], [True, False, True, False]),
        (["Checked", "unchecked", "x", None], [True, False, True, None]),
        (["Opted In", "opted-out", "Subscribed", "Unsubscribed"], [True, False, True, False]),
    ],
)
def test_parse_booleans(raw, meaning):
    outcome = parse_booleans(column(*raw))
    assert as_list(outcome) == meaning
    assert (outcome.failed, outcome.values.dtype) == (0, "boolean")


def test_unknown_booleans_fail_and_empty_is_not_false():
    outcome = parse_booleans(column("maybe", "", "yes", "2", None))
    assert as_list(outcome) == [None, None, True, None, None]
    assert (outcome.failed, outcome.examples) == (2, ("maybe", "2"))


# --- dispatch and messages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "dtype"),
    [
        ("date", "datetime64[ns]"),
        ("datetime", "datetime64[ns]"),
        ("number", "Float64"),
        ("integer", "Float64"),
        ("boolean", "boolean"),
        ("email", "string"),
    ],  # fmt: skip
)
def test_parse_column_dispatches_on_field_kind(kind, dtype):
    assert str(parse_column(column("1", None), kind).values.dtype).startswith(dtype.split("[")[0])


def test_parse_column_date_drops_time_and_datetime_keeps_it():
    raw = column("3/14/2026 2:05 PM")
    assert as_list(parse_column(raw, "date")) == stamps("2026-03-14")
    assert as_list(parse_column(raw, "datetime")) == stamps("2026-03-14 14:05")


def test_text_kinds_are_stripped_and_never_fail():
    outcome = parse_column(column("  Ann@Example.com ", "", "not an email", None), "email")
    assert as_list(outcome) == ["Ann@Example.com", None, "not an email", None]
    assert (outcome.failed, describe_failures("Email", outcome, 4)) == (0, None)


def test_describe_failures_writes_one_sentence_with_thousands_separators():
    outcome = ParseOutcome(
        pd.Series(pd.NaT, index=range(3), dtype="datetime64[ns]"), 412, ("31/02/2026", "soon", "TBD"), ""
    )
    assert describe_failures("Close Date", outcome, 5000) == (
        "412 of 5,000 values in Close Date could not be read as dates (examples: 31/02/2026, soon, TBD)."
    )
    numbers = parse_numbers(column("12", "twelve"))
    assert (
        describe_failures("Amount", numbers, 2)
        == "1 of 2 values in Amount could not be read as numbers (examples: twelve)."
    )
    flags = parse_booleans(column("maybe"))
    assert "could not be read as yes/no values" in describe_failures("Opt Out", flags, 1_234_567)
    assert "1 of 1,234,567" in describe_failures("Opt Out", flags, 1_234_567)


def test_timestamps_written_to_the_nanosecond_are_read_to_the_microsecond():
    parsed = parse_dates(pd.Series(["2025-09-01T06:39:57.599163393Z", "2025-09-01 18:50:47.767617918"],
                                   dtype="string"))
    assert parsed.failed == 0
    assert parsed.values.tolist() == [pd.Timestamp("2025-09-01 06:39:57.599163"),
                                      pd.Timestamp("2025-09-01 18:50:47.767617")]


def test_six_digit_dates_are_read_only_when_every_value_is_one():
    parsed = parse_dates(pd.Series(["930101", "930102", "961231", "000229"], dtype="string"))
    assert parsed.failed == 0 and "YYMMDD" in parsed.detail
    assert parsed.values.tolist()[0] == pd.Timestamp("1993-01-01")
    ids = parse_dates(pd.Series(["123456", "654321", "930101"], dtype="string"))
    assert ids.failed == 3  # an id column is not half-read as dates
