"""Put the dataset together, in an order where each step only relies on earlier ones."""

import json
import random
from pathlib import Path

from . import accounts, activities, cases, contacts, derived, opportunities, strategy, truth, users
from .constants import ENTITIES, HEADERS, SEED
from .defects import behaviour, dates, duplicates, pii, quality, structure
from .formats import render_rows, write_csv
from .places import REGION_OF_COUNTRY
from .world import World


def build_records(w: World) -> None:
    """Clean records first, then activities, then the planted defects."""
    users.build_users(w)
    accounts.build_accounts(w)
    accounts.build_hierarchy(w)
    contacts.build_contacts(w)
    record_orphans(w)
    deals = opportunities.draft_opportunities(w) + behaviour.stuck_deals(w)
    opportunities.number_opportunities(w, deals)
    cases.build_cases(w)
    build_activity_log(w)
    duplicates.plant_account_duplicates(w)
    duplicates.plant_contact_duplicates(w)
    derived.derive_last_activity(w)
    plant_field_defects(w)


def record_orphans(w: World) -> None:
    """Contacts built without an account or under a deleted one are defects by construction."""
    known = {a["Account ID"] for a in w.accounts}
    for contact in w.contacts:
        if contact["Account ID"] is None:
            w.plant("contacts_missing_account", contact["Contact ID"])
        elif contact["Account ID"] not in known:
            w.plant("contacts_account_not_found", contact["Contact ID"])
        if contact["Account ID"] is None or contact["Account ID"] not in known:
            w.claim("contacts", contact, "Account ID")


def build_activity_log(w: World) -> None:
    """Sales and support activity, then the usage and consent defects that live in it."""
    for deal in w.opportunities:
        if deal.get("_stuck"):
            w.plant("opportunities_stuck", deal["Opportunity ID"])
    behaviour.choose_won_without_activity(w)
    log = activities.ActivityLog(w)
    context = activities.ActivityContext(w)
    activities.build_sales_activities(w, log, context)
    activities.build_low_usage(w, log, context, {"Ethan Brooks": 3, "Laura Fitzgerald": 5})
    activities.build_support_activities(w, log)
    behaviour.plant_emails_after_opt_out(w, log)
    behaviour.top_up_won_deals(w, log, context)
    behaviour.plant_bulk_logging(w)
    activities.assign_activity_ids(w)


def plant_field_defects(w: World) -> None:
    """Cell-level defects; industry and invalid values first so blanks never hide them."""
    quality.plant_industry_variants(w)
    quality.plant_invalid_phones(w)
    quality.plant_invalid_emails(w)
    quality.plant_placeholder_names(w)
    quality.plant_placeholders(w)
    dates.plant_bounced_emails(w)
    quality.plant_spelling_variants(w)
    quality.plant_lead_source_variants(w)
    quality.plant_missing_contact_fields(w)
    quality.plant_missing_account_fields(w)
    quality.plant_missing_deal_fields(w)
    dates.plant_created_in_future(w)
    dates.plant_activity_before_created(w)
    dates.plant_close_before_created(w)
    structure.plant_missing_parents(w)
    structure.plant_parent_cycle(w)
    pii.plant_pii(w)
    pii.plant_luhn_negatives(w)


def export_order(w: World) -> dict:
    """Rows in the order of the export: reports sort activities by date and cases by number."""
    rng = w.rng
    ordered = {"users": sorted(w.users, key=lambda u: u["Full Name"])}
    for entity in ("accounts", "contacts", "opportunities"):
        rows = list(getattr(w, entity))
        rng.shuffle(rows)
        ordered[entity] = rows
    ordered["activities"] = sorted(w.activities, key=lambda a: (a["Date"], a["Created Date"], a["Activity ID"]))
    ordered["cases"] = list(w.cases)
    return ordered


def row_region(entity: str):
    """The phone region a reader would assume for a row, from its country column."""
    column = {"contacts": "Mailing Country", "accounts": "Billing Country"}.get(entity)
    return (lambda row: REGION_OF_COUNTRY.get(row[column])) if column else None


def write_json(path: Path, document: dict) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
        handle.write("\n")


def generate(out_dir: Path) -> dict:
    """Build everything and write the nine files into out_dir; returns truth.json's content."""
    w = World(random.Random(SEED))
    build_records(w)
    ordered = export_order(w)
    rendered = {e: render_rows(ordered[e], HEADERS[e], row_region(e)) for e in ENTITIES}
    tables = truth.Tables(rendered)
    document = truth.build_truth(w, tables)
    out_dir.mkdir(parents=True, exist_ok=True)
    for entity in ENTITIES:
        write_csv(out_dir / f"{entity}.csv", HEADERS[entity], rendered[entity])
    write_csv(out_dir / "truth_duplicates.csv", ["entity", "record_id", "cluster_id"], truth.duplicate_rows(w, tables))
    write_json(out_dir / "truth.json", document)
    write_json(out_dir / "strategy.json", strategy.build_strategy(w, document))
    return document
