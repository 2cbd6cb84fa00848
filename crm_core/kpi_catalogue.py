"""The one KPI catalogue: every KPI the workbench knows, measured from the exports or set as a goal.

Each :class:`Kpi` has a stable ``key`` (never renamed: kept audits and history snapshots store
it), a name, a definition, the unit it is measured in, the direction that is good, and ``how``
the exports measure it (``None``: they cannot, its baseline is typed in). A KPI goals are set on
also has a :class:`GoalUse`: the goal's own stable key (stored on goals), the name and unit goals
are written in, the intent it serves, the words people use for it and the factor from the
measured unit to the goal's unit (a win rate of 0.8 is a conversion-rate goal of 80%).

Measuring lives in ``crm_core.audit.pipeline``; goal rules in ``crm_core.strategy``; both read
this catalogue, and ``crm_core.units.format_value`` writes every value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Direction = Literal["up", "down"]


@dataclass(frozen=True)
class GoalUse:
    key: str
    name: str
    unit: str
    intent: str
    aliases: tuple[str, ...] = ()
    factor: float = 1.0  # measured value x factor = the value in the goal's unit


@dataclass(frozen=True)
class Kpi:
    key: str
    name: str
    definition: str
    unit: str
    direction: Direction
    how: str | None  # None: the exports cannot measure it
    goal: GoalUse | None = None

    @property
    def measured(self) -> bool:
        return self.how is not None


DAYS_PER_MONTH = 30.4375

CATALOGUE: tuple[Kpi, ...] = (
    Kpi("win_rate", "Win rate", "Won deals / (won + lost deals).", "fraction", "up",
        "Stages mapped to won and lost by the stage table; open deals are left out.",
        GoalUse("conversion_rate", "Conversion rate", "%", "sales", ("conversion", "win rate", "close rate"), 100.0)),
    Kpi("sales_cycle_days_median", "Sales cycle (median)", "Median days from creation to close of won deals.",
        "days", "down", "Won deals with both dates; a close date before creation is left out.",
        GoalUse("sales_cycle_length", "Sales-cycle length", "months", "efficiency", ("sales cycle", "time to close"),
                1 / DAYS_PER_MONTH)),
    Kpi("sales_cycle_days_mean", "Sales cycle (mean)", "Mean days from creation to close of won deals.",
        "days", "down", "As the median, averaged."),
    Kpi("average_deal_size_won", "Average deal size", "Mean amount of won deals.", "currency", "up",
        "Won deals with an amount."),
    Kpi("open_pipeline_value", "Open pipeline value", "Total amount of open deals.", "currency", "up",
        "Deals neither won nor lost, with an amount."),
    Kpi("pipeline_coverage", "Pipeline coverage",
        "Open value closing in the next period / the revenue needed in it.", "ratio", "up",
        "Period and target from the KPI settings; without a target, the average won revenue per period "
        "over the last year."),
    Kpi("new_revenue_last_quarter", "New revenue (last quarter)",
        "Won new-business revenue in the last complete calendar quarter.", "currency", "up",
        "Deals whose pipeline or type says new business; all won deals when none is marked."),
    Kpi("new_revenue_last_12_months", "New revenue (last 12 months)",
        "Won new-business revenue in the last 365 days.", "currency", "up", "As for the quarter.",
        GoalUse("new_revenue", "New revenue", "$", "sales", ("revenue", "sales revenue"))),
    Kpi("expansion_revenue_last_12_months", "Up-sell and cross-sell revenue (last 12 months)",
        "Won up-sell, cross-sell and upgrade revenue in the last 365 days.", "currency", "up",
        "Deals whose pipeline or type says up-sell, cross-sell, upgrade, expansion or add-on.",
        GoalUse("expansion_revenue", "Cross-sell and up-sell revenue", "$", "growth",
                ("cross-sell", "up-sell", "upsell", "cross sell", "expansion revenue"))),
    Kpi("stuck_deal_share", "Stuck deals", "Share of open deals stuck in their stage or without activity.",
        "fraction", "down", "Stuck: in stage longer than the stage's 90th percentile, or no activity in "
        "the set number of days (settings)."),
    Kpi("deals_missing_fields_share", "Deals missing key fields",
        "Share of deals missing an amount, a close date or an owner.", "fraction", "down",
        "A column the export lacks counts as missing."),
    Kpi("deals_with_activity_share", "Won deals with logged activity",
        "Share of won deals with an activity logged on or before the close date.", "fraction", "up",
        "Deals closed since the first logged activity; activities linked by deal (or account)."),
    Kpi("churn_rate", "Churn rate", "Share of customers lost in a year.", "fraction", "down",
        "From transactions, else renewals, else account status (see the note).",
        GoalUse("churn_rate", "Churn rate", "%", "churn", ("churn", "customer churn", "attrition"), 100.0)),
    Kpi("retention_rate", "Retention rate", "Share of customers kept over a year.", "fraction", "up",
        "1 - churn, from the same source.",
        GoalUse("retention_rate", "Retention rate", "%", "churn", ("retention", "customer retention"), 100.0)),
    Kpi("average_revenue_per_customer", "Average revenue per customer",
        "Revenue of the last 365 days / customers who bought in them.", "currency", "up",
        "Net orders when a transactions log exists, else won deals per account.",
        GoalUse("arpc", "Average revenue per customer", "$", "growth", ("arpc", "arpu", "revenue per customer"))),
    Kpi("customer_lifetime_value", "Customer lifetime value (CLTV)",
        "Yearly revenue per customer / yearly churn rate.", "currency", "up",
        "Gross revenue, not margin; needs a yearly churn rate.",
        GoalUse("cltv", "Customer lifetime value (CLTV)", "$", "growth", ("cltv", "clv", "ltv", "lifetime value"))),
    Kpi("customer_acquisition_cost", "Customer acquisition cost (CAC)",
        "Sales and marketing spend / new customers won in the same period.", "currency", "down",
        "Spend typed into the KPI settings.",
        GoalUse("cac", "Customer acquisition cost (CAC)", "$", "cost",
                ("cac", "acquisition cost", "cost per sale", "cost per customer", "per sale"))),
    Kpi("nps", "Net Promoter Score (NPS)", "% promoters (9-10) - % detractors (0-6).", "points", "up",
        "A 0-10 survey column in any export.",
        GoalUse("nps", "Net Promoter Score (NPS)", "points", "satisfaction", ("nps", "net promoter score"))),
    Kpi("csat", "Customer satisfaction (CSAT)", "Share of satisfied survey answers.", "fraction", "up",
        "A satisfaction survey column in any export (4-5 of 5, 8-10 of 10).",
        GoalUse("csat", "Customer satisfaction (CSAT)", "%", "satisfaction", ("csat", "satisfaction"), 100.0)),
    Kpi("speed_to_lead_minutes_median", "Speed to lead (median)",
        "Median working minutes from a lead's creation to its first call, email or meeting.", "minutes", "down",
        "People added in the usage window, first touch logged on them; working hours from the usage settings.",
        GoalUse("speed_to_lead", "Speed to lead", "minutes", "leads",
                ("speed to lead", "lead response time", "response time to leads", "first touch", "first response"))),
    Kpi("leads_touched_within_5_min", "Leads touched within 5 minutes",
        "Share of new leads whose first call, email or meeting came within 5 working minutes.", "fraction", "up",
        "As speed to lead; a lead never touched counts as not touched in time."),
    Kpi("leads_touched_within_1_hour", "Leads touched within an hour",
        "Share of new leads whose first call, email or meeting came within an hour of working time.", "fraction",
        "up", "As speed to lead.",
        GoalUse("leads_touched_within_1_hour", "Leads touched within an hour", "%", "leads",
                ("contacted within an hour", "touched within an hour", "lead follow-up"), 100.0)),
    Kpi("leads_touched_within_24_hours", "Leads touched within 24 hours",
        "Share of new leads whose first call, email or meeting came within 24 hours of working time.", "fraction",
        "up", "As speed to lead."),
    Kpi("leads_never_touched", "Leads never touched",
        "Share of new leads with no call, email or meeting logged since they were added.", "fraction", "down",
        "As speed to lead; leads added in the last day are left out."),
    Kpi("qualified_leads", "Marketing-qualified leads", "Leads marketing qualifies in a month.", "per month", "up",
        None, GoalUse("qualified_leads", "Marketing-qualified leads", "per month", "leads",
                      ("mql", "mqls", "leads", "new leads"))),
    Kpi("referrals", "Referrals", "New customers referred by existing ones in a quarter.", "per quarter", "up",
        None, GoalUse("referrals", "Referrals", "per quarter", "satisfaction", ("referral", "referrals"))),
)
BY_KEY = {kpi.key: kpi for kpi in CATALOGUE}
MEASURED = tuple(kpi for kpi in CATALOGUE if kpi.measured)
FOR_GOALS = tuple(kpi for kpi in CATALOGUE if kpi.goal is not None)
