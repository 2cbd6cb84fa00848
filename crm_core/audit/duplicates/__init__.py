"""Duplicates: the same person or company recorded more than once.

:func:`run` is the area's one entry point: the matcher on the contacts and accounts present,
turned into uniqueness scores, findings and one issue row per duplicate record, and each
entity's run kept as tables of its clustered records only (:func:`kept_matching` reads them
back for the review screen's default view). Moving the threshold away from the configured one
needs the live matcher: :func:`find_duplicates` is that same matcher, one table at a time, and
:func:`clustered_records` cuts its run down the same way.
"""

from __future__ import annotations

from crm_core.audit.area import AreaResult, AuditInputs
from crm_core.audit.duplicates.kept_matching import (ClusteredRecords, KeptMatching, clustered_records, kept_matching,
                                                     matching_tables)
from crm_core.audit.duplicates.matching import DuplicateResult, audit_duplicates, find_duplicates, uniqueness
from crm_core.dedupe.config import ENTITIES

AREA = "duplicates"
LABEL = "Duplicates"
NEEDS = ("contacts", "accounts")

__all__ = ["AREA", "LABEL", "NEEDS", "ClusteredRecords", "DuplicateResult", "KeptMatching", "clustered_records",
           "find_duplicates", "kept_matching", "run", "uniqueness"]


def run(inputs: AuditInputs) -> AreaResult:
    runs = {entity: find_duplicates(inputs.tables[entity], entity=entity)
            for entity in ENTITIES if inputs.tables.get(entity) is not None}
    tables, facts = {}, {}
    for entity, result in runs.items():
        entity_tables, entity_facts = matching_tables(result, inputs.tables[entity])
        tables.update(entity_tables)
        facts.update(entity_facts)
    return AreaResult(audit_duplicates(inputs.tables, results=runs), tables=tables, facts=facts)
