"""A small strategy half written inline, so the writers' tests know every line it must produce."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from crm_core.models import (
    Gap, GlossaryDefinition, GlossaryEntry, Goal, RaciAssignment, Stakeholder, WhyNode,
)
from crm_core.recommend import Links
from crm_core.report.engagement import StrategyRows

T0 = datetime(2026, 11, 2, 9, 0)


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


GOALS = [
    Goal(id="g-mkt", department="marketing", statement="Grow qualified leads from the website", intent="leads",
         metric="Qualified leads", unit="per month", baseline=120, target=150, deadline=date(2027, 3, 31),
         owner="Priya Shah", created_at=_at(1)),
    Goal(id="g-sales", department="sales", statement="Close deals faster", intent="efficiency",
         metric="Sales cycle length", unit="months", baseline=3.4, target=2.5, deadline=date(2027, 6, 30),
         owner="Tom Reed", created_at=_at(2)),
    Goal(id="g-support", department="support", statement="Keep more customers", intent="churn",
         metric="Retention rate", unit="%", baseline=88, target=92, deadline=date(2027, 6, 30),
         owner="Lena Fox", created_at=_at(3)),
]
STAKEHOLDERS = [
    Stakeholder(name="Tom Reed", role="Head of sales", department="sales", influence=5, interest=5,
                buy_in="champion", commitment="Weekly pipeline review in the CRM"),
    Stakeholder(name="Priya Shah", role="Marketing manager", department="marketing", influence=3, interest=4,
                buy_in="supporter"),
    Stakeholder(name="Mark Bell", role="Finance director", department="finance", influence=4, interest=2,
                buy_in="sceptic"),
]
RACI = [  # nobody is accountable for training: the RACI check must say so
    RaciAssignment(responsibility=key, party=party, role=role)
    for key in ("collect", "organise", "access", "reports", "accuracy", "processes")
    for party, role in (("Tom Reed", "A"), ("Sales", "R"))
] + [RaciAssignment(responsibility="training", party="Sales", role="R")]
GLOSSARY = (
    [GlossaryEntry(id="t-lead", term="Qualified lead", kind="custom")],
    [GlossaryDefinition(entry_id="t-lead", team="marketing", definition="Downloaded two white papers"),
     GlossaryDefinition(entry_id="t-lead", team="sales", definition="Has budget, a need and a date to buy")],
)
GAPS = [
    Gap(id="gap-slow", title="Inbound leads wait two days for a first call", stage="consideration",
        departments="marketing,sales", current_experience="A buyer fills in the form and hears nothing",
        desired_experience="A call within the hour", evidence="Median first touch 47 hours"),
    Gap(id="gap-dupes", title="Customers get the same email twice", stage="growth", departments="marketing"),
]
WHYS = [
    WhyNode(id="w1", gap_id="gap-slow", parent_id=None, answer="Leads arrive in a shared inbox", created_at=_at(10)),
    WhyNode(id="w2", gap_id="gap-slow", parent_id="w1", answer="Web forms are not connected to the CRM",
            created_at=_at(11)),
    WhyNode(id="w3", gap_id="gap-slow", parent_id="w2", answer="The integration budget was cut",
            is_root_cause=True, created_at=_at(12)),
    WhyNode(id="w4", gap_id="gap-dupes", parent_id=None, answer="Contacts are imported from trade-show lists",
            created_at=_at(13)),
    WhyNode(id="w5", gap_id="gap-dupes", parent_id="w4", answer="Nobody checks for duplicates before importing",
            is_root_cause=True, created_at=_at(14)),
]
VOTES = {"gap:gap-slow": 7, "gap:gap-dupes": 2, "rec:USAGE.TEAM_NOT_USING": 4}
# Which recommendation serves which goal and addresses which root cause, as the plan page links them.
LINKS = Links(goals={"USAGE.TEAM_NOT_USING": ("g-mkt",), "DATA.OWNER_INACTIVE": ("g-sales",)},
              root_causes={"USAGE.TEAM_NOT_USING": ("w3",), "DATA.EMAIL_INVALID": ("w5",)})
GOAL_LABELS = {"g-mkt": "Grow qualified leads from the website (marketing)", "g-sales": "Close deals faster (sales)"}
CAUSE_LABELS = {"w3": "The integration budget was cut (gap: Inbound leads wait two days for a first call)",
                "w5": "Nobody checks for duplicates before importing (gap: Customers get the same email twice)"}


def strategy_rows() -> StrategyRows:
    """Three goals, three stakeholders, a RACI with one gap, one glossary conflict, two gaps
    with root causes and 13 dots from 5 people."""
    return StrategyRows(goals=GOALS, stakeholders=STAKEHOLDERS, raci=RACI, symptoms=frozenset(), glossary=GLOSSARY,
                        gaps=GAPS, whys=WHYS, votes=VOTES, voters=5, workshops=(date(2026, 11, 2),))
