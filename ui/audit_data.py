"""Streamlit helpers of the data audit page: settings, clusters and renderers over the kept
data audit (``components.kept_area``), computed once per data version and settings."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from crm_core import data_folder, store
from crm_core.audit import data
from crm_core.audit.area import AreaResult
from crm_core.audit.data import (
    CLUSTERS_KEY,
    SETTING_KEY,
    DataAuditConfig,
    check_settings,
    format_picklists,
    parse_picklists,
    weights_from_table,
    weights_table,
)
from crm_core.reading import read_table
from ui import cached, components, tables
from ui.markdown import escape

MAX_ROWS_SHOWN = 5_000


def stored(workspace_id: str) -> tuple[dict, dict]:
    """(settings, accepted clusters) as stored for the workspace."""
    return (cached.workspace_setting(workspace_id, SETTING_KEY) or {},
            cached.workspace_setting(workspace_id, CLUSTERS_KEY) or {})


def settings_form(workspace_id: str, settings: dict, as_of: date) -> None:
    """Audit date, thresholds, phone region, decay range, cost assumptions, weights, territories."""
    config = DataAuditConfig.from_dict(settings)
    cost = config.cost
    with st.form("data_audit.settings"):
        a, b, c = st.columns(3)
        picked = a.date_input("Audit as of", as_of, key="data_audit.as_of", format="YYYY-MM-DD")
        stale = b.number_input("Stale after (months)", 1, 120, config.stale_months, key="data_audit.stale")
        dead = c.number_input("Dead account after (months)", 1, 120, config.dead_account_months, key="data_audit.dead")
        region = a.text_input("Phone region when a record has no country", config.default_region or "",
                              key="data_audit.region", placeholder="e.g. US or GB")
        low = b.number_input("Yearly decay, low (%)", 1, 99, round(config.decay_low * 100), key="data_audit.decay_low")
        high = c.number_input("Yearly decay, high (%)", 1, 99, round(config.decay_high * 100),
                              key="data_audit.decay_high")
        teams = st.text_input("Customer-facing teams (comma-separated)", ", ".join(config.customer_facing_teams),
                              key="data_audit.teams")
        st.markdown("**Cost of bad data** (METHOD: up to 550 hours and $32,000 per rep a year, up to 12% of business)")
        a, b, c = st.columns(3)
        hours = a.number_input("Hours lost per rep, at most", 0.0, 5000.0, cost.max_hours_per_rep,
                               key="data_audit.hours")
        money = b.number_input("Money lost per rep, at most", 0.0, 1e7, cost.max_cost_per_rep, key="data_audit.money")
        loss = c.number_input("Business lost, at most (%)", 0.0, 100.0, cost.max_business_loss * 100,
                              key="data_audit.loss")
        reps = a.number_input("Reps (0: count them)", 0, 100_000, cost.reps or 0, key="data_audit.reps")
        revenue = b.number_input("Annual revenue (0: not given)", 0.0, None, cost.annual_revenue or 0.0,
                                 key="data_audit.revenue")
        at_max = c.number_input("Error rate at which the maximum applies (%)", 1.0, 100.0,
                                cost.error_rate_at_max * 100, key="data_audit.at_max")
        st.markdown("**Field weights** (0 not scored, 1 low, 2 medium, 3 high)")
        weights = st.data_editor(weights_table(config), key="data_audit.weights", hide_index=True, width="stretch",
                                 disabled=["entity", "field", "label"], height=240)
        picklists = st.text_area("Own picklists, one field per line (replace the standard lists)",
                                 format_picklists(config.picklists), key="data_audit.picklists",
                                 placeholder="accounts.industry: Software, Services, Hardware")
        st.markdown("**Territory rules**: records in a country (and optionally a state) belong to a team")
        rules = st.data_editor(pd.DataFrame(list(config.territory_rules), columns=["country", "state", "team"]),
                               key="data_audit.territories", num_rows="dynamic", hide_index=True, width="stretch")
        if st.form_submit_button("Save and re-run", type="primary"):
            values = {**settings, "as_of": picked.isoformat(), "stale_months": int(stale),
                      "dead_account_months": int(dead), "default_region": region.strip().upper() or None,
                      "decay_low": low / 100, "decay_high": high / 100,
                      "customer_facing_teams": [t.strip() for t in teams.split(",") if t.strip()],
                      "cost": {**config.to_dict()["cost"], "max_hours_per_rep": hours, "max_cost_per_rep": money,
                               "max_business_loss": loss / 100, "reps": int(reps) or None,
                               "annual_revenue": revenue or None, "error_rate_at_max": at_max / 100},
                      "territory_rules": [{k: ("" if pd.isna(v) else str(v)) for k, v in row.items()}
                                          for row in rules.to_dict("records")
                                          if any(pd.notna(v) for v in row.values())]}
            checked = components.attempt(lambda: check_settings({**values, "weights": weights_from_table(weights),
                                                                 "picklists": parse_picklists(picklists)}))
            if checked is not None:
                cached.save_workspace_setting(workspace_id, SETTING_KEY, checked)
                st.rerun()


def score_cards(audit: AreaResult) -> None:
    scores = audit.result.scores
    columns = st.columns(len(scores) or 1)
    for column, score in zip(columns, scores, strict=False):
        column.metric(score.dimension.capitalize(), f"{score.value:.0f}/100", help=score.formula)
    with st.expander("How the scores are computed"):
        st.altair_chart(data.build_score_chart(scores), width="stretch")
        for score in scores:
            st.markdown(f"- **{score.dimension.capitalize()}** = {escape(score.formula)} (on {score.basis:,} records)")
        if not audit.result.score("uniqueness"):
            st.caption("Uniqueness (duplicates) is measured by the duplicate finder and joins the overall score there.")


def checks_not_run(audit: AreaResult) -> None:
    if skipped := audit.facts.get("checks_not_run"):
        with st.expander(f"Checks not run on this data ({len(skipped)})"):
            st.dataframe(pd.DataFrame(skipped), hide_index=True, width="stretch",
                         column_config={"check": "Check", "why": "Why it was not run"})


def drill_down(workspace_id: str, audit: AreaResult) -> None:
    counts = audit.facts.get("issue_counts", {})
    titles = {f.code: f.title for f in audit.result.findings if counts.get(f.code)}  # worst first
    if not titles:
        return
    code = st.selectbox("Show the records of", list(titles), key="data_audit.drill",
                        format_func=lambda c: f"{titles[c]} ({counts[c]:,} rows)")
    rows = components.kept_issues(workspace_id, data.AREA, check=code, limit=MAX_ROWS_SHOWN)
    tables.show(rows.assign(check=lambda f: f["check"].astype("string").map(titles)))
    if counts[code] > MAX_ROWS_SHOWN:
        st.caption(f"The first {MAX_ROWS_SHOWN:,} of {counts[code]:,} rows; the download has them all.")


def clusters(workspace_id: str, audit: AreaResult, accepted: dict) -> None:
    table = data.review_table(audit.table("clusters"), accepted)
    if table.empty:
        st.success("Every picklist value is spelled one way.")
        return
    st.caption("Tick the changes to make and edit the value to write if needed; accepted changes go into the "
               "standardised copy of the exports. Nothing in the imported data is changed.")
    with st.form("data_audit.clusters"):
        edited = st.data_editor(table, key="data_audit.cluster_editor", hide_index=True, width="stretch",
                                disabled=["entity", "field", "value", "count", "status"])
        if st.form_submit_button("Save accepted clusters"):
            cached.save_workspace_setting(workspace_id, CLUSTERS_KEY, data.accepted_from_review(edited, accepted))
            st.rerun()


def fill_rates(audit: AreaResult) -> None:
    if len(audit.table("fill_rates")):
        for _, rates in audit.table("fill_rates").groupby("entity", sort=False):  # one chart each: fits a phone
            st.altair_chart(data.build_fill_rate_chart(rates, width="container"), width="stretch")


def cost(audit: AreaResult) -> None:
    st.write(audit.facts["cost_summary"])
    tables.show(audit.table("cost_assumptions"))
    if decay := audit.facts.get("decay"):
        st.caption(f"Decay: {decay['low']:,}-{decay['high']:,} of {decay['contacts']:,} contacts are "
                   f"likely out of date. {decay['assumption']}")


def standardised(workspace_id: str, settings: dict, accepted: dict) -> bytes:
    """The standardised copies of the imported files, built when the download is asked for."""
    with store.session_scope(cached.engine()) as session:
        sources = store.list_data_sources(session=session, workspace_id=workspace_id)
    data_dir = cached.settings().data_dir
    originals = {source.entity: (read_table(data_folder.source_file(data_dir, workspace_id, source.original_path),
                                            file_name=source.file_name).frame, source.mapping_json)
                 for source in sources if source.entity in data.STANDARDISED_ENTITIES}
    return data.standardised_exports(originals=originals, tables=cached.source_tables(workspace_id),
                                     issues=components.kept_issues(workspace_id, data.AREA),
                                     settings=settings, accepted=accepted)


def downloads(workspace_id: str, audit: AreaResult, settings: dict, accepted: dict) -> None:
    stamp = audit.facts["as_of"]
    a, b, c = st.columns(3)
    a.download_button("Issues list (CSV)", lambda: data.issues_csv(components.kept_issues(workspace_id, data.AREA)),
                      file_name=f"data-issues-{stamp}.csv", mime="text/csv", key="data_audit.download_csv",
                      icon=":material/download:", on_click="ignore")
    b.download_button("Issues list (XLSX)", lambda: data.issues_xlsx(components.kept_issues(workspace_id, data.AREA)),
                      file_name=f"data-issues-{stamp}.xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      key="data_audit.download_xlsx", icon=":material/download:", on_click="ignore")
    c.download_button("Standardised exports and change logs (ZIP)",
                      lambda: standardised(workspace_id, settings, accepted),
                      file_name=f"standardised-exports-{stamp}.zip", mime="application/zip",
                      key="data_audit.download_zip", icon=":material/download:", on_click="ignore")
