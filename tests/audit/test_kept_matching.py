"""The kept duplicates run holds only the clustered records, renumbered, so the review screen's
reads do not grow with the table; the cut must describe exactly the clusters of the full run."""

import pandas as pd

from crm_core.audit import duplicates
from crm_core.audit.duplicates.kept_matching import matching_tables


def _contacts() -> pd.DataFrame:
    people = [("Ann", "Lee", "ann.lee@acme.com"), ("Bo", "Ray", "bo@globex.com"), ("Anne", "Lee", "ann.lee@acme.com"),
              ("Cy", "Fox", "cy@initech.com"), ("Bo", "Ray", "bo@globex.com"), ("Di", "Ng", "di@umbrella.com")]
    return pd.DataFrame({"record_id": [f"c{n}" for n in range(1, 7)], "first_name": [p[0] for p in people],
                         "last_name": [p[1] for p in people], "email": [p[2] for p in people]})


def test_the_cut_keeps_the_clusters_and_only_their_records():
    table = _contacts()
    run = duplicates.find_duplicates(table, entity="contacts")
    cut = duplicates.clustered_records(table, run.clusters, run.record_ids, run.pairs)
    full = {frozenset(run.record_ids.iloc[group["position"]].astype(str))
            for _, group in run.clusters.members[run.clusters.members["cluster"] >= 0].groupby("cluster")}
    kept = {frozenset(cut.record_ids.iloc[group["position"]].astype(str))
            for _, group in cut.clusters.members.groupby("cluster")}
    assert full == kept == {frozenset({"c1", "c3"}), frozenset({"c2", "c5"})}
    assert cut.rows["record_id"].tolist() == cut.record_ids.tolist() == ["c1", "c2", "c3", "c5"]
    assert cut.scored_pair(0, 2) is not None and cut.scored_pair(2, 0)["probability"] >= run.config.review
    assert cut.scored_pair(0, 1) is None  # Ann Lee and Bo Ray were never a pair


def test_the_kept_tables_read_back_as_the_cut():
    table = _contacts()
    run = duplicates.find_duplicates(table, entity="contacts")
    tables, facts = matching_tables(run, table)
    kept = duplicates.kept_matching(tables, facts, "contacts")
    assert kept.size == 6 and len(kept.clustered.rows) == 4
    assert duplicates.uniqueness(kept, kept.clustered.clusters).value == duplicates.uniqueness(run).value
