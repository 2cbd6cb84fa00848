"""Audit: duplicates. Clusters of duplicate contacts and accounts, reviewed one by one, and
the merge plan that follows from the decisions (a proposal: nothing is changed)."""

import json

import streamlit as st

from crm_core import store
from crm_core.audit import duplicates
from crm_core.dedupe.decisions import match_decisions
from crm_core.store import duplicate_decisions as stored
from crm_core.dedupe import review
from crm_core.dedupe.config import ENTITIES, MatchConfig
from crm_core.dedupe.survive import golden_export, plan_csv, plan_xlsx
from crm_core.mapping import ColumnMapping
from ui import cached, components, links, state, tables

state.init_state()
workspace = components.require_workspace()
engine = cached.engine()
CONFIG = MatchConfig()
HIGHLIGHT = "background-color: rgba(255, 193, 7, 0.25)"


@st.cache_data(max_entries=4, show_spinner="Matching again at this threshold (once per data version)...")
def live_matching(workspace_id: str, version: str, entity: str, config_json: str):
    """The live matcher, needed only to move the threshold away from the configured one."""
    table = cached.source_tables(workspace_id)[entity]
    return duplicates.find_duplicates(table, entity=entity, config=MatchConfig.from_json(config_json))


@st.cache_data(max_entries=16, show_spinner=False)
def clustered_at(workspace_id: str, version: str, entity: str, config_json: str, threshold: float):
    live = live_matching(workspace_id, version, entity, config_json)
    return duplicates.clustered_records(cached.source_tables(workspace_id)[entity], live.clusters_at(threshold),
                                        live.record_ids, live.pairs)


def decide(entity: str, ids: list[str], decision: str, groups=()) -> None:
    with store.session_scope(engine) as session:
        stored.save_decision(session=session, workspace_id=workspace.id, entity=entity, record_ids=ids,
                             decision=decision, groups=groups)
    state.flash(f"Cluster of {len(ids)} records marked {decision}.")
    st.rerun()


st.title("Audit: duplicates")
st.write("The same person or company recorded more than once. Records are compared field by field; "
         "each cluster says how sure the match is and why. Decisions are kept when a newer export is "
         "imported, and the merge plan is only a proposal: no record is changed here.")
state.show_flash()
imported = cached.imported_entities(workspace.id)
available = [e for e in ENTITIES if e in imported]
if not available:
    st.info("Import a contacts or accounts export first.")
    links.page_link_if_registered("pages/data_sources.py", label="Go to Data sources", icon=":material/upload_file:")
    st.stop()
entity = st.segmented_control("Records", available, default=available[0], key="dupes.entity",
                              format_func=str.capitalize) or available[0]
version, config_json = cached.data_version(workspace.id), CONFIG.to_json()
kept = components.kept_area(workspace.id, duplicates.AREA)
result = duplicates.kept_matching(kept.tables, kept.facts, entity) if kept is not None else None
if result is None:
    st.stop()
threshold = st.slider("Match threshold", 0.30, 0.99, CONFIG.review, 0.01, key="dupes.threshold", format="%.2f",
                      help="Two records at or above this match probability go into one cluster.")
# the kept run holds only the clustered records, so the default view never reads the whole table
if abs(threshold - result.review) < 1e-9:
    view = result.clustered
else:
    view = clustered_at(workspace.id, version, entity, config_json, threshold)
clusters, table = view.clusters, view.rows
summary = clusters.summary
score = duplicates.uniqueness(result, clusters)
left, middle, right = st.columns(3)
left.metric("Clusters at this threshold", f"{len(summary):,}", help="Updates as the threshold moves.")
middle.metric("Records that would merge away", f"{int((summary['size'] - 1).sum()):,}")
right.metric("Uniqueness", f"{score.value:.1f} / 100", help=score.formula)

with store.session_scope(engine) as session:
    rows = stored.list_decisions(session=session, workspace_id=workspace.id, entity=entity)
    source = store.get_data_source(session=session, workspace_id=workspace.id, entity=entity)
ids_by_cluster = review.cluster_record_ids(clusters, view.record_ids)
# a decision still holds when a record it named was deleted, so it needs every id, not only the clustered ones
verdicts = match_decisions(ids_by_cluster, rows, present=cached.record_ids(workspace.id, entity) if rows else ())
queue = review.review_queue(clusters, table, entity, verdicts)
review_tab, plan_tab, how_tab = st.tabs(["Review clusters", "Merge plan", "How records were matched"])

with review_tab:
    if queue.empty:
        st.success(f"No duplicate {entity} at this threshold.")
    else:
        show = st.dataframe(
            queue.drop(columns="cluster"), hide_index=True, key="dupes.queue", on_select="rerun",
            selection_mode="single-row", height=260,
            column_config={"label": "Records", "size": "Size", "status": "Status", "flagged": st.column_config.CheckboxColumn(
                "Chained", help="Split by the chaining guard: not every member resembles every other."),
                "decision": "Decision", "state": "State",
                "confidence": st.column_config.ProgressColumn("Confidence", min_value=0, max_value=1, format="percent")})
        picked = show.selection.rows[0] if show.selection.rows else 0
        number = int(queue.iloc[picked]["cluster"])
        ids, verdict = ids_by_cluster[number], verdicts[number]
        positions = review.cluster_positions(clusters)[number]
        st.subheader(f"Cluster: {queue.iloc[picked]['label']}")
        if verdict.state != "new":
            note = " (decided when it held other records)" if verdict.state == "changed" else ""
            st.caption(f"Earlier decision: {verdict.decision}{note}.")
        values, differs = review.side_by_side(table, positions, entity)
        st.dataframe(values.style.apply(lambda row: [HIGHLIGHT if differs[row.name] else ""] * len(row), axis=1),
                     key=f"dupes.side.{number}", height=35 * len(values) + 40)
        st.caption("Highlighted rows differ between the records.")
        for position, other in zip(positions[1:], ids[1:]):
            scored = view.scored_pair(int(positions[0]), int(position))
            if scored is None:
                st.caption(f"{ids[0]} and {other} were never compared directly: they are linked through "
                           "another record of the cluster.")
                continue
            with st.expander(f"Why {ids[0]} and {other} match: {scored['probability']:.0%}"):
                st.dataframe(review.explain_pair(scored, entity), hide_index=True)
        accept, reject, split = st.columns(3)
        if accept.button("Accept: merge these", type="primary", key="dupes.accept"):
            decide(entity, ids, "accepted")
        if reject.button("Reject: not duplicates", key="dupes.reject"):
            decide(entity, ids, "rejected")
        taken = split.multiselect("Take records out", ids, key=f"dupes.split.{number}")
        if split.button("Split", key="dupes.split", disabled=not taken):
            kept = [i for i in ids if i not in taken]
            decide(entity, ids, "split", [kept, *[[i] for i in taken]])

with plan_tab:
    mapping = ColumnMapping.from_dict(json.loads(source.mapping_json)).mapped() if source else None
    plan, golden, counts = review.build_plan(table, clusters, view.record_ids, verdicts, mapping=mapping,
                                             rules=CONFIG.survivorship)
    st.write(f"{counts['clusters']:,} clusters: {counts['accepted']:,} accepted, {counts['to review']:,} still to "
             f"review, {counts['rejected']:,} rejected (left out of the plan), {counts['split']:,} split.")
    tables.show(plan.head(200), key="dupes.plan",
                config={"confidence": st.column_config.NumberColumn("Confidence", format="percent")})
    one, two, three = st.columns(3)
    # built when asked for: an Excel file of a large plan takes seconds, and most visits download nothing
    one.download_button("Merge plan (CSV)", lambda: plan_csv(plan), f"merge_plan_{entity}.csv", "text/csv",
                        key="dupes.plan_csv", on_click="ignore")
    two.download_button("Merge plan (Excel)", lambda: plan_xlsx(plan, golden_export(golden, mapping=mapping)),
                        f"merge_plan_{entity}.xlsx", key="dupes.plan_xlsx",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
    three.download_button("Golden records (CSV)", lambda: plan_csv(golden_export(golden, mapping=mapping)),
                          f"golden_{entity}.csv", "text/csv", key="dupes.golden_csv", on_click="ignore")

with how_tab:
    st.write(f"{result.candidate_pairs:,} candidate pairs were compared out of "
             f"{result.size * (result.size - 1) // 2:,} possible. Each blocking pass:")
    tables.show(result.blocking, key="dupes.blocking")
    st.caption(f"Sure from {CONFIG.sure:.0%}; seconds per step: "
               + ", ".join(f"{k} {v:.1f}" for k, v in result.seconds.items()))
    st.caption("What each agreement is worth, in bits of evidence (log2 of m ÷ u): m is how often true "
               "duplicates agree that way, u how often two unrelated records of this table do.")
    tables.show(result.weights, key="dupes.weights")
