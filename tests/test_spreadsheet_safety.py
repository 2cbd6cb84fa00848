"""No cell from user or CRM data runs as a formula in any spreadsheet the workbench writes."""

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from crm_core.spreadsheet_safety import neutralise, to_csv_bytes, to_xlsx_bytes

RISKY = ["=HYPERLINK(\"http://x\")", "+44 20 7946 0123", "-1+1", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("value", RISKY)
def test_every_formula_start_gets_a_quote(value):
    assert neutralise(pd.DataFrame({"v": [value]}))["v"].iloc[0] == "'" + value


def test_plain_text_numbers_missing_and_categories():
    frame = pd.DataFrame({"text": ["Acme", None], "n": [-5, 3],
                          "cat": pd.Categorical(["=1", "ok"])})
    safe = neutralise(frame)
    assert safe["text"].iloc[0] == "Acme" and pd.isna(safe["text"].iloc[1])
    assert list(safe["n"]) == [-5, 3]  # real numbers are not text: left alone
    assert list(safe["cat"].astype(str)) == ["'=1", "ok"]


def test_csv_and_xlsx_both_carry_the_quote():
    frame = pd.DataFrame({"name": ["=2+3", "Bea"]})
    csv_text = to_csv_bytes(frame).decode("utf-8-sig")
    assert "'=2+3" in csv_text and "\n=2+3" not in csv_text
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(frame))).active
    assert sheet["A2"].value == "'=2+3" and sheet["A3"].value == "Bea"


def test_control_characters_do_not_stop_an_xlsx_export():
    """A CRM note pasted with a form feed or a NUL: the XLSX is written, the character shown as U+FFFD."""
    import io as _io

    import pandas as _pd
    from openpyxl import load_workbook

    from crm_core.spreadsheet_safety import to_xlsx_bytes

    frame = _pd.DataFrame({"Notes\x07": ["call back\x0c tomorrow", "fine\tline\nbreak", "=\x00cmd"]})
    book = load_workbook(_io.BytesIO(to_xlsx_bytes(frame)))
    values = [[c.value for c in row] for row in book.active.iter_rows()]
    assert values == [["Notes\ufffd"], ["call back\ufffd tomorrow"], ["fine\tline\nbreak"], ["'=\ufffdcmd"]]
