"""The stakeholder register: who the CRM needs on side, how much they can sway it, how much they
care, and how committed they are.

The method ranks stakeholders: the customer first, then the customer-facing teams, then
managers and executives. Half of CRM projects miss management's expectations, so a manager
without explicit commitment is called out early.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import pandas as pd

from crm_core.errors import CrmCoreError
from crm_core.models import Stakeholder, StakeholderCreate
from crm_core.strategy.departments import STAKEHOLDER_DEPARTMENTS, department_label, require_department

BUY_IN_LEVELS: tuple[str, ...] = ("champion", "supporter", "neutral", "sceptic", "blocker")
BUY_IN_LABELS = {level: level.capitalize() for level in BUY_IN_LEVELS}
SCALE = range(1, 6)
HIGH_FROM = 3  # on the 1-5 scales, 3 and above count as high: the middle gets attention too

QUADRANTS = {
    (True, True): "Manage closely",
    (True, False): "Keep satisfied",
    (False, True): "Keep informed",
    (False, False): "Monitor",
}
GRID_COLUMNS = ("name", "role", "department", "influence", "interest", "buy_in", "quadrant", "x", "y")


def clean_stakeholder(data: StakeholderCreate) -> dict[str, object]:
    """The column values of a stakeholder as typed, or a sentence saying what to fix."""
    values: dict[str, object] = {
        key: value.strip() if isinstance(value, str) else value for key, value in data.model_dump().items()
    }
    if not values["name"]:
        raise CrmCoreError("A stakeholder needs a name: type the person's name.")
    values["department"] = require_department(
        str(values["department"]), allowed=STAKEHOLDER_DEPARTMENTS, what="stakeholder")
    for scale in ("influence", "interest"):
        if values[scale] not in SCALE:
            raise CrmCoreError(f"{scale.capitalize()} is scored from 1 (low) to 5 (high), not {values[scale]}.")
    values["buy_in"] = str(values["buy_in"]).lower()
    if values["buy_in"] not in BUY_IN_LEVELS:
        raise CrmCoreError(f"Buy-in is one of {', '.join(BUY_IN_LEVELS)}, not '{data.buy_in}'.")
    return values


def quadrant(influence: int, interest: int) -> str:
    return QUADRANTS[(influence >= HIGH_FROM, interest >= HIGH_FROM)]


def importance_rank(stakeholder: Stakeholder) -> int:
    """0 the customer, 1 customer-facing employees, 2 management, 3 everyone else."""
    if stakeholder.department == "customer":
        return 0
    if stakeholder.customer_facing:
        return 1
    return 2 if stakeholder.department == "management" else 3


def in_order_of_importance(stakeholders: Iterable[Stakeholder]) -> list[Stakeholder]:
    return sorted(stakeholders, key=lambda s: (importance_rank(s), -s.influence, s.name.lower()))


def influence_interest_table(stakeholders: Sequence[Stakeholder]) -> pd.DataFrame:
    """One row per stakeholder with columns :data:`GRID_COLUMNS`.

    ``x``/``y`` are interest/influence nudged apart on a small circle when several people
    share a cell, so every name stays readable on the grid.
    """
    cells: dict[tuple[int, int], list[Stakeholder]] = {}
    for person in sorted(stakeholders, key=lambda s: s.name.lower()):
        cells.setdefault((person.interest, person.influence), []).append(person)
    rows = []
    for (interest, influence), people in cells.items():
        for index, person in enumerate(people):
            angle = 2 * math.pi * index / len(people)
            radius = 0.0 if len(people) == 1 else 0.22
            rows.append({
                "name": person.name, "role": person.role, "department": department_label(person.department),
                "influence": influence, "interest": interest, "buy_in": person.buy_in,
                "quadrant": quadrant(influence, interest),
                "x": round(interest + radius * math.cos(angle), 3),
                "y": round(influence + radius * math.sin(angle), 3),
            })
    frame = pd.DataFrame(rows, columns=list(GRID_COLUMNS))
    return frame.sort_values(["influence", "interest", "name"], ascending=[False, False, True], ignore_index=True)


def commitment_warnings(stakeholders: Iterable[Stakeholder]) -> list[str]:
    """Who to win over first: managers without explicit commitment, powerful sceptics and blockers."""
    warnings = []
    for person in in_order_of_importance(stakeholders):
        who = f"{person.name} ({person.role or department_label(person.department)})"
        if person.buy_in in ("sceptic", "blocker") and person.influence >= HIGH_FROM:
            warnings.append(f"{who} is a {person.buy_in} with influence {person.influence}/5: meet them before "
                            "the next decision and write down what would change their mind.")
        elif person.department == "management" and (person.buy_in == "neutral" or not person.commitment.strip()):
            warnings.append(f"{who} has not given an explicit commitment: ask for it now, in writing, "
                            "so expectations are agreed before the work starts.")
    return warnings
