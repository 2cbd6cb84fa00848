"""Join the workshop: the one screen a participant's phone ever sees, and in room mode the only
screen anyone sees before the facilitator signs in. Nothing here reads a workspace from the
URL: a participant's view is found from their own token."""

from ui import access, state
from ui import workshop_view as view

state.init_participant_state()
token = state.participant_token()
if token:
    view.participant_view(token)
else:
    view.join_form()
    if not access.participant_route():
        access.sign_in_panel()
