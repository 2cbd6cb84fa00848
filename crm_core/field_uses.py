"""What a field of an export lets the audit measure: the sentence the mapping editor shows for a
key field no column feeds yet ("map a column to Close date to measure the sales cycle"), so a
user knows what an unmapped column would have given before importing without it."""

from __future__ import annotations

from crm_core.mapping import ColumnMapping
from crm_core.schema import field_spec

# Per entity, the fields the audits read, in the order a user should care about them, and what
# each one measures. A tuple of fields is met by any one of them.
USES: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "contacts": (
        (("email",), "check that emails are valid and find duplicate people by email"),
        (("first_name", "last_name", "full_name"), "find duplicate people by name"),
        (("phone", "mobile"), "check phone numbers"),
        (("company", "account_id"), "tell companies' contacts from consumers and link them to their accounts"),
        (("owner",), "see who owns each record and find records owned by people who left"),
        (("country",), "read phone numbers by country and standardise countries"),
        (("created_at",), "measure how old the database is and how fast new leads grow"),
        (("last_activity_at", "updated_at", "last_contacted_at"), "find records nobody has touched for months"),
        (("email_opt_out", "unsubscribed", "email_opt_in"), "check that people who opted out are not emailed"),
        (("lead_source",), "compare where leads come from"),
    ),
    "accounts": (
        (("name",), "find duplicate companies"),
        (("website", "domain"), "match companies by their web address"),
        (("owner",), "see who owns each company and find companies owned by people who left"),
        (("parent_account_id", "parent_account_name"), "check the company hierarchy"),
        (("industry",), "segment companies by industry"),
        (("country",), "standardise countries"),
        (("last_activity_at", "updated_at"), "find companies nobody has touched for months"),
    ),
    "deals": (
        (("amount",), "measure pipeline value, average deal size and revenue won"),
        (("stage", "status"), "measure win rate and find stuck deals"),
        (("close_date",), "measure the sales cycle and forecast by month"),
        (("created_at",), "measure the sales cycle and how old open deals are"),
        (("owner",), "compare sales reps"),
        (("account_id", "account_name"), "link deals to companies and score customers from won deals"),
        (("lead_source",), "measure win rate by lead source"),
    ),
    "activities": (
        (("occurred_at", "completed_at", "created_at"), "measure CRM use week by week"),
        (("owner",), "measure CRM use per person"),
        (("type",), "count calls, emails and meetings"),
        (("contact_id", "account_id", "deal_id", "contact_name", "account_name", "deal_name"),
         "find deals and companies with no recent activity"),
    ),
    "users": (
        (("name", "first_name", "last_name", "email", "username"), "match record owners to users"),
        (("is_active",), "find records owned by people who left"),
        (("last_login_at",), "find licences nobody uses"),
        (("team",), "compare teams"),
        (("role", "profile"), "check who can export or delete data"),
    ),
    "tickets": (
        (("created_at",), "measure how long tickets take to close"),
        (("closed_at",), "measure how long tickets take to close"),
        (("status",), "count open and closed tickets"),
        (("owner",), "compare support agents"),
        (("priority",), "measure resolution time by priority"),
    ),
    "transactions": (
        (("customer_id", "customer_name"), "score customers by recency, frequency and value (RFM)"),
        (("occurred_at",), "measure recency and retention"),
        (("amount", "unit_price"), "measure what each customer is worth"),
        (("invoice_id",), "count orders per customer"),
    ),
}


def unmet_uses(mapping: ColumnMapping) -> list[tuple[str, str]]:
    """(field label, what it would measure) for each use no mapped column meets, in order; a
    use met by any of its fields is left out, and one field is named once."""
    mapped = set(mapping.mapped().values())
    unmet: dict[str, str] = {}
    for fields, use in USES.get(mapping.entity, ()):
        if mapped & set(fields):
            continue
        label = " or ".join(field_spec(mapping.entity, field).label for field in fields)
        unmet[label] = unmet.get(label, use)
    return list(unmet.items())
