"""Fixed facts of the fictional dataset: dates, seed, picklists and audit thresholds.

Everything that a test or DEFECTS.md refers to by value lives here, so the generator,
the truth file and the documentation can never disagree about a threshold.
"""

from datetime import date, datetime

SEED = 20261001
COMPANY = "Brightwave Analytics Ltd"
COMPANY_DOMAIN = "brightwaveanalytics.com"

AS_OF = date(2026, 10, 1)
SPAN_START = date(2025, 7, 1)
SPAN_END = date(2026, 9, 30)
HISTORY_START = date(2019, 1, 1)
AS_OF_DT = datetime(2026, 10, 1, 0, 0)

# Thresholds used to define the computed defect classes (see DEFECTS.md).
STALE_DAYS = 365            # no activity and no modification for this long
STALE_CUTOFF = date(2025, 10, 1)   # AS_OF - 365 days
STUCK_STAGE_DAYS = 180      # open deal whose stage has not changed for this long
STUCK_CUTOFF = date(2026, 4, 4)    # AS_OF - 180 days
IDLE_LOGIN_DAYS = 90
IDLE_CUTOFF = date(2026, 7, 3)     # AS_OF - 90 days
LAG_DAYS = 3                # activity created this many days or more after its date
BULK_MINUTE_MIN = 20        # this many activities by one user in one Created minute
DEAD_ACCOUNT_DAYS = 365

STAGES = [
    ("Prospecting", 10),
    ("Qualification", 10),
    ("Needs Analysis", 20),
    ("Proposal/Price Quote", 75),
    ("Negotiation/Review", 90),
    ("Closed Won", 100),
    ("Closed Lost", 0),
]
OPEN_STAGES = [s for s, _ in STAGES[:5]]
PROBABILITY = dict(STAGES)

RECORD_TYPES = ["New Business", "Renewal", "Upsell"]
LEAD_SOURCES = [
    "Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Trade Show",
    "Webinar", "Employee Referral", "Advertisement", "Other",
]
LEAD_SOURCE_WEIGHTS = [30, 8, 12, 8, 12, 14, 5, 6, 5]
ACCOUNT_TYPES = ["Customer", "Prospect", "Partner", "Former Customer"]
LIFECYCLE_STAGES = [
    "Subscriber", "Lead", "Marketing Qualified Lead", "Sales Qualified Lead",
    "Opportunity", "Customer", "Evangelist",
]
ACTIVITY_TYPES = ["Call", "Email", "Meeting", "Visit", "Note", "Task"]
EVENT_TYPES = {"Meeting", "Visit"}
INDUSTRIES = [
    "Technology", "Financial Services", "Healthcare", "Manufacturing", "Retail",
    "Education", "Government", "Energy", "Telecommunications", "Media",
    "Professional Services", "Transportation", "Hospitality", "Construction",
    "Non-Profit",
]
INDUSTRY_WEIGHTS = [18, 12, 9, 10, 8, 5, 3, 5, 5, 5, 9, 6, 4, 4, 2]
COUNTRIES = [
    "United States", "United Kingdom", "Germany", "France", "Ireland",
    "Netherlands", "Italy", "Spain", "Australia", "Canada",
]
CASE_STATUSES = ["New", "Working", "Escalated", "Closed"]
CASE_PRIORITIES = ["High", "Medium", "Low"]
CASE_ORIGINS = ["Email", "Web", "Phone"]

CUSTOMER_FACING = {"Sales", "Marketing", "Support"}

# Values people type into a field when they do not know the answer.
PLACEHOLDERS = ["n/a", "-", "unknown", "test", "asdf", "0000000000", "noemail@example.com"]
ROLE_LOCAL_PARTS = [
    "info", "sales", "admin", "accounts", "office", "enquiries", "contact",
    "support", "hello", "billing", "marketing", "hr", "team", "noreply",
]
TYPO_DOMAINS = {
    "gmial.com": "gmail.com", "gmai.com": "gmail.com", "hotmial.com": "hotmail.com",
    "yaho.com": "yahoo.com", "outlok.com": "outlook.com",
}
DISPOSABLE_DOMAINS = ["mailinator.com", "guerrillamail.com", "yopmail.com", "10minutemail.com"]
HEALTH_TERMS = ["diabetes", "pregnant", "chemotherapy", "depression", "cancer", "surgery"]

HEADERS = {
    "contacts": [
        "Contact ID", "First Name", "Last Name", "Email", "Phone", "Mobile",
        "Account Name", "Account ID", "Title", "Contact Owner", "Lead Source",
        "Lifecycle Stage", "Mailing Street", "Mailing City", "Mailing State/Province",
        "Mailing Zip/Postal Code", "Mailing Country", "Birthdate", "Email Opt Out",
        "Email Bounced Date", "Description", "Created Date", "Last Modified Date",
        "Last Activity",
    ],
    "accounts": [
        "Account ID", "Account Name", "Parent Account ID", "Website", "Industry", "Type",
        "Account Owner", "Phone", "Billing Street", "Billing City",
        "Billing State/Province", "Billing Zip/Postal Code", "Billing Country",
        "Annual Revenue", "Employees", "Created Date", "Last Activity", "Description",
    ],
    "opportunities": [
        "Opportunity ID", "Opportunity Name", "Account ID", "Account Name", "Amount",
        "Stage", "Probability (%)", "Opportunity Record Type", "Type",
        "Opportunity Owner", "Lead Source", "Created Date", "Close Date",
        "Last Stage Change Date", "Next Step", "Last Activity",
    ],
    "activities": [
        "Activity ID", "Activity Type", "Subject", "Assigned", "Date", "Contact ID",
        "Account ID", "Opportunity ID", "Status", "Comments", "Created Date",
    ],
    "users": [
        "User ID", "Full Name", "Email", "Department", "Role", "Profile", "Active",
        "Last Login", "Created Date",
    ],
    "cases": [
        "Case ID", "Case Number", "Subject", "Status", "Priority", "Case Owner",
        "Account ID", "Contact ID", "Case Origin", "Date/Time Opened",
        "Date/Time Closed", "Description",
    ],
}
ENTITIES = ["contacts", "accounts", "opportunities", "activities", "users", "cases"]
ID_FIELD = {
    "contacts": "Contact ID", "accounts": "Account ID", "opportunities": "Opportunity ID",
    "activities": "Activity ID", "users": "User ID", "cases": "Case ID",
}
