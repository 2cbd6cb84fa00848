"""truth.json: every defect count and id list, computed from the rendered files themselves.

Each class has a plain rule over the cells as written (see DEFECTS.md). Where the generator
planted a class on purpose, the rule's result must equal exactly what was planted, otherwise
generation stops: a defect that leaked into other records, or a planted one that a later step
undid, can never reach the committed files.
"""

import re
from collections import Counter
from datetime import date, datetime

from .constants import (AS_OF, BULK_MINUTE_MIN, COMPANY, COUNTRIES, CUSTOMER_FACING, DISPOSABLE_DOMAINS,
                        HEALTH_TERMS, IDLE_CUTOFF, INDUSTRIES, LAG_DAYS, LEAD_SOURCES, PLACEHOLDERS,
                        ROLE_LOCAL_PARTS, SEED, SPAN_END, SPAN_START, STALE_CUTOFF, STUCK_CUTOFF, TYPO_DOMAINS)
from .formats import format_datetime
from .freetext import iban_valid, luhn_valid
from .places import CITIES

CLOSED = {"Closed Won", "Closed Lost"}
STATES = {c.state for c in CITIES if c.state}
EMAIL_SYNTAX = re.compile(r"^[A-Za-z0-9_%+'-]+(\.[A-Za-z0-9_%+'-]+)*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
IBAN_PATTERN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b")
CARD_PATTERN = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")
SSN_PATTERN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
NINO_PATTERN = re.compile(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")
DATE_PATTERN = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{4}-\d{2}-\d{2}\b")
FREE_TEXT = {"contacts": "Description", "activities": "Comments", "cases": "Description"}


def to_date(text: str) -> date | None:
    """'3/14/2026' or '3/14/2026 2:05 PM' -> date(2026, 3, 14); '' -> None."""
    if not text.strip():
        return None
    month, day, year = text.split()[0].split("/")
    return date(int(year), int(month), int(day))


def to_datetime(text: str) -> datetime | None:
    """'3/14/2026 2:05 PM' -> datetime(2026, 3, 14, 14, 5), without consulting the locale."""
    if not text.strip():
        return None
    day, clock, half = text.split()
    hour, minute = (int(x) for x in clock.split(":"))
    hour = hour % 12 + (12 if half == "PM" else 0)
    parsed = to_date(day)
    return datetime(parsed.year, parsed.month, parsed.day, hour, minute)


def is_empty(text: str) -> bool:
    return text.strip() == ""


def is_placeholder(text: str) -> bool:
    return text.strip().lower() in PLACEHOLDERS


def email_class(text: str) -> str:
    """missing, placeholder, invalid_syntax, disposable, typo_domain, role or valid (first match wins)."""
    value = text.strip()
    if not value:
        return "missing"
    if is_placeholder(value):
        return "placeholder"
    if not EMAIL_SYNTAX.match(value):
        return "invalid_syntax"
    local, domain = value.lower().rsplit("@", 1)
    if domain in DISPOSABLE_DOMAINS:
        return "disposable"
    if domain in TYPO_DOMAINS:
        return "typo_domain"
    if local in ROLE_LOCAL_PARTS:
        return "role"
    return "valid"


class Tables:
    """The rendered files, with the indexes the rules need."""

    def __init__(self, rendered: dict):
        self.rows = rendered
        self.account_ids = {r["Account ID"] for r in rendered["accounts"]}
        self.users = {r["Full Name"]: r for r in rendered["users"]}
        self.activities_by = {}
        for row in rendered["activities"]:
            for key in ("Contact ID", "Opportunity ID"):
                if row[key]:
                    self.activities_by.setdefault(row[key], []).append(row)


def ids_where(tables: Tables, entity: str, rule) -> list[str]:
    id_field = {"contacts": "Contact ID", "accounts": "Account ID", "opportunities": "Opportunity ID",
                "activities": "Activity ID", "users": "User ID", "cases": "Case ID"}[entity]
    return sorted(row[id_field] for row in tables.rows[entity] if rule(row))


# ---- the rules -----------------------------------------------------------------------------

def missing_rules() -> list:
    fields = [("contacts", "Email", "email"), ("contacts", "Phone", "phone"), ("contacts", "Title", "title"),
              ("contacts", "Contact Owner", "owner"), ("contacts", "Mailing Country", "country"),
              ("contacts", "Account ID", "account"), ("accounts", "Industry", "industry"),
              ("accounts", "Account Owner", "owner"), ("accounts", "Billing Country", "country"),
              ("accounts", "Website", "website"), ("opportunities", "Amount", "amount"),
              ("opportunities", "Close Date", "close_date"), ("opportunities", "Opportunity Owner", "owner")]
    return [(f"{entity}_missing_{short}", entity, f"'{field}' cell is empty (whitespace counts as empty).",
             lambda t, r, f=field: is_empty(r[f])) for entity, field, short in fields]


def placeholder_rules() -> list:
    cells = [("contacts_placeholder_email", "contacts", ("Email",)), ("contacts_placeholder_phone", "contacts", ("Phone",)),
             ("contacts_placeholder_title", "contacts", ("Title",)),
             ("contacts_placeholder_name", "contacts", ("First Name", "Last Name")),
             ("accounts_placeholder_phone", "accounts", ("Phone",))]
    return [(key, entity, f"{' or '.join(fields)} holds a placeholder meaning 'unknown' ({', '.join(PLACEHOLDERS)}; "
             "trimmed, case-insensitive).", lambda t, r, f=fields: any(is_placeholder(r[x]) for x in f))
            for key, entity, fields in cells]


def email_rules() -> list:
    texts = {"invalid_syntax": "Email is not a syntactically valid address.",
             "typo_domain": f"Email domain is a misspelt free-mail domain ({', '.join(TYPO_DOMAINS)}).",
             "role": "Email local part is a role/shared mailbox (info@, sales@ ...), not a person.",
             "disposable": f"Email domain is a disposable-mail service ({', '.join(DISPOSABLE_DOMAINS)})."}
    keys = {"invalid_syntax": "contacts_invalid_email_syntax", "typo_domain": "contacts_email_typo_domain",
            "role": "contacts_role_email", "disposable": "contacts_disposable_email"}
    return [(keys[k], "contacts", text, lambda t, r, k=k: email_class(r["Email"]) == k) for k, text in texts.items()]


def variant_rules() -> list:
    return [
        ("contacts_country_variant", "contacts", "Mailing Country is filled but not one of the ten canonical country names.",
         lambda t, r: not is_empty(r["Mailing Country"]) and r["Mailing Country"] not in COUNTRIES),
        ("accounts_country_variant", "accounts", "Billing Country is filled but not one of the ten canonical country names.",
         lambda t, r: not is_empty(r["Billing Country"]) and r["Billing Country"] not in COUNTRIES),
        ("contacts_state_variant", "contacts", "Mailing State/Province is filled but not a full state/province name.",
         lambda t, r: not is_empty(r["Mailing State/Province"]) and r["Mailing State/Province"] not in STATES),
        ("accounts_state_variant", "accounts", "Billing State/Province is filled but not a full state/province name.",
         lambda t, r: not is_empty(r["Billing State/Province"]) and r["Billing State/Province"] not in STATES),
        ("accounts_industry_variant", "accounts", "Industry is filled but not in the standard industry list.",
         lambda t, r: not is_empty(r["Industry"]) and r["Industry"] not in INDUSTRIES),
        ("contacts_lead_source_variant", "contacts", "Lead Source is filled but not a picklist value.",
         lambda t, r: not is_empty(r["Lead Source"]) and r["Lead Source"] not in LEAD_SOURCES),
        ("opportunities_lead_source_variant", "opportunities", "Lead Source is filled but not a picklist value.",
         lambda t, r: not is_empty(r["Lead Source"]) and r["Lead Source"] not in LEAD_SOURCES),
    ]


def before(a: str, b: str) -> bool:
    """Both dates present and a earlier than b."""
    return bool(a.strip()) and bool(b.strip()) and to_date(a) < to_date(b)


def parent_in_cycle(t: Tables, row: dict) -> bool:
    parents = t.parents
    start, seen, current = row["Account ID"], set(), row["Parent Account ID"]
    while current and current in parents and current not in seen:
        if current == start:
            return True
        seen.add(current)
        current = parents[current]
    return current == start


def emailed_after_opt_out(t: Tables, row: dict) -> bool:
    if row["Email Opt Out"] != "1":
        return False
    created = to_date(row["Created Date"])
    return any(a["Activity Type"] == "Email" and to_date(a["Date"]) > created
               for a in t.activities_by.get(row["Contact ID"], []))


def stale(row: dict) -> bool:
    last = to_date(row["Last Activity"])
    return (last is None or last < STALE_CUTOFF) and to_date(row["Last Modified Date"]) < STALE_CUTOFF


def dead(t: Tables, row: dict) -> bool:
    last = to_date(row["Last Activity"])
    return (to_date(row["Created Date"]) < STALE_CUTOFF and (last is None or last < STALE_CUTOFF)
            and row["Account ID"] not in t.accounts_with_open_deal)


def won_without_activity(t: Tables, row: dict) -> bool:
    close = to_date(row["Close Date"])
    if row["Stage"] != "Closed Won" or close is None or not SPAN_START <= close <= SPAN_END:
        return False
    return not any(to_date(a["Date"]) <= close for a in t.activities_by.get(row["Opportunity ID"], []))


def owner_rules() -> list:
    rules = []
    for entity, field in (("contacts", "Contact Owner"), ("accounts", "Account Owner"),
                          ("opportunities", "Opportunity Owner")):
        rules.append((f"{entity}_owner_inactive", entity, f"{field} is a user whose Active flag is 0 (left the company).",
                      lambda t, r, f=field: r[f] in t.users and t.users[r[f]]["Active"] == "0"))
        rules.append((f"{entity}_owner_not_customer_facing", entity,
                      f"{field} is a user outside Sales, Marketing and Support (an Operations/IT admin).",
                      lambda t, r, f=field: r[f] in t.users and t.users[r[f]]["Department"] not in CUSTOMER_FACING))
    return rules


def usage_rules() -> list:
    return [
        ("activities_logging_lag", "activities", f"Created Date is {LAG_DAYS} or more days after the activity Date.",
         lambda t, r: (to_datetime(r["Created Date"]).date() - to_date(r["Date"])).days >= LAG_DAYS),
        ("activities_bulk_logged", "activities",
         f"One user created {BULK_MINUTE_MIN}+ activities in the same Created Date minute.",
         lambda t, r: t.minute_groups[(r["Assigned"], r["Created Date"])] >= BULK_MINUTE_MIN),
        ("users_inactive", "users", "Active is 0.", lambda t, r: r["Active"] == "0"),
        ("users_idle", "users", f"Active user whose Last Login is empty or before {IDLE_CUTOFF.isoformat()} (90+ days).",
         lambda t, r: r["Active"] == "1" and (is_empty(r["Last Login"]) or to_date(r["Last Login"]) < IDLE_CUTOFF)),
        ("users_low_usage", "users",
         "Active, recently logged-in Sales user with 5 or fewer activities in the whole export.",
         lambda t, r: r["Active"] == "1" and r["Department"] == "Sales" and not is_empty(r["Last Login"])
         and to_date(r["Last Login"]) >= IDLE_CUTOFF and t.activity_counts[r["Full Name"]] <= 5),
    ]


def all_rules() -> list:
    """(key, entity, description, rule(tables, row) -> bool) for every computed class."""
    return missing_rules() + placeholder_rules() + email_rules() + variant_rules() + owner_rules() + [
        ("contacts_created_in_future", "contacts", f"Created Date is after the export date {AS_OF.isoformat()}.",
         lambda t, r: to_date(r["Created Date"]) > AS_OF),
        ("contacts_last_activity_before_created", "contacts", "Last Activity is earlier than Created Date.",
         lambda t, r: before(r["Last Activity"], r["Created Date"])),
        ("opportunities_close_before_created", "opportunities", "Close Date is earlier than Created Date.",
         lambda t, r: before(r["Close Date"], r["Created Date"])),
        ("contacts_stale", "contacts", f"Last Activity empty or before {STALE_CUTOFF.isoformat()} AND Last Modified "
         f"Date before {STALE_CUTOFF.isoformat()} (nothing for 12+ months).", lambda t, r: stale(r)),
        ("contacts_email_bounced", "contacts", "Email Bounced Date is filled.",
         lambda t, r: not is_empty(r["Email Bounced Date"])),
        ("contacts_account_not_found", "contacts", "Account ID is filled but no such account in accounts.csv.",
         lambda t, r: not is_empty(r["Account ID"]) and r["Account ID"] not in t.account_ids),
        ("accounts_parent_not_found", "accounts", "Parent Account ID is filled but no such account exists.",
         lambda t, r: not is_empty(r["Parent Account ID"]) and r["Parent Account ID"] not in t.account_ids),
        ("accounts_parent_cycle", "accounts", "Following Parent Account ID from the account comes back to it.",
         parent_in_cycle),
        ("accounts_without_contacts", "accounts", "No contact has this Account ID.",
         lambda t, r: r["Account ID"] not in t.accounts_with_contacts),
        ("accounts_dead", "accounts", f"Created before {STALE_CUTOFF.isoformat()}, Last Activity empty or before it, "
         "and no open (not Closed Won/Lost) opportunity.", dead),
        ("contacts_emailed_after_opt_out", "contacts", "Email Opt Out = 1 and an activity of type Email linked by "
         "Contact ID is dated after the contact's Created Date.", emailed_after_opt_out),
        ("opportunities_stuck", "opportunities", f"Open deal whose Last Stage Change Date is before "
         f"{STUCK_CUTOFF.isoformat()} (180+ days without a stage change).",
         lambda t, r: r["Stage"] not in CLOSED and before(r["Last Stage Change Date"], STUCK_CUTOFF.strftime("%m/%d/%Y"))),
        ("opportunities_won_without_activity", "opportunities", "Closed Won with Close Date inside the export span "
         "and no activity linked by Opportunity ID dated on or before the Close Date.", won_without_activity),
        ("opportunities_open_past_close_date", "opportunities", f"Open deal whose Close Date is before {AS_OF.isoformat()}.",
         lambda t, r: r["Stage"] not in CLOSED and before(r["Close Date"], AS_OF.strftime("%m/%d/%Y"))),
    ] + usage_rules()


PLANTED_ONLY = {
    "duplicate_contacts": ("contacts", "Contact records that belong to a planted duplicate cluster of 2 or 3 "
                           "(originals and copies; see truth_duplicates.csv)."),
    "duplicate_accounts": ("accounts", "Account records that belong to a planted duplicate cluster of 2 or 3."),
    "contacts_invalid_phone": ("contacts", "Phone is filled, not a placeholder, and libphonenumber rejects it for "
                               "the contact's Mailing Country (too short, too long, words, wrong country)."),
    "free_text_pii": ("mixed", "Records with personal data typed into a free-text field (details in pii_in_free_text)."),
}


def prepare(tables: Tables) -> None:
    """Indexes some rules share."""
    t = tables
    t.parents = {r["Account ID"]: r["Parent Account ID"] for r in t.rows["accounts"]}
    t.accounts_with_contacts = {r["Account ID"] for r in t.rows["contacts"] if r["Account ID"]}
    t.accounts_with_open_deal = {r["Account ID"] for r in t.rows["opportunities"] if r["Stage"] not in CLOSED}
    t.minute_groups = Counter((r["Assigned"], r["Created Date"]) for r in t.rows["activities"])
    t.activity_counts = Counter(r["Assigned"] for r in t.rows["activities"])


def value_counts(tables: Tables, entity: str, ids: list, key: str) -> dict | None:
    """For spelling and placeholder classes: how often each offending value occurs."""
    fields = {"contacts_country_variant": "Mailing Country", "accounts_country_variant": "Billing Country",
              "contacts_state_variant": "Mailing State/Province", "accounts_state_variant": "Billing State/Province",
              "accounts_industry_variant": "Industry", "contacts_lead_source_variant": "Lead Source",
              "opportunities_lead_source_variant": "Lead Source", "contacts_placeholder_email": "Email",
              "contacts_placeholder_phone": "Phone", "contacts_placeholder_title": "Title",
              "accounts_placeholder_phone": "Phone"}
    if key not in fields:
        return None
    id_field = {"contacts": "Contact ID", "accounts": "Account ID", "opportunities": "Opportunity ID"}[entity]
    wanted = set(ids)
    counts = Counter(r[fields[key]] for r in tables.rows[entity] if r[id_field] in wanted)
    return dict(sorted(counts.items()))


def compute_defects(tables: Tables, planted: dict) -> dict:
    """Every defect class: count, ids, rule; checked against what was planted."""
    prepare(tables)
    defects = {}
    for key, entity, description, rule in all_rules():
        ids = ids_where(tables, entity, lambda r, f=rule: f(tables, r))
        if key in planted and sorted(set(planted[key])) != ids:
            extra, lost = set(ids) - set(planted[key]), set(planted[key]) - set(ids)
            raise AssertionError(f"{key}: {len(extra)} unplanted {sorted(extra)[:5]}, {len(lost)} lost {sorted(lost)[:5]}")
        defects[key] = {"entity": entity, "count": len(ids), "ids": ids, "description": description}
        values = value_counts(tables, entity, ids, key)
        if values is not None:
            defects[key]["values"] = values
    for key, (entity, description) in PLANTED_ONLY.items():
        ids = sorted(set(planted[key]))
        defects[key] = {"entity": entity, "count": len(ids), "ids": ids, "description": description}
    return dict(sorted(defects.items()))


def scan_free_text(tables: Tables) -> list[tuple]:
    """Every card-, IBAN-, SSN-, NINO-, date- or health-looking value in the free-text fields."""
    found = []
    for entity, field in FREE_TEXT.items():
        id_field = {"contacts": "Contact ID", "activities": "Activity ID", "cases": "Case ID"}[entity]
        for row in tables.rows[entity]:
            text = row[field]
            if not text:
                continue
            for match in IBAN_PATTERN.findall(text):
                found.append((row[id_field], "iban" if iban_valid(match) else "iban_invalid", match))
            rest = IBAN_PATTERN.sub(" ", text)
            for match in CARD_PATTERN.findall(rest):
                found.append((row[id_field], "card" if luhn_valid(match) else "luhn_negative", match))
            for pattern, kind in ((SSN_PATTERN, "ssn"), (NINO_PATTERN, "nino"), (DATE_PATTERN, "dob")):
                found += [(row[id_field], kind, m) for m in pattern.findall(text)]
            lowered = text.lower()
            found += [(row[id_field], "health", term) for term in HEALTH_TERMS if re.search(rf"\b{term}\b", lowered)]
    return sorted(found)


def check_free_text(tables: Tables, pii: list, negatives: list) -> None:
    """Only the planted values look like personal data; nothing else in the notes does."""
    expected = sorted([(p["record_id"], p["kind"], p["raw"]) for p in pii]
                      + [(n["record_id"], "luhn_negative", n["raw"]) for n in negatives])
    found = scan_free_text(tables)
    if found != expected:
        raise AssertionError(f"free text: unplanted {sorted(set(found) - set(expected))[:5]}, "
                             f"missed {sorted(set(expected) - set(found))[:5]}")


def duplicate_summary(clusters: list) -> dict:
    """How many clusters of which size, and which kinds of variation the copies carry."""
    sizes = Counter(str(len(c)) for c in clusters)
    variations = Counter(member["_recipe"] for c in clusters for member in c[1:])
    return {"clusters": len(clusters), "records_in_clusters": sum(len(c) for c in clusters),
            "redundant_records": sum(len(c) - 1 for c in clusters), "cluster_sizes": dict(sorted(sizes.items())),
            "variations": dict(sorted(variations.items()))}


def usage_summary(w, tables: Tables, defects: dict) -> dict:
    """Who logs what: the facts the usage audit should rediscover."""
    per_user = Counter(r["Assigned"] for r in tables.rows["activities"])
    per_department = Counter()
    for user in tables.rows["users"]:
        per_department[user["Department"]] += per_user[user["Full Name"]]
    names = {r["User ID"]: r["Full Name"] for r in tables.rows["users"]}
    bulk = sorted({r["Assigned"] for r in tables.rows["activities"]
                   if r["Activity ID"] in set(defects["activities_bulk_logged"]["ids"])})
    return {
        "activities_per_user": {u["Full Name"]: per_user[u["Full Name"]] for u in tables.rows["users"]},
        "activities_per_department": dict(sorted(per_department.items())),
        "low_usage_reps": sorted(names[i] for i in defects["users_low_usage"]["ids"]),
        "silent_team": "Marketing",
        "idle_users": sorted(names[i] for i in defects["users_idle"]["ids"]),
        "inactive_users": sorted(names[i] for i in defects["users_inactive"]["ids"]),
        "bulk_loggers": bulk,
        "bulk_bursts": [{"user": b["user"], "created": format_datetime(b["created"]), "count": b["count"]}
                        for b in w.facts["bulk_bursts"]],
        "habitual_late_loggers": sorted(m.name for m in w.staff.values() if m.habit == "lag"),
    }


def build_truth(w, tables: Tables) -> dict:
    """The whole truth.json document."""
    defects = compute_defects(tables, w.planted)
    check_free_text(tables, w.facts["pii_in_free_text"], w.facts["luhn_negatives"])
    silent = [d for d, n in usage_summary(w, tables, defects)["activities_per_department"].items()
              if d in CUSTOMER_FACING and n == 0]
    assert silent == ["Marketing"], silent
    homonyms = [{"entity": "contacts", "record_ids": sorted(pair),
                 "name": next(f"{r['First Name']} {r['Last Name']}" for r in tables.rows["contacts"] if r["Contact ID"] == pair[0])}
                for pair in w.facts["homonym_contacts"]]
    homonyms += [{"entity": "accounts", "record_ids": sorted(pair),
                  "name": " / ".join(r["Account Name"] for r in tables.rows["accounts"] if r["Account ID"] in pair)}
                 for pair in w.facts["homonym_accounts"]]
    return {
        "as_of": AS_OF.isoformat(), "seed": SEED, "company": COMPANY,
        "span": {"start": SPAN_START.isoformat(), "end": SPAN_END.isoformat()},
        "thresholds": {"stale_before": STALE_CUTOFF.isoformat(), "stuck_stage_change_before": STUCK_CUTOFF.isoformat(),
                       "idle_login_before": IDLE_CUTOFF.isoformat(), "logging_lag_days": LAG_DAYS,
                       "bulk_same_minute_min": BULK_MINUTE_MIN, "low_usage_max_activities": 5},
        "sizes": {f"{entity}.csv": len(rows) for entity, rows in tables.rows.items()},
        "defects": defects,
        "duplicates": {"contacts": duplicate_summary(w.facts["contact_clusters"]),
                       "accounts": duplicate_summary(w.facts["account_clusters"])},
        "usage": usage_summary(w, tables, defects),
        "pii_in_free_text": w.facts["pii_in_free_text"],
        "luhn_negatives": w.facts["luhn_negatives"],
        "homonym_non_duplicates": homonyms,
        "parent_cycle": w.planted["accounts_parent_cycle"],
        "placeholder_values": list(PLACEHOLDERS),
        "health_terms": list(HEALTH_TERMS),
    }


def duplicate_rows(w, tables: Tables) -> list[dict]:
    """truth_duplicates.csv: every account and contact with its cluster (the original's id)."""
    cluster_of = {}
    for entity, clusters, id_field in (("accounts", w.facts["account_clusters"], "Account ID"),
                                       ("contacts", w.facts["contact_clusters"], "Contact ID")):
        for cluster in clusters:
            for member in cluster:
                cluster_of[member[id_field]] = cluster[0][id_field]
    rows = []
    for entity, id_field in (("accounts", "Account ID"), ("contacts", "Contact ID")):
        for row in tables.rows[entity]:
            record_id = row[id_field]
            rows.append({"entity": entity, "record_id": record_id, "cluster_id": cluster_of.get(record_id, record_id)})
    return rows
