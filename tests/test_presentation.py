"""The presentation: agenda first, one slide per step and per gap, vote results, time boxes."""

import pytest

from crm_core.presentation import AGENDA, SlideInputs, build_slides, format_clock, remaining_seconds


def test_slides_follow_the_agenda_with_one_slide_per_gap_after_the_gaps_step():
    inputs = SlideInputs(goals=[("Win more", 20.0, 30.0, "%")], gaps=[("g1", "Slow quotes"), ("g2", "Lost leads")],
                         whys={"g1": ["Approvals by email"]}, scores={"Data": 72.0, "Overall": None},
                         tallies=[("gap:g1", "Slow quotes", 4)], votes_by_target={"gap:g1": 4})
    slides = build_slides(inputs)
    kinds = [s.kind for s in slides]
    assert kinds == ["agenda", "step", "step", "step", "gap", "gap", "step", "votes", "step"]
    assert len(slides[0].lines) == len(AGENDA)
    assert slides[1].lines[1] == "Win more: 20 % → 30 %"
    assert slides[4].title == "Slow quotes" and slides[4].lines == ("Why? Approvals by email", "4 votes")
    assert slides[5].lines == ()
    assert slides[6].lines[1:] == ("Data: 72/100", "Overall: —")
    assert slides[7].tallies == (("gap:g1", "Slow quotes", 4),)


@pytest.mark.parametrize(("started", "now", "minutes", "clock"), [
    (None, 500.0, 10, "10:00"), (100.0, 130.0, 10, "09:30"), (100.0, 100.0 + 601, 10, "-00:01"),
])
def test_a_step_counts_down_its_time_box_and_shows_overtime(started, now, minutes, clock):
    assert format_clock(remaining_seconds(started, minutes, now)) == clock
