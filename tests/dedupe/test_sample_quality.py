"""Accuracy on the sample company against the generator's truth, at the default thresholds."""

import numpy as np
import pandas as pd
import pytest

from crm_core.audit.duplicates.matching import audit_duplicates, find_duplicates
from crm_core.findings import ISSUE_COLUMNS
from tests.conftest import SAMPLE_DIR


def pairwise(predicted, truth) -> tuple[float, float]:
    frame = pd.DataFrame({"p": predicted, "t": truth})

    def pairs(counts):
        return int((counts * (counts - 1) // 2).sum())

    hits = pairs(frame.groupby(["p", "t"]).size())
    return hits / max(pairs(frame.groupby("p").size()), 1), hits / max(pairs(frame.groupby("t").size()), 1)


@pytest.fixture(scope="module")
def results(sample_tables):
    return {entity: find_duplicates(sample_tables[entity], entity=entity) for entity in ("contacts", "accounts")}


@pytest.fixture(scope="module")
def truth():
    return pd.read_csv(SAMPLE_DIR / "truth_duplicates.csv", dtype=str)


def predicted_clusters(result):
    labels = result.labels()
    return np.where(labels >= 0, labels.astype(str), "alone-" + result.record_ids.astype(str).to_numpy())


@pytest.mark.parametrize("entity", ["contacts", "accounts"])
def test_pairwise_precision_and_recall_on_the_sample(results, truth, entity):
    result = results[entity]
    true_cluster = truth[truth["entity"] == entity].set_index("record_id")["cluster_id"]
    precision, recall = pairwise(predicted_clusters(result), true_cluster.reindex(result.record_ids).to_numpy())
    assert precision >= 0.98 and recall >= 0.97, (precision, recall)


def test_homonyms_are_not_merged(results, sample_truth):
    for case in sample_truth["homonym_non_duplicates"]:
        result = results[case["entity"]]
        labels = pd.Series(result.labels(), index=result.record_ids.astype(str))
        members = labels[case["record_ids"]]
        assert (members < 0).any() or members.nunique() == len(members), case["name"]


def test_duplicates_under_different_accounts_are_found(results, truth, sample_tables):
    contacts = sample_tables["contacts"].set_index("record_id")
    true_cluster = truth[truth["entity"] == "contacts"].set_index("record_id")["cluster_id"]
    spread = contacts.groupby(true_cluster.reindex(contacts.index))["account_id"].nunique()
    across = set(spread[spread > 1].index)
    assert len(across) >= 3
    labels = pd.Series(results["contacts"].labels(), index=results["contacts"].record_ids.astype(str))
    for cluster_id in across:
        members = true_cluster[true_cluster == cluster_id].index
        assert labels[members].nunique() == 1 and (labels[members] >= 0).all()


def test_audit_result_on_the_sample(results, sample_tables):
    audit = audit_duplicates(sample_tables, results=results)
    contacts = audit.finding("DUPES.CONTACTS")
    assert contacts.evidence["clusters"] == len(results["contacts"].clusters.summary)
    redundant = contacts.evidence["redundant_records"]
    assert audit.score("uniqueness.contacts").value == pytest.approx(100 * (1 - redundant / 5000), abs=0.01)
    assert audit.finding("DUPES.ACCOUNTS").evidence["redundant_records"] == 16
    assert audit.finding("DUPES.CONTACTS_ACROSS_ACCOUNTS").affected_count >= 6
    assert tuple(audit.issues.columns) == ISSUE_COLUMNS
    masters = audit.issues[audit.issues["suggestion"] == "keep as the master record"]
    assert len(masters) == len(results["contacts"].clusters.summary) + 14
    assert audit.score("uniqueness").formula.startswith("100 × (1 − redundant records")
