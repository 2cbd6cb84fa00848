"""The sample company's strategy half: goals, stakeholders, ownership, the primary-user
diagnostic, glossary, gaps with their whys, a closed workshop and the recommendations' links.

The content is data (``sample_data/strategy.json``, written by the sample generator); this module
only enters it through the store and workshop functions the screens use, keyed by the ids they
create. Goals carry no baseline in the file: each is measured from the exports by the kept audit,
exactly as the Goals screen measures it. The audit is run (and kept, and recorded as the first
snapshot) before the workshop, because dot votes on recommendations need the latest run's findings.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from crm_core import quarterly, store, workshop
from crm_core.audit import kept, pipeline
from crm_core.errors import CrmCoreError
from crm_core.models import GapCreate, GoalCreate, StakeholderCreate
from crm_core.recommend import Decision
from crm_core.store import recommendations
from crm_core.store import strategy as records
from crm_core.strategy.kpis import Measured, measured_baseline

STRATEGY_FILE = Path(__file__).resolve().parent.parent / "sample_data" / "strategy.json"
Progress = Callable[[float, str], None]


def read_strategy(path: Path = STRATEGY_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def load_sample_strategy(*, engine: Engine, data_dir: Path, workspace_id: str, today: date,
                         path: Path = STRATEGY_FILE, progress: Progress | None = None) -> None:
    """Enter the sample's strategy work into a workspace that holds the sample's exports."""
    report = progress or (lambda fraction, message: None)
    document = read_strategy(path)
    with store.session_scope(engine) as session:
        stored = store.get_setting(session=session, workspace_id=workspace_id, key=pipeline.SETTINGS_KEY)
        settings = pipeline.PipelineConfig.from_dict({**(stored or {}), **document["kpi_settings"]})
        store.put_setting(session=session, workspace_id=workspace_id, key=pipeline.SETTINGS_KEY,
                          value=settings.to_dict())
    report(0.0, "Running the audit")
    audit = kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace_id, today=today,
                                 progress=lambda fraction, message: report(0.9 * fraction, message))
    quarterly.run_and_record(engine=engine, data_dir=data_dir, workspace_id=workspace_id, today=today)
    report(0.9, "Entering the strategy work")
    with store.session_scope(engine) as session:
        goal_ids = _goals(session, workspace_id, document["goals"], pipeline.measured_baselines(audit.areas.get(pipeline.AREA)))
        _stakeholders(session, workspace_id, document)
        tokens, session_id = _open_workshop(session, workspace_id, document["workshop"])
        gap_ids, why_ids = _gaps(session, workspace_id, document["gaps"], tokens)
        _agree_targets(session, workspace_id, document["goals"], goal_ids, tokens)
        _vote(session, document["workshop"], gap_ids, tokens)
        workshop.close_session(session=session, workspace_id=workspace_id, session_id=session_id)
        _link_recommendations(session, workspace_id, document["recommendations"], goal_ids, why_ids)
    report(1.0, "Strategy work entered")


def _goals(session: Session, workspace_id: str, goals: list[dict], measured: Measured) -> dict[str, str]:
    ids = {}
    for goal in goals:
        found = measured_baseline(goal["metric"], measured)
        row = records.add_goal(session=session, workspace_id=workspace_id, goal=GoalCreate(
            statement=goal["statement"], department=goal["department"], metric=goal["metric"], unit=goal["unit"],
            baseline=found[1] if found else None, target=goal["target"],
            deadline=date.fromisoformat(goal["deadline"]), owner=goal["owner"], why=goal["why"],
            is_original=goal.get("is_original", False)))
        ids[goal["key"]] = row.id
    return ids


def _stakeholders(session: Session, workspace_id: str, document: dict) -> None:
    """The register, who holds which RACI role, the diagnostic's answers and the glossary."""
    for person in document["stakeholders"]:
        records.add_stakeholder(session=session, workspace_id=workspace_id, stakeholder=StakeholderCreate(**person))
    for responsibility, roles in document["raci"].items():
        for role, parties in roles.items():
            records.set_raci_parties(session=session, workspace_id=workspace_id, responsibility=responsibility,
                                     role=role, parties=parties)
    for symptom, applies in document["diagnostic"].items():
        records.answer_symptom(session=session, workspace_id=workspace_id, symptom=symptom, applies=applies)
    for entry in document["glossary"]:
        records.add_glossary_term(session=session, workspace_id=workspace_id, term=entry["term"], kind=entry["kind"])
        for team, definition in entry["definitions"].items():
            records.define_term(session=session, workspace_id=workspace_id, term=entry["term"], team=team,
                                definition=definition)


def _open_workshop(session: Session, workspace_id: str, plan: dict) -> tuple[dict[str, str], str]:
    """A new session with everyone joined: participant name -> token, and the session's id."""
    opened = workshop.open_session(session=session, workspace_id=workspace_id, votes_each=plan["votes_each"])
    tokens = {}
    for person in plan["participants"]:
        _, tokens[person["name"]] = workshop.join(session=session, code=opened.code, name=person["name"])
    return tokens, opened.id


def _gaps(session: Session, workspace_id: str, gaps: list[dict], tokens: dict[str, str]
          ) -> tuple[dict[str, str], dict[str, str]]:
    """Each gap and its tree of whys: gap key -> id, and why key -> id for the keyed answers."""
    gap_ids: dict[str, str] = {}
    why_ids: dict[str, str] = {}
    for gap in gaps:
        row = records.add_gap(session=session, workspace_id=workspace_id, template_key=gap.get("template", ""),
                              gap=GapCreate(title=gap["title"], current_experience=gap["current_experience"],
                                            desired_experience=gap["desired_experience"], stage=gap["stage"],
                                            departments=gap["departments"], evidence=gap["evidence"]))
        gap_ids[gap["key"]] = row.id
        pending = [(answer, None) for answer in gap.get("whys", [])]
        while pending:
            answer, parent_id = pending.pop(0)
            node = _add_why(session, workspace_id, row.id, parent_id, answer, tokens)
            if answer.get("key"):
                why_ids[answer["key"]] = node.id
            pending += [(below, node.id) for below in answer.get("whys", [])]
    return gap_ids, why_ids


def _add_why(session: Session, workspace_id: str, gap_id: str, parent_id: str | None, answer: dict,
             tokens: dict[str, str]):
    """One answer: typed by a participant on their device when it names one, else by the facilitator."""
    if not answer.get("by"):
        return records.add_why(session=session, workspace_id=workspace_id, gap_id=gap_id, parent_id=parent_id,
                               answer=answer["answer"], is_root_cause=answer.get("root_cause", False))
    node = workshop.add_why(session=session, token=tokens[answer["by"]], gap_id=gap_id, parent_id=parent_id,
                            answer=answer["answer"])
    if answer.get("root_cause"):
        records.update_why(session=session, workspace_id=workspace_id, node_id=node.id, is_root_cause=True)
    return node


def _agree_targets(session: Session, workspace_id: str, goals: list[dict], goal_ids: dict[str, str],
                   tokens: dict[str, str]) -> None:
    """Participants propose targets from their devices; the group then agrees one."""
    for goal in goals:
        for name, target in goal.get("proposals", []):
            workshop.propose_target(session=session, token=tokens[name], goal_id=goal_ids[goal["key"]], target=target)
        if goal.get("agreed_by"):
            records.agree_target(session=session, workspace_id=workspace_id, goal_id=goal_ids[goal["key"]],
                                 target=goal["target"], agreed_by=goal["agreed_by"])


def _vote(session: Session, plan: dict, gap_ids: dict[str, str], tokens: dict[str, str]) -> None:
    for person in plan["participants"]:
        for slot, target in enumerate(person["votes"]):
            kind, _, key = target.partition(":")
            workshop.cast_vote(session=session, token=tokens[person["name"]], slot=slot,
                               target=f"gap:{gap_ids[key]}" if kind == "gap" else target)


def _link_recommendations(session: Session, workspace_id: str, plan: list[dict], goal_ids: dict[str, str],
                          why_ids: dict[str, str]) -> None:
    """Tie each recommendation to its goals and root causes; store the room's decisions."""
    raised = workshop.vote_options(session=session, workspace_id=workspace_id)
    for recommendation in plan:
        code = recommendation["finding"]
        if f"rec:{code}" not in raised:
            raise CrmCoreError(f"The sample's strategy links the finding {code}, which its audit no longer raises.")
        recommendations.set_links(session=session, workspace_id=workspace_id, rec_key=code,
                                  goal_ids=[goal_ids[key] for key in recommendation.get("goals", [])],
                                  why_node_ids=[why_ids[key] for key in recommendation.get("root_causes", [])])
        if decided := recommendation.get("decision"):
            due = decided.get("due_date")
            recommendations.save_decision(session=session, workspace_id=workspace_id, decision=Decision(
                code, priority=decided.get("priority", ""), owner=decided.get("owner", ""),
                due_date=date.fromisoformat(due) if due else None, status=decided.get("status", "open")))
