"""A workspace's whole audit, computed once per data version and kept beside its imports.

The version is a hash of everything the audit reads from the store: the import ids (a
re-import gets a new id), the areas' settings, the checklist answers, the integrations
inventory and the compliance profile. The result lives in
``workspaces/<id>/audit/<version>/`` (``results.json`` with every area's scores and findings,
one Parquet file of record-level issues per area), so a restart reads it back instead of
recomputing, and any change of input gives another version: a stale result is never read as
current. The audit date is the exports' own date (:func:`runner.default_as_of`), fixed by the
data version.

The report, the Recommendations page, the history snapshot and ``audit run`` all read
:func:`workspace_audit`, so they cannot disagree.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy.engine import Engine

from crm_core import data_folder, store
from crm_core.audit import runner
from crm_core.findings import AuditResult, Score

RESULTS_FILE = "results.json"
KEPT_FORMAT = 1
Progress = Callable[[float, str], None]


def audit_version(*, source_ids: list[str], inputs: runner.StoredInputs) -> str:
    """The data version: a hash of the imports and of every stored input the audit reads."""
    material = {
        "format": KEPT_FORMAT,
        "sources": sorted(source_ids),
        "settings": inputs.settings,
        "answers": {item: dataclasses.asdict(answer) if dataclasses.is_dataclass(answer) else answer
                    for item, answer in sorted(inputs.answers.items())},
        "integrations": sorted(json.dumps(i.model_dump(exclude={"id", "workspace_id", "created_at", "updated_at"}),
                                          sort_keys=True, default=str) for i in inputs.integrations),
        "compliance": dataclasses.asdict(inputs.compliance) if dataclasses.is_dataclass(inputs.compliance)
        else str(inputs.compliance),
    }
    text = json.dumps(material, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def workspace_audit(*, engine: Engine, data_dir: Path, workspace_id: str, today: date | None = None,
                    progress: Progress | None = None) -> runner.WorkspaceAudit:
    """The workspace's audit for its current data version: read back when kept, else run once
    (every area, with ``progress``) and kept."""
    report = progress or (lambda fraction, message: None)
    with store.session_scope(engine) as session:
        store.require_workspace(session=session, workspace_id=workspace_id)
        inputs = runner.read_stored_inputs(session=session, workspace_id=workspace_id)
        sources = store.list_data_sources(session=session, workspace_id=workspace_id)
    version = audit_version(source_ids=[s.id for s in sources], inputs=inputs)
    folder = data_folder.audit_dir(data_dir, workspace_id) / version
    kept = read_kept(folder)
    if kept is not None:
        report(1.0, "Read the kept audit")
        return kept
    report(0.05, "Reading the imported data")
    with store.session_scope(engine) as session:
        tables = runner.load_tables(session=session, data_dir=data_dir, workspace_id=workspace_id)
    report(0.2, "Running every audit area")
    audit = runner.run_workspace_audit(
        tables=tables, settings=inputs.settings, as_of=runner.default_as_of(tables, today=today or date.today()),
        answers=inputs.answers, integrations=inputs.integrations, compliance=inputs.compliance)
    report(0.9, "Keeping the result")
    keep(audit, data_dir=data_dir, workspace_id=workspace_id, version=version)
    report(1.0, "Audit computed and kept")
    return audit


def keep(audit: runner.WorkspaceAudit, *, data_dir: Path, workspace_id: str, version: str) -> None:
    """Write ``audit`` as ``version`` (whole or not at all) and drop earlier versions."""
    workspace = data_folder.workspace_dir(data_dir, workspace_id)
    staging = data_folder.staging_dir(data_dir, data_folder.AUDIT_STAGING_PREFIX, parent=workspace)
    try:
        areas = {}
        for area, result in audit.items():
            areas[area] = {"result": json.loads(result.to_json()),
                           "scores": [dataclasses.asdict(score) for score in result.scores]}
            result.issues.to_parquet(staging / f"{area}.issues.parquet", index=False)
        (staging / RESULTS_FILE).write_text(json.dumps(
            {"format": KEPT_FORMAT, "as_of": audit.as_of.isoformat() if audit.as_of else None,
             "skipped": audit.skipped, "areas": areas}, ensure_ascii=False))
        root = data_folder.audit_dir(data_dir, workspace_id)
        root.mkdir(parents=True, exist_ok=True)
        for old in root.iterdir():
            data_folder.remove_tree(data_dir, old)
        staging.rename(root / data_folder.plain_name(version))
    finally:
        data_folder.remove_tree(data_dir, staging)


def read_kept(folder: Path) -> runner.WorkspaceAudit | None:
    """The audit kept in ``folder``, or None when there is none (or it cannot be read whole)."""
    try:
        data = json.loads((folder / RESULTS_FILE).read_text())
        if data.get("format") != KEPT_FORMAT:
            return None
        results = {}
        for area, kept in data["areas"].items():
            shape = AuditResult.from_dict(kept["result"])
            results[area] = AuditResult(area=shape.area, scores=tuple(Score(**s) for s in kept["scores"]),
                                        findings=shape.findings,
                                        issues=pd.read_parquet(folder / f"{area}.issues.parquet"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    as_of = date.fromisoformat(data["as_of"]) if data.get("as_of") else None
    return runner.WorkspaceAudit(results, skipped=data.get("skipped") or {}, as_of=as_of)
