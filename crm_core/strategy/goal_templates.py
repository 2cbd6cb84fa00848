"""Goal templates from the method's four well-formed examples and its speed-to-lead rule, with
deadlines relative to today.

- reduce customer churn by 25% by the end of next quarter;
- cut the sales cycle by 50%, from an average of 4 months to 2;
- grow new revenue by 50% this year;
- cut customer acquisition cost from $115 to $80 per customer by year end;
- answer new leads within the hour (a lead contacted within an hour is several times likelier to
  qualify): 80% of them by the end of next quarter, the baseline measured from the exports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from crm_core.errors import CrmCoreError
from crm_core.models import GoalCreate
from crm_core.strategy.goals import DAYS_PER_QUARTER
from crm_core.strategy.kpis import KPI_BY_KEY


def end_of_quarter(day: date, quarters_ahead: int = 0) -> date:
    """The last day of the quarter ``quarters_ahead`` after the one holding ``day``."""
    index = (day.year * 4 + (day.month - 1) // 3) + quarters_ahead + 1
    first_of_following = date(index // 4, (index % 4) * 3 + 1, 1)
    return first_of_following - timedelta(days=1)


def end_of_year_ahead(day: date) -> date:
    """31 December of this year, or of next year when less than a quarter of this one is left
    (a goal "for this year" set in November means the coming year)."""
    year_end = date(day.year, 12, 31)
    return year_end if (year_end - day).days >= DAYS_PER_QUARTER else date(day.year + 1, 12, 31)


@dataclass(frozen=True)
class GoalTemplate:
    key: str
    label: str
    department: str
    kpi_key: str
    statement: str
    why: str
    deadline: Callable[[date], date]
    baseline: float | None = None
    target: float | None = None


GOAL_TEMPLATES: tuple[GoalTemplate, ...] = (
    GoalTemplate("churn", "Churn -25% by the end of next quarter", "support", "churn_rate",
                 "Reduce customer churn by 25% by the end of next quarter",
                 "Customers who leave usually met a problem nobody followed up; keeping them means every "
                 "issue gets an owner and an answer.", lambda day: end_of_quarter(day, 1)),
    GoalTemplate("sales_cycle", "Sales cycle from 4 months to 2", "sales", "sales_cycle_length",
                 "Cut the sales cycle by 50%, from an average of 4 months to 2",
                 "Prospects wait weeks between steps; a faster, clearer path to buying respects their time.",
                 lambda day: end_of_quarter(day, 2), baseline=4, target=2),
    GoalTemplate("new_revenue", "New revenue +50% this year", "sales", "new_revenue",
                 "Grow new revenue by 50% this year",
                 "More customers choosing us means the offer and the buying experience work for them.",
                 end_of_year_ahead),
    GoalTemplate("cac", "CAC from $115 to $80 by year end", "marketing", "cac",
                 "Cut customer acquisition cost from $115 to $80 per customer by year end",
                 "Reaching the right people with the right message wastes less of their attention and our budget.",
                 end_of_year_ahead, baseline=115, target=80),
    GoalTemplate("lead_response", "Leads answered within the hour", "sales", "leads_touched_within_1_hour",
                 "Answer 80% of new leads within an hour of working time by the end of next quarter",
                 "Someone who just asked is waiting for an answer; a lead called within the hour is several times "
                 "likelier to qualify than one called the next day.", lambda day: end_of_quarter(day, 1),
                 target=80),
)
GOAL_TEMPLATE_BY_KEY = {template.key: template for template in GOAL_TEMPLATES}


def goal_from_template(key: str, *, today: date) -> GoalCreate:
    """A new goal pre-filled from one of the method's examples; the room types the rest."""
    template = GOAL_TEMPLATE_BY_KEY.get(key)
    if template is None:
        raise CrmCoreError(f"There is no goal template called '{key}': pick one from the list.")
    kpi = KPI_BY_KEY[template.kpi_key]
    return GoalCreate(statement=template.statement, department=template.department, intent=kpi.intent,
                      metric=kpi.name, unit=kpi.unit, baseline=template.baseline, target=template.target,
                      deadline=template.deadline(today), why=template.why)
