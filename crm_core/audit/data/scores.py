"""The data audit's scores: one 0-100 score per dimension and an overall data score.

Formulas (also in each ``Score.formula``, shown on the page):

- completeness = 100 x the average, over records, of the record's weighted fill: the weights
  of its filled fields divided by the weights of the fields its export has (placeholders
  count as empty);
- validity, consistency, timeliness, integrity = 100 x (1 - records flagged by at least one
  check of that dimension / records audited), where records audited are the contacts,
  accounts and deals given;
- uniqueness: not computed here; the duplicate finder's score is passed in
  (``uniqueness=Score(...)``) and used as it is;
- overall = the weighted average of the dimension scores present, with the weights of
  ``DataAuditConfig.score_weights`` (completeness 25%, validity 25%, consistency 15%,
  uniqueness 15%, timeliness 10%, integrity 10%) rescaled over the dimensions present.
"""

from __future__ import annotations

import numpy as np

from crm_core.audit.data.collector import Collector
from crm_core.audit.data.checks import DIMENSIONS, codes_of
from crm_core.audit.data.config import SCORED_ENTITIES, DataAuditConfig
from crm_core.findings import Score

COMPLETENESS_FORMULA = ("100 × average over records of (sum of the weights of its filled fields ÷ sum of the "
                        "weights of the exported fields); placeholders count as empty")
FLAGGED_FORMULA = "100 × (1 − records with at least one {dimension} problem ÷ records audited)"
OVERALL = "overall"


def _records(collector: Collector) -> int:
    return sum(collector.sizes.get(entity, 0) for entity in SCORED_ENTITIES)


def flagged_records(collector: Collector, codes: set[str] | tuple[str, ...]) -> int:
    return int(sum(collector.affected(entity, codes).sum() for entity in SCORED_ENTITIES if entity in collector.sizes))


def score_dimensions(collector: Collector, fills: dict[str, np.ndarray], config: DataAuditConfig,
                     uniqueness: Score | None = None) -> tuple[Score, ...]:
    """Every dimension that has records to score, then the overall score."""
    records = _records(collector)
    scores: list[Score] = []
    if records:
        filled = sum(float(np.sum(values)) for values in fills.values())
        basis = sum(len(values) for values in fills.values())
        if basis:
            scores.append(Score("completeness", round(100 * filled / basis, 1), COMPLETENESS_FORMULA, basis))
        for dimension in ("validity", "consistency", "timeliness", "integrity"):
            bad = flagged_records(collector, codes_of(dimension))
            value = 100 * (1 - bad / records)
            scores.append(Score(dimension, round(value, 1), FLAGGED_FORMULA.format(dimension=dimension), records))
    if uniqueness is not None:
        scores.append(Score("uniqueness", uniqueness.value, uniqueness.formula or "from the duplicate finder",
                            uniqueness.basis))
    if scores:
        scores.append(overall_score(scores, config.score_weights))
    return tuple(scores)


def overall_score(scores: list[Score], weights: dict[str, float]) -> Score:
    present = [s for s in scores if s.dimension in DIMENSIONS and weights.get(s.dimension, 0) > 0]
    total = sum(weights[s.dimension] for s in present)
    value = sum(weights[s.dimension] * s.value for s in present) / total if total else 0.0
    terms = " + ".join(f"{weights[s.dimension] / total:.0%} {s.dimension}" for s in present) if total else "nothing"
    formula = f"weighted average of the dimension scores present: {terms}"
    return Score(OVERALL, round(value, 1), formula, max((s.basis for s in present), default=0))
