"""Compliance checks on the data: consent, lawful basis, retention, access; the sample company;
and the command line, whose output must never carry a sensitive value."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from crm_core.audit.compliance.checks import ComplianceConfig, run_compliance_checks, suggest_regimes
from crm_core.cli import main
from crm_core.errors import CrmCoreError
from crm_core.findings import Severity
from tests.conftest import SAMPLE_DIR

AS_OF = date(2026, 10, 1)
T = pd.Timestamp


def contacts(**extra) -> pd.DataFrame:
    base = {"record_id": ["c1", "c2", "c3", "c4", "c5"],
            "created_at": [T("2026-01-10")] * 5,
            "email_opt_out": pd.array([True, True, False, None, True], dtype="boolean")}
    return pd.DataFrame({**base, **extra})


def activities(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["contact_id", "type", "occurred_at"]).assign(
        occurred_at=lambda f: pd.to_datetime(f["occurred_at"]))


def run(tables: dict, **config) -> object:
    return run_compliance_checks(tables, ComplianceConfig(as_of=AS_OF, **config))


def flagged(result, code: str) -> set[str]:
    return set(result.issues.loc[result.issues["check"] == code, "record_id"])


def test_emails_after_an_opt_out_are_matched_by_contact_id():
    # c1 opted out and was emailed twice after creation; c2 opted out, emailed only before it was
    # created; c3 did not opt out; c4 unknown opt-out; c5 opted out and was only phoned
    acts = activities([("c1", "Email", "2026-03-01"), ("c1", "email", "2026-04-01"), ("c2", "Email", "2025-12-01"),
                       ("c3", "Email", "2026-03-01"), ("c4", "Email", "2026-03-01"), ("c5", "Call", "2026-03-01")])
    result = run({"contacts": contacts(), "activities": acts})
    finding = result.finding("COMPLIANCE.EMAIL_AFTER_OPT_OUT")
    assert flagged(result, "COMPLIANCE.EMAIL_AFTER_OPT_OUT") == {"c1"}
    assert finding.affected_count == 1 and finding.evidence == {"contacts_opted_out": 3, "emails": 2}
    value = result.issues.loc[result.issues["record_id"] == "c1", "value"].item()
    assert value == "2 email(s) after opting out, last on 2026-04-01"


def test_unsubscribed_counts_as_opted_out_too():
    people = contacts(unsubscribed=pd.array([False, False, False, True, False], dtype="boolean"))
    result = run({"contacts": people, "activities": activities([("c4", "E-mail", "2026-02-01")])})
    assert flagged(result, "COMPLIANCE.EMAIL_AFTER_OPT_OUT") == {"c4"}


def test_opt_in_is_required_only_under_an_opt_in_regime():
    people = contacts(email_opt_in=pd.array([True, False, None, True, True], dtype="boolean"))
    acts = activities([("c2", "Email", "2026-03-01"), ("c3", "Email", "2026-03-01"), ("c4", "Email", "2026-03-01")])
    assert run({"contacts": people, "activities": acts}).finding("COMPLIANCE.EMAIL_WITHOUT_CONSENT") is None
    gdpr = run({"contacts": people, "activities": acts}, regimes=("gdpr",))
    assert flagged(gdpr, "COMPLIANCE.EMAIL_WITHOUT_CONSENT") == {"c2", "c3"}  # c4 opted in
    assert run({"contacts": people, "activities": acts}, regimes=("can_spam",)).finding(
        "COMPLIANCE.EMAIL_WITHOUT_CONSENT") is None  # CAN-SPAM is opt-out based


def test_missing_consent_columns_are_named_not_guessed():
    result = run({"contacts": contacts()}, regimes=("gdpr",))
    missing = result.finding("COMPLIANCE.CONSENT_FIELDS_MISSING")
    assert missing.evidence["missing_fields"] == "email opt-in (consent), lawful basis"
    assert result.finding("COMPLIANCE.NO_LAWFUL_BASIS") is None


def test_lawful_basis_is_checked_where_the_regime_needs_one():
    people = contacts(lawful_basis=pd.array(["consent", "", None, "contract", " "], dtype="string"))
    assert flagged(run({"contacts": people}, regimes=("uk_gdpr",)), "COMPLIANCE.NO_LAWFUL_BASIS") == {"c2", "c3", "c5"}
    assert run({"contacts": people}, regimes=("ccpa",)).finding("COMPLIANCE.NO_LAWFUL_BASIS") is None


def test_retention_counts_from_the_last_sign_of_life():
    # c1 last seen 2024-06 (past 12 months), c2 created long ago but updated last month, c3 never dated
    people = pd.DataFrame({"record_id": ["c1", "c2", "c3"],
                           "created_at": [T("2020-01-01"), T("2019-01-01"), pd.NaT],
                           "updated_at": [T("2024-06-01"), T("2026-09-01"), pd.NaT],
                           "last_activity_at": [pd.NaT, T("2021-01-01"), pd.NaT]})
    result = run({"contacts": people}, retention_months=12)
    assert flagged(result, "COMPLIANCE.PAST_RETENTION") == {"c1"}
    assert result.finding("COMPLIANCE.PAST_RETENTION").evidence["cutoff"] == "2025-10-01"
    assert run({"contacts": people}, retention_months=36).finding("COMPLIANCE.PAST_RETENTION") is None


def users_table() -> pd.DataFrame:
    return pd.DataFrame({
        "record_id": ["u1", "u2", "u3", "u4", "u5"],
        "name": ["Ada Admin", "Ben Boss", "Cy Seller", "Di Leaver", "Ed Idle"],
        "profile": ["System Administrator", "Super User", "Standard User", "System Administrator", "Standard User"],
        "is_active": pd.array([True, True, True, False, True], dtype="boolean"),
        "last_login_at": [T("2026-09-30"), T("2026-09-29"), T("2026-02-01"), T("2025-01-01"), pd.NaT],
    })


def test_access_checks_on_users():
    owned = pd.DataFrame({"record_id": ["a1", "a2", "a3"], "owner": ["di  leaver", "Cy Seller", "Di Leaver"]})
    result = run({"users": users_table(), "accounts": owned})
    admins = result.finding("COMPLIANCE.ADMIN_USERS")
    assert flagged(result, "COMPLIANCE.ADMIN_USERS") == {"u1", "u2"}  # u4 is deactivated
    assert admins.severity == Severity.INFO  # two administrators is within max(2, 10% of 4 active)
    leaver = result.finding("COMPLIANCE.DEACTIVATED_OWNER")
    assert flagged(result, "COMPLIANCE.DEACTIVATED_OWNER") == {"u4"} and leaver.evidence == {"accounts_owned": 2}
    assert flagged(result, "COMPLIANCE.DORMANT_USER_ENABLED") == {"u3", "u5"}  # 242 days, and never
    assert flagged(run({"users": users_table()}, dormant_login_days=365), "COMPLIANCE.DORMANT_USER_ENABLED") == {"u5"}


def test_too_many_administrators_is_a_finding():
    users = users_table().assign(profile="System Administrator")
    assert run({"users": users}).finding("COMPLIANCE.ADMIN_USERS").severity == Severity.MEDIUM  # 4 > 2


def test_data_score_weighs_the_checks_run():
    acts = activities([("c1", "Email", "2026-03-01")])
    clean = run({"contacts": contacts(), "activities": activities([])}, retention_months=120)
    assert clean.score("compliance_data").value == 100.0  # opt-out and retention checks ran, both passed
    failing = run({"contacts": contacts(), "activities": acts}, retention_months=120)
    assert failing.score("compliance_data").value == 40.0  # opt-out (high, 3) failed, retention (medium, 2) passed
    assert "sum(weight of data checks passed)" in failing.score("compliance_data").formula


def test_config_refuses_what_makes_no_sense():
    with pytest.raises(CrmCoreError, match="not a regime"):
        ComplianceConfig(regimes=("sox",))
    with pytest.raises(CrmCoreError, match="retention period"):
        ComplianceConfig(retention_months=0)


def test_regimes_suggested_by_countries_and_sector():
    people = pd.DataFrame({"country": ["Germany", "UK", "USA", "United Kingdom", None]})
    suggested = dict(suggest_regimes(people, "healthcare"))
    assert list(suggested) == ["uk_gdpr", "pecr", "gdpr", "can_spam", "hipaa"]  # most contacts first, then sector
    assert suggested["uk_gdpr"] == "2 contacts in GB"


# --- the sample company ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_result(sample_tables):
    return run_compliance_checks(sample_tables, ComplianceConfig(regimes=("gdpr", "uk_gdpr"), as_of=AS_OF))


def test_sample_consent_violations_match_the_truth(sample_result, sample_truth):
    truth = sample_truth["defects"]["contacts_emailed_after_opt_out"]
    assert flagged(sample_result, "COMPLIANCE.EMAIL_AFTER_OPT_OUT") == set(truth["ids"])
    assert sample_result.finding("COMPLIANCE.EMAIL_AFTER_OPT_OUT").affected_count == truth["count"] == 24


def test_sample_sensitive_data_counts_match_the_truth(sample_result, sample_truth):
    kinds = pd.Series([v["kind"] for v in sample_truth["pii_in_free_text"]]).value_counts()
    expected = {"COMPLIANCE.CARD_IN_TEXT": kinds["card"], "COMPLIANCE.IBAN_IN_TEXT": kinds["iban"],
                "COMPLIANCE.NATIONAL_ID_IN_TEXT": kinds["ssn"] + kinds["nino"],
                "COMPLIANCE.BIRTH_DATE_IN_TEXT": kinds["dob"], "COMPLIANCE.SPECIAL_CATEGORY_IN_TEXT": kinds["health"]}
    assert {code: sample_result.finding(code).affected_count for code in expected} == expected
    assert sample_result.finding("COMPLIANCE.CARD_IN_TEXT").severity == Severity.CRITICAL
    national = sample_result.finding("COMPLIANCE.NATIONAL_ID_IN_TEXT").evidence
    assert (national["ssn_values"], national["nino_values"]) == (7, 7)
    cards = flagged(sample_result, "COMPLIANCE.CARD_IN_TEXT")
    assert not cards & {v["record_id"] for v in sample_truth["luhn_negatives"]}


def test_sample_access_findings_match_the_truth(sample_result, sample_truth):
    defects = sample_truth["defects"]
    assert flagged(sample_result, "COMPLIANCE.DEACTIVATED_OWNER") == set(defects["users_inactive"]["ids"])
    owned = sample_result.finding("COMPLIANCE.DEACTIVATED_OWNER").evidence
    assert owned == {"contacts_owned": defects["contacts_owner_inactive"]["count"],
                     "accounts_owned": defects["accounts_owner_inactive"]["count"],
                     "deals_owned": defects["opportunities_owner_inactive"]["count"]}
    assert flagged(sample_result, "COMPLIANCE.DORMANT_USER_ENABLED") == set(defects["users_idle"]["ids"])
    assert sample_result.finding("COMPLIANCE.ADMIN_USERS").affected_count == 2  # the two System Administrators


def planted_raw_values(truth: dict) -> list[str]:
    return [value["raw"] for value in truth["pii_in_free_text"]]


def test_sample_results_never_hold_a_planted_value(sample_result, sample_truth):
    shown = sample_result.to_json() + sample_result.issues.to_csv(index=False)
    assert [raw for raw in planted_raw_values(sample_truth) if raw in shown] == []


# --- command line ----------------------------------------------------------------------------------


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["audit", "compliance", *args])
    out, err = capsys.readouterr()
    return code, out, err


SAMPLE_ARGS = ("--contacts", str(SAMPLE_DIR / "contacts.csv"), "--activities", str(SAMPLE_DIR / "activities.csv"),
               "--users", str(SAMPLE_DIR / "users.csv"), "--tickets", str(SAMPLE_DIR / "cases.csv"),
               "--as-of", "2026-10-01")


@pytest.mark.parametrize("output", ["json", "md"])
def test_cli_reports_the_sample_masked(capsys, sample_truth, output):
    code, out, err = cli(capsys, *SAMPLE_ARGS, "--regime", "gdpr", "uk_gdpr", "--format", output)
    assert code == 0 and err == ""
    assert [raw for raw in planted_raw_values(sample_truth) if raw in out] == []
    if output == "json":
        findings = {f["code"]: f for f in json.loads(out)["findings"]}
        assert findings["COMPLIANCE.EMAIL_AFTER_OPT_OUT"]["affected_count"] == 24
        assert findings["COMPLIANCE.CARD_IN_TEXT"]["severity"] == "critical"
        assert "**** ****" in findings["COMPLIANCE.CARD_IN_TEXT"]["evidence"]["masked_examples"]
    else:
        assert out.startswith("# Compliance data checks")
        assert "Regimes: GDPR (EU), UK GDPR and Data Protection Act 2018." in out
        assert "| COMPLIANCE.EMAIL_AFTER_OPT_OUT | contacts | 0038d0000KQT13mAQD |" in out


@pytest.mark.parametrize(("args", "message"), [
    (("--contacts", "no-such-file.csv"), "does not exist"),
    (("--contacts", str(SAMPLE_DIR / "users.csv"), "--regime", "sox"), "--regime 'sox' is not known"),
    (("--contacts", str(SAMPLE_DIR / "users.csv"), "--retention-months", "0"), "--retention-months"),
])
def test_cli_bad_input_is_one_sentence_and_status_2(capsys, args, message):
    code, out, err = cli(capsys, *args)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1
