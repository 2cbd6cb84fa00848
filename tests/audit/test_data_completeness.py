"""Completeness: placeholders count as missing, fill rates per field and per record, by weight."""

import pandas as pd
import pytest

from crm_core.audit.data.completeness import fill_rates, find_placeholders, record_fill
from crm_core.audit.data.charts import build_fill_rate_chart
from crm_core.audit.data.config import (
    DataAuditConfig,
    default_weights,
    format_picklists,
    parse_picklists,
    weights_from_table,
    weights_table,
)
from crm_core.audit.data.report import run_data_audit
from crm_core.errors import CrmCoreError
from tests.audit.data_tables import AS_OF, flagged, table


@pytest.mark.parametrize(
    ("field", "value", "placeholder"),
    [
        ("email", "noemail@example.com", True),
        ("email", "NoEmail@Acme.com", True),  # the local part says it all
        ("email", "n/a", True),
        ("email", "jane@example.com", True),  # RFC 2606 example domain
        ("email", "jane.doe@acme.com", False),
        ("phone", "0000000000", True),
        ("phone", "000-000-0000", True),  # same digits, written with dashes
        ("phone", "1234567890", True),
        ("phone", "+44 20 7946 0000", False),
        ("phone", "TBC", False),  # words in a phone field are an invalid phone, not a placeholder
        ("last_name", "-", True),
        ("last_name", "Unknown", True),
        ("last_name", "asdf", True),
        ("last_name", "Test", True),
        ("last_name", "Testa", False),
        ("last_name", "王", False),  # a one-character Chinese surname is a name
        ("last_name", "Παπαδόπουλος", False),
        ("job_title", "...", True),  # punctuation only
        ("job_title", "CEO", False),
    ],
)
def test_placeholders(field, value, placeholder):
    frame = table("contacts", **{field: [value, "x"]})
    masks = find_placeholders(frame, "contacts", DataAuditConfig())
    assert bool(masks.get(field, pd.Series([False, False])).iloc[0]) is placeholder


def test_fill_rates_count_placeholders_as_missing():
    # 4 contacts: email filled on r1, r2; r3 holds a placeholder; r4 is empty -> 2/4 filled
    frame = table("contacts", email=["a@acme.com", "b@acme.com", "n/a", None], job_title=["CEO"] * 4)
    masks = find_placeholders(frame, "contacts", DataAuditConfig())
    rates = fill_rates(frame, "contacts", placeholders=masks).set_index("field")
    assert rates.loc["email", "filled"] == 2
    assert rates.loc["email", "placeholders"] == 1
    assert rates.loc["email", "fill_rate"] == pytest.approx(0.5)
    assert rates.loc["job_title", "fill_rate"] == pytest.approx(1.0)
    assert list(rates.reset_index()["field"])[0] == "email"  # heavier fields first


def test_record_fill_is_weighted():
    # email weighs 3, job title 2: r1 has both (1.0), r2 only the title (2/5), r3 nothing (0)
    frame = table("contacts", email=["a@acme.com", None, None], job_title=["CEO", "CFO", None])
    fills = record_fill(frame, "contacts", {"email": 3.0, "job_title": 2.0})
    assert fills.tolist() == pytest.approx([1.0, 0.4, 0.0])


def test_default_weights_follow_the_documented_rule():
    weights = default_weights()
    assert weights["contacts"]["email"] == 3 and weights["contacts"]["owner"] == 3  # identifying, owner
    assert weights["contacts"]["job_title"] == 2 and weights["accounts"]["website"] == 2  # decaying fields
    assert weights["contacts"]["lead_source"] == 1  # a picklist
    assert weights["contacts"]["description"] == 0 and weights["contacts"]["created_at"] == 0


def test_weights_round_trip_through_the_editor_table():
    config = DataAuditConfig()
    edited = weights_table(config)
    edited.loc[(edited["entity"] == "contacts") & (edited["field"] == "mobile"), "weight"] = 3
    stored = {"weights": weights_from_table(edited)}
    assert DataAuditConfig.from_dict(stored).weight("contacts", "mobile") == 3
    assert DataAuditConfig.from_dict(stored).weight("contacts", "email") == 3
    edited.loc[0, "weight"] = 7
    with pytest.raises(CrmCoreError, match="0 \\(not scored\\) to 3"):
        weights_from_table(edited)


def test_missing_key_fields_and_sparse_records_are_flagged():
    # r1 complete; r2 misses its email (a placeholder); r3 has only a job title
    frame = table("contacts", first_name=["Ann", "Bo", None], last_name=["Lee", "Ng", None],
                  email=["ann@acme.com", "unknown", None], phone=["+14155550100", "+14155550101", None],
                  owner=["Dana", "Dana", None], job_title=["CEO", "CFO", "CTO"])
    report = run_data_audit({"contacts": frame}, as_of=AS_OF)
    assert flagged(report, "DATA.MISSING_KEY_FIELDS", "email") == ["r2", "r3"]
    assert flagged(report, "DATA.PLACEHOLDER_VALUES") == ["r2"]
    assert flagged(report, "DATA.SPARSE_RECORDS") == ["r3"]
    completeness = report.result.score("completeness")
    # weights: names 3+3, email 3, phone 3, owner 3, title 2 = 17; r1 17/17, r2 14/17, r3 2/17
    assert completeness.value == pytest.approx(round(100 * (17 + 14 + 2) / 51, 1))
    assert "placeholders count as empty" in completeness.formula


def test_empty_table_and_all_null_column():
    # no rows at all: nothing to score, nothing flagged, no crash
    empty = run_data_audit({"contacts": table("contacts", email=[])}, as_of=AS_OF)
    assert empty.result.scores == ()
    assert len(empty.result.issues) == 0
    # a column that is entirely empty: 0% filled, every record missing it
    frame = table("contacts", email=[None, None], job_title=["CEO", "CFO"])
    report = run_data_audit({"contacts": frame}, as_of=AS_OF)
    rates = report.fill_rates.set_index("field")
    assert rates.loc["email", "fill_rate"] == 0
    assert flagged(report, "DATA.MISSING_KEY_FIELDS", "email") == ["r1", "r2"]


def test_fill_rate_chart_draws_the_rates():
    frame = table("contacts", email=["a@acme.com", None], job_title=["CEO", "CFO"])
    rates = fill_rates(frame, "contacts")
    spec = build_fill_rate_chart(rates).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["field"] == "fill_percent"
    values = {row["label"]: row["fill_percent"] for row in spec["datasets"][spec["data"]["name"]]}
    assert values == {"Email": 50.0, "Job title": 100.0}


def test_own_picklists_round_trip_and_refuse_unknown_fields():
    text = "accounts.industry: Software, Services\n\ncontacts.lead_source: Web"
    parsed = parse_picklists(text)
    assert parsed == {"accounts.industry": ["Software", "Services"], "contacts.lead_source": ["Web"]}
    assert parse_picklists(format_picklists(parsed)) == parsed
    with pytest.raises(CrmCoreError, match="Line 1 of the picklists names 'contacts.colour'"):
        parse_picklists("contacts.colour: red")
    with pytest.raises(CrmCoreError, match="no values"):
        parse_picklists("accounts.industry:  ")
