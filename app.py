"""CRM Audit Workbench: the frame around the pages (config, visitor, sidebar, navigation).

Who is at this tab decides which pages exist for it (``ui/access.py``): the facilitator (the
person at this machine in solo mode, or signed in in room mode) gets every screen; a workshop
participant, and anyone not signed in in room mode, gets the join view alone, so no other URL
can reach a workspace.
"""

import streamlit as st

from crm_core.errors import CrmCoreError
from ui import access, cached, components, state

st.set_page_config(page_title="CRM Audit Workbench", page_icon=":material/fact_check:", layout="wide")
try:
    cached.start()
except CrmCoreError as error:  # a database this version cannot open: one sentence, nothing else
    st.error(str(error), icon=":material/error:")
    st.stop()

if not access.room_mode() and not access.from_this_machine():
    access.refuse_remote_in_solo_mode()

JOIN = st.Page("pages/join.py", title="Join the workshop", icon=":material/login:", default=True)

if access.participant_route() or not access.is_facilitator():
    navigation = st.navigation([JOIN], position="hidden")
else:
    navigation = st.navigation(
        {
            "Engagement": [
                st.Page("pages/home.py", title="Workspace", icon=":material/home:", default=True),
            ],
            "Strategy": [
                st.Page("pages/goals.py", title="Goals", icon=":material/flag:"),
                st.Page("pages/stakeholders.py", title="Stakeholders & ownership", icon=":material/diversity_3:"),
                st.Page("pages/gap_analysis.py", title="Gap analysis", icon=":material/account_tree:"),
            ],
            "Audit": [
                st.Page("pages/data_sources.py", title="Data sources", icon=":material/upload_file:"),
                st.Page("pages/audit_fit.py", title="Audit: fit for purpose", icon=":material/extension:"),
                st.Page("pages/audit_data.py", title="Audit: data", icon=":material/rule:"),
                st.Page("pages/audit_duplicates.py", title="Audit: duplicates", icon=":material/join:"),
                st.Page("pages/audit_usage.py", title="Audit: usage", icon=":material/groups:"),
                st.Page("pages/audit_compliance.py", title="Audit: compliance", icon=":material/policy:"),
            ],
            "Report": [st.Page("pages/recommendations.py", title="Recommendations & report",
                               icon=":material/summarize:")],
            "Together": [
                st.Page("pages/history.py", title="History", icon=":material/timeline:"),
                st.Page("pages/workshop.py", title="Workshop", icon=":material/forum:"),
                st.Page("pages/present.py", title="Presentation", icon=":material/co_present:"),
            ],
        },
        # A projected presentation shows the page alone, without the sidebar.
        position="hidden" if state.presenting() else "sidebar",
        expanded=True,  # every step of the method in view, the "Together" pages included
    )
    if not state.presenting():
        st.sidebar.title("CRM Audit Workbench")
        state.adopt_workspace_from_url()
        components.workspace_picker()
        access.sign_out_button()

try:
    navigation.run()
except Exception as error:  # noqa: BLE001 - Streamlit's own stop and rerun are not Exceptions
    access.show_failure(error)
