"""System-computed columns: Last Activity on contacts, accounts and deals.

Last Activity is the latest activity date in activities.csv for the record. Records older than
the export window that have none there keep (about half the time) an older date from before it,
since the export only carries five quarters of activity history.
"""

from datetime import date, timedelta

from .constants import SPAN_START
from .world import World, random_date

LEGACY_SHARE = 0.55


def latest_activity_dates(w: World) -> dict:
    """Record id (contact, account or deal) -> date of its latest activity."""
    latest = {}
    for row in w.activities:
        for key in ("Contact ID", "Account ID", "Opportunity ID"):
            record_id = row[key]
            if record_id and (record_id not in latest or row["Date"] > latest[record_id]):
                latest[record_id] = row["Date"]
    return latest


def legacy_date(w: World, created: date, end: date | None = None) -> date | None:
    """An activity date from before the export window, or None."""
    last = min(end or SPAN_START, SPAN_START) - timedelta(days=1)
    if created > last or w.rng.random() > LEGACY_SHARE:
        return None
    return random_date(w.rng, created, last)


def derive_last_activity(w: World) -> None:
    """Fill Last Activity on contacts, accounts and opportunities."""
    latest = latest_activity_dates(w)
    for contact in w.contacts:
        contact["Last Activity"] = latest.get(contact["Contact ID"]) or legacy_date(w, contact["Created Date"])
    for account in w.accounts:
        account["Last Activity"] = latest.get(account["Account ID"]) or legacy_date(w, account["Created Date"])
    for deal in w.opportunities:
        closed_long_ago = deal["Stage"].startswith("Closed") and deal["Close Date"] < SPAN_START
        deal["Last Activity"] = latest.get(deal["Opportunity ID"]) or (
            legacy_date(w, deal["Created Date"], deal["Close Date"]) if closed_long_ago else None)
