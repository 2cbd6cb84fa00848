"""Presentation: the workshop on the projector. Large type, one item per screen, moved with
Previous/Next, the arrow keys, Page Up/Down, space or a presentation clicker; the method's
agenda with a countdown per step (kept in the store, so a refresh does not reset it), the live
dot vote and a session summary. The audit and recommendation slides read the kept audit, run
here with a progress bar when the data changed. Opened with ``?present=1`` the app hides its
sidebar."""

import time

import streamlit as st

from crm_core import workshop
from crm_core.audit.runner import WorkspaceAudit
from crm_core.presentation import (
    TIMERS_SETTING, build_slides, format_clock, recorded_tallies, remaining_seconds,
)
from crm_core.report.sources import read_plan, report_from
from crm_core.units import plural
from ui import autosave, cached, components, state
from ui.keyboard import slide_keys
from ui.links import page_link_if_registered
from ui.markdown import escape

SLIDE_PARAM = "slide"
LARGE_TYPE = """<style>
.stMainBlockContainer p, .stMainBlockContainer li { font-size: 2rem !important; line-height: 1.35; }
.stMainBlockContainer h1 { font-size: 3.6rem !important; }
.present-clock { font-size: 5rem; font-weight: 700; font-family: monospace; }
.present-clock.over { color: #c0392b; }
@media (max-width: 640px) {  /* a phone looking at the slides: large, not projector-large */
  .stMainBlockContainer p, .stMainBlockContainer li { font-size: 1.15rem !important; }
  .stMainBlockContainer h1 { font-size: 1.9rem !important; }
  .present-clock { font-size: 2.6rem; }
}
</style>"""

state.init_state()
ws = components.require_workspace().id
st.markdown(LARGE_TYPE, unsafe_allow_html=True)

plan = autosave.read(read_plan, workspace_id=ws)
audit = components.kept_audit(ws) or WorkspaceAudit()
report = report_from(plan, audit, tables=cached.source_tables(ws) if plan.cover.redact else {})
slides = build_slides(report)

try:
    index = min(max(int(st.query_params.get(SLIDE_PARAM, "0")), 0), len(slides) - 1)
except ValueError:
    index = 0


def go(to: int) -> None:
    st.query_params[SLIDE_PARAM] = str(min(max(to, 0), len(slides) - 1))


slide = slides[index]
st.title(escape(slide.title))
if slide.prompt:
    st.markdown(f"*{escape(slide.prompt)}*")
if slide.lines:
    st.markdown("\n".join(f"{'    ' * line.level}- " + (f":red[**{escape(line.text)}**]" if line.marked
                                                          else escape(line.text)) for line in slide.lines))

if slide.kind == "votes":
    current = autosave.read(workshop.current_session, workspace_id=ws)

    @st.fragment(run_every="2s")
    def live_votes() -> None:
        """The open workshop's tallies as they arrive from the phones, redrawn every two seconds;
        the past workshops' votes when none is open."""
        if current is None:
            tallies = recorded_tallies(report)
            st.markdown(escape(report.engagement.workshop) + " Open a workshop to vote again."
                        if tallies else "Open a workshop to collect votes.")
        else:
            board = autosave.read(workshop.board, workspace_id=ws, session_id=current.id)
            tallies, dots = board.tallies, sum(n for _, _, n in board.tallies)
            st.markdown(f"**{plural(dots, 'vote')}** from {plural(board.voters, 'participant')} so far"
                        if tallies else "No votes yet.")
        if tallies:
            st.altair_chart(workshop.build_vote_chart(workshop.tally_table(tallies), font_size=30), width="stretch")

    live_votes()

if slide.minutes:
    def timers() -> dict:
        return cached.workspace_setting(ws, TIMERS_SETTING) or {}

    def set_timer(step: str, started: float | None) -> None:
        kept = {key: value for key, value in timers().items() if key != step}
        cached.save_workspace_setting(ws, TIMERS_SETTING, kept if started is None else {**kept, step: started})

    @st.fragment(run_every="1s")
    def countdown() -> None:
        left = remaining_seconds(timers().get(slide.step), slide.minutes, time.time())
        css = "present-clock over" if left < 0 else "present-clock"
        st.markdown(f'<div class="{css}">{format_clock(left)}</div>', unsafe_allow_html=True)

    countdown()
    with st.container(horizontal=True):
        st.button("Start the clock", key=f"present.start.{slide.step}", icon=":material/timer:",
                  on_click=set_timer, args=(slide.step, time.time()))
        st.button("Reset", key=f"present.reset.{slide.step}", icon=":material/restart_alt:",
                  on_click=set_timer, args=(slide.step, None))

back, where, forward = st.columns([1, 2, 1], vertical_alignment="center")
back.button("Previous", key="present.previous", icon=":material/arrow_back:", width="stretch",
            disabled=index == 0, on_click=go, args=(index - 1,))
where.caption(f"{index + 1} / {len(slides)} · arrow keys, Page Up/Down or space move the slides")
forward.button("Next", key="present.next", icon=":material/arrow_forward:", width="stretch",
               disabled=index == len(slides) - 1, on_click=go, args=(index + 1,))
slide_keys(previous="present.previous", following="present.next")
if st.query_params.get(state.PRESENT_QUERY_PARAM) != "1":
    page_link_if_registered("pages/present.py", label="Full screen (no sidebar)", icon=":material/fullscreen:",
                            query_params={state.PRESENT_QUERY_PARAM: "1", state.WORKSPACE_QUERY_PARAM: ws})
