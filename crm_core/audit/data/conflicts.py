"""Conflicts: one fact recorded with different values on records that should agree.

- One email address on several contacts whose names have nothing in common (no word of one
  name within a typo of a word of the other, so nicknames-with-surname and swapped names are
  left to the duplicate finder) or who sit at different companies.
- One web domain under several account names (legal suffixes, ``The``, ``&``/``and``, case and
  one-letter typos ignored; accounts of one hierarchy may share a domain).
- A contact whose company name differs from the name of the account it is linked to.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from crm_core.audit.data.collector import Collector
from crm_core.audit.data.domains import email_providers
from crm_core.audit.data.standardise import fingerprint

SAME_NAME_SCORE = 85
LEGAL_SUFFIXES = {
    "ltd", "limited", "inc", "incorporated", "llc", "llp", "lp", "plc", "corp", "corporation", "co", "company",
    "gmbh", "ag", "kg", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "ab", "as", "oy", "pty", "pte", "kk",
    "group", "holdings", "the", "and",
}


@lru_cache(maxsize=200_000)
def company_key(name: str) -> str:
    """A company name without case, accents, punctuation, ``&``/``and``, ``The`` and legal forms."""
    words = fingerprint(re.sub(r"(?<=\b[A-Za-z])\.(?=[A-Za-z]\b)", "", str(name)).replace("&", " and ")).split()
    kept = [word for word in words if word not in LEGAL_SUFFIXES]
    return " ".join(kept) or " ".join(words)


def same_company(a: str, b: str) -> bool:
    key_a, key_b = company_key(a), company_key(b)
    return key_a == key_b or fuzz.ratio(key_a, key_b) >= 90


def _names_related(names: list[str]) -> bool:
    """Whether every name shares at least one word (within a typo) with the first one."""
    first = fingerprint(names[0]).split()
    for other in names[1:]:
        words = fingerprint(other).split()
        if first and words and not any(fuzz.ratio(a, b) >= SAME_NAME_SCORE for a in first for b in words):
            return False
    return True


def _full_names(contacts: pd.DataFrame) -> pd.Series:
    if "full_name" in contacts.columns:
        full = contacts["full_name"]
    else:
        full = pd.Series(pd.NA, index=contacts.index, dtype="string")
    parts = [contacts[c] for c in ("first_name", "last_name") if c in contacts.columns]
    if parts:
        joined = parts[0].fillna("")
        for part in parts[1:]:
            joined = joined + " " + part.fillna("")
        full = full.fillna(joined.str.strip().replace("", pd.NA))
    return full


def check_email_conflicts(contacts: pd.DataFrame, collector: Collector) -> None:
    if "email" not in contacts.columns:
        return
    email = contacts["email"].str.strip().str.lower()
    shared = email.notna() & email.duplicated(keep=False)
    if not shared.any():
        return
    names = _full_names(contacts)
    company = contacts["account_id"] if "account_id" in contacts.columns else contacts.get("company")
    group = pd.DataFrame({"email": email[shared], "name": names[shared],
                          "company": company[shared] if company is not None else pd.NA})
    company_names = contacts["company"][shared] if "company" in contacts.columns else None
    conflicted = []
    for _email, rows in group.groupby("email", sort=False):
        named = rows["name"].dropna().tolist()
        different_people = len(named) > 1 and not _names_related(named)
        companies = rows["company"].dropna().unique()
        different_company = len(companies) > 1
        if different_company and company_names is not None:
            labels = company_names.loc[rows.index].dropna().unique().tolist()
            different_company = len(labels) > 1 and not all(same_company(labels[0], x) for x in labels[1:])
        if different_people or different_company:
            conflicted.extend(rows.index)
    mask = contacts.index.isin(conflicted)
    collector.flag("DATA.EMAIL_SHARED_CONFLICT", "contacts", mask, field="email", values=contacts["email"])
    collector.describe("DATA.EMAIL_SHARED_CONFLICT", "The same address on contacts with unrelated names or at "
                       "different companies: which one is right?")


def check_domain_conflicts(accounts: pd.DataFrame, domains: pd.Series | None, roots: np.ndarray | None,
                           collector: Collector) -> None:
    if domains is None or "name" not in accounts.columns:
        return
    usable = domains.notna() & ~domains.isin(list(email_providers())).fillna(False) & accounts["name"].notna()
    shared = usable & domains.duplicated(keep=False)
    if not shared.any():
        return
    frame = pd.DataFrame({"domain": domains[shared], "name": accounts["name"][shared],
                          "root": roots[shared.to_numpy()] if roots is not None else 0})
    conflicted = []
    for _domain, rows in frame.groupby("domain", sort=False):
        keys = rows["name"].tolist()
        if all(same_company(keys[0], other) for other in keys[1:]):
            continue
        if rows["root"].nunique() == 1 and roots is not None and (rows["root"] >= 0).all():
            continue
        conflicted.extend(rows.index)
    collector.flag("DATA.DOMAIN_SHARED_CONFLICT", "accounts", accounts.index.isin(conflicted), field="website",
                   values=accounts["website"] if "website" in accounts.columns else None)
    collector.describe("DATA.DOMAIN_SHARED_CONFLICT", "Accounts on one web domain under different names, outside "
                       "one parent/child hierarchy: one company entered twice, or a wrong website.")


def check_company_conflicts(contacts: pd.DataFrame, accounts: pd.DataFrame, collector: Collector) -> None:
    if not {"company", "account_id"} <= set(contacts.columns) or "name" not in accounts.columns:
        return
    unique = accounts.drop_duplicates("record_id")
    names = pd.Series(unique["name"].to_numpy(), index=unique["record_id"].astype("string"))
    expected = contacts["account_id"].astype("string").map(names)
    both = contacts["company"].notna() & expected.notna()
    key = contacts["company"].astype("string") + "\x1f" + expected
    differs = both & (contacts["company"].astype("string") != expected).fillna(False)
    pairs = pd.DataFrame({"company": contacts["company"][differs], "expected": expected[differs]}).drop_duplicates()
    differ = [f"{a}\x1f{b}" for a, b in pairs.itertuples(index=False) if not same_company(a, b)]
    if not differ:
        return
    mask = both & key.isin(differ).fillna(False)
    collector.flag("DATA.COMPANY_NAME_CONFLICT", "contacts", mask, field="company", values=contacts["company"],
                   suggestions=expected)
    collector.describe("DATA.COMPANY_NAME_CONFLICT", "The contact's company is not the name of the account it is "
                       "linked to (legal forms and one-letter typos ignored); the suggestion is the account's name.")


def check_conflicts(clean: dict[str, pd.DataFrame], account_domains: pd.Series | None, roots: np.ndarray | None,
                    collector: Collector) -> None:
    contacts, accounts = clean.get("contacts"), clean.get("accounts")
    if contacts is not None:
        check_email_conflicts(contacts, collector)
    if accounts is not None:
        check_domain_conflicts(accounts, account_domains, roots, collector)
    if contacts is not None and accounts is not None:
        check_company_conflicts(contacts, accounts, collector)
