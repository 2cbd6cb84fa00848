"""``python -m crm_core dedupe``: one row per record, progress on stderr, bad input exits 2."""

import csv
import subprocess
import sys

import pytest

from crm_core.cli import main
from tests.conftest import ROOT

# Salesforce-style headers; rows 1 and 2 are one person (case, nickname, phone format), row 3 is not
EXPORT = """Contact ID,First Name,Last Name,Email,Phone,Mailing City,Mailing Country
003A,William,Quarrington,w.quarrington@fjord.example,020 7946 0999,York,United Kingdom
003B,BILL,Quarrington,W.Quarrington@fjord.example,+44 20 7946 0999,York,United Kingdom
003C,Annika,Zbigniewski,annika@other.example,0113 496 0000,Leeds,United Kingdom
"""


def write(tmp_path, text, name="contacts.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_one_row_per_record_with_cluster_and_score(tmp_path, capsys):
    out = tmp_path / "clusters.csv"
    assert main(["dedupe", str(write(tmp_path, EXPORT)), "--out", str(out)]) == 0
    rows = read_rows(out)
    assert list(rows[0]) == ["record_id", "cluster_id", "score"]
    assert [r["record_id"] for r in rows] == ["003A", "003B", "003C"]
    assert rows[0]["cluster_id"] == rows[1]["cluster_id"] == "003A"
    assert rows[2]["cluster_id"] == "003C" and float(rows[2]["score"]) == 0  # its own cluster
    assert float(rows[0]["score"]) > 0.9
    err = capsys.readouterr().err
    assert "candidate pairs" in err and "1 clusters of duplicates" in err


def test_id_column_threshold_and_merge_plan(tmp_path):
    text = EXPORT.replace("Contact ID", "Legacy Key")
    out, plan = tmp_path / "c.csv", tmp_path / "plan.csv"
    assert main(["dedupe", str(write(tmp_path, text)), "--entity", "contacts", "--id-column", "Legacy Key",
                 "--threshold", "0.999999", "--out", str(out), "--plan", str(plan)]) == 0
    rows = read_rows(out)
    assert [r["record_id"] for r in rows] == ["003A", "003B", "003C"]
    header = plan.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("Cluster,Decision,Confidence,Master Legacy Key,Duplicate Legacy Keys,First Name")


@pytest.mark.parametrize("args, message", [
    (["missing.csv"], "There is no file"),
    (["contacts.csv", "--threshold", "1.5"], "between 0 and 1"),
    (["contacts.csv", "--id-column", "Nope"], "no column named 'Nope'"),
    (["deals.csv"], "do not look like contacts or accounts"),
])
def test_bad_input_is_one_sentence_and_exit_2(tmp_path, monkeypatch, capsys, args, message):
    write(tmp_path, EXPORT)
    write(tmp_path, "Opportunity ID,Opportunity Name,Amount,Stage,Close Date\n1,Big deal,100,Won,1/2/2026\n", "deals.csv")
    monkeypatch.chdir(tmp_path)
    assert main(["dedupe", *args, "--out", str(tmp_path / "o.csv")]) == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert not (tmp_path / "o.csv").exists()


def test_the_module_entry_point_exits_2(tmp_path):
    done = subprocess.run([sys.executable, "-m", "crm_core", "dedupe", "missing.csv", "--out", "o.csv"],
                          cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT)})
    assert done.returncode == 2 and done.stderr.startswith("error: There is no file")


def test_accounts_file(tmp_path):
    text = ("Account ID,Account Name,Website,Phone,Billing City,Billing Country\n"
            "001A,Kestrel Logistics Ltd,https://www.kestrel-logistics.co.uk,0113 496 0100,Leeds,United Kingdom\n"
            "001B,KESTREL LOGISTICS LIMITED,kestrel-logistics.co.uk/,+44 113 496 0100,Leeds,United Kingdom\n"
            "001C,Osprey Freight GmbH,osprey.de,030 123456,Berlin,Germany\n")
    out = tmp_path / "a.csv"
    assert main(["dedupe", str(write(tmp_path, text, "accounts.csv")), "--out", str(out)]) == 0
    rows = read_rows(out)
    assert [r["cluster_id"] for r in rows] == ["001A", "001A", "001C"]
