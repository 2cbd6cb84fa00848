"""Duplicate accounts and contacts: exact copies and the fuzzy kinds a real CRM accumulates.

Every copy keeps enough in common with its original for a careful matcher to link them
(name plus email, phone or mobile), and the originals were generated far apart from every
other record, so the planted clusters are the only true duplicates (plus nothing else).
"""

from datetime import timedelta

from ..accounts import website
from ..contacts import ascii_name, local_part
from ..constants import SPAN_END
from ..names import NICKNAMES
from ..world import World, random_date

ACCOUNT_RECIPES = ["legal_suffix"] * 5 + ["the_prefix"] * 2 + ["ampersand"] * 2 + ["typo"] * 3 + \
                  ["upper_case"] * 2 + ["suffix_dropped"] * 2
ACCOUNT_CLUSTER_SIZES = [2] * 12 + [3] * 2
SUFFIX_VARIANTS = {"Inc": "Inc.", "Inc.": ", Inc.", "LLC": "L.L.C.", "Corp": "Corporation",
                   "Corporation": "Corp.", "Co.": "Company", "Ltd": "Limited", "Limited": "Ltd",
                   "plc": "PLC", "LLP": "L.L.P.", "DAC": "Limited", "GmbH": "Gmbh", "AG": "A.G.",
                   "S.A.": "SA", "SAS": "S.A.S.", "SARL": "S.A.R.L.", "B.V.": "BV", "N.V.": "NV",
                   "S.p.A.": "SpA", "S.r.l.": "Srl", "S.L.": "SL", "Pty Ltd": "Pty. Ltd."}
CONTACT_RECIPES = (["exact"] * 18 + ["case_whitespace"] * 14 + ["name_typo"] * 18 + ["nickname"] * 16
                   + ["swapped_names"] * 10 + ["phone_reformat"] * 12 + ["email_domain_change"] * 14
                   + ["missing_fields"] * 14 + ["other_account"] * 8 + ["nickname_missing_fields"] * 6)
CONTACT_CLUSTER_SIZES = [2] * 110 + [3] * 10
CONTACT_KEY_FIELDS = ("First Name", "Last Name", "Email", "Phone", "Mobile", "Account ID",
                      "Account Name", "Description", "Mailing Country", "Created Date")


def typo(w: World, word: str) -> str:
    """One keyboard slip: a swapped, dropped, doubled or replaced letter (not the first)."""
    rng = w.rng
    while True:
        i = rng.randrange(1, len(word) - 1)
        kind = rng.choice(["swap", "drop", "double", "replace"])
        if kind == "swap":
            result = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        elif kind == "drop":
            result = word[:i] + word[i + 1:]
        elif kind == "double":
            result = word[:i] + word[i] + word[i:]
        else:
            letters = "aeiou" if word[i] in "aeiou" else "bcdfghklmnprst"
            result = word[:i] + rng.choice([v for v in letters if v != word[i]]) + word[i + 1:]
        if result.lower() != word.lower():
            return result


def split_suffix(name: str) -> tuple[str, str]:
    """('Kestrel Logistics', 'Ltd') for 'Kestrel Logistics Ltd'; suffix '' when there is none."""
    for suffix in sorted(SUFFIX_VARIANTS, key=len, reverse=True):
        if name.endswith(" " + suffix):
            return name[: -len(suffix) - 1], suffix
    return name, ""


def account_copy_name(w: World, name: str, recipe: str) -> str:
    """The name the duplicate account was typed under."""
    body, suffix = split_suffix(name)
    if recipe == "legal_suffix":
        variant = SUFFIX_VARIANTS[suffix]
        return body + variant if variant.startswith(",") else f"{body} {variant}"
    if recipe == "the_prefix":
        return name[4:] if name.startswith("The ") else "The " + name
    if recipe == "ampersand":
        return name.replace(" & ", " and ")
    if recipe == "typo":
        words = body.split()
        longest = max(range(len(words)), key=lambda k: len(words[k]))
        words[longest] = typo(w, words[longest])
        return " ".join(words) + (f" {suffix}" if suffix else "")
    if recipe == "upper_case":
        return name.upper()
    return body


def account_recipe_fits(account: dict, recipe: str) -> bool:
    name = account["Account Name"]
    _, suffix = split_suffix(name)
    if recipe == "ampersand":
        return " & " in name
    if recipe == "the_prefix":
        return name.startswith("The ")
    if recipe in ("legal_suffix", "suffix_dropped"):
        return bool(suffix)
    return len(name.split()[0]) >= 5


def make_account_copy(w: World, original: dict, recipe: str) -> dict:
    """A second account record for the same company, created later by someone else."""
    rng = w.rng
    copy = dict(original)
    copy["Account ID"] = w.new_id("001")
    copy["Account Name"] = account_copy_name(w, original["Account Name"], recipe)
    copy["Website"] = website(w, original["_domain"]) if rng.random() < 0.85 else None
    while copy["Website"] == original["Website"]:
        copy["Website"] = website(w, original["_domain"])
    if copy["Website"] is None:
        w.plant("accounts_missing_website", copy["Account ID"])
    copy["Phone"] = original["Phone"].restyled(rng.choice(["e164", "intl", "national"]))
    copy["Type"] = "Prospect"
    copy["Parent Account ID"] = None
    copy["Created Date"] = random_date(rng, original["Created Date"] + timedelta(days=30), SPAN_END)
    copy["Annual Revenue"] = None if rng.random() < 0.6 else original["Annual Revenue"]
    copy["Employees"] = None if rng.random() < 0.5 else original["Employees"]
    copy["Description"] = None
    copy["Account Owner"] = rng.choice(["Kai Nakamura", "Grace O'Neill", "Mateo Rossi", original["Account Owner"]])
    copy["_recipe"] = recipe
    return copy


def plant_account_duplicates(w: World) -> None:
    """14 clusters (12 pairs, 2 triples): suffix, 'The', '&'/'and', typo, case and website variants."""
    rng = w.rng
    homonyms = {i for pair in w.facts["homonym_accounts"] for i in pair}
    recipes = list(ACCOUNT_RECIPES)
    taken, clusters = set(), []
    for size in ACCOUNT_CLUSTER_SIZES:
        cluster_recipes = [recipes.pop(0) for _ in range(size - 1)]
        pool = [a for a in w.accounts if a["Account ID"] not in homonyms | taken and not a["Parent Account ID"]
                and "_recipe" not in a
                and a["Type"] != "Former Customer" and all(account_recipe_fits(a, r) for r in cluster_recipes)]
        original = rng.choice(pool)
        taken.add(original["Account ID"])
        copies = [make_account_copy(w, original, r) for r in cluster_recipes]
        w.accounts.extend(copies)
        clusters.append([original] + copies)
    for cluster in clusters:
        for member in cluster:
            w.claim("accounts", member, "Account Name", "Website", "Phone", "Parent Account ID", "Billing Country")
            w.plant("duplicate_accounts", member["Account ID"])
    w.facts["account_clusters"] = clusters


# ---- contacts ---------------------------------------------------------------------------

def contact_recipe_fits(contact: dict, recipe: str, dup_accounts: set) -> bool:
    first, last = contact["First Name"], contact["Last Name"]
    latin = all(ord(ch) < 0x370 for ch in first + last)
    if recipe in ("nickname", "nickname_missing_fields"):
        return first in NICKNAMES
    if recipe in ("name_typo", "swapped_names"):
        return latin and len(last) >= 5 and " " not in last and "'" not in last
    if recipe == "other_account":
        return contact["Account ID"] in dup_accounts or contact["Mobile"] is not None
    if recipe == "email_domain_change":
        return contact["_account"] is not None and latin
    return True


def changed_domain(w: World, contact: dict) -> str:
    """The same person's address at the company's other domain, or a private one."""
    local, domain = contact["Email"].split("@")
    if w.rng.random() < 0.5 and domain == contact["_account"]["_domain"]:
        for old, new in ((".co.uk", ".com"), (".com.au", ".com"), (".com", ".co.uk"), (".de", ".com"),
                         (".fr", ".com"), (".io", ".com"), (".net", ".com"), (".ca", ".com"),
                         (".ie", ".com"), (".nl", ".com"), (".it", ".com"), (".es", ".com"),
                         (".org", ".org.uk"), (".edu", ".org"), (".gov", ".org")):
            if domain.endswith(old):
                return f"{local}@{domain[: -len(old)]}{new}"
    first, last = contact["_email_names"]
    email = f"{ascii_name(first)}.{ascii_name(last)}@gmail.com"
    return email if email != contact["Email"] else email.replace("@gmail.com", "@outlook.com")


def blank_some(w: World, copy: dict) -> None:
    """The copy was typed in a hurry: email or phone (never both) and maybe the title are missing."""
    fields = w.rng.choice([["Email"], ["Phone"], ["Title"], ["Email", "Title"], ["Phone", "Title"]])
    for name in fields:
        copy[name] = None
        copy.setdefault("_blanked", []).append(name)


def apply_contact_recipe(w: World, original: dict, copy: dict, recipe: str, dup_accounts: dict) -> None:
    """Change the copy the way this kind of duplicate differs from its original."""
    rng = w.rng
    if recipe == "case_whitespace":
        copy["First Name"] = rng.choice([original["First Name"].upper(), original["First Name"].lower(), " " + original["First Name"]])
        copy["Last Name"] = rng.choice([original["Last Name"].upper(), original["Last Name"] + "  ", original["Last Name"].lower()])
        copy["Email"] = original["Email"].upper() if rng.random() < 0.5 else original["Email"]
    elif recipe == "name_typo":
        field = "Last Name" if rng.random() < 0.7 or len(original["First Name"]) < 5 else "First Name"
        copy[field] = typo(w, original[field])
        copy["Email"] = None if rng.random() < 0.3 else original["Email"]
        if copy["Email"] is None:
            copy["_blanked"] = ["Email"]
    elif recipe in ("nickname", "nickname_missing_fields"):
        copy["First Name"] = rng.choice(NICKNAMES[original["First Name"]])
        if recipe == "nickname_missing_fields":
            blank_some(w, copy)
    elif recipe == "swapped_names":
        copy["First Name"], copy["Last Name"] = original["Last Name"], original["First Name"]
    elif recipe == "phone_reformat":
        styles = [s for s in ("national", "intl", "e164", "dash", "dot", "paren") if s != original["Phone"].style
                  and (original["Phone"].region in ("US", "CA") or s not in ("dash", "dot", "paren"))]
        copy["Phone"] = original["Phone"].restyled(rng.choice(styles))
        copy["Email"] = None if rng.random() < 0.5 else changed_domain(w, original)
        if copy["Email"] is None:
            copy["_blanked"] = ["Email"]
    elif recipe == "email_domain_change":
        copy["Email"] = changed_domain(w, original)
    elif recipe == "missing_fields":
        blank_some(w, copy)
    elif recipe == "other_account":
        move_to_other_account(w, original, copy, dup_accounts)


def move_to_other_account(w: World, original: dict, copy: dict, dup_accounts: dict) -> None:
    """The copy hangs under the company's duplicate account, or under the person's new employer."""
    target = dup_accounts.get(original["Account ID"])
    if target is not None:
        copy["Account ID"], copy["Account Name"] = target["Account ID"], target["Account Name"]
        return
    new_employer = w.rng.choice([a for a in w.accounts if a["Type"] == "Customer" and "_recipe" not in a
                                 and a["_city"].country == original["_account"]["_city"].country
                                 and a["Account ID"] != original["Account ID"]])
    copy["Account ID"], copy["Account Name"] = new_employer["Account ID"], new_employer["Account Name"]
    names = original["_email_names"]
    copy["Email"] = f"{local_part(names[0], names[1], 'first.last')}@{new_employer['_domain']}"
    copy["Phone"] = None
    copy["_blanked"] = ["Phone"]
    copy["Title"] = w.rng.choice(["Head of Data", "Finance Manager", "Operations Manager", "Data Analyst"])


def make_contact_copy(w: World, original: dict, recipe: str, dup_accounts: dict) -> dict:
    """A second record for the same person."""
    rng = w.rng
    copy = dict(original)
    copy["Contact ID"] = w.new_id("003")
    copy.pop("_blanked", None)
    if recipe != "exact":
        copy["Created Date"] = random_date(rng, original["Created Date"], SPAN_END)
        copy["Last Modified Date"] = random_date(rng, copy["Created Date"], SPAN_END)
        copy["Lead Source"] = rng.choice(["Webinar", "Trade Show", "Purchased List", original["Lead Source"]])
        copy["Description"] = None
    apply_contact_recipe(w, original, copy, recipe, dup_accounts)
    copy["_recipe"] = recipe
    return copy


def plant_contact_duplicates(w: World) -> None:
    """120 clusters (110 pairs, 10 triples) of one person recorded more than once."""
    rng = w.rng
    dup_accounts = {}
    for cluster in w.facts["account_clusters"]:
        dup_accounts[cluster[0]["Account ID"]] = cluster[1]
    excluded = {i for pair in w.facts["homonym_contacts"] for i in pair}
    homonym_accounts = {i for pair in w.facts["homonym_accounts"] for i in pair}
    real_accounts = {a["Account ID"] for a in w.accounts if "_recipe" not in a} - homonym_accounts
    recipes = list(CONTACT_RECIPES)
    rng.shuffle(recipes)
    clusters = []
    eligible = [c for c in w.contacts if c["Account ID"] in real_accounts]
    for size in CONTACT_CLUSTER_SIZES:
        cluster_recipes = [recipes.pop() for _ in range(size - 1)]
        pool = [c for c in eligible if c["Contact ID"] not in excluded
                and all(contact_recipe_fits(c, r, dup_accounts) for r in cluster_recipes)]
        original = rng.choice(pool)
        excluded.add(original["Contact ID"])
        copies = [make_contact_copy(w, original, r, dup_accounts) for r in cluster_recipes]
        clusters.append([original] + copies)
        w.contacts.extend(copies)
    for cluster in clusters:
        for member in cluster:
            w.claim("contacts", member, *CONTACT_KEY_FIELDS)
            w.plant("duplicate_contacts", member["Contact ID"])
            for name in member.get("_blanked", []):
                w.plant({"Email": "contacts_missing_email", "Phone": "contacts_missing_phone",
                         "Title": "contacts_missing_title"}[name], member["Contact ID"])
    w.facts["contact_clusters"] = clusters
    reassign_some_activities(w, clusters)


def reassign_some_activities(w: World, clusters: list) -> None:
    """Reps log against whichever copy they find: move a few later activities to the copies."""
    rng = w.rng
    by_contact = {}
    for row in w.activities:
        if row["Contact ID"]:
            by_contact.setdefault(row["Contact ID"], []).append(row)
    for cluster in clusters:
        original = cluster[0]
        if original["Email Opt Out"]:
            continue
        for copy in cluster[1:]:
            if copy["Account ID"] != original["Account ID"] or rng.random() < 0.5:
                continue
            later = [a for a in by_contact.get(original["Contact ID"], []) if a["Date"] >= copy["Created Date"]]
            for row in rng.sample(later, min(len(later), rng.randint(1, 3))):
                row["Contact ID"] = copy["Contact ID"]
