"""Everything a report reads from the store, gathered in one short session.

The page caches the workspace audit itself and calls :func:`read_plan` for the cheap rest;
the command line calls :func:`load_report`, which also reads the tables and runs the audit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from crm_core import store
from crm_core.audit import kept, runner
from crm_core.models import ManualRecommendation
from crm_core.recommend import Decision, Links
from crm_core.report.engagement import StrategyRows
from crm_core.report.model import Report, ReportOptions, WorkspaceFacts, build_report
from crm_core.store import audit_runs, strategy, workshops
from crm_core.store import recommendations as records
from crm_core.strategy.whys import root_cause_table


@dataclass(frozen=True)
class PlanInputs:
    """People's part of the plan: decisions, manual recommendations, links, the goals and root
    causes they can link to (id -> text), the report's cover settings and everything the room
    recorded (the strategy half of the report)."""

    workspace: WorkspaceFacts
    decisions: dict[str, Decision] = field(default_factory=dict)
    manual: tuple[ManualRecommendation, ...] = ()
    links: Links = field(default_factory=Links)
    goals: dict[str, str] = field(default_factory=dict)
    root_causes: dict[str, str] = field(default_factory=dict)
    cover: records.CoverSettings = field(default_factory=records.CoverSettings)
    strategy: StrategyRows = field(default_factory=StrategyRows)

    def options(self, *, redact: bool | None = None, prepared_on: date | None = None) -> ReportOptions:
        cover = self.cover
        return ReportOptions(client=cover.client, title=cover.title, author=cover.author, logo=cover.logo,
                             redact=cover.redact if redact is None else redact, prepared_on=prepared_on)


def goal_label(goal) -> str:
    text = goal.statement or goal.metric or "Goal"
    return f"{text} ({goal.department})" if goal.department else text


def read_strategy(*, session: Session, workspace_id: str) -> StrategyRows:
    """Everything the room recorded for the workspace, with the workshops' dot votes counted."""
    votes = workshops.workspace_votes(session=session, workspace_id=workspace_id)
    return StrategyRows(
        goals=strategy.list_goals(session=session, workspace_id=workspace_id),
        stakeholders=strategy.list_stakeholders(session=session, workspace_id=workspace_id),
        raci=strategy.list_raci_assignments(session=session, workspace_id=workspace_id),
        symptoms=frozenset(strategy.ticked_symptoms(session=session, workspace_id=workspace_id)),
        glossary=strategy.list_glossary(session=session, workspace_id=workspace_id),
        gaps=strategy.list_gaps(session=session, workspace_id=workspace_id),
        whys=strategy.list_why_nodes(session=session, workspace_id=workspace_id),
        votes=dict(Counter(vote.target for vote in votes)),
        voters=len({vote.participant_id for vote in votes}),
        workshops=tuple(s.opened_at.date() for s in workshops.sessions_of(session=session, workspace_id=workspace_id)
                        if any(vote.session_id == s.id for vote in votes)),
        runs=tuple(audit_runs.list_snapshots(session=session, workspace_id=workspace_id)),
    )


def read_plan(*, session: Session, workspace_id: str) -> PlanInputs:
    workspace = store.require_workspace(session=session, workspace_id=workspace_id)
    rows = read_strategy(session=session, workspace_id=workspace_id)
    causes = root_cause_table(rows.gaps, rows.whys)
    return PlanInputs(
        workspace=WorkspaceFacts(workspace.name, workspace.organisation, workspace.engagement_title,
                                 workspace.period, workspace.facilitator),
        decisions=records.list_decisions(session=session, workspace_id=workspace_id),
        manual=tuple(records.list_manual(session=session, workspace_id=workspace_id)),
        links=records.list_links(session=session, workspace_id=workspace_id),
        goals={g.id: goal_label(g) for g in rows.goals},
        root_causes={row.node_id: f"{row.root_cause} (gap: {row.gap})" for row in causes.itertuples()},
        cover=records.get_cover(session=session, workspace_id=workspace_id),
        strategy=rows,
    )


def report_from(plan: PlanInputs, audit: runner.WorkspaceAudit, *, tables, redact: bool | None = None,
                today: date | None = None) -> Report:
    return build_report(workspace=plan.workspace, audit=audit, options=plan.options(redact=redact, prepared_on=today),
                        decisions=plan.decisions, manual=plan.manual, links=plan.links, goals=plan.goals,
                        root_causes=plan.root_causes, strategy=plan.strategy, tables=tables, today=today)


def load_report(*, engine: Engine, data_dir: Path, workspace_id: str, redact: bool | None = None,
                today: date | None = None) -> Report:
    """Read the workspace and its audit (kept per data version) and build the report."""
    today = today or date.today()
    audit = kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace_id, today=today)
    with store.session_scope(engine) as session:
        plan = read_plan(session=session, workspace_id=workspace_id)
        tables = runner.load_tables(session=session, data_dir=data_dir, workspace_id=workspace_id)
    return report_from(plan, audit, tables=tables, redact=redact, today=today)
