"""The catalogue of data-audit checks: each finding code with its dimension, severity and title.

Codes are stable (reports, snapshots and recommendations refer to them). ``dimension`` says
which score a record flagged by the check lowers; None means the check informs without
scoring (an estimate, a summary, a flag such as "unsubscribed" that is not an error).
``fixable`` marks checks whose suggestion can be written into the standardised copy as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_core.findings import Severity

DIMENSIONS = ("completeness", "validity", "consistency", "uniqueness", "timeliness", "integrity")


@dataclass(frozen=True)
class CheckSpec:
    code: str
    dimension: str | None
    severity: Severity
    title: str
    recommendation: str
    fixable: bool = False


_C, _H, _M, _L, _I = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO
# Recommendation codes (crm_core.recommend turns them into advice).
_FILL = "data.fill_key_fields"
_ENTRY = "data.validate_at_entry"
_OPT_IN = "data.double_opt_in"
_NAMED = "data.find_named_contact"
_CONFLICT = "data.resolve_conflicts"
_PICK = "data.standardise_picklists"
_STALE = "data.review_stale"
_TREE = "data.fix_hierarchy"
_OWNERS = "data.reassign_owners"
_SPECS = (
    # completeness
    ("DATA.MISSING_KEY_FIELDS", "completeness", _M, "Important fields left empty", _FILL),
    ("DATA.PLACEHOLDER_VALUES", "completeness", _M, "Placeholder values typed instead of data", _ENTRY, True),
    ("DATA.SPARSE_RECORDS", "completeness", _L, "Records with most important fields empty", _FILL),
    ("DATA.FIELDS_NOT_EXPORTED", None, _I, "Important fields absent from the exports", _FILL),
    # validity
    ("DATA.EMAIL_INVALID", "validity", _H, "Email addresses that are not valid", _ENTRY),
    ("DATA.EMAIL_DOMAIN_TYPO", "validity", _H, "Email addresses with a misspelled provider", _ENTRY, True),
    ("DATA.EMAIL_DISPOSABLE", "validity", _M, "Disposable (throw-away) email addresses", _OPT_IN),
    ("DATA.EMAIL_ROLE", "validity", _L, "Role addresses (info@, sales@) instead of a person", _NAMED),
    ("DATA.EMAIL_DOMAIN_MISMATCH", "validity", _L, "Work email or website that disagrees with the company", _CONFLICT),
    ("DATA.PHONE_INVALID", "validity", _M, "Phone numbers that are not valid for their country", _ENTRY),
    ("DATA.PHONE_UNCHECKED", None, _I, "Phone numbers with no country to check them against", _ENTRY),
    ("DATA.DATE_IN_FUTURE", "validity", _M, "Records created in the future", _ENTRY),
    ("DATA.DATE_ORDER", "validity", _M, "Dates in an impossible order", _ENTRY),
    ("DATA.VALUE_UNREADABLE", "validity", _M, "Dates, numbers or yes/no values that cannot be read", _ENTRY),
    ("DATA.COUNTRY_MISSPELLED", "validity", _M, "Misspelled country names", _PICK, True),
    ("DATA.COUNTRY_UNKNOWN", "validity", _M, "Countries that are not in ISO 3166", _PICK),
    ("DATA.STATE_MISSPELLED", "validity", _L, "Misspelled states or regions", _PICK, True),
    ("DATA.STATE_UNKNOWN", "validity", _L, "States or regions that do not exist in their country", _PICK),
    ("DATA.POSTCODE_INVALID", "validity", _L, "Postal codes that do not fit their country", _ENTRY, True),
    ("DATA.WEBSITE_INVALID", "validity", _L, "Websites that are not web addresses", _ENTRY),
    ("DATA.PICKLIST_MISSPELLED", "validity", _M, "Misspelled picklist values", _PICK, True),
    ("DATA.PICKLIST_UNKNOWN", "validity", _L, "Picklist values outside the reference list", _PICK),
    # consistency
    ("DATA.SPELLING_VARIANTS", "consistency", _M, "One value written several ways", _PICK),
    ("DATA.FORMAT_INCONSISTENT", "consistency", _L, "Case and spacing that break the house style", _PICK, True),
    ("DATA.PHONE_FORMAT_MIXED", "consistency", _L, "Phone numbers written in a minority format", _PICK, True),
    ("DATA.EMAIL_SHARED_CONFLICT", "consistency", _H, "One email address on different people or companies", _CONFLICT),
    ("DATA.DOMAIN_SHARED_CONFLICT", "consistency", _M, "One web domain under several account names", _CONFLICT),
    ("DATA.COMPANY_NAME_CONFLICT", "consistency", _M, "Contacts whose company is not their account", _CONFLICT, True),
    # timeliness
    ("DATA.STALE_RECORDS", "timeliness", _M, "Records with no activity or update for a long time", _STALE),
    ("DATA.EMAIL_BOUNCED", "timeliness", _H, "Contacts whose email bounced", _STALE),
    ("DATA.EMAIL_UNSUBSCRIBED", None, _I, "Contacts who opted out of or unsubscribed from email", _OPT_IN),
    ("DATA.DECAY_ESTIMATE", None, _M, "Contacts likely to be out of date today", _STALE),
    # integrity: accounts and hierarchy
    ("DATA.PARENT_MISSING", "integrity", _H, "Parent account links that point nowhere", _TREE),
    ("DATA.HIERARCHY_CYCLE", "integrity", _H, "Account hierarchies that loop back on themselves", _TREE),
    ("DATA.CONTACT_NO_ACCOUNT", "integrity", _M, "Contacts with no account", _TREE),
    ("DATA.CONTACT_ACCOUNT_MISSING", "integrity", _H, "Contacts linked to an account that does not exist", _TREE),
    ("DATA.DEAL_ACCOUNT_MISSING", "integrity", _H, "Deals linked to an account that does not exist", _TREE),
    ("DATA.ACCOUNT_NO_CONTACTS", "integrity", _L, "Accounts with no contacts", _TREE),
    ("DATA.DEAD_ACCOUNTS", "integrity", _M, "Dead accounts: no activity and no open deal", _STALE),
    ("DATA.ACCOUNT_STATUS_MISSING", "integrity", _L, "Accounts missing status, revenue or buyer stage", _FILL),
    # integrity: ownership and territory
    ("DATA.NO_OWNER", "integrity", _H, "Records with no owner", _OWNERS),
    ("DATA.OWNER_INACTIVE", "integrity", _H, "Records owned by deactivated users", _OWNERS),
    ("DATA.OWNER_UNKNOWN", "integrity", _M, "Records owned by someone who is not a CRM user", _OWNERS),
    ("DATA.OWNER_NOT_CUSTOMER_FACING", "integrity", _M, "Records owned outside the customer-facing teams", _OWNERS),
    ("DATA.BOOK_IMBALANCE", None, _L, "Unbalanced books: records per owner", _OWNERS),
    ("DATA.TERRITORY_VIOLATION", "integrity", _M, "Records owned by the wrong team for their territory", _OWNERS),
    # the cost of it all
    ("DATA.BAD_DATA_COST", None, _I, "What bad data costs the sales team", _FILL),
)

CATALOGUE: dict[str, CheckSpec] = {
    code: CheckSpec(code, dimension, severity, title, recommendation, *fixable)
    for code, dimension, severity, title, recommendation, *fixable in _SPECS
}
FIXABLE_CODES = tuple(code for code, spec in CATALOGUE.items() if spec.fixable)


def spec(code: str) -> CheckSpec:
    return CATALOGUE[code]


def codes_of(dimension: str) -> tuple[str, ...]:
    return tuple(code for code, item in CATALOGUE.items() if item.dimension == dimension)
