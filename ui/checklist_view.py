"""Streamlit helpers shared by the fit-for-purpose and compliance pages: the checklist with
save-on-change widgets, the score metrics and the findings list.

Widget keys are page-prefixed and stable (``fit.status.<item id>``, ``fit.evidence.<item id>``,
``fit.owner.<item id>``); they are dropped when the page is opened on another workspace, so a
checklist never shows the previous workspace's answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from crm_core.store import checklists as records
from crm_core.audit.checklists import Answer, ChecklistItem
from crm_core.findings import AuditResult
from ui import autosave
from ui.markdown import escape

FIELDS = ("status", "evidence", "owner")


def forget_other_workspace(page: str, workspace_id: str) -> None:
    """Drop the page's widget values when it is now showing another workspace."""
    marker = f"{page}.workspace"
    if st.session_state.get(marker) != workspace_id:
        for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(f"{page}.")]:
            del st.session_state[key]
        st.session_state[marker] = workspace_id


def render_scores(result: AuditResult, area: str, extra: Sequence[tuple[str, str]] = ()) -> None:
    """Checklist score, coverage and any ``extra`` dimensions (dimension, label) as metrics."""
    shown = [(f"{area}_checklist", "Checklist score"), (f"{area}_coverage", "Coverage"), *extra]
    for column, (dimension, label) in zip(st.columns(len(shown)), shown, strict=True):
        score = result.score(dimension)
        if score is None:
            column.metric(label, "—", border=True,
                          help="Not measured yet: answer at least half of the items, or add data, to get a score.")
        else:
            unit = "%" if dimension.endswith("_coverage") else "/100"
            column.metric(label, f"{score.value:.0f}{unit}", help=score.formula, border=True)


def render_checklist(page: str, workspace_id: str, items: Sequence[ChecklistItem], answers: Mapping[str, Answer],
                     hints: Mapping[str, str] | None = None) -> None:
    """One compact row per item, grouped by section; each change is saved at once."""
    autosave.show_problem(page)
    section = None
    for item in items:
        if item.section != section:
            section = item.section
            st.subheader(section)
        answer = answers.get(item.id, Answer(item.id))
        keys = {name: f"{page}.{name}.{item.id}" for name in FIELDS}
        saves = {name: autosave.on_change(page, records.save_answer, widgets={name: keys[name]},
                                          workspace_id=workspace_id, item_id=item.id) for name in FIELDS}
        with st.container(border=True):
            question, status, evidence, owner = st.columns([5, 3, 4, 2], vertical_alignment="center")
            question.markdown(escape(item.question))
            hint = (hints or {}).get(item.id)
            if hint:
                question.caption(escape(hint))
            options = item.statuses()
            status.selectbox("Answer", options, index=options.index(answer.status) if answer.status in options else 0,
                             format_func=item.answer_label, key=keys["status"], on_change=saves["status"],
                             help=item.guidance or None, label_visibility="collapsed")
            evidence.text_input("Evidence", answer.evidence, key=keys["evidence"], on_change=saves["evidence"],
                                placeholder="Evidence or note", label_visibility="collapsed")
            owner.text_input("Owner", answer.owner, key=keys["owner"], on_change=saves["owner"],
                             placeholder="Owner", label_visibility="collapsed")


