"""The one shape every audit returns, so the screens, the CLI and the report cannot disagree.

An audit takes DataFrames and a config and returns an :class:`AuditResult`:

- ``scores``: 0-100 per dimension, each with the formula that produced it;
- ``findings``: one per check that found something, with a stable ``code`` such as
  ``DATA.EMAIL_INVALID``, numbers as evidence and a few example record ids;
- ``issues``: the record-level table, with exactly :data:`ISSUE_COLUMNS`.

Data problems are collected here, never raised. ``to_json``/``from_json`` are the single JSON
form every ``--format json`` prints.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import pandas as pd

ISSUE_COLUMNS = ("record_id", "entity", "field", "check", "severity", "value", "suggestion")
SCORE_BANDS = (("green", 80.0), ("amber", 60.0), ("red", 0.0))  # each band's floor, best first
SCORE_BAND_RULE = "green from 80, amber from 60 to under 80, red below 60"


class Severity(str, Enum):
    """How much a finding hurts; ordered from worst to mildest."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


@dataclass(frozen=True)
class Score:
    """One dimension's health, 0 (worst) to 100 (best), with how it was computed."""

    dimension: str
    value: float
    formula: str = ""
    basis: int = 0  # how many records or answers the score rests on

    def __post_init__(self) -> None:
        if math.isnan(self.value) or not 0 <= self.value <= 100:
            raise ValueError(f"score {self.dimension}={self.value} is outside 0-100")

    @property
    def label(self) -> str:
        """The dimension in words: ``pipeline_hygiene`` -> "Pipeline hygiene",
        ``uniqueness.contacts`` -> "Uniqueness (contacts)"."""
        name, _, part = self.dimension.partition(".")
        words = name.replace("_", " ").capitalize()
        return f"{words} ({part.replace('_', ' ')})" if part else words


def score_band(value: float | None) -> str:
    """The band every screen, chart and report colours a 0-100 score with; grey = not scored."""
    if value is None:
        return "grey"
    return next(name for name, floor in SCORE_BANDS if value >= floor)


@dataclass(frozen=True)
class Finding:
    """One check's result, aggregated: what is wrong, how often, and an example or two."""

    code: str
    severity: Severity
    title: str
    affected_count: int
    evidence: dict[str, float | int | str] = field(default_factory=dict)
    example_ids: tuple[str, ...] = ()
    recommendation_code: str | None = None
    detail: str = ""

    def __post_init__(self) -> None:
        if "." not in self.code or self.code != self.code.upper():
            raise ValueError(f"finding code {self.code!r} must look like AREA.CHECK")
        object.__setattr__(self, "severity", Severity(self.severity))

    @property
    def area(self) -> str:
        return self.code.split(".", 1)[0]


def empty_issues() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="string") for column in ISSUE_COLUMNS})


@dataclass(frozen=True)
class AuditResult:
    """Scores, findings and record-level issues of one audit area."""

    area: str
    scores: tuple[Score, ...] = ()
    findings: tuple[Finding, ...] = ()
    issues: pd.DataFrame = field(default_factory=empty_issues)

    def __post_init__(self) -> None:
        if tuple(self.issues.columns) != ISSUE_COLUMNS:
            raise ValueError(f"issues must have exactly the columns {ISSUE_COLUMNS}")
        ordered = sorted(self.findings, key=lambda f: (f.severity.rank, -f.affected_count, f.code))
        object.__setattr__(self, "findings", tuple(ordered))

    def score(self, dimension: str) -> Score | None:
        return next((s for s in self.scores if s.dimension == dimension), None)

    def finding(self, code: str) -> Finding | None:
        return next((f for f in self.findings if f.code == code), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form; issues are left out (they go to CSV/XLSX, not JSON)."""
        return {
            "area": self.area,
            "scores": {s.dimension: round(s.value, 1) for s in self.scores},
            "score_details": [
                {"dimension": s.dimension, "value": round(s.value, 1), "formula": s.formula, "basis": s.basis}
                for s in self.scores
            ],
            "findings": [
                {
                    "code": f.code,
                    "severity": f.severity.value,
                    "title": f.title,
                    "affected_count": f.affected_count,
                    "evidence": f.evidence,
                    "example_ids": list(f.example_ids),
                    "recommendation_code": f.recommendation_code,
                    "detail": f.detail,
                }
                for f in self.findings
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=_json_default)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AuditResult:
        details = data.get("score_details") or [
            {"dimension": name, "value": value} for name, value in data.get("scores", {}).items()
        ]
        return cls(
            area=data["area"],
            scores=tuple(Score(**detail) for detail in details),
            findings=tuple(
                Finding(**{**item, "example_ids": tuple(item.get("example_ids", ()))})
                for item in data.get("findings", [])
            ),
        )

    @classmethod
    def from_json(cls, text: str) -> AuditResult:
        return cls.from_dict(json.loads(text))


def _json_default(value: Any) -> Any:
    """numpy scalars and timestamps that slip into evidence."""
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
