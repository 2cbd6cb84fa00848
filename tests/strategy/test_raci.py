"""RACI checks: one accountable, at least one responsible, nobody accountable for everything."""

from crm_core.models import RaciAssignment
from crm_core.strategy.raci import RESPONSIBILITIES, check_raci, party_options, raci_matrix


def assign(*rows: tuple[str, str, str]) -> list[RaciAssignment]:
    return [RaciAssignment(workspace_id="w", responsibility=r, party=p, role=role) for r, p, role in rows]


def settled_everywhere(accountable=lambda key: "Dana") -> list[RaciAssignment]:
    """Every responsibility with one accountable and one responsible party."""
    return assign(*[(r.key, accountable(r.key), "A") for r in RESPONSIBILITIES],
                  *[(r.key, "Alex", "R") for r in RESPONSIBILITIES])


def codes(assignments) -> list[tuple[str, str]]:
    return [(issue.code, issue.responsibility) for issue in check_raci(assignments)]


def test_a_settled_matrix_with_shared_accountability_passes():
    owners = {"collect": "Dana", "organise": "Dana", "access": "Alex", "reports": "Tom", "accuracy": "Alex",
              "training": "Priya", "processes": "Tom"}
    assert codes(settled_everywhere(owners.get)) == []


def test_an_empty_matrix_asks_for_both_roles_everywhere():
    found = codes([])
    assert len(found) == 2 * len(RESPONSIBILITIES)
    assert ("RACI.NO_ACCOUNTABLE", "collect") in found and ("RACI.NO_RESPONSIBLE", "processes") in found


def test_two_accountable_parties_are_one_too_many():
    owners = {r.key: f"Owner {i}" for i, r in enumerate(RESPONSIBILITIES)}
    rows = settled_everywhere(owners.get) + assign(("access", "Morgan", "A"))
    issues = check_raci(rows)
    assert [(i.code, i.responsibility) for i in issues] == [("RACI.SEVERAL_ACCOUNTABLE", "access")]
    assert "Morgan and Owner 2 are all accountable" in issues[0].message and issues[0].label == "Several accountable"


def test_one_party_accountable_for_everything():
    found = codes(settled_everywhere())
    assert found == [("RACI.ACCOUNTABLE_FOR_ALL", "")]
    # accountable for all but one is allowed
    owners = {r.key: "Dana" for r in RESPONSIBILITIES} | {"training": "Priya"}
    assert codes(settled_everywhere(owners.get)) == []


def test_consulted_or_informed_is_not_responsible():
    rows = assign(("collect", "Dana", "A"), ("collect", "Tom", "C"), ("collect", "Lee", "I"))
    assert ("RACI.NO_RESPONSIBLE", "collect") in codes(rows)


def test_matrix_and_party_options():
    rows = assign(("collect", "Dana", "A"), ("collect", "Dana", "R"), ("access", "IT helpdesk", "R"))
    matrix = raci_matrix(rows)
    assert matrix.loc["Decides what information is collected", "Dana"] == "A, R"
    assert matrix.loc["Grants people access", "Dana"] == ""
    options = party_options(["Priya", "Dana"], rows)
    assert options[:2] == ["Priya", "Dana"] and "Sales" in options and options[-1] == "IT helpdesk"
