"""What bad data costs, scaled from the method's figures to this data's error rate.

METHOD 4b: sales teams lose up to 550 hours and $32,000 per rep per year to bad prospect data,
and companies lose up to 12% of business to duplicate, wrong or fraudulent data. Those are the
worst cases. Here they are scaled by this data's error rate (the share of audited records with
at least one problem of medium severity or worse) relative to the error rate at which the worst
case is assumed to apply (``CostAssumptions.error_rate_at_max``, 100% by default: linear).

    scale          = min(1, error rate / error rate at max)
    hours per rep  = 550 x scale           money per rep = 32,000 x scale
    team           = per rep x reps        business lost = 12% x scale (x annual revenue if given)

Reps default to the active users of customer-facing teams in the users export, else the number
of distinct owners. Every figure is listed with its source in ``CostEstimate.assumptions``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from crm_core.audit.data.config import CostAssumptions


@dataclass(frozen=True)
class CostEstimate:
    error_rate: float
    scale: float
    reps: int
    hours_per_rep: float
    cost_per_rep: float
    team_hours: float
    team_cost: float
    business_loss_share: float
    business_loss: float | None
    currency: str
    assumptions: tuple[tuple[str, str, str], ...]  # (name, value, where it comes from)

    def summary(self) -> str:
        money = f"{self.currency}{self.team_cost:,.0f}"
        text = (f"About {self.hours_per_rep:,.0f} hours and {self.currency}{self.cost_per_rep:,.0f} per rep a year "
                f"({self.team_hours:,.0f} hours and {money} for {self.reps} reps)")
        if self.business_loss is not None:
            lost = f"{self.currency}{self.business_loss:,.0f}"
            return text + f", and up to {lost} of business ({self.business_loss_share:.1%})."
        return text + f", and up to {self.business_loss_share:.1%} of business."


def count_reps(users: pd.DataFrame | None, books: pd.DataFrame, facing: pd.Series | None = None) -> int:
    """Active users of customer-facing teams, else the distinct owners of the books (at least 1)."""
    if users is not None and facing is not None and len(users):
        active = users["is_active"].fillna(True).astype(bool) if "is_active" in users.columns else True
        count = int((facing & active).sum())
        if count:
            return count
    owners = books["owner"].nunique() if len(books) else 0
    return max(int(owners), 1)


def estimate_cost(error_rate: float, reps: int, assumptions: CostAssumptions) -> CostEstimate:
    reps = assumptions.reps or reps
    at_max = assumptions.error_rate_at_max if assumptions.error_rate_at_max > 0 else 1.0
    scale = min(1.0, max(0.0, error_rate) / at_max)
    hours, cost = assumptions.max_hours_per_rep * scale, assumptions.max_cost_per_rep * scale
    loss_share = assumptions.max_business_loss * scale
    loss = assumptions.annual_revenue * loss_share if assumptions.annual_revenue else None
    c = assumptions.currency
    listed = (
        ("error rate", f"{error_rate:.1%}", "records audited with a problem of medium severity or worse"),
        ("error rate at which the maximum applies", f"{at_max:.0%}", "assumption, editable"),
        ("hours lost per rep at most", f"{assumptions.max_hours_per_rep:,.0f}", "METHOD 4b: up to 550 a year"),
        ("money lost per rep at most", f"{c}{assumptions.max_cost_per_rep:,.0f}", "METHOD 4b: up to $32,000 a year"),
        ("business lost at most", f"{assumptions.max_business_loss:.0%}", "METHOD 4b: up to 12%"),
        ("reps", str(reps), "set by hand" if assumptions.reps else "active customer-facing users, else owners"),
        ("annual revenue", f"{c}{assumptions.annual_revenue:,.0f}" if assumptions.annual_revenue else "not given",
         "editable"),
    )
    return CostEstimate(error_rate, scale, reps, hours, cost, hours * reps, cost * reps, loss_share, loss, c, listed)
