"""The workshop screens' parts: the participant's phone view and the facilitator's live board.

Every participant write goes through :func:`crm_core.store.run_write` (retried when the
database is busy) with the participant's token, so the core decides what they may change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import streamlit as st

from crm_core import store, workshop
from crm_core.errors import CrmCoreError, NotFoundError
from crm_core.store import strategy as records
from crm_core.strategy.whys import WhyTree
from ui import access, autosave, cached, state
from ui.markdown import escape

PAGE = "workshop"
PROBLEM = f"{PAGE}.problem"
TOP = ""


def write(action: Callable, **arguments) -> object | None:
    """Run a participant's write with retries; a problem they can fix is kept for the page."""
    try:
        result = store.run_write(cached.engine(), lambda session: action(session=session, **arguments))
    except CrmCoreError as error:
        st.session_state[PROBLEM] = str(error)
        return None
    st.session_state.pop(PROBLEM, None)
    return result


def callback(action: Callable, **arguments) -> Callable[[], None]:
    """A button callback: the arguments (a vote's slot included) are fixed when the button is
    drawn, so the same click arriving twice sends the same request twice."""
    return lambda: write(action, **arguments)


def big_code(code: str) -> str:
    """The join code, large enough to read from the back of the room (only code letters)."""
    safe = "".join(ch for ch in code if ch in workshop.ALPHABET)
    return (f'<div class="workshop-code" style="font-size:4.5rem;font-weight:700;letter-spacing:.25em;'
            f'font-family:monospace;line-height:1.1">{safe}</div>')


def join_form() -> None:
    st.title("Join the workshop")
    st.write("Type the code on the facilitator's screen and your name.")
    with st.form("workshop.join"):
        code = st.text_input("Join code", value=st.query_params.get(state.JOIN_QUERY_PARAM, ""), key="workshop.code")
        name = st.text_input("Your name", key="workshop.name", max_chars=120)
        passcode = st.text_input("Passcode (if the facilitator gave one)", type="password", key="workshop.passcode")
        if st.form_submit_button("Join", type="primary", width="stretch"):
            joined = _attempt_join(code=code, name=name, passcode=passcode)
            if joined:
                state.keep_participant_token(joined[1])
                st.rerun()
    autosave.show_problem(PAGE)


def _attempt_join(**typed: str) -> tuple | None:
    """Join, slowing down an address that keeps trying wrong codes or passcodes."""
    key = f"join:{access.address()}"
    try:
        access.throttle().check(key)
        joined = store.run_write(cached.engine(), lambda session: workshop.join(session=session, **typed))
    except (NotFoundError, workshop.WrongPasscodeError) as error:
        access.throttle().failed(key)
        st.session_state[PROBLEM] = str(error)
        return None
    except CrmCoreError as error:
        st.session_state[PROBLEM] = str(error)
        return None
    access.throttle().succeeded(key)
    st.session_state.pop(PROBLEM, None)
    return joined


def participant_view(token: str) -> None:
    who = autosave.read(workshop.identify, token=token)
    if who is None:
        state.keep_participant_token(None)
        st.warning("This workshop has ended or your link is no longer valid: join again with the code.")
        join_form()
        return
    ws = who.workspace_id
    space = autosave.read(store.require_workspace, workspace_id=ws)
    locked = workshop.locked_steps(who.workshop)
    st.title(space.engagement_title or "Workshop")
    st.write(f"You are **{escape(who.participant.name)}** in **{escape(space.name)}**.")
    autosave.show_problem(PAGE)
    mine = {e.gap_id or e.why_id or e.proposal_id: e for e in autosave.read(workshop.my_entries, token=token)}
    tabs = st.tabs([workshop.STEP_LABELS[s] + (" (closed)" if s in locked else "") for s in workshop.STEPS])
    gaps = autosave.read(records.list_gaps, workspace_id=ws)
    with tabs[0]:
        _gaps(token, gaps, mine, "gaps" in locked)
    with tabs[1]:
        _whys(token, ws, gaps, mine, "whys" in locked)
    with tabs[2]:
        _targets(token, ws, "targets" in locked)
    with tabs[3]:
        _votes(token, ws, who.workshop.votes_each, "votes" in locked)
    if st.button("Leave this workshop", key="workshop.leave", type="tertiary", icon=":material/logout:"):
        state.keep_participant_token(None)
        st.query_params[state.JOIN_QUERY_PARAM] = who.workshop.code  # back to the join form
        st.rerun()


def _own_controls(token: str, entry, text: str, key: str, can_edit: bool) -> None:
    with st.expander("Change or delete yours", icon=":material/edit:"):
        if can_edit:
            new = st.text_input("Wording", value=text, key=f"workshop.edit.{key}")
            st.button("Save", key=f"workshop.save.{key}",
                      on_click=callback(workshop.edit_entry, token=token, entry_id=entry.id, text=new))
        st.button("Delete", key=f"workshop.delete.{key}",
                  on_click=callback(workshop.delete_entry, token=token, entry_id=entry.id))


def _gaps(token: str, gaps, mine, closed: bool) -> None:
    if closed:
        st.info("The facilitator has closed gaps for now.")
    else:
        with st.form("workshop.gap", clear_on_submit=True):
            title = st.text_input("A gap: what customers experience that they should not", key="workshop.gap.title")
            desired = st.text_input("What they should experience instead (optional)", key="workshop.gap.desired")
            if st.form_submit_button("Add gap", type="primary", width="stretch"):
                write(workshop.add_gap, token=token, title=title, desired=desired)
                st.rerun()
    for gap in gaps:
        st.markdown(f"- {escape(gap.title)}" + (" · *yours*" if gap.id in mine else ""))
        if gap.id in mine and not closed:
            _own_controls(token, mine[gap.id], gap.title, gap.id, True)


def _whys(token: str, ws: str, gaps, mine, closed: bool) -> None:
    if not gaps:
        st.info("No gap yet: add one first.")
        return
    titles = {g.id: g.title for g in gaps}
    gap_id = st.selectbox("Gap", list(titles), format_func=titles.__getitem__, key="workshop.why.gap")
    nodes = autosave.read(records.list_why_nodes, workspace_id=ws, gap_id=gap_id)
    for node, level in WhyTree(nodes).walk():  # each answer under the "why?" it answers
        indent = "&emsp;" * 2 * (level - 1) + "↳ " if level > 1 else "- "  # leading spaces would be stripped
        answer = f":red[**Root cause: {escape(node.answer)}**]" if node.is_root_cause else escape(node.answer)
        st.markdown(indent + answer + (" · *yours*" if node.id in mine else ""))
        if node.id in mine and not closed:
            _own_controls(token, mine[node.id], node.answer, node.id, True)
    if closed:
        st.info("The facilitator has closed whys for now.")
        return
    answers = {TOP: "Why does the gap exist?", **{n.id: f"Why: {n.answer}" for n in nodes}}
    with st.form("workshop.why", clear_on_submit=True):
        parent = st.selectbox("Answering", list(answers), format_func=answers.__getitem__, key="workshop.why.parent")
        answer = st.text_input("Because...", key="workshop.why.answer")
        if st.form_submit_button("Add why", type="primary", width="stretch"):
            write(workshop.add_why, token=token, gap_id=gap_id, answer=answer, parent_id=parent or None)
            st.rerun()


def _targets(token: str, ws: str, closed: bool) -> None:
    goals = autosave.read(records.list_goals, workspace_id=ws)
    if not goals:
        st.info("No goal to propose a target for yet.")
        return
    if closed:
        st.info("The facilitator has closed targets for now.")
        return
    labels = {g.id: f"{g.statement or g.metric} ({g.metric}, now {g.baseline if g.baseline is not None else '?'}"
                    f"{' ' + g.unit if g.unit else ''})" for g in goals}
    with st.form("workshop.target"):
        goal_id = st.selectbox("Goal", list(labels), format_func=labels.__getitem__, key="workshop.target.goal")
        target = st.number_input("Your proposed target", value=None, key="workshop.target.value")
        if st.form_submit_button("Propose", type="primary", width="stretch"):
            write(workshop.propose_target, token=token, goal_id=goal_id, target=target)
            st.rerun()


def _votes(token: str, ws: str, votes_each: int, closed: bool) -> None:
    options = autosave.read(workshop.vote_options, workspace_id=ws)
    votes = autosave.read(workshop.my_votes, token=token)
    slot = workshop.free_slot(votes, votes_each)
    left = votes_each - len(votes)
    st.write(f"**{left} of {votes_each}** votes left. Put several on one item if it matters most.")
    if closed:
        st.info("The facilitator has closed voting for now.")
    on = Counter(v.target for v in votes)
    for target, label in options.items():
        kind = "Recommendation" if target.startswith("rec:") else "Gap"
        mine = [v.slot for v in votes if v.target == target]
        with st.container(border=True, gap="small"):
            st.markdown(f"{escape(label)}  \n:gray[{kind}]" + (f" · **{'●' * on[target]}**" if on[target] else ""))
            # A horizontal container does not stack on a phone: Vote and Undo stay side by side.
            with st.container(horizontal=True, gap="small"):
                st.button("Vote", key=f"workshop.vote.{target}", disabled=closed or slot is None, width="stretch",
                          type="primary", icon=":material/add_circle:",
                          on_click=callback(workshop.cast_vote, token=token, target=target, slot=slot or 0))
                st.button("Undo", key=f"workshop.unvote.{target}", disabled=closed or not mine, width="stretch",
                          icon=":material/undo:",
                          on_click=callback(workshop.withdraw_vote, token=token, slot=max(mine) if mine else -1))


# --- the facilitator's live board ----------------------------------------------------------------


def render_board(ws: str, session_id: str) -> None:
    board = autosave.read(workshop.board, workspace_id=ws, session_id=session_id)
    gaps = autosave.read(records.list_gaps, workspace_id=ws)
    whys = Counter(n.gap_id for n in autosave.read(records.list_why_nodes, workspace_id=ws))
    cols = st.columns(4)
    cols[0].metric("Participants", len(board.participants))
    cols[1].metric("Gaps", len(gaps))
    cols[2].metric("Whys", sum(whys.values()))
    cols[3].metric("Votes", sum(n for _, _, n in board.tallies))
    if board.participants:
        st.caption("Joined: " + escape(", ".join(board.participants)))
    left, right = st.columns(2)
    with left:
        st.subheader("Gaps")
        for gap in gaps:
            author = board.authors.get(gap.id)
            st.markdown(f"- {escape(gap.title)}" + (f" — *{escape(author)}*" if author else "")
                        + (f" · {whys[gap.id]} whys" if whys[gap.id] else ""))
        proposals = autosave.read(records.list_target_proposals, workspace_id=ws)
        if proposals:
            st.subheader("Proposed targets")
            goals = {g.id: g for g in autosave.read(records.list_goals, workspace_id=ws)}
            for p in proposals:
                goal = goals.get(p.goal_id)
                st.markdown(f"- {escape(goal.statement if goal else '?')}: **{p.target:g}** — *{escape(p.participant)}*")
    with right:
        st.subheader("Votes")
        if board.tallies:
            st.altair_chart(workshop.build_vote_chart(workshop.tally_table(board.tallies)), width="stretch")
            for _, label, n in board.tallies:
                st.markdown(f"- {escape(label)}: **{n}**")
        else:
            st.caption("No votes yet.")
