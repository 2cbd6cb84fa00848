"""Logged activities (activities.csv): calls, emails, meetings, visits, notes and tasks.

Sales reps log against the accounts they work, day by day, mostly on weekdays; support logs
the emails and calls of each case. Volumes per person follow their role (an SDR logs a few
dozen touches a day, an AE fewer but longer ones); the usage defects are shaped on top.
"""

import bisect
from collections import Counter
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from .cases import contacts_by_account
from .constants import EVENT_TYPES, SPAN_END, SPAN_START
from .freetext import activity_note, support_note
from .opportunities import poisson
from .users import StaffMember
from .world import World, weekday_on_or_after, working_time

SALES_MIX = {
    "sdr": {"Call": 55, "Email": 40, "Task": 5},
    "ae": {"Call": 25, "Email": 35, "Meeting": 20, "Visit": 5, "Note": 5, "Task": 10},
    "manager": {"Meeting": 40, "Call": 20, "Email": 30, "Visit": 10},
}
DAILY_MEAN = {"sdr": 22.0, "ae": 9.0, "manager": 2.5}
SUBJECTS = {
    "Call": ["Call", "Call: follow-up", "Call: discovery", "Call: renewal check-in", "Call: pricing"],
    "Email": ["Email: Follow-up", "Email: Pricing", "Email: Introduction", "Email: Proposal", "Email: Meeting recap"],
    "Meeting": ["Demo", "Discovery meeting", "Quarterly business review", "Negotiation meeting", "Kick-off meeting"],
    "Visit": ["Onsite visit", "Customer visit"],
    "Note": ["Note", "Account note"],
    "Task": ["Send proposal", "Prepare quote", "Follow up", "Update opportunity"],
}
SDR_SUBJECTS = {"Call": ["Cold call", "Call: introduction", "Call: follow-up"],
                "Email": ["Email: Introduction", "Email: Follow-up", "Email: Resources"]}
SCATTERED_LAG_SHARE = 0.01
HABITUAL_LAG_SHARE = 0.75
MAX_SAME_MINUTE = 3


class ActivityContext:
    """Lookups the activity builders share: who worked where, which deals were open when."""

    def __init__(self, w: World):
        self.contacts = contacts_by_account(w)
        self.engagement = {account_id: list(accumulate(c["_engagement"] for c in people))
                           for account_id, (_, people) in self.contacts.items()}
        self.deals = {}
        for deal in w.opportunities:
            self.deals.setdefault(deal["Account ID"], []).append(deal)
        self.no_activity_deals = set(w.planted.get("opportunities_won_without_activity", []))

    def engaged_contact(self, w: World, account_id: str, day: date) -> dict | None:
        """A contact the reps actually talk to, created on or before day (None if there is none)."""
        dates, people = self.contacts.get(account_id, ([], []))
        count = bisect.bisect_right(dates, day)
        if count == 0 or self.engagement[account_id][count - 1] == 0:
            return None
        cumulative = self.engagement[account_id]
        return people[bisect.bisect_right(cumulative, w.rng.random() * cumulative[count - 1])]

    def open_deal(self, w: World, account_id: str, day: date) -> dict | None:
        """A deal of the account being worked on that day (not one planted to have no activity)."""
        live = [d for d in self.deals.get(account_id, [])
                if d["Created Date"] <= day <= (d["Close Date"] or SPAN_END)
                and d["Opportunity ID"] not in self.no_activity_deals]
        return w.rng.choice(live) if live else None


class ActivityLog:
    """Collects activity rows; keeps one user's Created minutes from piling up by accident."""

    def __init__(self, w: World):
        self.w = w
        self.minutes = Counter()

    def add(self, member: StaffMember, kind: str, day: date, account_id: str | None, contact: dict | None,
            deal: dict | None, subject: str, comments: str | None, created: datetime, status: str | None) -> dict:
        while self.minutes[(member.name, created)] >= MAX_SAME_MINUTE:
            created += timedelta(minutes=1)
        self.minutes[(member.name, created)] += 1
        row = {"Activity Type": kind, "Subject": subject, "Assigned": member.name, "Date": day,
               "Contact ID": contact["Contact ID"] if contact else None, "Account ID": account_id,
               "Opportunity ID": deal["Opportunity ID"] if deal else None, "Status": status,
               "Comments": comments, "Created Date": created}
        self.w.activities.append(row)
        return row


def latest_created(member: StaffMember) -> datetime:
    """Nobody creates records after they left or after their last login."""
    if member.habit == "idle" and member.last_login:
        return member.last_login
    if member.left:
        return datetime.combine(member.left, time(18, 0))
    return datetime.combine(SPAN_END, time(23, 59))


def created_for(w: World, member: StaffMember, day: date, kind: str, status: str | None) -> datetime:
    """When the activity was typed in: same day usually, ahead for events, late for laggards."""
    rng = w.rng
    if kind in EVENT_TYPES:
        created = working_time(rng, day - timedelta(days=rng.randint(1, 14)))
    elif status in ("Not Started", "In Progress"):
        created = working_time(rng, day - timedelta(days=rng.randint(1, 7)))
    elif (member.habit == "lag" and rng.random() < HABITUAL_LAG_SHARE) or rng.random() < SCATTERED_LAG_SHARE:
        created = working_time(rng, day + timedelta(days=rng.randint(3, 21 if member.habit == "lag" else 10)))
    elif rng.random() < 0.15:
        created = working_time(rng, weekday_on_or_after(day + timedelta(days=1)), 7, 10)
    else:
        created = working_time(rng, day)
    limit = latest_created(member)
    if created > limit:
        created = min(limit, working_time(rng, day))
    return max(created, datetime.combine(member.hired, time(9, 0)))


def season_factor(day: date) -> float:
    """Quiet over Christmas and in August, busier in the last fortnight of a quarter."""
    if (day.month == 12 and day.day >= 24) or (day.month == 1 and day.day == 1):
        return 0.0
    if day.month == 8:
        return 0.75
    if day.month in (3, 6, 9, 12) and day.day >= 16:
        return 1.2
    return 1.0


def daily_count(w: World, member: StaffMember, day: date) -> int:
    """How many activities a rep logs on one day."""
    mean = DAILY_MEAN[member.kind if member.kind in DAILY_MEAN else "ae"] * season_factor(day)
    if day.weekday() >= 5:
        return 1 if w.rng.random() < 0.04 * mean / 8 else 0
    return max(0, round(w.rng.gauss(mean, mean * 0.3)))


def working_set(w: World, member: StaffMember) -> tuple[list, list]:
    """The accounts a rep works and how much attention each gets (cumulative weights)."""
    weights = []
    for account in w.accounts:
        if account["_dormant"]:
            weights.append(0.0)
            continue
        own = account["Account Owner"] == member.name
        kind = account["Type"]
        if member.kind == "sdr":
            weight = (3.0 if own else 0.3) if kind == "Prospect" else 0.02
        elif member.kind == "manager":
            weight = 1.0 if kind in ("Customer", "Partner") else 0.1
        else:
            weight = {"Customer": 3.0, "Prospect": 2.0, "Partner": 1.0, "Former Customer": 0.5}[kind] if own else 0.03
        weights.append(weight)
    return w.accounts, list(accumulate(weights))


def sales_activity(w: World, log: ActivityLog, ctx: ActivityContext, member: StaffMember, day: date,
                   accounts: list, cumulative: list) -> None:
    """One activity by a sales user on one day."""
    rng = w.rng
    for _ in range(6):
        account = accounts[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]
        if account["Created Date"] <= day:
            break
    else:
        return
    mix = SALES_MIX["ae" if member.kind == "vp" else member.kind]
    kind = rng.choices(list(mix), weights=list(mix.values()))[0]
    contact = ctx.engaged_contact(w, account["Account ID"], day)
    if kind == "Email" and contact is not None and contact["Email Opt Out"]:
        kind = "Call"
    deal = ctx.open_deal(w, account["Account ID"], day) if member.kind != "sdr" and rng.random() < 0.6 else None
    status = None if kind in EVENT_TYPES else "Completed"
    if kind == "Task" and day >= SPAN_END - timedelta(days=14) and rng.random() < 0.5:
        status = rng.choice(["Not Started", "In Progress"])
    subjects = SDR_SUBJECTS.get(kind, SUBJECTS[kind]) if member.kind == "sdr" else SUBJECTS[kind]
    comments = activity_note(rng, kind) if rng.random() < 0.45 else None
    log.add(member, kind, day, account["Account ID"], contact, deal, rng.choice(subjects), comments,
            created_for(w, member, day, kind, status), status)


def build_sales_activities(w: World, log: ActivityLog, ctx: ActivityContext) -> None:
    """Day-by-day logging by every sales user with a normal logging habit."""
    for member in w.staff.values():
        if member.department != "Sales" or member.habit in ("low_usage", "idle"):
            continue
        accounts, cumulative = working_set(w, member)
        day = SPAN_START
        while day <= SPAN_END:
            if member.logs_on(day):
                for _ in range(daily_count(w, member, day)):
                    sales_activity(w, log, ctx, member, day, accounts, cumulative)
            day += timedelta(days=1)


def build_low_usage(w: World, log: ActivityLog, ctx: ActivityContext, counts: dict) -> None:
    """The two reps who own accounts but log next to nothing."""
    for name, count in counts.items():
        member = w.staff[name]
        accounts, cumulative = working_set(w, member)
        days = sorted(w.rng.sample(range((SPAN_END - SPAN_START).days), count))
        for offset in days:
            sales_activity(w, log, ctx, member, weekday_on_or_after(SPAN_START + timedelta(days=offset)),
                           accounts, cumulative)


def support_touch(w: World, log: ActivityLog, case: dict, day: date, first: bool) -> None:
    """One email, call or note on a case by its owner."""
    rng = w.rng
    member = w.staff[case["Case Owner"]]
    if not member.logs_on(day):
        return
    contact = case["_contact"]
    if first:
        kind = "Call" if case["Case Origin"] == "Phone" else "Email"
    else:
        kind = rng.choices(["Email", "Call", "Note"], weights=[55, 30, 15])[0]
    if kind == "Email" and (contact is None or contact["Email Opt Out"]):
        kind = "Call" if contact is not None else "Note"
    subject = f"{'Email: ' if kind == 'Email' else ''}Re: Case {case['Case Number']} - {case['Subject']}"
    opened = case["Date/Time Opened"]
    if first and day == opened.date():
        created = opened + timedelta(minutes=rng.randint(5, 120))
    else:
        created = created_for(w, member, day, kind, "Completed")
    created = min(created, latest_created(member))
    log.add(member, kind, day, case["Account ID"], contact, None, subject,
            support_note(rng) if rng.random() < 0.6 else None, created, "Completed")


def build_support_activities(w: World, log: ActivityLog) -> None:
    """The touches on each case between opening and closing."""
    rng = w.rng
    for case in w.cases:
        opened = case["Date/Time Opened"].date()
        end = case["Date/Time Closed"].date() if case["Date/Time Closed"] else SPAN_END
        touches = min(9, 1 + poisson(rng, 3.2 if case["Status"] == "Closed" else 1.5))
        support_touch(w, log, case, opened, True)
        for _ in range(touches - 1):
            day = opened + timedelta(days=rng.randint(0, (end - opened).days))
            moved = weekday_on_or_after(day)
            support_touch(w, log, case, moved if moved <= end else day, False)


def assign_activity_ids(w: World) -> None:
    """Ids in order of creation: 00T for tasks (calls, emails, notes, tasks), 00U for events."""
    w.activities.sort(key=lambda a: (a["Created Date"], a["Assigned"], a["Date"], a["Subject"]))
    for row in w.activities:
        row["Activity ID"] = w.new_id("00U" if row["Activity Type"] in EVENT_TYPES else "00T")
