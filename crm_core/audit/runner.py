"""Every audit of a workspace in one call: the single place the report, the screens, the CLI and
the quarterly history get their numbers from (through the kept audit, :mod:`crm_core.audit.kept`).

Each area is one package with one entry point, ``run(inputs) -> AreaResult`` (see
:mod:`crm_core.audit.area`). ``run_workspace_audit(tables=..., settings=..., as_of=...,
answers=..., integrations=..., compliance=...)`` runs each area of :data:`AREAS` whose exports
are present and returns a :class:`WorkspaceAudit`: a ``dict`` of area ->
:class:`~crm_core.findings.AuditResult` that also holds each area's whole :class:`AreaResult`
and says which areas were skipped and why.

Adding an area is one package with ``AREA``, ``LABEL``, ``NEEDS`` and ``run``, and one line in
:data:`AREAS`.

On large exports the duplicates area, the slowest by far (it compares records with each other),
runs in a second process beside the others (:data:`SIDE_AREA`, :data:`SIDE_PROCESS_FROM`): the
areas are independent, so on two cores the whole audit takes about as long as its slowest area.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from types import ModuleType

import pandas as pd

from crm_core.audit import compliance, data, duplicates, fit, pipeline, usage
from crm_core.audit.area import AreaResult, AuditInputs
from crm_core.audit.checklists import Answer
from crm_core.findings import AuditResult
from crm_core.models import Integration

__all__ = ["AREAS", "REPORT_ORDER", "AreaResult", "AuditInputs", "WorkspaceAudit", "area_label", "default_as_of",
           "run_workspace_audit"]


@dataclass(frozen=True)
class AreaAudit:
    """One area as the runner sees it: its package's label, the exports it needs (any of them;
    () = always) and its entry point."""

    package: ModuleType

    @property
    def label(self) -> str:
        return self.package.LABEL

    @property
    def needs(self) -> tuple[str, ...]:
        return self.package.NEEDS

    def run(self, inputs: AuditInputs) -> AreaResult:
        return self.package.run(inputs)

    def missing_reason(self, tables: Mapping[str, object]) -> str | None:
        if not self.needs or any(tables.get(entity) is not None for entity in self.needs):
            return None
        wanted = " or ".join(self.needs)
        return f"Not run: import the {wanted} export to audit {self.label.lower()}."


class WorkspaceAudit(dict[str, AuditResult]):
    """area -> result for every area that ran, in :data:`REPORT_ORDER`; ``areas`` holds each
    area's whole :class:`AreaResult` (what its screen shows), ``skipped`` maps each area that
    did not run to the reason, ``as_of`` is the exports' date."""

    def __init__(self, results: Mapping[str, AreaResult | AuditResult] = (), *,
                 skipped: Mapping[str, str] | None = None, as_of: date | None = None):
        """``results``: area -> its AreaResult, or only its AuditResult (a report or a history
        snapshot, which hold no screen tables)."""
        self.areas = {name: area if isinstance(area, AreaResult) else AreaResult(area)
                      for name, area in dict(results).items()}
        super().__init__({name: area.result for name, area in self.areas.items()})
        self.skipped = dict(skipped or {})
        self.as_of = as_of

    def __reduce__(self):  # cached by Streamlit (pickled): keep the attributes
        return (WorkspaceAudit, (self.areas,), {"skipped": self.skipped, "as_of": self.as_of})

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def findings(self):
        """Every finding of every area, worst first within each area."""
        return [finding for result in self.values() for finding in result.findings]


AREAS: dict[str, AreaAudit] = {package.AREA: AreaAudit(package)
                               for package in (fit, duplicates, data, usage, pipeline, compliance)}
REPORT_ORDER = ("fit", "data", "duplicates", "usage", "pipeline", "compliance")  # the method's order
SIDE_AREA = duplicates.AREA
# Records in the side area's tables from which a second process pays for itself: starting it and
# handing it the tables costs a few seconds, the matcher on 200,000 records tens of seconds.
SIDE_PROCESS_FROM = 200_000


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
    compliance: compliance.ComplianceConfig | None = None,
    areas: Sequence[str] | None = None,
    progress: Callable[[float, str], None] | None = None,
    side_process_from: int = SIDE_PROCESS_FROM,
) -> WorkspaceAudit:
    """Run every area (or only ``areas``) whose exports are present; see the module docstring.
    ``progress(fraction, message)`` hears before each area starts."""
    present = {entity: table for entity, table in tables.items() if table is not None}
    inputs = AuditInputs(present, settings, as_of, answers or {}, tuple(integrations), compliance)
    results: dict[str, AreaResult] = {}
    chosen = [name for name in AREAS if areas is None or name in areas]
    skipped = {name: reason for name in chosen if (reason := AREAS[name].missing_reason(present))}
    to_run = [name for name in chosen if name not in skipped]
    with _side_process(to_run, inputs, side_process_from) as side:
        here = [name for name in to_run if side is None or name != SIDE_AREA]
        for done, name in enumerate(here):
            if progress:
                beside = f", {AREAS[SIDE_AREA].label.lower()} alongside" if side is not None else ""
                progress(done / len(to_run), f"Auditing {AREAS[name].label.lower()} ({done + 1} of {len(to_run)}"
                         f"{beside})")
            results[name] = AREAS[name].run(inputs)
        if side is not None:
            if progress:
                progress(len(here) / len(to_run), f"Finishing {AREAS[SIDE_AREA].label.lower()} "
                         f"({len(to_run)} of {len(to_run)})")
            results[SIDE_AREA] = side.result()
    ordered = {name: results[name] for name in REPORT_ORDER if name in results}
    ordered.update({name: result for name, result in results.items() if name not in ordered})
    return WorkspaceAudit(ordered, skipped=skipped, as_of=as_of)


def _run_area(name: str, inputs: AuditInputs) -> AreaResult:
    return AREAS[name].run(inputs)


@contextmanager
def _side_process(to_run: Sequence[str], inputs: AuditInputs, threshold: int) -> Iterator[Future | None]:
    """:data:`SIDE_AREA` started in a second process, given only the tables it reads, when it is
    to run beside another area on at least ``threshold`` records; else None."""
    needs = AREAS[SIDE_AREA].needs
    tables = {entity: inputs.tables[entity] for entity in needs if entity in inputs.tables}
    if SIDE_AREA not in to_run or len(to_run) < 2 or sum(map(len, tables.values())) < threshold:
        yield None
        return
    # spawn, not fork: the parent may be a threaded server (Streamlit), which fork would copy mid-lock
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool.submit(_run_area, SIDE_AREA, replace(inputs, tables=tables))


def default_as_of(tables: Mapping[str, pd.DataFrame], *, today: date) -> date:
    """The exports' date (the day after their newest record, never after ``today``): the date
    every audit page uses when none is saved."""
    return usage.export_date({e: t for e, t in tables.items() if t is not None}, today=today)


# --- reading a workspace's inputs from the store (the CLI; the UI caches its own reads) -----

SETTING_KEYS = (data.SETTING_KEY, usage.SETTINGS_KEY, pipeline.SETTINGS_KEY)


@dataclass(frozen=True)
class StoredInputs:
    """Everything but the tables: settings by key, checklist answers, integrations, profile."""

    settings: dict[str, dict]
    answers: dict[str, Answer]
    integrations: tuple[Integration, ...]
    compliance: compliance.ComplianceConfig


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
