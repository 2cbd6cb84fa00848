"""Fix exports: formula-injection neutralisation in CSV and XLSX, the standardised copy in the
source's own column names, and its change log."""

import io
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from crm_core.audit.data.config import DataAuditConfig
from crm_core.audit.data.report import run_data_audit
from crm_core.audit.data.fixes import issues_csv, issues_xlsx, standardised_copy, standardised_zip
from crm_core.spreadsheet_safety import neutralise
from crm_core.findings import ISSUE_COLUMNS
from crm_core.mapping import map_headers
from crm_core.values import parse_column
from tests.audit.data_tables import AS_OF

DANGEROUS = ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def _issues(values):
    return pd.DataFrame({"record_id": [f"r{n}" for n in range(len(values))], "entity": "contacts",
                         "field": "email", "check": "DATA.EMAIL_INVALID", "severity": "high",
                         "value": values, "suggestion": "x"})[list(ISSUE_COLUMNS)]


def test_neutralise_prefixes_every_formula_start():
    frame = neutralise(pd.DataFrame({"a": DANGEROUS + ["plain", None]}))
    assert frame["a"].tolist()[:6] == ["'" + v for v in DANGEROUS]
    assert frame["a"].iloc[6] == "plain" and pd.isna(frame["a"].iloc[7])


def test_csv_cells_from_data_cannot_run_as_formulas():
    text = issues_csv(_issues(DANGEROUS)).decode("utf-8-sig")
    read = pd.read_csv(io.StringIO(text, newline=""), dtype=str, keep_default_na=False)
    assert read["value"].tolist() == ["'" + v for v in DANGEROUS]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in read["value"])


def test_xlsx_cells_from_data_cannot_run_as_formulas():
    workbook = load_workbook(io.BytesIO(issues_xlsx(_issues(DANGEROUS))))
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    assert header == list(ISSUE_COLUMNS)
    column = header.index("value") + 1
    cells = [sheet.cell(row=r, column=column) for r in range(2, 2 + len(DANGEROUS))]
    assert all(cell.data_type == "s" for cell in cells)  # text, never a formula
    # an XML reader may turn a lone carriage return into a line feed; the quote in front is what matters
    assert [cell.value.replace("\r", "\n") for cell in cells] == ["'" + v.replace("\r", "\n") for v in DANGEROUS]


def _export():
    raw = pd.DataFrame({
        "Contact ID": ["c1", "c2", "c3"],
        "Email": ["ann@gmial.com", "bo@acme.com", "cy@acme.com"],
        "Phone": ["(415) 555-0100", "020 7946 0000", "+49 30 12345678"],
        "Mailing Country": ["USA", "United Kingdom", "Germnay"],
        "Secret Notes": ["=cmd", "keep me", None],  # an unmapped column stays as it is
    }, dtype="string")
    mapping = map_headers(list(raw.columns), "contacts").mapped()
    canonical = pd.DataFrame({field: parse_column(raw[header], "text").values for header, field in mapping.items()})
    return raw, canonical, mapping


def test_standardised_copy_keeps_the_source_columns_and_logs_each_change():
    raw, canonical, mapping = _export()
    assert mapping["Mailing Country"] == "country" and "Secret Notes" not in mapping
    report = run_data_audit({"contacts": canonical}, as_of=AS_OF)
    accepted = {"country": {"USA": "United States"}}
    copy, changes = standardised_copy(raw, canonical, mapping, "contacts", report.result.issues, accepted)
    assert list(copy.columns) == list(raw.columns)
    assert copy["Email"].tolist() == ["ann@gmail.com", "bo@acme.com", "cy@acme.com"]  # typo fixed
    assert copy["Mailing Country"].tolist() == ["United States", "United Kingdom", "Germany"]
    assert copy["Phone"].tolist() == ["+14155550100", "+442079460000", "+493012345678"]
    assert copy["Secret Notes"].tolist()[:2] == ["=cmd", "keep me"]
    assert raw["Email"].iloc[0] == "ann@gmial.com"  # the original is untouched
    logged = {(row.record_id, row.column, row.before, row.after) for row in changes.itertuples()}
    assert ("c1", "Email", "ann@gmial.com", "ann@gmail.com") in logged
    assert ("c1", "Mailing Country", "USA", "United States") in logged
    assert ("c3", "Mailing Country", "Germnay", "Germany") in logged
    assert set(changes["check"]) >= {"accepted cluster", "DATA.EMAIL_DOMAIN_TYPO", "phone to E.164"}


def test_only_the_chosen_fixes_are_applied():
    raw, canonical, mapping = _export()
    report = run_data_audit({"contacts": canonical}, as_of=AS_OF)
    config = DataAuditConfig(fix_codes=(), phones_to_e164=False)
    copy, changes = standardised_copy(raw, canonical, mapping, "contacts", report.result.issues, {}, config)
    pd.testing.assert_frame_equal(copy, raw.reset_index(drop=True), check_dtype=False)
    assert changes.empty


def test_the_zip_holds_each_copy_and_a_neutralised_change_log():
    raw, canonical, mapping = _export()
    report = run_data_audit({"contacts": canonical}, as_of=AS_OF)
    copy = standardised_copy(raw, canonical, mapping, "contacts", report.result.issues)
    archive = zipfile.ZipFile(io.BytesIO(standardised_zip({"contacts": copy})))
    assert sorted(archive.namelist()) == ["contacts_changes.csv", "contacts_standardised.csv"]
    changes = pd.read_csv(io.BytesIO(archive.read("contacts_changes.csv")), dtype=str, encoding="utf-8-sig")
    assert "'+14155550100" in changes["after"].tolist()  # the log is for people: neutralised
    assert "+14155550100" in archive.read("contacts_standardised.csv").decode()  # the copy is for the CRM


def test_rows_must_line_up():
    raw, canonical, mapping = _export()
    with pytest.raises(ValueError, match="same rows"):
        standardised_copy(raw.iloc[:2], canonical, mapping, "contacts", pd.DataFrame(columns=list(ISSUE_COLUMNS)))
