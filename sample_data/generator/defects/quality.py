"""Field-level data quality: missing values, placeholders, invalid emails and phones, and
several spellings of one picklist value.

Each function takes cells no other defect has taken (World.pick), changes them and records
the record ids under its defect key, so every count in truth.json is exact.
"""

from ..constants import DISPOSABLE_DOMAINS, ID_FIELD, ROLE_LOCAL_PARTS, TYPO_DOMAINS
from ..contacts import ascii_name
from ..phones import Phone
from ..world import World

# Countries whose numbers have one fixed length, so a shortened number is certainly invalid.
FIXED_LENGTH_REGIONS = {"US", "CA", "GB", "FR", "ES", "NL", "AU"}
CANONICAL_COUNTRIES = {"United States", "United Kingdom", "Germany", "France", "Ireland",
                       "Netherlands", "Italy", "Spain", "Australia", "Canada"}


def blank_field(w: World, entity: str, rows: list, field: str, count: int, key: str, where=None) -> None:
    """Empty a field on count records (a rep skipped it)."""
    for row in w.pick(entity, rows, count, (field,), where):
        row[field] = None
        w.plant(key, row[ID_FIELD[entity]])


def set_values(w: World, entity: str, rows: list, field: str, values: dict, key: str, where=None,
               also_claim: tuple = ()) -> None:
    """Write each value into that many records' field: {'n/a': 10, '-': 5}."""
    for value, count in values.items():
        for row in w.pick(entity, rows, count, (field,) + also_claim, where):
            row[field] = value
            w.plant(key, row[ID_FIELD[entity]])


def plant_missing_contact_fields(w: World) -> None:
    """Empty emails (~6%), phones (~12%), titles, owners and countries on contacts."""
    c = w.contacts
    blank_field(w, "contacts", c, "Email", 290, "contacts_missing_email")
    blank_field(w, "contacts", c, "Phone", 590, "contacts_missing_phone")
    blank_field(w, "contacts", c, "Title", 390, "contacts_missing_title")
    blank_field(w, "contacts", c, "Contact Owner", 35, "contacts_missing_owner")
    blank_field(w, "contacts", c, "Mailing Country", 250, "contacts_missing_country")


def plant_missing_account_fields(w: World) -> None:
    """Accounts without industry, owner, country or website."""
    a = w.accounts
    blank_field(w, "accounts", a, "Industry", 30, "accounts_missing_industry")
    blank_field(w, "accounts", a, "Account Owner", 8, "accounts_missing_owner")
    blank_field(w, "accounts", a, "Billing Country", 18, "accounts_missing_country")
    blank_field(w, "accounts", a, "Website", 25, "accounts_missing_website")


def plant_missing_deal_fields(w: World) -> None:
    """Deals without amount, close date or owner (close dates only on deals not won in the span)."""
    o = w.opportunities
    blank_field(w, "opportunities", o, "Amount", 70, "opportunities_missing_amount")
    blank_field(w, "opportunities", o, "Close Date", 18, "opportunities_missing_close_date",
                where=lambda d: d["Stage"] != "Closed Won")
    blank_field(w, "opportunities", o, "Opportunity Owner", 10, "opportunities_missing_owner")


def plant_placeholders(w: World) -> None:
    """Values typed to get past a required field: 'n/a', '-', 'unknown', '0000000000' ..."""
    c = w.contacts
    set_values(w, "contacts", c, "Email", {"noemail@example.com": 20, "n/a": 10, "unknown": 8, "-": 7},
               "contacts_placeholder_email")
    set_values(w, "contacts", c, "Phone", {"0000000000": 14, "n/a": 6, "-": 5}, "contacts_placeholder_phone")
    set_values(w, "contacts", c, "Title", {"n/a": 8, "-": 5, "unknown": 4, "test": 3}, "contacts_placeholder_title")
    set_values(w, "accounts", w.accounts, "Phone", {"0000000000": 2, "n/a": 2}, "accounts_placeholder_phone")


def plant_placeholder_names(w: World) -> None:
    """Junk test records and people whose last name nobody knew."""
    junk = [("test", "test"), ("Test", "Test"), ("asdf", "asdf"), (None, "-"), (None, "unknown"), (None, "n/a")]
    rows = w.pick("contacts", w.contacts, len(junk), ("First Name", "Last Name", "Email", "Contact Owner"))
    for row, (first, last) in zip(rows, junk):
        if first is not None:       # a test record IT created and never deleted
            row["First Name"] = first
            row["Email"] = None
            row["Contact Owner"] = "Sam Iqbal"
            w.plant("contacts_missing_email", row["Contact ID"])
        row["Last Name"] = last
        w.plant("contacts_placeholder_name", row["Contact ID"])


def invalid_syntax(w: World, row: dict, index: int) -> str:
    """An address no mail server would accept, in one of several classic ways."""
    first, last = (ascii_name(n) for n in row["_email_names"])
    domain = row["_account"]["_domain"] if row["_account"] else "gmail.com"
    label = domain.split(".")[0]
    forms = [f"{first}.{last}@@{domain}", f"{first}@", f"{first} {last}@{domain}", f"{first}.{last}.{domain}",
             f"{first}.{last}@{label}", f"{first}..{last}@{domain}", f"{first}.{last}@{domain.replace('.', ',', 1)}",
             f"@{domain}"]
    return forms[index % len(forms)]


def plant_invalid_emails(w: World) -> None:
    """Broken syntax, misspelt free-mail domains, role addresses and disposable domains."""
    c = w.contacts
    for index, row in enumerate(w.pick("contacts", c, 24, ("Email",))):
        row["Email"] = invalid_syntax(w, row, index)
        w.plant("contacts_invalid_email_syntax", row["Contact ID"])
    typo_counts = {"gmial.com": 6, "hotmial.com": 5, "yaho.com": 4, "outlok.com": 3}
    for domain, count in typo_counts.items():
        for row in w.pick("contacts", c, count, ("Email",)):
            first, last = (ascii_name(n) for n in row["_email_names"])
            row["Email"] = f"{first}.{last}@{domain}"
            w.plant("contacts_email_typo_domain", row["Contact ID"])
    assert set(typo_counts) <= set(TYPO_DOMAINS)
    roles = ["info", "sales", "accounts", "admin", "office", "enquiries"]
    for index, row in enumerate(w.pick("contacts", c, 30, ("Email",), where=lambda r: r["_account"] is not None)):
        row["Email"] = f"{roles[index % len(roles)]}@{row['_account']['_domain']}"
        w.plant("contacts_role_email", row["Contact ID"])
    assert set(roles) <= set(ROLE_LOCAL_PARTS)
    for index, row in enumerate(w.pick("contacts", c, 9, ("Email",))):
        first, last = (ascii_name(n) for n in row["_email_names"])
        row["Email"] = f"{first}{last}{w.rng.randint(10, 99)}@{DISPOSABLE_DOMAINS[index % 3]}"
        w.plant("contacts_disposable_email", row["Contact ID"])


def invalid_phone(w: World, phone: Phone, index: int) -> str:
    """A phone number libphonenumber rejects for the contact's country."""
    written = phone.render()
    kind = index % 4
    if kind == 0:                      # too short: the last three digits never typed
        cut, removed = written, 0
        while removed < 3:
            if cut[-1].isdigit():
                removed += 1
            cut = cut[:-1].rstrip(" -.")
        return cut
    if kind == 1:                      # words instead of a number
        return ["TBC", "call reception", "ask for extension", "see email signature"][index // 4 % 4]
    if kind == 2:                      # too many digits
        return written + str(w.rng.randint(10, 99))
    if phone.region in ("US", "CA"):  # a British number typed for a North American contact
        return f"020 7946 0{w.rng.randint(100, 999)}"
    return "+1 " + phone.restyled("national").render().strip("()").replace(")", "")  # wrong country code


def plant_invalid_phones(w: World) -> None:
    """Phones too short, too long, in words or in another country's format (country kept valid)."""
    rows = w.pick("contacts", w.contacts, 36, ("Phone", "Mailing Country"),
                  where=lambda r: isinstance(r["Phone"], Phone) and r["Phone"].region == r["_region"]
                  and r["_region"] in FIXED_LENGTH_REGIONS and r["Mailing Country"] in CANONICAL_COUNTRIES)
    for index, row in enumerate(rows):
        row["Phone"] = invalid_phone(w, row["Phone"], index)
        w.plant("contacts_invalid_phone", row["Contact ID"])


COUNTRY_VARIANTS_CONTACTS = {
    "United States": {"USA": 38, "U.S.": 12, "United States of America": 16, "Untied States": 5},
    "United Kingdom": {"UK": 24, "Great Britain": 7},
    "Germany": {"Deutschland": 6, "Germnay": 3},
}
COUNTRY_VARIANTS_ACCOUNTS = {
    "United States": {"USA": 8, "United States of America": 3},
    "United Kingdom": {"UK": 6, "Great Britain": 2},
    "Germany": {"Deutschland": 2},
}
STATE_VARIANTS_CONTACTS = {
    "California": {"CA": 15, "Calif.": 6, "california": 5}, "New York": {"NY": 10, "N.Y.": 4},
    "Texas": {"TX": 8, "Tex.": 3}, "Massachusetts": {"Mass.": 3}, "Illinois": {"IL": 4},
    "Washington": {"wa": 2}, "New South Wales": {"NSW": 5}, "Victoria": {"Vic": 2}, "Ontario": {"ON": 4, "Ont.": 2},
}
STATE_VARIANTS_ACCOUNTS = {"California": {"CA": 5, "Calif.": 2}, "New York": {"NY": 4}, "Texas": {"TX": 2},
                           "New South Wales": {"NSW": 2}}


def plant_spelling_variants(w: World) -> None:
    """Countries and states written several ways in the same column."""
    for canonical, variants in COUNTRY_VARIANTS_CONTACTS.items():
        set_values(w, "contacts", w.contacts, "Mailing Country", variants, "contacts_country_variant",
                   where=lambda r, c=canonical: r["Mailing Country"] == c)
    for canonical, variants in COUNTRY_VARIANTS_ACCOUNTS.items():
        set_values(w, "accounts", w.accounts, "Billing Country", variants, "accounts_country_variant",
                   where=lambda r, c=canonical: r["Billing Country"] == c)
    for canonical, variants in STATE_VARIANTS_CONTACTS.items():
        set_values(w, "contacts", w.contacts, "Mailing State/Province", variants, "contacts_state_variant",
                   where=lambda r, c=canonical: r["Mailing State/Province"] == c)
    for canonical, variants in STATE_VARIANTS_ACCOUNTS.items():
        set_values(w, "accounts", w.accounts, "Billing State/Province", variants, "accounts_state_variant",
                   where=lambda r, c=canonical: r["Billing State/Province"] == c)


def plant_industry_variants(w: World) -> None:
    """Every telecom account spelt 'Telecomunications' (no correct twin), plus scattered slips."""
    for account in w.accounts:
        if account["Industry"] == "Telecommunications":
            account["Industry"] = "Telecomunications"
            w.claim("accounts", account, "Industry")
            w.plant("accounts_industry_variant", account["Account ID"])
    set_values(w, "accounts", w.accounts, "Industry", {"Finacial Services": 6}, "accounts_industry_variant",
               where=lambda r: r["Industry"] == "Financial Services")
    set_values(w, "accounts", w.accounts, "Industry", {"health care": 5}, "accounts_industry_variant",
               where=lambda r: r["Industry"] == "Healthcare")


def plant_lead_source_variants(w: World) -> None:
    """'web', 'WEB', 'Website', 'Trade show', 'Tradeshow' beside the picklist values."""
    for entity, rows, web, trade in (
            ("contacts", w.contacts, {"web": 15, "WEB": 8, "Website": 20}, {"Trade show": 10, "Tradeshow": 7}),
            ("opportunities", w.opportunities, {"web": 8, "Website": 10}, {"Trade show": 6, "Tradeshow": 6})):
        set_values(w, entity, rows, "Lead Source", web, f"{entity}_lead_source_variant",
                   where=lambda r: r["Lead Source"] == "Web")
        set_values(w, entity, rows, "Lead Source", trade, f"{entity}_lead_source_variant",
                   where=lambda r: r["Lead Source"] == "Trade Show")
