"""What every audit area takes and gives back: the contract between an area's ``run`` (one per
package: ``data``, ``duplicates``, ``usage``, ``pipeline``, ``fit``, ``compliance``), the runner
that calls them, the kept audit that stores their results, and the screens that show them.

An area's :class:`AreaResult` is the shared :class:`~crm_core.findings.AuditResult` plus what its
screen shows beside scores and findings: small tables by name (kept as Parquet) and plain
facts (kept as JSON). Nothing in it holds a live object, so a kept result reads back whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from crm_core.findings import AuditResult
from crm_core.models import Integration


@dataclass(frozen=True)
class AuditInputs:
    """What an area reads: canonical tables by entity, settings by key (the JSON of
    ``store.get_setting``), checklist answers by item id, the integrations inventory and the
    compliance profile's configuration; ``as_of`` is the exports' own date."""

    tables: Mapping[str, pd.DataFrame]
    settings: Mapping[str, dict]
    as_of: date
    answers: Mapping[str, Any] = field(default_factory=dict)
    integrations: Sequence[Integration] = ()
    compliance: Any = None  # compliance.ComplianceConfig; None = the default profile

    def setting(self, key: str) -> dict:
        return dict(self.settings.get(key) or {})

    def stored_as_of(self, key: str) -> date:
        """An area's own saved audit date (its screen's "Audit as of"), else the exports' date."""
        saved = self.setting(key).get("as_of")
        return date.fromisoformat(saved) if saved else self.as_of


@dataclass(frozen=True)
class AreaResult:
    """One area's audit: ``result`` (scores, findings, record-level issues), ``tables`` (what
    its screen draws, by name) and ``facts`` (plain JSON values: sentences, counts, dates)."""

    result: AuditResult
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    facts: Mapping[str, Any] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        return self.tables.get(name, pd.DataFrame())
