"""Which department is the CRM's primary user, and so who should own it?

The room ticks the everyday symptoms it recognises; the department with the most symptoms
feels the lack of a working CRM most and should own it. A tie is stated, not broken at
random: the CRM then serves several teams and ownership goes to someone above them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from crm_core.models import Stakeholder
from crm_core.strategy.departments import CUSTOMER_FACING, department_label


@dataclass(frozen=True)
class Symptom:
    key: str
    department: str
    text: str


SYMPTOMS: tuple[Symptom, ...] = (
    Symptom("sales.scattered_notes", "sales", "Notes about prospects are scattered across spreadsheets."),
    Symptom("sales.many_emails", "sales", "One prospect has several email addresses, kept in several places."),
    Symptom("sales.no_reminder", "sales", "Deals are lost because nobody was reminded to follow up."),
    Symptom("sales.no_history", "sales", "Nobody can say how often we spoke to a prospect, or about what."),
    Symptom("sales.too_many", "sales", "There are more prospects than anyone can keep track of."),
    Symptom("sales.late_follow_up", "sales", "We lose to competitors because our follow-up came too late."),
    Symptom("marketing.lead_source", "marketing", "We cannot tell where a lead came from."),
    Symptom("marketing.interests", "marketing", "We do not know what a customer is interested in."),
    Symptom("marketing.event_invite", "marketing", "Nobody knows whether a customer was invited to the event."),
    Symptom("marketing.newsletter", "marketing", "We cannot say who gets the newsletter, or who wants it."),
    Symptom("marketing.campaign_results", "marketing", "We cannot say how the last ad campaign performed."),
    Symptom("marketing.subject_lines", "marketing", "We cannot tell which subject line gets more opens."),
    Symptom("support.tenure", "support", "Agents cannot see how long a customer has been with us."),
    Symptom("support.problem", "support", "Agents start each call without knowing what the problem is."),
    Symptom("support.routing", "support", "Nobody knows who should take a new request."),
    Symptom("support.ticket_age", "support", "We cannot see how long a ticket has been open."),
    Symptom("support.tried_before", "support", "Agents cannot tell whether someone already tried a fix."),
    Symptom("support.common_problems", "support", "We do not know our most common problems."),
)
SYMPTOM_BY_KEY = {symptom.key: symptom for symptom in SYMPTOMS}


@dataclass(frozen=True)
class Diagnosis:
    counts: dict[str, int]  # ticked symptoms per department, funnel order
    primary: tuple[str, ...]  # the department(s) with the most; several on a tie; empty if none
    owner: str  # who should own the CRM, in a few words
    reason: str  # why, in one or two sentences

    @property
    def is_tie(self) -> bool:
        return len(self.primary) > 1


def diagnose_primary_user(ticked: Collection[str], stakeholders: Iterable[Stakeholder] = ()) -> Diagnosis:
    """Count the ticked symptoms per department and name the primary user and the owner.

    The owner is proposed by name when a stakeholder fits: the most influential one in the
    primary department, or in management when departments tie.
    """
    counts = {d: sum(1 for s in SYMPTOMS if s.department == d and s.key in ticked) for d in CUSTOMER_FACING}
    per_department = sum(1 for s in SYMPTOMS if s.department == CUSTOMER_FACING[0])
    people = list(stakeholders)
    top = max(counts.values())
    if top == 0:
        return Diagnosis(counts, (), "", "Tick the symptoms the teams recognise; the department with the most is "
                         "the CRM's primary user.")
    primary = tuple(d for d in CUSTOMER_FACING if counts[d] == top)
    others = ", ".join(f"{department_label(d).lower()} {counts[d]}" for d in CUSTOMER_FACING if d not in primary)
    if len(primary) == 1:
        department = primary[0]
        label = department_label(department)
        owner = _most_influential(people, department) or f"the head of {label.lower()}"
        reason = (f"{label} recognises {top} of {per_department} symptoms (against {others}): it feels the lack of a "
                  f"working CRM most, so it is the primary user and {owner} should own the CRM, with a CRM "
                  "administrator reporting to them.")
        return Diagnosis(counts, primary, owner, reason)
    names = " and ".join(department_label(d) for d in primary)
    owner = _most_influential(people, "management") or "a manager above these teams"
    tail = f" (against {others})" if others else ""
    reason = (f"{names} tie with {top} of {per_department} symptoms each{tail}: the CRM serves them equally, so "
              f"{owner} should own it and each department head stays responsible for their own team's data.")
    return Diagnosis(counts, primary, owner, reason)


def _most_influential(people: list[Stakeholder], department: str) -> str | None:
    candidates = [p for p in people if p.department == department]
    if not candidates:
        return None
    best = min(candidates, key=lambda p: (-p.influence, -p.interest, p.name.lower()))
    return f"{best.name} ({best.role})" if best.role else best.name
