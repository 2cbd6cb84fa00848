"""Duplicate finding, side by side: the workbench's matcher and splink on the same labelled data.

    python bench/bench_dedupe.py                      # 100,000 and 1,000,000 contacts
    python bench/bench_dedupe.py --sizes 100000 --runs 3
    python bench/bench_dedupe.py --splink-python /path/to/venv/bin/python
    python bench/bench_dedupe.py --febrl /path/to/febrl   # the command line on FEBRL files

The script generates a deterministic synthetic CRM contacts export with known duplicates
(typos, nicknames, swapped first and last names, missing fields, reformatted phones,
changed email domains, case and spacing), writes it to Parquet in a temporary folder, then
runs each matcher in its own fresh process: load the table, find the duplicate clusters,
write one cluster id per record. It reports pairwise precision, recall and F1 against the
truth, the matching wall time (from the loaded table to the clusters, training included)
and the process's peak resident memory, and the ratio of the two. splink is never a
dependency of the workbench: it runs from a separate virtual environment (bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPLINK_PYTHON = ".splink-venv/bin/python"
COLUMNS = ("record_id", "first_name", "last_name", "email", "phone", "company", "city", "postal_code",
           "country", "birth_date")

FIRST = """james john robert michael william david richard joseph thomas charles christopher daniel matthew
anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey
ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander
frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle noah
ethan jeremy walter christian keith roger terry austin sean gerald carl harold dylan arthur lawrence jordan
jesse bryan billy bruce gabriel joe logan alan juan albert willie elijah wayne randy vincent mason roy ralph
bobby russell bradley philip eugene mary patricia jennifer linda elizabeth barbara susan jessica sarah karen
lisa nancy betty sandra margaret ashley kimberly emily donna michelle carol amanda melissa deborah stephanie
dorothy rebecca sharon laura cynthia amy kathleen angela shirley brenda emma anna pamela nicole samantha
katherine christine helen debra rachel carolyn janet maria catherine heather diane olivia julie joyce
victoria ruth virginia lauren kelly christina joan evelyn judith andrea hannah megan cheryl jacqueline martha
madison teresa gloria sara janice ann kathryn abigail sophia frances jean alice judy isabella julia grace
amber denise danielle marilyn beverly charlotte natalie theresa diana brittany doris kayla alexis lori
marie""".split()
LAST = """smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez
wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis
robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera
campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart
morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim
cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo
sanders patel myers long ross foster jimenez powell jenkins perry russell sullivan bell coleman butler
henderson barnes gonzales fisher vasquez simmons romero jordan patterson alexander hamilton graham reynolds
griffin wallace moreno west cole hayes bryant herrera gibson ellis tran medina aguilar stevens murray ford
castro marshall owens harrison fernandez mcdonald woods washington kennedy wells vargas henry chen freeman
webb tucker guzman burns crawford olson simpson porter hunter gordon mendez silva shaw snyder mason dixon
munoz hunt hicks holmes palmer wagner black robertson boyd rose stone salazar fox warren mills meyer rice
schmidt garza daniels ferguson nichols stephens soto weaver ryan gardner payne grant dunn kelley spencer""".split()
NICKNAMES = {"william": ["bill", "will", "billy"], "robert": ["bob", "rob", "bobby"], "richard": ["rick", "dick"],
             "james": ["jim", "jimmy", "jamie"], "john": ["jack", "johnny"], "michael": ["mike", "mikey"],
             "joseph": ["joe", "joey"], "thomas": ["tom", "tommy"], "charles": ["charlie", "chuck"],
             "christopher": ["chris"], "daniel": ["dan", "danny"], "matthew": ["matt"], "anthony": ["tony"],
             "steven": ["steve"], "andrew": ["andy", "drew"], "kenneth": ["ken"], "edward": ["ed", "ted"],
             "jonathan": ["jon"], "benjamin": ["ben"], "samuel": ["sam"], "alexander": ["alex"],
             "nicholas": ["nick"], "patrick": ["pat"], "timothy": ["tim"], "gregory": ["greg"],
             "elizabeth": ["liz", "beth", "betty"], "margaret": ["maggie", "peggy"], "katherine": ["kate", "katie"],
             "jennifer": ["jen", "jenny"], "patricia": ["pat", "patty"], "susan": ["sue"], "deborah": ["deb"],
             "rebecca": ["becky"], "victoria": ["vicky"], "kimberly": ["kim"], "samantha": ["sam"],
             "jessica": ["jess"], "christine": ["chris"], "pamela": ["pam"], "abigail": ["abby"]}
SYLLABLES = ("ab al an ar as ba be bo br ca ce ch co da de di do el en er fa fe fo ga ge go ha he ho in is ka ke "
             "ko la le li lo ma me mi mo na ne ni no or pa pe po ra re ri ro sa se si so st ta te ti to tr va ve "
             "vi wa we wi ya za ze zo ck ld nd ng nt rd rk rn rs sk").split()
LETTERS = "ABDEFGHJLNPQRSTUWXYZABDEFG"
FREE_MAIL = ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com")
CITIES_US = [("New York", "100"), ("Chicago", "606"), ("Houston", "770"), ("Phoenix", "850"),
             ("Philadelphia", "191"), ("San Antonio", "782"), ("San Diego", "921"), ("Dallas", "752"),
             ("Austin", "787"), ("Denver", "802"), ("Seattle", "981"), ("Boston", "021"), ("Atlanta", "303"),
             ("Miami", "331"), ("Portland", "972"), ("Detroit", "482"), ("Columbus", "432"), ("Memphis", "381")]
CITIES_GB = [("London", "EC"), ("Manchester", "M"), ("Birmingham", "B"), ("Leeds", "LS"), ("Bristol", "BS"),
             ("Glasgow", "G"), ("Edinburgh", "EH"), ("Liverpool", "L")]


# --- the synthetic labelled data -----------------------------------------------------------------


def _surnames(rng, count: int) -> list[str]:
    made = set(LAST)
    out = list(LAST)
    while len(out) < count:
        word = "".join(rng.choice(SYLLABLES, size=rng.integers(2, 4)))
        if word not in made and len(word) >= 4:
            made.add(word)
            out.append(word)
    return out


def _zipf(rng, size: int, count: int, head: float = 10.0):
    """Ranks drawn with weight 1 / (rank + head): a flat head like real name lists (the most
    common surname about 1 % of people, as Smith in the US), a long tail of rare names."""
    weights = 1.0 / (head + rng.permutation(count))
    return rng.choice(count, size=size, p=weights / weights.sum())


def _phone(rng, national: str, country: str) -> str:
    style = rng.integers(0, 5)
    if country == "United States":
        a, b, c = national[:3], national[3:6], national[6:]
        return (f"+1 {a} {b} {c}", f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"1{a}{b}{c}")[style]
    return (f"+44 20 {national[:4]} {national[4:8]}", f"020 {national[:4]} {national[4:8]}",
            f"+44 (0)20 {national[:4]} {national[4:8]}", f"0044 20 {national[:8]}", f"020{national[:8]}")[style]


def _typo(rng, word: str) -> str:
    if len(word) < 3:
        return word + "e"
    i = int(rng.integers(1, len(word) - 1))
    kind = rng.integers(0, 4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice(list("aeioulnrst")) + word[i + 1:]


def generate(size: int, seed: int = 7):
    """A contacts table of ``size`` rows and its truth (``entity`` per row), deterministic."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    copies = rng.choice([1, 2, 3, 4], size=int(size / 1.32) + 10, p=[.78, .15, .05, .02])
    copies = copies[: np.searchsorted(np.cumsum(copies), size) + 1]
    entities = len(copies)
    surnames = np.array(_surnames(rng, max(2000, entities // 6)))
    first = np.array(FIRST)[_zipf(rng, entities, len(FIRST), 5.0)]
    last = surnames[_zipf(rng, entities, len(surnames))]
    companies = max(entities // 12, 10)
    words = [[str(w).capitalize() for w in pair] for pair in surnames[rng.integers(0, len(surnames), (companies, 2))]]
    company_names = [" ".join(w) + str(rng.choice(["", " Inc", " LLC", " Ltd", " Group", " Partners"])) for w in words]
    company_of = rng.integers(0, companies, size=entities)
    uk = rng.random(companies) < 0.2
    city_pick = rng.integers(0, 100, size=companies)
    zone = rng.integers(0, 100_000, size=companies)
    born = pd.Timestamp("1945-01-01") + pd.to_timedelta(rng.integers(0, 21900, size=entities), unit="D")
    rows = []
    for e in range(entities):
        c = int(company_of[e])
        country = "United Kingdom" if uk[c] else "United States"
        city, prefix = (CITIES_GB[city_pick[c] % len(CITIES_GB)] if uk[c] else CITIES_US[city_pick[c] % len(CITIES_US)])
        postcode = (f"{prefix}{zone[c] % 20 + 1} {zone[c] % 9}{LETTERS[zone[c] % 26]}{LETTERS[zone[c] // 26 % 26]}"
                    if uk[c] else f"{prefix}{zone[c] % 100:02d}")
        domain = "".join(words[c]).lower() + (".co.uk" if uk[c] else ".com")
        f, l = first[e], last[e]
        email = (f"{f}.{l}@{domain}" if rng.random() < .65 else
                 f"{f}{l[:1]}{int(rng.integers(1, 99))}@{rng.choice(FREE_MAIL)}")
        national = "".join(str(d) for d in rng.integers(0, 10, size=10))
        national = str(rng.integers(2, 10)) + national[1:]
        base = {"first_name": f.capitalize(), "last_name": l.capitalize(), "email": email,
                "national": national if rng.random() < .8 else None, "company": company_names[c],
                "city": city, "postal_code": postcode, "country": country,
                "birth_date": born[e] if rng.random() < .6 else pd.NaT}
        for k in range(int(copies[e])):
            row = dict(base)
            if k:
                _corrupt(rng, row)
            national = row.pop("national")
            row["phone"] = _phone(rng, national, country) if national else None
            row["entity"] = e
            rows.append(row)
    frame = pd.DataFrame(rows).iloc[:size]
    frame = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    frame.insert(0, "record_id", [f"C{n:07d}" for n in range(len(frame))])
    return frame


def _corrupt(rng, row: dict) -> None:
    """One to three of the changes a second record of the same person typically shows."""
    kinds = rng.choice(["typo", "nickname", "swap", "missing", "phone", "email_domain", "case"],
                       size=int(rng.integers(1, 4)), replace=False, p=[.22, .12, .08, .2, .14, .14, .1])
    for kind in kinds:
        if kind == "typo":
            field = "last_name" if rng.random() < .6 else "first_name"
            row[field] = _typo(rng, row[field])
        elif kind == "nickname" and row["first_name"].lower() in NICKNAMES:
            row["first_name"] = str(rng.choice(NICKNAMES[row["first_name"].lower()])).capitalize()
        elif kind == "swap":
            row["first_name"], row["last_name"] = row["last_name"], row["first_name"]
        elif kind == "missing":
            for field in rng.choice(["email", "national", "birth_date", "city", "postal_code", "company"],
                                    size=int(rng.integers(1, 3)), replace=False):
                row[field] = None
        elif kind == "email_domain" and row["email"]:
            local = row["email"].split("@")[0]
            row["email"] = f"{local}@{rng.choice(FREE_MAIL)}"
        elif kind == "case":
            row["first_name"] = row["first_name"].upper() if rng.random() < .5 else " " + row["first_name"].lower()
            row["last_name"] = row["last_name"].upper() if rng.random() < .5 else row["last_name"] + "  "
        # "phone": every record already picks its own phone format


def dataset(size: int, folder: Path) -> Path:
    path = folder / f"contacts_{size}.parquet"
    if not path.exists():
        frame = generate(size)
        frame["birth_date"] = frame["birth_date"].dt.strftime("%Y-%m-%d")
        frame.to_parquet(path, index=False)
    return path


# --- the two matchers, each in its own process ---------------------------------------------------


def run_ours(data: Path, out: Path) -> dict:
    import pandas as pd

    sys.path.insert(0, str(ROOT))
    from crm_core.audit.duplicates.matching import find_duplicates

    table = pd.read_parquet(data, columns=list(COLUMNS))
    table = table.astype({c: "string" for c in COLUMNS if c != "birth_date"})
    table["birth_date"] = pd.to_datetime(table["birth_date"], errors="coerce")
    started = time.perf_counter()
    result = find_duplicates(table, entity="contacts")
    labels = result.labels()
    seconds = time.perf_counter() - started
    clusters = pd.DataFrame({"record_id": table["record_id"], "cluster": labels})
    clusters.to_parquet(out, index=False)
    return {"seconds": seconds, "stages": result.seconds, "candidates": result.candidate_pairs}


def run_splink(data: Path, out: Path) -> dict:
    import duckdb
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    con = duckdb.connect()
    con.execute(f"create table raw as select * from read_parquet('{data}')")
    started = time.perf_counter()
    # the usual light cleaning before splink: case, spaces, digits of the phone
    con.execute("""create table people as select record_id,
        nullif(lower(trim(first_name)), '') as first_name, nullif(lower(trim(last_name)), '') as last_name,
        nullif(lower(trim(email)), '') as email, nullif(right(regexp_replace(phone, '[^0-9]', '', 'g'), 10), '') as phone,
        nullif(lower(trim(city)), '') as city, nullif(upper(replace(postal_code, ' ', '')), '') as postal_code,
        birth_date, concat_ws(' ', lower(trim(first_name)), lower(trim(last_name))) as full_name from raw""")
    db_api = DuckDBAPI(con)
    table = db_api.register("people")
    settings = SettingsCreator(
        link_type="dedupe_only", unique_id_column_name="record_id",
        comparisons=[
            cl.ForenameSurnameComparison("first_name", "last_name", forename_surname_concat_col_name="full_name"),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            # ExactMatch with term frequencies: splink's EmailComparison also rewards the same
            # name before the @ on another domain, which here gave F1 0.47 (clusters chain)
            cl.ExactMatch("email").configure(term_frequency_adjustments=True),
            cl.ExactMatch("phone").configure(term_frequency_adjustments=True),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postal_code").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "last_name"), block_on("email"), block_on("phone"),
            block_on("last_name", "birth_date"), block_on("first_name", "birth_date"),
            block_on("last_name", "postal_code"), block_on("first_name", "postal_code"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(table, settings, log_level=40)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "birth_date"), block_on("email")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "last_name"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.95)
    seconds = time.perf_counter() - started
    relation = clusters.as_duckdbpyrelation()
    relation.select("record_id, cluster_id as cluster").write_parquet(str(out))
    return {"seconds": seconds}


def child(tool: str, data: Path, out: Path) -> None:
    stats = (run_ours if tool == "ours" else run_splink)(data, out)
    stats["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(stats))


# --- evaluation ----------------------------------------------------------------------------------


def pairwise_scores(predicted, truth) -> tuple[float, float, float]:
    """Precision, recall and F1 over record pairs (a record alone is its own cluster)."""
    import pandas as pd

    frame = pd.DataFrame({"p": predicted, "t": truth})

    def pairs(counts) -> int:
        return int((counts * (counts - 1) // 2).sum())

    true_positive = pairs(frame.groupby(["p", "t"]).size())
    found, real = pairs(frame.groupby("p").size()), pairs(frame.groupby("t").size())
    precision = true_positive / found if found else 1.0
    recall = true_positive / real if real else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def measure(tool: str, python: str, data: Path, folder: Path) -> dict:
    import pandas as pd

    out = folder / f"{tool}_{data.stem}.parquet"
    done = subprocess.run([python, __file__, "--child", tool, "--data", str(data), "--out", str(out)],
                          capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if done.returncode:
        raise SystemExit(f"{tool} failed:\n{done.stderr[-3000:]}")
    stats = json.loads(done.stdout.strip().splitlines()[-1])
    truth = pd.read_parquet(data, columns=["record_id", "entity"])
    found = pd.read_parquet(out).astype({"record_id": str}).set_index("record_id")["cluster"]
    cluster = found.reindex(truth["record_id"].astype(str)).to_numpy()
    singles = [f"single-{n}" for n in range(len(cluster))]
    predicted = [str(c) if c is not None and str(c) not in ("-1", "nan") else s for c, s in zip(cluster, singles)]
    stats["precision"], stats["recall"], stats["f1"] = pairwise_scores(predicted, truth["entity"].to_numpy())
    return stats


def febrl(folder: Path) -> None:
    """The command line on the FEBRL benchmark files (``rec-N-org`` / ``rec-N-dup-k`` ids)."""
    import pandas as pd

    print("| FEBRL file | records | precision | recall | F1 | wall time (command line) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for path in sorted(folder.glob("dataset*.csv")):
        out = Path(tempfile.mkdtemp()) / "clusters.csv"
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "crm_core", "dedupe", str(path), "--entity", "contacts",
                               "--id-column", "rec_id", "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if done.returncode:
            raise SystemExit(done.stderr)
        clusters = pd.read_csv(out, dtype=str)
        truth = clusters["record_id"].str.extract(r"rec-(\d+)-")[0]
        p, r, f = pairwise_scores(clusters["cluster_id"].to_numpy(), truth.to_numpy())
        print(f"| {path.name} | {len(clusters):,} | {p:.4f} | {r:.4f} | {f:.4f} | {seconds:.1f} s |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--runs", type=int, default=1, help="runs per tool and size; medians are reported")
    parser.add_argument("--splink-python", default=DEFAULT_SPLINK_PYTHON)
    parser.add_argument("--tools", default="ours,splink")
    parser.add_argument("--folder", default=None, help="where the generated data is kept (default: a temp dir)")
    parser.add_argument("--febrl", help="a folder of FEBRL dataset*.csv files: evaluate the command line on them")
    parser.add_argument("--child", choices=("ours", "splink"), help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, Path(args.data), Path(args.out))
        return
    if args.febrl:
        febrl(Path(args.febrl))
        return
    folder = Path(args.folder or tempfile.mkdtemp(prefix="bench-dedupe-"))
    folder.mkdir(parents=True, exist_ok=True)
    pythons = {"ours": sys.executable, "splink": args.splink_python}
    print("| rows | tool | precision | recall | F1 | time | peak memory |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for size in (int(s) for s in args.sizes.split(",")):
        data = dataset(size, folder)
        medians = {}
        for tool in args.tools.split(","):
            runs = [measure(tool, pythons[tool], data, folder) for _ in range(args.runs)]
            medians[tool] = {key: statistics.median(r[key] for r in runs)
                             for key in ("precision", "recall", "f1", "seconds", "peak_mb")}
            m = medians[tool]
            print(f"| {size:,} | {tool} | {m['precision']:.4f} | {m['recall']:.4f} | {m['f1']:.4f} | "
                  f"{m['seconds']:.1f} s | {m['peak_mb']:,.0f} MB |", flush=True)
            if tool == "ours" and runs[0].get("stages"):
                print(f"<!-- stages of one run: {runs[0]['stages']}, candidate pairs {runs[0]['candidates']:,} -->")
        if {"ours", "splink"} <= set(medians):
            o, s = medians["ours"], medians["splink"]
            print(f"| {size:,} | ratio ours / splink | | | {o['f1'] / s['f1']:.3f} | {o['seconds'] / s['seconds']:.2f} | "
                  f"{o['peak_mb'] / s['peak_mb']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
