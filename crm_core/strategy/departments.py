"""The departments a CRM engagement talks about, in funnel order.

Marketing generates leads, sales converts them, support keeps the customers; management
sets the direction. Goals, stakeholders, RACI parties and glossary teams all use these keys.
"""

from __future__ import annotations

from crm_core.errors import CrmCoreError

DEPARTMENTS: tuple[str, ...] = ("marketing", "sales", "support", "management")
CUSTOMER_FACING: tuple[str, ...] = ("marketing", "sales", "support")
DEPARTMENT_LABELS = {
    "marketing": "Marketing",
    "sales": "Sales",
    "support": "Support",
    "management": "Management",
}
# Stakeholders may also come from outside the three teams and management.
STAKEHOLDER_DEPARTMENTS: tuple[str, ...] = (*DEPARTMENTS, "operations", "it", "finance", "customer", "other")
STAKEHOLDER_DEPARTMENT_LABELS = {
    **DEPARTMENT_LABELS,
    "operations": "Operations",
    "it": "IT",
    "finance": "Finance",
    "customer": "Customer",
    "other": "Other",
}


def department_label(key: str) -> str:
    return STAKEHOLDER_DEPARTMENT_LABELS.get(key, key.capitalize())


def require_department(key: str, *, allowed: tuple[str, ...] = DEPARTMENTS, what: str = "goal") -> str:
    """``key`` trimmed and lower-cased, or a sentence naming the choices."""
    cleaned = key.strip().lower()
    if cleaned not in allowed:
        choices = ", ".join(department_label(k) for k in allowed)
        if not cleaned:
            raise CrmCoreError(f"Choose the department of this {what}: {choices}.")
        raise CrmCoreError(f"'{key}' is not a department the workbench knows: choose one of {choices}.")
    return cleaned
