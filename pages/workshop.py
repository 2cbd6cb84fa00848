"""Workshop: the facilitator opens a live session (join code + QR code), locks steps and
watches the room's gaps, whys, targets and votes arrive. Participants open the join link on
their own devices and get the join view (pages/join.py), never this page."""

import streamlit as st

from crm_core import network, workshop
from crm_core.store import workshops
from ui import access, autosave, cached, components, state
from ui import workshop_view as view

state.init_state()
workspace = components.require_workspace()
ws = workspace.id
state.show_flash()
st.title("Workshop")
autosave.show_problem(view.PAGE)
current = autosave.read(workshop.current_session, workspace_id=ws)

if current is None:
    st.write("Open a live session: participants join from their own devices with a short code, add gaps and "
             "whys, propose targets and dot-vote, while this screen updates by itself.")
    with st.form("workshop.open"):
        votes = st.number_input("Votes per participant", 1, 20, workshop.DEFAULT_VOTES, key="workshop.votes_each")
        passcode = st.text_input("Passcode to join (optional)", type="password", key="workshop.new_passcode",
                                 help="Kept only as a salted hash. Leave empty to let anyone with the code join.")
        if st.form_submit_button("Open workshop", type="primary", icon=":material/groups:"):
            if passcode and not autosave.write(workshop.set_passcode, workspace_id=ws, passcode=passcode):
                st.stop()
            if autosave.write(workshop.open_session, workspace_id=ws, votes_each=int(votes)):
                st.rerun()
    if past := autosave.read(workshops.sessions_of, workspace_id=ws):  # what the last session produced
        last = past[-1]
        closed = f", closed {last.closed_at:%d %b %Y %H:%M}" if last.closed_at else ""
        st.subheader(f"The last workshop: opened {last.opened_at:%d %b %Y %H:%M}{closed}")
        view.render_board(ws, last.id)
    st.stop()

settings = cached.settings()
if settings.room_mode:
    address = network.join_address(public_url=settings.public_url, addresses=cached.lan_addresses(),
                                   port=int(st.get_option("server.port")),
                                   base_path=st.get_option("server.baseUrlPath") or "")
else:
    address = network.JoinAddress(workshop.app_base_url(st.context.url or ""), False,
                                  "The workbench runs in solo mode, so only this computer can open the link: "
                                  "restart it with `make workshop` to let phones join.")
link = workshop.join_url(address.base_url, current.code)
if address.note:
    st.warning(address.note, icon=":material/wifi_off:")
code_col, qr_col = st.columns([3, 1])
with code_col:
    st.markdown(f"Join at **{link}**  \nor open the app's address on a phone and type the code:")
    st.markdown(view.big_code(current.code), unsafe_allow_html=True)
    if autosave.read(workshop.requires_passcode, workspace_id=ws):
        st.caption("A passcode is required to join.")
    st.segmented_control(
        "Closed for input (pick a step to stop new input on it)", workshop.STEPS, selection_mode="multi", format_func=workshop.STEP_LABELS.__getitem__,
        default=sorted(workshop.locked_steps(current)), key=f"workshop.locks.{current.id}",
        on_change=lambda: autosave.read(workshop.set_locked, workspace_id=ws, session_id=current.id,
                                        steps=st.session_state[f"workshop.locks.{current.id}"] or []))
with qr_col:
    st.image(workshop.qr_png(link), caption="Scan to join", width=200)


@st.fragment(run_every="3s")
def live_board() -> None:
    if access.is_facilitator():  # a fragment reruns without the frame: a tab just signed out gets nothing
        view.render_board(ws, current.id)


live_board()
with st.expander("Passcode and closing", icon=":material/settings:"):
    with st.form("workshop.passcode_form"):
        passcode = st.text_input("New passcode (empty removes it)", type="password", key="workshop.change_passcode")
        if st.form_submit_button("Save passcode"):
            autosave.save("Passcode saved.", workshop.set_passcode, workspace_id=ws, passcode=passcode)
    if st.button("Close the workshop", key="workshop.close", icon=":material/stop_circle:"):
        autosave.save("Workshop closed: participants can no longer add input.", workshop.close_session,
                      workspace_id=ws, session_id=current.id)
