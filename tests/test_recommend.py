"""Recommendations: the rules table, rationales that quote the finding, default priorities,
people's decisions laid over them, and the pure function that applies editor changes."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from crm_core.findings import AuditResult, Finding
from crm_core.recommend import (
    CONDITIONS, PRIORITIES, Decision, Links, build_recommendations, decision_edits, decision_table, load_rules,
    recommend_for, rule_for,
)

CORE = Path(__file__).resolve().parent.parent / "crm_core"
KNOWN_CODES = {code for file in CORE.rglob("*.py") for code in re.findall(
    r'"((?:DATA|USAGE|PIPELINE|DUPES|FIT|COMPLIANCE)\.[A-Z_]+)"', file.read_text())}
KNOWN_CODES |= set(re.findall(r",((?:FIT|COMPLIANCE)\.[A-Z_]+),", (CORE / "data" / "checklist_items.csv").read_text()))
KNOWN_CODES -= {"DUPES.MERGE"}  # a recommendation code, not a finding


def finding(code: str, severity: str = "high", count: int = 10, **evidence) -> Finding:
    return Finding(code, severity, f"Title of {code}", count, evidence=evidence)


def test_every_rule_is_well_formed():
    rules, standing = load_rules()
    for rule in (*rules, *standing):
        assert rule.priority in PRIORITIES, rule.match
        assert 1 <= rule.impact <= 5 and 1 <= rule.effort <= 5, rule.match
        assert rule.serves and set(rule.serves) <= set(CONDITIONS), rule.match
        assert rule.actions and rule.owner, rule.match
    assert {r.key for r in standing} == {"PLAN.FIVE_YEAR", "PLAN.REAUDIT"}


@pytest.mark.parametrize("code", sorted(KNOWN_CODES))
def test_every_finding_code_in_the_code_base_has_a_rule(code):
    assert rule_for(code) is not None


@pytest.mark.parametrize("code, expected", [
    ("DATA.EMAIL_INVALID", "DATA.EMAIL_"),  # prefix
    ("DATA.EMAIL_BOUNCED", "DATA.EMAIL_BOUNCED"),  # the exact code beats the prefix
    ("COMPLIANCE.CARD_IN_TEXT", "COMPLIANCE.*_IN_TEXT"),  # a pattern beats the area prefix
    ("COMPLIANCE.NO_MFA", "COMPLIANCE."),  # a checklist item falls back to its area
    ("PIPELINE.MISSING_OWNER", "PIPELINE.MISSING_OWNER"),
    ("DUPES.ACCOUNTS", "DUPES."),
])
def test_the_most_specific_rule_wins(code, expected):
    assert rule_for(code).match == expected


@pytest.mark.parametrize("made, quoted", [
    # rationale must carry the finding's own numbers, formatted
    (finding("DATA.OWNER_INACTIVE", count=1358, contacts=770, accounts=107, deals=481),
     ["770 contacts, 107 accounts and 481 deals", "1,358"]),
    (finding("PIPELINE.STUCK_DEALS", "medium", 165, open_deals=354, stuck_value=4741175.46, no_recent_activity=161,
             no_activity_days=30), ["165 of 354", "4,741,175", "161"]),
    (finding("USAGE.NO_RECENT_ACTIVITY", count=9, users=9, active_users=25, share=0.36, days=30),
     ["9 of 25", "36.0%", "30 days"]),
    (finding("COMPLIANCE.EMAIL_AFTER_OPT_OUT", count=24, contacts_opted_out=233, emails=46),
     ["24 contacts", "46 emails"]),
])
def test_rationale_quotes_the_findings_numbers(made, quoted):
    rec = recommend_for(made)
    for text in quoted:
        assert text in rec.rationale, (text, rec.rationale)


def test_missing_evidence_falls_back_to_the_title_and_count_instead_of_failing():
    rec = recommend_for(finding("PIPELINE.STUCK_DEALS", "medium", 7))  # no evidence at all
    assert rec.rationale.startswith("Title of PIPELINE.STUCK_DEALS (7 affected).")


@pytest.mark.parametrize("made, priority", [
    (finding("FIT.INTEGRATION_BROKEN"), "essential"),  # broken integrations hurt operations now
    (finding("DATA.SPELLING_VARIANTS", "medium"), "essential"),  # unsorted data
    (finding("COMPLIANCE.EMAIL_AFTER_OPT_OUT"), "essential"),  # consent violation
    (finding("DATA.FORMAT_INCONSISTENT", "low"), "desirable"),
    (finding("DATA.EMAIL_ROLE", "critical"), "essential"),  # a critical finding is always essential
])
def test_default_priority(made, priority):
    assert recommend_for(made).priority == priority


def test_informational_findings_need_a_rule_that_asks_for_them():
    assert recommend_for(finding("FIT.CHECKLIST_UNANSWERED", "info")) is None
    assert recommend_for(finding("DATA.BAD_DATA_COST", "info", 0)) is not None


def audit(*findings: Finding) -> dict[str, AuditResult]:
    by_area: dict[str, list[Finding]] = {}
    for f in findings:
        by_area.setdefault(f.area.lower(), []).append(f)
    return {area: AuditResult(area, findings=tuple(items)) for area, items in by_area.items()}


def test_ranking_puts_the_worst_finding_first_then_impact_and_effort():
    recs = build_recommendations(audit(
        finding("DATA.EMAIL_ROLE", "low"),  # desirable
        finding("USAGE.TEAM_NOT_USING"),  # high, essential, impact 5, effort 3
        finding("DATA.NO_OWNER"),  # high, essential, impact 4, effort 1: a quick win
        finding("DATA.MISSING_KEY_FIELDS", "medium"),  # important
        finding("COMPLIANCE.CARD_IN_TEXT", "critical"),
        finding("COMPLIANCE.BIRTH_DATE_IN_TEXT", "medium"),
    ))
    keys = [r.key for r in recs]
    assert keys[0] == "COMPLIANCE.CARD_IN_TEXT"  # a critical finding outranks every other
    assert keys.index("USAGE.TEAM_NOT_USING") < keys.index("DATA.NO_OWNER") < keys.index("DATA.MISSING_KEY_FIELDS")
    assert keys.index("DATA.MISSING_KEY_FIELDS") < keys.index("DATA.EMAIL_ROLE")
    assert {"PLAN.FIVE_YEAR", "PLAN.REAUDIT"} <= set(keys)
    quick = {r.key for r in recs if r.quick_win}
    assert "DATA.NO_OWNER" in quick and not quick & {"PLAN.FIVE_YEAR", "PLAN.REAUDIT"}  # only measured findings


def test_findings_one_rule_answers_become_one_recommendation_led_by_the_worst():
    recs = build_recommendations(audit(
        finding("COMPLIANCE.CARD_IN_TEXT", "critical", count=3), finding("COMPLIANCE.IBAN_IN_TEXT", "high", count=2),
        finding("COMPLIANCE.BIRTH_DATE_IN_TEXT", "medium", count=40),
    ))
    (notes,) = [r for r in recs if "COMPLIANCE.IBAN_IN_TEXT" in r.finding_codes]
    assert notes.key == "COMPLIANCE.CARD_IN_TEXT" and notes.severity == "critical"
    assert notes.finding_codes == ("COMPLIANCE.CARD_IN_TEXT", "COMPLIANCE.IBAN_IN_TEXT", "COMPLIANCE.BIRTH_DATE_IN_TEXT")
    assert notes.title == "Clean the notes" and "3 findings" in notes.rationale and "(40)" in notes.rationale
    assert recs[0] is notes


def test_decisions_override_priority_owner_due_and_status_and_survive_new_numbers():
    decision = Decision("DATA.NO_OWNER", priority="desirable", owner="Head of Sales", due_date=date(2027, 1, 31),
                        status="in_progress")
    first = build_recommendations(audit(finding("DATA.NO_OWNER", count=53, contacts=53)),
                                  decisions={decision.rec_key: decision})
    again = build_recommendations(audit(finding("DATA.NO_OWNER", count=12, contacts=12)),
                                  decisions={decision.rec_key: decision})
    for recs, count in ((first, "53"), (again, "12")):
        rec = next(r for r in recs if r.key == "DATA.NO_OWNER")
        assert (rec.priority, rec.owner, rec.due_date, rec.status) == ("desirable", "Head of Sales",
                                                                        date(2027, 1, 31), "in_progress")
        assert count in rec.title and rec.default_priority == "essential"


def test_dismissed_recommendations_leave_the_plan_unless_asked_for():
    decisions = {"DATA.NO_OWNER": Decision("DATA.NO_OWNER", status="dismissed")}
    found = audit(finding("DATA.NO_OWNER"))
    assert "DATA.NO_OWNER" not in {r.key for r in build_recommendations(found, decisions=decisions)}
    assert "DATA.NO_OWNER" in {r.key for r in build_recommendations(found, decisions=decisions,
                                                                   include_dismissed=True)}


def test_links_reach_the_recommendation():
    recs = build_recommendations(audit(finding("DATA.NO_OWNER")),
                                 links=Links({"DATA.NO_OWNER": ("g1",)}, {"DATA.NO_OWNER": ("n1", "n2")}))
    rec = next(r for r in recs if r.key == "DATA.NO_OWNER")
    assert rec.goal_ids == ("g1",) and rec.root_cause_ids == ("n1", "n2")


def test_decision_edits_returns_only_changed_rows_and_stores_defaults_as_empty():
    recs = build_recommendations(audit(finding("DATA.NO_OWNER"), finding("DATA.EMAIL_ROLE", "low")))
    before = decision_table(recs)
    after = before.copy()
    row = after.index[after["key"] == "DATA.EMAIL_ROLE"][0]
    after.loc[row, ["priority", "owner"]] = ["important", "  Marketing ops "]
    after.loc[row, "due_date"] = pd.Timestamp("2027-03-01")
    other = after.index[after["key"] == "DATA.NO_OWNER"][0]
    after.loc[other, "owner"] = "Sales"  # the rule's own default owner: stored as "keep the default"
    after.loc[other, "status"] = "done"
    edits = {e.rec_key: e for e in decision_edits(before, after, {r.key: r for r in recs})}
    assert set(edits) == {"DATA.EMAIL_ROLE", "DATA.NO_OWNER"}
    assert edits["DATA.EMAIL_ROLE"] == Decision("DATA.EMAIL_ROLE", "important", "Marketing ops", date(2027, 3, 1),
                                                "open")
    assert edits["DATA.NO_OWNER"] == Decision("DATA.NO_OWNER", "", "", None, "done")
    assert decision_edits(before, before.copy()) == []


def test_a_merged_finding_whose_title_states_its_count_is_not_given_it_twice():
    from dataclasses import replace

    card = replace(finding("COMPLIANCE.CARD_IN_TEXT", "critical", count=11),
                   title="Payment card numbers typed into notes (11)")
    recs = build_recommendations(audit(card, finding("COMPLIANCE.IBAN_IN_TEXT", "high", count=2)))
    (notes,) = [r for r in recs if r.key == "COMPLIANCE.CARD_IN_TEXT"]
    assert "Payment card numbers typed into notes (11);" in notes.rationale and "(11) (11)" not in notes.rationale
    assert "(2)" in notes.rationale  # a title without its count still gets it
