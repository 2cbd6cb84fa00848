"""The KPI catalogue: every value against a plain pandas computation, the reasons, Goals, CLI."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from crm_core.audit.pipeline.kpis import (
    CATALOGUE,
    GOAL_EQUIVALENTS,
    compute_kpis,
    goal_baseline,
    goal_baselines,
    kpi_table,
)
from crm_core.audit.pipeline.deals import PipelineConfig
from crm_core.cli import main

AS_OF = date(2026, 10, 1)


def deal_table() -> pd.DataFrame:
    rows = [
        # id, stage, amount, created, close, pipeline, account, owner
        ("D1", "Closed Won", 100.0, "2026-01-01", "2026-03-01", "New Business", "A1", "Ann"),
        ("D2", "Closed Won", 300.0, "2026-02-01", "2026-08-15", "Renewal", "A2", "Ann"),
        ("D3", "Closed Lost", 50.0, "2026-03-01", "2026-04-01", "Renewal", "A3", "Bob"),
        ("D4", "Proposal", 1000.0, "2026-09-01", "2026-11-15", "New Business", "A4", "Bob"),
        ("D5", "Qualification", None, "2026-09-10", None, "New Business", "A6", None),
        ("D6", "Closed Won", 200.0, "2025-06-01", "2025-08-01", "Upsell", "A1", "Ann"),
        ("D7", "Closed Won", 400.0, "2026-05-01", "2026-07-10", "New Business", "A5", "Bob"),
        ("D8", "Proposal", 70.0, "2025-01-01", "2026-12-01", "New Business", "A7", "Bob"),
    ]
    frame = pd.DataFrame(rows, columns=["record_id", "stage", "amount", "created_at", "close_date", "pipeline",
                                        "account_id", "owner"])
    for column in ("created_at", "close_date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def test_deal_kpis_match_plain_pandas():
    deals = deal_table()
    values = compute_kpis({"deals": deals}, as_of=AS_OF)
    won = deals[deals["stage"] == "Closed Won"]
    lost = deals[deals["stage"] == "Closed Lost"]
    cycle = (won["close_date"] - won["created_at"]).dt.days
    assert values["win_rate"].value == pytest.approx(len(won) / (len(won) + len(lost)))
    assert values["win_rate"].n == 5
    assert values["sales_cycle_days_median"].value == cycle.median()
    assert values["sales_cycle_days_mean"].value == pytest.approx(cycle.mean())
    assert values["average_deal_size_won"].value == pytest.approx(won["amount"].mean())
    open_deals = deals[~deals["stage"].str.startswith("Closed")]
    assert values["open_pipeline_value"].value == open_deals["amount"].sum() == 1070.0
    assert values["open_pipeline_value"].n == 2  # D5 has no amount
    assert values["deals_missing_fields_share"].value == pytest.approx(1 / 8)


def test_revenue_kpis_match_plain_pandas():
    deals = deal_table()
    values = compute_kpis({"deals": deals}, as_of=AS_OF)
    won_new = deals[(deals["stage"] == "Closed Won") & (deals["pipeline"] == "New Business")]
    q3 = won_new[won_new["close_date"].between("2026-07-01", "2026-09-30")]
    year = won_new[won_new["close_date"].between("2025-10-02", "2026-10-01")]
    assert values["new_revenue_last_quarter"].value == q3["amount"].sum() == 400.0
    assert values["new_revenue_last_12_months"].value == year["amount"].sum() == 500.0
    assert values["expansion_revenue_last_12_months"].value == 0.0  # the upsell closed 14 months ago
    recent = deals[(deals["stage"] == "Closed Won") & deals["close_date"].between("2025-10-01", "2026-10-01")]
    assert values["average_revenue_per_customer"].value == pytest.approx(
        recent["amount"].sum() / recent["account_id"].nunique())


def test_churn_retention_and_lifetime_value_from_renewals():
    values = compute_kpis({"deals": deal_table()}, as_of=AS_OF)
    # renewals closed in the last year: D2 won, D3 lost
    assert values["churn_rate"].value == 0.5 and values["retention_rate"].value == 0.5
    assert "renewal" in values["churn_rate"].note
    assert values["customer_lifetime_value"].value == pytest.approx(
        values["average_revenue_per_customer"].value / 0.5)


def test_churn_from_account_status_is_not_yearly_so_no_lifetime_value():
    deals = deal_table().assign(pipeline=None)
    accounts = pd.DataFrame({"record_id": ["A1", "A2", "A3", "A4"],
                             "account_type": ["Customer", "Former Customer", "Customer", "Prospect"]})
    values = compute_kpis({"deals": deals, "accounts": accounts}, as_of=AS_OF)
    assert values["churn_rate"].value == pytest.approx(1 / 3)
    assert values["customer_lifetime_value"].value is None
    assert "all time" in values["customer_lifetime_value"].reason


def test_retention_from_transactions_takes_precedence():
    tx = pd.DataFrame({"customer_id": ["c1", "c1", "c2", "c3"], "invoice_id": ["1", "2", "3", "4"],
                       "occurred_at": pd.to_datetime(["2024-12-01", "2025-11-01", "2025-01-10", "2025-12-01"]),
                       "amount": [10.0, 20.0, 30.0, 40.0]})
    values = compute_kpis({"deals": deal_table(), "transactions": tx}, as_of=AS_OF)
    # bought in the year before last: c1, c2; bought again in the last year: c1
    assert values["retention_rate"].value == 0.5 and values["churn_rate"].value == 0.5
    assert values["average_revenue_per_customer"].value == pytest.approx((20 + 40) / 2)


def test_cac_needs_the_spend_and_counts_first_wins_in_the_period():
    assert "enter the sales and marketing spend" in compute_kpis(
        {"deals": deal_table()}, as_of=AS_OF)["customer_acquisition_cost"].reason
    values = compute_kpis({"deals": deal_table()}, as_of=AS_OF, config=PipelineConfig(acquisition_spend=900.0))
    # first wins in the last 365 days: A2 (D2), A5 (D7); A1 first won in 2025-08
    assert values["customer_acquisition_cost"].value == 450.0 and values["customer_acquisition_cost"].n == 2


def test_stuck_share_and_activity_share_with_activities():
    activities = pd.DataFrame({"deal_id": ["D1", "D2", "D4"], "record_id": ["a", "b", "c"],
                               "occurred_at": pd.to_datetime(["2026-02-01", "2026-08-01", "2026-09-25"])})
    values = compute_kpis({"deals": deal_table(), "activities": activities}, as_of=AS_OF)
    # D8 sat 638 days in Proposal without any activity: one of three open deals
    assert values["stuck_deal_share"].value == pytest.approx(1 / 3) and values["stuck_deal_share"].n == 3
    # won deals closed since the first activity (2026-02-01): D1, D2, D7; D7 has no activity
    assert values["deals_with_activity_share"].value == pytest.approx(2 / 3)
    assert compute_kpis({"deals": deal_table()}, as_of=AS_OF)["deals_with_activity_share"].reason == \
        "no activities imported"


def test_no_won_deals_gives_reasons_not_zeros():
    deals = deal_table()
    deals["stage"] = deals["stage"].replace("Closed Won", "Closed Lost")
    values = compute_kpis({"deals": deals}, as_of=AS_OF)
    assert values["win_rate"].value == 0.0
    for key in ("sales_cycle_days_median", "average_deal_size_won"):
        assert values[key].value is None and values[key].reason
    only_open = compute_kpis({"deals": deal_table().assign(stage="Proposal")}, as_of=AS_OF)
    assert only_open["win_rate"].value is None and only_open["win_rate"].reason == "no won or lost deals"
    assert only_open["open_pipeline_value"].value == deal_table()["amount"].sum()


def test_nothing_imported_gives_a_reason_for_every_kpi():
    values = compute_kpis({}, as_of=AS_OF)
    assert list(values) == [kpi.key for kpi in CATALOGUE]
    assert all(v.value is None and v.reason for v in values.values())


def test_mixed_currencies_refuse_money_kpis():
    values = compute_kpis({"deals": deal_table().assign(currency=["EUR", "USD"] * 4)}, as_of=AS_OF)
    assert values["average_deal_size_won"].value is None and "2 currencies" in values["average_deal_size_won"].reason
    assert values["win_rate"].value is not None


def test_nps_and_csat_from_survey_columns():
    tickets = pd.DataFrame({"custom:NPS Score": ["10", "9", "9", "7", "3", None],
                            "custom:Customer Satisfaction Rating": ["5", "4", "3", "1", None, None]})
    values = compute_kpis({"tickets": tickets}, as_of=AS_OF)
    assert values["nps"].value == pytest.approx(100 * (3 / 5 - 1 / 5)) and values["nps"].n == 5
    assert values["csat"].value == 0.5 and values["csat"].n == 4
    wrong = compute_kpis({"tickets": pd.DataFrame({"custom:NPS": ["42", "7"]})}, as_of=AS_OF)["nps"]
    assert wrong.value is None and "0-10" in wrong.reason


def test_catalogue_keys_are_stable_and_complete():
    keys = [kpi.key for kpi in CATALOGUE]
    assert len(keys) == len(set(keys))
    assert {"win_rate", "sales_cycle_days_median", "average_deal_size_won", "open_pipeline_value"} <= set(keys)
    assert {kpi.direction for kpi in CATALOGUE} == {"up", "down"}
    assert {key for key, _ in GOAL_EQUIVALENTS.values()} <= set(keys)
    table = kpi_table(compute_kpis({"deals": deal_table()}, as_of=AS_OF))
    assert table["key"].tolist() == keys and table.loc[table["key"] == "nps", "reason"].iloc[0]


def test_goal_baselines_come_in_the_goals_unit():
    tables = {"deals": deal_table()}
    value, note = goal_baseline("conversion_rate", tables, as_of=AS_OF)
    assert value == pytest.approx(80.0)  # 4 won of 5 closed, in per cent
    months, _ = goal_baseline("sales_cycle_length", tables, as_of=AS_OF)
    cycle = compute_kpis(tables, as_of=AS_OF)["sales_cycle_days_median"].value
    assert months == pytest.approx(cycle / 30.4375)
    assert goal_baseline("qualified_leads", tables, as_of=AS_OF)[0] is None
    missing, reason = goal_baseline("nps", tables, as_of=AS_OF)
    assert missing is None and "survey" in reason
    assert "Win rate" in note
    every = goal_baselines(compute_kpis(tables, as_of=AS_OF))
    assert set(every) == set(GOAL_EQUIVALENTS) and every["conversion_rate"][0] == pytest.approx(80.0)
    assert every["churn_rate"][0] == pytest.approx(50.0)  # per cent, as Goals stores it


def test_kpis_on_the_sample_company(sample_tables, sample_truth):
    values = compute_kpis(sample_tables, as_of=date.fromisoformat(sample_truth["as_of"]))
    deals = sample_tables["deals"]
    won, lost = (deals["stage"] == "Closed Won").sum(), (deals["stage"] == "Closed Lost").sum()
    assert values["win_rate"].value == pytest.approx(won / (won + lost))
    assert values["deals_missing_fields_share"].value > 0
    assert values["nps"].value is None and values["customer_acquisition_cost"].value is None


# --- command line -----------------------------------------------------------------------------


def write_deals(path, closed=True):
    stage = "Closed Won" if closed else "Prospecting"
    path.write_text("Opportunity ID,Opportunity Name,Amount,Stage,Created Date,Close Date,Opportunity Owner\n"
                    f"O1,Big deal,1000,{stage},1/10/2026,3/1/2026,Ann Lee\n"
                    "O2,Small deal,200,Closed Lost,2/1/2026,3/15/2026,Ann Lee\n"
                    "O3,Next one,500,Prospecting,9/1/2026,12/1/2026,Bob Roe\n")


def test_cli_json_has_stable_keys_values_units_and_reasons(tmp_path, capsys):
    write_deals(tmp_path / "deals.csv")
    assert main(["kpis", "--deals", str(tmp_path / "deals.csv"), "--as-of", "2026-10-01"]) == 0
    document = json.loads(capsys.readouterr().out)
    kpis = document["kpis"]
    assert kpis["win_rate"]["value"] == 0.5 and kpis["win_rate"]["unit"] == "fraction" and kpis["win_rate"]["n"] == 2
    assert kpis["sales_cycle_days_median"]["value"] == 50 and kpis["sales_cycle_days_median"]["unit"] == "days"
    assert kpis["average_deal_size_won"]["value"] == 1000 and kpis["open_pipeline_value"]["value"] == 500
    assert kpis["nps"]["value"] is None and kpis["nps"]["reason"]
    assert all({"value", "unit", "definition", "n"} <= set(item) for item in kpis.values())


def test_cli_markdown_and_stage_overrides(tmp_path, capsys):
    write_deals(tmp_path / "deals.csv", closed=False)
    assert main(["kpis", "--deals", str(tmp_path / "deals.csv"), "--as-of", "2026-10-01", "--format", "md"]) == 0
    text = capsys.readouterr().out
    assert "| Win rate (`win_rate`) | 0.0% |" in text
    assert main(["kpis", "--deals", str(tmp_path / "deals.csv"), "--as-of", "2026-10-01",
                 "--stage", "Prospecting=won"]) == 0
    assert json.loads(capsys.readouterr().out)["kpis"]["win_rate"]["value"] == pytest.approx(2 / 3, abs=1e-6)
    assert main(["kpis", "--deals", str(tmp_path / "deals.csv"), "--stage", "Prospecting"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
