"""The report as Markdown: a plain-text deliverable that pastes into a wiki or a ticket.

Every string from the workspace or the CRM is escaped, so a "*" or "|" typed in a record
cannot change the formatting or break a table.
"""

from __future__ import annotations

import re

from crm_core.recommend import PRIORITY_LABELS, PRIORITY_MEANING
from crm_core.report.engagement import (
    ALIGNMENT_HEADING, GLOSSARY_HEADING, GOAL_HEADERS, OWNERSHIP, PRIMARY_USER_HEADING, PURPOSE, RACI_HEADERS,
    RACI_HEADING, SHORTFALL, STAKEHOLDER_HEADERS, STAKEHOLDERS_HEADING, Engagement,
)
from crm_core.report.model import Report, cover_lines, due_text, rec_links, serves_text, votes_text
from crm_core.roadmap import HORIZONS
from crm_core.scorecard import BAND_LABELS, BAND_RULE, format_score

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def esc(text: object) -> str:
    """Markdown-safe text on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _table(headers, rows) -> list[str]:
    out = ["| " + " | ".join(esc(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    return out + ["| " + " | ".join(esc(cell) or " " for cell in row) + " |" for row in rows]


def _purpose(e: Engagement) -> list[str]:
    if not e.has_purpose:
        return []
    out = ["", f"## {PURPOSE}", ""]
    if e.goals:
        out += _table(GOAL_HEADERS, (g.cells for g in e.goals))
    if e.alignment:
        out += ["", f"### {ALIGNMENT_HEADING}", ""] + [f"- {esc(line)}" for line in e.alignment]
    return out


def _ownership(e: Engagement) -> list[str]:
    if not e.has_ownership:
        return []
    out = ["", f"## {OWNERSHIP}"]
    if e.primary_user:
        out += ["", f"### {PRIMARY_USER_HEADING}", "", esc(e.primary_user)]
    if e.stakeholders:
        out += ["", f"### {STAKEHOLDERS_HEADING}", ""]
        out += _table(STAKEHOLDER_HEADERS, (p.cells for p in e.stakeholders))
    if e.raci:
        out += ["", f"### {RACI_HEADING}", ""] + _table(RACI_HEADERS, e.raci)
        out += [""] + [f"- {esc(issue)}" for issue in e.raci_issues]
    if e.glossary_conflicts:
        out += ["", f"### {GLOSSARY_HEADING}", ""] + [f"- {esc(c)}" for c in e.glossary_conflicts]
    return out


def _shortfall(e: Engagement) -> list[str]:
    if not e.gaps:
        return []
    out = ["", f"## {SHORTFALL}"] + (["", esc(e.workshop)] if e.workshop else [])
    for gap in e.gaps:
        out += ["", f"### {esc(gap.title)}", "", esc(gap.where)]
        out += [f"{label}: {esc(text)}  " for label, text in (("Today", gap.current), ("Wanted", gap.desired),
                                                             ("Evidence", gap.evidence)) if text]
        if gap.whys:
            out += ["", "Why?", ""]
            out += [f"{'  ' * (w.level - 1)}- {esc(w.answer)}" + (" **(root cause)**" if w.root_cause else "")
                    for w in gap.whys]
        if gap.root_causes:
            out += ["", "Root causes: " + "; ".join(esc(c) for c in gap.root_causes)]
    return out


def render_markdown(report: Report) -> bytes:
    out = [f"# {esc(report.title)}: {esc(report.client)}", ""]
    out += [f"{esc(line)}  " for line in cover_lines(report)] + ["", "## Executive summary", ""]
    out += [f"- {esc(line)}" for line in report.summary]
    out += _purpose(report.engagement) + _ownership(report.engagement) + _shortfall(report.engagement)
    out += ["", "## Health scorecard", "", f"Bands: {BAND_RULE}.", "",
            "| Area | Score | Band | Findings | Critical or high |", "|---|---|---|---|---|"]
    for a in (*report.scorecard.areas, report.scorecard.overall):
        band = BAND_LABELS[a.band] + (f": {esc(a.note)}" if a.note else "")
        out.append(f"| {esc(a.label)} | {format_score(a.value)} | {band} | {a.findings} | {a.serious} |")
    for section in report.areas:
        out += ["", f"## {esc(section.heading)}", ""]
        if section.score.note:
            out += [esc(section.score.note), ""]
        for score in section.scores:
            out.append(f"- {esc(score.dimension.replace('_', ' '))}: {score.value:.0f}/100")
        for f in section.findings:
            out += ["", f"### {f.severity_label}: {esc(f.title)}", "", f"`{f.code}` · {f.affected_count:,} affected"]
            if f.detail:
                out += ["", esc(f.detail)]
            if f.evidence:
                out += ["", "Evidence: " + "; ".join(f"{esc(k)} {esc(v)}" for k, v in f.evidence)]
            for ex in f.examples:
                value = esc(ex.value) or "(empty)"
                out.append(f"- e.g. {esc(ex.entity)} {esc(ex.record_id)}, {esc(ex.field)}: {value}")
        if not section.findings:
            out += ["", "No finding in this area."]
    out += ["", "## Recommendations", ""]
    for priority, recs in report.by_priority().items():
        out += ["", f"### {PRIORITY_LABELS[priority]} ({len(recs)}): {PRIORITY_MEANING[priority]}", ""]
        for rec in recs:
            tag = " · quick win" if rec.quick_win else ""
            out += [f"{report.rank(rec)}. **{esc(rec.title)}**{tag}  ",
                    f"   {esc(rec.rationale)}  ",
                    f"   Owner: {esc(rec.owner) or 'not set'} · due: {due_text(rec)} · impact {rec.impact}/5 · "
                    f"effort {rec.effort}/5 · serves: {serves_text(rec)} · key `{rec.key}`  "]
            out += [f"   - {esc(step)}" for step in rec.actions]
            goals, causes = rec_links(report, rec)
            if votes_text(report, rec):
                out.append(f"   - {votes_text(report, rec)}")
            out += [f"   - Serves goal: {esc(g)}" for g in goals]
            out += [f"   - Addresses root cause: {esc(c)}" for c in causes]
    if report.appendix():
        out += ["", f"### Appendix: the other {len(report.appendix())} recommendations", ""]
        out += [f"{report.rank(rec)}. {esc(rec.title)} ({PRIORITY_LABELS[rec.priority].lower()}, impact "
                f"{rec.impact}/5, effort {rec.effort}/5)" for rec in report.appendix()]
    out += ["", "## Roadmap", ""]
    for horizon, lane in HORIZONS.items():
        rows = report.roadmap[report.roadmap["horizon"] == horizon]
        out += ["", f"### {lane}", ""] + ([] if len(rows) else ["Nothing planned."])
        for row in rows.itertuples():
            due = f"due by {row.target:%d %b %Y}" if row.target else "reviewed yearly"
            quick = ", quick win" if row.quick_win else ""
            owner = esc(row.owner) or "not set"
            out.append(f"{row.order}. {esc(row.title)} ({row.priority}{quick}; owner {owner}; {due})")
    out += ["", "### Five-year plan, reviewed every year", "", "| Year | Review on | Focus |", "|---|---|---|"]
    out += [f"| {r.year} | {r.review_on:%d %b %Y} | {esc(r.focus)} |" for r in report.five_year.itertuples()]
    out += ["", "## Success conditions", ""]
    for row in report.conditions.itertuples():
        out += [f"- **{row.condition.capitalize()}** ({esc(row.meaning)}): {esc(row.status)}"]
        out += [f"  - {esc(title)}" for title in row.recommendations[:8]]
    out += ["", "## Appendix: methods and assumptions", ""]
    out += [f"- **{esc(heading)}**: {esc(text)}" for heading, text in report.methods]
    return ("\n".join(out) + "\n").encode("utf-8")
