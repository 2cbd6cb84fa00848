"""A workspace's audit, computed once per data version and kept beside its imports, area by area.

Each area's version is a hash of what that area reads: the import ids (a re-import gets a new
id) and the areas' settings for every area, plus the checklist answers and the integrations
inventory for fit for purpose, and the answers and the compliance profile for compliance. So
answering a checklist item recomputes that one area, and a new import recomputes them all.

A kept area lives in ``workspaces/<id>/audit/<area>/<version>/``: ``result.json`` with its
scores, findings, facts and audit date, ``issues.parquet`` with its record-level issues and one
``tables/<name>.parquet`` per table its screen draws (see :class:`~crm_core.audit.area.AreaResult`;
nothing kept is ever unpickled or executed, so a kept folder is data only). A restart
reads it back instead of recomputing, and a change of input gives another version: a stale
result is never read as current. The audit date is the exports' own date
(:func:`runner.default_as_of`), fixed by the data version.

The report, every screen, the history snapshot and ``audit run`` all read :func:`workspace_audit`,
so they cannot disagree.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow
import pyarrow.dataset
from sqlalchemy.engine import Engine

from crm_core import data_folder, store
from crm_core.audit import runner
from crm_core.audit.area import AreaResult
from crm_core.audit.checklists import checklist_items
from crm_core.findings import AuditResult, Score, empty_issues

RESULT_FILE = "result.json"
ISSUES_FILE = "issues.parquet"
TABLES_FOLDER = "tables"
KEPT_FORMAT = 5  # raised whenever an area keeps new facts or tables (5: speed to lead), so older kept audits rerun
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


def _current(engine: Engine, workspace_id: str, areas: tuple[str, ...] | None
             ) -> tuple[runner.StoredInputs, dict[str, str], dict[str, str]]:
    """(stored inputs, area -> current version for the areas that can run, area -> why not)."""
    with store.session_scope(engine) as session:
        store.require_workspace(session=session, workspace_id=workspace_id)
        inputs = runner.read_stored_inputs(session=session, workspace_id=workspace_id)
        sources = store.list_data_sources(session=session, workspace_id=workspace_id)
    imported = {source.entity: True for source in sources}
    chosen = [area for area in runner.AREAS if areas is None or area in areas]
    skipped = {area: reason for area in chosen if (reason := runner.AREAS[area].missing_reason(imported))}
    versions = {area: area_version(area, source_ids=[s.id for s in sources], inputs=inputs)
                for area in chosen if area not in skipped}
    return inputs, versions, skipped


def area_issues(*, engine: Engine, data_dir: Path, workspace_id: str, area: str,
                check: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """One area's record-level issues for the current data (only ``check``'s rows when given,
    the first ``limit`` when given: the read stops there), read when a screen or a download asks
    for them; empty when the area is not kept yet."""
    _, versions, _ = _current(engine, workspace_id, (area,))
    if area not in versions:
        return empty_issues()
    path = data_folder.audit_dir(data_dir, workspace_id) / area / versions[area] / ISSUES_FILE
    try:
        scanner = pyarrow.dataset.dataset(path, format="parquet").scanner(
            filter=pyarrow.dataset.field("check") == check if check else None)
        return (scanner.head(limit) if limit is not None else scanner.to_table()).to_pandas()
    except (OSError, ValueError, pyarrow.ArrowException):
        return empty_issues()


def workspace_audit(*, engine: Engine, data_dir: Path, workspace_id: str, today: date | None = None,
                    progress: Progress | None = None, with_issues: bool = True,
                    areas: tuple[str, ...] | None = None,
                    tables: Callable[[], dict[str, pd.DataFrame]] | None = None) -> runner.WorkspaceAudit:
    """The workspace's audit for its current data: each area read back when kept, the others
    run once (with ``progress``) and kept.

    ``with_issues=False`` is for screens that show scores and findings only: a kept area is
    then read without its record-level issues (an empty table), so the read does not grow with
    the data. ``areas`` limits the audit to those areas (one screen's); ``tables`` gives the
    imported tables when the caller already holds them (else they are read from their files).
    """
    report = progress or (lambda fraction, message: None)
    inputs, versions, skipped = _current(engine, workspace_id, areas)
    results, as_of = {}, None
    for area, version in versions.items():
        kept = read_kept(data_folder.audit_dir(data_dir, workspace_id) / area / version, with_issues=with_issues)
        if kept is not None:
            results[area], as_of = kept
    missing = [area for area in versions if area not in results]
    if missing:
        report(0.05, "Reading the imported data")
        if tables is not None:
            imported_tables = tables()
        else:
            with store.session_scope(engine) as session:
                imported_tables = runner.load_tables(session=session, data_dir=data_dir, workspace_id=workspace_id)
        as_of = runner.default_as_of(imported_tables, today=today or date.today())
        ran = runner.run_workspace_audit(tables=imported_tables, settings=inputs.settings, as_of=as_of, answers=inputs.answers,
                                         integrations=inputs.integrations, compliance=inputs.compliance,
                                         areas=missing,
                                         progress=lambda fraction, message: report(0.15 + 0.75 * fraction, message))
        report(0.9, "Keeping the result")
        for area in missing:
            keep(ran.areas[area], as_of, data_dir=data_dir, workspace_id=workspace_id, area=area, version=versions[area])
            results[area] = ran.areas[area]
    report(1.0, "Audit ready")
    ordered = {area: results[area] for area in runner.REPORT_ORDER if area in results}
    return runner.WorkspaceAudit(ordered, skipped=skipped, as_of=as_of)


def keep(kept: AreaResult, as_of: date, *, data_dir: Path, workspace_id: str, area: str, version: str) -> None:
    """Write one area's result as ``version`` (whole or not at all) and drop its earlier versions."""
    workspace = data_folder.workspace_dir(data_dir, workspace_id)
    staging = data_folder.staging_dir(data_dir, data_folder.AUDIT_STAGING_PREFIX, parent=workspace)
    result = kept.result
    try:
        result.issues.to_parquet(staging / ISSUES_FILE, index=False)
        (staging / TABLES_FOLDER).mkdir()
        for name, table in kept.tables.items():
            table.to_parquet(staging / TABLES_FOLDER / f"{data_folder.plain_name(name)}.parquet", index=False)
        (staging / RESULT_FILE).write_text(json.dumps(
            {"format": KEPT_FORMAT, "as_of": as_of.isoformat(), "result": json.loads(result.to_json()),
             "scores": [dataclasses.asdict(score) for score in result.scores], "tables": sorted(kept.tables),
             "facts": kept.facts}, ensure_ascii=False, default=_plain))
        folder = data_folder.audit_dir(data_dir, workspace_id) / data_folder.plain_name(area)
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            data_folder.remove_tree(data_dir, old)
        staging.rename(folder / data_folder.plain_name(version))
    finally:
        data_folder.remove_tree(data_dir, staging)


def _plain(value):
    """NumPy numbers as plain numbers, anything else JSON cannot hold as text."""
    return value.item() if hasattr(value, "item") else str(value)


def read_kept(folder: Path, *, with_issues: bool = True) -> tuple[AreaResult, date] | None:
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
        tables = {name: pd.read_parquet(folder / TABLES_FOLDER / f"{data_folder.plain_name(name)}.parquet")
                  for name in data["tables"]}
        return AreaResult(result, tables=tables, facts=data["facts"]), date.fromisoformat(data["as_of"])
    except (OSError, ValueError, KeyError, TypeError, data_folder.UnsafePathError):
        return None
