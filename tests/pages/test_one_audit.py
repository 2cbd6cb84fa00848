"""One audit per data version: for the sample company, every area's scores are the same on its
screen, in the report, in the history snapshot and in the kept audit, because all of them read
the area's one entry point through the kept audit (no second assembly to agree with)."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from crm_core import quarterly, store
from crm_core.audit import kept
from crm_core.demo import load_sample_company
from crm_core.report.sources import load_report
from crm_core.scorecard import build_scorecard
from crm_core.settings import load_settings
from crm_core.store import audit_runs
from tests.conftest import page_file

TODAY = date(2026, 11, 30)


def _data_labels(score):
    return score.dimension.capitalize(), f"{score.value:.0f}/100"


def _usage_labels(score):
    return score.dimension.replace("_", " ").capitalize(), f"{score.value:.0f}/100"


def _checklist_labels(area, extra):
    def labels(score):
        names = {f"{area}_checklist": "Checklist score", f"{area}_coverage": "Coverage", **extra}
        unit = "%" if score.dimension.endswith("_coverage") else "/100"
        return names.get(score.dimension), f"{score.value:.0f}{unit}"
    return labels


SCREENS = {  # area -> (its page, how the page labels each of the area's scores)
    "data": ("audit_data.py", _data_labels),
    "usage": ("audit_usage.py", _usage_labels),
    "fit": ("audit_fit.py", _checklist_labels("fit", {"integrations": "Core integrations"})),
    "compliance": ("audit_compliance.py", _checklist_labels("compliance", {"compliance_data": "Data checks"})),
}


def test_screens_report_and_history_show_the_kept_scores_of_every_area(workbench_env):
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    workspace = load_sample_company(engine=engine, data_dir=settings.data_dir)
    audit = kept.workspace_audit(engine=engine, data_dir=settings.data_dir, workspace_id=workspace.id, today=TODAY,
                                 with_issues=False)
    assert set(audit) == {"fit", "data", "duplicates", "usage", "pipeline", "compliance"}

    quarterly.run_and_record(engine=engine, data_dir=settings.data_dir, workspace_id=workspace.id, today=TODAY)
    with store.session_scope(engine) as session:  # the one the sample recorded when loaded, and this one
        first, snapshot = audit_runs.list_snapshots(session=session, workspace_id=workspace.id)
    report = load_report(engine=engine, data_dir=settings.data_dir, workspace_id=workspace.id, today=TODAY)
    kept_card = {a.area: a.value for a in build_scorecard(audit, audit.skipped).areas}
    history_cards = [{a.area: a.value for a in build_scorecard(s.results, s.skipped).areas} for s in (first, snapshot)]
    report_card = {a.area: a.value for a in report.scorecard.areas}
    assert kept_card == history_cards[0] == history_cards[1] == report_card
    for area, result in audit.items():
        assert snapshot.results[area].to_dict()["scores"] == result.to_dict()["scores"], area

    for area, (page, labels) in SCREENS.items():
        at = AppTest.from_file(page_file(page), default_timeout=300)
        at.session_state["workspace_id"] = workspace.id
        at.run()
        assert not at.exception, (area, at.exception)
        shown = {metric.label: metric.value for metric in at.metric}
        expected = dict(labels(score) for score in audit[area].scores if labels(score)[0])
        assert expected and all(shown[label] == value for label, value in expected.items()), (area, shown, expected)
    engine.dispose()
