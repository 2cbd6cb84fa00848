"""The data audit's latest outcome per workspace, for the home page's list of steps.

The page stores a small snapshot (scores, number of findings, audit date, data version) under
:data:`LATEST_KEY` whenever it computes a new result; ``summarise_data_audit`` reads it back.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from crm_core import store
from crm_core.findings import Severity

LATEST_KEY = "audit.data.latest"


def snapshot(report, version: str) -> dict[str, Any]:
    """What is kept of one run: scores, counts by severity, the audit date and data version."""
    result = report.result
    counts = {level.value: sum(1 for f in result.findings if f.severity == level) for level in Severity}
    return {
        "version": version,
        "as_of": report.as_of.isoformat(),
        "scores": {s.dimension: s.value for s in result.scores},
        "findings": len(result.findings),
        "by_severity": counts,
        "issues": int(len(result.issues)),
    }


def summarise_data_audit(session: Session, workspace_id: str) -> tuple[str, bool]:
    """One line for the home page and whether the data audit has been run."""
    latest = store.get_setting(session=session, workspace_id=workspace_id, key=LATEST_KEY)
    if not latest:
        return "Not run yet: open Audit: data once the exports are imported.", False
    overall = latest.get("scores", {}).get("overall")
    serious = sum(latest.get("by_severity", {}).get(level, 0) for level in ("critical", "high"))
    score = f"overall data score {overall:.0f}/100, " if overall is not None else ""
    return (f"Run as of {latest.get('as_of')}: {score}{latest.get('findings', 0)} findings "
            f"({serious} critical or high)."), True
