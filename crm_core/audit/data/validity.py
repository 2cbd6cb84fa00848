"""Validity: emails, phones, dates, postcodes and websites (countries, states and picklists are
checked against ISO 3166 and the vocabularies in ``standardise``, with their clusters).

Every check works on the table with placeholders already emptied (a ``test`` in the email
column is a completeness problem, not also an invalid email) and decides each distinct value
once; the verdicts are mapped back onto the rows. Countries are resolved first
(:func:`record_countries`) because phones and postcodes are read in the record's country.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from crm_core.audit.data.collector import Collector
from crm_core.audit.data.config import DataAuditConfig
from crm_core.audit.data.domains import (
    brand,
    domain_column,
    email_providers,
    is_disposable,
    is_valid_host,
    website_domains,
)
from crm_core.audit.data.distinct import map_distinct
from crm_core.audit.data.emails import check_email_syntax, classify_domains, email_parts, typo_domains
from crm_core.audit.geography import check_postcodes, country_codes
from crm_core.audit.data.phones import check_phones
from crm_core.schema import TEXT_SUFFIX
from crm_core.schema import fields_for

TEXT = "string"
FUTURE_FIELDS = ("created_at", "updated_at", "last_activity_at", "last_contacted_at", "email_bounced_at", "birth_date")
ORDERED_AFTER_CREATION = ("last_activity_at", "updated_at", "close_date")


@dataclass
class ValidityOutcome:
    """What later checks reuse: each record's ISO country, phone verdicts, email verdicts."""

    countries: dict[str, pd.Series] = field(default_factory=dict)
    phones: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)
    account_domains: pd.Series | None = None  # registrable domain per account row


def check_postcodes_of(clean: dict[str, pd.DataFrame], countries: dict[str, pd.Series], collector: Collector) -> None:
    """Postal codes that do not fit the record's country (where the country has a known pattern)."""
    for entity, table in clean.items():
        if "postal_code" not in table.columns or entity not in countries:
            continue
        codes = countries[entity]
        bad = check_postcodes(table["postal_code"], codes)
        if bad.empty:
            continue
        keyed = table["postal_code"].astype(TEXT) + "\x1f" + codes.fillna("")
        keys = (bad["value"] + "\x1f" + bad["country"]).tolist()
        mask = keyed.isin(keys).fillna(False)
        collector.flag("DATA.POSTCODE_INVALID", entity, mask, field="postal_code", values=table["postal_code"],
                       suggestions=dict(zip(keys, bad["suggestion"])), keys=keyed)
    collector.describe("DATA.POSTCODE_INVALID", "Checked against the postal-code pattern of the record's country; "
                       "the suggestion restores leading zeros a spreadsheet dropped (2108 -> 02108).")


def record_countries(clean: dict[str, pd.DataFrame]) -> dict[str, pd.Series]:
    """Each record's ISO 3166 alpha-2 country (misspellings read as the country they mean)."""
    return {entity: country_codes(table["country"]) for entity, table in clean.items() if "country" in table.columns}


def check_emails(clean: dict[str, pd.DataFrame], config: DataAuditConfig, collector: Collector,
                 known_domains: set[str]) -> set[str]:
    """Syntax, misspelled providers, disposable domains and role addresses of every email field;
    returns the misspelled provider domains seen. A typo of a provider is reported as a typo
    only (the community blocklist also lists common typo domains as disposable)."""
    typo_domains_seen: set[str] = set()
    for entity, table in clean.items():
        for spec in fields_for(entity):
            if spec.kind != "email" or spec.name not in table.columns or entity == "users":
                continue
            column = table[spec.name]
            verdicts = check_email_syntax(column)
            if verdicts.empty:
                continue
            invalid = verdicts[~verdicts["valid"]]
            mask = column.isin(invalid["value"].tolist()).fillna(False)
            collector.flag("DATA.EMAIL_INVALID", entity, mask, field=spec.name, values=column,
                           suggestions=dict(zip(invalid["value"], invalid["repair"])))
            typos = typo_domains(verdicts["domain"], known_domains)
            typo_domains_seen.update(typos)
            typo_rows = verdicts[verdicts["domain"].isin(list(typos)).fillna(False)]
            if not typo_rows.empty:
                fixed = {value: value.rsplit("@", 1)[0] + "@" + typos[domain]
                         for value, domain in zip(typo_rows["value"], typo_rows["domain"])}
                mask = column.isin(list(fixed)).fillna(False)
                collector.flag("DATA.EMAIL_DOMAIN_TYPO", entity, mask, field=spec.name, values=column,
                               suggestions=fixed)
            good = verdicts[verdicts["valid"] & ~verdicts["domain"].isin(list(typos)).fillna(False)]
            flags = classify_domains(good["domain"], config.role_local_parts, good["local"])
            for code, hits in (("DATA.EMAIL_DISPOSABLE", flags["disposable"]), ("DATA.EMAIL_ROLE", flags["role"])):
                values = good["value"][hits].tolist()
                if values:
                    collector.flag(code, entity, column.isin(values).fillna(False), field=spec.name, values=column)
    collector.describe("DATA.EMAIL_INVALID", "Checked with email-validator (syntax only, no network); "
                       "the suggestion repairs stray spaces, commas and doubled dots where that is enough.")
    collector.describe("DATA.EMAIL_DOMAIN_TYPO", "One typing error away from a common provider "
                       "(gmial.com -> gmail.com) and not the domain of any account.")
    return typo_domains_seen


def check_phone_fields(clean: dict[str, pd.DataFrame], config: DataAuditConfig, collector: Collector,
                       outcome: ValidityOutcome) -> None:
    """Every phone field, read in the record's country (or the default region)."""
    for entity, table in clean.items():
        if entity == "users":
            continue
        regions = outcome.countries.get(entity, pd.Series(pd.NA, index=table.index, dtype=TEXT))
        if config.default_region:
            regions = regions.fillna(config.default_region.upper())
        for spec in fields_for(entity):
            if spec.kind != "phone" or spec.name not in table.columns:
                continue
            column = table[spec.name]
            if column.notna().sum() == 0:
                continue
            verdicts = check_phones(column, regions)
            outcome.phones[(entity, spec.name)] = verdicts
            for status, code in (("invalid", "DATA.PHONE_INVALID"), ("unchecked", "DATA.PHONE_UNCHECKED")):
                collector.flag(code, entity, verdicts["status"] == status, field=spec.name, values=column)
    collector.describe("DATA.PHONE_INVALID", "Parsed and validated with libphonenumber in the record's country "
                       f"(default region: {config.default_region or 'none'}).")
    collector.describe("DATA.PHONE_UNCHECKED", "No + country code and no country on the record: set a default "
                       "region in the settings to check these.")


def _day(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, errors="coerce").dt.normalize()


def check_dates(tables: dict[str, pd.DataFrame], as_of: date, collector: Collector) -> None:
    """Dates in the future, dates before the record was created, and unreadable typed values."""
    today = pd.Timestamp(as_of)
    for entity, table in tables.items():
        if entity == "users":
            continue
        for name in FUTURE_FIELDS:
            if name in table.columns:
                collector.flag("DATA.DATE_IN_FUTURE", entity, _day(table[name]) > today, field=name,
                               values=_text_of(table, name))
        if "created_at" in table.columns:
            created = _day(table["created_at"])
            for name in ORDERED_AFTER_CREATION:
                if name in table.columns:
                    collector.flag("DATA.DATE_ORDER", entity, _day(table[name]) < created, field=name,
                                   values=_text_of(table, name))
        for spec in fields_for(entity):
            text_name = spec.name + TEXT_SUFFIX
            if text_name in table.columns and spec.name in table.columns:
                unread = table[text_name].notna() & table[spec.name].isna()
                collector.flag("DATA.VALUE_UNREADABLE", entity, unread, field=spec.name, values=table[text_name])
    collector.describe("DATA.DATE_ORDER", "Last activity, last modification or close date earlier than the "
                       "day the record was created.")
    collector.describe("DATA.DATE_IN_FUTURE", f"Later than the audit date ({as_of.isoformat()}).")


def _text_of(table: pd.DataFrame, name: str) -> pd.Series:
    return table[name + TEXT_SUFFIX] if name + TEXT_SUFFIX in table.columns else table[name]


def check_websites(clean: dict[str, pd.DataFrame], collector: Collector, outcome: ValidityOutcome) -> None:
    """Websites that are not web addresses; remembers each account's domain."""
    accounts = clean.get("accounts")
    for entity in ("accounts", "contacts"):
        table = clean.get(entity)
        if table is None:
            continue
        for name in ("website", "domain"):
            if name in table.columns:
                lookup = website_domains(table[name])
                bad = lookup[[not is_valid_host(h) if isinstance(h, str) else True for h in lookup["host"]]]
                collector.flag("DATA.WEBSITE_INVALID", entity, table[name].isin(bad["value"].tolist()).fillna(False),
                               field=name, values=table[name])
    if accounts is None:
        return
    domains = domain_column(accounts["domain"]) if "domain" in accounts.columns else None
    if "website" in accounts.columns:
        site = domain_column(accounts["website"])
        domains = site if domains is None else domains.fillna(site)
    if domains is None:
        return
    outcome.account_domains = domains


def check_company_domains(clean: dict[str, pd.DataFrame], domains: pd.Series | None, typos: set[str],
                          collector: Collector) -> None:
    """Contacts whose work email or website is on another company's domain than their account's
    (compared on the company's own label, so ``acme.co.uk`` agrees with ``acme.com``)."""
    accounts, contacts = clean.get("accounts"), clean.get("contacts")
    if domains is None or accounts is None or contacts is None or "account_id" not in contacts.columns:
        return
    by_id = pd.Series(map_distinct(domains, brand).to_numpy(), index=accounts["record_id"].astype(TEXT))
    by_id = by_id[~by_id.index.duplicated()].dropna()
    expected = contacts["account_id"].astype(TEXT).map(by_id)
    if "email" in contacts.columns:
        email_domain = email_parts(contacts["email"].str.lower())[1]
        distinct = pd.Series(email_domain.dropna().unique(), dtype=TEXT)
        personal = set(email_providers()) | set(typos) | {d for d in distinct if is_disposable(d)}
        work = email_domain.notna() & ~email_domain.isin(list(personal)).fillna(True)
        ours = map_distinct(domain_column(email_domain.where(work)), brand)
        differs = work & expected.notna() & ours.notna() & (ours != expected).fillna(False)
        collector.flag("DATA.EMAIL_DOMAIN_MISMATCH", "contacts", differs, field="email", values=contacts["email"])
    if "website" in contacts.columns:
        ours = map_distinct(domain_column(contacts["website"]), brand)
        differs = expected.notna() & ours.notna() & (ours != expected).fillna(False)
        collector.flag("DATA.EMAIL_DOMAIN_MISMATCH", "contacts", differs, field="website", values=contacts["website"])
    collector.describe("DATA.EMAIL_DOMAIN_MISMATCH", "Work email (free, disposable and misspelled providers "
                       "excluded) or website on another company's domain than the account's website.")


def check_validity(tables: dict[str, pd.DataFrame], clean: dict[str, pd.DataFrame], config: DataAuditConfig,
                   as_of: date, countries: dict[str, pd.Series], collector: Collector) -> ValidityOutcome:
    """Every validity check; countries, states and picklists are checked with their clusters
    in ``standardise``."""
    outcome = ValidityOutcome(countries=countries)
    check_postcodes_of(clean, countries, collector)
    check_websites(clean, collector, outcome)
    known = set(outcome.account_domains.dropna().unique()) if outcome.account_domains is not None else set()
    typos = check_emails(clean, config, collector, known)
    check_company_domains(clean, outcome.account_domains, typos, collector)
    check_phone_fields(clean, config, collector, outcome)
    check_dates(tables, as_of, collector)
    return outcome

