"""One report model, built once from a workspace audit and rendered by every writer.

``build_report(...)`` takes the workspace audit (``crm_core.audit.runner``), people's decisions,
manual recommendations, links, goals and root causes, and the cover options, and returns a
:class:`Report`: the cover, an executive summary, the scorecard, one section per area with its
findings and examples, the ranked recommendations, the roadmap, the success conditions and an
appendix of methods and assumptions. Every number in it comes from the same findings the
screens show. With ``redact=True`` every string quoted from the CRM is redacted first, so the
recommendations' rationales are built from redacted findings too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import altair as alt
import pandas as pd

from crm_core.audit import pipeline
from crm_core.audit.data.charts import build_score_chart
from crm_core.audit.runner import WorkspaceAudit
from crm_core.findings import AuditResult, Finding, Score, Severity
from crm_core.recommend import (
    CONDITION_TEXT, PRIORITIES, PRIORITY_LABELS, PRIORITY_MEANING, Decision, Links, Recommendation,
    build_recommendations, main_and_appendix, standing_facts_for,
)
from crm_core.report.engagement import Engagement, StrategyRows, build_engagement
from crm_core.report.redact import Redactor
from crm_core.roadmap import (
    CONDITION_AREAS, HORIZON_RULE, HORIZONS, QUADRANT_RULE, build_matrix_chart, build_roadmap, condition_check,
    five_year_plan, matrix_table,
)
from crm_core.scorecard import (
    BAND_LABELS, BAND_RULE, OVERALL_FORMULA, AreaScore, Scorecard, build_scorecard, build_scorecard_chart,
    format_score, overall_text, scorecard_table,
)
from crm_core.strategy.charts import build_influence_interest_chart
from crm_core.units import plural

MAX_EXAMPLES = 3
SEVERITY_LABELS = {s.value: s.value.capitalize() for s in Severity}


@dataclass(frozen=True)
class ReportOptions:
    """The cover and what to leave out. Empty client/title/author fall back to the workspace's
    organisation, engagement title and facilitator."""

    client: str = ""
    title: str = ""
    author: str = ""
    logo: bytes | None = None
    redact: bool = False
    prepared_on: date | None = None


@dataclass(frozen=True)
class WorkspaceFacts:
    name: str
    organisation: str = ""
    engagement_title: str = "CRM audit"
    period: str = ""
    facilitator: str = ""


@dataclass(frozen=True)
class Example:
    record_id: str
    entity: str
    field: str
    value: str


@dataclass(frozen=True)
class FindingView:
    code: str
    severity: str
    title: str
    affected_count: int
    detail: str
    evidence: tuple[tuple[str, str], ...]
    examples: tuple[Example, ...] = ()

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS.get(self.severity, self.severity)


@dataclass(frozen=True)
class AreaSection:
    area: str
    label: str
    score: AreaScore
    scores: tuple[Score, ...]
    findings: tuple[FindingView, ...]
    recommendation_keys: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        value = self.score.value
        return f"{self.label}: {format_score(value)}" if value is not None else f"{self.label}: not measured yet"

    @property
    def chart(self) -> alt.Chart | None:
        """The area's score chart (as on the data audit page), when a health score exists."""
        if self.score.value is None or not self.scores:
            return None
        return build_score_chart(self.scores).properties(width=440)


@dataclass(frozen=True)
class Report:
    client: str
    title: str
    author: str
    period: str
    prepared_on: date
    as_of: date
    logo: bytes | None
    redacted: bool
    scorecard: Scorecard
    areas: tuple[AreaSection, ...]
    recommendations: tuple[Recommendation, ...]
    roadmap: pd.DataFrame
    five_year: pd.DataFrame
    conditions: pd.DataFrame
    summary: tuple[str, ...]
    methods: tuple[tuple[str, str], ...]
    goals: dict[str, str] = field(default_factory=dict)  # id -> statement
    root_causes: dict[str, str] = field(default_factory=dict)  # why node id -> cause
    engagement: Engagement = field(default_factory=Engagement)

    def by_priority(self) -> dict[str, list[Recommendation]]:
        """The main list (the first :data:`~crm_core.recommend.MAIN_LIST`), by priority."""
        main = main_and_appendix(self.recommendations)[0]
        return {p: [r for r in main if r.priority == p] for p in PRIORITIES}

    def appendix(self) -> list[Recommendation]:
        """The recommendations after the main list, in rank order, for the appendix."""
        return main_and_appendix(self.recommendations)[1]

    def scorecard_chart(self) -> alt.LayerChart:
        return build_scorecard_chart(scorecard_table(self.scorecard))

    def matrix_chart(self) -> alt.LayerChart:
        return build_matrix_chart(matrix_table(self.recommendations))

    def stakeholder_chart(self) -> alt.LayerChart | None:
        """The influence/interest grid of the Stakeholders page, each person numbered as in the
        report's table, when anyone is mapped."""
        grid = self.engagement.stakeholder_grid
        if not len(grid):
            return None
        return build_influence_interest_chart(grid, label="number").properties(width=640, height=460)

    def next_steps(self, n: int = 6) -> list[Recommendation]:
        """The first ``n`` steps: the top recommendation of each area in rank order, then the
        next best of any area, so one area's many findings do not crowd out the others."""
        firsts = list({rec.area: rec for rec in reversed(self.recommendations)}.values())
        firsts.sort(key=self.recommendations.index)
        chosen = [rec for rec in firsts if rec.priority == "essential"][:n]
        rest = [rec for rec in self.recommendations if rec not in chosen]
        return sorted(chosen + rest[: n - len(chosen)], key=self.recommendations.index)

    def rank(self, rec: Recommendation) -> int:
        """The recommendation's number in the ranked list (as on the matrix chart), from 1."""
        return self.recommendations.index(rec) + 1


def _redact_finding(finding: Finding, redactor: Redactor) -> Finding:
    evidence = {key: redactor.value(value) for key, value in finding.evidence.items()}
    return replace(finding, title=redactor.text(finding.title), detail=redactor.text(finding.detail),
                   evidence=evidence)


def redact_audit(audit: Mapping[str, AuditResult], redactor: Redactor) -> WorkspaceAudit:
    """The audit with every CRM string in findings and issue values redacted."""
    results = {}
    for area, result in audit.items():
        issues = result.issues.copy()
        for column in ("value", "suggestion"):
            issues[column] = issues[column].map(lambda v: redactor.value(v) if isinstance(v, str) else v)
        results[area] = AuditResult(area=result.area, scores=result.scores, issues=issues,
                                    findings=tuple(_redact_finding(f, redactor) for f in result.findings))
    return WorkspaceAudit(results, skipped=getattr(audit, "skipped", {}), as_of=getattr(audit, "as_of", None))


def _evidence_text(key: str, value: object) -> str:
    if isinstance(value, float) and ("share" in key or "rate" in key) and 0 <= value <= 1:
        return f"{value:.1%}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.2f}"
    return str(value)


def _examples(result: AuditResult, code: str) -> tuple[Example, ...]:
    issues = result.issues
    rows = issues[issues["check"] == code].head(MAX_EXAMPLES) if len(issues) else issues
    return tuple(Example(*(("" if pd.isna(v) else str(v)) for v in (r.record_id, r.entity, r.field, r.value)))
                 for r in rows.itertuples(index=False))


def finding_view(finding: Finding, result: AuditResult) -> FindingView:
    plain = finding.evidence
    evidence = tuple((key.replace("_", " "), _evidence_text(key, value)) for key, value in plain.items()
                     if key != "masked_examples" and not ("." in key and plain.get(key.split(".")[0]) == value))
    return FindingView(finding.code, finding.severity.value, finding.title, finding.affected_count, finding.detail,
                       evidence, _examples(result, finding.code))


def _summary(scorecard: Scorecard, recs: Sequence[Recommendation], audit: Mapping[str, AuditResult],
             skipped: Mapping[str, str]) -> tuple[str, ...]:
    overall = scorecard.overall
    scored = sorted((a for a in scorecard.areas if a.value is not None), key=lambda a: a.value)
    lines = []
    if overall.value is not None:
        line = f"Overall CRM health is {overall_text(scorecard)} ({BAND_LABELS[overall.band].lower()})"
        if len(scored) > 1:
            line += (f": strongest area {scored[-1].label} ({format_score(scored[-1].value)}), "
                     f"weakest {scored[0].label} ({format_score(scored[0].value)})")
        lines.append(line + ".")
    else:
        lines.append("No area could be scored yet: import the CRM's exports and answer the checklists.")
    lines.append(f"The audit raised {overall.findings:,} findings, {overall.serious:,} of them critical or high, "
                 f"across {len(audit)} areas.")
    counts = {p: sum(r.priority == p for r in recs) for p in PRIORITIES}
    quick = sum(r.quick_win for r in recs)
    lines.append(f"{len(recs)} recommendations: {counts['essential']} essential, {counts['important']} important "
                 f"and {counts['desirable']} desirable; {quick} of them are quick wins (high impact, low effort).")
    first: dict[str, str] = {}
    for rec in recs:  # the first essential recommendation of each area, in rank order
        if rec.priority == "essential":
            first.setdefault(rec.area, rec.title)
    if first:
        lines.append("Start with: " + "; ".join(list(first.values())[:3]) + ".")
    cost = audit.get("data").finding("DATA.BAD_DATA_COST") if "data" in audit else None
    if cost is not None and cost.detail:
        lines.append(f"Estimated cost of bad data: {cost.detail}")
    lines += [f"{a.label} is not measured yet: {a.note.removeprefix('not measured: ')}." for a in scorecard.areas
              if a.value is None and a.note and a.area not in skipped]
    lines += [reason for area, reason in skipped.items() if not scorecard.area(area)]
    return tuple(lines)


def _methods(audit: Mapping[str, AuditResult], as_of: date, redacted: bool,
             sources: Mapping[str, int]) -> tuple[tuple[str, str], ...]:
    methods = [
        ("Audit date", f"Every area was audited as of {as_of:%d %B %Y} unless its page saved another date; the "
                       "exports' date (the day after their newest record) is the default."),
    ]
    if sources:
        methods.append(("Data audited", "; ".join(f"{entity}: {rows:,} records" for entity, rows in sources.items())
                        + "."))
    methods += [
        ("Health bands", f"Scores run from 0 (worst) to 100 (best): {BAND_RULE}. Overall: {OVERALL_FORMULA}."),
    ]
    for area, result in audit.items():
        formulas = "; ".join(f"{s.dimension.replace('_', ' ')} = {s.formula}"
                             + (f" (n = {s.basis:,})" if s.basis else "")
                             for s in result.scores if s.formula)
        if formulas:
            methods.append((f"Scores: {area.replace('_', ' ')}", formulas + "."))
    methods += [
        ("Priorities", "; ".join(f"{PRIORITY_LABELS[p]}: {PRIORITY_MEANING[p]}" for p in PRIORITIES)
         + ". A critical finding is always essential; people may change any priority."),
        ("Impact and effort", f"Rated 1 (lowest) to 5 (highest) per recommendation; {QUADRANT_RULE}."),
        ("Roadmap", f"Lanes: {', '.join(HORIZONS.values())}; {HORIZON_RULE}."),
        ("Success conditions", "; ".join(
            f"{c.capitalize()} ({CONDITION_TEXT[c]}) is measured by {', '.join(CONDITION_AREAS[c])}"
            for c in CONDITION_TEXT) + "."),
        ("Cost of bad data", "Estimated from the share of records with a serious data problem, scaled to the "
                             "published maximum of 550 hours and $32,000 lost per rep per year."),
        ("Personal data", "Names, email addresses and phone numbers quoted from the CRM are redacted."
         if redacted else "Examples quote the CRM's records as exported; export with redaction before sharing "
                          "the report beyond the client."),
    ]
    return tuple(methods)


def client_name(options: ReportOptions, workspace: WorkspaceFacts) -> str:
    """Who the report is for: the cover's client, else the organisation, else the workspace."""
    return options.client or workspace.organisation or workspace.name


def build_report(
    *,
    workspace: WorkspaceFacts,
    audit: WorkspaceAudit,
    options: ReportOptions = ReportOptions(),
    decisions: Mapping[str, Decision] | None = None,
    manual: Sequence = (),
    links: Links | None = None,
    goals: Mapping[str, str] | None = None,
    root_causes: Mapping[str, str] | None = None,
    strategy: StrategyRows | None = None,
    tables: Mapping[str, pd.DataFrame] | None = None,
    today: date | None = None,
) -> Report:
    """The report of one workspace (see the module docstring)."""
    tables = tables or {}
    today = options.prepared_on or today or date.today()
    as_of = getattr(audit, "as_of", None) or today
    # before redaction, which keeps only the findings
    measured = pipeline.measured_baselines(getattr(audit, "areas", {}).get(pipeline.AREA))
    if options.redact:
        audit = redact_audit(audit, Redactor.from_tables(tables))
    engagement = build_engagement(strategy or StrategyRows(), measured=measured, period=workspace.period)
    scorecard = build_scorecard(audit, getattr(audit, "skipped", {}))
    recs = build_recommendations(audit, decisions=decisions, manual=manual, links=links,
                                 standing_facts=standing_facts_for(audit))
    sections = []
    for area_score in scorecard.areas:
        result = audit.get(area_score.area)
        findings = tuple(finding_view(f, result) for f in result.findings) if result is not None else ()
        keys = tuple(r.key for r in recs if r.area == area_score.area)
        sections.append(AreaSection(area_score.area, area_score.label, area_score,
                                    result.scores if result is not None else (), findings, keys))
    return Report(
        client=client_name(options, workspace),
        title=options.title or workspace.engagement_title or "CRM audit",
        author=options.author or workspace.facilitator,
        period=workspace.period,
        prepared_on=today,
        as_of=as_of,
        logo=options.logo,
        redacted=options.redact,
        scorecard=scorecard,
        areas=tuple(sections),
        recommendations=tuple(recs),
        roadmap=build_roadmap(recs, start=today),
        five_year=five_year_plan(recs, start=today),
        conditions=condition_check(recs, scorecard),
        summary=_summary(scorecard, recs, audit, getattr(audit, "skipped", {})) + engagement.summary(),
        methods=_methods(audit, as_of, options.redact, {e: len(t) for e, t in tables.items() if t is not None}),
        goals=dict(goals or {}),
        root_causes=dict(root_causes or {}),
        engagement=engagement,
    )


# --- wording every writer shares -------------------------------------------------------------------


def due_text(rec: Recommendation) -> str:
    return f"{rec.due_date:%d %b %Y}" if rec.due_date else "not set"


def serves_text(rec: Recommendation) -> str:
    return ", ".join(c.capitalize() for c in rec.serves) or "—"


def rec_links(report: Report, rec: Recommendation) -> tuple[list[str], list[str]]:
    """(goals it serves, root causes it addresses) as text."""
    return ([report.goals[g] for g in rec.goal_ids if g in report.goals],
            [report.root_causes[n] for n in rec.root_cause_ids if n in report.root_causes])


def votes_for(report: Report, rec: Recommendation) -> int:
    """The room's dots on the recommendation or on any finding merged into it."""
    return sum(report.engagement.rec_votes.get(code, 0) for code in {rec.key, *rec.finding_codes})


def votes_text(report: Report, rec: Recommendation) -> str:
    """"5 votes in the workshop", or "" when nobody voted for it."""
    n = votes_for(report, rec)
    return f"{plural(n, 'vote')} in the workshop" if n else ""


def cover_lines(report: Report) -> list[str]:
    lines = [f"Prepared for {report.client}"]
    if report.author:
        lines.append(f"Prepared by {report.author}")
    lines.append(f"{report.prepared_on:%d %B %Y}" + (f" · period {report.period}" if report.period else ""))
    lines.append(f"Data as of {report.as_of:%d %B %Y}")
    lines.append("Personal data redacted" if report.redacted else "Personal data as exported, not redacted")
    return lines
