"""CRM Audit Workbench core: everything about CRM audits and strategy, nothing about Streamlit."""

__version__ = "0.1.0"
