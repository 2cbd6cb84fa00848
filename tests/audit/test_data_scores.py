"""Scores with their formulas, the uniqueness hand-over, decay, stale records and the cost estimate."""

from datetime import date

import pytest

from crm_core.audit.data.cost import estimate_cost
from crm_core.audit.data.config import CostAssumptions, DataAuditConfig
from crm_core.audit.data.report import audit_data, run_data_audit
from crm_core.audit.data.decay import estimate_decay
from crm_core.findings import Score
from tests.audit.data_tables import AS_OF, flagged, table


def _contacts():
    # 4 contacts. Validity: r2 bad email. Consistency: r3's name in capitals (a low-severity problem).
    # Timeliness: r4 silent since 2024. Integrity: r1 and r4 have no owner.
    return table("contacts", email=["a@acme.com", "b@@acme.com", "c@acme.com", "d@acme.com"],
                 first_name=["Ann", "Bo", "CY", "Di"],
                 owner=[None, "Dana", "Dana", None],
                 created_at=["2026-01-01", "2026-01-01", "2026-01-01", "2023-01-01"],
                 updated_at=["2026-06-01", "2026-06-01", "2026-06-01", "2024-02-01"])


def test_dimension_scores_follow_their_formulas():
    result = audit_data({"contacts": _contacts()}, as_of=AS_OF)
    scores = {s.dimension: s for s in result.scores}
    assert scores["validity"].value == 75.0  # 1 of 4 records has a validity problem
    assert scores["consistency"].value == 75.0
    assert scores["timeliness"].value == 75.0
    assert scores["integrity"].value == 50.0
    assert scores["validity"].formula == "100 × (1 − records with at least one validity problem ÷ records audited)"
    assert all(s.basis == 4 for s in result.scores if s.dimension != "overall")
    assert "uniqueness" not in scores  # the duplicate finder's job
    weights = DataAuditConfig().score_weights
    present = ["completeness", "validity", "consistency", "timeliness", "integrity"]
    expected = sum(weights[d] * scores[d].value for d in present) / sum(weights[d] for d in present)
    assert scores["overall"].value == pytest.approx(expected, abs=0.05)
    assert "completeness" in scores["overall"].formula and "%" in scores["overall"].formula


def test_uniqueness_is_passed_in_and_joins_the_overall_score():
    given = Score("uniqueness", 20.0, "100 × (1 − redundant ÷ records)", 4)
    with_dupes = audit_data({"contacts": _contacts()}, as_of=AS_OF, uniqueness=given)
    without = audit_data({"contacts": _contacts()}, as_of=AS_OF)
    assert with_dupes.score("uniqueness").value == 20.0
    assert with_dupes.score("uniqueness").formula == given.formula
    assert with_dupes.score("overall").value < without.score("overall").value
    assert "15% uniqueness" in with_dupes.score("overall").formula


def test_stale_records_and_bounced_emails():
    # r1 touched recently; r2 nothing since 2025-06 (stale with 12 months, not with 18); r3 bounced
    frame = table("contacts", created_at=["2020-01-01", "2020-01-01", "2026-01-01"],
                  last_activity_at=["2026-09-01", "2025-06-01", None],
                  email_bounced_at=[None, None, "2026-09-03"])
    report = run_data_audit({"contacts": frame}, as_of=AS_OF)
    assert flagged(report, "DATA.STALE_RECORDS") == ["r2"]
    assert flagged(report, "DATA.EMAIL_BOUNCED") == ["r3"]
    longer = run_data_audit({"contacts": frame}, as_of=AS_OF, config=DataAuditConfig(stale_months=18))
    assert flagged(longer, "DATA.STALE_RECORDS") == []


def test_decay_estimate_uses_the_yearly_range():
    # one contact confirmed exactly a year ago (365.25 days), one today, one with no date at all
    frame = table("contacts", last_activity_at=["2025-09-30 18:00", "2026-10-01", None])
    estimate = estimate_decay(frame, date(2026, 10, 1), DataAuditConfig(unknown_age_years=2.0))
    # low: 0.30 (one year) + 0 + (1 - 0.7**2) = 0.81 -> 1; high: 0.70 + 0 + (1 - 0.3**2) = 1.61 -> 2
    assert (estimate.low, estimate.high) == (1, 2)
    assert "1 with no date at all assumed 2 year old" in estimate.assumption
    assert "30%-70%" in estimate.assumption


@pytest.mark.parametrize(
    ("error_rate", "at_max", "hours", "money", "loss"),
    [
        (0.25, 1.0, 137.5, 8_000, 0.03),  # linear: a quarter of the worst case
        (0.25, 0.5, 275.0, 16_000, 0.06),  # the worst case reached at 50% bad records
        (0.9, 0.5, 550.0, 32_000, 0.12),  # capped at the published maximum
    ],
)
def test_cost_scales_the_method_figures(error_rate, at_max, hours, money, loss):
    cost = estimate_cost(error_rate, 4, CostAssumptions(error_rate_at_max=at_max, annual_revenue=1_000_000))
    assert cost.hours_per_rep == pytest.approx(hours)
    assert cost.cost_per_rep == pytest.approx(money)
    assert cost.team_cost == pytest.approx(money * 4)
    assert cost.business_loss_share == pytest.approx(loss)
    assert cost.business_loss == pytest.approx(1_000_000 * loss)
    assert {name for name, _value, _source in cost.assumptions} >= {"hours lost per rep at most", "reps"}


def test_cost_finding_on_an_audit():
    report = run_data_audit({"contacts": _contacts()}, as_of=AS_OF,
                            config=DataAuditConfig(cost=CostAssumptions(reps=10)))
    finding = report.result.finding("DATA.BAD_DATA_COST")
    # r1, r2 and r4 have a medium-or-worse problem (no owner, bad email): 3 of 4 records; r3's capitals
    # are a low-severity problem and do not count
    assert finding.evidence["error rate"] == 0.75
    assert finding.evidence["reps"] == 10
    assert finding.evidence["hours per rep per year"] == round(550 * 0.75)
