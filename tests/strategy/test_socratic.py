"""Follow-up questions for vague answers in a chain of whys."""

import pytest

from crm_core.strategy.socratic import follow_up_questions


def codes(answer: str, question: str = "") -> list[str]:
    return [follow_up.code for follow_up in follow_up_questions(answer, question)]


@pytest.mark.parametrize("answer", [
    "Reps spend too long discovering the prospect's pain points",
    "Marketing does not pass pain points to sales at hand-off",
    "IT never set up the sync between the website forms and the CRM",
    "Nobody reminds Ann to call leads back within a day",
])
def test_a_clear_answer_needs_no_follow_up(answer):
    assert codes(answer, "Leads stall in the pipeline") == []


@pytest.mark.parametrize(("answer", "expected"), [
    ("It is not collected during lead qualification", ["NO_ACTOR"]),  # passive voice hides who
    ("Because of problems", ["NO_ACTOR", "NO_OBJECT"]),
    ("Reps have issues", ["NO_OBJECT"]),
    ("bad communication", ["NO_ACTOR", "NO_OBJECT", "JUDGES"]),
    ("Human error by reps entering deals", ["JUDGES"]),
])
def test_vague_answers_get_the_right_question(answer, expected):
    assert codes(answer, "Leads stall in the pipeline") == expected


def test_an_answer_that_restates_the_line_above():
    assert "RESTATES" in codes("Leads stall in our pipeline a lot", "Leads stall in the pipeline")
    assert "RESTATES" in codes("The pipeline has stalling leads", "Leads stall in the pipeline")
    assert "RESTATES" not in codes("Sales reps never get a reminder to call back", "Leads stall in the pipeline")
