"""Every audit of a workspace in one call: the single place the report, the recommendations
page, the CLI and the quarterly history read their numbers from.

``run_workspace_audit(tables=..., settings=..., as_of=..., answers=..., integrations=...,
compliance=...)`` runs each area of :data:`AREAS` whose inputs are present and returns a
:class:`WorkspaceAudit`: a ``dict`` of area -> :class:`~crm_core.findings.AuditResult` that
also says which areas were skipped and why. Each area is called exactly as its own page calls
it (same settings, same audit date, same defaults), so the report cannot disagree with a
screen.

Adding an area is one line in :data:`AREAS`: a label, the exports it needs (any of them) and
a function ``(inputs, done) -> AuditResult``; ``done`` holds the areas already run, in order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from crm_core.audit import compliance as compliance_audit
from crm_core.audit import data_quality, duplicates, fit, pipeline, usage
from crm_core.audit.checklist import Answer, checklist_items, merge_results, score_checklist
from crm_core.audit.data_config import SETTING_KEY as DATA_SETTING_KEY
from crm_core.audit.data_config import DataAuditConfig
from crm_core.findings import AuditResult
from crm_core.models import Integration


@dataclass(frozen=True)
class AuditInputs:
    """What a workspace audit reads: canonical tables by entity, settings by key (the JSON of
    ``store.get_setting``), checklist answers by item id, the integrations inventory and the
    compliance profile's configuration; ``as_of`` is the default audit date."""

    tables: Mapping[str, pd.DataFrame]
    settings: Mapping[str, dict]
    as_of: date
    answers: Mapping[str, Answer] = field(default_factory=dict)
    integrations: Sequence[Integration] = ()
    compliance: compliance_audit.ComplianceConfig | None = None

    def setting(self, key: str) -> dict:
        return dict(self.settings.get(key) or {})

    def stored_as_of(self, key: str) -> date:
        """An area's own saved audit date (its page's "Audit as of"), else the default."""
        saved = self.setting(key).get("as_of")
        return date.fromisoformat(saved) if saved else self.as_of


AreaRun = Callable[[AuditInputs, Mapping[str, AuditResult]], AuditResult]


@dataclass(frozen=True)
class AreaAudit:
    label: str
    needs: tuple[str, ...]  # the area runs when any of these exports is imported; () = always
    run: AreaRun

    def missing_reason(self, tables: Mapping[str, pd.DataFrame]) -> str | None:
        if not self.needs or any(tables.get(entity) is not None for entity in self.needs):
            return None
        wanted = " or ".join(self.needs)
        return f"Not run: import the {wanted} export to audit {self.label.lower()}."


class WorkspaceAudit(dict[str, AuditResult]):
    """area -> result for every area that ran, in :data:`AREAS` order; ``skipped`` maps each
    area that did not run to the reason, ``as_of`` is the default audit date."""

    def __init__(self, results: Mapping[str, AuditResult] = (), *, skipped: Mapping[str, str] | None = None,
                 as_of: date | None = None):
        super().__init__(results)
        self.skipped = dict(skipped or {})
        self.as_of = as_of

    def __reduce__(self):  # cached by Streamlit (pickled): keep the attributes
        return (WorkspaceAudit, (dict(self),), {"skipped": self.skipped, "as_of": self.as_of})

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def findings(self):
        """Every finding of every area, worst first within each area."""
        return [finding for result in self.values() for finding in result.findings]


def _fit(inputs: AuditInputs, done: Mapping[str, AuditResult]) -> AuditResult:
    lead_source = fit.audit_lead_source(inputs.tables) if inputs.tables else None
    return fit.run_fit_audit(inputs.answers, inputs.integrations, lead_source)


def _duplicates(inputs: AuditInputs, done: Mapping[str, AuditResult]) -> AuditResult:
    return duplicates.audit_duplicates(inputs.tables)


def _data(inputs: AuditInputs, done: Mapping[str, AuditResult]) -> AuditResult:
    # As the data page runs it: its own settings and date, uniqueness left to the duplicates area.
    settings = inputs.setting(DATA_SETTING_KEY)
    return data_quality.audit_data(inputs.tables, config=DataAuditConfig.from_dict(settings),
                                   as_of=inputs.stored_as_of(DATA_SETTING_KEY))


def _usage(inputs: AuditInputs, done: Mapping[str, AuditResult]) -> AuditResult:
    stored = inputs.setting(usage.SETTINGS_KEY)
    thresholds = usage.UsageThresholds.from_dict({k: v for k, v in stored.items() if k != "as_of"})
    return usage.audit_usage(inputs.tables, as_of=inputs.stored_as_of(usage.SETTINGS_KEY), thresholds=thresholds)


def _pipeline(inputs: AuditInputs, done: Mapping[str, AuditResult]) -> AuditResult:
    # The usage page computes the pipeline findings on its KPI tab, as of the usage audit's date.
    config = pipeline.PipelineConfig.from_dict(inputs.setting(pipeline.SETTINGS_KEY))
    return pipeline.audit_pipeline(inputs.tables, as_of=inputs.stored_as_of(usage.SETTINGS_KEY), config=config)


def _compliance(inputs: AuditInputs, done: Mapping[str, AuditResult]) -> AuditResult:
    config = inputs.compliance or compliance_audit.ComplianceConfig()
    checklist = score_checklist("compliance", checklist_items("compliance", config.regimes), inputs.answers)
    if not inputs.tables:
        return checklist
    data = compliance_audit.run_compliance_checks(inputs.tables, config, today=inputs.as_of)
    return merge_results("compliance", checklist, data)


AREAS: dict[str, AreaAudit] = {
    "fit": AreaAudit("Fit for purpose", (), _fit),
    "duplicates": AreaAudit("Duplicates", ("contacts", "accounts"), _duplicates),
    "data": AreaAudit("Data", ("contacts", "accounts", "deals"), _data),
    "usage": AreaAudit("Usage", ("activities",), _usage),
    "pipeline": AreaAudit("Pipeline", ("deals",), _pipeline),
    "compliance": AreaAudit("Compliance", (), _compliance),
}
REPORT_ORDER = ("fit", "data", "duplicates", "usage", "pipeline", "compliance")  # the method's order


def area_label(area: str) -> str:
    spec = AREAS.get(area)
    return spec.label if spec else area.replace("_", " ").capitalize()


def run_workspace_audit(
    *,
    tables: Mapping[str, pd.DataFrame],
    settings: Mapping[str, dict],
    as_of: date,
    answers: Mapping[str, Answer] | None = None,
    integrations: Sequence[Integration] = (),
    compliance: compliance_audit.ComplianceConfig | None = None,
    areas: Sequence[str] | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> WorkspaceAudit:
    """Run every area (or only ``areas``) whose exports are present; see the module docstring.
    ``progress(fraction, message)`` hears before each area starts."""
    present = {entity: table for entity, table in tables.items() if table is not None}
    inputs = AuditInputs(present, settings, as_of, answers or {}, tuple(integrations), compliance)
    results: dict[str, AuditResult] = {}
    skipped: dict[str, str] = {}
    chosen = [name for name in AREAS if areas is None or name in areas]
    for done, name in enumerate(chosen):
        spec = AREAS[name]
        reason = spec.missing_reason(present)
        if reason:
            skipped[name] = reason
            continue
        if progress:
            progress(done / len(chosen), f"Auditing {spec.label.lower()} ({done + 1} of {len(chosen)})")
        results[name] = spec.run(inputs, results)
    ordered = {name: results[name] for name in REPORT_ORDER if name in results}
    ordered.update({name: result for name, result in results.items() if name not in ordered})
    return WorkspaceAudit(ordered, skipped=skipped, as_of=as_of)


def default_as_of(tables: Mapping[str, pd.DataFrame], *, today: date) -> date:
    """The exports' date (the day after their newest record, never after ``today``): the date
    every audit page uses when none is saved."""
    return usage.export_date({e: t for e, t in tables.items() if t is not None}, today=today)


# --- reading a workspace's inputs from the store (the CLI; the UI caches its own reads) -----

SETTING_KEYS = (DATA_SETTING_KEY, usage.SETTINGS_KEY, pipeline.SETTINGS_KEY)


@dataclass(frozen=True)
class StoredInputs:
    """Everything but the tables: settings by key, checklist answers, integrations, profile."""

    settings: dict[str, dict]
    answers: dict[str, Answer]
    integrations: tuple[Integration, ...]
    compliance: compliance_audit.ComplianceConfig


def read_stored_inputs(*, session, workspace_id: str) -> StoredInputs:
    from crm_core import store
    from crm_core.store import checklists as checklist_records

    settings = {key: store.get_setting(session=session, workspace_id=workspace_id, key=key) or {}
                for key in SETTING_KEYS}
    return StoredInputs(
        settings=settings,
        answers=checklist_records.answers_by_item(session=session, workspace_id=workspace_id),
        integrations=tuple(checklist_records.list_integrations(session=session, workspace_id=workspace_id)),
        compliance=checklist_records.compliance_config(session=session, workspace_id=workspace_id),
    )


def load_tables(*, session, data_dir, workspace_id: str) -> dict[str, pd.DataFrame]:
    """Every imported table of the workspace by entity, read from its Parquet file."""
    from crm_core import importing, store

    return {source.entity: importing.load_table(data_dir=data_dir, source=source)
            for source in store.list_data_sources(session=session, workspace_id=workspace_id)}
