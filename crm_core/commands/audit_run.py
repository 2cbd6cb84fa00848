"""``audit run``: a stored workspace's whole audit, computed once per data version (or read
back when kept), printed as JSON or Markdown; ``--snapshot`` also records the history snapshot,
so a quarterly job can run the audit without a browser.

JSON: ``{"workspace": ..., "as_of": ..., "areas": {"<area>": {"label", "score", "scores",
"findings": [...]}}, "skipped": {"<area>": reason}, "overall": {"score", "areas_scored",
"areas_total"}}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from crm_core import quarterly, store
from crm_core.audit import kept, runner
from crm_core.commands._audit_group import audit_subparsers
from crm_core.commands._inputs import workspace_named
from crm_core.scorecard import build_scorecard, format_score
from crm_core.settings import load_settings


def audit_document(workspace_name: str, audit: runner.WorkspaceAudit) -> dict:
    scorecard = build_scorecard(audit)
    areas = {}
    for area in scorecard.areas:
        if area.area not in audit:
            continue
        result = audit[area.area].to_dict()
        areas[area.area] = {"label": area.label, "score": area.value, "reason": area.note or None,
                            "scores": result["scores"], "findings": result["findings"]}
    return {
        "workspace": workspace_name,
        "as_of": audit.as_of.isoformat() if audit.as_of else None,
        "areas": areas,
        "skipped": dict(audit.skipped),
        "overall": {"score": scorecard.overall.value, "areas_scored": sum(a.value is not None for a in scorecard.areas),
                    "areas_total": len(scorecard.areas)},
    }


def audit_markdown(document: dict) -> str:
    overall = document["overall"]
    lines = [f"# Audit of {document['workspace']}", "",
             f"Audit date {document['as_of'] or 'unknown'}. Overall health {format_score(overall['score'])} "
             f"over {overall['areas_scored']} of {overall['areas_total']} areas.", ""]
    for area in document["areas"].values():
        shown = format_score(area["score"]) if area["score"] is not None else "not measured"
        lines += [f"## {area['label']}: {shown}", ""] + ([area["reason"], ""] if area["reason"] else [])
        lines += [f"- {f['title']} ({f['severity']}, {f['affected_count']:,} affected)" for f in area["findings"]]
        lines += ["- No finding."] if not area["findings"] else []
        lines.append("")
    for area, reason in document["skipped"].items():
        lines += [f"## {runner.area_label(area)}: not measured", "", reason, ""]
    return "\n".join(lines)


def run_audit(args: argparse.Namespace) -> int:
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    try:
        workspace = workspace_named(engine, args.workspace)
        audit = kept.workspace_audit(engine=engine, data_dir=settings.data_dir, workspace_id=workspace.id,
                                     with_issues=False, progress=lambda fraction, message: print(f"{fraction:4.0%}  {message}",
                                                                              file=sys.stderr))
        if args.snapshot:
            quarterly.run_and_record(engine=engine, data_dir=settings.data_dir, workspace_id=workspace.id,
                                           today=date.today())
            print("Recorded the history snapshot.", file=sys.stderr)
    finally:
        engine.dispose()
    document = audit_document(workspace.name, audit)
    print(json.dumps(document, indent=2, ensure_ascii=False) if args.format == "json" else audit_markdown(document))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = audit_subparsers(subparsers).add_parser(
        "run", help="a stored workspace's whole audit, computed once per data version")
    parser.add_argument("--workspace", required=True, metavar="NAME", help="the workspace's name")
    parser.add_argument("--format", choices=("json", "md"), default="md", help="json or md (default md)")
    parser.add_argument("--snapshot", action="store_true", help="also record the history snapshot")
    parser.set_defaults(handler=run_audit)
