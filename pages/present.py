"""Presentation: the workshop on the projector. Large type, one item per screen with previous
and next, the method's agenda with a countdown per step, and the vote results as a chart.
Opened with ``?present=1`` the app hides its sidebar."""

import time
from collections import Counter

import streamlit as st

from crm_core import workshop
from crm_core.store import audit_runs
from crm_core.presentation import SlideInputs, build_slides, format_clock, remaining_seconds
from crm_core.store import strategy as records
from ui import autosave, components, state
from ui.links import page_link_if_registered
from ui.markdown import escape

SLIDE_PARAM = "slide"
TIMERS = "present.timers"  # step key -> when its countdown started (this screen only)
LARGE_TYPE = """<style>
.stMainBlockContainer p, .stMainBlockContainer li { font-size: 2rem !important; line-height: 1.35; }
.stMainBlockContainer h1 { font-size: 3.6rem !important; }
.present-clock { font-size: 5rem; font-weight: 700; font-family: monospace; }
.present-clock.over { color: #c0392b; }
</style>"""

state.init_state()
ws = components.require_workspace().id
st.markdown(LARGE_TYPE, unsafe_allow_html=True)
st.session_state.setdefault(TIMERS, {})

gaps = autosave.read(records.list_gaps, workspace_id=ws)
whys: dict[str, list[str]] = {}
for node in autosave.read(records.list_why_nodes, workspace_id=ws):
    whys.setdefault(node.gap_id, []).append(node.answer)
runs = autosave.read(audit_runs.list_snapshots, workspace_id=ws)
scores = {}
if runs:
    labels, values = runs[-1].labels(), runs[-1].scores()
    scores = {labels[area]: value for area, value in values.items()}
current = autosave.read(workshop.current_session, workspace_id=ws)
tallies = autosave.read(workshop.board, workspace_id=ws, session_id=current.id).tallies if current else ()
slides = build_slides(SlideInputs(
    goals=[(g.statement or g.metric, g.baseline, g.target, g.unit)
           for g in autosave.read(records.list_goals, workspace_id=ws)],
    gaps=[(g.id, g.title) for g in gaps], whys=whys, scores=scores, tallies=tallies,
    votes_by_target=Counter({target: n for target, _, n in tallies})))

try:
    index = min(max(int(st.query_params.get(SLIDE_PARAM, "0")), 0), len(slides) - 1)
except ValueError:
    index = 0


def go(to: int) -> None:
    st.query_params[SLIDE_PARAM] = str(to)


slide = slides[index]
st.title(escape(slide.title))
for line in slide.lines:
    st.markdown(f"- {escape(line)}" if slide.kind in ("agenda", "gap") else escape(line))
if slide.kind == "votes":
    if slide.tallies:
        chart = workshop.build_vote_chart(workshop.tally_table(slide.tallies), font_size=30)
        st.altair_chart(chart, width="stretch")
    else:
        st.markdown("No votes yet." if current else "Open a workshop to collect votes.")

if slide.minutes:
    timers = st.session_state[TIMERS]

    @st.fragment(run_every="1s")
    def countdown() -> None:
        left = remaining_seconds(timers.get(slide.step), slide.minutes, time.time())
        css = "present-clock over" if left < 0 else "present-clock"
        st.markdown(f'<div class="{css}">{format_clock(left)}</div>', unsafe_allow_html=True)

    countdown()
    start, reset = st.columns([1, 1])
    start.button("Start the clock", key=f"present.start.{slide.step}", icon=":material/timer:",
                 on_click=lambda: timers.__setitem__(slide.step, time.time()))
    reset.button("Reset", key=f"present.reset.{slide.step}", on_click=lambda: timers.pop(slide.step, None))

back, where, forward = st.columns([1, 2, 1], vertical_alignment="center")
back.button("Previous", key="present.previous", icon=":material/arrow_back:", width="stretch",
            disabled=index == 0, on_click=go, args=(index - 1,))
where.caption(f"{index + 1} / {len(slides)}")
forward.button("Next", key="present.next", icon=":material/arrow_forward:", width="stretch",
               disabled=index == len(slides) - 1, on_click=go, args=(index + 1,))
if st.query_params.get(state.PRESENT_QUERY_PARAM) != "1":
    page_link_if_registered("pages/present.py", label="Full screen (no sidebar)", icon=":material/fullscreen:",
                            query_params={state.PRESENT_QUERY_PARAM: "1", state.WORKSPACE_QUERY_PARAM: ws})
