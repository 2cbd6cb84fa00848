"""Web domains: of websites and email addresses, compared on their registrable part.

``https://www.shop.acme.co.uk/about`` and ``jane@mail.acme.co.uk`` are both ``acme.co.uk``.
The handful of two-level public suffixes that CRM data meets (``co.uk``, ``com.au``...) are
listed here; a full public-suffix list is not needed to compare a contact with its company.

Free email providers (gmail.com...) are data in ``data/email_providers.csv``; disposable domains
come from the ``disposable-email-domains`` package, the community-maintained blocklist (updated
with every release; about 10,000 domains).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
from disposable_email_domains import blocklist as _DISPOSABLE

from crm_core.audit.data.distinct import map_distinct
from crm_core.audit.geography import read_data_rows

# Second-level labels under a country code that are public suffixes (acme.co.uk, x.gc.ca,
# y.gouv.fr), and Canada's provincial ones; enough to compare companies without the full list.
SECOND_LEVELS = frozenset({"co", "com", "net", "org", "gov", "govt", "gouv", "gob", "edu", "ac", "gc", "ltd", "plc",
                           "nhs", "sch", "mil", "nic", "or", "ne", "go", "me", "id", "info", "biz", "asso"})
CANADIAN_PROVINCES = frozenset({"ab", "bc", "mb", "nb", "nf", "nl", "ns", "nt", "nu", "on", "pe", "qc", "sk", "yk"})
_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*:?//)?(?:[^@/]*@)?([^/:?#\s]+)")
_VALID_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{2,59})$")


@lru_cache(maxsize=1)
def email_providers() -> frozenset[str]:
    """Free, personal email providers: an address there says nothing about the employer."""
    return frozenset(row["domain"] for row in read_data_rows("email_providers.csv"))


@lru_cache(maxsize=100_000)
def is_disposable(domain: str) -> bool:
    """True for a throw-away email domain or a sub-domain of one."""
    labels = domain.split(".")
    return any(".".join(labels[i:]) in _DISPOSABLE for i in range(len(labels) - 1))


def host_of(text: str) -> str | None:
    """The host name of a website or URL as typed (scheme, path, port and ``www.`` removed)."""
    match = _HOST.match(text.strip().lower())
    if not match:
        return None
    host = match.group(1).rstrip(".")
    return host[4:] if host.startswith("www.") else host


def is_valid_host(host: str | None) -> bool:
    return bool(host) and bool(_VALID_HOST.match(host))


def registrable(host: str | None) -> str | None:
    """``shop.acme.co.uk`` -> ``acme.co.uk``; None for something that is not a domain."""
    if not is_valid_host(host):
        return None
    labels = host.split(".")
    second, top = (labels[-2], labels[-1]) if len(labels) >= 2 else ("", labels[-1])
    public = len(top) == 2 and (second in SECOND_LEVELS or (top == "ca" and second in CANADIAN_PROVINCES))
    size = 3 if public and len(labels) >= 3 else 2
    return ".".join(labels[-size:])


def brand(domain: str | None) -> str | None:
    """The company's own label of a registrable domain: ``acme.co.uk`` and ``acme.com`` -> ``acme``."""
    return domain.split(".", 1)[0] if domain else None


def website_domains(websites: pd.Series) -> pd.DataFrame:
    """Per distinct website: ``value, host, domain`` (domain: registrable part, NA if invalid)."""
    distinct = pd.Series(websites.dropna().unique(), dtype="string")
    hosts = [host_of(value) for value in distinct]
    return pd.DataFrame(
        {"value": distinct, "host": hosts, "domain": [registrable(host) for host in hosts]}
    ).astype("string")


def domain_column(websites: pd.Series) -> pd.Series:
    """The registrable domain of every row's website (NA where empty or not a web address)."""
    return map_distinct(websites, lambda value: registrable(host_of(value)))
