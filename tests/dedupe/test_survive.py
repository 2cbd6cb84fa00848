"""Survivorship: the master, the value each field keeps and where it came from; the plan."""

import io

import openpyxl
import pandas as pd
import pytest

from crm_core.dedupe.config import SurvivorshipRules
from crm_core.spreadsheet_safety import neutralise
from crm_core.dedupe.survive import (golden_export, golden_records, merge_plan, plan_csv,
                                     plan_xlsx)
from crm_core.errors import CrmCoreError

# r1, r2, r3 are one person (cluster 0); r4 stands alone
TABLE = pd.DataFrame({
    "record_id": ["r1", "r2", "r3", "r4"],
    "first_name": ["Ann", "Ann", "Annie", "Bo"],
    "email": [None, "ann@x.example", "ann@old.example", "bo@x.example"],
    "phone": ["+44 1", None, "=HYPERLINK(\"http://evil\")", None],
    "owner": ["Kai", "Grace", "Kai", "Kai"],
    "created_at": pd.to_datetime(["2021-01-01", "2019-01-01", "2020-01-01", "2020-01-01"]),
    "last_activity_at": pd.to_datetime(["2026-01-01", "2024-01-01", "2026-06-01", None]),
    "created_at__text": ["1/1/2021", "1/1/2019", "1/1/2020", "1/1/2020"],
}).astype({"record_id": "string", "first_name": "string", "email": "string", "phone": "string", "owner": "string"})
CLUSTER = pd.Series([0, 0, 0, -1])


def golden(**rules):
    return golden_records(TABLE, CLUSTER, SurvivorshipRules(**rules)).iloc[0]


@pytest.mark.parametrize("order, master", [
    (("most_complete",), "r3"),            # r3 has every field
    (("oldest_created",), "r2"),
    (("most_recent_activity",), "r3"),
    (("preferred_owner", "oldest_created"), "r2"),
])
def test_master_follows_the_rules_in_order(order, master):
    row = golden(master_order=order, preferred_owners=("Grace",))
    assert row["master_id"] == master
    assert set(row["duplicate_ids"].split(";")) == {"r1", "r2", "r3"} - {master}


def test_each_field_comes_from_the_master_or_the_next_record_that_has_it():
    row = golden(master_order=("oldest_created",))  # r2 first, then r3, then r1
    assert (row["first_name"], row["first_name (from)"]) == ("Ann", "r2")
    assert (row["phone"], row["phone (from)"]) == ("=HYPERLINK(\"http://evil\")", "r3")  # r2 has none
    assert (row["created_at"], row["created_at (from)"]) == ("1/1/2019", "r2")  # the text as exported


def test_a_field_rule_overrides_the_master():
    row = golden(master_order=("oldest_created",), field_rules=(("email", "most_recent"), ("first_name", "longest")))
    assert (row["email"], row["email (from)"]) == ("ann@old.example", "r3")  # r3 was active last
    assert (row["first_name"], row["first_name (from)"]) == ("Annie", "r3")


def test_unknown_rules_are_a_sentence():
    with pytest.raises(CrmCoreError, match="Unknown survivorship rule"):
        golden(master_order=("richest",))
    with pytest.raises(CrmCoreError, match="Unknown field rule"):
        golden(field_rules=(("email", "loudest"),))


def test_plan_uses_the_crms_own_column_names_counts_decisions_and_drops_rejections():
    rows = golden_records(pd.concat([TABLE, TABLE.assign(record_id=["s1", "s2", "s3", "s4"])], ignore_index=True),
                          pd.Series([0, 0, 0, -1, 1, 1, -1, -1]))
    mapping = {"Contact ID": "record_id", "First Name": "first_name", "Email": "email"}
    plan = merge_plan(rows, mapping=mapping, decisions={0: "accepted", 1: "rejected"}, confidence={0: .97})
    assert list(plan.columns[:5]) == ["Cluster", "Decision", "Confidence", "Master Contact ID", "Duplicate Contact IDs"]
    assert {"First Name", "First Name (from)", "Email", "phone"} <= set(plan.columns)
    assert plan["Decision"].tolist() == ["accepted"] and plan["Confidence"].tolist() == [0.97]
    assert list(golden_export(rows, mapping=mapping).columns[:3]) == ["Contact ID", "First Name", "Email"]


def test_formula_injection_is_neutralised_in_every_export():
    frame = pd.DataFrame({"a": ["=1+1", "+44 20", "-3", "@SUM(A1)", "\tx", "\rx", "plain", None], "n": range(8)})
    safe = neutralise(frame)
    assert safe["a"].tolist()[:7] == ["'=1+1", "'+44 20", "'-3", "'@SUM(A1)", "'\tx", "'\rx", "plain"]
    assert safe["n"].tolist() == list(range(8))  # numbers are left alone
    plan = merge_plan(golden_records(TABLE, CLUSTER))
    assert b"'=HYPERLINK" in plan_csv(plan) and b",=HYPERLINK" not in plan_csv(plan)
    sheet = openpyxl.load_workbook(io.BytesIO(plan_xlsx(plan))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=HYPERLINK(\"http://evil\")" in values and not any(str(v).startswith("=") for v in values if v)


def test_nothing_is_changed_in_place():
    before = TABLE.copy()
    golden_records(TABLE, CLUSTER)
    pd.testing.assert_frame_equal(TABLE, before)
