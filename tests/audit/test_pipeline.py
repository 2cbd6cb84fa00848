"""Pipeline measures: stage table, win rate, funnel, cycle, stuck deals, revenue, hygiene audit."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from crm_core.audit.pipeline import deals as pipeline
from crm_core.audit.pipeline.deals import PipelineConfig, audit_pipeline
from crm_core.audit.stages import deal_outcomes, parse_stage_overrides
from crm_core.errors import CrmCoreError

AS_OF = date(2026, 10, 1)


def deals(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {"record_id": [f"D{i}" for i in range(1, n + 1)]}
    for name, values in columns.items():
        base[name] = pd.to_datetime(values) if name in ("created_at", "close_date", "stage_changed_at",
                                                       "last_activity_at") else values
    return pd.DataFrame(base)


@pytest.mark.parametrize("stage, outcome", [
    ("Closed Won", "won"), ("closed won", "won"), ("Closed - Won", "won"), ("closedwon", "won"), ("WON", "won"),
    ("Closed Lost", "lost"), ("closed_lost", "lost"), ("Lost", "lost"),
    ("Negotiation/Review", "open"), ("Won back later", "open"), (None, "unknown"), ("  ", "unknown"),
    # an export's own words, in the languages the workbench's users write
    ("6 - Closed Won", "won"), ("Chiuso vinto", "won"), ("Gewonnen", "won"), ("Gagné", "won"),
    ("Trattativa persa", "lost"), ("Verloren", "lost"), ("Perdido", "lost"), ("Engaging", "open"),
])
def test_stage_table(stage, outcome):
    assert deal_outcomes(pd.DataFrame({"stage": [stage]}))[0] == outcome


def test_a_pipeline_written_won_and_lost_gets_its_win_rate():
    deals = pd.DataFrame({"stage": ["Won"] * 40 + ["Lost"] * 25 + ["Engaging"] * 20 + ["Prospecting"] * 15})
    rate, won, lost = pipeline.win_rate(pipeline.prepare_deals(deals))
    assert (won, lost) == (40, 25) and rate == pytest.approx(40 / 65)


def test_status_decides_when_the_stage_does_not_and_overrides_win():
    frame = pd.DataFrame({"stage": ["Negotiation", "Closed Won", None, "Signed", "Dead"],
                          "status": ["won", "lost", "lost", None, "open"]})
    assert deal_outcomes(frame).tolist() == ["won", "won", "lost", "open", "open"]
    assert deal_outcomes(frame, {"Signed": "won", "dead": "lost"}).tolist() == ["won", "won", "lost", "won", "lost"]


def test_stage_overrides_are_parsed_and_checked():
    assert parse_stage_overrides("Signed = won\n\n Dead=LOST ") == {"Signed": "won", "Dead": "lost"}
    assert parse_stage_overrides(["A=B=open"]) == {"A=B": "open"}
    with pytest.raises(CrmCoreError, match="won, lost or open"):
        parse_stage_overrides("Signed = maybe")
    with pytest.raises(CrmCoreError, match="STAGE = won"):
        parse_stage_overrides("Signed")


def test_win_rate_ignores_open_deals_and_is_none_without_closed_ones():
    prepared = pipeline.prepare_deals(deals(stage=["Closed Won", "Closed Lost", "Closed Lost", "Proposal", None]))
    assert pipeline.win_rate(prepared) == (pytest.approx(1 / 3), 1, 2)
    assert pipeline.win_rate(pipeline.prepare_deals(deals(stage=["Proposal"]))) == (None, 0, 0)
    assert pipeline.win_rate(pipeline.prepare_deals(deals(stage=["Closed Lost"])))[0] == 0.0


def test_funnel_orders_stages_by_probability_and_counts_lost_deals_only_at_entry():
    # open: 3 in Prospecting (10%), 2 in Proposal (60%); 4 won; 1 lost
    stages = ["Prospecting"] * 3 + ["Proposal"] * 2 + ["Closed Won"] * 4 + ["Closed Lost"]
    probability = [10] * 3 + [60] * 2 + [100] * 4 + [0]
    funnel, reason = pipeline.stage_funnel(pipeline.prepare_deals(deals(stage=stages, probability=probability)))
    assert reason is None
    assert funnel["stage"].tolist() == ["Prospecting", "Proposal", "Won"]
    assert funnel["reached"].tolist() == [10, 6, 4]
    assert funnel["conversion_to_next"].tolist()[:2] == [pytest.approx(0.6), pytest.approx(4 / 6)]


def test_funnel_follows_a_configured_order_and_says_why_when_it_cannot():
    frame = deals(stage=["B", "A", "Closed Won"])
    funnel, _ = pipeline.stage_funnel(pipeline.prepare_deals(frame), PipelineConfig(stage_order=("A", "B")))
    assert funnel["stage"].tolist() == ["A", "B", "Won"] and funnel["reached"].tolist() == [3, 2, 1]
    empty, reason = pipeline.stage_funnel(pipeline.prepare_deals(frame))
    assert empty.empty and "stage order is unknown" in reason


def test_sales_cycle_statistics_match_numpy_and_drop_impossible_dates():
    created = ["2026-01-01", "2026-01-01", "2026-02-01", "2026-03-01", "2026-03-01", "2026-01-01"]
    close = ["2026-01-31", "2026-04-11", "2026-02-11", "2026-02-01", "2026-03-21", "2026-05-01"]
    stage = ["Closed Won"] * 5 + ["Closed Lost"]
    frame = deals(stage=stage, created_at=created, close_date=close, pipeline=["New", "New", "Renewal", "New",
                                                                               "Renewal", "New"])
    cycles, dropped = pipeline.sales_cycles(pipeline.prepare_deals(frame))
    expected = np.array([30, 100, 10, 20])  # the fourth closes before it was created
    assert dropped == 1 and sorted(cycles["cycle_days"]) == sorted(expected)
    overall = pipeline.cycle_summary(cycles).iloc[0]
    assert overall["median_days"] == np.median(expected) and overall["mean_days"] == expected.mean()
    by_pipeline = pipeline.cycle_summary(cycles, "pipeline").set_index("group")
    assert by_pipeline.loc["New", "median_days"] == 65 and by_pipeline.loc["Renewal", "deals"] == 2


def test_stuck_deals_by_stage_percentile_and_by_silence():
    # ten open deals in Proposal sat 10..100 days; the 90th percentile is 91 days
    days = np.arange(10, 101, 10)
    changed = [pd.Timestamp(AS_OF) - pd.Timedelta(days=int(d)) for d in days]
    last_activity = [pd.Timestamp(AS_OF) - pd.Timedelta(days=5)] * 9 + [pd.Timestamp(AS_OF) - pd.Timedelta(days=45)]
    frame = deals(stage=["Proposal"] * 10, stage_changed_at=changed, created_at=["2025-01-01"] * 10,
                  last_activity_at=last_activity)
    stuck = pipeline.stuck_deals(pipeline.prepare_deals(frame), None, as_of=AS_OF)
    limit = np.quantile(days, 0.9)
    assert stuck["stage_limit_days"].iloc[0] == pytest.approx(limit)
    assert stuck.loc[stuck["stuck_in_stage"], "days_in_stage"].tolist() == [100]
    assert stuck["no_recent_activity"].sum() == 1 and stuck["stuck"].sum() == 1  # the same deal, 45 days silent
    activity = pd.DataFrame({"deal_id": ["D10"], "day": [pd.Timestamp(AS_OF) - pd.Timedelta(days=1)]})
    refreshed = pipeline.stuck_deals(pipeline.prepare_deals(frame), activity, as_of=AS_OF)
    assert refreshed["no_recent_activity"].sum() == 0


def test_missing_fields_count_absent_columns_as_missing():
    frame = deals(stage=["Proposal", "Closed Won", "Closed Lost"], amount=[100.0, None, 5.0],
                  close_date=["2026-10-10", None, None])
    table = pipeline.missing_fields(pipeline.prepare_deals(frame)).set_index("field")
    assert table["missing"].to_dict() == {"amount": 1, "close_date": 2, "owner": 3}


def test_revenue_per_quarter_and_new_business_split():
    frame = deals(stage=["Closed Won", "Closed Won", "Closed Won", "Closed Lost"],
                  amount=[100.0, 50.0, 30.0, 999.0],
                  pipeline=["New Business", "Renewal", "New Business", "New Business"],
                  close_date=["2026-07-15", "2026-08-01", "2026-04-01", "2026-07-20"])
    table = pipeline.revenue_by_period(pipeline.prepare_deals(frame), "Q").set_index("period")
    assert table.loc["2026Q3", "won_amount"] == 150.0 and table.loc["2026Q3", "new_business_amount"] == 100.0
    assert table.loc["2026Q2", "won_deals"] == 1


def test_coverage_against_a_target_or_last_years_run_rate():
    frame = deals(stage=["Proposal", "Proposal", "Closed Won"], amount=[300.0, 500.0, 1200.0],
                  close_date=["2026-11-01", "2027-06-01", "2026-03-01"])
    prepared = pipeline.prepare_deals(frame)
    value, used, _ = pipeline.coverage(prepared, as_of=AS_OF, config=PipelineConfig(revenue_target=150.0))
    assert value == pytest.approx(2.0) and used == 1  # only the deal closing within 90 days counts
    run_rate, _, detail = pipeline.coverage(prepared, as_of=AS_OF)
    assert run_rate == pytest.approx(300 / (1200 * 90 / 365)) and "no target entered" in detail


def test_several_currencies_make_amounts_unaddable():
    assert "2 currencies" in pipeline.money_problem(pd.DataFrame({"currency": ["EUR", "usd", None]}))
    assert pipeline.money_problem(pd.DataFrame({"currency": ["EUR", "eur "]})) is None


def test_config_round_trip_and_errors():
    config = PipelineConfig.from_dict({"stage_order": ["A", "B"], "revenue_target": 10.0, "unknown": 1})
    assert PipelineConfig.from_dict(config.to_dict()) == config
    with pytest.raises(CrmCoreError, match="percentile"):
        PipelineConfig(stuck_percentile=1.5)


def test_pipeline_audit_on_the_sample_company(sample_tables, sample_truth):
    result = audit_pipeline(sample_tables, as_of=date.fromisoformat(sample_truth["as_of"]))
    counts = {f.code: f.affected_count for f in result.findings}
    defects = sample_truth["defects"]
    assert counts["PIPELINE.MISSING_AMOUNT"] == defects["opportunities_missing_amount"]["count"]
    assert counts["PIPELINE.MISSING_CLOSE_DATE"] == defects["opportunities_missing_close_date"]["count"]
    assert counts["PIPELINE.MISSING_OWNER"] == defects["opportunities_missing_owner"]["count"]
    assert counts["PIPELINE.OPEN_PAST_CLOSE_DATE"] == defects["opportunities_open_past_close_date"]["count"]
    assert counts["PIPELINE.CLOSE_BEFORE_CREATED"] == defects["opportunities_close_before_created"]["count"]
    stuck_ids = set(result.issues.loc[result.issues["check"] == "PIPELINE.STUCK_DEALS", "record_id"])
    planted = set(defects["opportunities_stuck"]["ids"])
    assert len(planted & stuck_ids) >= 0.8 * len(planted)  # months without a stage change
    assert 0 < result.score("pipeline_hygiene").value < 100


def test_a_field_the_export_lacks_is_not_reported_empty_on_every_deal():
    deals = pd.DataFrame({"record_id": ["d1", "d2"], "stage": ["Prospecting", "Closed Won"],
                          "amount": [100.0, None], "close_date": pd.to_datetime(["2026-12-01", "2026-09-01"])})
    result = audit_pipeline({"deals": deals}, as_of=date(2026, 10, 1))
    codes = {f.code for f in result.findings}
    assert "PIPELINE.MISSING_OWNER" not in codes  # no owner column at all: the data area says "not exported"
    assert "PIPELINE.MISSING_AMOUNT" in codes  # an empty amount is a real gap


def test_stuck_deals_are_not_measured_without_any_date_to_judge_them_by():
    from crm_core.audit.pipeline.kpis import compute_kpis

    deals = pd.DataFrame({"record_id": ["d1", "d2"], "stage": ["Prospecting", "Qualification"]})
    value = compute_kpis({"deals": deals}, as_of=date(2026, 10, 1))["stuck_deal_share"]
    assert value.value is None and "to judge it by" in value.reason
