"""Hostile text from the CRM or the room: spreadsheet formulas are neutralised in the XLSX,
markup is escaped in HTML, PDF and Markdown."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from crm_core import report as reports
from crm_core.audit.runner import WorkspaceAudit
from crm_core.findings import ISSUE_COLUMNS, AuditResult, Finding, Score
from crm_core.models import ManualRecommendation
from crm_core.recommend import Decision
from crm_core.report.model import ReportOptions, WorkspaceFacts, build_report
from tests.report.readers import html_text, pdf_pages

FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1"]
SCRIPT = "<script>alert('x')</script> & <b>bold</b>"


@pytest.fixture(scope="module")
def hostile_report():
    issues = pd.DataFrame([{"record_id": "c1", "entity": "contacts", "field": "email", "check": "DATA.EMAIL_INVALID",
                            "severity": "high", "value": value, "suggestion": ""} for value in FORMULAS],
                          columns=list(ISSUE_COLUMNS)).astype("string")
    data = AuditResult("data", (Score("overall", 55.0, "test"),), (
        Finding("DATA.EMAIL_INVALID", "high", FORMULAS[0], 6, detail=SCRIPT),
        Finding("DATA.NO_OWNER", "high", SCRIPT, 2, evidence={"contacts": 2})), issues)
    manual = [ManualRecommendation(workspace_id="w", rec_key=f"MANUAL.{n}", title=text, rationale=SCRIPT,
                                   actions=f"{text}\n{SCRIPT}", owner=text, priority="important", impact=3, effort=2,
                                   serves="credibility") for n, text in enumerate([*FORMULAS, SCRIPT])]
    decisions = {"DATA.NO_OWNER": Decision("DATA.NO_OWNER", owner="=1+1")}
    audit = WorkspaceAudit({"data": data}, as_of=date(2026, 10, 1))
    return build_report(workspace=WorkspaceFacts("w", organisation=f"Acme {SCRIPT}", facilitator="=cmd"),
                        audit=audit, manual=manual, decisions=decisions,
                        options=ReportOptions(prepared_on=date(2026, 11, 23)))


def test_no_xlsx_cell_can_run_as_a_formula(hostile_report):
    book = load_workbook(io.BytesIO(reports.render(hostile_report, "xlsx")))
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), (sheet.title, cell.value)
    for formula in FORMULAS:  # still there, shown as text
        assert "'" + formula in texts


def test_html_escapes_every_string(hostile_report):
    content = reports.render(hostile_report, "html")
    text, tags, _ = html_text(content)
    assert "script" not in tags and "b" not in tags
    assert "<script>alert('x')</script>" in text and "<b>bold</b>" in text  # shown as typed
    assert b"&lt;script&gt;" in content


def test_pdf_prints_markup_as_text(hostile_report):
    text = " ".join(" ".join(pdf_pages(reports.render(hostile_report, "pdf"))).split())
    assert "<b>bold</b>" in text and "&" in text


def test_markdown_escapes_formatting_characters(hostile_report):
    text = reports.render(hostile_report, "md").decode()
    assert "<script>" not in text and "\\<script\\>" in text
    assert "cmd\\|" in text  # a pipe cannot open a new table column
