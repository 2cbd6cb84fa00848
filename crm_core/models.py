"""Every table of the store, in one module so relationships never import in circles.

Primary keys are short random hex strings, not database sequences: a workspace and its rows
keep their ids when a backup moves them to another database, and a duplicated workspace gets
fresh ids without a round trip to the database.
Timestamps are timezone-aware UTC.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

from sqlalchemy import Column, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel


def new_id() -> str:
    return uuid.uuid4().hex


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def workspace_fk() -> Column:
    """The owning workspace; rows go when their workspace is deleted."""
    return Column(
        String(32), ForeignKey("workspace.id", ondelete="CASCADE"), nullable=False, index=True
    )


class Workspace(SQLModel, table=True):
    """One engagement: one organisation's CRM audited for one period (a quarter)."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    name: str = Field(max_length=120, sa_column_kwargs={"unique": True})
    organisation: str = Field(default="", max_length=200)
    engagement_title: str = Field(default="CRM audit", max_length=200)
    period: str = Field(default="", max_length=20)
    facilitator: str = Field(default="", max_length=120)
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class WorkspaceCreate(SQLModel):
    """What a user types to create or edit a workspace (checked by the store, not here, so a
    mistake becomes a sentence on screen rather than a validation traceback)."""

    name: str = ""
    organisation: str = ""
    engagement_title: str = "CRM audit"
    period: str = ""
    facilitator: str = ""


class DataSource(SQLModel, table=True):
    """One imported CRM export: the original file kept byte for byte, and its parsed table.

    Paths are relative to the workspace's folder, so a duplicated or restored workspace
    keeps working wherever its folder lands.
    """

    __table_args__ = (UniqueConstraint("workspace_id", "entity", name="uq_datasource_entity"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    entity: str = Field(max_length=20)
    file_name: str = Field(max_length=255)
    original_path: str = Field(max_length=255)
    table_path: str = Field(max_length=255)
    row_count: int = 0
    column_count: int = 0
    content_sha256: str = Field(max_length=64)
    mapping_json: str = Field(default="{}", sa_type=Text)
    read_report_json: str = Field(default="{}", sa_type=Text)
    parse_summary_json: str = Field(default="[]", sa_type=Text)
    imported_at: datetime = Field(default_factory=utc_now)


class SavedMapping(SQLModel, table=True):
    """A reviewed column mapping, reused when the same export layout is imported again."""

    __table_args__ = (
        UniqueConstraint("workspace_id", "entity", "header_signature", name="uq_savedmapping"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    entity: str = Field(max_length=20)
    header_signature: str = Field(max_length=64)
    mapping_json: str = Field(default="{}", sa_type=Text)
    updated_at: datetime = Field(default_factory=utc_now)


class WorkspaceSetting(SQLModel, table=True):
    """A workspace's own choices for one area (thresholds, weights, picklists) as JSON.

    One row per ``key`` such as ``audit.data`` or ``audit.usage``: each area owns the shape
    of its JSON and its defaults, so a new threshold needs no migration.
    """

    __table_args__ = (UniqueConstraint("workspace_id", "key", name="uq_workspacesetting_key"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    key: str = Field(max_length=60)
    value_json: str = Field(default="{}", sa_type=Text)
    updated_at: datetime = Field(default_factory=utc_now)


# --- strategy: goals, stakeholders and ownership, gaps and their whys, glossary ------------
# The rules that read these rows live in crm_core/strategy/; the typed queries in
# crm_core/store/strategy.py.


def parent_fk(target: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> Column:
    """A reference to another row of the workspace (``target.id``).

    Being a real foreign key is what lets duplication and backup rewire it to fresh ids.
    """
    return Column(
        String(32), ForeignKey(f"{target}.id", ondelete=ondelete), nullable=nullable, index=True
    )


class GoalCreate(SQLModel):
    """What the room types for a goal; checked by ``strategy.goals.clean_goal``."""

    statement: str = ""
    department: str = ""
    intent: str = ""
    metric: str = ""
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    deadline: date | None = None
    owner: str = ""
    why: str = ""
    is_original: bool = False


class Goal(SQLModel, table=True):
    """One department's goal for the CRM, as worded in the room and as numbers.

    ``is_original`` marks a goal the CRM was bought for, as opposed to a team's goal today;
    ``agreed_by`` lists who agreed the target, comma-separated.
    """

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    statement: str = Field(default="", max_length=300)
    department: str = Field(max_length=20)
    intent: str = Field(default="", max_length=20)
    metric: str = Field(default="", max_length=120)
    kpi_key: str = Field(default="", max_length=40)
    unit: str = Field(default="", max_length=20)
    baseline: float | None = None
    target: float | None = None
    deadline: date | None = None
    owner: str = Field(default="", max_length=120)
    why: str = Field(default="", sa_type=Text)
    is_original: bool = False
    agreed_by: str = Field(default="", max_length=300)
    agreed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class GoalTargetProposal(SQLModel, table=True):
    """One participant's proposed target for a goal; proposing again replaces it.

    ``proposer`` says who, and is what makes a proposal unique per goal: ``participant:<id>``
    for a workshop participant (two people may share a display name), ``name:<name>`` for a
    proposal the facilitator records by name. ``participant`` is the name shown."""

    __table_args__ = (
        UniqueConstraint("goal_id", "proposer", name="uq_goaltargetproposal_proposer"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    goal_id: str = Field(sa_column=parent_fk("goal"))
    participant: str = Field(max_length=120)
    proposer: str = Field(max_length=160)
    target: float
    created_at: datetime = Field(default_factory=utc_now)


class StakeholderCreate(SQLModel):
    """What the room types for a stakeholder; checked by ``strategy.stakeholders``."""

    name: str = ""
    role: str = ""
    department: str = ""
    customer_facing: bool = False
    influence: int = 3
    interest: int = 3
    buy_in: str = "neutral"
    commitment: str = ""


class Stakeholder(SQLModel, table=True):
    """A person whose support the CRM needs, with influence and interest from 1 to 5."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    name: str = Field(max_length=120)
    role: str = Field(default="", max_length=120)
    department: str = Field(max_length=20)
    customer_facing: bool = False
    influence: int = 3
    interest: int = 3
    buy_in: str = Field(default="neutral", max_length=20)
    commitment: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class RaciAssignment(SQLModel, table=True):
    """One party (a person or a department, by name) holding one RACI role on a responsibility."""

    __table_args__ = (
        UniqueConstraint("workspace_id", "responsibility", "party", "role", name="uq_raciassignment"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    responsibility: str = Field(max_length=40)
    party: str = Field(max_length=120)
    role: str = Field(max_length=1)


class DiagnosticAnswer(SQLModel, table=True):
    """Whether one symptom of the primary-user diagnostic applies to this organisation."""

    __table_args__ = (UniqueConstraint("workspace_id", "symptom", name="uq_diagnosticanswer"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    symptom: str = Field(max_length=60)
    applies: bool = False
    answered_at: datetime = Field(default_factory=utc_now)


class GlossaryEntry(SQLModel, table=True):
    """A term the teams must define the same way (standard, a pipeline stage, or custom)."""

    __table_args__ = (UniqueConstraint("workspace_id", "term", name="uq_glossaryentry_term"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    term: str = Field(max_length=80)
    kind: str = Field(default="custom", max_length=20)
    created_at: datetime = Field(default_factory=utc_now)


class GlossaryDefinition(SQLModel, table=True):
    """One team's own definition of a glossary term."""

    __table_args__ = (UniqueConstraint("entry_id", "team", name="uq_glossarydefinition_team"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    entry_id: str = Field(sa_column=parent_fk("glossaryentry"))
    team: str = Field(max_length=20)
    definition: str = Field(default="", sa_type=Text)
    updated_at: datetime = Field(default_factory=utc_now)


class GapCreate(SQLModel):
    """What the room types for a gap; checked by ``strategy.gaps.clean_gap``."""

    title: str = ""
    current_experience: str = ""
    desired_experience: str = ""
    stage: str = ""
    departments: list[str] = []
    evidence: str = ""


class Gap(SQLModel, table=True):
    """The distance between today's customer experience and the one wanted, at one stage.

    A gap recorded from the goal alignment view keeps where it came from (``origin``,
    ``origin_department`` and up to two goals), so that view can show it as recorded and the
    gap can point back at the goals. ``departments`` is a comma-separated list of keys.
    """

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    title: str = Field(max_length=200)
    current_experience: str = Field(default="", sa_type=Text)
    desired_experience: str = Field(default="", sa_type=Text)
    stage: str = Field(default="", max_length=20)
    departments: str = Field(default="", max_length=120)
    evidence: str = Field(default="", sa_type=Text)
    template_key: str = Field(default="", max_length=40)
    origin: str = Field(default="", max_length=40)
    origin_department: str = Field(default="", max_length=20)
    goal_id: str | None = Field(default=None, sa_column=parent_fk("goal", nullable=True, ondelete="SET NULL"))
    other_goal_id: str | None = Field(
        default=None, sa_column=parent_fk("goal", nullable=True, ondelete="SET NULL")
    )
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class WhyNode(SQLModel, table=True):
    """One answer to "why?" in a gap's tree; ``parent_id`` is None for the first answers."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    gap_id: str = Field(sa_column=parent_fk("gap"))
    parent_id: str | None = Field(default=None, sa_column=parent_fk("whynode", nullable=True))
    answer: str = Field(sa_type=Text)
    is_root_cause: bool = False
    created_at: datetime = Field(default_factory=utc_now)


# --- duplicates: a reviewer's decisions on clusters of duplicate records -------------------
# The matching itself is recomputed from the imported tables; only people's verdicts are
# stored, keyed by the record ids they were about, so they survive a re-import of a newer
# export. Typed queries in crm_core/store/duplicate_decisions.py.


class DuplicateDecision(SQLModel, table=True):
    """A reviewer's verdict on one cluster of duplicate contacts or accounts.

    ``cluster_key`` is a hash of the sorted member record ids at the time of the decision
    (``record_ids`` keeps them as a JSON list); ``decision`` is ``accepted`` (merge),
    ``rejected`` (not duplicates) or ``split`` (``groups_json`` lists the record-id groups
    that do belong together).
    """

    __table_args__ = (
        UniqueConstraint("workspace_id", "entity", "cluster_key", name="uq_duplicatedecision_cluster"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    entity: str = Field(max_length=20)
    cluster_key: str = Field(max_length=64)
    record_ids: str = Field(default="[]", sa_type=Text)
    decision: str = Field(max_length=20)
    groups_json: str = Field(default="[]", sa_type=Text)
    master_id: str = Field(default="", max_length=255)
    note: str = Field(default="", sa_type=Text)
    decided_at: datetime = Field(default_factory=utc_now)


# --- fit-for-purpose and compliance audits: checklist answers, integrations, profile -------
# The checklist items themselves are data (crm_core/data/checklist_items.csv); only the
# answers are stored, keyed by item id. Typed queries in crm_core/store/checklists.py.


class ChecklistAnswer(SQLModel, table=True):
    """The answer to one checklist item: ``status`` is met, partly, not_met, na or unknown."""

    __table_args__ = (UniqueConstraint("workspace_id", "item_id", name="uq_checklistanswer_item"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    item_id: str = Field(max_length=60)
    status: str = Field(default="unknown", max_length=20)
    evidence: str = Field(default="", sa_type=Text)
    owner: str = Field(default="", max_length=120)
    answered_at: datetime = Field(default_factory=utc_now)


class IntegrationCreate(SQLModel):
    """What the room types for one integration; checked by ``audit.fit.clean_integration``."""

    system: str = ""
    category: str = ""
    method: str = ""
    direction: str = ""
    status: str = ""
    owner: str = ""
    data_carried: str = ""
    records_lead_source: str = "unknown"


class Integration(SQLModel, table=True):
    """One system exchanging data with the CRM, and how (``method`` none = manual re-keying).

    ``records_lead_source`` (yes, no, unknown) matters for lead entry points: does a lead
    arriving this way carry its source?
    """

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    system: str = Field(max_length=120)
    category: str = Field(max_length=40)
    method: str = Field(max_length=20)
    direction: str = Field(default="", max_length=20)
    status: str = Field(default="", max_length=20)
    owner: str = Field(default="", max_length=120)
    data_carried: str = Field(default="", sa_type=Text)
    records_lead_source: str = Field(default="unknown", max_length=10)
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class ComplianceProfile(SQLModel, table=True):
    """The privacy regimes and sector that apply, and the data checks' periods.

    ``regimes`` is a space-separated list of keys (``gdpr uk_gdpr``).
    """

    __table_args__ = (UniqueConstraint("workspace_id", name="uq_complianceprofile_workspace"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    regimes: str = Field(default="", max_length=200)
    sector: str = Field(default="", max_length=40)
    retention_months: int = 36
    dormant_login_days: int = 90
    updated_at: datetime = Field(default_factory=utc_now)


# --- recommendations: people's decisions on them, manual ones, links to goals and causes ----
# Recommendations are recomputed from the findings on every run; only people's choices are
# stored, keyed by the recommendation's stable key (its finding code, or ``MANUAL.<hex>``), so
# a re-run updates the numbers and keeps the decisions. Queries in
# crm_core/store/recommendations.py.


class RecommendationDecision(SQLModel, table=True):
    """A person's choices for one recommendation; empty ``priority``/``owner`` keep the rule's.

    ``status`` is open, in_progress, done or dismissed (a dismissed one leaves the report).
    """

    __table_args__ = (
        UniqueConstraint("workspace_id", "rec_key", name="uq_recommendationdecision_key"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    rec_key: str = Field(max_length=80)
    priority: str = Field(default="", max_length=20)
    owner: str = Field(default="", max_length=120)
    due_date: date | None = None
    status: str = Field(default="open", max_length=20)
    updated_at: datetime = Field(default_factory=utc_now)


class ManualRecommendation(SQLModel, table=True):
    """A recommendation the team wrote itself; ``actions`` holds one step per line and
    ``serves`` the success conditions it serves, space-separated."""

    __table_args__ = (
        UniqueConstraint("workspace_id", "rec_key", name="uq_manualrecommendation_key"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    rec_key: str = Field(max_length=80)
    area: str = Field(default="", max_length=20)
    title: str = Field(max_length=200)
    rationale: str = Field(default="", sa_type=Text)
    actions: str = Field(default="", sa_type=Text)
    priority: str = Field(default="important", max_length=20)
    impact: int = 3
    effort: int = 3
    owner: str = Field(default="", max_length=120)
    serves: str = Field(default="", max_length=60)
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class RecommendationLink(SQLModel, table=True):
    """A recommendation serving a goal, or addressing a root cause (a why marked as one)."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    rec_key: str = Field(max_length=80)
    goal_id: str | None = Field(default=None, sa_column=parent_fk("goal", nullable=True))
    why_node_id: str | None = Field(default=None, sa_column=parent_fk("whynode", nullable=True))


# --- quarterly history and live workshops --------------------------------------------------
# An audit run is a snapshot of every area's AuditResult.to_dict() JSON, so later runs (and the
# next quarter, which copies the runs) compare against the numbers as they were. A workshop
# session lets participants add gaps, whys and target proposals and dot-vote from their own
# devices; only a hash of each participant's token is stored. Rules and queries in
# crm_core/history.py, crm_core/store/audit_runs.py, crm_core/quarterly.py and crm_core/workshop.py.


class AuditRun(SQLModel, table=True):
    """One "run the audit": every area's result as JSON, the overall score and KPI values."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    period: str = Field(default="", max_length=20)
    as_of: date
    run_at: datetime = Field(default_factory=utc_now)
    overall: float | None = None
    results_json: str = Field(default="{}", sa_type=Text)
    skipped_json: str = Field(default="{}", sa_type=Text)
    kpis_json: str = Field(default="{}", sa_type=Text)
    sizes_json: str = Field(default="{}", sa_type=Text)  # {"entities": {entity: rows}, "findings": {code: rows}}


class WorkshopSession(SQLModel, table=True):
    """A live workshop on a workspace, joined with ``code``; ``locked`` lists the steps
    (gaps, whys, targets, votes) closed to input, comma-separated. The database keeps at most
    one open session per workspace and one open session per code, so two "Open workshop"
    clicks at once give one session."""

    __table_args__ = (
        Index("uq_workshopsession_open_workspace", "workspace_id", unique=True,
              sqlite_where=text("is_open"), postgresql_where=text("is_open")),
        Index("uq_workshopsession_open_code", "code", unique=True,
              sqlite_where=text("is_open"), postgresql_where=text("is_open")),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    code: str = Field(max_length=6, index=True)
    is_open: bool = True
    votes_each: int = 3
    locked: str = Field(default="", max_length=60)
    opened_at: datetime = Field(default_factory=utc_now)
    closed_at: datetime | None = None


class WorkshopParticipant(SQLModel, table=True):
    """Someone who joined a session from their own device; ``token_hash`` is the SHA-256 of the
    token their browser keeps (the token itself is never stored). Names are unique per session."""

    __table_args__ = (UniqueConstraint("session_id", "name", name="uq_workshopparticipant_name"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    session_id: str = Field(sa_column=parent_fk("workshopsession"))
    name: str = Field(max_length=120)
    token_hash: str = Field(max_length=64, index=True)
    joined_at: datetime = Field(default_factory=utc_now)


class WorkshopEntry(SQLModel, table=True):
    """Who added a gap, a why or a target proposal during a session (exactly one is set)."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    session_id: str = Field(sa_column=parent_fk("workshopsession"))
    participant_id: str = Field(sa_column=parent_fk("workshopparticipant"))
    gap_id: str | None = Field(default=None, sa_column=parent_fk("gap", nullable=True))
    why_id: str | None = Field(default=None, sa_column=parent_fk("whynode", nullable=True))
    proposal_id: str | None = Field(default=None, sa_column=parent_fk("goaltargetproposal", nullable=True))
    created_at: datetime = Field(default_factory=utc_now)


class WorkshopVote(SQLModel, table=True):
    """One dot: ``slot`` numbers a participant's votes from 0, so the same click sent twice
    (a double click, a refresh) is one vote. ``target`` is ``gap:<id>`` or ``rec:<code>``."""

    __table_args__ = (
        UniqueConstraint("session_id", "participant_id", "slot", name="uq_workshopvote_slot"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    session_id: str = Field(sa_column=parent_fk("workshopsession"))
    participant_id: str = Field(sa_column=parent_fk("workshopparticipant"))
    target: str = Field(max_length=90)
    slot: int
    created_at: datetime = Field(default_factory=utc_now)


class AppSetting(SQLModel, table=True):
    """A setting of the whole workbench rather than of one workspace (so never in a backup):
    the facilitator's passphrase, kept only as a salted scrypt hash."""

    key: str = Field(primary_key=True, max_length=60)
    value_json: str = Field(default="{}", sa_type=Text)
    updated_at: datetime = Field(default_factory=utc_now)
