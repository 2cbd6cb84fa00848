"""The data audit (METHOD 4b): completeness, validity, standardisation, conflicts, decay,
hierarchy and ownership of the CRM's exports, with scores and the cost of bad data.

:func:`run` is the area's one entry point. Its :class:`~crm_core.audit.area.AreaResult` holds
the shared result (record-level issues included) and what the data screen draws: the fill
rates, the spelling clusters, the records per owner, the cost of bad data with its assumptions
and the decay estimate. The rest of this namespace is the screen's settings, charts, cluster
review and the fix downloads.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd

from crm_core.audit.area import AreaResult, AuditInputs
from crm_core.audit.data.charts import build_fill_rate_chart, build_score_chart
from crm_core.audit.data.cluster_review import accepted_from_review, review_table
from crm_core.audit.data.config import (
    CLUSTERS_KEY,
    SETTING_KEY,
    DataAuditConfig,
    check_settings,
    format_picklists,
    parse_picklists,
    weights_from_table,
    weights_table,
)
from crm_core.audit.data.fixes import issues_csv, issues_xlsx, standardised_copy, standardised_zip
from crm_core.audit.data.report import run_data_audit
from crm_core.mapping import ColumnMapping

AREA = "data"
LABEL = "Data"
NEEDS = ("contacts", "accounts", "deals")
STANDARDISED_ENTITIES = ("contacts", "accounts", "deals")

__all__ = ["AREA", "CLUSTERS_KEY", "LABEL", "NEEDS", "SETTING_KEY", "STANDARDISED_ENTITIES", "DataAuditConfig", "accepted_from_review",
           "build_fill_rate_chart", "build_score_chart", "check_settings", "format_picklists", "issues_csv",
           "issues_xlsx", "parse_picklists", "review_table", "run", "standardised_copies", "standardised_exports", "weights_from_table",
           "weights_table"]


def run(inputs: AuditInputs) -> AreaResult:
    """The data audit with the workspace's own settings and date; uniqueness is left to the
    duplicates area."""
    report = run_data_audit(inputs.tables, config=DataAuditConfig.from_dict(inputs.setting(SETTING_KEY)),
                            as_of=inputs.stored_as_of(SETTING_KEY))
    cost, decay = report.cost, report.decay
    assumptions = pd.DataFrame(list(cost.assumptions), columns=["assumption", "value", "source"]).astype("string")
    facts = {
        "as_of": report.as_of.isoformat(),
        "records": report.records,
        "cost_summary": cost.summary(),
        "decay": None if decay is None else {"contacts": decay.contacts, "low": decay.low, "high": decay.high,
                                             "assumption": decay.assumption},
        "issue_counts": {str(k): int(v) for k, v in report.result.issues["check"].value_counts().items()},
        "checks_not_run": report.skipped,
    }
    return AreaResult(report.result, tables={"fill_rates": report.fill_rates, "clusters": report.clusters,
                                             "books": report.books, "cost_assumptions": assumptions}, facts=facts)


def standardised_copies(*, originals: Mapping[str, tuple[pd.DataFrame, Mapping[str, str]]],
                        tables: Mapping[str, pd.DataFrame], issues: pd.DataFrame, settings: dict,
                        accepted: dict | None = None) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """entity -> (the standardised copy of its file, the change log). ``originals``: entity ->
    (the file as read, its column -> field mapping); ``tables``: the canonical tables;
    ``issues``: the area's record-level issues; ``accepted``: the spelling clusters accepted."""
    config = DataAuditConfig.from_dict(settings)
    return {entity: standardised_copy(raw, tables[entity], mapping, entity, issues, (accepted or {}).get(entity),
                                      config)
            for entity, (raw, mapping) in originals.items()
            if entity in STANDARDISED_ENTITIES and entity in tables}


def standardised_exports(*, originals: Mapping[str, tuple[pd.DataFrame, str]], tables: Mapping[str, pd.DataFrame],
                         issues: pd.DataFrame, settings: dict, accepted: dict) -> bytes:
    """The ZIP of standardised copies and change logs; ``originals`` hold each import's mapping
    JSON as stored."""
    mapped = {entity: (raw, ColumnMapping.from_dict(json.loads(mapping_json)).mapped())
              for entity, (raw, mapping_json) in originals.items()}
    return standardised_zip(standardised_copies(originals=mapped, tables=tables, issues=issues, settings=settings,
                                                accepted=accepted))
