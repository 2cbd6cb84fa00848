"""Defects in how people use the CRM: consent ignored, bulk and late logging, neglected deals."""

from datetime import date, datetime, timedelta

from ..activities import ActivityContext, ActivityLog, created_for
from ..cases import contact_existing_on
from ..constants import AS_OF, OPEN_STAGES, PROBABILITY, SPAN_END, SPAN_START
from ..freetext import NEXT_STEPS
from ..opportunities import PRODUCTS, new_business_amount, new_deal
from ..users import StaffMember
from ..world import World, random_date, weekday_on_or_after

CONSENT_VIOLATIONS = 24
BULK_USER = "Tom Gallagher"
BULK_BURSTS = [(datetime(2026, 3, 31, 17, 47), 44), (datetime(2026, 6, 30, 17, 12), 47),
               (datetime(2026, 9, 30, 16, 58), 52)]
STUCK_DEALS = 25
WON_WITHOUT_ACTIVITY = 20
REGULAR_LOGGERS = ("normal", "bulk", "lag")


def logger_for(w: World, preferred: str | None, day: date) -> StaffMember:
    """The preferred user if they log normally and worked that day, else a sales manager."""
    member = w.staff.get(preferred or "")
    if member and member.habit in REGULAR_LOGGERS and member.department == "Sales" and member.logs_on(day):
        return member
    return w.staff[w.rng.choice(["Marcus Reid", "Hannah Schofield"])]


def plant_emails_after_opt_out(w: World, log: ActivityLog) -> None:
    """Opted-out contacts who were still sent emails after they were created."""
    real = {a["Account ID"] for a in w.accounts}
    rows = w.pick("contacts", w.contacts, CONSENT_VIOLATIONS, ("Email Opt Out", "Created Date", "Email"),
                  where=lambda c: c["Email Opt Out"] and c["Account ID"] in real
                  and c["Created Date"] < date(2026, 8, 15))
    for contact in rows:
        start = max(contact["Created Date"] + timedelta(days=1), SPAN_START)
        for _ in range(w.rng.randint(1, 3)):
            day = weekday_on_or_after(random_date(w.rng, start, SPAN_END - timedelta(days=3)))
            member = logger_for(w, contact["Contact Owner"], day)
            log.add(member, "Email", day, contact["Account ID"], contact, None,
                    w.rng.choice(["Email: Product update", "Email: Webinar invitation", "Email: Follow-up"]),
                    None, created_for(w, member, day, "Email", "Completed"), "Completed")
        w.plant("contacts_emailed_after_opt_out", contact["Contact ID"])


def choose_won_without_activity(w: World) -> None:
    """Won deals in the span that will get no activity at all (decided before activities exist)."""
    rows = w.pick("opportunities", w.opportunities, WON_WITHOUT_ACTIVITY, ("Close Date", "Stage", "Created Date"),
                  where=lambda d: d["Stage"] == "Closed Won" and SPAN_START <= d["Close Date"] <= SPAN_END)
    for deal in rows:
        w.plant("opportunities_won_without_activity", deal["Opportunity ID"])


def top_up_won_deals(w: World, log: ActivityLog, ctx: ActivityContext) -> None:
    """Every other deal won in the span gets at least one activity before it closed."""
    touched = {a["Opportunity ID"]: a["Date"] for a in sorted(w.activities, key=lambda a: a["Date"], reverse=True)
               if a["Opportunity ID"]}
    for deal in w.opportunities:
        if (deal["Stage"] != "Closed Won" or not SPAN_START <= deal["Close Date"] <= SPAN_END
                or deal["Opportunity ID"] in ctx.no_activity_deals):
            continue
        first = touched.get(deal["Opportunity ID"])
        if first is not None and first <= deal["Close Date"]:
            continue
        start = max(SPAN_START, deal["Created Date"], deal["Close Date"] - timedelta(days=20))
        day = random_date(w.rng, start, deal["Close Date"])
        member = logger_for(w, deal["Opportunity Owner"], day)
        contact = contact_existing_on(w, ctx.contacts, deal["Account ID"], day)
        log.add(member, "Meeting", day, deal["Account ID"], contact, deal, "Negotiation meeting", None,
                created_for(w, member, day, "Meeting", None), None)


def plant_bulk_logging(w: World) -> None:
    """One rep types a month's activities in one sitting on the last working day of the month."""
    rows = [a for a in w.activities if a["Assigned"] == BULK_USER]
    for burst, count in BULK_BURSTS:
        for row in rows:            # keep the burst minute free of ordinary entries
            if row["Created Date"] == burst:
                row["Created Date"] += timedelta(minutes=1)
        month = [a for a in rows if a["Date"].month == burst.month and a["Date"].year == burst.year
                 and a["Date"] <= burst.date() and a["Activity Type"] in ("Call", "Email", "Note")
                 and a["Created Date"].date() <= burst.date()]
        for row in w.rng.sample(month, count):
            row["Created Date"] = burst
    w.facts["bulk_bursts"] = [{"user": BULK_USER, "created": burst, "count": count} for burst, count in BULK_BURSTS]


def stuck_deals(w: World) -> list:
    """Open deals whose stage has not moved for 8 to 30 months."""
    rng, deals = w.rng, []
    candidates = [a for a in w.accounts if a["Type"] in ("Prospect", "Customer") and a["Created Date"] < date(2025, 1, 1)]
    for account in rng.sample(candidates, STUCK_DEALS):
        created = random_date(rng, max(account["Created Date"], date(2024, 3, 1)), date(2025, 8, 31))
        close = created + timedelta(days=rng.randint(90, 240))
        if rng.random() < 0.3:
            close = AS_OF + timedelta(days=rng.randint(20, 150))
        deal = new_deal(w, account, "New Business", created, close, None, new_business_amount(w),
                        f"{account['Account Name']} - {rng.choice(PRODUCTS)}")
        deal["Stage"] = rng.choice(OPEN_STAGES[:4])
        deal["Probability (%)"] = PROBABILITY[deal["Stage"]]
        deal["Last Stage Change Date"] = created + timedelta(days=rng.randint(7, 90))
        deal["Next Step"] = rng.choice(NEXT_STEPS) if rng.random() < 0.5 else None
        deal["_stuck"] = True
        deals.append(deal)
    return deals
