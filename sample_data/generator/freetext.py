"""Free-text notes: ordinary, harmless ones, and the personal data people type into them.

Ordinary notes never contain digits that could pass for a card, account or ID number, no
numeric dates and no health words, so every such value in the files is one planted here
and listed in truth.json.
"""

import random

EVENTS = ["Big Data LDN", "SaaStr Annual", "Dreamforce", "the Gartner Data & Analytics Summit",
          "Web Summit", "our London roadshow", "our New York customer day", "a partner webinar"]
TOPICS = ["pipeline forecasting", "churn dashboards", "embedded analytics", "data governance",
          "board reporting", "sales performance dashboards", "self-service BI", "data quality"]
MONTHS = ["January", "March", "April", "June", "September", "October"]
COMPETITORS = ["Tableau", "Power BI", "Looker", "Qlik", "an in-house tool"]

CONTACT_NOTES = [
    "Met at {event}; interested in {topic}.",
    "Decision maker for the analytics budget.",
    "Prefers email over calls.",
    "Champion for the renewal; reports to the CFO.",
    "Gatekeeper - book meetings through the EA.",
    "Evaluating {competitor} for next year.",
    "Asked for case studies about {topic}.",
    "Budget cycle starts in {month}.",
    "Key contact for onboarding and training.",
    "Attended our webinar on {topic}.",
    "Moved from the finance team to operations.",
    "Technical evaluator; wants API documentation.",
    "Signs off purchases above the department limit.",
    "Very responsive, likes short agendas.",
]
ACTIVITY_NOTES = {
    "Call": ["Left voicemail.", "No answer.", "Spoke briefly, call back next week.",
             "Discussed renewal timing; wants a quote by Friday.",
             "Qualified: budget confirmed, timeline this quarter.", "Asked to be contacted after the holidays.",
             "Intro call, interested in {topic}.", "Pricing objections, needs sign-off from finance."],
    "Email": ["Sent pricing sheet.", "Shared case study on {topic}.", "Follow-up after demo.",
              "Sent meeting recap and next steps.", "Sent contract for review.", "Intro email.",
              "Replied to security questionnaire."],
    "Meeting": ["Demo of the forecasting module with the finance team.", "Quarterly business review.",
                "Discovery session: reporting currently lives in spreadsheets.",
                "Workshop on {topic}.", "Negotiation meeting with procurement."],
    "Visit": ["Onsite workshop at their office.", "Visited HQ, met the wider data team.",
              "Lunch with the sponsor; positive about expansion."],
    "Note": ["Contract owner changed to procurement.", "Customer is restructuring the data team.",
             "Sponsor on leave, expect delays.", "Competitor {competitor} in the deal."],
    "Task": ["Prepare proposal.", "Send contract for signature.", "Update mutual action plan.",
             "Chase signed order form.", "Book QBR."],
}
SUPPORT_NOTES = ["Asked customer for a HAR file.", "Reproduced in staging; escalated to engineering.",
                 "Workaround provided: clear cache and sign in again.", "Customer confirmed the fix.",
                 "Waiting on customer to test.", "Shared knowledge base article.",
                 "Escalated to the product team.", "Closed after no reply from customer."]
CASE_SUBJECTS = ["Dashboard not refreshing", "Scheduled report failed to send", "SSO login error (SAML)",
                 "Data import stuck at zero percent", "CRM connector sync error", "Request to add user licences",
                 "Export to Excel times out", "Chart colours wrong in PDF export", "API rate limit exceeded",
                 "Forecast numbers differ from CRM", "Password reset email not received", "Invoice query",
                 "Slow query performance", "How to set up row-level security",
                 "Feature request: custom fiscal calendar", "Embedded dashboard blank in Safari",
                 "Permission denied on shared folder", "Webhook not firing", "Duplicate rows after sync",
                 "Timezone wrong on scheduled reports"]
CASE_DESCRIPTIONS = [
    "{subject}. Started after the weekend, affects several users in the {team} team.",
    "{subject}. Customer says it worked last week; screenshots attached.",
    "{subject}. Blocking the monthly board pack, please prioritise.",
    "{subject}. Only happens for users in the {team} workspace.",
    "{subject}. Customer asked whether this is a known issue.",
]
TEAMS = ["finance", "sales", "operations", "marketing", "HR", "executive"]
NEXT_STEPS = ["Send revised proposal", "Security review with IT", "Demo for the finance team",
              "Agree pricing with procurement", "Legal review of MSA", "Identify economic buyer",
              "Schedule technical deep-dive", "Confirm budget owner", "Trial kick-off call",
              "Present business case to CFO"]


def fill(rng: random.Random, template: str) -> str:
    """Fill a template's placeholders with realistic values."""
    return template.format(event=rng.choice(EVENTS), topic=rng.choice(TOPICS),
                           month=rng.choice(MONTHS), competitor=rng.choice(COMPETITORS),
                           team=rng.choice(TEAMS), subject="{subject}")


def contact_note(rng: random.Random) -> str:
    return fill(rng, rng.choice(CONTACT_NOTES))


def activity_note(rng: random.Random, activity_type: str) -> str:
    return fill(rng, rng.choice(ACTIVITY_NOTES[activity_type]))


def support_note(rng: random.Random) -> str:
    return rng.choice(SUPPORT_NOTES)


def case_description(rng: random.Random, subject: str) -> str:
    return fill(rng, rng.choice(CASE_DESCRIPTIONS)).replace("{subject}", subject)


# ---- personal data that should never be in free text -------------------------------------

def luhn_check_digit(digits: str) -> int:
    """The digit that makes digits + it pass the Luhn check."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def luhn_valid(number: str) -> bool:
    digits = [c for c in number if c.isdigit()]
    return luhn_check_digit("".join(digits[:-1])) == int(digits[-1])


def card_number(rng: random.Random) -> str:
    """A Luhn-valid Visa, Mastercard or Amex number, grouped with spaces or dashes."""
    kind = rng.choice(["visa", "visa", "mc", "amex"])
    if kind == "amex":
        body = rng.choice(["34", "37"]) + "".join(rng.choice("0123456789") for _ in range(12))
        number = body + str(luhn_check_digit(body))
        groups = [number[:4], number[4:10], number[10:]]
    else:
        head = "4" if kind == "visa" else str(rng.randint(51, 55))
        body = head + "".join(rng.choice("0123456789") for _ in range(15 - len(head)))
        number = body + str(luhn_check_digit(body))
        groups = [number[i:i + 4] for i in range(0, 16, 4)]
    return rng.choice([" ", "-"]).join(groups)


def luhn_failing_number(rng: random.Random) -> str:
    """A 16-digit order/reference number grouped like a card, which fails the Luhn check."""
    body = str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(14))
    bad = (luhn_check_digit(body) + rng.randint(1, 9)) % 10
    number = body + str(bad)
    return rng.choice([" ", "-"]).join(number[i:i + 4] for i in range(0, 16, 4))


def iban_check_digits(country: str, bban: str) -> str:
    """ISO 13616 check digits: mod 97 of BBAN + country + '00', letters as 10..35."""
    rearranged = bban + country + "00"
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    return f"{98 - int(numeric) % 97:02d}"


def iban(rng: random.Random) -> str:
    """A checksum-valid German, British or French IBAN, sometimes grouped in fours."""
    country = rng.choice(["DE", "GB", "FR"])
    digits = lambda n: "".join(rng.choice("0123456789") for _ in range(n))
    if country == "DE":
        bban = digits(8) + digits(10)
    elif country == "GB":
        bban = rng.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(6) + digits(8)
    else:
        bank, branch, account = digits(5), digits(5), digits(11)
        rib_key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
        bban = bank + branch + account + f"{rib_key:02d}"
    value = country + iban_check_digits(country, bban) + bban
    if rng.random() < 0.6:
        value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return value


def iban_valid(value: str) -> bool:
    compact = value.replace(" ", "")
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def ssn(rng: random.Random) -> str:
    """A US SSN in a plausible range: area 001-665 (never 666), group 01-99, serial 0001-9999."""
    return f"{rng.randint(1, 665):03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
NINO_BANNED_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def nino(rng: random.Random) -> str:
    """A UK National Insurance number in a valid format: 'AB 12 34 56 C' or 'AB123456C'."""
    while True:
        prefix = rng.choice(NINO_FIRST) + rng.choice(NINO_SECOND)
        if prefix not in NINO_BANNED_PREFIXES:
            break
    digits = f"{rng.randint(0, 999999):06d}"
    suffix = rng.choice("ABCD")
    if rng.random() < 0.5:
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return f"{prefix}{digits}{suffix}"


def date_of_birth(rng: random.Random) -> str:
    """A birth date written UK, US or ISO style."""
    year, month, day = rng.randint(1956, 1999), rng.randint(1, 12), rng.randint(1, 28)
    style = rng.choice(["uk", "us", "iso"])
    if style == "uk":
        return f"{day:02d}/{month:02d}/{year}"
    if style == "us":
        return f"{month}/{day}/{year}"
    return f"{year}-{month:02d}-{day:02d}"


PII_SENTENCES = {
    "card": ["Paid by card {v}, charge the renewal to the same card.",
             "Customer read out card number {v} on the call for the overdue invoice.",
             "Card on file {v} - please update billing."],
    "iban": ["New bank details for refunds: IBAN {v}.", "Please pay the partner commission to {v}.",
             "Finance asked us to note their IBAN {v}."],
    "ssn": ["W-9 received, SSN {v}.", "For the background check: SSN {v}.", "Sole trader, SSN {v} on the invoice."],
    "nino": ["Contractor NI number {v}.", "Payroll query, National Insurance no. {v}.", "NINO {v} for the expenses form."],
    "dob": ["DOB {v}, sends birthday cards to clients.", "Date of birth {v} (needed for the visa letter).",
            "Born {v}, celebrating a milestone birthday this year."],
}
HEALTH_SENTENCES = {
    "diabetes": "Mentioned she has diabetes; prefers morning meetings.",
    "pregnant": "She is pregnant and on leave from next month - cover via the deputy.",
    "chemotherapy": "Out until next month for chemotherapy.",
    "depression": "On sick leave for depression, do not chase.",
    "cancer": "Recovering from cancer treatment, speak to the deputy meanwhile.",
    "surgery": "Back after knee surgery next week.",
}
LUHN_NEGATIVE_SENTENCES = ["Order ref {v} confirmed by procurement.", "PO number {v} attached to the invoice.",
                           "Their internal tracking number is {v}."]


def pii_sentence(rng: random.Random, kind: str, value: str) -> str:
    """A sentence a rep might type around one piece of personal data."""
    if kind == "health":
        return HEALTH_SENTENCES[value]
    return rng.choice(PII_SENTENCES[kind]).format(v=value)
