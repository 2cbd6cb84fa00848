"""Compliance checks computed from the exports: consent, lawful basis, retention, sensitive
data in free text, and who holds access.

``run_compliance_checks(tables, config)`` returns the shared :class:`AuditResult`. Each check
runs when the exports hold the columns it needs and is otherwise reported once, in
``COMPLIANCE.CONSENT_FIELDS_MISSING``, as a field to export or to start recording:

- ``COMPLIANCE.EMAIL_AFTER_OPT_OUT``: contacts who opted out of email (``email_opt_out`` or
  ``unsubscribed``) with an email activity, matched by contact id, dated after the contact was
  created (the export has no opt-out date, so creation is the earliest the opt-out can date from);
- ``COMPLIANCE.EMAIL_WITHOUT_CONSENT``: under an opt-in regime (GDPR, UK GDPR, PECR, CASL,
  LGPD), contacts emailed without ``email_opt_in`` set;
- ``COMPLIANCE.NO_LAWFUL_BASIS``: under GDPR, UK GDPR or LGPD, contacts with no lawful basis;
- ``COMPLIANCE.PAST_RETENTION``: contacts whose last sign of life (last activity, last contact,
  last change or creation, whichever is latest) is older than the retention period;
- ``COMPLIANCE.CARD_IN_TEXT``, ``IBAN_IN_TEXT``, ``NATIONAL_ID_IN_TEXT``, ``BIRTH_DATE_IN_TEXT``,
  ``SPECIAL_CATEGORY_IN_TEXT``: sensitive values typed into free text (see ``sensitive_data``),
  shown masked only;
- ``COMPLIANCE.ADMIN_USERS``: active users with an administrator profile or role (informational
  up to max(2, 10% of active users), then a finding);
- ``COMPLIANCE.DEACTIVATED_OWNER``: deactivated users who still own records;
- ``COMPLIANCE.DORMANT_USER_ENABLED``: active users who never logged in or not for
  ``dormant_login_days``.

Score ``compliance_data`` = 100 x sum(weight of checks passed) / sum(weight of checks run),
weights critical 4, high 3, medium 2, low 1; a check passes when it finds nothing above
informational. One card number in a note fails its check: compliance is not a percentage of
clean records.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from crm_core.audit.compliance.sensitive_data import scan_free_text, scanned_columns
from crm_core.audit.usage.activity import export_date
from crm_core.errors import CrmCoreError
from crm_core.findings import AuditResult, Finding, Score, Severity, empty_issues

TEXT = "string"
MAX_EXAMPLES = 5
OWNED_ENTITIES = ("contacts", "accounts", "deals", "tickets")
ADMIN_PATTERN = r"(?i)\badmin(?:istrator)?\b|super ?(?:user|admin)|full access"
EMAIL_TYPE_PATTERN = r"(?i)\be-?mail"


@dataclass(frozen=True)
class Regime:
    key: str
    label: str
    opt_in: bool = False  # marketing email needs prior consent
    lawful_basis: bool = False  # every processing needs a recorded lawful basis


REGIMES: dict[str, Regime] = {r.key: r for r in (
    Regime("gdpr", "GDPR (EU)", opt_in=True, lawful_basis=True),
    Regime("uk_gdpr", "UK GDPR and Data Protection Act 2018", lawful_basis=True),
    Regime("pecr", "PECR (UK electronic marketing)", opt_in=True),
    Regime("ccpa", "CCPA/CPRA (California)"),
    Regime("can_spam", "CAN-SPAM (US commercial email)"),
    Regime("casl", "CASL (Canada anti-spam)", opt_in=True),
    Regime("pipeda", "PIPEDA (Canada)"),
    Regime("lgpd", "LGPD (Brazil)", opt_in=True, lawful_basis=True),
    Regime("app", "Privacy Act 1988 (Australia)"),
    Regime("hipaa", "HIPAA (US health information)"),
    Regime("glba", "GLBA (US financial services)"),
)}
SECTORS: dict[str, tuple[str, tuple[str, ...]]] = {
    "general": ("General B2B or B2C", ()),
    "financial": ("Financial services", ("glba",)),
    "healthcare": ("Healthcare, pharma and life sciences", ("hipaa",)),
    "retail": ("Retail and e-commerce", ()),
    "public": ("Public sector and education", ()),
    "other": ("Other", ()),
}
# Contacts' countries that bring a regime into play (ISO alpha-2).
_EU = set("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO".split())
COUNTRY_REGIMES = {**{c: ("gdpr",) for c in _EU}, "GB": ("uk_gdpr", "pecr"), "US": ("can_spam",),
                   "CA": ("casl", "pipeda"), "BR": ("lgpd",), "AU": ("app",)}

_W = {Severity.CRITICAL: 4, Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1, Severity.INFO: 0}
_C, _H, _M = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM
# code -> (severity, title, recommendation code)
CHECKS: dict[str, tuple[Severity, str, str]] = {
    "COMPLIANCE.EMAIL_AFTER_OPT_OUT": (_H, "Contacts emailed after they opted out", "REC.COMPLIANCE.SYNC_OPT_OUTS"),
    "COMPLIANCE.EMAIL_WITHOUT_CONSENT": (_M, "Contacts emailed without a recorded opt-in",
                                         "REC.COMPLIANCE.RECORD_CONSENT"),
    "COMPLIANCE.NO_LAWFUL_BASIS": (_H, "Contacts with no lawful basis recorded", "REC.COMPLIANCE.RECORD_LAWFUL_BASIS"),
    "COMPLIANCE.PAST_RETENTION": (_M, "Contacts kept past the retention period", "REC.COMPLIANCE.APPLY_RETENTION"),
    "COMPLIANCE.CARD_IN_TEXT": (_C, "Payment card numbers typed into notes", "REC.COMPLIANCE.CLEAN_FREE_TEXT"),
    "COMPLIANCE.IBAN_IN_TEXT": (_H, "Bank account numbers (IBAN) typed into notes", "REC.COMPLIANCE.CLEAN_FREE_TEXT"),
    "COMPLIANCE.NATIONAL_ID_IN_TEXT": (_H, "National identifiers (SSN, NI number) typed into notes",
                                       "REC.COMPLIANCE.CLEAN_FREE_TEXT"),
    "COMPLIANCE.BIRTH_DATE_IN_TEXT": (_M, "Dates of birth typed into notes", "REC.COMPLIANCE.CLEAN_FREE_TEXT"),
    "COMPLIANCE.SPECIAL_CATEGORY_IN_TEXT": (_H, "Health or other special-category data typed into notes",
                                            "REC.COMPLIANCE.CLEAN_FREE_TEXT"),
    "COMPLIANCE.ADMIN_USERS": (_M, "Users with administrator rights", "REC.COMPLIANCE.REVIEW_ACCESS"),
    "COMPLIANCE.DEACTIVATED_OWNER": (_H, "Deactivated users still own records", "REC.COMPLIANCE.REVIEW_ACCESS"),
    "COMPLIANCE.DORMANT_USER_ENABLED": (_M, "Enabled users who do not log in", "REC.COMPLIANCE.REVIEW_ACCESS"),
}
SENSITIVE_CODES = {"card": "COMPLIANCE.CARD_IN_TEXT", "iban": "COMPLIANCE.IBAN_IN_TEXT",
                   "ssn": "COMPLIANCE.NATIONAL_ID_IN_TEXT", "nino": "COMPLIANCE.NATIONAL_ID_IN_TEXT",
                   "dob": "COMPLIANCE.BIRTH_DATE_IN_TEXT", "special": "COMPLIANCE.SPECIAL_CATEGORY_IN_TEXT"}
SCORE_FORMULA = ("100 x sum(weight of data checks passed) / sum(weight of data checks run); weights critical 4, "
                 "high 3, medium 2, low 1; a check passes when it finds nothing above informational")


@dataclass(frozen=True)
class ComplianceConfig:
    regimes: tuple[str, ...] = ()
    retention_months: int = 36
    dormant_login_days: int = 90
    as_of: date | None = None  # None: the exports' date (the day after their newest record)

    def __post_init__(self) -> None:
        unknown = [r for r in self.regimes if r not in REGIMES]
        if unknown:
            raise CrmCoreError(f"'{unknown[0]}' is not a regime the workbench knows: use {', '.join(REGIMES)}.")
        if not 1 <= self.retention_months <= 1200:
            raise CrmCoreError("Set the retention period between 1 and 1200 months.")
        if not 1 <= self.dormant_login_days <= 3650:
            raise CrmCoreError("Set the days without login between 1 and 3650.")

    def to_dict(self) -> dict:
        return {"regimes": list(self.regimes), "retention_months": self.retention_months,
                "dormant_login_days": self.dormant_login_days, "as_of": self.as_of.isoformat() if self.as_of else None}


@dataclass
class _Run:
    """What the checks found so far: findings, issue rows and which checks ran."""

    findings: list[Finding] = field(default_factory=list)
    issues: list[pd.DataFrame] = field(default_factory=list)
    ran: set[str] = field(default_factory=set)
    missing: list[str] = field(default_factory=list)

    def add(self, code: str, ids: pd.Series, values: pd.Series, *, entity: str | pd.Series,
            field_name: str | pd.Series, suggestion: str, detail: str, evidence: dict | None = None,
            severity: Severity | None = None, title: str = "", affected: int | None = None) -> None:
        """Record that ``code`` ran and, when ``ids`` is not empty, its finding and issue rows."""
        self.ran.add(code)
        if not len(ids):
            return
        level, default_title, recommendation = CHECKS[code]
        level = severity or level
        ids = ids.astype(TEXT).reset_index(drop=True)
        columns = {"record_id": ids, "entity": entity, "field": field_name, "check": code, "severity": level.value,
                   "value": values, "suggestion": suggestion}
        self.issues.append(pd.DataFrame({
            key: value.astype(TEXT).reset_index(drop=True) if isinstance(value, pd.Series) else value
            for key, value in columns.items()}).astype(TEXT))
        count = affected if affected is not None else int(ids.nunique())
        self.findings.append(Finding(
            code, level, title or f"{default_title} ({count:,})", count, evidence=evidence or {},
            example_ids=tuple(ids.drop_duplicates().head(MAX_EXAMPLES)), recommendation_code=recommendation,
            detail=detail))


def _flag(table: pd.DataFrame | None, column: str) -> pd.Series | None:
    if table is None or column not in table.columns:
        return None
    return table[column].astype("boolean").fillna(False).astype(bool)


def _emails_after(contacts: pd.DataFrame, activities: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    """Per flagged contact: ``record_id, emails, last`` for email activities after creation."""
    people = contacts.loc[mask, ["record_id"] + (["created_at"] if "created_at" in contacts.columns else [])]
    emails = activities[activities["type"].astype(TEXT).str.contains(EMAIL_TYPE_PATTERN, regex=True).fillna(False)]
    joined = emails[["contact_id", "occurred_at"]].merge(people, left_on="contact_id", right_on="record_id")
    if "created_at" in joined.columns:
        after = joined["occurred_at"] > joined["created_at"]
        joined = joined[joined["created_at"].isna() | joined["occurred_at"].isna() | after]
    return joined.groupby("record_id", as_index=False).agg(emails=("contact_id", "size"),
                                                           last=("occurred_at", "max"))


def _email_checks(tables: Mapping[str, pd.DataFrame], config: ComplianceConfig, run: _Run) -> None:
    contacts, activities = tables.get("contacts"), tables.get("activities")
    if contacts is None:
        return
    opted = [f for f in (_flag(contacts, "email_opt_out"), _flag(contacts, "unsubscribed")) if f is not None]
    opt_in_needed = any(REGIMES[r].opt_in for r in config.regimes)
    if not opted:
        run.missing.append("email opt-out or unsubscribed")
    if opt_in_needed and "email_opt_in" not in contacts.columns:
        run.missing.append("email opt-in (consent)")
    if activities is None or not {"type", "contact_id", "occurred_at"} <= set(activities.columns):
        return
    if opted:
        mask = pd.concat(opted, axis=1).any(axis=1)
        found = _emails_after(contacts, activities, mask)
        run.add("COMPLIANCE.EMAIL_AFTER_OPT_OUT", found["record_id"], _email_note(found, "after opting out"),
                entity="contacts", field_name="email_opt_out",
                suggestion="Suppress the address in every sending tool.",
                evidence={"contacts_opted_out": int(mask.sum()), "emails": int(found["emails"].sum())},
                detail=f"{int(found['emails'].sum()):,} email activities went to {len(found):,} of the "
                       f"{int(mask.sum()):,} contacts who opted out, matched by contact id and dated after the "
                       "contact was created. Opt-outs are not reaching the tools or people who send email.")
    if opt_in_needed and "email_opt_in" in contacts.columns:
        found = _emails_after(contacts, activities, ~_flag(contacts, "email_opt_in"))
        run.add("COMPLIANCE.EMAIL_WITHOUT_CONSENT", found["record_id"], _email_note(found, "without opt-in"),
                entity="contacts", field_name="email_opt_in", suggestion="Record consent or stop marketing email.",
                evidence={"emails": int(found["emails"].sum())},
                detail="Contacts emailed while the export records no opt-in. One-to-one sales email may rest on "
                       "another lawful basis; marketing email needs the consent on record.")


def _email_note(found: pd.DataFrame, what: str) -> pd.Series:
    last = found["last"].dt.strftime("%Y-%m-%d").fillna("an unknown date")
    return found["emails"].astype(str) + f" email(s) {what}, last on " + last


def _lawful_basis(contacts: pd.DataFrame | None, config: ComplianceConfig, run: _Run) -> None:
    needed = [REGIMES[r].label for r in config.regimes if REGIMES[r].lawful_basis]
    if contacts is None or not needed:
        return
    if "lawful_basis" not in contacts.columns:
        run.missing.append("lawful basis")
        return
    empty = contacts["lawful_basis"].astype(TEXT).str.strip().fillna("").eq("")
    run.add("COMPLIANCE.NO_LAWFUL_BASIS", contacts.loc[empty, "record_id"], pd.Series([""] * int(empty.sum())),
            entity="contacts", field_name="lawful_basis", suggestion="Record the lawful basis for this person.",
            detail=f"{', '.join(needed)} require a lawful basis for every person processed.")


def _retention(contacts: pd.DataFrame | None, as_of: date, config: ComplianceConfig, run: _Run) -> None:
    if contacts is None:
        return
    stamps = [c for c in ("last_activity_at", "last_contacted_at", "updated_at", "created_at")
              if c in contacts.columns]
    if not stamps:
        run.missing.append("created, modified or last activity dates")
        return
    last_seen = contacts[stamps].max(axis=1)
    cutoff = pd.Timestamp(as_of) - pd.DateOffset(months=config.retention_months)
    past = last_seen < cutoff
    run.add("COMPLIANCE.PAST_RETENTION", contacts.loc[past, "record_id"],
            "last seen " + last_seen[past].dt.strftime("%Y-%m-%d"), entity="contacts", field_name=stamps[0],
            suggestion="Delete or anonymise, or record why the person is kept.",
            evidence={"retention_months": config.retention_months, "cutoff": cutoff.date().isoformat()},
            detail=f"No activity, contact or change since before {cutoff.date().isoformat()} "
                   f"({config.retention_months} months before {as_of.isoformat()}).")


def _sensitive(tables: Mapping[str, pd.DataFrame], as_of: date, run: _Run) -> None:
    """One finding per kind of sensitive value, counted in records; evidence and rows masked."""
    if not scanned_columns(dict(tables)):
        return
    hits = scan_free_text(dict(tables), today=as_of)
    for code in dict.fromkeys(SENSITIVE_CODES.values()):
        found = hits[hits["kind"].isin([k for k, c in SENSITIVE_CODES.items() if c == code])]
        records = found[["entity", "record_id"]].drop_duplicates()
        examples = "; ".join(f"{r.record_id} ({r.entity}.{r.field}): {r.masked}"
                             for r in found.head(MAX_EXAMPLES).itertuples())
        evidence = {"values": len(found), "records": len(records),
                    **{f"{k}_values": int(n) for k, n in found["category"].value_counts().items()},
                    **{f"in_{e}": int(n) for e, n in records["entity"].value_counts().items()},
                    "masked_examples": examples}
        run.add(code, found["record_id"], found["snippet"], entity=found["entity"], field_name=found["field"],
                affected=len(records), evidence=evidence,
                suggestion="Delete the value from the note; keep it, if at all, in a protected system.",
                detail=f"{len(found):,} value(s) in {len(records):,} record(s), validated, shown masked. "
                       f"Examples: {examples}.")


def _users(tables: Mapping[str, pd.DataFrame], as_of: date, config: ComplianceConfig, run: _Run) -> None:
    users = tables.get("users")
    if users is None or "record_id" not in users.columns:
        return
    active = pd.Series(True, index=users.index)
    if "is_active" in users.columns:
        active = users["is_active"].astype("boolean").fillna(True).astype(bool)
    name = users["name" if "name" in users.columns else "record_id"].astype(TEXT)
    rights = [users[c].astype(TEXT).str.contains(ADMIN_PATTERN, regex=True).fillna(False)
              for c in ("profile", "role") if c in users.columns]
    if rights:
        admin = pd.concat(rights, axis=1).any(axis=1) & active
        admins, allowed = int(admin.sum()), max(2, math.ceil(0.1 * int(active.sum())))
        run.add("COMPLIANCE.ADMIN_USERS", users.loc[admin, "record_id"], name[admin], entity="users",
                field_name="profile", suggestion="Confirm this person needs administrator rights.",
                severity=None if admins > allowed else Severity.INFO,
                evidence={"admins": admins, "allowed": allowed, "active_users": int(active.sum())},
                title=f"{admins} active users have administrator rights"
                      + (f" (more than {allowed})" if admins > allowed else ""),
                detail=f"Administrators: {', '.join(name[admin].fillna(''))}. Keep administrator rights to the "
                       "few who run the CRM and review them twice a year.")
    _deactivated_owners(tables, users, active, name, run)
    if "last_login_at" in users.columns:
        cutoff = pd.Timestamp(as_of) - pd.Timedelta(days=config.dormant_login_days)
        dormant = active & (users["last_login_at"].isna() | (users["last_login_at"] < cutoff))
        last = users.loc[dormant, "last_login_at"].dt.strftime("%Y-%m-%d").fillna("never")
        run.add("COMPLIANCE.DORMANT_USER_ENABLED", users.loc[dormant, "record_id"],
                name[dormant] + ", last login " + last, entity="users", field_name="last_login_at",
                suggestion="Deactivate, or confirm the person still needs access.",
                evidence={"dormant_login_days": config.dormant_login_days},
                detail=f"Enabled accounts unused since before {cutoff.date().isoformat()} (or never used): "
                       f"{', '.join(name[dormant] + ' (' + last + ')')}.")


def _normalised(values: pd.Series) -> pd.Series:
    return values.astype(TEXT).str.casefold().str.split().str.join(" ")


def _deactivated_owners(tables: Mapping[str, pd.DataFrame], users: pd.DataFrame, active: pd.Series,
                        name: pd.Series, run: _Run) -> None:
    """Owners are matched by the user's name, email, username or id, case and spacing ignored."""
    if "is_active" not in users.columns:
        return
    owners = {e: _normalised(tables[e]["owner"]) for e in OWNED_ENTITIES
              if tables.get(e) is not None and "owner" in tables[e].columns}
    ways = [_normalised(users[c]) for c in ("name", "email", "username", "record_id") if c in users.columns]
    holders, books, totals = [], [], dict.fromkeys(OWNED_ENTITIES, 0)
    for index in users.index[~active]:
        keys = {str(way.loc[index]) for way in ways if pd.notna(way.loc[index])}
        book = {e: int(keys_of.isin(keys).sum()) for e, keys_of in owners.items()}
        book = {e: n for e, n in book.items() if n}
        if book:
            holders.append(index)
            books.append(", ".join(f"{n:,} {e}" for e, n in book.items()))
            totals = {e: totals[e] + book.get(e, 0) for e in totals}
    owned = ", ".join(f"{n:,} {e}" for e, n in totals.items() if n)
    run.add("COMPLIANCE.DEACTIVATED_OWNER", users.loc[holders, "record_id"],
            name[holders].reset_index(drop=True) + " owns " + pd.Series(books, dtype=TEXT), entity="users",
            field_name="is_active", suggestion="Reassign the records to an active owner.",
            evidence={f"{e}_owned": n for e, n in totals.items() if n},
            detail=f"People who left still own {owned}: nobody answers for these customers or their requests.")


def run_compliance_checks(tables: Mapping[str, pd.DataFrame], config: ComplianceConfig | None = None,
                          *, today: date | None = None) -> AuditResult:
    """The data half of the compliance audit on canonical tables (entity -> table)."""
    config = config or ComplianceConfig()
    present = {entity: table for entity, table in tables.items() if table is not None}
    as_of = config.as_of or export_date(present, today=today or date.today())
    run = _Run()
    contacts = present.get("contacts")
    _email_checks(present, config, run)
    _lawful_basis(contacts, config, run)
    _retention(contacts, as_of, config, run)
    _sensitive(present, as_of, run)
    _users(present, as_of, config, run)
    if run.missing and contacts is not None:
        run.findings.append(Finding(
            "COMPLIANCE.CONSENT_FIELDS_MISSING", Severity.LOW,
            "Consent and retention fields absent from the contacts export", len(contacts),
            evidence={"missing_fields": ", ".join(run.missing)}, recommendation_code="REC.COMPLIANCE.RECORD_CONSENT",
            detail=f"Not in the export, so not checked: {', '.join(run.missing)}. "
                   "Export them, or start recording them."))
    failed = {f.code for f in run.findings if f.severity != Severity.INFO and f.code in CHECKS}
    weights = {code: _W[CHECKS[code][0]] for code in run.ran}
    scores = ()
    if weights:
        value = 100 * sum(w for code, w in weights.items() if code not in failed) / sum(weights.values())
        scores = (Score("compliance_data", round(value, 1), SCORE_FORMULA, len(weights)),)
    issues = pd.concat(run.issues, ignore_index=True) if run.issues else empty_issues()
    return AuditResult("compliance", scores, tuple(run.findings), issues)


def suggest_regimes(contacts: pd.DataFrame | None, sector: str = "") -> list[tuple[str, str]]:
    """Regimes the data and the sector point at: ``(regime, reason)``, most contacts first."""
    from crm_core.audit.geography import country_codes

    suggestions: dict[str, str] = {}
    if contacts is not None and "country" in contacts.columns:
        codes = country_codes(contacts["country"]).value_counts()
        for code, count in codes.items():
            for regime in COUNTRY_REGIMES.get(str(code), ()):
                suggestions.setdefault(regime, f"{count:,} contacts in {code}")
    for regime in SECTORS.get(sector, ("", ()))[1]:
        suggestions.setdefault(regime, f"the {SECTORS[sector][0].lower()} sector")
    return list(suggestions.items())
