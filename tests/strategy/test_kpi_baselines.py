"""Goals read their baselines from the usage audit's KPI catalogue when the exports allow."""

from crm_core.strategy.kpis import baseline_rows, measured_baseline

MEASURED = {
    "conversion_rate": (23.5, "Win rate from the imported data (1,200 records)"),
    "churn_rate": (None, "no account status, renewals or transactions to measure churn from"),
}


def test_a_goal_metric_finds_its_measured_baseline_by_name_or_alias():
    kpi, value, note = measured_baseline("win rate", MEASURED)
    assert (kpi.key, value) == ("conversion_rate", 23.5) and "1,200 records" in note
    assert measured_baseline("Conversion rate", MEASURED)[1] == 23.5


def test_no_baseline_for_unmeasurable_unknown_or_empty_metrics():
    assert measured_baseline("Churn rate", MEASURED) is None  # measured as None: a reason, no number
    assert measured_baseline("Happiness index", MEASURED) is None
    assert measured_baseline("", MEASURED) is None


def test_baseline_rows_give_a_value_or_the_reason_for_every_kpi():
    rows = {row["KPI"]: row for row in baseline_rows(MEASURED)}
    assert rows["Conversion rate"]["Baseline from the data"] == "23.5%"
    assert "1,200 records" in rows["Conversion rate"]["How it was measured, or why not"]
    assert rows["Churn rate"]["Baseline from the data"] == ""
    assert "renewals" in rows["Churn rate"]["How it was measured, or why not"]
    assert "type the baseline in" in rows["Referrals"]["How it was measured, or why not"]  # not measured
