"""Email addresses: syntax (email-validator, no network), typos of common providers, disposable
domains and role addresses, each decided once per distinct value or domain.

Syntax: a strict RE2 pattern recognises the ordinary addresses (``first.last@company.com``) in
one vectorised pass; it is narrower than what email-validator accepts, so every address it
passes is valid there too. Only the rest (a few per cent) goes through
``email_validator.validate_email(..., check_deliverability=False)`` one distinct value at a time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from email_validator import EmailNotValidError, validate_email
from rapidfuzz import process
from rapidfuzz.distance import OSA

from crm_core.audit.data.domains import email_providers, is_disposable

SPECIAL_USE_TLDS = ("arpa", "invalid", "local", "localhost", "onion", "test")
_PLAIN_EMAIL = (
    r"^[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$"
)
MIN_PROVIDER_LENGTH = 9  # only providers this long are typo targets (aol.com is too close to real companies)
EMAIL_COLUMNS = ("value", "local", "domain", "valid", "reason", "repair")


def _plain_valid(values: pd.Series) -> np.ndarray:
    """Addresses the strict pattern accepts (and that email-validator accepts too)."""
    text = pa.array(values.str.lower(), type=pa.large_string())
    plain = pc.match_substring_regex(text, pattern=_PLAIN_EMAIL).fill_null(False).to_numpy(zero_copy_only=False)
    lengths = pc.utf8_length(text).to_numpy(zero_copy_only=False)
    local_lengths = pc.find_substring(text, "@").to_numpy(zero_copy_only=False)
    special_pattern = r"\.(?:" + "|".join(SPECIAL_USE_TLDS) + r")$"
    special = pc.match_substring_regex(text, pattern=special_pattern).fill_null(False).to_numpy(zero_copy_only=False)
    return plain & (lengths <= 254) & (local_lengths <= 64) & ~special


def _repair(value: str) -> str | None:
    """An obvious repair of an invalid address (spaces, commas, a doubled or trailing dot)."""
    candidate = value.strip().replace(" ", "").replace(",", ".").replace("..", ".").rstrip(".")
    if candidate.count("@") != 1 or candidate == value:
        return None
    try:
        return validate_email(candidate, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def check_email_syntax(values: pd.Series) -> pd.DataFrame:
    """One row per distinct non-empty address: ``value, local, domain, valid, reason, repair``.

    ``local`` and ``domain`` are lower-cased; ``reason`` says why an invalid address is invalid
    (email-validator's sentence); ``repair`` is a corrected address where one is obvious.
    """
    distinct = pd.Series(values.dropna().unique(), dtype="string")
    valid = _plain_valid(distinct) if len(distinct) else np.zeros(0, dtype=bool)
    reasons: list[str | None] = [None] * len(distinct)
    repairs: list[str | None] = [None] * len(distinct)
    for index in np.flatnonzero(~valid):
        value = distinct.iloc[index]
        try:
            validate_email(value, check_deliverability=False)
            valid[index] = True
        except EmailNotValidError as error:
            reasons[index] = str(error)
            repairs[index] = _repair(value)
    local, domain = email_parts(distinct.str.lower())
    return pd.DataFrame({
        "value": distinct, "local": local, "domain": domain, "valid": valid,
        "reason": pd.Series(reasons, dtype="string"), "repair": pd.Series(repairs, dtype="string"),
    })


def email_parts(emails: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(local part, domain) of each address, split at the last ``@`` (NA without one)."""
    parts = pc.extract_regex(pa.array(emails.astype("string"), type=pa.large_string()),
                             pattern=r"^(?P<local>.*)@(?P<domain>[^@]*)$")
    local = pd.Series(pc.struct_field(parts, "local"), index=emails.index, dtype="string")
    domain = pd.Series(pc.struct_field(parts, "domain"), index=emails.index, dtype="string")
    return local, domain


def typo_domains(domains: pd.Series, known: set[str]) -> dict[str, str]:
    """Misspelled provider domains -> the provider (``gmial.com`` -> ``gmail.com``).

    A domain is a typo when one edit (a letter added, dropped, changed or two swapped) turns it
    into a common provider of at least nine characters, and it is neither a provider itself
    nor a domain the CRM knows as a company's (``known``).
    """
    providers = sorted(p for p in email_providers() if len(p) >= MIN_PROVIDER_LENGTH)
    candidates = [d for d in pd.Series(domains).dropna().unique()
                  if d not in email_providers() and d not in known and len(d) >= MIN_PROVIDER_LENGTH - 1]
    if not candidates:
        return {}
    distances = process.cdist(candidates, providers, scorer=OSA.distance, score_cutoff=1, dtype=np.int32)
    typos: dict[str, str] = {}
    for row, domain in enumerate(candidates):
        hits = np.flatnonzero(distances[row] <= 1)
        if len(hits) == 1:
            typos[domain] = providers[hits[0]]
    return typos


def classify_domains(domains: pd.Series, role_locals: tuple[str, ...], locals_: pd.Series) -> pd.DataFrame:
    """Per address (aligned with the inputs): disposable domain and role local part flags."""
    distinct = pd.Series(domains.dropna().unique(), dtype="string")
    disposable = {d for d in distinct if is_disposable(d)}
    return pd.DataFrame({
        "disposable": domains.isin(list(disposable)).fillna(False).astype(bool),
        "role": locals_.str.replace(r"\+.*$", "", regex=True).isin(list(role_locals)).fillna(False).astype(bool),
    }, index=domains.index)
