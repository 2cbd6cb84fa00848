"""The report as an XLSX action plan: one row per recommendation (autofilter, frozen header),
the findings on a second sheet, the scorecard and roadmap after them.

Every text cell that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or
a carriage return) is neutralised with a leading single quote by the shared
``crm_core.spreadsheet_safety.neutralise``, the guard every export uses.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from crm_core.spreadsheet_safety import neutralise
from crm_core.audit.runner import area_label
from crm_core.recommend import PRIORITY_LABELS, STATUS_LABELS
from crm_core.report.model import Report, rec_links, serves_text
from crm_core.roadmap import HORIZONS, horizon_of
from crm_core.scorecard import BAND_LABELS, scorecard_table

HEADER_FILL = PatternFill("solid", fgColor="1F5F99")
WIDE = {"Title": 48, "Rationale": 70, "Actions": 70, "Detail": 70, "Examples": 60, "Evidence": 50, "Focus": 80,
        "Goals served": 40, "Root causes addressed": 40}


def action_plan(report: Report) -> pd.DataFrame:
    rows = []
    for rank, rec in enumerate(report.recommendations, start=1):
        goals, causes = rec_links(report, rec)
        rows.append({
            "Rank": rank, "Priority": PRIORITY_LABELS.get(rec.priority, rec.priority), "Title": rec.title,
            "Area": area_label(rec.area) if rec.area not in ("plan", "other") else rec.area.capitalize(),
            "Owner": rec.owner, "Due date": rec.due_date, "Status": STATUS_LABELS.get(rec.status, rec.status),
            "Impact": rec.impact, "Effort": rec.effort, "Quick win": "yes" if rec.quick_win else "no",
            "Roadmap": HORIZONS[horizon_of(rec, start=report.prepared_on)], "Serves": serves_text(rec),
            "Rationale": rec.rationale, "Actions": "\n".join(f"{n}. {s}" for n, s in enumerate(rec.actions, start=1)),
            "Goals served": "\n".join(goals), "Root causes addressed": "\n".join(causes),
            "Key": rec.key, "Finding": ", ".join(rec.finding_codes),
        })
    return pd.DataFrame(rows)


def findings_sheet(report: Report) -> pd.DataFrame:
    rows = []
    for section in report.areas:
        for f in section.findings:
            rows.append({"Area": section.label, "Code": f.code, "Severity": f.severity_label, "Title": f.title,
                         "Affected": f.affected_count, "Detail": f.detail,
                         "Evidence": "; ".join(f"{k}: {v}" for k, v in f.evidence),
                         "Examples": "\n".join(f"{e.entity} {e.record_id} {e.field}: {e.value}" for e in f.examples)})
    return pd.DataFrame(rows, columns=["Area", "Code", "Severity", "Title", "Affected", "Detail", "Evidence",
                                       "Examples"])


def _scorecard(report: Report) -> pd.DataFrame:
    table = scorecard_table(report.scorecard)
    return pd.DataFrame({"Area": table["label"], "Score": table["score"].round(1),
                         "Band": table["band"].map(BAND_LABELS), "Findings": table["findings"],
                         "Critical or high": table["serious"], "Basis": table["basis"], "Note": table["note"]})


def _roadmap(report: Report) -> pd.DataFrame:
    table = report.roadmap
    return pd.DataFrame({"Lane": table["lane"], "Order": table["order"], "Title": table["title"],
                         "Priority": table["priority"], "Owner": table["owner"], "Due date": table["target"],
                         "Quick win": table["quick_win"].map({True: "yes", False: "no"})})


def _about(report: Report) -> pd.DataFrame:
    rows = [("Client", report.client), ("Report", report.title), ("Author", report.author),
            ("Prepared on", report.prepared_on.isoformat()), ("Data as of", report.as_of.isoformat()),
            ("Period", report.period), ("Personal data", "redacted" if report.redacted else "as exported"),
            *report.methods]
    return pd.DataFrame(rows, columns=["Item", "Focus"])


def _write(book: Workbook, name: str, frame: pd.DataFrame, *, first: bool = False) -> None:
    sheet = book.active if first else book.create_sheet()
    sheet.title = name
    safe = neutralise(frame)
    sheet.append(list(safe.columns))
    for row in safe.astype(object).itertuples(index=False, name=None):
        sheet.append([None if v is None or (not isinstance(v, str) and pd.isna(v)) else v for v in row])
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), HEADER_FILL
    for index, column in enumerate(safe.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDE.get(column, max(10, min(24, len(str(column)) + 4)))
        if column in WIDE:
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if column == "Due date":
            for cell in sheet[letter][1:]:
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    if len(safe):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(safe.columns))}{len(safe) + 1}"


def render_xlsx(report: Report) -> bytes:
    book = Workbook()
    _write(book, "Action plan", action_plan(report), first=True)
    _write(book, "Findings", findings_sheet(report))
    _write(book, "Scorecard", _scorecard(report))
    _write(book, "Roadmap", _roadmap(report))
    _write(book, "About", _about(report))
    book.properties.title = f"{report.title}: {report.client}"[:255]
    book.properties.creator = report.author[:255] or None
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
