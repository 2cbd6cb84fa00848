"""Quarterly history: what changed between two audit runs, and the trend across all of them.

A run is a snapshot of every area's :class:`~crm_core.findings.AuditResult` (its ``to_dict``
JSON), the overall score of the scorecard and the Goals KPIs the exports could measure then.
:func:`diff_runs` compares two runs finding by finding (by code) and area by area: by the share
of records affected when both runs know how many records a finding was counted among (a smaller
export with fewer problems is not "better" if the share is the same), else by counts;
:func:`score_trend` + :func:`build_trend_chart` and :func:`goal_progress` +
:func:`build_goal_chart` are the History page's compute/chart pairs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import altair as alt
import pandas as pd

from crm_core.findings import AuditResult
from crm_core.scorecard import build_scorecard
from crm_core.strategy.kpis import KPI_BY_KEY, find_kpi

CHANGES = ("new", "worse", "better", "resolved")
CHANGE_LABELS = {"new": "New", "worse": "Worse", "better": "Better", "resolved": "Resolved"}
TREND_COLUMNS = ("run", "run_at", "period", "area", "label", "score")
GOAL_COLUMNS = ("goal", "kpi", "unit", "baseline", "target", "run", "run_at", "value")


@dataclass(frozen=True)
class RunSnapshot:
    """One stored run, read back: results by area, skipped areas and KPI values by Goals key."""

    id: str
    period: str
    as_of: date
    run_at: datetime
    results: Mapping[str, AuditResult]
    skipped: Mapping[str, str] = field(default_factory=dict)
    kpis: Mapping[str, float | None] = field(default_factory=dict)
    sizes: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # see :func:`run_sizes`

    @property
    def label(self) -> str:
        moment = self.run_at.strftime("%Y-%m-%d %H:%M")
        return f"{self.period} · {moment}" if self.period else moment

    def scores(self) -> dict[str, float | None]:
        """Headline score per area (the scorecard's) and ``overall``."""
        card = build_scorecard(self.results, self.skipped)
        return {**{a.area: a.value for a in card.areas}, "overall": card.overall.value}

    def labels(self) -> dict[str, str]:
        card = build_scorecard(self.results, self.skipped)
        return {**{a.area: a.label for a in card.areas}, "overall": "Overall"}


def results_to_json(results: Mapping[str, AuditResult]) -> str:
    return json.dumps({area: result.to_dict() for area, result in results.items()}, default=str)


def results_from_json(text: str) -> dict[str, AuditResult]:
    return {area: AuditResult.from_dict(data) for area, data in json.loads(text or "{}").items()}


def run_sizes(results: Mapping[str, AuditResult], entities: Mapping[str, int]) -> dict[str, dict[str, int]]:
    """What a run measured: rows per imported entity, and for each finding with record-level
    issues the rows of the entity its records belong to (the base of its share)."""
    bases = {}
    for result in results.values():
        if not len(result.issues):
            continue
        for code, rows in result.issues.groupby("check")["entity"]:
            entity = str(rows.mode().iloc[0]) if len(rows) else ""
            if entities.get(entity):
                bases[str(code)] = int(entities[entity])
    return {"entities": {e: int(n) for e, n in entities.items()}, "findings": bases}


@dataclass(frozen=True)
class FindingChange:
    code: str
    title: str
    change: str  # one of CHANGES
    before: int | None  # affected_count in the earlier run (None: absent)
    after: int | None
    share_before: float | None = None  # affected / records counted among, when the run knows it
    share_after: float | None = None


@dataclass(frozen=True)
class ScoreChange:
    area: str
    label: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        return None if self.before is None or self.after is None else round(self.after - self.before, 1)


@dataclass(frozen=True)
class RunDiff:
    findings: tuple[FindingChange, ...]
    scores: tuple[ScoreChange, ...]
    sizes_note: str = ""  # how the exports' sizes differ, when they do

    def by_change(self, change: str) -> list[FindingChange]:
        return [f for f in self.findings if f.change == change]

    def score(self, area: str) -> ScoreChange | None:
        return next((s for s in self.scores if s.area == area), None)


def _findings(results: Mapping[str, AuditResult]) -> dict[str, tuple[str, int]]:
    return {f.code: (f.title, f.affected_count) for r in results.values() for f in r.findings}


SAME_SHARE = 0.001  # shares closer than 0.1 percentage point are the same


def _share(run: RunSnapshot, code: str, count: int | None) -> float | None:
    base = run.sizes.get("findings", {}).get(code)
    return None if count is None or not base else count / base


def sizes_note(before: RunSnapshot, after: RunSnapshot) -> str:
    """A sentence when the two runs measured exports of different sizes, else ""."""
    old, new = before.sizes.get("entities", {}), after.sizes.get("entities", {})
    changed = [f"{entity} {old[entity]:,} → {new[entity]:,}" for entity in sorted(set(old) & set(new))
               if old[entity] != new[entity]]
    if not changed:
        return ""
    return ("The exports differ in size (" + ", ".join(changed) + "): findings are compared by the share of "
            "records they affect where both runs know it.")


def diff_runs(before: RunSnapshot, after: RunSnapshot) -> RunDiff:
    """New, worse, better and resolved findings (by code, with affected counts and shares) and
    every area's and the overall score before and after; unchanged findings are left out."""
    old, new = _findings(before.results), _findings(after.results)
    changes = []
    for code in sorted(set(old) | set(new)):
        was, now = old.get(code, (None, None))[1], new.get(code, (None, None))[1]
        share_was, share_now = _share(before, code, was), _share(after, code, now)
        if code not in old:
            change = "new"
        elif code not in new:
            change = "resolved"
        elif share_was is not None and share_now is not None:
            if abs(share_now - share_was) < SAME_SHARE:
                continue
            change = "worse" if share_now > share_was else "better"
        elif now > was:
            change = "worse"
        elif now < was:
            change = "better"
        else:
            continue
        title = (new.get(code) or old[code])[0]
        changes.append(FindingChange(code, title, change, was, now, share_was, share_now))
    changes.sort(key=lambda c: (CHANGES.index(c.change), c.code))
    scores_before, scores_after = before.scores(), after.scores()
    labels = {**before.labels(), **after.labels()}
    areas = [a for a in scores_after if a != "overall"] + [a for a in scores_before
                                                           if a not in scores_after and a != "overall"]
    scores = tuple(ScoreChange(a, labels[a], scores_before.get(a), scores_after.get(a))
                   for a in [*areas, "overall"])
    return RunDiff(tuple(changes), scores, sizes_note(before, after))


def score_trend(runs: Sequence[RunSnapshot]) -> pd.DataFrame:
    """One row per run and scored area plus ``overall``; columns :data:`TREND_COLUMNS`."""
    rows = []
    for run in runs:
        labels = run.labels()
        for area, value in run.scores().items():
            if value is not None:
                rows.append({"run": run.label, "run_at": run.run_at, "period": run.period, "area": area,
                             "label": labels[area], "score": value})
    return pd.DataFrame(rows, columns=list(TREND_COLUMNS))


def build_trend_chart(trend: pd.DataFrame) -> alt.Chart:
    """Score (0-100) per run, one line per area; the overall line is thicker."""
    return (
        alt.Chart(trend)
        .mark_line(point=True)
        .encode(
            x=alt.X("run:N", title="Audit run", sort=list(dict.fromkeys(trend["run"])),
                    axis=alt.Axis(labelAngle=0, labelLimit=160)),
            y=alt.Y("score:Q", title="Score", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("label:N", title="Area"),
            strokeWidth=alt.condition(alt.datum.area == "overall", alt.value(4), alt.value(2)),
            tooltip=["run:N", "label:N", alt.Tooltip("score:Q", format=".1f")],
        )
        .properties(height=320)
    )


def goal_kpi_key(goal) -> str | None:
    """The Goals KPI a goal measures: its catalogue key, else the KPI its metric names."""
    if getattr(goal, "kpi_key", "") in KPI_BY_KEY:
        return goal.kpi_key
    kpi = find_kpi(goal.metric or "")
    return kpi.key if kpi else None


def goal_progress(goals: Sequence, runs: Sequence[RunSnapshot]) -> pd.DataFrame:
    """Each goal with a KPI: baseline, target, and the value at every run that measured it;
    columns :data:`GOAL_COLUMNS` (a goal no run measured has one row with no run)."""
    rows = []
    for goal in goals:
        key = goal_kpi_key(goal)
        if key is None:
            continue
        base = {"goal": goal.statement or goal.metric, "kpi": KPI_BY_KEY[key].name,
                "unit": goal.unit or KPI_BY_KEY[key].unit, "baseline": goal.baseline, "target": goal.target}
        measured = [run for run in runs if run.kpis.get(key) is not None]
        for run in measured:
            rows.append({**base, "run": run.label, "run_at": run.run_at, "value": round(run.kpis[key], 2)})
        if not measured:
            rows.append({**base, "run": None, "run_at": None, "value": None})
    return pd.DataFrame(rows, columns=list(GOAL_COLUMNS))


def build_goal_chart(progress: pd.DataFrame, goal: str) -> alt.LayerChart:
    """One goal's measured values per run, with its baseline and target as rules."""
    rows = progress[(progress["goal"] == goal) & progress["value"].notna()]
    line = alt.Chart(rows).mark_line(point=True).encode(
        x=alt.X("run:N", title="Audit run", sort=list(dict.fromkeys(rows["run"])), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=str(rows["unit"].iloc[0]) if len(rows) else ""),
        tooltip=["run:N", "value:Q"])
    marks = progress[progress["goal"] == goal].head(1).melt(
        value_vars=["baseline", "target"], var_name="kind", value_name="level").dropna()
    rules = alt.Chart(marks).mark_rule(strokeDash=[6, 4]).encode(
        y="level:Q", color=alt.Color("kind:N", title=""), tooltip=["kind:N", "level:Q"])
    return alt.layer(line, rules).properties(height=220)


def changes_table(diff: RunDiff) -> pd.DataFrame:
    """The changed findings, for people: Change, Finding, affected before and now, and the
    share of records affected before and now (empty where a run does not know it)."""
    rows = [{"Change": CHANGE_LABELS[c.change], "Finding": c.title, "Affected before": c.before,
             "Affected now": c.after, "Share before": c.share_before, "Share now": c.share_after}
            for c in diff.findings]
    return pd.DataFrame(rows, columns=["Change", "Finding", "Affected before", "Affected now", "Share before",
                                       "Share now"]).astype({"Affected before": "Int64", "Affected now": "Int64",
                                                             "Share before": "Float64", "Share now": "Float64"})
