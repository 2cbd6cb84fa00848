"""Who owns the CRM: for each responsibility, who is Responsible, Accountable, Consulted and
Informed, checked the way RACI must hold: exactly one accountable party per responsibility, at
least one responsible, and no single party accountable for everything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from crm_core.errors import CrmCoreError
from crm_core.models import RaciAssignment
from crm_core.strategy.departments import DEPARTMENT_LABELS


@dataclass(frozen=True)
class Responsibility:
    key: str
    label: str
    area: str  # one of the CRM administrator's three areas


RESPONSIBILITIES: tuple[Responsibility, ...] = (
    Responsibility("collect", "Decides what information is collected", "Data management"),
    Responsibility("organise", "Decides how the information is organised", "Data management"),
    Responsibility("access", "Grants people access", "Data management"),
    Responsibility("reports", "Runs the reports", "Business processes"),
    Responsibility("accuracy", "Keeps the data accurate (governance, regular audits)", "Data management"),
    Responsibility("training", "Trains users and drives adoption", "Training and education"),
    Responsibility("processes", "Maps and improves business processes in the CRM", "Business processes"),
)
RESPONSIBILITY_BY_KEY = {r.key: r for r in RESPONSIBILITIES}
ROLES: tuple[str, ...] = ("A", "R", "C", "I")
ROLE_LABELS = {"R": "Responsible", "A": "Accountable", "C": "Consulted", "I": "Informed"}
# Which team looks after which data, whoever is accountable for accuracy overall.
STEWARDSHIP = {
    "sales": "acquisition and prospect information",
    "marketing": "lead sourcing and engagement tracking",
    "support": "customer history and service information",
}


ISSUE_LABELS = {
    "RACI.NO_ACCOUNTABLE": "Nobody accountable",
    "RACI.SEVERAL_ACCOUNTABLE": "Several accountable",
    "RACI.NO_RESPONSIBLE": "Nobody responsible",
    "RACI.ACCOUNTABLE_FOR_ALL": "One party accountable for all",
}


@dataclass(frozen=True)
class RaciIssue:
    code: str
    message: str
    responsibility: str = ""

    @property
    def label(self) -> str:
        """A few words for a badge; ``message`` says what to do."""
        return ISSUE_LABELS[self.code]


def require_responsibility(key: str) -> Responsibility:
    if key not in RESPONSIBILITY_BY_KEY:
        raise CrmCoreError(f"'{key}' is not one of the CRM responsibilities: reload the page and try again.")
    return RESPONSIBILITY_BY_KEY[key]


def require_role(role: str) -> str:
    if role not in ROLES:
        raise CrmCoreError(f"'{role}' is not a RACI role: use R, A, C or I.")
    return role


def parties_holding(assignments: Iterable[RaciAssignment], responsibility: str, role: str) -> list[str]:
    return sorted({a.party for a in assignments if a.responsibility == responsibility and a.role == role},
                  key=str.lower)


def party_options(stakeholder_names: Iterable[str], assignments: Iterable[RaciAssignment]) -> list[str]:
    """People first, then the departments, then any other party already named in the matrix."""
    options = list(dict.fromkeys(stakeholder_names))
    options += [label for label in DEPARTMENT_LABELS.values() if label not in options]
    options += sorted({a.party for a in assignments} - set(options), key=str.lower)
    return options


def check_raci(assignments: Sequence[RaciAssignment],
               responsibilities: Sequence[Responsibility] = RESPONSIBILITIES) -> list[RaciIssue]:
    issues = []
    accountable_for: dict[str, set[str]] = {}
    for responsibility in responsibilities:
        accountable = parties_holding(assignments, responsibility.key, "A")
        for party in accountable:
            accountable_for.setdefault(party, set()).add(responsibility.key)
        if not accountable:
            issues.append(RaciIssue("RACI.NO_ACCOUNTABLE", f"Nobody is accountable for '{responsibility.label}': "
                                    "name the one person who answers for it.", responsibility.key))
        elif len(accountable) > 1:
            issues.append(RaciIssue("RACI.SEVERAL_ACCOUNTABLE",
                                    f"{' and '.join(accountable)} are all accountable for '{responsibility.label}': "
                                    "keep one, make the others responsible or consulted.", responsibility.key))
        if not parties_holding(assignments, responsibility.key, "R"):
            issues.append(RaciIssue("RACI.NO_RESPONSIBLE", f"Nobody is responsible for doing "
                                    f"'{responsibility.label}': name who does the work.", responsibility.key))
    everything = {r.key for r in responsibilities}
    for party, keys in sorted(accountable_for.items()):
        if len(everything) > 1 and keys == everything:
            issues.append(RaciIssue("RACI.ACCOUNTABLE_FOR_ALL", f"{party} is accountable for every responsibility: "
                                    "share them out, or the CRM depends on one person's time."))
    return issues


def raci_matrix(assignments: Sequence[RaciAssignment],
                responsibilities: Sequence[Responsibility] = RESPONSIBILITIES) -> pd.DataFrame:
    """Rows: responsibility labels; columns: every party named; cells such as "A, R" or ""."""
    parties = sorted({a.party for a in assignments}, key=str.lower)
    cells = {
        r.label: {p: ", ".join(role for role in ROLES if p in parties_holding(assignments, r.key, role))
                  for p in parties}
        for r in responsibilities
    }
    return pd.DataFrame.from_dict(cells, orient="index", columns=parties).fillna("")
