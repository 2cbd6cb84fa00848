"""Duplicates: the same person or company recorded more than once.

:func:`run` is the area's one entry point: the matcher on the contacts and accounts present,
turned into uniqueness scores, findings and one issue row per duplicate record. The review
screen also needs a live matching run to move its threshold and explain pairs:
:func:`find_duplicates` is that same matcher, one table at a time.
"""

from __future__ import annotations

from crm_core.audit.area import AreaResult, AuditInputs
from crm_core.audit.duplicates.matching import DuplicateResult, audit_duplicates, find_duplicates, uniqueness

AREA = "duplicates"
LABEL = "Duplicates"
NEEDS = ("contacts", "accounts")

__all__ = ["AREA", "LABEL", "NEEDS", "DuplicateResult", "find_duplicates", "run", "uniqueness"]


def run(inputs: AuditInputs) -> AreaResult:
    return AreaResult(audit_duplicates(inputs.tables))
