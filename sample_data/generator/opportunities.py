"""Deals (opportunities.csv): new business, yearly renewals and upsells per account.

Closed deals carry the stage change on their close date; open deals moved stage within the
last four months, except the planted stuck deals (see defects/pipeline.py).
"""

import math
from datetime import date, timedelta

from .constants import AS_OF, LEAD_SOURCE_WEIGHTS, LEAD_SOURCES, PROBABILITY, SPAN_END, SPAN_START
from .freetext import NEXT_STEPS
from .world import World, random_date, skewed_date, weekday_on_or_after

PRODUCTS = ["Insights Platform", "Pipeline Analytics", "Forecasting Suite", "Embedded Analytics",
            "Data Quality Module"]
ADD_ONS = ["Additional Seats", "Forecasting Module", "Premium Support", "Data Connectors Pack",
           "Sandbox Environment"]
MANAGERS = ["Marcus Reid", "Hannah Schofield"]
SELLERS = ["Daniel Okafor", "Priya Raman", "Tom Gallagher", "Sofia Lindqvist", "James Whitaker",
           "Chloé Martin", "Ethan Brooks", "Laura Fitzgerald", "Marcus Reid", "Hannah Schofield"]
RECENT_STAGE_CHANGE_DAYS = 120


def open_stage(progress: float, record_type: str) -> str:
    """Stage of an open deal from how far through its sales cycle it is."""
    if record_type == "Renewal":
        return "Negotiation/Review" if progress > 0.6 else "Proposal/Price Quote"
    stages = ["Prospecting", "Qualification", "Needs Analysis", "Proposal/Price Quote", "Negotiation/Review"]
    return stages[min(4, int(progress * 5))]


def deal_owner(w: World, account: dict, created: date) -> str:
    """The account owner if they sold for us when the deal was created, else a colleague."""
    owner = account["Account Owner"]
    member = w.staff.get(owner)
    if member and member.kind in ("ae", "manager", "vp") and member.employed_on(created):
        return owner
    choices = [n for n in SELLERS if w.staff[n].employed_on(created)]
    return w.rng.choice(choices) if choices else "James Whitaker"   # deals older than the sales team


def new_deal(w: World, account: dict, record_type: str, created: date, close: date, won: bool | None,
             amount: float, name: str) -> dict:
    """One opportunity; won=None means still open (stage from progress through the cycle)."""
    rng = w.rng
    if close < AS_OF and won is not None:
        stage = "Closed Won" if won else "Closed Lost"
        changed = close
    else:
        cycle = max(1, (close - created).days)
        stage = open_stage(min(0.99, (AS_OF - created).days / cycle), record_type)
        changed = random_date(rng, max(created, AS_OF - timedelta(days=RECENT_STAGE_CHANGE_DAYS)), SPAN_END)
    is_open = not stage.startswith("Closed")
    deal_type = {"New Business": "New Customer", "Upsell": "Existing Customer - Upgrade"}.get(
        record_type, "Existing Customer - Replacement" if rng.random() < 0.85 else "Existing Customer - Downgrade")
    return {
        "Opportunity Name": name, "Account ID": account["Account ID"], "Account Name": account["Account Name"],
        "Amount": round(amount, 2), "Stage": stage, "Probability (%)": PROBABILITY[stage],
        "Opportunity Record Type": record_type, "Type": deal_type,
        "Opportunity Owner": deal_owner(w, account, created),
        "Lead Source": rng.choices(LEAD_SOURCES, weights=LEAD_SOURCE_WEIGHTS)[0] if record_type == "New Business" else None,
        "Created Date": created, "Close Date": close, "Last Stage Change Date": changed,
        "Next Step": rng.choice(NEXT_STEPS) if is_open and rng.random() < 0.85 else None,
        "Last Activity": None, "_account": account,
    }


def month_end_bias(w: World, day: date) -> date:
    """Deals like to close at month end."""
    if w.rng.random() < 0.3:
        following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return weekday_on_or_after(day)


def new_business_amount(w: World) -> float:
    return float(round(min(400000, max(5000, math.exp(w.rng.gauss(10.3, 0.7)))), -2))


def customer_deals(w: World, account: dict, churn: bool) -> list:
    """The first sale, a renewal every year (the last one lost for former customers) and upsells."""
    rng, since, deals = w.rng, account["_since"], []
    arr = account["_arr"]
    product = rng.choice(PRODUCTS)
    cycle = rng.randint(30, 150)
    deals.append(new_deal(w, account, "New Business", max(account["Created Date"], since - timedelta(days=cycle)),
                          since, True, arr, f"{account['Account Name']} - {product}"))
    churn_year = None
    if churn:
        churn_year = rng.randint(max(since.year + 1, 2024), 2026)
        if date(churn_year, since.month, min(since.day, 28)) >= AS_OF:
            churn_year -= 1
    year = 1
    while True:
        anniversary = date(since.year + year, since.month, min(since.day, 28))
        created = anniversary - timedelta(days=90)
        if created > SPAN_END:
            break
        arr = float(round(arr * rng.uniform(0.92, 1.15), -2))
        lost = churn and anniversary.year >= churn_year and anniversary < AS_OF
        won = None if anniversary >= AS_OF else not lost
        deals.append(new_deal(w, account, "Renewal", created, anniversary, won, arr,
                              f"{account['Account Name']} - Renewal {anniversary.year}"))
        if lost:
            break
        year += 1
    if not churn:
        for _ in range(poisson(rng, 1.8)):
            created = random_date(rng, since + timedelta(days=60), SPAN_END) if since + timedelta(days=60) < SPAN_END else SPAN_END
            close = month_end_bias(w, created + timedelta(days=rng.randint(25, 120)))
            deals.append(new_deal(w, account, "Upsell", created, close, rng.random() < 0.6 if close < AS_OF else None,
                                  arr * rng.uniform(0.15, 0.5), f"{account['Account Name']} - {rng.choice(ADD_ONS)} Upsell"))
    return deals


def prospect_deals(w: World, account: dict, can_win: bool) -> list:
    """New-business attempts; prospects lose (or are still working) every one of them."""
    rng, deals = w.rng, []
    count = rng.choices([0, 1, 2, 3], weights=[12, 42, 30, 16])[0] if not can_win else rng.choice([0, 1, 1, 2])
    for _ in range(count):
        created = skewed_date(rng, max(account["Created Date"], date(2020, 1, 1)), SPAN_END, 1.8)
        close = month_end_bias(w, created + timedelta(days=rng.randint(30, 200)))
        if close >= AS_OF and created < AS_OF - timedelta(days=75) and rng.random() < 0.1:
            close = random_date(rng, max(created + timedelta(days=30), AS_OF - timedelta(days=60)),
                                AS_OF - timedelta(days=1))   # the rep never moved the close date
            won = None
        else:
            won = (rng.random() < 0.5 if can_win else False) if close < AS_OF else None
        deals.append(new_deal(w, account, "New Business", created, close, won, new_business_amount(w),
                              f"{account['Account Name']} - {rng.choice(PRODUCTS)}"))
    return deals


def poisson(rng, mean: float) -> int:
    """A Poisson draw (Knuth), for counts of upsells."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def draft_opportunities(w: World) -> list:
    """All deals of every account (without ids yet)."""
    deals = []
    for account in w.accounts:
        if account["Type"] == "Customer":
            deals += customer_deals(w, account, churn=False)
        elif account["Type"] == "Former Customer":
            deals += customer_deals(w, account, churn=True)
        else:
            deals += prospect_deals(w, account, can_win=account["Type"] == "Partner")
    return deals


def number_opportunities(w: World, deals: list) -> None:
    """Give deals ids in order of creation."""
    deals.sort(key=lambda d: d["Created Date"])
    for deal in deals:
        deal["Opportunity ID"] = w.new_id("006")
    w.opportunities = deals


def in_span(day: date | None) -> bool:
    return day is not None and SPAN_START <= day <= SPAN_END
