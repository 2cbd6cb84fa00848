"""RFM: quintiles with ties, segments, netting of returns and cancellations, priority list, CLI."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_core import spreadsheet_safety
from crm_core.audit.pipeline import rfm
from crm_core.cli import main


@pytest.mark.parametrize("values, expected", [
    ([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]),
    ([7, 7, 7, 7], [3, 3, 3, 3]),                       # all tied: the middle score
    ([1, 1, 1, 1, 1, 1, 2, 3, 4, 5], [2] * 6 + [4, 4, 5, 5]),  # six ones share one score
    ([5], [3]),
])
def test_quintile_scores_give_ties_one_score(values, expected):
    assert rfm.quintile_scores(pd.Series(values, dtype="float64")).tolist() == expected


@given(st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=60))
def test_scores_are_monotonic_bounded_and_tie_safe(values):
    series = pd.Series(values, dtype="float64")
    scores = rfm.quintile_scores(series)
    assert scores.between(1, 5).all()
    frame = pd.DataFrame({"v": series, "s": scores}).sort_values("v")
    assert frame["s"].is_monotonic_increasing
    assert (frame.groupby("v")["s"].nunique() == 1).all()


def test_recency_scores_the_most_recent_highest():
    assert rfm.quintile_scores(pd.Series([1, 400, 30, 90, 200]), higher_is_better=False).tolist() == [5, 1, 4, 3, 2]


@pytest.mark.parametrize("r, fm, segment", [
    (5, 5, "champions"), (5, 4, "champions"), (5, 1, "new"), (5, 3, "potential loyalists"),
    (4, 1, "promising"), (4, 2, "potential loyalists"), (4, 5, "loyal"), (3, 4, "loyal"),
    (3, 3, "need attention"), (3, 2, "about to sleep"), (2, 5, "can't lose"), (1, 5, "can't lose"),
    (2, 3, "at risk"), (1, 4, "at risk"), (2, 2, "hibernating"), (2, 1, "hibernating"), (1, 2, "lost"), (1, 1, "lost"),
])
def test_segment_rules(r, fm, segment):
    assert rfm.segment_of(r, fm) == segment


def retail_log() -> pd.DataFrame:
    rows = [
        # invoice, customer, day, quantity, unit price
        ("1001", "c1", "2026-01-05", 2, 5.0),
        ("1001", "c1", "2026-01-05", 1, 10.0),
        ("C1002", "c1", "2026-01-07", -1, 10.0),   # cancellation of one item
        ("1003", "c1", "2026-02-01", 3, 10.0),
        ("1003", "c1", "2026-02-01", -1, 10.0),    # a return on the same invoice
        ("1004", "12.0", "2026-02-10", 1, 100.0),  # id written as a float
        ("1005", None, "2026-02-10", 5, 2.0),      # no customer: set aside
        ("C1006", "c3", "2026-01-20", 2, 4.0),     # cancellation written with a positive quantity
    ]
    frame = pd.DataFrame(rows, columns=["invoice_id", "customer_id", "occurred_at", "quantity", "unit_price"])
    frame["occurred_at"] = pd.to_datetime(frame["occurred_at"])
    return frame


def test_transactions_are_netted_and_lines_without_customer_set_aside():
    orders, aside = rfm.orders_from_transactions(retail_log())
    assert aside.lines == 8 and aside.lines_without_customer == 1 and aside.amount_without_customer == 10.0
    assert aside.cancellation_lines == 2 and aside.return_lines == 1 and aside.customers_without_purchase == 1
    as_of = rfm.default_as_of(orders)
    assert as_of == date(2026, 2, 11)
    scored = rfm.score_customers(orders, as_of=as_of).set_index("customer_id")
    assert sorted(scored.index) == ["12", "c1"]  # c3 only cancelled
    assert scored.loc["c1", "frequency"] == 2 and scored.loc["c1", "monetary"] == 20 - 10 + 20
    assert scored.loc["c1", "recency_days"] == 10 and scored.loc["12", "recency_days"] == 1
    assert scored.loc["12", "monetary"] == 100.0
    assert "1 with no customer id set aside" in aside.sentence()


def test_without_invoice_numbers_an_order_is_a_purchase_day_and_amount_wins_over_price():
    tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
                       "occurred_at": pd.to_datetime(["2026-01-01 09:00", "2026-01-01 15:00", "2026-01-03 10:00",
                                                      "2026-01-02 10:00"]),
                       "amount": [10.0, None, 5.0, 7.0], "quantity": [1, 2, 1, 1], "unit_price": [99.0, 4.0, 1.0, 1.0]})
    orders, _ = rfm.orders_from_transactions(tx)
    scored = rfm.score_customers(orders, as_of=date(2026, 1, 10)).set_index("customer_id")
    assert scored.loc["a", "frequency"] == 2 and scored.loc["a", "monetary"] == 10 + 8 + 5


def test_c_numbers_are_not_cancellations_when_every_invoice_has_one():
    tx = pd.DataFrame({"invoice_id": ["C1", "C2"], "customer_id": ["a", "a"], "amount": [5.0, 6.0],
                       "occurred_at": pd.to_datetime(["2026-01-01", "2026-01-02"])})
    orders, aside = rfm.orders_from_transactions(tx)
    assert aside.cancellation_lines == 0 and orders["is_order"].sum() == 2


def test_won_deals_are_orders_of_their_account_with_the_accounts_owner():
    deals = pd.DataFrame({"record_id": ["D1", "D2", "D3", "D4"], "account_id": ["A1", "A1", "A2", "A3"],
                          "account_name": ["Acme", "Acme", "Globex", "Initech"],
                          "stage": ["Closed Won", "Won", "Closed Won", "Closed Lost"],
                          "amount": [100.0, 50.0, 400.0, 999.0], "owner": ["Ann", "Bob", "Bob", "Ann"],
                          "close_date": pd.to_datetime(["2026-01-01", "2026-03-01", "2026-02-01", "2026-03-01"])})
    accounts = pd.DataFrame({"record_id": ["A1"], "owner": ["Cat"], "name": ["Acme Ltd"]})
    orders = rfm.orders_from_deals(deals, accounts)
    assert sorted(orders["order_id"]) == ["D1", "D2", "D3"]
    owners = orders.drop_duplicates("customer_id").set_index("customer_id")["owner"].to_dict()
    assert owners == {"A1": "Cat", "A2": "Bob"}  # the account's owner, else the latest won deal's
    scored = rfm.score_customers(orders, as_of=date(2026, 4, 1)).set_index("customer_id")
    assert scored.loc["A1", "frequency"] == 2 and scored.loc["A1", "monetary"] == 150.0


def test_priority_list_puts_cant_lose_first_and_bigger_value_first_within_a_segment():
    rows = [("big_old", 300, 9, 9000.0), ("small_old", 310, 8, 8000.0), ("fresh", 1, 1, 10.0)]
    rows += [(f"mid{i}", 30 + i, 2, 100.0 + i) for i in range(7)]
    orders = pd.DataFrame([(c, f"{c}-{n}", pd.Timestamp("2026-06-01") - pd.Timedelta(days=r), m / f, True)
                           for c, r, f, m in rows for n in range(f)],
                          columns=["customer_id", "order_id", "day", "amount", "is_order"])
    scored = rfm.score_customers(orders, as_of=date(2026, 6, 1))
    listing = rfm.priority_list(scored)
    assert listing["customer_id"].tolist()[:2] == ["big_old", "small_old"]
    assert listing.loc[0, "segment"] == "can't lose" and listing["rank"].tolist() == list(range(1, 11))
    summary = rfm.segment_summary(scored)
    assert summary["customers"].sum() == 10
    assert summary["segment"].tolist() == [s for s in rfm.SEGMENT_PRIORITY if s in set(scored["segment"])]
    chart = rfm.build_segment_chart(summary).to_dict()
    assert chart["layer"][0]["encoding"]["y"]["sort"] == summary["segment"].tolist()


def test_formula_cells_are_neutralised_in_the_csv():
    frame = pd.DataFrame({"customer_id": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "ok"],
                          "monetary": [-5.0, 1.0, 2.0, 3.0, 4.0]})
    safe = spreadsheet_safety.neutralise(frame)
    assert safe["customer_id"].tolist() == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "ok"]
    assert safe["monetary"].tolist() == [-5.0, 1.0, 2.0, 3.0, 4.0]
    text = rfm.to_csv_bytes(frame).decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(text.splitlines()[1])))[0] == "'=HYPERLINK(\"x\")"


# --- command line -----------------------------------------------------------------------------


LOG = ("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
       "536365,85123A,HEART HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n"
       "536366,22633,HAND WARMER,6,2010-12-03 08:28:00,1.85,17850.0,United Kingdom\n"
       "C536379,D,Discount,-1,2010-12-03 09:41:00,27.50,14527.0,United Kingdom\n"
       "536380,22961,JAM JAR,24,2010-12-02 09:41:00,1.45,14527.0,United Kingdom\n"
       "536414,22139,RETROSPOT,56,2010-12-01 11:52:00,0,,United Kingdom\n")


def test_cli_csv_has_the_documented_columns(tmp_path, capsys):
    (tmp_path / "retail.csv").write_text(LOG)
    assert main(["rfm", "--transactions", str(tmp_path / "retail.csv")]) == 0
    captured = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out)))
    assert list(rows[0]) == list(rfm.RFM_COLUMNS)
    by_id = {r["customer_id"]: r for r in rows}
    assert set(by_id) == {"17850", "14527"}
    assert by_id["17850"]["frequency"] == "2" and by_id["17850"]["recency_days"] == "1"  # as of 4 Dec 2010
    assert float(by_id["14527"]["monetary"]) == pytest.approx(24 * 1.45 - 27.5)
    assert "1 with no customer id set aside" in captured.err


def test_cli_json_reads_gzip_and_honours_as_of(tmp_path, capsys):
    (tmp_path / "retail.csv.gz").write_bytes(gzip.compress(LOG.encode()))
    out = tmp_path / "rfm.json"
    assert main(["rfm", "--transactions", str(tmp_path / "retail.csv.gz"), "--as-of", "2010-12-31",
                 "--format", "json", "--out", str(out)]) == 0
    document = json.loads(out.read_text())
    assert document["as_of"] == "2010-12-31" and document["customers"] == 2
    assert document["set_aside"]["lines_without_customer"] == 1 and document["set_aside"]["cancellation_lines"] == 1
    assert {row["customer_id"]: row["recency_days"] for row in document["rows"]} == {"17850": 28, "14527": 29}
    assert set(document["rows"][0]) == set(rfm.RFM_COLUMNS)


def test_cli_from_deals_and_bad_input(tmp_path, capsys):
    (tmp_path / "deals.csv").write_text(
        "Opportunity ID,Opportunity Name,Account ID,Account Name,Amount,Stage,Close Date,Opportunity Owner\n"
        "O1,First,A1,Acme,100,Closed Won,1/10/2026,Ann\nO2,Second,A1,Acme,50,Closed Won,3/10/2026,Ann\n"
        "O3,Third,A2,Globex,70,Closed Lost,3/10/2026,Bob\n")
    assert main(["rfm", "--deals", str(tmp_path / "deals.csv"), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["as_of"] == "2026-03-11" and [r["customer_id"] for r in document["rows"]] == ["A1"]
    assert document["rows"][0]["frequency"] == 2
    (tmp_path / "lost.csv").write_text(
        "Opportunity ID,Opportunity Name,Account ID,Amount,Stage,Close Date\nO3,Third,A2,70,Closed Lost,3/10/2026\n")
    assert main(["rfm", "--deals", str(tmp_path / "lost.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "No purchase" in err[0]
