"""Collect what the data checks flag, then turn it into findings, issue rows and score inputs.

A check calls :meth:`Collector.flag` with a boolean mask over an entity's table (or the row
positions) and, optionally, the current values and suggested values of those rows. Nothing is
turned into strings until the end, and then column by column (Arrow-backed), so a million
flagged rows cost one concatenation, not a million Python objects. Findings are assembled from
the flags of each code: the number of distinct records flagged, the counts per entity and
field as evidence, and the first few record ids as examples.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_core.audit.data.checks import spec
from crm_core.findings import ISSUE_COLUMNS, Finding, Severity, empty_issues

MAX_EXAMPLES = 5
TEXT = "string"


@dataclass(frozen=True)
class _Flag:
    code: str
    entity: str
    field: str
    positions: np.ndarray
    values: pd.Series | None
    suggestions: pd.Series | None


def _as_mask(where: pd.Series | np.ndarray, size: int) -> np.ndarray:
    mask = where.to_numpy(dtype=bool, na_value=False) if isinstance(where, pd.Series) else np.asarray(where, dtype=bool)
    if mask.shape != (size,):
        raise ValueError(f"a check's mask has {mask.shape[0]} rows, its table {size}")
    return mask


def _pick(source: pd.Series | str | Mapping | None, positions: np.ndarray,
          keys: pd.Series | None = None) -> pd.Series | None:
    if source is None:
        return None
    if isinstance(source, Mapping):  # value -> suggestion, looked up for the flagged rows only
        looked_up = keys.iloc[positions].astype(TEXT).reset_index(drop=True)
        return looked_up.map(dict(source)).astype(TEXT)
    if isinstance(source, str):
        return pd.Series([source] * len(positions), dtype=TEXT)
    picked = source.iloc[positions]
    if pd.api.types.is_datetime64_any_dtype(picked.dtype):
        return picked.dt.strftime("%Y-%m-%d").astype(TEXT).reset_index(drop=True)
    return picked.astype(TEXT).reset_index(drop=True)


class Collector:
    """The flags and findings of one data-audit run over ``tables`` (entity -> canonical table)."""

    def __init__(self, tables: Mapping[str, pd.DataFrame]) -> None:
        self.sizes = {entity: len(table) for entity, table in tables.items()}
        self._ids = {entity: table["record_id"].astype(TEXT).reset_index(drop=True) for entity, table in tables.items()}
        self._flags: list[_Flag] = []
        self._evidence: dict[str, dict[str, float | int | str]] = {}
        self._details: dict[str, str] = {}
        self._severity: dict[str, Severity] = {}
        self._extra: list[Finding] = []
        self._skipped: dict[str, str] = {}

    def flag(
        self,
        code: str,
        entity: str,
        where: pd.Series | np.ndarray,
        *,
        field: str,
        values: pd.Series | str | None = None,
        suggestions: pd.Series | str | Mapping | None = None,
        keys: pd.Series | None = None,
    ) -> int:
        """Flag the rows of ``entity`` where ``where`` is true; returns how many.

        ``values`` and ``suggestions`` are full-length Series aligned with the table (or one
        string for every flagged row); only the flagged rows are kept. ``suggestions`` may also
        be a mapping, looked up with the flagged rows' ``keys`` (default: their ``values``).
        """
        spec(code)  # unknown codes fail loudly: they would never reach a score
        positions = np.flatnonzero(_as_mask(where, self.sizes[entity]))
        if len(positions):
            self._flags.append(
                _Flag(code, entity, field, positions, _pick(values, positions),
                      _pick(suggestions, positions, keys if keys is not None else values))
            )
        return len(positions)

    def note(self, code: str, **evidence: float | int | str) -> None:
        """Extra evidence numbers for ``code``'s finding."""
        self._evidence.setdefault(code, {}).update(evidence)

    def describe(self, code: str, detail: str, severity: Severity | None = None) -> None:
        """A sentence on how the check decided (shown under the finding), optionally a severity."""
        self._details[code] = detail
        if severity is not None:
            self._severity[code] = severity

    def skip(self, code: str, reason: str) -> None:
        """A check that was not run on this data, and why (a sentence a person reads)."""
        self._skipped[code] = reason

    def skipped(self) -> list[dict[str, str]]:
        """The checks not run: their titles and the reasons, in the order they were skipped."""
        return [{"check": spec(code).title, "why": reason} for code, reason in self._skipped.items()]

    def add_finding(self, finding: Finding) -> None:
        """A finding that flags no record (an estimate, a summary of owners' books...)."""
        self._extra.append(finding)

    # --- results -------------------------------------------------------------------------

    def affected(self, entity: str, codes: set[str] | tuple[str, ...]) -> np.ndarray:
        """Boolean mask over ``entity``'s rows: flagged by at least one of ``codes``."""
        mask = np.zeros(self.sizes.get(entity, 0), dtype=bool)
        for flag in self._flags:
            if flag.entity == entity and flag.code in codes:
                mask[flag.positions] = True
        return mask

    def flagged_codes(self) -> list[str]:
        return list(dict.fromkeys(flag.code for flag in self._flags))

    def findings(self) -> list[Finding]:
        found = list(self._extra)
        for code in self.flagged_codes():
            flags = [flag for flag in self._flags if flag.code == code]
            evidence: dict[str, float | int | str] = {}
            affected = 0
            for entity in dict.fromkeys(flag.entity for flag in flags):
                of_entity = [flag.positions for flag in flags if flag.entity == entity]
                count = len(np.unique(np.concatenate(of_entity)))
                evidence[entity] = count
                affected += count
            for flag in flags:
                key = f"{flag.entity}.{flag.field}"
                evidence[key] = int(evidence.get(key, 0)) + len(flag.positions)
            evidence.update(self._evidence.get(code, {}))
            examples: list[str] = []
            for flag in flags:
                ids = self._ids[flag.entity].iloc[flag.positions[:MAX_EXAMPLES]].tolist()
                examples.extend(str(i) for i in ids if str(i) not in examples)
                if len(examples) >= MAX_EXAMPLES:
                    break
            item = spec(code)
            found.append(Finding(
                code=code, severity=self._severity.get(code, item.severity), title=item.title,
                affected_count=int(affected), evidence=evidence, example_ids=tuple(examples[:MAX_EXAMPLES]),
                recommendation_code=item.recommendation, detail=self._details.get(code, ""),
            ))
        return found

    def issues(self) -> pd.DataFrame:
        """Every flagged row, with exactly :data:`ISSUE_COLUMNS`, worst severity first."""
        if not self._flags:
            return empty_issues()
        flags = sorted(self._flags, key=lambda f: self._severity.get(f.code, spec(f.code).severity).rank)
        lengths = np.array([len(flag.positions) for flag in flags])

        def constant(labels: list[str]) -> pd.Categorical:
            categories = list(dict.fromkeys(labels))
            codes = np.repeat(np.array([categories.index(label) for label in labels], dtype=np.int32), lengths)
            return pd.Categorical.from_codes(codes, categories=categories)

        def text(parts: list[pd.Series | None]) -> pd.Series:
            filled = [part if part is not None else pd.Series(pd.NA, index=range(n), dtype=TEXT)
                      for part, n in zip(parts, lengths)]
            return pd.concat(filled, ignore_index=True).astype(TEXT)

        columns = {
            "record_id": text([self._ids[f.entity].iloc[f.positions] for f in flags]),
            "entity": constant([f.entity for f in flags]),
            "field": constant([f.field for f in flags]),
            "check": constant([f.code for f in flags]),
            "severity": constant([self._severity.get(f.code, spec(f.code).severity).value for f in flags]),
            "value": text([f.values for f in flags]),
            "suggestion": text([f.suggestions for f in flags]),
        }
        return pd.DataFrame(columns)[list(ISSUE_COLUMNS)]
