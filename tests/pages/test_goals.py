"""AppTest: the Goals page saves every entry at once and reads goals the way the method does."""

from crm_core.store import strategy as records
from tests.pages.strategy_pages import new_workspace, open_page, read

PAGE = "goals.py"


def goals(workspace_id):
    return read(lambda s: records.list_goals(session=s, workspace_id=workspace_id))


def test_a_template_becomes_a_stored_goal_with_its_review(workbench_env):
    workspace_id = new_workspace()
    at = open_page(PAGE, workspace_id)
    assert not at.exception and at.title[0].value == "Goals"
    at.button(key="goals.template.churn").click().run()
    assert not at.exception
    assert [g.statement for g in goals(workspace_id)] == ["Reduce customer churn by 25% by the end of next quarter"]
    text = " ".join(m.value for m in at.markdown)
    assert "Missing the baseline, the target and the owner" in text
    assert "Reduce churn rate from \\[today's value\\] to \\[target\\]" in text


def test_a_vague_goal_typed_in_the_form_is_saved_and_called_vague(workbench_env):
    workspace_id = new_workspace()
    at = open_page(PAGE, workspace_id)
    at.text_input(key="goals.new.statement").input("increase retention")
    at.selectbox(key="goals.new.department").set_value("support")
    at.button(key="FormSubmitter:goals.new-Add goal").click().run()
    assert not at.exception
    [stored] = goals(workspace_id)
    assert (stored.statement, stored.department) == ("increase retention", "support")
    assert any("is a wish, not a goal" in m.value for m in at.markdown)
    assert any("Increase retention rate from" in m.value for m in at.markdown)


def test_a_goal_without_a_department_is_a_sentence_not_a_traceback(workbench_env):
    workspace_id = new_workspace()
    at = open_page(PAGE, workspace_id)
    at.text_input(key="goals.new.statement").input("Grow revenue by 10%")
    at.button(key="FormSubmitter:goals.new-Add goal").click().run()
    assert not at.exception
    assert "Choose the department" in at.error[0].value
    assert goals(workspace_id) == []


def test_proposals_and_the_agreed_target_are_stored(workbench_env):
    workspace_id = new_workspace()
    at = open_page(PAGE, workspace_id)
    at.button(key="goals.template.cac").click().run()
    for name, target in [("Tom", 85), ("Priya", 75)]:
        at.text_input(key="goals.propose.name").input(name)
        at.number_input(key="goals.propose.target").set_value(target)
        at.button(key="FormSubmitter:goals.propose-Propose").click().run()
        assert not at.exception
    # dollars are escaped, or markdown would typeset "$75 to $" as mathematics
    assert "2 proposals from \\$75 to \\$85, median \\$80\\." in [c.value for c in at.caption]
    [goal] = goals(workspace_id)
    form = f"goals.agree.{goal.id}.2"
    assert at.number_input(key=f"{form}.target").value == 80  # the median is proposed
    assert at.multiselect(key=f"{form}.names").value == ["Priya", "Tom"]  # everyone who proposed
    at.number_input(key=f"{form}.target").set_value(78)
    at.button(key=f"FormSubmitter:{form}-Record agreement").click().run()
    assert not at.exception
    [goal] = goals(workspace_id)
    assert (goal.target, goal.agreed_by) == (78.0, "Priya, Tom")
    assert any("agreed by Priya, Tom" in s.value for s in at.success)


def test_agree_targets_opens_on_the_goal_with_proposals(workbench_env):
    from crm_core.models import GoalCreate

    workspace_id = new_workspace()
    for statement in ("Fewer lost customers", "Faster deals"):
        read(lambda s, text=statement: records.add_goal(session=s, workspace_id=workspace_id, goal=GoalCreate(
            statement=text, department="sales")))
    faster = next(g for g in goals(workspace_id) if g.statement == "Faster deals")
    read(lambda s: records.propose_target(session=s, workspace_id=workspace_id, goal_id=faster.id,
                                          participant="Tom", target=40))
    at = open_page(PAGE, workspace_id)
    assert at.selectbox(key="goals.agree.goal").value == faster.id


def test_an_alignment_issue_is_recorded_as_a_linked_gap(workbench_env):
    workspace_id = new_workspace()
    at = open_page(PAGE, workspace_id)
    at.button(key="goals.template.churn").click().run()
    record = next(b for b in at.button if b.key.startswith("goals.align.alignment:no_goal.marketing"))
    record.click().run()
    assert not at.exception
    [gap] = read(lambda s: records.list_gaps(session=s, workspace_id=workspace_id))
    assert (gap.title, gap.origin, gap.origin_department) == (
        "Marketing has no goal for the CRM", "alignment:no_goal", "marketing")
    assert not any(b.key.startswith("goals.align.alignment:no_goal.marketing") for b in at.button)


def test_ranges_that_make_no_sense_are_refused(workbench_env):
    workspace_id = new_workspace()
    at = open_page(PAGE, workspace_id)
    at.number_input(key="goals.ranges.trivial").set_value(60)
    at.button(key="FormSubmitter:goals.ranges-Save ranges").click().run()
    assert not at.exception
    assert "trivial limit must be" in at.error[0].value


def test_baselines_come_from_the_imported_sample_data(workbench_env):
    from crm_core.demo import load_sample_company
    from crm_core.settings import load_settings
    from tests.pages.strategy_pages import open_page, store_engine

    engine = store_engine()
    workspace = load_sample_company(engine=engine, data_dir=load_settings().data_dir)
    engine.dispose()
    at = open_page("goals.py", workspace.id)
    assert not at.exception
    (table,) = [d.value for d in at.dataframe if "Baseline from the data" in d.value.columns]
    by_kpi = dict(zip(table["KPI"], table["Baseline from the data"]))
    assert by_kpi["Conversion rate"].endswith("%") and by_kpi["Sales-cycle length"].endswith("months")


def test_a_measured_baseline_is_one_click_away(workbench_env):
    from crm_core.demo import load_sample_company
    from crm_core.models import GoalCreate
    from crm_core.settings import load_settings
    from tests.pages.strategy_pages import store_engine

    engine = store_engine()
    workspace = load_sample_company(engine=engine, data_dir=load_settings().data_dir)
    engine.dispose()
    goal = read(lambda s: records.add_goal(session=s, workspace_id=workspace.id, goal=GoalCreate(
        statement="Shorter deals", department="sales", metric="Sales-cycle length")))
    at = open_page(PAGE, workspace.id)
    button = at.button(key=f"goals.use_baseline.{goal.id}")
    assert button.label.startswith("Use ") and button.label.endswith("months as the baseline")
    button.click().run()
    saved = next(g for g in goals(workspace.id) if g.id == goal.id)
    measured = next(g for g in goals(workspace.id) if g.metric == "Sales-cycle length" and g.baseline is not None
                    and g.id != goal.id)
    assert saved.baseline is not None and saved.unit == "months"
    assert "Baseline set from the exports\\." in [s.value for s in at.success]
    assert not [b for b in at.button if b.key == f"goals.use_baseline.{goal.id}"]  # nothing left to use
    assert abs(saved.baseline - measured.baseline) < 1e-9  # the sample's own goals use the same measure

