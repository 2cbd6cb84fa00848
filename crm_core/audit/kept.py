"""A workspace's audit, computed once per data version and kept beside its imports, area by area.

Each area's version is a hash of what that area reads: the import ids (a re-import gets a new
id) and the areas' settings for every area, plus the checklist answers and the integrations
inventory for fit for purpose, and the answers and the compliance profile for compliance. So
answering a checklist item recomputes that one area, and a new import recomputes them all.

A kept area lives in ``workspaces/<id>/audit/<area>/<version>/`` (``result.json`` with its
scores, findings and audit date, ``issues.parquet`` with its record-level issues). A restart
reads it back instead of recomputing, and a change of input gives another version: a stale
result is never read as current. The audit date is the exports' own date
(:func:`runner.default_as_of`), fixed by the data version.

The report, the Recommendations and Workspace pages, the history snapshot and ``audit run``
all read :func:`workspace_audit`, so they cannot disagree.
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
from crm_core.audit.checklist import checklist_items
from crm_core.findings import AuditResult, Score, empty_issues

RESULT_FILE = "result.json"
ISSUES_FILE = "issues.parquet"
KEPT_FORMAT = 2
Progress = Callable[[float, str], None]


def _answers(inputs: runner.StoredInputs, area: str) -> dict:
    """The answers to the area's own checklist items."""
    own = {item.id for item in checklist_items(area, inputs.compliance.regimes)}
    return {item: dataclasses.asdict(answer) for item, answer in sorted(inputs.answers.items()) if item in own}


def _integrations(inputs: runner.StoredInputs) -> list[str]:
    return sorted(json.dumps(i.model_dump(exclude={"id", "workspace_id", "created_at", "updated_at"}),
                             sort_keys=True, default=str) for i in inputs.integrations)


# What each area reads besides the imports and the areas' settings.
AREA_INPUTS: dict[str, Callable[[runner.StoredInputs], dict]] = {
    "fit": lambda inputs: {"answers": _answers(inputs, "fit"), "integrations": _integrations(inputs)},
    "compliance": lambda inputs: {"answers": _answers(inputs, "compliance"),
                                  "compliance": dataclasses.asdict(inputs.compliance)},
}


def area_version(area: str, *, source_ids: list[str], inputs: runner.StoredInputs) -> str:
    """The area's data version: a hash of the imports and of every stored input it reads."""
    material = {"format": KEPT_FORMAT, "area": area, "sources": sorted(source_ids), "settings": inputs.settings,
                **AREA_INPUTS.get(area, lambda _: {})(inputs)}
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode()).hexdigest()[:32]


def workspace_audit(*, engine: Engine, data_dir: Path, workspace_id: str, today: date | None = None,
                    progress: Progress | None = None, with_issues: bool = True) -> runner.WorkspaceAudit:
    """The workspace's audit for its current data: each area read back when kept, the others
    run once (with ``progress``) and kept.

    ``with_issues=False`` is for screens that show scores and findings only: a kept area is
    then read without its record-level issues (an empty table), so the read does not grow with
    the data.
    """
    report = progress or (lambda fraction, message: None)
    with store.session_scope(engine) as session:
        store.require_workspace(session=session, workspace_id=workspace_id)
        inputs = runner.read_stored_inputs(session=session, workspace_id=workspace_id)
        sources = store.list_data_sources(session=session, workspace_id=workspace_id)
    imported = {source.entity: True for source in sources}
    skipped = {area: reason for area, spec in runner.AREAS.items() if (reason := spec.missing_reason(imported))}
    versions = {area: area_version(area, source_ids=[s.id for s in sources], inputs=inputs)
                for area in runner.AREAS if area not in skipped}
    results, as_of = {}, None
    for area, version in versions.items():
        kept = read_kept(data_folder.audit_dir(data_dir, workspace_id) / area / version, with_issues=with_issues)
        if kept is not None:
            results[area], as_of = kept
    missing = [area for area in versions if area not in results]
    if missing:
        report(0.05, "Reading the imported data")
        with store.session_scope(engine) as session:
            tables = runner.load_tables(session=session, data_dir=data_dir, workspace_id=workspace_id)
        as_of = runner.default_as_of(tables, today=today or date.today())
        ran = runner.run_workspace_audit(tables=tables, settings=inputs.settings, as_of=as_of, answers=inputs.answers,
                                         integrations=inputs.integrations, compliance=inputs.compliance,
                                         areas=missing,
                                         progress=lambda fraction, message: report(0.15 + 0.75 * fraction, message))
        report(0.9, "Keeping the result")
        for area in missing:
            keep(ran[area], as_of, data_dir=data_dir, workspace_id=workspace_id, area=area, version=versions[area])
            results[area] = ran[area]
    report(1.0, "Audit ready")
    ordered = {area: results[area] for area in runner.REPORT_ORDER if area in results}
    return runner.WorkspaceAudit(ordered, skipped=skipped, as_of=as_of)


def keep(result: AuditResult, as_of: date, *, data_dir: Path, workspace_id: str, area: str, version: str) -> None:
    """Write one area's result as ``version`` (whole or not at all) and drop its earlier versions."""
    workspace = data_folder.workspace_dir(data_dir, workspace_id)
    staging = data_folder.staging_dir(data_dir, data_folder.AUDIT_STAGING_PREFIX, parent=workspace)
    try:
        result.issues.to_parquet(staging / ISSUES_FILE, index=False)
        (staging / RESULT_FILE).write_text(json.dumps(
            {"format": KEPT_FORMAT, "as_of": as_of.isoformat(), "result": json.loads(result.to_json()),
             "scores": [dataclasses.asdict(score) for score in result.scores]}, ensure_ascii=False))
        folder = data_folder.audit_dir(data_dir, workspace_id) / data_folder.plain_name(area)
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            data_folder.remove_tree(data_dir, old)
        staging.rename(folder / data_folder.plain_name(version))
    finally:
        data_folder.remove_tree(data_dir, staging)


def read_kept(folder: Path, *, with_issues: bool = True) -> tuple[AuditResult, date] | None:
    """The area result kept in ``folder`` and its audit date, or None when there is none (or it
    cannot be read whole); without its issues when ``with_issues`` is False."""
    try:
        data = json.loads((folder / RESULT_FILE).read_text())
        if data.get("format") != KEPT_FORMAT:
            return None
        shape = AuditResult.from_dict(data["result"])
        issues = pd.read_parquet(folder / ISSUES_FILE) if with_issues else empty_issues()
        if not with_issues and not (folder / ISSUES_FILE).is_file():
            return None
        result = AuditResult(area=shape.area, scores=tuple(Score(**s) for s in data["scores"]),
                             findings=shape.findings, issues=issues)
        return result, date.fromisoformat(data["as_of"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
