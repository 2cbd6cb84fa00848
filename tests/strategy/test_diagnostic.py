"""Which department is the primary CRM user, and who should own the CRM."""

from crm_core.models import Stakeholder
from crm_core.strategy.diagnostic import SYMPTOMS, diagnose_primary_user


def ticks(department: str, count: int) -> set[str]:
    return {s.key for s in [s for s in SYMPTOMS if s.department == department][:count]}


PEOPLE = [
    Stakeholder(workspace_id="w", name="Dana Kim", role="VP Sales", department="sales", influence=5),
    Stakeholder(workspace_id="w", name="Sam Ortiz", role="Sales rep", department="sales", influence=2),
    Stakeholder(workspace_id="w", name="Morgan Lee", role="CEO", department="management", influence=5),
]


def test_six_symptoms_per_department_as_in_the_method():
    assert {d: sum(s.department == d for s in SYMPTOMS) for d in ("sales", "marketing", "support")} == {
        "sales": 6, "marketing": 6, "support": 6}


def test_nothing_ticked_names_nobody():
    result = diagnose_primary_user(set())
    assert result.primary == () and result.owner == "" and "Tick" in result.reason


def test_the_department_with_most_symptoms_is_the_primary_user_and_owner():
    result = diagnose_primary_user(ticks("sales", 4) | ticks("support", 2) | ticks("marketing", 1), PEOPLE)
    assert result.primary == ("sales",) and not result.is_tie
    assert result.counts == {"marketing": 1, "sales": 4, "support": 2}
    assert result.owner == "Dana Kim (VP Sales)"  # the most influential sales stakeholder
    assert "4 of 6" in result.reason and "marketing 1" in result.reason and "support 2" in result.reason


def test_without_a_registered_stakeholder_the_owner_is_the_department_head():
    assert diagnose_primary_user(ticks("marketing", 3)).owner == "the head of marketing"


def test_a_tie_is_stated_and_ownership_goes_above_the_tied_teams():
    result = diagnose_primary_user(ticks("sales", 3) | ticks("support", 3) | ticks("marketing", 1), PEOPLE)
    assert result.primary == ("sales", "support") and result.is_tie
    assert result.owner == "Morgan Lee (CEO)"
    assert result.reason.startswith("Sales and Support tie with 3 of 6 symptoms each (against marketing 1)")


def test_a_three_way_tie_without_management_names_a_role():
    result = diagnose_primary_user(ticks("sales", 2) | ticks("support", 2) | ticks("marketing", 2))
    assert len(result.primary) == 3 and result.owner == "a manager above these teams"
    assert "against" not in result.reason
