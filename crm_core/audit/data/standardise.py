"""Standardisation: one spelling per picklist value, clustered the way OpenRefine does it.

For every categorical column (country, state, industry, lifecycle stage, lead source, job title,
deal stage, city...) the distinct values are grouped into clusters of one meaning:

1. by reference, where there is one: countries by their ISO 3166 code (``USA``, ``U.S.`` and
   ``United States of America`` are all US), states by their ISO 3166-2 subdivision in the
   record's country, other picklists by the value of the workspace's own list when it gave one;
   without one, the standard vocabulary (see ``vocabularies``) only tells which of the column's
   own values mean the same thing (``MQL`` and ``Marketing Qualified Lead``, ``health care`` and
   ``Healthcare``) and which are misspelled (``technolgy``). The export's own vocabulary is
   respected: a column that consistently writes ``Won`` or ``technology`` is not a problem
   because a standard list writes ``Closed Won`` or ``Technology``, and a value the list does
   not know is not an error;
2. the rest by *key collision* on OpenRefine's fingerprint (trim, lower-case, strip accents and
   punctuation, sort the unique words: ``Trade show`` = ``trade  Show``), then
3. by *nearest neighbours*: a key joins a more frequent one when rapidfuzz's ratio is at least
   90 and at most two letters differ (``tradeshow`` ~ ``trade show``).

The canonical value of a cluster is the list's spelling where a list fixes one, else the most
frequent known spelling (or the ISO name when none is known). Every cell that differs from its
cluster's canonical value is flagged: a misspelling or unknown value as a validity problem,
any other spelling as ``DATA.SPELLING_VARIANTS``. The clusters are returned for the user to
accept or edit; accepted ones drive the standardised copy.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from crm_core.audit.data.collector import Collector
from crm_core.audit.data.config import DataAuditConfig
from crm_core.audit.geography import (
    country_name,
    infer_state_countries,
    resolve_countries,
    resolve_states,
    subdivision_name,
)
from crm_core.audit.data.vocabularies import classify_values, own_vocabulary, standard_vocabulary
from crm_core.schema import fields_for

NEIGHBOUR_SCORE = 90
NEIGHBOUR_EDITS = 2
MIN_NEIGHBOUR_LENGTH = 5
MAX_ANCHORS = 2000
CHUNK = 2000
EXTRA_FIELDS = {"job_title", "city"}  # text fields whose values behave like a picklist
CLUSTER_COLUMNS = ("entity", "field", "cluster", "value", "count", "canonical", "status", "method")
SEP = "\x1f"


def fingerprint(text: str) -> str:
    """OpenRefine's fingerprint key: trimmed, lower-case, ASCII, punctuation removed, unique
    words sorted and joined by one space."""
    plain = unicodedata.normalize("NFKD", str(text).strip())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    plain = re.sub(r"[^\w\s]|_", "", plain)
    return " ".join(sorted(set(plain.split())))


def neighbour_key(text: str) -> str:
    """The comparison form for nearest neighbours: like the fingerprint, words kept in order."""
    plain = unicodedata.normalize("NFKD", str(text).strip())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^\w\s]|_", " ", plain).split())


_GRADE = re.compile(r"^(?:[ivx]+|\d+)$")  # roman numerals and numbers: "Accountant III", "Level 2"


def grades(text: str) -> tuple[str, ...]:
    """The grade or number words of a value: "Accountant III" and "Accountant I" are two jobs,
    not two spellings of one, so values whose grades differ are never merged."""
    return tuple(word for word in text.split() if _GRADE.match(word))


def _merge_neighbours(keys: pd.DataFrame) -> dict[str, str]:
    """Fingerprint keys (``key, count, near``) -> the key each one joins (itself if none)."""
    ordered = keys.sort_values(["count", "key"], ascending=[False, True], kind="stable").reset_index(drop=True)
    parent = list(range(len(ordered)))
    anchors = ordered["near"].tolist()[:MAX_ANCHORS]
    near = ordered["near"].tolist()
    for start in range(0, len(near), CHUNK):
        scores = process.cdist(near[start:start + CHUNK], anchors, scorer=fuzz.ratio,
                               score_cutoff=NEIGHBOUR_SCORE, dtype=np.uint8)
        for offset, row in enumerate(scores):
            index = start + offset
            candidates = [j for j in np.flatnonzero(row) if j < index]  # only more frequent keys
            best = None
            for j in sorted(candidates, key=lambda j: -int(row[j])):
                a, b = near[index], anchors[j]
                if (min(len(a), len(b)) >= MIN_NEIGHBOUR_LENGTH and Levenshtein.distance(a, b) <= NEIGHBOUR_EDITS
                        and grades(a) == grades(b)):
                    best = j
                    break
            if best is not None:
                parent[index] = best
    for index in range(len(parent)):  # follow chains to the root (parents are always earlier)
        parent[index] = parent[parent[index]]
    return dict(zip(ordered["key"], ordered["key"].iloc[parent].tolist()))


def cluster_values(counts: pd.Series, reference: pd.DataFrame | None = None,
                   names: dict[str, str] | None = None) -> pd.DataFrame:
    """Cluster the distinct values of one column.

    Input: ``counts`` (value -> rows); optionally ``reference`` (``value, key, status,
    preferred``) for the values a reference resolves (status canonical / variant / known /
    misspelled / unknown, ``key`` NA when unknown, ``preferred`` the spelling the reference
    fixes or NA) and ``names`` (key -> name to use when no value of a cluster is known).
    Output: one row per value: ``value, count, cluster, canonical, status, method``, status
    canonical / variant / misspelled / unknown.
    """
    frame = pd.DataFrame({"value": counts.index.astype(str), "count": counts.to_numpy(dtype=np.int64)})
    frame["status"], frame["cluster"], frame["preferred"], frame["method"] = "", None, None, ""
    if reference is not None and not reference.empty:
        ref = reference.drop_duplicates("value").set_index("value")
        resolved = frame["value"].isin(ref.index[ref["key"].notna()])
        for column in ("cluster", "status", "preferred"):
            source = ref["key" if column == "cluster" else column]
            frame.loc[resolved, column] = frame.loc[resolved, "value"].map(source)
        frame.loc[resolved, "method"] = "reference"
        frame.loc[frame["value"].isin(ref.index[ref["key"].isna()]), "status"] = "unknown"
    rest = frame["cluster"].isna()
    if rest.any():
        keys = frame.loc[rest, "value"].map(fingerprint)
        table = (pd.DataFrame({"key": keys, "count": frame.loc[rest, "count"], "near": frame.loc[rest, "value"]})
                 .sort_values("count", ascending=False, kind="stable")
                 .groupby("key", sort=False).agg(count=("count", "sum"), near=("near", "first")).reset_index())
        table["near"] = table["near"].map(neighbour_key)
        joined = _merge_neighbours(table) if len(table) > 1 else dict(zip(table["key"], table["key"]))
        merged = keys.map(joined)
        frame.loc[rest, "cluster"] = "~" + merged
        frame.loc[rest, "method"] = np.where(merged == keys, "fingerprint", "nearest neighbour")
    return _choose_canonical(frame, names or {})


def _choose_canonical(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Canonical value per cluster: the reference's spelling, else the most frequent usable
    spelling (the reference name first among equals), else the reference name, else the most
    frequent value; then final statuses."""
    shown = frame["value"].str.split(SEP).str[0]
    frame["named"] = [names.get(c) == v for c, v in zip(frame["cluster"], shown)]
    frame = frame.sort_values(["cluster", "count", "named", "value"], ascending=[True, False, False, True],
                              kind="stable")
    usable = frame["status"].isin(["", "canonical", "known", "variant"])
    preferred = frame.dropna(subset=["preferred"]).groupby("cluster")["preferred"].first().to_dict()
    frequent = frame[usable].groupby("cluster")["value"].first().to_dict()
    anything = frame.groupby("cluster")["value"].first().to_dict()
    frame["canonical"] = [preferred.get(c) or frequent.get(c) or names.get(c) or anything.get(c)
                          for c in frame["cluster"]]
    generic = usable
    same = frame["value"] == frame["canonical"]
    frame.loc[generic & same, "status"] = "canonical"
    frame.loc[generic & ~same, "status"] = "variant"
    return frame.drop(columns=["preferred", "named"]).reset_index(drop=True)


def _country_reference(values: pd.Series) -> tuple[pd.DataFrame, dict, dict]:
    """(reference, hints for unknown values, ISO name per code) of a country column."""
    lookup = resolve_countries(values)
    reference = pd.DataFrame({"value": lookup["value"], "key": lookup["code"], "status": lookup["status"],
                              "preferred": None})
    names = {code: country_name(code) for code in lookup["code"].dropna().unique()}
    return reference, dict(zip(lookup["value"], lookup["suggestion"])), names


def _vocabulary_reference(values: pd.Series, vocabulary: dict[str, str]) -> tuple[pd.DataFrame, dict]:
    """The workspace's own list: every value is judged against it, the list's spelling wins."""
    lookup = classify_values(values.dropna().unique(), vocabulary)
    resolved = lookup["status"] != "unknown"
    reference = pd.DataFrame({"value": lookup["value"], "key": lookup["canonical"].where(resolved),
                              "status": lookup["status"], "preferred": lookup["canonical"].where(resolved)})
    return reference, dict(zip(lookup["value"], lookup["canonical"]))


def _standard_reference(values: pd.Series, vocabulary: dict[str, str]) -> tuple[pd.DataFrame, dict[str, str]]:
    """A standard list as a dictionary of meanings for the column's own values: values it reads
    as one value (other case or punctuation, a known alias) join one cluster whose canonical
    spelling is the column's most frequent one, so a consistent ``Won`` or ``technology`` is
    never a problem; a misspelling of a listed word is one, and the list's spelling is offered
    when the column never writes it correctly. Values the list does not know are left to the
    column's own clustering. Returns (reference, the list's name for a misspelled value's key)."""
    lookup = classify_values(values.dropna().unique(), vocabulary)
    kept = lookup[lookup["status"].isin(["canonical", "variant", "misspelled"])]
    misspelled = kept["status"] == "misspelled"
    reference = pd.DataFrame({"value": kept["value"], "key": kept["canonical"],
                              "status": kept["status"].where(misspelled, "known"), "preferred": None})
    return reference, {str(key): str(key) for key in kept.loc[misspelled, "canonical"]}


def _flag(collector: Collector, entity: str, name: str, keys: pd.Series, shown: pd.Series,
          clusters: pd.DataFrame, hints: dict[str, str | None], family: str) -> None:
    """Flag the cells whose value is a variant, a misspelling or unknown, with the suggestion."""
    for status, code in (("variant", "DATA.SPELLING_VARIANTS"), ("misspelled", f"DATA.{family}_MISSPELLED"),
                         ("unknown", f"DATA.{family}_UNKNOWN")):
        chosen = clusters[clusters["status"] == status]
        if chosen.empty or (status == "unknown" and family == "TEXT"):
            continue
        targets = dict(zip(chosen["value"], chosen["canonical"]))
        if status == "unknown":
            targets = {value: hints.get(value) for value in chosen["value"]}
        targets = {value: str(target).split(SEP)[0] if target is not None and target == target else None
                   for value, target in targets.items()}
        mask = keys.isin(list(targets)).fillna(False)
        collector.flag(code, entity, mask, field=name, values=shown, suggestions=targets, keys=keys)


def _states(table: pd.DataFrame, countries: pd.Series) -> tuple[pd.Series, pd.DataFrame, dict, dict]:
    """State cells keyed with their country (``state SEP country``), their reference, hints and
    the ISO name of each subdivision."""
    countries = countries.fillna(infer_state_countries(table["state"], countries))
    keys = (table["state"].astype("string") + SEP + countries.fillna("")).where(table["state"].notna())
    lookup = resolve_states(table["state"], countries)
    values = lookup["value"] + SEP + lookup["country"]
    reference = pd.DataFrame({"value": values, "key": lookup["code"], "status": lookup["status"], "preferred": None})
    names = {code: subdivision_name(code) for code in lookup["code"].dropna().unique()}
    return keys, reference, dict(zip(values, lookup["suggestion"])), names


def _column_clusters(entity: str, name: str, kind: str, table: pd.DataFrame, config: DataAuditConfig,
                     countries: dict[str, pd.Series]) -> tuple[pd.Series, pd.DataFrame, dict, str]:
    """(cell keys, clusters, hints for unknown values, check family) of one column."""
    column = table[name]
    keys, reference, hints, names, family = column, None, {}, {}, "TEXT"
    if kind == "country":
        reference, hints, names = _country_reference(column)
        family = "COUNTRY"
    elif kind == "state" and entity in countries:
        keys, reference, hints, names = _states(table, countries[entity])
        family = "STATE"
    elif own := own_vocabulary(entity, name, config.picklists):
        reference, hints = _vocabulary_reference(column, own)
        family = "PICKLIST"
    elif standard := standard_vocabulary(entity, name):
        reference, names = _standard_reference(column, standard)
        family = "PICKLIST"
    return keys, cluster_values(keys.value_counts(), reference, names), hints, family


def check_standardisation(clean: dict[str, pd.DataFrame], config: DataAuditConfig, countries: dict[str, pd.Series],
                          collector: Collector) -> pd.DataFrame:
    """Flag every cell that differs from its cluster's canonical value; return the clusters
    (``CLUSTER_COLUMNS``) that hold a value to correct."""
    found = []
    for entity, table in clean.items():
        if entity in ("users", "activities"):
            continue
        for spec in fields_for(entity):
            name = spec.name
            wanted = spec.kind in ("category", "country", "state") or name in EXTRA_FIELDS
            if name not in table.columns or not wanted or table[name].notna().sum() == 0:
                continue
            keys, clusters, hints, family = _column_clusters(entity, name, spec.kind, table, config, countries)
            _flag(collector, entity, name, keys, table[name], clusters, hints, family)
            clusters = clusters.assign(value=clusters["value"].str.split(SEP).str[0],
                                       canonical=clusters["canonical"].astype("string").str.split(SEP).str[0])
            to_fix = clusters.groupby("cluster")["status"].transform(lambda s: bool((s != "canonical").any()))
            found.append(clusters[to_fix.astype(bool)].assign(entity=entity, field=name))
    collector.describe("DATA.SPELLING_VARIANTS", "Values clustered by reference (ISO codes, the workspace's own "
                       "picklist), then by the column's own values (a standard list's known meanings, fingerprint, "
                       "nearest neighbours); the suggestion is the cluster's canonical value.")
    if not found:
        return pd.DataFrame(columns=list(CLUSTER_COLUMNS))
    result = pd.concat(found, ignore_index=True)
    result["cluster"] = result["entity"] + "." + result["field"] + ":" + result["cluster"].astype(str)
    return result[list(CLUSTER_COLUMNS)].reset_index(drop=True)
