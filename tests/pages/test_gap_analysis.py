"""AppTest: Gap analysis keeps every answer, continues the chain and deletes only when confirmed."""

from crm_core.store import strategy as records
from crm_core.strategy.whys import WhyTree
from tests.pages.strategy_pages import new_workspace, open_page, read

PAGE = "gap_analysis.py"


def start_from_template(workspace_id):
    at = open_page(PAGE, workspace_id)
    at.button(key="gaps.template.slow_sales").click().run()
    assert not at.exception
    [gap] = read(lambda s: records.list_gaps(session=s, workspace_id=workspace_id))
    return at, gap


def ask(at, gap_id, answer, root=False):
    at.text_input(key=f"gaps.ask.{gap_id}.answer").input(answer)
    if root:
        at.checkbox(key=f"gaps.ask.{gap_id}.root").check()
    at.button(key=f"FormSubmitter:gaps.ask.{gap_id}-Add answer").click().run()
    assert not at.exception


def tree(workspace_id, gap_id) -> WhyTree:
    return WhyTree(read(lambda s: records.list_why_nodes(session=s, workspace_id=workspace_id, gap_id=gap_id)))


def test_a_template_gap_opens_with_its_questions(workbench_env):
    workspace_id = new_workspace()
    at, gap = start_from_template(workspace_id)
    assert gap.title == "Inefficient sales process" and gap.template_key == "slow_sales"
    assert at.selectbox(key="gaps.selected").value == gap.id
    assert at.query_params["gap"] == gap.id  # a refresh reopens it
    assert any("Walk the process" in m.value for m in at.markdown)


def test_answers_continue_the_chain_and_can_branch(workbench_env):
    workspace_id = new_workspace()
    at, gap = start_from_template(workspace_id)
    ask(at, gap.id, "Reps cannot show prospects the value of the offer")
    ask(at, gap.id, "Reps spend too long discovering pain points")
    ask(at, gap.id, "Marketing does not pass on what it learned")
    # each new answer became the next "why?" and the answer box was cleared
    assert [(n.answer, level) for n, level in tree(workspace_id, gap.id).walk()] == [
        ("Reps cannot show prospects the value of the offer", 1),
        ("Reps spend too long discovering pain points", 2),
        ("Marketing does not pass on what it learned", 3)]
    assert at.text_input(key=f"gaps.ask.{gap.id}.answer").value == ""
    second = tree(workspace_id, gap.id).walk()[1][0]
    at.selectbox(key=f"gaps.ask.{gap.id}.parent").set_value(second.id)
    ask(at, gap.id, "Discovery notes are scattered in spreadsheets", root=True)
    branched = tree(workspace_id, gap.id)
    assert [child.answer for child in branched.children[second.id]] == [
        "Marketing does not pass on what it learned", "Discovery notes are scattered in spreadsheets"]
    dot = at.get("graphviz_chart")[0].proto.spec
    assert dot.count("ROOT CAUSE") == 1 and dot.count("->") == 4


def test_the_open_chain_is_warned_about_until_marked_as_a_root_cause(workbench_env):
    workspace_id = new_workspace()
    at, gap = start_from_template(workspace_id)
    ask(at, gap.id, "Reps call back late")
    assert any("Only 1 level deep" in w.value for w in at.warning)
    [node] = tree(workspace_id, gap.id).nodes.values()
    at.toggle(key=f"gaps.node.{node.id}.root").set_value(True).run()
    assert not at.exception
    assert tree(workspace_id, gap.id).nodes[node.id].is_root_cause
    assert not at.warning


def test_a_vague_answer_gets_a_follow_up_question(workbench_env):
    workspace_id = new_workspace()
    at, gap = start_from_template(workspace_id)
    ask(at, gap.id, "bad communication")
    captions = [c.value for c in at.caption]
    assert any(c.endswith("Who? Name the person or team that does, or fails to do, this\\.") for c in captions)
    assert any("stops at a person or a verdict" in c for c in captions)


def test_editing_an_answer_in_place_is_saved(workbench_env):
    workspace_id = new_workspace()
    at, gap = start_from_template(workspace_id)
    ask(at, gap.id, "Reps call back late")
    [node] = tree(workspace_id, gap.id).nodes.values()
    at.text_input(key=f"gaps.node.{node.id}.answer").input("Reps call back two days late").run()
    assert tree(workspace_id, gap.id).nodes[node.id].answer == "Reps call back two days late"


def test_deleting_an_answer_asks_first_and_takes_its_subtree(workbench_env):
    workspace_id = new_workspace()
    at, gap = start_from_template(workspace_id)
    for answer in ("First", "Second", "Third"):
        ask(at, gap.id, f"Reps skip the {answer.lower()} step")
    first, second, _ = (node for node, _ in tree(workspace_id, gap.id).walk())
    at.button(key=f"gaps.delete.{second.id}").click().run()
    assert len(tree(workspace_id, gap.id)) == 3  # nothing gone before the confirmation
    assert any("Delete this answer and the 1 below it?" in w.value for w in at.warning)
    at.button(key=f"gaps.delete.{second.id}.yes").click().run()
    assert not at.exception
    assert list(tree(workspace_id, gap.id).nodes) == [first.id]


def test_a_cancelled_delete_keeps_everything(workbench_env):
    workspace_id = new_workspace()
    at, gap = start_from_template(workspace_id)
    ask(at, gap.id, "Reps call back late")
    [node] = tree(workspace_id, gap.id).nodes.values()
    at.button(key=f"gaps.delete.{node.id}").click().run()
    at.button(key=f"gaps.delete.{node.id}.no").click().run()
    assert len(tree(workspace_id, gap.id)) == 1 and not any("cannot be undone" in w.value for w in at.warning)


def test_root_causes_are_listed_across_gaps(workbench_env):
    workspace_id = new_workspace()
    at, gap = start_from_template(workspace_id)
    ask(at, gap.id, "No reminder exists for follow-ups", root=True)
    table = at.dataframe[0].value
    assert list(table["root_cause"]) == ["No reminder exists for follow-ups"]
    assert list(table["gap"]) == ["Inefficient sales process"]
