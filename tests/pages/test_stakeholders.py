"""AppTest: Stakeholders & ownership saves each change at once and reads it back."""

from crm_core.store import strategy as records
from tests.pages.strategy_pages import new_workspace, open_page, read

PAGE = "stakeholders.py"


def add_person(at, name, department, influence=3, buy_in="neutral", form="stakeholders.new"):
    at.text_input(key=f"{form}.name").input(name)
    at.selectbox(key=f"{form}.department").set_value(department)
    at.slider(key=f"{form}.influence").set_value(influence)
    at.button_group(key=f"{form}.buy_in").set_value(buy_in)
    at.button(key=f"FormSubmitter:{form}-Add stakeholder").click().run()
    assert not at.exception


def test_a_stakeholder_is_stored_and_shown_on_the_grid(workbench_env):
    workspace_id = new_workspace()
    at = open_page(PAGE, workspace_id)
    assert at.title[0].value == "Stakeholders & ownership"
    add_person(at, "Dana Kim", "sales", influence=5, buy_in="sceptic")
    [dana] = read(lambda s: records.list_stakeholders(session=s, workspace_id=workspace_id))
    assert (dana.name, dana.department, dana.influence, dana.buy_in) == ("Dana Kim", "sales", 5, "sceptic")
    assert "Added Dana Kim\\." in [s.value for s in at.success]  # user text is escaped for markdown
    assert at.get("vega_lite_chart"), "the influence-interest grid is drawn"
    assert any("is a sceptic with influence 5/5" in w.value for w in at.warning)


def test_a_nameless_stakeholder_is_refused_with_a_sentence(workbench_env):
    workspace_id = new_workspace()
    at = open_page(PAGE, workspace_id)
    at.selectbox(key="stakeholders.new.department").set_value("sales")
    at.button(key="FormSubmitter:stakeholders.new-Add stakeholder").click().run()
    assert not at.exception and "needs a name" in at.error[0].value


def test_a_refused_stakeholder_keeps_what_was_typed_and_a_saved_one_empties_the_form(workbench_env):
    workspace_id = new_workspace()
    at = open_page(PAGE, workspace_id)
    at.text_input(key="stakeholders.new.name").input("Dana Kim")
    at.text_input(key="stakeholders.new.role").input("Head of sales")
    at.button(key="FormSubmitter:stakeholders.new-Add stakeholder").click().run()  # no department chosen
    assert "department" in at.error[0].value.lower()
    assert at.text_input(key="stakeholders.new.name").value == "Dana Kim"
    assert at.text_input(key="stakeholders.new.role").value == "Head of sales"
    at.selectbox(key="stakeholders.new.department").set_value("sales")
    at.button(key="FormSubmitter:stakeholders.new-Add stakeholder").click().run()
    assert [p.name for p in read(lambda s: records.list_stakeholders(session=s, workspace_id=workspace_id))] == [
        "Dana Kim"]
    assert at.text_input(key="stakeholders.new.1.name").value == ""  # a fresh form for the next person


def test_the_same_person_twice_is_refused_with_a_sentence(workbench_env):
    workspace_id = new_workspace()
    at = open_page(PAGE, workspace_id)
    add_person(at, "Dana Kim", "sales")
    add_person(at, "dana  kim", "marketing", form="stakeholders.new.1")
    assert "is already a stakeholder: edit them instead" in at.error[0].value
    assert len(read(lambda s: records.list_stakeholders(session=s, workspace_id=workspace_id))) == 1
    assert at.text_input(key="stakeholders.new.1.name").value == "dana  kim"  # kept, to correct


def test_an_empty_raci_shows_one_hint_not_a_warning_per_responsibility(workbench_env):
    at = open_page(PAGE, new_workspace())
    assert any("Name who is accountable" in i.value for i in at.info)
    assert not [b for b in at.markdown if "badge" in b.value]


def test_raci_choices_are_saved_on_change_and_checked(workbench_env):
    workspace_id = new_workspace()
    at = open_page(PAGE, workspace_id)
    add_person(at, "Alex Chen", "it")
    at.multiselect(key="stakeholders.raci.access.A").set_value(["Alex Chen", "Management"]).run()
    assert not at.exception
    rows = read(lambda s: records.list_raci_assignments(session=s, workspace_id=workspace_id))
    assert sorted((r.responsibility, r.party, r.role) for r in rows) == [
        ("access", "Alex Chen", "A"), ("access", "Management", "A")]
    labels = [b.value for b in at.markdown if "badge" in b.value]
    assert any("Several accountable" in label for label in labels)


def test_the_diagnostic_names_the_primary_user(workbench_env):
    workspace_id = new_workspace()
    at = open_page(PAGE, workspace_id)
    for key in ("sales.no_reminder", "sales.late_follow_up", "support.routing"):
        at.checkbox(key=f"stakeholders.symptom.{key}").check().run()
    assert not at.exception
    assert read(lambda s: records.ticked_symptoms(session=s, workspace_id=workspace_id)) == {
        "sales.no_reminder", "sales.late_follow_up", "support.routing"}
    assert at.success[0].value.startswith("Sales recognises 2 of 6 symptoms")


def test_glossary_definitions_are_saved_and_disagreements_flagged(workbench_env):
    workspace_id = new_workspace()
    at = open_page(PAGE, workspace_id)
    at.text_area(key="stakeholders.glossary.lead.marketing").input("Anyone who downloaded a guide").run()
    at.text_area(key="stakeholders.glossary.lead.sales").input("A contact who asked for a demo").run()
    assert not at.exception
    _, definitions = read(lambda s: records.list_glossary(session=s, workspace_id=workspace_id))
    assert sorted(d.team for d in definitions) == ["marketing", "sales"]
    assert any("mean different things by 'Lead'" in w.value for w in at.warning)
