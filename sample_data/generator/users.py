"""Brightwave Analytics' own staff: the CRM users who own records and log activities.

The staff list is written out by hand because several audit findings hinge on named people:
two reps who log almost nothing, three leavers who still own records, two licensed users who
have not logged in for months, a rep who bulk-logs at month end and one who logs days late.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .constants import AS_OF, COMPANY_DOMAIN, SPAN_END
from .similarity import plain
from .world import World, working_time


@dataclass
class StaffMember:
    name: str
    department: str
    role: str
    profile: str
    hired: date
    kind: str                 # vp, manager, ae, sdr, marketing, support, support_manager, admin
    left: date | None = None  # deactivated users: last working day
    last_login: datetime | None = None
    habit: str = "normal"     # normal, low_usage, bulk, lag, idle, silent
    user_id: str = ""

    @property
    def active(self) -> bool:
        return self.left is None

    def employed_on(self, day: date) -> bool:
        """Whether this person worked here on that day (and so could own new records)."""
        return self.hired <= day <= (self.left or date(2100, 1, 1))

    def logs_on(self, day: date) -> bool:
        """Whether this person could log an activity on that day (idle users stop at their last login)."""
        if self.habit == "idle":
            if self.last_login is None:
                return False
            return self.hired <= day <= self.last_login.date()
        return self.hired <= day <= (self.left or SPAN_END)


STAFF = [
    # name, department, role, profile, hired, kind, left, habit
    ("Olivia Bennett", "Sales", "VP Sales", "Standard User", date(2021, 2, 1), "vp", None, "idle"),
    ("Marcus Reid", "Sales", "Sales Manager", "Standard User", date(2020, 5, 11), "manager", None, "normal"),
    ("Hannah Schofield", "Sales", "Sales Manager", "Standard User", date(2021, 9, 6), "manager", None, "normal"),
    ("Daniel Okafor", "Sales", "Account Executive", "Standard User", date(2020, 8, 3), "ae", None, "normal"),
    ("Priya Raman", "Sales", "Account Executive", "Standard User", date(2022, 1, 10), "ae", None, "normal"),
    ("Tom Gallagher", "Sales", "Account Executive", "Standard User", date(2021, 4, 19), "ae", None, "bulk"),
    ("Sofia Lindqvist", "Sales", "Account Executive", "Standard User", date(2023, 3, 6), "ae", None, "lag"),
    ("James Whitaker", "Sales", "Account Executive", "Standard User", date(2019, 6, 3), "ae", date(2025, 11, 14), "normal"),
    ("Chloé Martin", "Sales", "Account Executive", "Standard User", date(2022, 6, 13), "ae", date(2026, 3, 31), "normal"),
    ("Ethan Brooks", "Sales", "Account Executive", "Standard User", date(2023, 9, 4), "ae", None, "low_usage"),
    ("Laura Fitzgerald", "Sales", "Account Executive", "Standard User", date(2024, 2, 12), "ae", None, "low_usage"),
    ("Kai Nakamura", "Sales", "Sales Development Representative", "Standard User", date(2023, 1, 9), "sdr", None, "normal"),
    ("Grace O'Neill", "Sales", "Sales Development Representative", "Standard User", date(2024, 5, 20), "sdr", None, "normal"),
    ("Mateo Rossi", "Sales", "Sales Development Representative", "Standard User", date(2024, 11, 4), "sdr", None, "normal"),
    ("Aaron Feldman", "Sales", "Sales Development Representative", "Standard User", date(2023, 7, 17), "sdr", date(2026, 6, 12), "normal"),
    ("Rebecca Hale", "Marketing", "Marketing Director", "Marketing User", date(2020, 1, 13), "marketing", None, "silent"),
    ("Nathan Cole", "Marketing", "Demand Generation Manager", "Marketing User", date(2022, 4, 4), "marketing", None, "silent"),
    ("Isabel Duarte", "Marketing", "Marketing Operations Manager", "Marketing User", date(2021, 10, 18), "marketing", None, "silent"),
    ("Yusuf Demir", "Marketing", "Content Marketing Manager", "Marketing User", date(2023, 6, 12), "marketing", None, "silent"),
    ("Emily Zhao", "Marketing", "Field Marketing Manager", "Marketing User", date(2024, 8, 26), "marketing", None, "silent"),
    ("Fiona McAllister", "Support", "Support Manager", "Standard User", date(2019, 11, 4), "support_manager", None, "normal"),
    ("Ravi Patel", "Support", "Support Engineer", "Standard User", date(2020, 3, 2), "support", None, "normal"),
    ("Megan Doyle", "Support", "Support Engineer", "Standard User", date(2021, 7, 12), "support", None, "normal"),
    ("Lucas Moreau", "Support", "Customer Support Specialist", "Standard User", date(2022, 2, 21), "support", None, "normal"),
    ("Jade Thompson", "Support", "Customer Support Specialist", "Standard User", date(2022, 10, 3), "support", None, "normal"),
    ("Oskar Nowak", "Support", "Support Engineer", "Standard User", date(2023, 4, 24), "support", None, "normal"),
    ("Amira Haddad", "Support", "Customer Support Specialist", "Standard User", date(2024, 1, 15), "support", None, "normal"),
    ("Connor Walsh", "Support", "Customer Support Specialist", "Standard User", date(2023, 8, 7), "support", None, "idle"),
    ("Dana Whitfield", "Operations", "CRM Administrator", "System Administrator", date(2019, 3, 18), "admin", None, "normal"),
    ("Sam Iqbal", "IT", "IT Systems Administrator", "System Administrator", date(2020, 9, 14), "admin", None, "normal"),
]
IDLE_LAST_LOGIN = {"Olivia Bennett": None, "Connor Walsh": datetime(2026, 6, 2, 10, 14)}


def last_login(w: World, member: StaffMember) -> datetime | None:
    """Recent for everyone who works here; old or empty for leavers and the two idle users."""
    if member.name in IDLE_LAST_LOGIN:
        return IDLE_LAST_LOGIN[member.name]
    if member.left:
        return working_time(w.rng, member.left, 9, 17)
    return working_time(w.rng, AS_OF - timedelta(days=w.rng.randint(1, 9)), 7, 19)


def build_users(w: World) -> None:
    """Create users.csv rows and the staff lookup used by every other builder."""
    for name, department, role, profile, hired, kind, left, habit in STAFF:
        member = StaffMember(name, department, role, profile, hired, kind, left, habit=habit)
        member.last_login = last_login(w, member)
        w.staff[name] = member
    for member in sorted(w.staff.values(), key=lambda m: m.hired):
        member.user_id = w.new_id("005")
    for member in w.staff.values():
        first, last = member.name.split(" ", 1)
        w.users.append({
            "User ID": member.user_id, "Full Name": member.name,
            "Email": f"{plain(first).replace(' ', '')}.{plain(last).replace(' ', '')}@{COMPANY_DOMAIN}",
            "Department": member.department, "Role": member.role, "Profile": member.profile,
            "Active": member.active, "Last Login": member.last_login, "Created Date": member.hired,
        })


def staff_of(w: World, *kinds: str, active_on: date | None = None) -> list[StaffMember]:
    """Staff of the given kinds, optionally only those working on a given day."""
    return [m for m in w.staff.values()
            if m.kind in kinds and (active_on is None or m.employed_on(active_on))]
