"""Workspace: the engagement at a glance, its steps, and the workspace's life cycle."""

from datetime import date

import streamlit as st

from crm_core import backup, store, workspaces
from crm_core.demo import SAMPLE_WORKSPACE_NAME, load_sample_company
from crm_core.models import Workspace, WorkspaceCreate
from crm_core.periods import quarter_of
from crm_core.progress import engagement_progress, next_step
from ui import cached, components, links, state
from ui.markdown import escape

state.init_state()
engine, data_dir = cached.engine(), cached.settings().data_dir


def workspace_form(key: str, defaults: WorkspaceCreate, submit_label: str) -> WorkspaceCreate | None:
    """The workspace fields as one form; returns what was typed when submitted."""
    with st.form(key, border=False):
        name = st.text_input("Workspace name", defaults.name, key=f"{key}.name",
                             placeholder="e.g. Acme Corp CRM audit 2026-Q4")
        left, right = st.columns(2)
        organisation = left.text_input("Organisation", defaults.organisation, key=f"{key}.organisation")
        title = right.text_input("Engagement", defaults.engagement_title, key=f"{key}.title")
        period = left.text_input("Period", defaults.period, key=f"{key}.period", help="A quarter such as 2026-Q4.")
        facilitator = right.text_input("Facilitator or consultant", defaults.facilitator, key=f"{key}.facilitator")
        if st.form_submit_button(submit_label, type="primary"):
            return WorkspaceCreate(name=name, organisation=organisation, engagement_title=title,
                                   period=period, facilitator=facilitator)
    return None


def load_sample() -> None:
    with store.session_scope(engine) as session:
        name = store.unique_workspace_name(session=session, wanted=SAMPLE_WORKSPACE_NAME)
    bar = st.progress(0.0, text="Loading the sample company...")
    workspace = components.attempt(
        lambda: load_sample_company(engine=engine, data_dir=data_dir, name=name,
                                    progress=lambda f, message: bar.progress(f, text=message))
    )
    if workspace:
        state.select_workspace(workspace.id)
        state.flash(f"Loaded the sample company into '{workspace.name}'.")
        st.rerun()


def start_section() -> None:
    """Create a workspace, or load the sample company with one click."""
    sample, new = st.columns([2, 3], gap="large")
    with sample.container(border=True):
        st.subheader(":material/apartment: Try the sample company")
        st.write("Brightwave Analytics: 5,000 contacts, 800 accounts, 3,000 deals, 60,000 activities "
                 "and 4,000 support cases, with realistic data problems planted for the audit to find.")
        if st.button("Load the sample company", type="primary", key="home.load_sample"):
            load_sample()
    with new.container(border=True):
        st.subheader(":material/add_circle: New workspace")
        data = workspace_form("home.create", WorkspaceCreate(name="", period=quarter_of(date.today())), "Create workspace")
        if data:
            created = components.attempt(lambda: workspaces.create_workspace(engine=engine, data=data))
            if created:
                state.select_workspace(created.id)
                state.flash(f"Created workspace '{created.name}'.")
                st.rerun()


def overview(workspace: Workspace) -> None:
    st.title(workspace.organisation or workspace.name)
    facts = [workspace.engagement_title, workspace.period, workspace.facilitator and f"led by {workspace.facilitator}"]
    st.caption(" · ".join(fact for fact in facts if fact) + f" · workspace '{workspace.name}'")
    with store.session_scope(engine) as session:
        sources = store.list_data_sources(session=session, workspace_id=workspace.id)
    audit = components.kept_audit(workspace.id) if sources else None
    with store.session_scope(engine) as session:
        steps = engagement_progress(session=session, workspace_id=workspace.id, audit=audit)
    guide(steps)  # first, so a phone sees it before the exports' counts
    if sources:
        for column, source in zip(st.columns(len(sources)), sources):
            column.metric(source.entity.capitalize(), f"{source.row_count:,}", border=True)
    st.subheader("Steps of the engagement")
    for row in range(0, len(steps), 2):
        for column, step in zip(st.columns(2), steps[row:row + 2]):
            with column.container(border=True, height="stretch"):
                icon = ":material/check_circle:" if step.started else ":material/radio_button_unchecked:"
                text, link = st.columns([4, 1], vertical_alignment="center")
                text.markdown(f"**{icon} {step.title}**")
                text.caption(step.summary)
                if step.missing:
                    text.caption(f":orange[Missing: {escape(step.missing)}]")
                with link:
                    links.page_link_if_registered(components.STEP_PAGES[step.key], label="Open",
                                                  icon=":material/arrow_forward:")


def guide(steps) -> None:
    """Where the engagement stands: the one step to take next and why, or the report when every
    step has what it needs."""
    upcoming = next_step(steps)
    with st.container(border=True, key="home.next"):
        if upcoming is None:
            st.markdown("**:material/flag: Every step has what it needs: export the report.**")
            links.page_link_if_registered("pages/recommendations.py", label="Open Recommendations & report",
                                          icon=":material/arrow_forward:")
            return
        done = sum(1 for step in steps if not step.missing)
        st.markdown(f"**:material/near_me: Next step: {upcoming.title}** ({done} of {len(steps)} steps have "
                    "what they need)")
        st.markdown(escape(upcoming.missing))
        links.page_link_if_registered(components.STEP_PAGES[upcoming.key], label=f"Go to {upcoming.title}",
                                      icon=":material/arrow_forward:")


def manage(workspace: Workspace) -> None:
    st.subheader("Manage this workspace")
    details, next_quarter, safekeeping, danger = st.tabs(
        ["Details", "Next quarter", "Backup & restore", "Delete"]
    )
    with details:
        data = workspace_form("home.edit", WorkspaceCreate.model_validate(workspace, from_attributes=True), "Save details")
        if data and components.attempt(lambda: workspaces.rename_workspace(engine=engine, workspace_id=workspace.id, data=data)):
            state.flash("Saved the workspace details.")
            st.rerun()
    with next_quarter:
        st.write("Start the next audit from this one: everything is copied into a new workspace, "
                 "ready for fresh exports. This workspace stays as it is.")
        data = workspace_form("home.duplicate", workspaces.suggest_duplicate(workspace), "Duplicate workspace")
        if data:
            copy = components.attempt(lambda: workspaces.duplicate_workspace(
                engine=engine, data_dir=data_dir, workspace_id=workspace.id, data=data))
            if copy:
                state.select_workspace(copy.id)
                state.flash(f"Created '{copy.name}' from '{workspace.name}'.")
                st.rerun()
    with safekeeping:
        st.write("One file holds the whole workspace, imported files included. "
                 "Import it into any workbench to carry on there.")
        st.download_button("Download backup (.zip)", key="home.backup",
                           data=lambda: backup.export_workspace(engine=engine, data_dir=data_dir, workspace_id=workspace.id),
                           file_name=backup.backup_file_name(workspace), mime="application/zip",
                           icon=":material/download:", on_click="ignore")
        restore_section()
    with danger:
        st.write(f"Deleting removes '{workspace.name}', its imported files and all its work. "
                 "Download a backup first if you may need it again.")
        confirm = st.text_input("Type the workspace name to confirm", key="home.delete.confirm")
        if st.button("Delete workspace", key="home.delete", disabled=confirm.strip() != workspace.name):
            deleted = components.attempt(lambda: workspaces.delete_workspace(
                engine=engine, data_dir=data_dir, workspace_id=workspace.id))
            if deleted:
                state.select_workspace(None)
                state.flash(f"Deleted workspace '{deleted}'.")
                st.rerun()


def restore_section() -> None:
    upload = st.file_uploader("Restore a backup", type=["zip"], key="home.restore.file",
                              help="A backup is checked before anything is written: a damaged or foreign "
                                   "file is refused with a sentence and leaves nothing behind.")
    as_copy = st.checkbox("Restore as a copy, named '… (copy)', even if its own name is free",
                          key="home.restore.as_copy")
    if upload is not None and st.button("Import backup", key="home.restore"):
        restored = components.attempt(lambda: backup.import_workspace(
            engine=engine, data_dir=data_dir, archive_bytes=upload.getvalue(), as_copy=as_copy))
        if restored:
            state.select_workspace(restored.id)
            state.flash(f"Imported '{restored.name}' from the backup.")
            st.rerun()


state.show_flash()
current = components.current_workspace()
if current is None:
    st.title("CRM Audit Workbench")
    st.write("Walk a team through a complete CRM audit: goals, stakeholders, gaps and their root "
             "causes, the four-part audit of fit, data, usage and compliance, and a prioritised "
             "recommendations report. Everything stays on this machine.")
    start_section()
    with st.container(border=True):
        st.subheader(":material/upload_file: Restore a workspace")
        restore_section()
else:
    overview(current)
    manage(current)
    with st.expander("Start another workspace"):
        start_section()
