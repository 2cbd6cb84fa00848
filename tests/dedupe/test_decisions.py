"""Reviewers' decisions: stored per workspace, matched to a re-run by record ids."""

import numpy as np
import pandas as pd
import pytest

from crm_core import store
from crm_core.audit.duplicates.matching import find_duplicates
from crm_core.dedupe import decisions
from crm_core.store import duplicate_decisions as stored
from crm_core.dedupe.review import build_plan, cluster_record_ids
from crm_core.errors import CrmCoreError
from crm_core.models import WorkspaceCreate
from tests.dedupe.conftest import contacts, strangers

# r1/r2 are one person, r3/r4 another
PEOPLE = [
    {"record_id": "r1", "first_name": "Annika", "last_name": "Zbigniewski", "email": "annika@fjord.example"},
    {"record_id": "r2", "first_name": "ANNIKA", "last_name": "Zbigniewski", "email": "Annika@fjord.example"},
    {"record_id": "r3", "first_name": "Tomas", "last_name": "Quarrington", "phone": "+44 20 7946 0999", "city": "York"},
    {"record_id": "r4", "first_name": "Tom", "last_name": "Quarrington", "phone": "020 7946 0999", "city": "York"},
]


def workspace(engine):
    with store.session_scope(engine) as session:
        return store.create_workspace(session=session, data=WorkspaceCreate(name="Dupes")).id


def run(rows):
    table = contacts(*rows)
    result = find_duplicates(table, entity="contacts")
    return table, result, cluster_record_ids(result.clusters, result.record_ids)


def test_decisions_are_stored_replaced_and_deleted(engine):
    workspace_id = workspace(engine)
    with store.session_scope(engine) as session:
        stored.save_decision(session=session, workspace_id=workspace_id, entity="contacts",
                                record_ids=["r2", "r1"], decision="rejected")
        stored.save_decision(session=session, workspace_id=workspace_id, entity="contacts",
                                record_ids=["r1", "r2"], decision="accepted", master_id="r1")
    with store.session_scope(engine) as session:
        rows = stored.list_decisions(session=session, workspace_id=workspace_id, entity="contacts")
        assert [(r.decision, r.master_id) for r in rows] == [("accepted", "r1")]  # same records, replaced
        assert stored.list_decisions(session=session, workspace_id=workspace_id, entity="accounts") == []
        stored.delete_decision(session=session, workspace_id=workspace_id, entity="contacts",
                                  key=decisions.cluster_key(["r1", "r2"]))
    with store.session_scope(engine) as session:
        assert stored.list_decisions(session=session, workspace_id=workspace_id, entity="contacts") == []


@pytest.mark.parametrize("kwargs, message", [
    ({"record_ids": ["r1"], "decision": "accepted"}, "two records or more"),
    ({"record_ids": ["r1", "r2"], "decision": "maybe"}, "not 'maybe'"),
    ({"record_ids": ["r1", "r2"], "decision": "split", "groups": [["r9"]]}, "own records"),
])
def test_bad_decisions_are_sentences(engine, kwargs, message):
    workspace_id = workspace(engine)
    with store.session_scope(engine) as session, pytest.raises(CrmCoreError, match=message):
        stored.save_decision(session=session, workspace_id=workspace_id, entity="contacts", **kwargs)


def test_decisions_survive_a_rerun_on_a_newer_export(engine):
    workspace_id = workspace(engine)
    table, result, clusters = run([*PEOPLE, *strangers(60)])
    assert sorted(map(sorted, clusters.values())) == [["r1", "r2"], ["r3", "r4"]]
    with store.session_scope(engine) as session:
        stored.save_decision(session=session, workspace_id=workspace_id, entity="contacts",
                                record_ids=["r1", "r2"], decision="accepted")
        stored.save_decision(session=session, workspace_id=workspace_id, entity="contacts",
                                record_ids=["r3", "r4"], decision="rejected")
    # next quarter: rows in another order, new strangers, and a third Annika record r5
    newer = [*strangers(70, start=100), PEOPLE[3], dict(PEOPLE[0], record_id="r5"), PEOPLE[2], PEOPLE[1], PEOPLE[0]]
    table, result, clusters = run(newer)
    with store.session_scope(engine) as session:
        rows = stored.list_decisions(session=session, workspace_id=workspace_id, entity="contacts")
    verdicts = decisions.match_decisions(clusters, rows, present=result.record_ids)
    by_ids = {frozenset(ids): verdicts[n] for n, ids in clusters.items()}
    assert by_ids[frozenset({"r3", "r4"})].state == "decided"
    assert by_ids[frozenset({"r3", "r4"})].decision == "rejected"
    assert by_ids[frozenset({"r1", "r2", "r5"})].state == "changed"  # gained a record: look again
    assert by_ids[frozenset({"r1", "r2", "r5"})].decision == "accepted"
    plan, _, counts = build_plan(table, result.clusters, result.record_ids, verdicts)
    assert counts == {"clusters": 2, "accepted": 0, "rejected": 1, "split": 0, "to review": 1}
    assert plan["Decision"].tolist() == ["to review"]  # the rejected pair is left out


def test_a_decision_holds_when_one_of_its_records_was_deleted():
    rows = [{"cluster_key": "k", "record_ids": '["a", "b", "c"]', "decision": "accepted", "groups_json": "[]"}]
    verdicts = decisions.match_decisions({7: ["a", "b"]}, rows, present=["a", "b", "x"])
    assert verdicts[7].state == "decided" and verdicts[7].decision == "accepted"


def test_a_split_replaces_the_cluster_by_its_groups():
    rows = [{"cluster_key": "k", "record_ids": '["a", "b", "c"]', "decision": "split",
             "groups_json": '[["a", "b"], ["c"]]'}]
    verdicts = decisions.match_decisions({0: ["a", "b", "c"]}, rows, present=["a", "b", "c", "d"])
    labels = decisions.apply_splits(np.array([0, 0, 0, -1]), pd.Series(["a", "b", "c", "d"]), verdicts)
    assert labels[0] == labels[1] != 0 and labels[2] == -1 and labels[3] == -1
