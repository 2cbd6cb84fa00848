"""The report as an XLSX action plan people work from: one row per recommendation with the goals
it serves, the root causes it addresses, owner, due quarter and a status chosen from a list
(Excel data validation); then the findings, the goals, the root causes, the scorecard, the
roadmap and the methods. Every sheet has a frozen header, filters and columns sized to fit.

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
from openpyxl.worksheet.datavalidation import DataValidation

from crm_core.spreadsheet_safety import neutralise
from crm_core.audit.runner import area_label
from crm_core.recommend import PRIORITY_LABELS, STATUS_LABELS, STATUSES
from crm_core.report.engagement import GOAL_HEADERS, STAKEHOLDER_HEADERS
from crm_core.report.model import Report, rec_links, serves_text, votes_for
from crm_core.roadmap import HORIZONS, horizon_of, quarter_of
from crm_core.scorecard import BAND_LABELS, scorecard_table

HEADER_FILL = PatternFill("solid", fgColor="1F5F99")
MAX_WIDTH = 60  # characters; longer text wraps
STATUS_CHOICES = tuple(STATUS_LABELS[s] for s in STATUSES)


def action_plan(report: Report) -> pd.DataFrame:
    rows = []
    targets = dict(zip(report.roadmap["key"], report.roadmap["target"]))
    for rank, rec in enumerate(report.recommendations, start=1):
        goals, causes = rec_links(report, rec)
        due = rec.due_date or targets.get(rec.key)
        rows.append({
            "Rank": rank, "Priority": PRIORITY_LABELS.get(rec.priority, rec.priority), "Title": rec.title,
            "Area": area_label(rec.area) if rec.area not in ("plan", "other") else rec.area.capitalize(),
            "Owner": rec.owner, "Due quarter": quarter_of(due) if due else "", "Due date": rec.due_date,
            "Status": STATUS_LABELS.get(rec.status, rec.status), "Impact": rec.impact, "Effort": rec.effort,
            "Quick win": "yes" if rec.quick_win else "no",
            "Roadmap": HORIZONS[horizon_of(rec, start=report.prepared_on)],
            "Goals served": "\n".join(goals), "Root causes addressed": "\n".join(causes),
            "Workshop votes": votes_for(report, rec), "Serves": serves_text(rec),
            "Rationale": rec.rationale, "Actions": "\n".join(f"{n}. {s}" for n, s in enumerate(rec.actions, start=1)),
            "Key": rec.key, "Finding": ", ".join(rec.finding_codes),
        })
    return pd.DataFrame(rows)


def goals_sheet(report: Report) -> pd.DataFrame:
    goals = report.engagement.goals
    return pd.DataFrame([g.cells for g in goals], columns=list(GOAL_HEADERS)).assign(
        **{"Goal as one sentence": [g.sentence for g in goals]})


def stakeholders_sheet(report: Report) -> pd.DataFrame:
    people = report.engagement.stakeholders
    return pd.DataFrame([p.cells for p in people], columns=list(STAKEHOLDER_HEADERS)).assign(
        Commitment=[p.commitment for p in people])


def root_causes_sheet(report: Report) -> pd.DataFrame:
    rows = [{"Gap": gap.title, "Stage": gap.stage, "Teams": gap.departments, "Workshop votes": gap.votes,
             "Root cause": why.answer, "Why chain": " → ".join(w.answer for w in gap.chain_to(why))}
            for gap in report.engagement.gaps for why in gap.whys if why.root_cause]
    return pd.DataFrame(rows, columns=["Gap", "Stage", "Teams", "Workshop votes", "Root cause", "Why chain"])



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


def _fit(column: str, values: pd.Series) -> int:
    """A width in characters that fits the header and the longest line, up to :data:`MAX_WIDTH`."""
    longest = max((len(line) for v in values.astype(str) for line in v.split("\n")), default=0)
    return max(len(column) + 3, min(MAX_WIDTH, longest + 2))


def _write(book: Workbook, name: str, frame: pd.DataFrame, *, first: bool = False,
           printed_up_to: str | None = None) -> None:
    sheet = book.active if first else book.create_sheet()
    sheet.title = name
    safe = neutralise(frame)
    sheet.append(list(safe.columns))
    for row in safe.astype(object).itertuples(index=False, name=None):
        sheet.append([None if v is None or (not isinstance(v, str) and pd.isna(v)) else v for v in row])
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), HEADER_FILL
        cell.alignment = Alignment(vertical="top")
    lines = [1] * len(safe)  # lines each row needs once its long texts wrap
    for index, column in enumerate(safe.columns, start=1):
        letter = get_column_letter(index)
        width = _fit(column, safe[column].dropna())
        sheet.column_dimensions[letter].width = width
        wraps = width >= MAX_WIDTH or bool(safe[column].astype(str).str.contains("\n").any())
        for cell in sheet[letter][1:]:  # every cell at the top, so a tall row still reads across
            cell.alignment = Alignment(wrap_text=wraps, vertical="top")
        if wraps:
            for row, value in enumerate(safe[column]):
                text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
                lines[row] = max(lines[row], sum(-(-max(len(part), 1) // (width - 1)) for part in text.split("\n")))
    for row, needed in enumerate(lines, start=2):  # spreadsheets do not always grow a row to fit wrapped text
        if needed > 1:
            sheet.row_dimensions[row].height = 15 * min(needed, 20)
        if column == "Due date":
            for cell in sheet[letter][1:]:
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    # Printed: landscape, one page wide, the header repeated on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    if printed_up_to and printed_up_to in safe.columns:  # the long texts stay on screen
        sheet.print_area = f"A1:{get_column_letter(list(safe.columns).index(printed_up_to) + 1)}{len(safe) + 1}"
    if len(safe):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(safe.columns))}{len(safe) + 1}"
    if "Status" in safe.columns:
        _status_list(sheet, list(safe.columns).index("Status") + 1, max(len(safe), 1) + 200)


def _status_list(sheet, column: int, last_row: int) -> None:
    """Status cells accept only :data:`STATUS_CHOICES`, picked from a drop-down (rows added
    below the plan included)."""
    letter = get_column_letter(column)
    rule = DataValidation(type="list", formula1='"' + ",".join(STATUS_CHOICES) + '"', allow_blank=True,
                          showErrorMessage=True, errorTitle="Status",
                          error="Choose a status from the list: " + ", ".join(STATUS_CHOICES) + ".")
    rule.add(f"{letter}2:{letter}{last_row}")
    sheet.add_data_validation(rule)


def render_xlsx(report: Report) -> bytes:
    book = Workbook()
    _write(book, "Action plan", action_plan(report), first=True, printed_up_to="Workshop votes")
    _write(book, "Findings", findings_sheet(report))
    if report.engagement.goals:
        _write(book, "Goals", goals_sheet(report))
    if report.engagement.stakeholders:
        _write(book, "Stakeholders", stakeholders_sheet(report))
    if any(gap.root_causes for gap in report.engagement.gaps):
        _write(book, "Root causes", root_causes_sheet(report))
    _write(book, "Scorecard", _scorecard(report))
    _write(book, "Roadmap", _roadmap(report))
    _write(book, "About", _about(report))
    book.properties.title = f"{report.title}: {report.client}"[:255]
    book.properties.creator = report.author[:255] or None
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
