"""Canonical CRM fields per entity, and the export-header synonyms that point at them.

Every audit reads canonical names (``email``, ``close_date``...) whatever CRM the file came
from, so the checks are written once. The field table lives here as code because its flags
drive behaviour (which fields identify a record, which decay, which are personal data); the
header synonyms are plain data in ``data/header_synonyms.csv`` so that supporting one more
CRM's wording is a one-line change nobody has to review as logic.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd

from crm_core.errors import MappingError

KINDS = frozenset(
    {
        "id", "text", "name", "email", "phone", "url", "date", "datetime", "number",
        "integer", "boolean", "category", "country", "state", "postal_code",
    }
)
SYNONYM_SOURCES = (
    "hubspot", "salesforce", "pipedrive", "zoho", "dynamics365",
    "spreadsheet", "uk", "au", "generic",
    # Localized exports and sheets, by language: the CRMs' own labels in that language
    # (Salesforce, HubSpot, Dynamics 365...) and how people title columns in it.
    "fr", "de", "es", "it", "nl", "pt",
)
SYNONYMS_FILE = "header_synonyms.csv"

# How an imported table names what is not a canonical field's parsed value: the text a user
# typed, kept beside a parsed date or number (``close_date__text``), and every export column
# that maps to no field (``custom:Favourite colour``).
TEXT_SUFFIX = "__text"
CUSTOM_PREFIX = "custom:"
GENERATED_ID = re.compile(r"row \d+")  # the id a record gets when its export has no id column


def generated_ids(rows: int) -> pd.Series:
    """Ids for an export without an id column: its row numbers, "row 2" for the first record."""
    return pd.Series([f"row {n}" for n in range(2, rows + 2)], dtype="string")


def has_own_ids(table: pd.DataFrame) -> bool:
    """Whether the table's record ids came with the export (links to it can be followed), not
    from :func:`generated_ids`."""
    if "record_id" not in table.columns:
        return False
    ids = table["record_id"].dropna().astype("string")
    return bool(len(ids)) and not ids.str.fullmatch(GENERATED_ID.pattern).all()


@dataclass(frozen=True)
class FieldSpec:
    """One canonical field of an entity.

    ``identifying``: names or keys the record itself (used to link and de-duplicate);
    ``decays``: a value that goes stale as people move on (METHOD: email, phone, postal
    address, job title and function, company, value, website); ``personal``: personal data
    under privacy law, so compliance checks know what to look at.
    """

    name: str
    kind: str
    identifying: bool
    decays: bool
    personal: bool
    label: str
    description: str


# Flags are spelled as letters to keep the table readable: I identifying, D decays,
# P personal. Columns: name, kind, flags, label, description.
_ADDRESS = (
    ("street", "text", "D", "Street", "First line of the postal address."),
    ("street_2", "text", "D", "Street (line 2)", "Second line of the postal address."),
    ("city", "text", "D", "City", "Town, city or suburb."),
    ("state", "state", "D", "State / region", "State, province, county or region."),
    ("postal_code", "postal_code", "D", "Postal code", "ZIP code or postcode."),
    ("country", "country", "D", "Country", "Country of the postal address."),
)
_PERSONAL_ADDRESS = tuple((n, k, f + "P", lab, d) for n, k, f, lab, d in _ADDRESS)
_STAMPS = (
    ("created_at", "datetime", "", "Created", "When the record was created in the CRM."),
    ("updated_at", "datetime", "", "Last modified", "When the record was last changed."),
)

_TABLE: dict[str, tuple[tuple[str, str, str, str, str], ...]] = {
    "contacts": (
        ("record_id", "id", "I", "Record ID", "The CRM's own key for this person."),
        ("external_id", "id", "I", "External ID", "A key from another system (ERP, old CRM)."),
        ("salutation", "text", "P", "Salutation", "Mr, Ms, Dr and the like."),
        ("first_name", "name", "IP", "First name", "Given name."),
        ("middle_name", "name", "P", "Middle name", "Middle names or initial."),
        ("last_name", "name", "IP", "Last name", "Family name."),
        ("full_name", "name", "IP", "Full name", "The whole name in one column."),
        ("email", "email", "IDP", "Email", "Primary email address."),
        ("secondary_email", "email", "DP", "Secondary email", "Another email address."),
        ("phone", "phone", "IDP", "Phone", "Main or work phone number."),
        ("mobile", "phone", "IDP", "Mobile", "Mobile (cell) phone number."),
        ("home_phone", "phone", "DP", "Home phone", "Home phone number."),
        ("fax", "phone", "DP", "Fax", "Fax number."),
        ("company", "text", "D", "Company", "Name of the organisation the person works for."),
        ("account_id", "id", "", "Account ID", "Key of the person's account (company) record."),
        ("job_title", "text", "DP", "Job title", "Position held at the company."),
        ("job_function", "category", "D", "Job function", "Broad function (finance, IT...)."),
        ("department", "text", "", "Department", "Department within the company."),
        ("website", "url", "D", "Website", "Website of the person or their company."),
        ("owner", "text", "", "Owner", "User responsible for this person."),
        ("lifecycle_stage", "category", "", "Lifecycle stage", "Subscriber, lead, MQL, customer..."),
        ("lead_status", "category", "", "Lead status", "Sales status of a lead (new, open...)."),
        ("lead_source", "category", "", "Lead source", "Where the person came from."),
        *_PERSONAL_ADDRESS,
        ("birth_date", "date", "P", "Date of birth", "Birthday."),
        ("email_opt_in", "boolean", "", "Email opt-in", "Agreed to receive marketing email."),
        ("email_opt_out", "boolean", "", "Email opt-out", "Asked not to be emailed."),
        ("unsubscribed", "boolean", "", "Unsubscribed", "Unsubscribed from all marketing email."),
        ("do_not_call", "boolean", "", "Do not call", "Asked not to be phoned."),
        ("email_bounced_at", "datetime", "", "Email bounced", "When email to this person last bounced."),
        ("email_bounce_reason", "text", "", "Bounce reason", "Why the email bounced."),
        ("lawful_basis", "category", "", "Lawful basis", "GDPR basis for processing the data."),
        ("description", "text", "", "Description", "Free-text notes about the person."),
        *_STAMPS,
        ("last_activity_at", "datetime", "", "Last activity", "Last logged call, email or meeting."),
        ("last_contacted_at", "datetime", "", "Last contacted", "Last time someone reached out."),
    ),
    "accounts": (
        ("record_id", "id", "I", "Record ID", "The CRM's own key for this company."),
        ("account_number", "text", "I", "Account number", "Customer or account number."),
        ("name", "text", "I", "Account name", "Company or organisation name."),
        ("domain", "url", "ID", "Domain", "Company web domain."),
        ("website", "url", "D", "Website", "Company website."),
        ("industry", "category", "", "Industry", "Industry or sector."),
        ("account_type", "category", "", "Account type", "Customer, prospect, partner..."),
        ("parent_account_id", "id", "", "Parent account ID", "Key of the parent company."),
        ("parent_account_name", "text", "", "Parent account", "Name of the parent company."),
        ("owner", "text", "", "Owner", "User responsible for the account."),
        ("phone", "phone", "D", "Phone", "Main phone number."),
        ("fax", "phone", "D", "Fax", "Fax number."),
        *_ADDRESS,
        ("annual_revenue", "number", "D", "Annual revenue", "Yearly revenue of the company."),
        ("employees", "integer", "", "Employees", "Number of employees."),
        ("lifecycle_stage", "category", "", "Lifecycle stage", "Lead, opportunity, customer..."),
        ("description", "text", "", "Description", "Free-text notes about the company."),
        *_STAMPS,
        ("last_activity_at", "datetime", "", "Last activity", "Last logged call, email or meeting."),
    ),
    "deals": (
        ("record_id", "id", "I", "Record ID", "The CRM's own key for this deal."),
        ("name", "text", "I", "Deal name", "Name of the deal or opportunity."),
        ("account_id", "id", "", "Account ID", "Key of the company the deal is with."),
        ("account_name", "text", "", "Account name", "Name of the company the deal is with."),
        ("contact_id", "id", "", "Contact ID", "Key of the main contact."),
        ("contact_name", "text", "", "Contact name", "Name of the main contact."),
        ("amount", "number", "D", "Amount", "Value of the deal."),
        ("currency", "category", "", "Currency", "Currency of the amount."),
        ("expected_revenue", "number", "", "Expected revenue", "Amount weighted by probability."),
        ("stage", "category", "", "Stage", "Current pipeline stage."),
        ("pipeline", "category", "", "Pipeline", "Pipeline or sales process."),
        ("status", "category", "", "Status", "Open, won or lost."),
        ("probability", "number", "", "Probability", "Chance of winning, in per cent."),
        ("forecast_category", "category", "", "Forecast category", "Pipeline, best case, commit..."),
        ("deal_type", "category", "", "Deal type", "New business, renewal, upsell..."),
        ("owner", "text", "", "Owner", "User responsible for the deal."),
        ("lead_source", "category", "", "Lead source", "Where the deal came from."),
        ("next_step", "text", "", "Next step", "Agreed next action."),
        ("lost_reason", "text", "", "Lost reason", "Why the deal was lost."),
        ("description", "text", "", "Description", "Free-text notes about the deal."),
        ("created_at", "datetime", "", "Created", "When the deal was created."),
        ("close_date", "date", "", "Close date", "Expected or actual close date."),
        ("stage_changed_at", "datetime", "", "Stage changed", "When the stage last changed."),
        ("last_activity_at", "datetime", "", "Last activity", "Last logged call, email or meeting."),
        ("updated_at", "datetime", "", "Last modified", "When the deal was last changed."),
    ),
    "activities": (
        ("record_id", "id", "I", "Record ID", "The CRM's own key for this activity."),
        ("type", "category", "", "Type", "Call, email, meeting, task..."),
        ("subject", "text", "", "Subject", "Title of the activity."),
        ("status", "category", "", "Status", "Not started, completed..."),
        ("priority", "category", "", "Priority", "High, normal, low."),
        ("owner", "text", "", "Owner", "User who did or must do it."),
        ("occurred_at", "datetime", "", "Date", "When it happened or is due."),
        ("completed_at", "datetime", "", "Completed at", "When it was marked done."),
        ("is_done", "boolean", "", "Done", "Whether it is completed."),
        ("duration_minutes", "number", "", "Duration (minutes)", "How long it took."),
        ("outcome", "category", "", "Outcome", "Result of a call or meeting."),
        ("contact_id", "id", "", "Contact ID", "Key of the person involved."),
        ("contact_name", "text", "", "Contact name", "Name of the person involved."),
        ("account_id", "id", "", "Account ID", "Key of the company involved."),
        ("account_name", "text", "", "Account name", "Name of the company involved."),
        ("deal_id", "id", "", "Deal ID", "Key of the related deal."),
        ("deal_name", "text", "", "Deal name", "Name of the related deal."),
        ("description", "text", "", "Description", "Body, comments or notes."),
        *_STAMPS,
    ),
    "users": (
        ("record_id", "id", "I", "Record ID", "The CRM's own key for this user."),
        ("name", "name", "IP", "Name", "User's full name."),
        ("first_name", "name", "P", "First name", "Given name."),
        ("last_name", "name", "P", "Last name", "Family name."),
        ("username", "text", "IP", "Username", "Login name."),
        ("email", "email", "IDP", "Email", "Work email address."),
        ("phone", "phone", "P", "Phone", "Work phone number."),
        ("job_title", "text", "", "Job title", "Position in the organisation."),
        ("team", "category", "", "Team", "Team, department or business unit."),
        ("role", "category", "", "Role", "Role in the CRM's hierarchy."),
        ("profile", "category", "", "Profile", "Permission profile or set."),
        ("license", "category", "", "Licence", "Licence or seat type."),
        ("manager", "text", "", "Manager", "Who the user reports to."),
        ("is_active", "boolean", "", "Active", "Whether the user can still log in."),
        ("last_login_at", "datetime", "", "Last login", "Last time the user logged in."),
        *_STAMPS,
    ),
    "tickets": (
        ("record_id", "id", "I", "Record ID", "The CRM's own key for this ticket."),
        ("ticket_number", "text", "I", "Ticket number", "Number shown to the customer."),
        ("subject", "text", "", "Subject", "Title of the ticket."),
        ("description", "text", "", "Description", "What the customer reported."),
        ("status", "category", "", "Status", "New, open, closed..."),
        ("priority", "category", "", "Priority", "Urgent, high, medium, low."),
        ("category", "category", "", "Category", "Reason or category of the request."),
        ("ticket_type", "category", "", "Ticket type", "Question, problem, feature request..."),
        ("origin", "category", "", "Origin", "Channel: email, phone, web, chat..."),
        ("pipeline", "category", "", "Pipeline", "Support pipeline or queue."),
        ("owner", "text", "", "Owner", "Agent responsible for the ticket."),
        ("account_id", "id", "", "Account ID", "Key of the customer's company."),
        ("account_name", "text", "", "Account name", "Name of the customer's company."),
        ("contact_id", "id", "", "Contact ID", "Key of the person who asked."),
        ("contact_name", "text", "", "Contact name", "Name of the person who asked."),
        ("created_at", "datetime", "", "Opened", "When the ticket was opened."),
        ("closed_at", "datetime", "", "Closed", "When the ticket was closed."),
        ("updated_at", "datetime", "", "Last modified", "When the ticket was last changed."),
    ),
    "transactions": (
        ("record_id", "id", "I", "Record ID", "Key of this transaction line."),
        ("invoice_id", "id", "I", "Invoice", "Invoice or order number."),
        ("customer_id", "id", "P", "Customer ID", "Key of the buying customer."),
        ("customer_name", "text", "P", "Customer name", "Name of the buying customer."),
        ("occurred_at", "datetime", "", "Date", "When the sale happened."),
        ("product_code", "text", "", "Product code", "SKU or stock code."),
        ("product_name", "text", "", "Product", "Product or item name."),
        ("description", "text", "", "Description", "Line description."),
        ("quantity", "number", "", "Quantity", "Units sold (negative for returns)."),
        ("unit_price", "number", "", "Unit price", "Price of one unit."),
        ("amount", "number", "", "Amount", "Line or invoice total."),
        ("currency", "category", "", "Currency", "Currency of the amounts."),
        ("country", "country", "", "Country", "Customer's country."),
    ),
}


def _build(entity: str) -> tuple[FieldSpec, ...]:
    return tuple(
        FieldSpec(
            name=name, kind=kind, identifying="I" in flags, decays="D" in flags,
            personal="P" in flags, label=label, description=description,
        )
        for name, kind, flags, label, description in _TABLE[entity]
    )


ENTITIES: tuple[str, ...] = tuple(_TABLE)
# Words exports use to name each entity's records ("Contact: Phone", "Deal - Value",
# "Case Owner"): the mapper reads past them, and knows a column is about another record.
# What each entity is called in a sentence.
ENTITY_LABELS = {
    "contacts": "contacts (people)",
    "accounts": "accounts (companies)",
    "deals": "deals (opportunities)",
    "activities": "activities (calls, emails, meetings...)",
    "users": "users (CRM licences)",
    "tickets": "support tickets (cases)",
    "transactions": "transactions (orders, invoices)",
}

RECORD_WORDS: dict[str, tuple[str, ...]] = {
    "contacts": ("contact", "person", "people", "mql"),
    "accounts": ("account", "organization", "organisation", "org", "company"),
    "deals": ("deal", "opportunity", "opp", "potential"),
    "activities": ("activity", "task", "event", "call", "meeting"),
    "users": ("user", "sales rep", "rep", "agent", "employee", "emp"),
    "tickets": ("case", "ticket", "incident"),
    "transactions": ("invoice", "order", "transaction", "trans", "txn", "line"),
}
_ACCOUNT = {"record_id": "account_id", "name": "account_name"}
_CONTACT = {"record_id": "contact_id", "full_name": "contact_name"}
_CUSTOMER = {"record_id": "customer_id", "name": "customer_name", "full_name": "customer_name"}
# How a record refers to a related one: entity -> related entity -> {their field: ours}.
# So "Account: Account Name" in a contacts file is the contact's company, and
# "Person - ID" in a deals file is the deal's contact_id.
REFERENCES: dict[str, dict[str, dict[str, str]]] = {
    "contacts": {"accounts": {"record_id": "account_id", "name": "company"}},
    "accounts": {"accounts": {"record_id": "parent_account_id", "name": "parent_account_name"}},
    "deals": {"accounts": _ACCOUNT, "contacts": _CONTACT},
    "activities": {
        "accounts": _ACCOUNT, "contacts": _CONTACT,
        "deals": {"record_id": "deal_id", "name": "deal_name"},
    },
    "tickets": {"accounts": _ACCOUNT, "contacts": _CONTACT},
    "transactions": {"contacts": _CUSTOMER, "accounts": _CUSTOMER},
}

_FIELDS: dict[str, tuple[FieldSpec, ...]] = {entity: _build(entity) for entity in ENTITIES}


def _check_entity(entity: str) -> None:
    if entity not in _FIELDS:
        raise MappingError(
            f"'{entity}' is not a record type the workbench knows; "
            f"choose one of {', '.join(ENTITIES)}."
        )


def fields_for(entity: str) -> tuple[FieldSpec, ...]:
    """The canonical fields of ``entity``, in display order."""
    _check_entity(entity)
    return _FIELDS[entity]


def field_spec(entity: str, name: str) -> FieldSpec:
    """The spec of one canonical field; MappingError if the entity has no such field."""
    for spec in fields_for(entity):
        if spec.name == name:
            return spec
    raise MappingError(
        f"{entity.capitalize()} have no field called '{name}'; pick one of the listed fields."
    )


@lru_cache(maxsize=1)
def synonym_rows() -> tuple[tuple[str, str, str, str], ...]:
    """Every ``(entity, field, header, source)`` row of the synonyms file, validated once."""
    text = (resources.files("crm_core") / "data" / SYNONYMS_FILE).read_text(encoding="utf-8")
    rows = []
    for line_no, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        entity, field, header, source = (
            row["entity"], row["field"], row["header"], row["source"]
        )
        if entity not in _FIELDS or all(f.name != field for f in _FIELDS[entity]):
            raise ValueError(f"{SYNONYMS_FILE} line {line_no}: unknown {entity}.{field}")
        if source not in SYNONYM_SOURCES or not header.strip():
            raise ValueError(f"{SYNONYMS_FILE} line {line_no}: bad source or empty header")
        rows.append((entity, field, header, source))
    return tuple(rows)


@lru_cache(maxsize=None)
def _synonyms(entity: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {spec.name: [] for spec in _FIELDS[entity]}
    for row_entity, field, header, _source in synonym_rows():
        if row_entity == entity and header not in found[field]:
            found[field].append(header)
    return {field: tuple(headers) for field, headers in found.items()}


def synonyms_for(entity: str) -> dict[str, tuple[str, ...]]:
    """Export headers known to mean each field of ``entity`` (field -> headers)."""
    _check_entity(entity)
    return dict(_synonyms(entity))
