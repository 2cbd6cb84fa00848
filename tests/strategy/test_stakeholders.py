"""The stakeholder register, its influence-interest grid and commitment warnings."""

import pytest

from crm_core.errors import CrmCoreError
from crm_core.models import Stakeholder, StakeholderCreate
from crm_core.strategy.charts import build_influence_interest_chart
from crm_core.strategy.stakeholders import (
    clean_stakeholder, commitment_warnings, in_order_of_importance, influence_interest_table, quadrant,
)


def person(name, department="sales", influence=3, interest=3, buy_in="neutral", **fields) -> Stakeholder:
    return Stakeholder(workspace_id="w", name=name, department=department, influence=influence,
                       interest=interest, buy_in=buy_in, **fields)


@pytest.mark.parametrize(("influence", "interest", "expected"), [
    (5, 5, "Manage closely"), (5, 1, "Keep satisfied"), (1, 5, "Keep informed"), (2, 2, "Monitor"),
    (3, 3, "Manage closely"),  # the middle of the scale counts as high
])
def test_quadrants(influence, interest, expected):
    assert quadrant(influence, interest) == expected


def test_people_sharing_a_cell_are_nudged_apart_and_nobody_moves_cells():
    table = influence_interest_table([person("Ann", influence=5, interest=5), person("Bo", influence=5, interest=5),
                                      person("Cy", influence=2, interest=4)])
    ann, bo = (table[table["name"] == n].iloc[0] for n in ("Ann", "Bo"))
    assert (ann["x"], ann["y"]) != (bo["x"], bo["y"])
    assert all(abs(row["x"] - row["interest"]) < 0.5 and abs(row["y"] - row["influence"]) < 0.5
               for _, row in table.iterrows())
    cy = table[table["name"] == "Cy"].iloc[0]
    assert (cy["x"], cy["y"], cy["quadrant"]) == (4, 2, "Keep informed")  # alone: exactly on its cell


def test_the_grid_chart_colours_by_buy_in_and_names_everyone():
    table = influence_interest_table([person("Ann", buy_in="champion"), person("Bo", buy_in="blocker")])
    spec = build_influence_interest_chart(table).to_dict()
    dots = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "circle")
    assert dots["encoding"]["color"]["scale"]["domain"] == ["champion", "supporter", "neutral", "sceptic", "blocker"]
    assert dots["encoding"]["y"]["title"].startswith("Influence")
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert {"Manage closely", "Keep satisfied", "Keep informed", "Monitor"} <= {
        row["label"] for layer in texts if "label" in str(layer["encoding"]["text"])
        for row in spec["datasets"][layer["data"]["name"]]}
    named = [layer for layer in texts if layer["encoding"]["text"]["field"] == "names"]
    assert len(named) == 2  # left-aligned and right-aligned names, so none is cut at the edge


def test_people_sharing_a_cell_get_one_label_with_their_names_one_under_the_other():
    table = influence_interest_table([person("Ann"), person("Bo"), person("Cy", influence=1)])
    spec = build_influence_interest_chart(table).to_dict()
    rows = [row for layer in spec["layer"] if layer["mark"]["type"] == "text"
            and layer["encoding"]["text"]["field"] == "names" for row in spec["datasets"][layer["data"]["name"]]]
    assert sorted({row["names"] for row in rows}) == ["Ann\nBo", "Cy"]  # two people in one cell: one label


def test_a_numbered_grid_prints_each_number_on_its_own_dot():
    table = influence_interest_table([person("Ann"), person("Bo")]).assign(number=["1", "2"])
    spec = build_influence_interest_chart(table, label="number").to_dict()
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert [layer["encoding"]["text"]["field"] for layer in texts
            if layer["encoding"]["text"]["field"] != "label"] == ["number"]  # no names beside the dots


def test_order_of_importance_is_customer_then_customer_facing_then_management():
    people = [person("Mo", "management", influence=5), person("Ann", customer_facing=True),
              person("Cu", "customer"), person("It", "it", influence=5)]
    assert [p.name for p in in_order_of_importance(people)] == ["Cu", "Ann", "Mo", "It"]


def test_commitment_warnings():
    warnings = commitment_warnings([
        person("Dana", buy_in="sceptic", influence=5, role="VP Sales", customer_facing=True),
        person("Lee", buy_in="blocker", influence=1),  # little influence: not a priority
        person("Mo", "management", buy_in="supporter", commitment=""),
        person("Kim", "management", buy_in="champion", commitment="Sponsors the project"),
    ])
    assert len(warnings) == 2
    assert warnings[0].startswith("Dana (VP Sales) is a sceptic") and "Mo" in warnings[1]


@pytest.mark.parametrize(("fields", "message"), [
    ({"name": " "}, "needs a name"),
    ({"department": "legal"}, "not a department"),
    ({"influence": 6}, "1 \\(low\\) to 5"),
    ({"buy_in": "lukewarm"}, "Buy-in is one of"),
])
def test_bad_stakeholders_are_refused_with_a_sentence(fields, message):
    with pytest.raises(CrmCoreError, match=message):
        clean_stakeholder(StakeholderCreate(**({"name": "Ann", "department": "sales"} | fields)))
