"""Dates that cannot be true, and decay signals (bounced email)."""

from datetime import datetime, timedelta

from ..constants import AS_OF, SPAN_END
from ..world import World, random_date, working_time


def plant_created_in_future(w: World) -> None:
    """Contacts whose Created Date is after the export date (a bad import of a date column)."""
    rows = w.pick("contacts", w.contacts, 8, ("Created Date", "Last Modified Date", "Email Bounced Date"),
                  where=lambda r: r["Last Activity"] is None and not r["Email Opt Out"])
    for row in rows:
        row["Created Date"] = AS_OF + timedelta(days=w.rng.randint(20, 420))
        row["Last Modified Date"] = row["Created Date"]
        w.plant("contacts_created_in_future", row["Contact ID"])


def plant_activity_before_created(w: World) -> None:
    """Contacts re-created by a migration: Created Date later than their Last Activity."""
    rows = w.pick("contacts", w.contacts, 15, ("Created Date", "Last Modified Date", "Email Bounced Date"),
                  where=lambda r: r["Last Activity"] is not None and r["Last Activity"] < SPAN_END - timedelta(days=10)
                  and not r["Email Opt Out"])
    for row in rows:
        row["Created Date"] = random_date(w.rng, row["Last Activity"] + timedelta(days=5),
                                          min(SPAN_END, row["Last Activity"] + timedelta(days=200)))
        row["Last Modified Date"] = max(row["Last Modified Date"], row["Created Date"])
        w.plant("contacts_last_activity_before_created", row["Contact ID"])


def plant_close_before_created(w: World) -> None:
    """Lost deals whose Close Date is before their Created Date."""
    rows = w.pick("opportunities", w.opportunities, 12, ("Close Date", "Created Date"),
                  where=lambda d: d["Stage"] == "Closed Lost")
    for deal in rows:
        deal["Close Date"] = deal["Created Date"] - timedelta(days=w.rng.randint(3, 90))
        deal["Last Stage Change Date"] = deal["Created Date"]
        w.plant("opportunities_close_before_created", deal["Opportunity ID"])


def plant_bounced_emails(w: World) -> None:
    """Emails that bounced (people who left), mostly on long-untouched contacts."""
    rows = w.pick("contacts", w.contacts, 150, ("Email", "Email Bounced Date"),
                  where=lambda r: r["Email"] and "@" in r["Email"] and r["Created Date"] < datetime(2025, 6, 1).date())
    for row in rows:
        day = random_date(w.rng, max(row["Created Date"], datetime(2024, 1, 1).date()), SPAN_END)
        row["Email Bounced Date"] = working_time(w.rng, day, 0, 23)
        w.plant("contacts_email_bounced", row["Contact ID"])
