"""CRM Audit Workbench: the frame around the pages (config, state, sidebar, navigation)."""

import streamlit as st

from ui import components, state

st.set_page_config(page_title="CRM Audit Workbench", page_icon=":material/fact_check:", layout="wide")
state.init_state()

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
        "Report": [st.Page("pages/recommendations.py", title="Recommendations & report", icon=":material/summarize:")],
        "Together": [
            st.Page("pages/history.py", title="History", icon=":material/timeline:"),
            st.Page("pages/workshop.py", title="Workshop", icon=":material/forum:"),
            st.Page("pages/present.py", title="Presentation", icon=":material/co_present:"),
        ],
    },
    # A projected presentation and a participant's phone show the page alone, without the sidebar.
    position="hidden" if state.without_sidebar() else "sidebar",
    expanded=True,  # every step of the method in view, the "Together" pages included
)
if not state.without_sidebar():
    st.sidebar.title("CRM Audit Workbench")
    components.workspace_picker()
navigation.run()
