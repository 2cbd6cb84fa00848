"""Participative target setting: the spread of proposals and the agreement."""

import pytest

from crm_core.errors import CrmCoreError
from crm_core.models import GoalTargetProposal
from crm_core.strategy.charts import build_proposal_chart
from crm_core.strategy.target_setting import agreement_names, proposal_table, split_names, summarise_proposals


def proposals(**targets) -> list[GoalTargetProposal]:
    return [GoalTargetProposal(workspace_id="w", goal_id="g", participant=name, target=value)
            for name, value in targets.items()]


def test_spread_of_proposals():
    spread = summarise_proposals([6, 5.5, 7, 4])
    assert (spread.count, spread.low, spread.high, spread.median) == (4, 4, 7, 5.75)
    assert spread.spread_pct == pytest.approx(3 / 5.75 * 100)
    assert summarise_proposals([]) is None


def test_proposal_table_is_sorted_lowest_first():
    table = proposal_table(proposals(Priya=6, Tom=5.5, Dana=7))
    assert list(table.columns) == ["participant", "target"]
    assert list(table["participant"]) == ["Tom", "Priya", "Dana"]


def test_the_chart_draws_each_proposal_and_the_reference_lines():
    table = proposal_table(proposals(Priya=6, Tom=5.5))
    spec = build_proposal_chart(table, baseline=8, agreed=6, unit="%").to_dict()
    rules, dots = spec["layer"]
    assert [row["what"] for row in spec["datasets"][rules["data"]["name"]]] == ["Baseline", "Agreed"]
    assert len(spec["datasets"][dots["data"]["name"]]) == 2
    assert dots["encoding"]["x"]["title"] == "Proposed target (%)"
    # without an agreement only the baseline is drawn
    spec = build_proposal_chart(table, baseline=8, agreed=None, unit="%").to_dict()
    assert [row["what"] for row in spec["datasets"][spec["layer"][0]["data"]["name"]]] == ["Baseline"]


def test_names_are_split_trimmed_and_deduplicated():
    assert split_names(" Ann, Bo ;ann ,, Cy ") == ["Ann", "Bo", "Cy"]
    assert agreement_names(["Ann", " Bo "]) == "Ann, Bo"
    with pytest.raises(CrmCoreError, match="at least one person"):
        agreement_names([" ", ""])
