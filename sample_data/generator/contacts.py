"""The people at customer and prospect companies (contacts.csv)."""

from datetime import date, timedelta

from .accounts import make_account
from .constants import HISTORY_START, LEAD_SOURCE_WEIGHTS, LEAD_SOURCES, SPAN_END, SPAN_START
from .freetext import contact_note
from .names import (FIRST_NAMES, HOMONYM_NAMES, LAST_NAMES, NON_LATIN_PEOPLE, ORIGIN_WEIGHTS,
                    PERSONAL_DOMAINS, PERSONAL_DOMAINS_UK)
from .phones import make_landline, make_mobile
from .places import make_postal_code, make_street, pick_city
from .similarity import LookalikeGuard, person_keys, plain
from .world import World, random_date

TOTAL_BASE_PEOPLE = 4870          # contacts before duplicate copies are added
ORPHANS_WITHOUT_ACCOUNT = 55
CONTACTS_OF_DELETED_ACCOUNTS = 12
DELETED_ACCOUNTS = 3

TITLES = [
    ("Chief Executive Officer", 3), ("CEO", 2), ("Chief Financial Officer", 3), ("CFO", 2),
    ("Chief Technology Officer", 2), ("Chief Information Officer", 2), ("Chief Data Officer", 2),
    ("Managing Director", 3), ("General Manager", 2), ("VP of Sales", 3), ("VP Marketing", 2),
    ("VP Finance", 2), ("Head of Data", 4), ("Head of Analytics", 4), ("Head of Revenue Operations", 3),
    ("Director of Finance", 4), ("IT Director", 4), ("Director of Operations", 3), ("Commercial Director", 2),
    ("HR Director", 1), ("Sales Operations Manager", 5), ("RevOps Manager", 3), ("Marketing Manager", 5),
    ("Finance Manager", 5), ("Financial Controller", 4), ("Operations Manager", 5), ("IT Manager", 5),
    ("Procurement Manager", 4), ("Purchasing Manager", 2), ("Project Manager", 4), ("Product Manager", 3),
    ("Business Intelligence Manager", 4), ("Data Analyst", 6), ("Senior Data Analyst", 5),
    ("BI Developer", 3), ("Data Engineer", 4), ("Business Analyst", 5), ("Systems Administrator", 2),
    ("Software Engineer", 2), ("Customer Success Manager", 2), ("Account Manager", 2),
    ("Office Manager", 2), ("Executive Assistant", 2), ("Consultant", 2), ("Partner", 1),
]
EMAIL_PATTERNS = {"first.last": 70, "flast": 12, "first_last": 5, "firstl": 5, "f.last": 5, "first": 3}
LIFECYCLE_BY_TYPE = {
    "Customer": {"Customer": 70, "Evangelist": 10, "Opportunity": 10, "Sales Qualified Lead": 10},
    "Former Customer": {"Customer": 60, "Lead": 25, "Subscriber": 15},
    "Partner": {"Evangelist": 50, "Customer": 30, "Lead": 20},
    "Prospect": {"Subscriber": 20, "Lead": 30, "Marketing Qualified Lead": 20,
                 "Sales Qualified Lead": 15, "Opportunity": 15},
    None: {"Subscriber": 50, "Lead": 50},
}
MARKETING_OWNERS = ["Nathan Cole", "Isabel Duarte", "Emily Zhao"]
SDRS = ["Kai Nakamura", "Grace O'Neill", "Mateo Rossi", "Aaron Feldman"]


def ascii_name(text: str) -> str:
    """The name as it appears in an email address: 'Ó Súilleabháin' -> 'osuilleabhain'."""
    return plain(text).replace(" ", "")


def local_part(first: str, last: str, pattern: str) -> str:
    f, l = ascii_name(first), ascii_name(last)
    return {"first.last": f"{f}.{l}", "flast": f"{f[0]}{l}", "first_last": f"{f}_{l}",
            "firstl": f"{f}{l[0]}", "f.last": f"{f[0]}.{l}", "first": f}[pattern]


def pick_origin(w: World, country: str) -> str:
    weights = ORIGIN_WEIGHTS.get(country, ORIGIN_WEIGHTS["default"])
    return w.rng.choices(list(weights), weights=list(weights.values()))[0]


def new_person(w: World, guard: LookalikeGuard, country: str) -> tuple[str, str]:
    """A name that no other person in the CRM could be mistaken for."""
    while True:
        origin = pick_origin(w, country)
        first = w.rng.choice(FIRST_NAMES[origin])
        last = w.rng.choice(LAST_NAMES[origin if w.rng.random() < 0.85 else pick_origin(w, country)])
        keys = person_keys(first, last)
        if plain(first) != plain(last) and not guard.clashes(keys):
            guard.accept(keys)
            return first, last


def company_email(w: World, first: str, last: str, account: dict, emails: set) -> str:
    """first.last@domain in the company's pattern, falling back to first.last if taken."""
    pattern = account.setdefault("_email_pattern", w.rng.choices(list(EMAIL_PATTERNS), weights=list(EMAIL_PATTERNS.values()))[0])
    for choice in (pattern, "first.last", "first_last"):
        email = f"{local_part(first, last, choice)}@{account['_domain']}"
        if email not in emails:
            emails.add(email)
            return email
    raise RuntimeError(f"no free email for {first} {last}")


def personal_email(w: World, first: str, last: str, region: str, emails: set) -> str:
    """A private address (gmail, outlook ...), as people give at events."""
    domains = PERSONAL_DOMAINS_UK if region in ("GB", "IE") else PERSONAL_DOMAINS
    f, l = ascii_name(first), ascii_name(last)
    while True:
        local = w.rng.choice([f"{f}.{l}", f"{f}{l}", f"{f[0]}{l}{w.rng.randint(1, 99)}", f"{f}.{l}{w.rng.randint(70, 99)}"])
        email = f"{local}@{w.rng.choice(domains)}"
        if email not in emails:
            emails.add(email)
            return email


def mailing_address(w: World, account: dict | None) -> dict:
    """Mostly the company's own address; sometimes another office or another country."""
    rng = w.rng
    roll = rng.random()
    if account is not None and roll < 0.65:
        return {"city": account["_city"], "Mailing Street": account["Billing Street"],
                "Mailing Zip/Postal Code": account["Billing Zip/Postal Code"]}
    city = pick_city(rng, account["_city"].country if account is not None and roll < 0.95 else None)
    return {"city": city, "Mailing Street": make_street(rng, city),
            "Mailing Zip/Postal Code": make_postal_code(rng, city)}


def contact_dates(w: World, account: dict | None) -> tuple[date, date]:
    """Created Date (after the account's) and Last Modified Date."""
    rng = w.rng
    start = account["Created Date"] if account is not None else HISTORY_START
    if rng.random() < 0.6:      # most people are added while the account is being won or onboarded
        created = min(SPAN_END, start + timedelta(days=int(rng.expovariate(1 / 240))))
    else:
        created = random_date(rng, start, SPAN_END)
    if created < SPAN_START and rng.random() < 0.2:
        modified = random_date(rng, SPAN_START, SPAN_END)
    else:
        modified = min(SPAN_END, created + timedelta(days=int(rng.expovariate(1 / 60))))
    return created, modified


def contact_owner(w: World, account: dict | None, lifecycle: str) -> str:
    """The account owner usually; SDRs or marketing for early-stage people."""
    rng = w.rng
    if lifecycle in ("Subscriber", "Lead") and rng.random() < 0.15:
        return rng.choice(MARKETING_OWNERS)
    if account is None or (account["Type"] == "Prospect" and rng.random() < 0.1):
        return rng.choice(SDRS)
    return account["Account Owner"] if rng.random() < 0.9 or account["Account Owner"] == "Dana Whitfield" else rng.choice(SDRS)


def make_contact(w: World, first: str, last: str, account: dict | None, emails: set,
                 email_names: tuple[str, str] | None = None, account_label: tuple | None = None) -> dict:
    """One contact with every field filled the way a careful rep would fill it."""
    rng = w.rng
    address = mailing_address(w, account)
    city = address.pop("city")
    email_first, email_last = email_names or (first, last)
    if account is not None and rng.random() > 0.07:
        email = company_email(w, email_first, email_last, account, emails)
    else:
        email = personal_email(w, email_first, email_last, city.region, emails)
    account_type = account["Type"] if account is not None else None
    weights = LIFECYCLE_BY_TYPE[account_type]
    lifecycle = rng.choices(list(weights), weights=list(weights.values()))[0]
    created, modified = contact_dates(w, account)
    if account is not None and rng.random() < 0.25:
        phone = account["Phone"].restyled(rng.choice(["national", "intl"]) if city.region not in ("US", "CA") else account["Phone"].style)
    else:
        phone = make_landline(rng, city, w.used_numbers)
    label_name, label_id = account_label or ((account["Account Name"], account["Account ID"]) if account else (None, None))
    return {
        "First Name": first, "Last Name": last, "Email": email, "Phone": phone,
        "Mobile": make_mobile(rng, city, w.used_numbers) if rng.random() < 0.45 else None,
        "Account Name": label_name, "Account ID": label_id,
        "Title": rng.choices([t for t, _ in TITLES], weights=[n for _, n in TITLES])[0],
        "Contact Owner": contact_owner(w, account, lifecycle),
        "Lead Source": rng.choices(LEAD_SOURCES, weights=LEAD_SOURCE_WEIGHTS)[0],
        "Lifecycle Stage": lifecycle, **address,
        "Mailing City": city.name, "Mailing State/Province": city.state or None,
        "Mailing Country": city.country,
        "Birthdate": random_date(rng, date(1958, 1, 1), date(2001, 12, 31)) if rng.random() < 0.07 else None,
        "Email Opt Out": rng.random() < 0.05, "Email Bounced Date": None,
        "Description": contact_note(rng) if rng.random() < 0.3 else None,
        "Created Date": created, "Last Modified Date": modified, "Last Activity": None,
        "_region": city.region, "_account": account, "_email_names": (email_first, email_last),
        "_engagement": 0 if account is None or account["_dormant"] else rng.choices([0, 1, 8], weights=[40, 40, 20])[0],
    }


def contact_weight(account: dict) -> float:
    """How many people we know at a company, relative to others."""
    base = {"Customer": 9.0, "Former Customer": 5.0, "Partner": 5.0, "Prospect": 3.5}[account["Type"]]
    size = min(3.0, max(0.5, ((account["Employees"] or 200) / 500) ** 0.25))
    return base * size


def build_contacts(w: World) -> None:
    """Regular contacts, planted homonyms, non-Latin names, orphans and contacts of deleted accounts."""
    rng, emails, guard = w.rng, set(), LookalikeGuard()
    contacts = []
    homonym_people = plant_homonyms(w, guard, emails, contacts)
    for first, last, first_latin, last_latin in NON_LATIN_PEOPLE:
        guard.accept(person_keys(first_latin, last_latin))
        account = rng.choice([a for a in w.accounts if a["_city"].region in ("DE", "GB", "US", "AU")])
        contacts.append(make_contact(w, first, last, account, emails, (first_latin, last_latin)))
    regular = TOTAL_BASE_PEOPLE - len(contacts) - ORPHANS_WITHOUT_ACCOUNT - CONTACTS_OF_DELETED_ACCOUNTS
    empty = set(id(a) for a in rng.sample(w.accounts, 30))
    weights = [0 if id(a) in empty else contact_weight(a) for a in w.accounts]
    for account in rng.choices(w.accounts, weights=weights, k=regular):
        first, last = new_person(w, guard, account["_city"].country)
        contacts.append(make_contact(w, first, last, account, emails))
    for _ in range(ORPHANS_WITHOUT_ACCOUNT):
        city = pick_city(rng)
        first, last = new_person(w, guard, city.country)
        contacts.append(make_contact(w, first, last, None, emails))
    contacts.extend(contacts_of_deleted_accounts(w, guard, emails))
    contacts.sort(key=lambda c: c["Created Date"])
    for contact in contacts:
        contact["Contact ID"] = w.new_id("003")
    w.contacts = contacts
    w.facts["person_guard"] = guard
    w.facts["emails"] = emails
    w.facts["homonym_contacts"] = [[c["Contact ID"] for c in pair] for pair in homonym_people]


def plant_homonyms(w: World, guard: LookalikeGuard, emails: set, contacts: list) -> list:
    """Pairs of different people who share a name, at different companies in different cities."""
    pairs = []
    for first, last in HOMONYM_NAMES:
        guard.accept(person_keys(first, last))
        first_account, second_account = w.rng.sample([a for a in w.accounts if a["Type"] != "Prospect"], 2)
        pair = [make_contact(w, first, last, first_account, emails),
                make_contact(w, first, last, second_account, emails)]
        contacts.extend(pair)
        pairs.append(pair)
    return pairs


def contacts_of_deleted_accounts(w: World, guard: LookalikeGuard, emails: set) -> list:
    """People whose Account ID points at accounts that were deleted from the CRM."""
    words = w.facts["spare_brand_words"]
    made = []
    for index in range(DELETED_ACCOUNTS):
        account = make_account(w, words[index], w.facts["company_guard"])
        account["Account ID"] = w.new_id("001")
        account["Account Owner"] = "James Whitaker"
        for _ in range(CONTACTS_OF_DELETED_ACCOUNTS // DELETED_ACCOUNTS):
            first, last = new_person(w, guard, account["_city"].country)
            made.append(make_contact(w, first, last, account, emails))
    w.facts["spare_brand_words"] = words[DELETED_ACCOUNTS:]
    return made
