"""User text inside Streamlit markdown: escaped, so "$115 to $80" stays money, not LaTeX, and
"*", "#" or "[" typed in a workshop never turn into formatting or links."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|$~])")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)
