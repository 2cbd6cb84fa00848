"""Streamlit-only helpers: state keys, cached resources and reusable render functions."""
