"""Clusters: connected components, the chaining guard, and each cluster's confidence."""

import numpy as np
import pandas as pd

from crm_core.dedupe.cluster import build_clusters, connected_components


def pairs(*edges):
    left, right, p = zip(*edges)
    return pd.DataFrame({"left": left, "right": right, "probability": p})


def test_connected_components_follow_chains_of_any_length():
    # 0-1-2-3-4 is one long chain, 5-6 a pair, 7 alone
    labels = connected_components(8, np.array([3, 0, 2, 1, 5]), np.array([4, 1, 3, 2, 6]))
    assert len(set(labels[:5])) == 1 and labels[5] == labels[6] and len({labels[0], labels[5], labels[7]}) == 3


def test_a_coherent_cluster_stays_whole_with_its_mean_confidence():
    # 0, 1, 2 all resemble each other
    found = build_clusters(4, pairs((0, 1, .99), (0, 2, .9), (1, 2, .8)), review=.6, sure=.95, guard=.05)
    row = found.summary.iloc[0]
    assert row["size"] == 3 and not row["flagged"]
    assert abs(row["confidence"] - (.99 + .9 + .8) / 3) < 1e-6 and abs(row["weakest"] - .8) < 1e-6
    assert row["status"] == "review"  # the mean is under the sure threshold
    assert found.members["cluster"].tolist()[3] == -1


def test_chaining_is_split_and_flagged():
    # A~B and B~C are strong, but A and C score 0.01 against each other: A-B-C is a chain
    scored = {(0, 2): 0.01}
    found = build_clusters(3, pairs((0, 1, .97), (1, 2, .9)), review=.6, sure=.95, guard=.05,
                           score_more=lambda l, r: np.array([scored[(a, b)] for a, b in zip(l, r)]))
    clusters = found.members["cluster"].tolist()
    assert clusters[0] == clusters[1] != clusters[2] and clusters[2] == -1  # the strongest link wins
    assert found.summary["flagged"].tolist() == [True]


def test_a_pair_never_compared_counts_as_not_matching_without_a_scorer():
    found = build_clusters(3, pairs((0, 1, .97), (1, 2, .96)), review=.6, sure=.95, guard=.05)
    assert found.summary["size"].max() == 2


def test_threshold_decides_which_pairs_join():
    scored = pairs((0, 1, .99), (2, 3, .7))
    assert len(build_clusters(4, scored, review=.6, sure=.95, guard=.05).summary) == 2
    assert len(build_clusters(4, scored, review=.8, sure=.95, guard=.05).summary) == 1


def test_best_match_per_record():
    found = build_clusters(3, pairs((0, 1, .99), (1, 2, .8), (0, 2, .7)), review=.6, sure=.95, guard=.05)
    assert np.allclose(found.members["best"], [.99, .99, .8])
