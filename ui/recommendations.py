"""Streamlit helpers of the Recommendations & report page: the scorecard, the recommendations
with their decisions and links, the plan views and the exports."""

from __future__ import annotations

import functools
from datetime import date

import pandas as pd
import streamlit as st

from crm_core.store import recommendations as records
from crm_core import report as reports
from crm_core.audit import runner
from crm_core.errors import CrmCoreError
from crm_core.recommend import (
    CONDITIONS, PRIORITIES, PRIORITY_LABELS, STATUS_LABELS, STATUSES, Recommendation,
    decision_edits, decision_table, main_and_appendix,
)
from crm_core.report.model import client_name
from crm_core.report.sources import PlanInputs, report_from
from crm_core.roadmap import HORIZONS
from crm_core.scorecard import BAND_LABELS, BAND_RULE, QUORUM_RULE, Scorecard, format_score, overall_text
from ui import autosave, cached, components
from ui.markdown import escape

BADGE_COLOURS = {"green": "green", "amber": "orange", "red": "red", "grey": "gray"}
AREAS = {"": "Not tied to one area", **{area: spec.label for area, spec in runner.AREAS.items()}}


def render_scorecard(scorecard: Scorecard) -> None:
    areas = [*scorecard.areas, scorecard.overall]
    for column, area in zip(st.columns(len(areas)), areas, strict=True):
        column.metric(area.label, format_score(area.value), help=area.note or area.basis or None)
        column.badge(BAND_LABELS[area.band], color=BADGE_COLOURS[area.band])
    st.caption(f"Overall {overall_text(scorecard)}. Bands: {BAND_RULE}. An area's score is the mean of its "
               f"headline scores ({QUORUM_RULE}); an area with nothing to measure is not scored, and the overall "
               "score is the mean of the areas scored.")


def _recommendation(rec: Recommendation, rank: int, plan: PlanInputs, workspace_id: str) -> None:
    label = f"{rank}. {rec.title} · {PRIORITY_LABELS.get(rec.priority, rec.priority)}" + (
        " · quick win" if rec.quick_win else "")
    with st.expander(escape(label)):
        st.write(escape(rec.rationale))
        st.markdown("\n".join(f"{n}. {escape(step)}" for n, step in enumerate(rec.actions, start=1)))
        due = f"{rec.due_date:%d %b %Y}" if rec.due_date else "not set"
        st.caption(escape(f"Owner: {rec.owner or 'not set'} · due {due} · impact {rec.impact}/5 · effort "
                          f"{rec.effort}/5 · serves {', '.join(rec.serves) or '—'} · {STATUS_LABELS[rec.status]}"))
        if plan.goals or plan.root_causes:
            _links_form(rec, plan, workspace_id)
        if rec.manual and st.button("Delete this recommendation", key=f"recs.delete.{rec.key}",
                                    icon=":material/delete:"):
            autosave.save("Deleted the recommendation.", records.delete_manual, workspace_id=workspace_id,
                          rec_key=rec.key)


def _links_form(rec: Recommendation, plan: PlanInputs, workspace_id: str) -> None:
    with st.form(f"recs.links.{rec.key}", border=False):
        goals = st.multiselect("Goals it serves", list(plan.goals),
                               default=[g for g in rec.goal_ids if g in plan.goals],
                               format_func=plan.goals.__getitem__, key=f"recs.goals.{rec.key}")
        causes = st.multiselect("Root causes it addresses", list(plan.root_causes),
                                default=[c for c in rec.root_cause_ids if c in plan.root_causes],
                                format_func=plan.root_causes.__getitem__, key=f"recs.causes.{rec.key}")
        if st.form_submit_button("Save links"):
            autosave.save("Saved the links.", records.set_links, workspace_id=workspace_id, rec_key=rec.key,
                          goal_ids=goals, why_node_ids=causes)


def render_recommendations(recs: list[Recommendation], plan: PlanInputs, workspace_id: str) -> None:
    """The main list, worst finding first, each one open to its actions; the rest as an appendix."""
    ranked = [r for r in recs if r.status != "dismissed"]
    main, appendix = main_and_appendix(ranked)
    for rank, rec in enumerate(main, start=1):
        _recommendation(rec, rank, plan, workspace_id)
    if appendix:
        with st.expander(f"The other {len(appendix)} recommendations (appendix)", icon=":material/list:"):
            st.dataframe(pd.DataFrame({
                "Rank": range(len(main) + 1, len(ranked) + 1), "Recommendation": [r.title for r in appendix],
                "Priority": [PRIORITY_LABELS.get(r.priority, r.priority) for r in appendix],
                "Impact": [r.impact for r in appendix], "Effort": [r.effort for r in appendix]}),
                hide_index=True, width="stretch")


def decisions_editor(recs: list[Recommendation], workspace_id: str) -> None:
    """Priority, owner, due date and status of every recommendation, saved together."""
    before = decision_table(recs).astype({"due_date": "datetime64[ns]"})  # an unset date shows empty, not "None"
    version = abs(hash(before.to_json(date_format="iso"))) % 10**8  # a new editor after each save
    with st.form("recs.decisions"):
        # the rule's key rides along as the hidden index: it identifies the row, nobody needs to read it
        edited = st.data_editor(before.set_index("key"), key=f"recs.editor.{version}", hide_index=True,
                                width="stretch", disabled=["title"], column_config={
                                    "priority": st.column_config.SelectboxColumn(
                                        "Priority", options=list(PRIORITIES), required=True,
                                        format_func=lambda p: PRIORITY_LABELS.get(p, p)),
                                    "status": st.column_config.SelectboxColumn(
                                        "Status", options=list(STATUSES), required=True,
                                        format_func=lambda s: STATUS_LABELS.get(s, s)),
                                    "due_date": st.column_config.DateColumn("Due date", format="YYYY-MM-DD"),
                                    "owner": st.column_config.TextColumn("Owner", max_chars=120),
                                    "title": st.column_config.TextColumn("Recommendation", width="large")})
        if st.form_submit_button("Save decisions", type="primary"):
            changes = decision_edits(before, edited.reset_index(), {r.key: r for r in recs})
            autosave.save(f"Saved {len(changes)} decision(s).", records.save_decisions, workspace_id=workspace_id,
                          decisions=changes)


def manual_form(workspace_id: str) -> None:
    with st.form("recs.manual", clear_on_submit=True):
        title = st.text_input("Title", key="recs.manual.title", placeholder="e.g. Retire the unused report modules")
        rationale = st.text_area("Why", key="recs.manual.rationale", height=80)
        actions = st.text_area("Action steps, one per line", key="recs.manual.actions", height=80)
        left, middle, right = st.columns(3)
        area = left.selectbox("Area", list(AREAS), format_func=AREAS.__getitem__, key="recs.manual.area")
        priority = middle.selectbox("Priority", list(PRIORITIES), index=1, key="recs.manual.priority",
                                    format_func=PRIORITY_LABELS.__getitem__)
        owner = right.text_input("Owner", key="recs.manual.owner")
        impact = left.slider("Impact", 1, 5, 3, key="recs.manual.impact")
        effort = middle.slider("Effort", 1, 5, 3, key="recs.manual.effort")
        serves = right.multiselect("Serves", list(CONDITIONS), key="recs.manual.serves")
        if st.form_submit_button("Add recommendation"):
            draft = records.ManualDraft(title, rationale, actions, area, priority, impact, effort, owner, tuple(serves))
            autosave.save(f"Added '{title.strip()}'.", records.add_manual, workspace_id=workspace_id, draft=draft)


def render_roadmap(roadmap: pd.DataFrame, five_year: pd.DataFrame) -> None:
    for column, (horizon, lane) in zip(st.columns(len(HORIZONS)), HORIZONS.items(), strict=True):
        rows = roadmap[roadmap["horizon"] == horizon]
        column.markdown(f"**{lane}** ({len(rows)})")
        column.markdown("\n".join(
            f"{row.order}. {escape(row.title)}" + (" · *quick win*" if row.quick_win else "")
            for row in rows.itertuples()) or "Nothing planned.")
    st.markdown("**Five-year plan, reviewed every year**")
    st.dataframe(five_year, hide_index=True, width="stretch",
                 column_config={"review_on": st.column_config.DateColumn("Review on", format="D MMM YYYY"),
                                "focus": st.column_config.TextColumn("Focus", width="large")})


def render_conditions(conditions: pd.DataFrame) -> None:
    for column, row in zip(st.columns(len(conditions)), conditions.itertuples(), strict=True):
        column.markdown(f"**{row.condition.capitalize()}**: {escape(row.meaning)}")
        column.badge(escape(row.status), color=BADGE_COLOURS[row.band])
        column.markdown("\n".join(f"- {escape(t)}" for t in row.recommendations[:6])
                        + (f"\n- and {len(row.recommendations) - 6} more" if len(row.recommendations) > 6 else ""))


def cover_form(workspace_id: str, cover: records.CoverSettings, plan: PlanInputs) -> None:
    with st.form("recs.cover"):
        left, right = st.columns(2)
        client = left.text_input("Client", cover.client, key="recs.cover.client",
                                 placeholder=plan.workspace.organisation or plan.workspace.name)
        author = right.text_input("Author", cover.author, key="recs.cover.author",
                                  placeholder=plan.workspace.facilitator)
        title = left.text_input("Report title", cover.title, key="recs.cover.title",
                                placeholder=plan.workspace.engagement_title)
        logo = right.file_uploader("Logo (PNG or JPEG, under 1 MB)", type=["png", "jpg", "jpeg"], key="recs.cover.logo")
        redact = st.checkbox("Redact personal data by default", cover.redact, key="recs.cover.redact")
        remove = bool(cover.logo_b64) and st.checkbox("Remove the logo", key="recs.cover.remove_logo")
        if st.form_submit_button("Save the cover"):
            try:
                logo_b64 = records.check_logo(logo.getvalue()) if logo else ("" if remove else cover.logo_b64)
            except CrmCoreError as error:
                st.error(str(error), icon=":material/error:")
                return
            autosave.save("Saved the report's cover.", records.save_cover, workspace_id=workspace_id,
                          cover=records.CoverSettings(client, title, author, logo_b64, redact))


def export_buttons(plan: PlanInputs, audit: runner.WorkspaceAudit, workspace_id: str, redact: bool) -> None:
    """One download button per format; each file is built only when its button is pressed, so
    the imported tables (for redaction and the methods' row counts) are read only then."""
    today = date.today()
    client = client_name(plan.options(), plan.workspace)

    @functools.cache
    def built():  # the report quotes example records: read the kept audit with its issues
        whole = components.kept_audit(workspace_id, with_issues=True)
        return report_from(plan, whole, tables=cached.source_tables(workspace_id), redact=redact, today=today)

    for column, (fmt, spec) in zip(st.columns(len(reports.FORMATS)), reports.FORMATS.items(), strict=True):
        column.download_button(spec.label, data=lambda fmt=fmt: reports.render(built(), fmt),
                               file_name=reports.file_name_for(client, today, fmt), mime=spec.mime, key=f"recs.download.{fmt}",
                               icon=":material/download:", on_click="ignore")
