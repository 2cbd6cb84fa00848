"""The strategy half of the sample: what Brightwave's people said in the engagement's workshops.

Goals per department, stakeholders, who owns what (RACI), the primary-user diagnostic, a few
glossary terms, three customer-experience gaps with their trees of whys, a closed workshop's dot
votes, and the recommendations the room tied to its goals and root causes. The workbench loads it
through its ordinary store functions after importing the exports.

Goals carry no baseline: the loader measures it from the exports, as the Goals screen does.
Deadlines and due dates count from the export date. Every number a gap's evidence quotes comes
from the truth document, so it is what the audit finds in the exports.
"""

from datetime import date, timedelta

from .constants import AS_OF, COMPANY


def end_of_quarter(day: date, quarters_ahead: int) -> date:
    """The last day of the quarter ``quarters_ahead`` after the one holding ``day``."""
    index = day.year * 4 + (day.month - 1) // 3 + quarters_ahead + 1
    return date(index // 4, index % 4 * 3 + 1, 1) - timedelta(days=1)


def _goals() -> list[dict]:
    june, september, december = (end_of_quarter(AS_OF, n).isoformat() for n in (2, 3, 4))
    return [
        {"key": "sales_cycle_original", "department": "sales", "is_original": True,
         "statement": "Give every deal a next step so the sales cycle shrinks to 2.5 months",
         "metric": "Sales-cycle length", "unit": "months", "target": 2.5, "deadline": december,
         "owner": "Olivia Bennett",
         "why": "The CRM was bought so that no prospect waits on us: every deal with a next step and a date, "
                "so buyers get a decision sooner."},
        {"key": "churn_original", "department": "support", "is_original": True,
         "statement": "Reduce customer churn by 25% with one shared history of every customer",
         "metric": "Churn rate", "unit": "%", "target": 6.5, "deadline": december,
         "owner": "Fiona McAllister",
         "why": "Customers told us they left because they had to repeat themselves; one record of every "
                "conversation was meant to end that."},
        {"key": "sales_cycle", "department": "sales",
         "statement": "Cut the sales cycle from about 3 months to 2.3 by the end of June",
         "metric": "Sales-cycle length", "unit": "months", "target": 2.3, "deadline": june,
         "owner": "Marcus Reid",
         "why": "Prospects wait days for a reply after a demo or a proposal; a faster path to a decision "
                "respects their time and keeps competitors out.",
         "proposals": [["Olivia Bennett", 2.0], ["Marcus Reid", 2.5], ["Fiona McAllister", 2.3],
                       ["Dana Whitfield", 2.4]],
         "agreed_by": ["Olivia Bennett", "Marcus Reid", "Fiona McAllister", "Dana Whitfield",
                       "Rebecca Hale", "Richard Ashworth"]},
        {"key": "churn", "department": "support",
         "statement": "Bring churn below 7% by the end of June",
         "metric": "Churn rate", "unit": "%", "target": 7.0, "deadline": june,
         "owner": "Fiona McAllister",
         "why": "A customer who calls us should be recognised at once, with their history and open issues, "
                "instead of starting again with every agent."},
        {"key": "cac", "department": "marketing",
         "statement": "Cut the cost of winning a new customer by 16% by the end of June",
         "metric": "Customer acquisition cost (CAC)", "unit": "$", "target": 21000.0, "deadline": june,
         "owner": "Rebecca Hale",
         "why": "Prospects get fewer, better-timed messages when marketing and sales see the same record, "
                "and we stop paying twice to reach the same person."},
        {"key": "new_revenue", "department": "management",
         "statement": "Grow new revenue by 27% over the next four quarters",
         "metric": "New revenue", "unit": "$", "target": 1250000.0, "deadline": september,
         "owner": "Olivia Bennett",
         "why": "More companies choosing Brightwave shows the offer and the way we sell it work for buyers."},
    ]


STAKEHOLDERS = [
    # name, role, department, customer-facing, influence, interest, buy-in, commitment
    ("Customer advisory board", "Twelve key customers' heads of analytics", "customer", False, 3, 4, "supporter",
     "Asked for one contact at Brightwave who knows their history; will review the renewal experience in Q2."),
    ("Olivia Bennett", "VP Sales", "sales", True, 5, 4, "supporter",
     "Sponsors the sales-cycle goal and will review stuck deals with the managers every Monday."),
    ("Marcus Reid", "Sales Manager", "sales", True, 3, 4, "supporter",
     "Will run the weekly pipeline review from the CRM instead of from spreadsheets."),
    ("Rebecca Hale", "Marketing Director", "marketing", True, 4, 2, "sceptic",
     "Marketing runs its campaigns from the email tool and sees the CRM as a sales system."),
    ("Fiona McAllister", "Support Manager", "support", True, 3, 5, "champion",
     "Wants every case linked to its account and will train her team on it first."),
    ("Richard Ashworth", "Chief Executive", "management", False, 5, 3, "neutral", ""),
    ("Helen Okoye", "Chief Financial Officer", "finance", False, 4, 2, "sceptic",
     "Asks what the CRM licences return before the renewal in March."),
    ("Dana Whitfield", "CRM Administrator", "operations", False, 3, 5, "champion",
     "Keeps the CRM running and will own the clean-up plan, given two days a week for it."),
    ("Gareth Lloyd", "Head of IT", "it", False, 2, 3, "neutral",
     "His team grants and removes access; needs the leavers list from HR to do it on time."),
]

# Responsibility -> role -> parties. Two deliberate gaps the RACI check reports: nobody is
# accountable for keeping the data accurate, and two people are accountable for the processes.
RACI = {
    "collect": {"A": ["Olivia Bennett"], "R": ["Dana Whitfield"], "C": ["Rebecca Hale", "Fiona McAllister"],
                "I": ["Sales"]},
    "organise": {"A": ["Dana Whitfield"], "R": ["Dana Whitfield"], "C": ["Marcus Reid", "Fiona McAllister"],
                 "I": ["Marketing"]},
    "access": {"A": ["Gareth Lloyd"], "R": ["Dana Whitfield"], "I": ["Helen Okoye"]},
    "reports": {"A": ["Olivia Bennett"], "R": ["Marcus Reid"], "C": ["Rebecca Hale"], "I": ["Richard Ashworth"]},
    "accuracy": {"R": ["Sales", "Marketing", "Support"], "C": ["Dana Whitfield"], "I": ["Richard Ashworth"]},
    "training": {"A": ["Dana Whitfield"], "R": ["Dana Whitfield", "Marcus Reid"], "C": ["Fiona McAllister"],
                 "I": ["Sales", "Support"]},
    "processes": {"A": ["Olivia Bennett", "Fiona McAllister"], "R": ["Dana Whitfield"], "C": ["Rebecca Hale"],
                  "I": ["Richard Ashworth"]},
}

# Every symptom of the primary-user diagnostic, answered: sales recognises the most.
DIAGNOSTIC = {
    "sales.scattered_notes": False, "sales.many_emails": True, "sales.no_reminder": True,
    "sales.no_history": True, "sales.too_many": False, "sales.late_follow_up": True,
    "marketing.lead_source": True, "marketing.interests": False, "marketing.event_invite": False,
    "marketing.newsletter": False, "marketing.campaign_results": True, "marketing.subject_lines": False,
    "support.tenure": True, "support.problem": False, "support.routing": False,
    "support.ticket_age": False, "support.tried_before": True, "support.common_problems": True,
}

# Term, kind, team -> definition. Marketing and sales disagree on the marketing-qualified lead.
GLOSSARY = [
    ("Lead", "standard", {
        "marketing": "Anyone who gave us their contact details through a form, an event or a download.",
        "sales": "Anyone who gave us their contact details through a form, an event or a download."}),
    ("Marketing-qualified lead (MQL)", "standard", {
        "marketing": "A lead that reached 50 points on the lead-scoring rule.",
        "sales": "A lead that reached 70 points on the lead-scoring rule and asked to speak to sales."}),
    ("Customer", "standard", {
        "marketing": "An organisation that has signed a contract with Brightwave.",
        "sales": "An organisation that has signed a contract with Brightwave.",
        "support": "An organisation that has signed a contract with Brightwave."}),
    ("Hand-off from marketing to sales", "standard", {
        "marketing": "The moment a marketing-qualified lead is assigned to a sales development representative."}),
    ("Proposal/Price Quote", "stage", {
        "sales": "The prospect has received a written price and a proposed start date."}),
    ("Active support plan", "custom", {
        "support": "A customer whose support contract has not expired, so their cases are answered within a day."}),
]


def why(answer: str, *below: dict, key: str = "", root_cause: bool = False, by: str = "") -> dict:
    """One answer to "why?" and the answers to asking why again; ``by`` names the workshop
    participant who added it from their own device."""
    node = {"answer": answer}
    node.update({name: value for name, value in (("key", key), ("root_cause", root_cause), ("by", by)) if value})
    if below:
        node["whys"] = list(below)
    return node


def _gaps(truth: dict) -> list[dict]:
    count = {name: defect["count"] for name, defect in truth["defects"].items()}
    accounts = truth["duplicates"]["accounts"]
    return [
        {"key": "deals_go_quiet", "template": "slow_sales", "title": "Deals go quiet between steps",
         "stage": "decision", "departments": ["marketing", "sales"],
         "current_experience": "After a demo or a proposal, prospects wait for an answer; some deals sit for weeks "
                               "with nobody chasing them, and a few close without anyone having logged a word.",
         "desired_experience": "Every open deal has a next step and a date, and a prospect never waits more than "
                               "two working days for an answer.",
         "evidence": f"{count['opportunities_open_past_close_date']} open deals are past their close date; "
                     f"{count['opportunities_won_without_activity']} won deals had no activity logged before they "
                     f"closed; {count['activities_logging_lag']:,} activities were logged three or more days after "
                     "they happened.",
         "whys": [
             why("Reps do not see which deals have gone quiet",
                 why("The CRM's picture is days out of date: activities are logged late or in bulk at month end",
                     why("Logging is a chore done after the call, not part of the call",
                         why("The CRM is not connected to email and calendar, so every call and meeting is typed "
                             "in by hand", key="no_email_sync", root_cause=True))),
                 why("Nothing reminds a rep when a deal has had no activity for a while",
                     why("Nobody has said how long a deal may sit in a stage",
                         why("The sales process was never written down when the CRM was set up",
                             key="no_sales_process", root_cause=True)))),
             why("Deals owned by people who left are not picked up by anyone",
                 why("Nobody is told when a leaver's deals need a new owner")),
         ]},
        {"key": "messages_after_opt_out", "template": "silos",
         "title": "Customers hear from us after they asked us to stop",
         "stage": "growth", "departments": ["marketing", "sales", "support"],
         "current_experience": "Contacts who unsubscribed still get emails from sales reps, and some people "
                               "receive the same message twice because they exist twice in the CRM.",
         "desired_experience": "A customer's communication choices are respected by every team, the first time "
                               "they tell any of us.",
         "evidence": f"{count['contacts_emailed_after_opt_out']} contacts were emailed after they opted out; "
                     f"{accounts['records_in_clusters']} account records fall into {accounts['clusters']} "
                     f"duplicate groups; {count['contacts_email_bounced']} contacts have an email address that "
                     "bounced.",
         "whys": [
             why("Reps email from their own inboxes and do not see the opt-out",
                 why("The opt-out is kept in the email marketing tool, not on the contact the rep opens",
                     why("The email tool and the CRM are not synchronised: lists are exported and imported by hand",
                         why("Marketing does not use the CRM as its customer record, so nobody owns the sync",
                             key="marketing_outside_crm", root_cause=True)))),
             why("The same person exists as several contacts, and only one of them carries the opt-out",
                 why("Nobody checks for an existing contact before creating a new one",
                     why("Marketing and sales define a lead differently and keep their own lists",
                         key="two_lead_definitions", root_cause=True)),
                 why("Event lists are imported without matching them against existing contacts",
                     by="Rebecca Hale")),
         ]},
        {"key": "no_customer_history", "template": "low_retention",
         "title": "Support starts each call without the customer's history",
         "stage": "growth", "departments": ["sales", "support"],
         "current_experience": "Customers repeat their story to every agent; agents cannot see the account "
                               "owner, open deals or earlier cases, and escalations go to people who have left.",
         "desired_experience": "Whoever answers sees the customer's owner, history and open issues on one screen.",
         "evidence": f"{count['contacts_owner_inactive']} contacts, {count['accounts_owner_inactive']} accounts "
                     f"and {count['opportunities_owner_inactive']} deals are still owned by people who have left; "
                     f"{count['contacts_missing_account']} contacts are not linked to any account.",
         "whys": [
             why("Agents cannot find the caller's record quickly, so they create a new one",
                 why("Contacts lack their account or their owner, so a search finds the wrong record or none",
                     why("Nobody checks the data regularly or fixes what decays",
                         why("Nobody is accountable for keeping customer data accurate",
                             key="nobody_owns_accuracy", root_cause=True)))),
             why("Escalations go to account owners who have left",
                 why("Leavers' records are not reassigned when they leave",
                     why("Leaving the company has no CRM step", by="Fiona McAllister"))),
         ]},
    ]


# The closed workshop: six people, three dots each, on gaps (by key) and on recommendations
# (by the finding code the audit raises on these exports).
WORKSHOP = {
    "votes_each": 3,
    "participants": [
        ("Olivia Bennett", ["gap:deals_go_quiet", "gap:deals_go_quiet", "rec:PIPELINE.STUCK_DEALS"]),
        ("Marcus Reid", ["gap:deals_go_quiet", "rec:PIPELINE.STUCK_DEALS", "gap:messages_after_opt_out"]),
        ("Rebecca Hale", ["gap:messages_after_opt_out", "gap:messages_after_opt_out", "rec:USAGE.TEAM_NOT_USING"]),
        ("Fiona McAllister", ["gap:no_customer_history", "gap:messages_after_opt_out", "rec:DUPES.CONTACTS"]),
        ("Dana Whitfield", ["rec:DUPES.CONTACTS", "rec:COMPLIANCE.EMAIL_AFTER_OPT_OUT",
                            "gap:messages_after_opt_out"]),
        ("Richard Ashworth", ["rec:COMPLIANCE.EMAIL_AFTER_OPT_OUT", "rec:COMPLIANCE.EMAIL_AFTER_OPT_OUT",
                              "gap:deals_go_quiet"]),
    ],
}


def _recommendations() -> list[dict]:
    """Finding code -> the goals it serves, the root causes it addresses and, for some, the
    owner, due date and status the room decided."""
    def due(quarters_ahead: int) -> str:
        return end_of_quarter(AS_OF, quarters_ahead).isoformat()

    return [
        {"finding": "COMPLIANCE.EMAIL_AFTER_OPT_OUT", "goals": ["churn"], "root_causes": ["marketing_outside_crm"],
         "decision": {"priority": "essential", "owner": "Rebecca Hale", "due_date": due(0), "status": "in_progress"}},
        {"finding": "USAGE.TEAM_NOT_USING", "goals": ["cac"], "root_causes": ["marketing_outside_crm"],
         "decision": {"owner": "Rebecca Hale", "due_date": due(1), "status": "open"}},
        {"finding": "DUPES.CONTACTS", "goals": ["cac", "churn"], "root_causes": ["two_lead_definitions"],
         "decision": {"owner": "Dana Whitfield", "due_date": due(1), "status": "open"}},
        {"finding": "PIPELINE.STUCK_DEALS", "goals": ["sales_cycle", "sales_cycle_original"],
         "root_causes": ["no_sales_process"],
         "decision": {"owner": "Marcus Reid", "due_date": due(0), "status": "in_progress"}},
        {"finding": "USAGE.LOGGING_LAG", "goals": ["sales_cycle"], "root_causes": ["no_email_sync"]},
        {"finding": "USAGE.DEALS_WITHOUT_ACTIVITY", "goals": ["new_revenue"], "root_causes": ["no_email_sync"]},
        {"finding": "DATA.OWNER_INACTIVE", "goals": ["churn", "churn_original"],
         "root_causes": ["nobody_owns_accuracy"],
         "decision": {"owner": "Dana Whitfield", "due_date": due(1), "status": "open"}},
    ]


# Sales and marketing spend of the last year, as finance gave it, so the exports measure CAC.
KPI_SETTINGS = {"acquisition_spend": 1175000.0, "spend_days": 365}


def build_strategy(w, truth: dict) -> dict:
    """The whole strategy.json document; every person named as an owner is one of the staff."""
    staff = set(w.staff)
    goals = _goals()
    owners = {goal["owner"] for goal in goals} | {
        r["decision"]["owner"] for r in _recommendations() if "decision" in r}
    missing = sorted(owners - staff)
    assert not missing, f"owners who are not Brightwave staff: {missing}"
    return {
        "company": COMPANY,
        "as_of": AS_OF.isoformat(),
        "kpi_settings": KPI_SETTINGS,
        "goals": goals,
        "stakeholders": [dict(zip(("name", "role", "department", "customer_facing", "influence", "interest",
                                   "buy_in", "commitment"), row, strict=True)) for row in STAKEHOLDERS],
        "raci": RACI,
        "diagnostic": DIAGNOSTIC,
        "glossary": [{"term": term, "kind": kind, "definitions": definitions}
                     for term, kind, definitions in GLOSSARY],
        "gaps": _gaps(truth),
        "workshop": {"votes_each": WORKSHOP["votes_each"],
                     "participants": [{"name": name, "votes": votes} for name, votes in WORKSHOP["participants"]]},
        "recommendations": _recommendations(),
    }
