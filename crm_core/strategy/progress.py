"""One-line summaries of the strategy steps for the home page's progress list.

Each returns ``(summary, started)`` like the other steps in ``crm_core.progress``.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from crm_core.store import strategy as records
from crm_core.strategy.alignment import find_alignment_issues
from crm_core.strategy.diagnostic import diagnose_primary_user
from crm_core.strategy.departments import department_label
from crm_core.strategy.glossary import definitions_by_term, find_glossary_flags
from crm_core.strategy.goals import review_goal
from crm_core.strategy.raci import RESPONSIBILITIES, check_raci
from crm_core.strategy.whys import WhyTree, chain_warnings
from crm_core.units import plural


def summarise_goals(session: Session, workspace_id: str, today: date | None = None) -> tuple[str, bool]:
    goals = records.list_goals(session=session, workspace_id=workspace_id)
    if not goals:
        return "No goal yet: start from a template or type the room's first goal.", False
    ranges = records.validator_ranges(session=session, workspace_id=workspace_id)
    day = today or date.today()
    well_formed = sum(review_goal(goal, today=day, ranges=ranges).well_formed for goal in goals)
    issues = len(find_alignment_issues(goals))
    return (f"{plural(len(goals), 'goal')}, {well_formed} well formed; "
            f"{plural(issues, 'alignment issue')}."), True


def summarise_stakeholders(session: Session, workspace_id: str) -> tuple[str, bool]:
    """Stakeholders, RACI, primary-user diagnostic and glossary: the whole page in one line."""
    people = records.list_stakeholders(session=session, workspace_id=workspace_id)
    assignments = records.list_raci_assignments(session=session, workspace_id=workspace_id)
    ticked = records.ticked_symptoms(session=session, workspace_id=workspace_id)
    terms = definitions_by_term(*records.list_glossary(session=session, workspace_id=workspace_id))
    if not people and not assignments and not ticked and not terms:
        return "No stakeholder, ownership or glossary work yet.", False
    flagged = {issue.responsibility for issue in check_raci(assignments) if issue.responsibility}
    settled = len(RESPONSIBILITIES) - len(flagged)
    primary = diagnose_primary_user(ticked, people).primary
    user = " and ".join(department_label(d).lower() for d in primary) or "not diagnosed yet"
    flags = len(find_glossary_flags(terms))
    return (f"{plural(len(people), 'stakeholder')}; {settled} of {len(RESPONSIBILITIES)} responsibilities "
            f"with one accountable and a responsible; primary CRM user: {user}; "
            f"{plural(len(terms), 'term')} defined, {plural(flags, 'glossary flag')}."), True


def summarise_gaps(session: Session, workspace_id: str) -> tuple[str, bool]:
    gaps = records.list_gaps(session=session, workspace_id=workspace_id)
    if not gaps:
        return "No gap yet: start from one of the four common gaps.", False
    nodes = records.list_why_nodes(session=session, workspace_id=workspace_id)
    trees = [WhyTree(node for node in nodes if node.gap_id == gap.id) for gap in gaps]
    roots = sum(len(tree.root_causes()) for tree in trees)
    short = sum(1 for tree in trees if not len(tree) or chain_warnings(tree))
    tail = f"{short} with a chain short of a root cause" if short else "every gap has reached a root cause"
    return (f"{plural(len(gaps), 'gap')}, {plural(len(nodes), 'answer')} to 'why?', "
            f"{plural(roots, 'root cause')}; {tail}."), True
