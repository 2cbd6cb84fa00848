"""The four-part audit (fit for purpose, data, usage, compliance) plus duplicates and KPIs.

Every audit function takes canonical DataFrames (see ``crm_core.importing``) and a config
and returns a ``crm_core.findings.AuditResult``.
"""
