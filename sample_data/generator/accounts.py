"""Customer and prospect companies (accounts.csv) and their parent/child hierarchy."""

import math
from datetime import date, timedelta

from .companies import (DOMAIN_TLDS, GOVERNMENT_TLDS, INDUSTRY_NOUNS, LEGAL_SUFFIXES,
                        NO_SUFFIX_INDUSTRIES, SURNAMES_FOR_FIRMS, brand_words)
from .constants import HISTORY_START, INDUSTRIES, INDUSTRY_WEIGHTS
from .phones import make_landline
from .places import CITIES, make_postal_code, make_street, pick_city
from .similarity import LookalikeGuard, company_keys, plain
from .world import World, random_date, skewed_date

BASE_ACCOUNTS = 780
TYPE_WEIGHTS = {"Customer": 42, "Prospect": 44, "Partner": 5, "Former Customer": 9}
# Share of accounts nobody works any more (no activities, no cases): they become dead accounts.
DORMANT_SHARE = {"Customer": 0.03, "Prospect": 0.3, "Partner": 0.2, "Former Customer": 0.7}
ENGLISH_SPEAKING = {"US", "GB", "AU", "CA", "IE"}
GOVERNMENT_BODIES = ["County Council", "City Council", "Transport Authority", "Housing Agency",
                     "Water Commission"]
THE_NOUNS = {"Group", "Partners", "Associates", "Collective"}
ACCOUNT_BLURBS = ["Mid-market {industry} business with several regional sites.",
                  "Long-standing customer; analytics team sits in finance.",
                  "Fast-growing {industry} company, expanding into new markets.",
                  "Procurement-led buying process; annual budget review.",
                  "Uses our platform for board reporting and sales dashboards.",
                  "Introduced through a partner; data team of five analysts."]


def pick_industry(w: World, region: str) -> str:
    """An industry; government bodies only in English-speaking countries."""
    while True:
        industry = w.rng.choices(INDUSTRIES, weights=INDUSTRY_WEIGHTS)[0]
        if industry != "Government" or region in ENGLISH_SPEAKING:
            return industry


def company_name(w: World, word: str, industry: str, region: str) -> tuple[str, str]:
    """(account name, words for its domain) in a form typical for the industry and country."""
    rng = w.rng
    if industry == "Government":
        body = rng.choice(GOVERNMENT_BODIES)
        return f"{word} {body}", word + body.split()[0]
    noun = rng.choice(INDUSTRY_NOUNS[industry])
    if industry in NO_SUFFIX_INDUSTRIES:
        return f"{word} {noun}", word + noun
    suffix = rng.choice(LEGAL_SUFFIXES[region])
    roll = rng.random()
    if industry == "Professional Services" and roll < 0.35:
        first, second = rng.sample(SURNAMES_FOR_FIRMS, 2)
        suffix = "LLP" if region == "GB" else suffix
        return f"{first} & {second} {suffix}", first + second
    if roll < 0.12:
        return f"{word} {suffix}", word
    if roll < 0.20:
        noun = rng.choice(sorted(THE_NOUNS))
        return f"The {word} {noun} {suffix}", word + noun
    return f"{word} {noun} {suffix}", word + noun


def company_domain(w: World, stem: str, industry: str, region: str) -> str:
    """A web domain for the company: brand words joined or hyphenated plus a local TLD."""
    base = plain(stem).replace(" ", "")
    if industry == "Government":
        return base + GOVERNMENT_TLDS.get(region, ".gov")
    if industry == "Education":
        return base + {"US": ".edu", "GB": ".ac.uk"}.get(region, ".org")
    if industry == "Non-Profit":
        return base + (".org.uk" if region == "GB" else ".org")
    return base + w.rng.choice(DOMAIN_TLDS[region])


def website(w: World, domain: str) -> str:
    """The company website written one of the many ways people type it."""
    style = w.rng.choices(["https://www.{d}", "www.{d}", "http://www.{d}", "https://{d}/", "{d}"],
                          weights=[35, 30, 10, 10, 15])[0]
    return style.format(d=domain)


def size_and_revenue(w: World) -> tuple[int, float]:
    """Employees (log-normal, 5 to 120,000) and annual revenue in whole thousands."""
    employees = int(min(120000, max(5, math.exp(w.rng.gauss(5.2, 1.5)))))
    revenue = round(employees * w.rng.uniform(80, 350)) * 1000.0
    return employees, revenue


def created_and_since(w: World, account_type: str) -> tuple[date, date | None]:
    """When the account was created and (customers) when it first bought."""
    rng = w.rng
    if account_type in ("Customer", "Former Customer"):
        latest = date(2026, 6, 30) if account_type == "Customer" else date(2023, 6, 30)
        since = random_date(rng, date(2019, 4, 1), latest)
        created = max(HISTORY_START, since - timedelta(days=rng.randint(20, 200)))
        return created, since
    if account_type == "Partner":
        return random_date(rng, HISTORY_START, date(2024, 12, 31)), None
    return skewed_date(rng, HISTORY_START, date(2026, 9, 15), 1.6), None


def make_account(w: World, word: str, guard: LookalikeGuard | None, region_city=None,
                 industry: str | None = None, account_type: str | None = None) -> dict:
    """One account with every field except id and owner; refuses lookalike names via guard."""
    rng = w.rng
    while True:
        city = region_city or pick_city(rng)
        industry_now = industry or pick_industry(w, city.region)
        name, stem = company_name(w, word, industry_now, city.region)
        keys = company_keys(name)
        if guard is None or not guard.clashes(keys):
            break
    if guard is not None:
        guard.accept(keys)
    account_type = account_type or rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]
    created, since = created_and_since(w, account_type)
    employees, revenue = size_and_revenue(w)
    domain = company_domain(w, stem, industry_now, city.region)
    return {
        "Account Name": name, "Parent Account ID": None, "Website": website(w, domain),
        "Industry": industry_now, "Type": account_type, "Account Owner": None,
        "Phone": make_landline(rng, city, w.used_numbers), "Billing Street": make_street(rng, city),
        "Billing City": city.name, "Billing State/Province": city.state or None,
        "Billing Zip/Postal Code": make_postal_code(rng, city), "Billing Country": city.country,
        "Annual Revenue": revenue if rng.random() > 0.12 else None,
        "Employees": employees if rng.random() > 0.08 else None,
        "Created Date": created, "Last Activity": None,
        "Description": rng.choice(ACCOUNT_BLURBS).format(industry=industry_now.lower()) if rng.random() < 0.35 else None,
        "_domain": domain, "_city": city, "_since": since, "_word": word,
        "_arr": float(round(min(400000, max(6000, employees * rng.uniform(15, 45))), -2)),
        "_dormant": rng.random() < DORMANT_SHARE[account_type],
    }


OWNER_WEIGHTS_CUSTOMER = {"Daniel Okafor": 10, "Priya Raman": 10, "Tom Gallagher": 10,
                          "Sofia Lindqvist": 9, "James Whitaker": 4, "Chloé Martin": 5,
                          "Ethan Brooks": 8, "Laura Fitzgerald": 7, "Marcus Reid": 4,
                          "Hannah Schofield": 4, "Olivia Bennett": 1}
OWNER_WEIGHTS_PROSPECT = {"Daniel Okafor": 4, "Priya Raman": 4, "Tom Gallagher": 4,
                          "Sofia Lindqvist": 4, "James Whitaker": 2, "Chloé Martin": 2,
                          "Ethan Brooks": 4, "Laura Fitzgerald": 4, "Kai Nakamura": 10,
                          "Grace O'Neill": 9, "Mateo Rossi": 8, "Aaron Feldman": 5}
ADMIN_OWNED_ACCOUNTS = 14


def assign_account_owners(w: World, accounts: list) -> None:
    """Owners by territory weight; a batch of migrated accounts stays with the CRM admin."""
    rng = w.rng
    for account in accounts:
        weights = OWNER_WEIGHTS_PROSPECT if account["Type"] == "Prospect" else OWNER_WEIGHTS_CUSTOMER
        account["Account Owner"] = rng.choices(list(weights), weights=list(weights.values()))[0]
    migrated = [a for a in accounts if a["Created Date"] < date(2021, 6, 1)]
    for account in rng.sample(migrated, ADMIN_OWNED_ACCOUNTS):
        account["Account Owner"] = "Dana Whitfield"


def build_accounts(w: World) -> None:
    """780 distinct companies plus two planted pairs of different companies sharing a name."""
    words = brand_words(w.rng, 1400)
    homonym_words, words = words[:2], words[2:]
    guard = LookalikeGuard()
    accounts = make_homonym_accounts(w, homonym_words, guard)
    used = 0
    while len(accounts) < BASE_ACCOUNTS + len(homonym_words) * 2:
        accounts.append(make_account(w, words[used], guard))
        used += 1
    w.facts["spare_brand_words"] = words[used:]
    w.facts["company_guard"] = guard
    accounts.sort(key=lambda a: a["Created Date"])
    for account in accounts:
        account["Account ID"] = w.new_id("001")
    assign_account_owners(w, accounts)
    w.accounts = accounts
    w.facts["homonym_accounts"] = [
        [a["Account ID"] for a in accounts if a["_word"] == word] for word in homonym_words]


HOMONYM_PLACES = [("Logistics", "Leeds", "Denver", "Inc"), ("Freight", "Bristol", "Sydney", "Pty Ltd")]


def make_homonym_accounts(w: World, words: list[str], guard: LookalikeGuard) -> list[dict]:
    """Two different companies with the same trading name in different countries (not duplicates)."""
    made = []
    for word, (noun, home, abroad, suffix) in zip(words, HOMONYM_PLACES):
        stem = plain(word + noun).replace(" ", "")
        for city_name, legal, tld, kind in ((home, "Ltd", ".co.uk", "Customer"),
                                            (abroad, suffix, ".com" if suffix == "Inc" else ".com.au", "Prospect")):
            city = next(c for c in CITIES if c.name == city_name)
            account = make_account(w, word, None, city, "Transportation", kind)
            account["Account Name"] = f"{word} {noun} {legal}"
            account["_domain"] = stem + tld
            account["Website"] = website(w, account["_domain"])
            made.append(account)
        guard.accept(company_keys(made[-1]["Account Name"]))
    return made


def build_hierarchy(w: World) -> None:
    """About 45 subsidiaries under 15 large parents, plus 8 three-level chains."""
    rng = w.rng
    big = [a for a in w.accounts if a["Type"] in ("Customer", "Partner") and (a["Employees"] or 0) > 800]
    parents = rng.sample(big, 15)
    rest = [a for a in w.accounts if a not in parents]
    linked = rng.sample(rest, 53)
    children, grandchildren = linked[:45], linked[45:]
    for index, child in enumerate(children):
        child["Parent Account ID"] = parents[index % len(parents)]["Account ID"]
    for grandchild, child in zip(grandchildren, children):
        grandchild["Parent Account ID"] = child["Account ID"]
