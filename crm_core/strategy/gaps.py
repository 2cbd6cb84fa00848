"""Gaps: the distance between the customer experience today and the one wanted, at one stage
of the customer lifecycle, with the method's four common gaps as templates.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_core.errors import CrmCoreError
from crm_core.models import Gap, GapCreate
from crm_core.strategy.departments import DEPARTMENTS, department_label

LIFECYCLE_STAGES: tuple[str, ...] = ("awareness", "consideration", "decision", "growth", "advocacy")
STAGE_LABELS = {stage: stage.capitalize() for stage in LIFECYCLE_STAGES}


def clean_gap(data: GapCreate) -> dict[str, str]:
    """The column values of a gap as typed, or a sentence saying what to fix."""
    values = {key: value.strip() for key, value in data.model_dump().items() if isinstance(value, str)}
    if not values["title"]:
        raise CrmCoreError("A gap needs a title: a few words naming what customers experience.")
    stage = values["stage"].lower()
    if stage and stage not in LIFECYCLE_STAGES:
        raise CrmCoreError(f"'{values['stage']}' is not a lifecycle stage: "
                           f"choose one of {', '.join(LIFECYCLE_STAGES)}.")
    unknown = [d for d in data.departments if d not in DEPARTMENTS]
    if unknown:
        raise CrmCoreError(f"Unknown department(s) {', '.join(unknown)}: choose from {', '.join(DEPARTMENTS)}.")
    values["stage"] = stage
    values["departments"] = join_departments(data.departments)
    return values


def join_departments(departments: list[str] | tuple[str, ...]) -> str:
    """Departments as stored on a gap: funnel order, comma-separated, no repeats."""
    return ",".join(d for d in DEPARTMENTS if d in set(departments))


def gap_departments(gap: Gap) -> list[str]:
    return [d for d in gap.departments.split(",") if d]


def describe_departments(gap: Gap) -> str:
    return ", ".join(department_label(d) for d in gap_departments(gap)) or "no department named"


@dataclass(frozen=True)
class GapTemplate:
    """A common gap, with the Socratic questions that usually get the room unstuck on it."""

    key: str
    title: str
    current: str
    desired: str
    stage: str
    departments: tuple[str, ...]
    questions: tuple[str, ...]


GAP_TEMPLATES: tuple[GapTemplate, ...] = (
    GapTemplate(
        "slow_sales", "Inefficient sales process",
        "Leads stall between steps, some fall through the cracks and deals take too long to close.",
        "Every lead moves to a clear next step within days and nobody has to chase what happened.",
        "decision", ("marketing", "sales"),
        ("Walk the process from the first enquiry to the signed deal: where does a lead wait, and for whom?",
         "Which steps are skipped, undocumented or need too many clicks?",
         "Where do reps switch systems or type the same thing twice?"),
    ),
    GapTemplate(
        "low_retention", "Low customer retention",
        "Customers leave after the first year and we rarely know why until they have gone.",
        "Customers renew because every touchpoint after the sale keeps its promise.",
        "growth", ("support", "sales"),
        ("Map the touchpoints after the sale: onboarding, support, billing questions, renewals, up-sell. "
         "Which one did leaving customers last complain about?",
         "Who owns a customer after the deal closes?",
         "What do we know about a customer that the next person to talk to them does not?"),
    ),
    GapTemplate(
        "silos", "Silos between marketing, sales and support",
        "Each team keeps its own view of the customer; nobody sees what the others promised or heard.",
        "Everyone who talks to a customer sees the same history and knows the hand-off rules.",
        "consideration", ("marketing", "sales", "support"),
        ("At the hand-off from marketing to sales, what information is lost?",
         "Which words (lead, qualified, customer) mean different things to different teams?",
         "When support hears about a problem a sales promise caused, how does sales find out?"),
    ),
    GapTemplate(
        "unhappy_customers", "Unhappy customers",
        "Support is overloaded, the same problems come back and the satisfaction score keeps falling.",
        "Customers get their problem solved the first time and would recommend us.",
        "advocacy", ("support",),
        ("What are the five most common problems, and who could prevent each one upstream?",
         "Has anyone already tried to fix this ticket before it reached the current agent?",
         "How long does a customer wait before a person answers?"),
    ),
)
GAP_TEMPLATE_BY_KEY = {template.key: template for template in GAP_TEMPLATES}


def gap_from_template(key: str) -> GapCreate:
    template = GAP_TEMPLATE_BY_KEY.get(key)
    if template is None:
        raise CrmCoreError(f"There is no gap template called '{key}': pick one from the list.")
    return GapCreate(title=template.title, current_experience=template.current,
                     desired_experience=template.desired, stage=template.stage,
                     departments=list(template.departments))
