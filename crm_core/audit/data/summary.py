"""The data audit's line on the home page's list of steps, read from the workspace's kept
audit (:mod:`crm_core.audit.kept`), never from which screens were opened."""

from __future__ import annotations

from sqlmodel import Session

from crm_core import store
from crm_core.audit.data.config import SETTING_KEY

SERIOUS = ("critical", "high")


def summarise_data_audit(session: Session, workspace_id: str, audit) -> tuple[str, bool]:
    """One line for the home page and whether the data audit has a result for today's exports."""
    if audit is None or "data" not in audit:
        reason = audit.skipped.get("data") if audit is not None else None
        return reason or "Not run yet: import the contacts, accounts or deals export on Data sources.", False
    result = audit["data"]
    saved = (store.get_setting(session=session, workspace_id=workspace_id, key=SETTING_KEY) or {}).get("as_of")
    overall = result.score("overall")
    serious = sum(1 for f in result.findings if f.severity.value in SERIOUS)
    score = f"overall data score {overall.value:.0f}/100, " if overall is not None else ""
    return (f"Run as of {saved or audit.as_of}: {score}{len(result.findings)} findings "
            f"({serious} critical or high)."), True
