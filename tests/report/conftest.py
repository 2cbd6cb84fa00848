"""The sample company's workspace audit, report and five exports, built once per session."""

from __future__ import annotations

from datetime import date

import pytest

from crm_core import report as reports
from crm_core.audit import runner
from crm_core.report.model import ReportOptions, WorkspaceFacts, build_report
from tests.report.strategy_rows import CAUSE_LABELS, GOAL_LABELS, LINKS, strategy_rows

PREPARED_ON = date(2026, 11, 23)
SAMPLE_WORKSPACE = WorkspaceFacts("Brightwave 2026-Q4", "Brightwave Analytics Ltd", "CRM audit and strategy",
                                  "2026-Q4", "Ada Consultant")


@pytest.fixture(scope="session")
def sample_audit(sample_tables):
    as_of = runner.default_as_of(sample_tables, today=PREPARED_ON)
    return runner.run_workspace_audit(tables=sample_tables, settings={}, as_of=as_of)


@pytest.fixture(scope="session")
def sample_report(sample_audit, sample_tables):
    return build_report(workspace=SAMPLE_WORKSPACE, audit=sample_audit, tables=sample_tables,
                        options=ReportOptions(prepared_on=PREPARED_ON), strategy=strategy_rows(), links=LINKS,
                        goals=GOAL_LABELS, root_causes=CAUSE_LABELS)


@pytest.fixture(scope="session")
def redacted_report(sample_audit, sample_tables):
    return build_report(workspace=SAMPLE_WORKSPACE, audit=sample_audit, tables=sample_tables,
                        options=ReportOptions(prepared_on=PREPARED_ON, redact=True))


@pytest.fixture(scope="session")
def exports(sample_report):
    """format -> bytes of the sample company's (unredacted) report."""
    return {fmt: reports.render(sample_report, fmt) for fmt in reports.FORMATS}


@pytest.fixture(scope="session")
def redacted_exports(redacted_report):
    return {fmt: reports.render(redacted_report, fmt) for fmt in reports.FORMATS}
