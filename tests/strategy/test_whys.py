"""The tree of whys: branching, root causes, subtree deletion, early stops, and its drawing."""

from datetime import datetime, timedelta, timezone

import pytest

from crm_core.models import Gap, WhyNode
from crm_core.strategy.whys import (
    WhyTree, build_why_dot, chain_warnings, dot_label, layout_direction, padding_inches, root_cause_table,
)

START = datetime(2026, 11, 23, 9, tzinfo=timezone.utc)


def tree_of(*rows: tuple[str, str | None, str, bool]) -> list[WhyNode]:
    """(id, parent id, answer, is root cause), typed in this order."""
    return [WhyNode(id=i, workspace_id="w", gap_id="g", parent_id=parent, answer=answer, is_root_cause=root,
                    created_at=START + timedelta(minutes=n))
            for n, (i, parent, answer, root) in enumerate(rows)]


# a -> b -> {c -> e (root), d (root)}; f (a second first answer, open)
BRANCHING = tree_of(
    ("a", None, "Reps cannot show prospects the value of the offer", False),
    ("b", "a", "Reps spend too long discovering pain points", False),
    ("c", "b", "Marketing does not pass on what it learned", False),
    ("d", "b", "Discovery notes are scattered in spreadsheets", True),
    ("e", "c", "Pain points are not collected during qualification", True),
    ("f", None, "Leads wait days for a first call", False),
)


def test_walk_is_depth_first_in_the_order_typed_with_levels():
    walk = [(node.id, level) for node, level in WhyTree(BRANCHING).walk()]
    assert walk == [("a", 1), ("b", 2), ("c", 3), ("e", 4), ("d", 3), ("f", 1)]


def test_an_answer_can_branch_into_several_causes():
    tree = WhyTree(BRANCHING)
    assert [child.id for child in tree.children["b"]] == ["c", "d"]
    assert tree.depth() == 4 and tree.leaf_count() == 3


def test_any_answer_can_be_a_root_cause_and_the_chain_to_it_is_kept():
    tree = WhyTree(BRANCHING)
    assert [node.id for node in tree.root_causes()] == ["e", "d"]
    assert [node.id for node in tree.chain_to("e")] == ["a", "b", "c", "e"]


def test_deleting_an_answer_takes_its_subtree_and_nothing_else():
    tree = WhyTree(BRANCHING)
    assert sorted(tree.subtree_ids("b")) == ["b", "c", "d", "e"]
    assert tree.subtree_ids("f") == ["f"]
    assert tree.subtree_ids("missing") == []


def test_an_answer_whose_parent_is_gone_is_still_shown():
    orphan = tree_of(("x", "deleted-elsewhere", "Still typed by someone", False))
    assert [(node.id, level) for node, level in WhyTree(orphan).walk()] == [("x", 1)]


def test_a_leaf_not_marked_root_is_a_chain_that_stopped_early():
    warnings = chain_warnings(WhyTree(BRANCHING))
    assert [w.node_id for w in warnings] == ["f"]
    assert "'Leads wait days for a first call' (level 1)" in warnings[0].message


def test_a_shallow_tree_without_any_root_cause_is_warned_about_as_a_whole():
    shallow = tree_of(("a", None, "Leads stall", False), ("b", "a", "Nobody follows up", False))
    warnings = chain_warnings(WhyTree(shallow))
    assert warnings[0].node_id is None and warnings[0].message.startswith("Only 2 levels deep")
    assert [w.node_id for w in warnings[1:]] == ["b"]


def test_a_shallow_tree_with_a_root_cause_is_fine_and_so_is_an_empty_one():
    rooted = tree_of(("a", None, "Leads stall", False), ("b", "a", "No follow-up reminder exists", True))
    assert chain_warnings(WhyTree(rooted)) == []
    assert chain_warnings(WhyTree([])) == []


def test_root_causes_across_gaps():
    gaps = [Gap(id="g", workspace_id="w", title="Inefficient sales process"),
            Gap(id="h", workspace_id="w", title="Low retention")]
    other = [WhyNode(id="z", workspace_id="w", gap_id="h", answer="Nobody owns renewals", is_root_cause=True,
                     created_at=START)]
    table = root_cause_table(gaps, BRANCHING + other)
    assert list(table["node_id"]) == ["e", "d", "z"]
    first = table.iloc[0]
    assert first["gap"] == "Inefficient sales process" and first["level"] == 4
    assert first["chain"].startswith("Reps cannot show") and first["chain"].endswith("collected during qualification")


@pytest.mark.parametrize(("text", "label"), [
    ('Say "no" to \\N', 'Say \\"no\\" to \\\\N'),  # quotes and DOT escapes cannot break out
    ("<b>bold</b> & co", "<b>bold</b> & co"),  # a quoted label is never read as HTML
    ("line\nbreak\ttab", "line break tab"),
    ("", "…"),
])
def test_user_text_is_escaped_for_dot(text, label):
    assert dot_label(text) == label


def test_long_answers_are_wrapped_and_cut():
    label = dot_label("word " * 60)
    lines = label.split("\\n")
    assert len(lines) == 6 and all(len(line) <= 24 for line in lines) and lines[-1].endswith("…")


def test_the_dot_source_draws_the_gap_the_answers_and_marks_root_causes():
    dot = build_why_dot('The "slow" sales process', WhyTree(BRANCHING))
    assert dot.startswith("digraph whys {") and dot.rstrip().endswith("}")
    assert 'gap [label="The \\"slow\\" sales process"' in dot
    assert dot.count("->") == 6 and "gap -> n1;" in dot and "n2 -> n3;" in dot and "gap -> n6;" in dot
    assert dot.count("ROOT CAUSE") == 2
    assert 'n6 [label="Leads wait days for a\\nfirst call", style="rounded,filled,dashed"' in dot
    assert "rankdir=TB" in dot  # 3 leaves across, 5 levels deep with the gap: narrower top to bottom


@pytest.mark.parametrize(("depth", "leaves", "direction"), [(6, 1, "TB"), (2, 8, "LR"), (4, 4, "TB"), (3, 4, "LR")])
def test_layout_keeps_the_drawing_narrow(depth, leaves, direction):
    assert layout_direction(depth, leaves) == direction


def test_small_trees_are_padded_and_large_ones_are_not():
    assert padding_inches("TB", 3, 1) > 3
    assert padding_inches("LR", 6, 20) == 0.1
