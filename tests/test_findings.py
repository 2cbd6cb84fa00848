"""The shared audit result shape and its one JSON form."""

import json

import pandas as pd
import pytest

from crm_core.findings import ISSUE_COLUMNS, AuditResult, Finding, Score, Severity, empty_issues


def sample_result() -> AuditResult:
    return AuditResult(
        area="data",
        scores=(Score("completeness", 81.25, "weighted fill rate", 5000), Score("validity", 90.0)),
        findings=(
            Finding("DATA.PHONE_INVALID", "medium", "Phones that cannot be dialled", 120,
                    {"share": 0.024}, ("003A", "003B")),
            Finding("DATA.EMAIL_INVALID", Severity.HIGH, "Emails that cannot receive mail", 42,
                    {"share": 0.0084}, ("003C",), "REC.DATA.EMAIL_FIX"),
            Finding("DATA.EMAIL_ROLE", "low", "Role addresses", 400),
        ),
    )


def test_findings_are_ordered_worst_first():
    assert [f.code for f in sample_result().findings] == ["DATA.EMAIL_INVALID", "DATA.PHONE_INVALID", "DATA.EMAIL_ROLE"]


def test_json_round_trip_keeps_scores_and_findings():
    result = sample_result()
    data = json.loads(result.to_json())
    assert data["scores"] == {"completeness": 81.2, "validity": 90.0} or data["scores"]["completeness"] in (81.2, 81.3)
    assert data["findings"][0] == {
        "code": "DATA.EMAIL_INVALID", "severity": "high", "title": "Emails that cannot receive mail",
        "affected_count": 42, "evidence": {"share": 0.0084}, "example_ids": ["003C"],
        "recommendation_code": "REC.DATA.EMAIL_FIX", "detail": "",
    }
    again = AuditResult.from_json(result.to_json())
    assert again.finding("DATA.PHONE_INVALID").example_ids == ("003A", "003B")
    assert again.score("completeness").formula == "weighted fill rate"


def test_numpy_values_in_evidence_serialise():
    import numpy as np

    result = AuditResult("usage", findings=(Finding("USAGE.IDLE", "high", "Idle users", int(np.int64(3)),
                                                    {"share": np.float64(0.1)}),))
    assert json.loads(result.to_json())["findings"][0]["evidence"] == {"share": 0.1}


@pytest.mark.parametrize("value", [-0.1, 100.5, float("nan")])
def test_scores_must_be_between_0_and_100(value):
    with pytest.raises(ValueError):
        Score("x", value)


@pytest.mark.parametrize("code", ["nodot", "data.lower"])
def test_codes_must_be_stable_upper_case(code):
    with pytest.raises(ValueError):
        Finding(code, "low", "t", 1)


def test_issues_table_has_fixed_columns():
    assert tuple(empty_issues().columns) == ISSUE_COLUMNS
    with pytest.raises(ValueError):
        AuditResult("data", issues=pd.DataFrame({"record_id": []}))


@pytest.mark.parametrize(("value", "band"), [(None, "grey"), (0, "red"), (59.9, "red"), (60, "amber"),
                                             (79.99, "amber"), (80, "green"), (100, "green")])
def test_score_bands_have_one_rule_with_inclusive_floors(value, band):
    from crm_core.findings import score_band

    assert score_band(value) == band


def test_the_data_score_chart_uses_the_same_bands():
    from crm_core.audit.data.charts import build_score_chart

    chart = build_score_chart((Score("integrity", 80.0), Score("validity", 60.0), Score("timeliness", 59.0)))
    bands = {row["dimension"]: row["band"] for row in chart.data.to_dict("records")}
    assert bands == {"integrity": "green", "validity": "amber", "timeliness": "red"}


def test_a_dimension_reads_in_words():
    assert Score("pipeline_hygiene", 50.0).label == "Pipeline hygiene"
    assert Score("uniqueness.contacts", 97.4).label == "Uniqueness (contacts)"
    assert Score("overall", 80.0).label == "Overall"
