"""Links between pages that survive a page running on its own.

Every page also runs alone (AppTest, a deep link during development), where the other pages
are not registered with ``st.navigation`` and ``st.page_link`` would stop the page; there the
link is simply left out.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError


def page_link_if_registered(page: str, *, label: str, icon: str | None = None,
                            query_params: dict[str, str] | None = None) -> bool:
    try:
        st.page_link(page, label=label, icon=icon, query_params=query_params)
    except StreamlitPageNotFoundError:
        return False
    return True
