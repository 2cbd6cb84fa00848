"""The workspace audit runner: every area whose exports are present, each run exactly as its
page runs it, the others skipped with a reason; areas come from a registry."""

from __future__ import annotations

import pickle
import types
from datetime import date

import pandas as pd

from crm_core.audit import runner
from crm_core.audit.area import AreaResult
from crm_core.audit.usage import activity as usage
from crm_core.audit.data.config import DataAuditConfig
from crm_core.audit.data.report import audit_data
from crm_core.findings import AuditResult, Score


def test_areas_without_their_exports_are_skipped_with_a_reason(sample_tables):
    tables = {"contacts": sample_tables["contacts"].head(200)}
    result = runner.run_workspace_audit(tables=tables, settings={}, as_of=date(2026, 10, 1))
    assert list(result) == ["fit", "data", "duplicates", "compliance"]  # the method's order
    assert set(result.skipped) == {"usage", "pipeline"}
    assert "import the activities export" in result.skipped["usage"]
    assert "import the deals or transactions export" in result.skipped["pipeline"]


def test_nothing_imported_still_runs_the_checklists():
    result = runner.run_workspace_audit(tables={}, settings={}, as_of=date(2026, 10, 1))
    assert list(result) == ["fit", "compliance"]
    assert result["fit"].score("fit_coverage").value == 0


def test_the_data_area_is_the_data_pages_audit(sample_audit, sample_tables):
    as_of = runner.default_as_of(sample_tables, today=date(2026, 11, 23))
    page = audit_data(sample_tables, config=DataAuditConfig.from_dict({}), as_of=as_of)
    assert sample_audit["data"].scores == page.scores
    assert [f.code for f in sample_audit["data"].findings] == [f.code for f in page.findings]


def test_an_areas_saved_audit_date_and_thresholds_are_used(sample_tables):
    settings = {usage.SETTINGS_KEY: {"as_of": "2026-06-30", "inactive_days": 60}}
    result = runner.run_workspace_audit(tables=sample_tables, settings=settings, as_of=date(2026, 10, 1),
                                        areas=["usage"])
    expected = usage.audit_usage(sample_tables, as_of=date(2026, 6, 30),
                                 thresholds=usage.UsageThresholds(inactive_days=60))
    assert result["usage"].scores == expected.scores
    default = runner.run_workspace_audit(tables=sample_tables, settings={}, as_of=date(2026, 10, 1), areas=["usage"])
    assert default["usage"].scores != expected.scores


def test_a_new_area_is_one_package_and_one_registry_entry(monkeypatch):
    package = types.SimpleNamespace(
        AREA="forecast", LABEL="Forecast", NEEDS=("deals",),
        run=lambda inputs: AreaResult(AuditResult("forecast", (Score("forecast", 50.0),)),
                                      tables={"months": pd.DataFrame({"month": ["2026-10"]})}, facts={"n": 1}))
    monkeypatch.setitem(runner.AREAS, "forecast", runner.AreaAudit(package))
    deals = pd.DataFrame({"record_id": ["d1"]})
    result = runner.run_workspace_audit(tables={"deals": deals}, settings={}, as_of=date(2026, 10, 1))
    assert result["forecast"].score("forecast").value == 50.0 and list(result)[-1] == "forecast"
    assert result.areas["forecast"].facts == {"n": 1} and len(result.areas["forecast"].table("months")) == 1
    skipped = runner.run_workspace_audit(tables={}, settings={}, as_of=date(2026, 10, 1))
    assert "forecast" in skipped.skipped


def test_the_result_survives_the_cache(sample_audit):
    copy = pickle.loads(pickle.dumps(sample_audit))
    assert copy.skipped == sample_audit.skipped and copy.as_of == sample_audit.as_of
    assert list(copy) == list(sample_audit) and copy["data"].scores == sample_audit["data"].scores


def test_duplicates_run_in_a_second_process_gives_the_same_audit(sample_audit, sample_tables):
    """On large exports the duplicates area runs beside the others in its own process; forced
    here on the sample, every area's scores, findings and screen tables are what one process gives."""
    messages = []
    beside = runner.run_workspace_audit(tables=sample_tables, settings={}, as_of=sample_audit.as_of,
                                        side_process_from=0, progress=lambda _, message: messages.append(message))
    assert any("duplicates alongside" in message for message in messages)
    assert list(beside) == list(sample_audit)
    for area, result in sample_audit.items():
        assert beside[area].to_json() == result.to_json(), area
        assert sorted(beside.areas[area].tables) == sorted(sample_audit.areas[area].tables)
    pd.testing.assert_frame_equal(beside.areas["duplicates"].table("contacts_rows"),
                                  sample_audit.areas["duplicates"].table("contacts_rows"))
