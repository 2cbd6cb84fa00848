"""Keyboard and presentation-clicker navigation for the projector view.

A clicker sends Page Down / Page Up (some send the arrow keys or space), so those keys press
the page's own Next and Previous buttons: navigation stays one code path, the buttons'. The
listener is attached to the app's document by a script run through ``st.html`` (the
script is ours alone, no user text reaches it); it is replaced, not added twice, when the page
draws again, and it ignores keys typed into a field.
"""

from __future__ import annotations

import json
import re

import streamlit as st

FORWARD = ("ArrowRight", "ArrowDown", "PageDown", " ")
BACKWARD = ("ArrowLeft", "ArrowUp", "PageUp")

_SCRIPT = """<script>
(() => {
  const doc = window.document;
  const keys = %(keys)s;
  if (window.__slideKeys) doc.removeEventListener("keydown", window.__slideKeys);
  window.__slideKeys = (event) => {
    const target = event.target;
    if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
    const key = keys[event.key];
    if (!key) return;
    const button = doc.querySelector(`[class~="st-key-${key}"] button`);
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  };
  doc.addEventListener("keydown", window.__slideKeys);
})();
</script>"""


def _css_key(key: str) -> str:
    """The class Streamlit gives a keyed element: ``st-key-`` and the key, other characters as dashes."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", key)


def slide_keys(*, previous: str, following: str) -> None:
    """Let the keyboard and a clicker press the buttons whose widget keys are given."""
    keys = {key: _css_key(following) for key in FORWARD} | {key: _css_key(previous) for key in BACKWARD}
    st.html(_SCRIPT % {"keys": json.dumps(keys)}, unsafe_allow_javascript=True)
