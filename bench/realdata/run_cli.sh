#!/usr/bin/env bash
# Run the workbench's command line on the real datasets of this folder, as a user would.
#
#   bash bench/realdata/run_cli.sh [MAVEN_DIR] [CDNOW_FILE]
#
# Run from the repository root. MAVEN_DIR holds the MavenTech CSVs (accounts.csv,
# sales_pipeline.csv, sales_teams.csv, products.csv) and CDNOW_FILE is CDNOW_master.txt; both
# are optional because their licence is unclear and they are not copied here (README.md says
# where they are published). Outputs go to bench/realdata/results/<dataset>/cli_*; a command
# that refuses a file leaves its one-sentence message in the matching cli_*.err file.
set -u
PY=${PYTHON:-.venv/bin/python}
HERE=bench/realdata
OUT=$HERE/results

run() {  # run NAME DATASET ARGS... : stdout to cli_NAME.out, stderr to cli_NAME.err
    local name=$1 dataset=$2; shift 2
    mkdir -p "$OUT/$dataset"
    "$PY" -m crm_core "$@" > "$OUT/$dataset/cli_$name.out" 2> "$OUT/$dataset/cli_$name.err"
    local status=$?
    # keep the outputs free of this machine's paths (tracebacks name the checkout and the venv)
    sed -i -e "s#$PWD/##g" -e "s#$HOME/##g" "$OUT/$dataset/cli_$name.out" "$OUT/$dataset/cli_$name.err"
    echo "$dataset $name: exit $status"
}

A=$HERE/salesforce-trailhead-samples/apex-recipes
for f in Accounts Contacts Opportunities; do run "map_$f" apex-recipes map "$A/$f.csv" --json; done
run data_json apex-recipes audit data --contacts "$A/Contacts.csv" --accounts "$A/Accounts.csv" --deals "$A/Opportunities.csv" --as-of 2026-12-03 --format json
run data_csv apex-recipes audit data --contacts "$A/Contacts.csv" --accounts "$A/Accounts.csv" --deals "$A/Opportunities.csv" --as-of 2026-12-03 --format csv
run data_region_us_csv apex-recipes audit data --contacts "$A/Contacts.csv" --accounts "$A/Accounts.csv" --deals "$A/Opportunities.csv" --as-of 2026-12-03 --region US --format csv
run compliance apex-recipes audit compliance --contacts "$A/Contacts.csv" --accounts "$A/Accounts.csv" --deals "$A/Opportunities.csv" --as-of 2026-12-03 --format json
run kpis apex-recipes kpis --deals "$A/Opportunities.csv" --accounts "$A/Accounts.csv" --format json
run dedupe_contacts apex-recipes dedupe "$A/Contacts.csv" --entity contacts --out "$OUT/apex-recipes/cli_dedupe_contacts.csv"
run dedupe_accounts apex-recipes dedupe "$A/Accounts.csv" --entity accounts --out "$OUT/apex-recipes/cli_dedupe_accounts.csv"
cp "$OUT/apex-recipes/cli_data_region_us_csv.out" "$OUT/apex-recipes/cli_issues_region_us.csv"

L=$HERE/salesforce-trailhead-samples/lwc-recipes
run map lwc-recipes map "$L/Accounts-Contacts.csv" --json
run data_json lwc-recipes audit data --contacts "$L/Accounts-Contacts.csv" --as-of 2026-12-03 --format json
run compliance lwc-recipes audit compliance --contacts "$L/Accounts-Contacts.csv" --as-of 2026-12-03 --format json

N=$HERE/northwind
for f in customers employees orders; do run "map_$f" northwind map "$N/$f.csv" --json; done
run map_employees_as_users northwind map "$N/employees.csv" --entity users --json
run data_json northwind audit data --contacts "$N/customers.csv" --as-of 1998-05-07 --format json
run data_md northwind audit data --contacts "$N/customers.csv" --as-of 1998-05-07 --format md
run data_with_users northwind audit data --contacts "$N/customers.csv" --users "$N/employees.csv" --as-of 1998-05-07 --format json
run compliance northwind audit compliance --contacts "$N/customers.csv" --users "$N/employees.csv" --as-of 1998-05-07 --format json
run rfm northwind rfm --transactions "$N/orders.csv" --as-of 1998-05-07 --format json
run dedupe_contacts northwind dedupe "$N/customers.csv" --entity contacts --out "$OUT/northwind/cli_dedupe_contacts.csv"

C=$HERE/chinook
for f in Customer Employee Invoice; do run "map_$f" chinook map "$C/$f.csv" --json; done
run data_json chinook audit data --contacts "$C/Customer.csv" --as-of 2025-12-23 --format json
run data_with_users chinook audit data --contacts "$C/Customer.csv" --users "$C/Employee.csv" --as-of 2025-12-23 --format json
run compliance chinook audit compliance --contacts "$C/Customer.csv" --users "$C/Employee.csv" --as-of 2025-12-23 --format json
run rfm chinook rfm --transactions "$C/Invoice.csv" --as-of 2025-12-23 --format json
run dedupe_contacts chinook dedupe "$C/Customer.csv" --entity contacts --out "$OUT/chinook/cli_dedupe_contacts.csv"

R=$HERE/uci-online-retail/online_retail_subset.csv
run map online-retail map "$R" --json
run rfm online-retail rfm --transactions "$R" --as-of 2011-12-10 --format json

if [ -n "${1:-}" ]; then
    M=$1
    for f in accounts sales_pipeline sales_teams products; do run "map_$f" maventech map "$M/$f.csv" --json; done
    run map_sales_teams_as_users maventech map "$M/sales_teams.csv" --entity users --json
    run kpis maventech kpis --deals "$M/sales_pipeline.csv" --accounts "$M/accounts.csv" --format json
    run dedupe_accounts maventech dedupe "$M/accounts.csv" --entity accounts --out "$OUT/maventech/cli_dedupe_accounts.csv"
fi
if [ -n "${2:-}" ]; then
    run map cdnow map "$2" --json
    run map_as_transactions cdnow map "$2" --entity transactions --json
    run rfm cdnow rfm --transactions "$2" --as-of 1998-07-01 --format json
fi
find "$OUT" -type f -size 0 -delete   # empty stdout/stderr files say nothing
