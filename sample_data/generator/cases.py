"""Support cases (cases.csv) raised by customer contacts and worked by the support team."""

import bisect
from itertools import accumulate
import math
from datetime import date, datetime, timedelta

from .constants import AS_OF_DT, SPAN_END, SPAN_START
from .freetext import CASE_SUBJECTS, case_description
from .world import World, random_date, working_time

CASE_COUNT = 4000
FIRST_CASE_NUMBER = 41237
AGENTS = ["Ravi Patel", "Megan Doyle", "Lucas Moreau", "Jade Thompson", "Oskar Nowak",
          "Amira Haddad", "Connor Walsh"]


def contacts_by_account(w: World) -> dict:
    """Account ID -> (sorted created dates, contacts in that order), for 'who existed on day X'."""
    grouped = {}
    for contact in w.contacts:
        if contact["Account ID"]:
            grouped.setdefault(contact["Account ID"], []).append(contact)
    result = {}
    for account_id, people in grouped.items():
        people.sort(key=lambda c: (c["Created Date"], c["Contact ID"]))
        result[account_id] = ([c["Created Date"] for c in people], people)
    return result


def contact_existing_on(w: World, index: dict, account_id: str, day: date, exclude=None) -> dict | None:
    """A random contact of the account created on or before day, or None."""
    dates, people = index.get(account_id, ([], []))
    count = bisect.bisect_right(dates, day)
    if count == 0:
        return None
    for _ in range(4):
        person = people[w.rng.randrange(count)]
        if exclude is None or not exclude(person):
            return person
    return None


def opened_at(w: World) -> datetime:
    """Cases arrive mostly in office hours on weekdays."""
    rng = w.rng
    day = random_date(rng, SPAN_START, SPAN_END)
    while day.weekday() >= 5 and rng.random() < 0.85:
        day = random_date(rng, SPAN_START, SPAN_END)
    if rng.random() < 0.1:
        return datetime(day.year, day.month, day.day, rng.choice([6, 7, 19, 20, 21]), rng.randint(0, 59))
    return working_time(rng, day)


def case_owner(w: World, opened: datetime, priority: str) -> str:
    """A support agent working that day; the manager takes some high-priority cases."""
    if priority == "High" and w.rng.random() < 0.15:
        return "Fiona McAllister"
    agents = [a for a in AGENTS if w.staff[a].logs_on(opened.date())]
    return w.rng.choice(agents)


def build_cases(w: World) -> None:
    """4,000 cases over the five quarters, weighted towards customers with many users."""
    rng = w.rng
    index = contacts_by_account(w)
    candidates = [a for a in w.accounts if a["Type"] in ("Customer", "Partner") and a["Account ID"] in index
                  and not a["_dormant"]]
    cumulative = list(accumulate(len(index[a["Account ID"]][1]) for a in candidates))
    cases = []
    for _ in range(CASE_COUNT):
        account = rng.choices(candidates, cum_weights=cumulative)[0]
        opened = opened_at(w)
        priority = rng.choices(["High", "Medium", "Low"], weights=[20, 50, 30])[0]
        contact = contact_existing_on(w, index, account["Account ID"], opened.date()) if rng.random() < 0.97 else None
        resolution = timedelta(hours=min(24 * 40, math.exp(rng.gauss(3.0, 1.3))))
        closed = opened + resolution
        if closed >= AS_OF_DT:
            status, closed = rng.choice(["New", "Working", "Working", "Escalated"]), None
        else:
            status = "Closed"
        subject = rng.choice(CASE_SUBJECTS)
        cases.append({
            "Subject": subject, "Status": status, "Priority": priority,
            "Case Owner": case_owner(w, opened, priority), "Account ID": account["Account ID"],
            "Contact ID": contact["Contact ID"] if contact else None,
            "Case Origin": rng.choices(["Email", "Web", "Phone"], weights=[50, 30, 20])[0],
            "Date/Time Opened": opened, "Date/Time Closed": closed,
            "Description": case_description(rng, subject), "_contact": contact, "_account": account,
        })
    cases.sort(key=lambda c: c["Date/Time Opened"])
    for number, case in enumerate(cases):
        case["Case ID"] = w.new_id("500")
        case["Case Number"] = f"{FIRST_CASE_NUMBER + number:08d}"
    w.cases = cases
