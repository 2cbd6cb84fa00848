"""Participative target setting: each participant proposes a target, the group sees the spread
and records the one it agrees, with who agreed.

Goals the group sets together are met more often than assigned or "do your best" goals, so
the screen collects proposals before anyone speaks for the room.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from crm_core.errors import CrmCoreError
from crm_core.models import GoalTargetProposal

PROPOSAL_COLUMNS = ("participant", "target")


@dataclass(frozen=True)
class ProposalSpread:
    count: int
    low: float
    high: float
    median: float

    @property
    def spread_pct(self) -> float | None:
        """How far apart the proposals are, relative to the median (None when it is zero)."""
        return None if self.median == 0 else (self.high - self.low) / abs(self.median) * 100


def summarise_proposals(targets: Iterable[float]) -> ProposalSpread | None:
    values = sorted(targets)
    if not values:
        return None
    return ProposalSpread(len(values), values[0], values[-1], statistics.median(values))


def proposal_table(proposals: Iterable[GoalTargetProposal]) -> pd.DataFrame:
    """Columns ``participant, target``, one row per participant, lowest target first."""
    rows = sorted(((p.participant, float(p.target)) for p in proposals), key=lambda row: (row[1], row[0]))
    frame = pd.DataFrame(rows, columns=list(PROPOSAL_COLUMNS))
    return frame.astype({"participant": "string", "target": "float64"})


def split_names(text: str) -> list[str]:
    """"Ann, Bo; Cy" -> ["Ann", "Bo", "Cy"]: how a list of people is typed and stored."""
    seen: dict[str, str] = {}
    for name in text.replace(";", ",").split(","):
        cleaned = " ".join(name.split())
        if cleaned and cleaned.lower() not in seen:
            seen[cleaned.lower()] = cleaned
    return list(seen.values())


def agreement_names(names: Iterable[str]) -> str:
    """Who agreed, as stored on the goal; refuses an agreement nobody made."""
    cleaned = split_names(",".join(names))
    if not cleaned:
        raise CrmCoreError("Name at least one person who agreed the target.")
    return ", ".join(cleaned)
