"""Score candidate pairs, Fellegi-Sunter style, and keep each score's explanation.

Every comparison (first name, last name, email, phones, birth date, company, street,
locality, external id...) puts a pair at one level: ``missing`` when either record lacks the
value (it adds and subtracts nothing), then from the strongest agreement to ``different``.
Each level weighs ``log2(m / u)``: ``m`` is how often true duplicates land there (a prior
from record-linkage practice, in ``comparisons``), ``u`` how often two random records do,
measured on this table from a sample of pairs. An exact agreement is weighed by how common
the value is (term frequency): two "Smith"s agree less than two "Zbigniewski"s. Fields that
agree together for unrelated records too (a workplace's company, address and switchboard)
count once, and the same name before the @ counts only when the names themselves differ.

The sum of the weights plus the prior log-odds that two random records are one (estimated
from the candidates, so it scales with the table) is the match weight; its logistic is the
match probability. Strings are compared with rapidfuzz over arrays of pairs
(``process.cpdist``, processor given explicitly), once per distinct pair of values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import distance, fuzz, process

from crm_core.dedupe.comparisons import COMPARISONS, SWAP_PENALTY, Comparison

SAMPLE_PAIRS = 300_000
PRIOR_PAIRS = 1000.0  # pseudo-pairs behind the smoothing of u and of term frequencies
PRIOR_U = 0.001  # a priori chance two strangers agree at one level
MISSING = 0
_JW = distance.JaroWinkler.normalized_similarity


_TOKEN_SET = fuzz.token_set_ratio  # 0-100: similarity() scales it to 0-1


class Columns:
    """The prepared table's columns as integer codes (-1 missing) plus their distinct values."""

    def __init__(self, frame: pd.DataFrame):
        self.n = len(frame)
        self.codes: dict[str, np.ndarray] = {}
        self.values: dict[str, np.ndarray] = {}
        for column in frame.columns:
            codes, uniques = pd.factorize(frame[column])
            self.codes[column] = codes.astype(np.int32)
            self.values[column] = np.asarray(uniques, dtype=object)
        self._joint: dict[tuple[str, ...], tuple] = {}

    def joint(self, columns: tuple[str, ...]) -> tuple[tuple[np.ndarray, ...], np.ndarray, np.ndarray]:
        """Codes of several columns on one shared vocabulary (to compare across columns), the
        vocabulary, and each value's frequency among the records that have the first column."""
        if columns not in self._joint:
            vocabulary = pd.Index(pd.unique(np.concatenate([self.values[c] for c in columns])))
            out = []
            for c in columns:
                mapping = np.append(vocabulary.get_indexer(self.values[c]), -1).astype(np.int32)
                out.append(mapping[self.codes[c]])
            present = np.concatenate([codes[codes >= 0] for codes in out])
            counts = np.bincount(present, minlength=len(vocabulary)).astype(np.float64)
            holders = int((out[0] >= 0).sum())
            # add-one smoothing over PRIOR_PAIRS pseudo-records, so a small table's few values
            # (or a pair that is the only holder of a value) are not taken for common ones
            frequency = (counts + 1.0) / (holders + PRIOR_PAIRS)
            self._joint[columns] = (tuple(out), np.asarray(vocabulary, dtype=object), frequency)
        return self._joint[columns]

    def frequency(self, column: str) -> np.ndarray:
        return self.joint((column,))[2]


def similarity(a: np.ndarray, b: np.ndarray, values: np.ndarray, scorer, cutoff: float = 0.0) -> np.ndarray:
    """Similarity 0-1 of each pair of codes (NaN when either is missing), each distinct pair
    of values scored once with rapidfuzz; below ``cutoff`` a score may come back as 0."""
    out = np.full(len(a), np.nan, dtype=np.float32)
    both = (a >= 0) & (b >= 0)
    out[both & (a == b)] = 1.0
    differ = np.flatnonzero(both & (a != b))
    if len(differ):
        low = np.minimum(a[differ], b[differ]).astype(np.int64)
        high = np.maximum(a[differ], b[differ]).astype(np.int64)
        keys, first = pd.factorize(low * len(values) + high)
        pair_low, pair_high = first // len(values), first % len(values)
        scale = 100.0 if scorer is _TOKEN_SET else 1.0
        scores = process.cpdist(values[pair_low], values[pair_high], scorer=scorer, processor=None,
                                score_cutoff=cutoff * scale, dtype=np.float32, workers=-1)
        if scorer is _TOKEN_SET:
            scores = scores / np.float32(100)
        out[differ] = scores[keys]
    return out


def _pick(conditions: list[np.ndarray], present: np.ndarray) -> np.ndarray:
    """Level per pair: the first true condition (1-based), the last level when none, 0 if missing."""
    levels = np.full(len(present), len(conditions) + 1, dtype=np.int8)
    for level in range(len(conditions), 0, -1):
        levels[conditions[level - 1]] = level
    levels[~present] = MISSING
    return levels


def _at(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """``values[codes]`` with NaN where the code is -1."""
    out = np.full(len(codes), np.nan)
    ok = codes >= 0
    out[ok] = values[codes[ok]]
    return out


Levels = dict[str, tuple[np.ndarray, np.ndarray]]  # name -> (level per pair, frequency of the agreed value)


@dataclass
class Scorer:
    """Matching weights fitted on one prepared table; ``score`` explains every pair."""

    entity: str
    columns: Columns
    comparisons: tuple[Comparison, ...]
    u: dict[str, np.ndarray] = field(default_factory=dict)
    log_prior: float = 0.0

    # --- levels per comparison -----------------------------------------------------------

    def _names(self, l: np.ndarray, r: np.ndarray, *, swap: bool) -> Levels:
        """First and last name levels, the right record's names swapped when ``swap``."""
        (first, last), values, _ = self.columns.joint(("first", "last"))
        freq_first = self.columns.joint(("first", "last"))[2]
        lengths = np.array([len(v) for v in values] + [0], dtype=np.int32)
        initials = np.array([v[:1] for v in values] + [""], dtype=object)
        f_a, f_b = first[l], (last if swap else first)[r]
        l_a, l_b = last[l], (first if swap else last)[r]
        jw_first = similarity(f_a, f_b, values, _JW, .80)
        present = (f_a >= 0) & (f_b >= 0)
        nickname = np.zeros(len(l), dtype=bool)
        if not swap:
            (r1, r2), _, _ = self.columns.joint(("first_root", "first_root2"))
            a1, a2, b1, b2 = r1[l], r2[l], r1[r], r2[r]
            nickname = present & (((a1 == b1) & (a1 >= 0)) | ((a1 == b2) & (b2 >= 0)) | ((a2 == b1) & (a2 >= 0)))
        initial = ((lengths[f_a] == 1) | (lengths[f_b] == 1)) & (initials[f_a] == initials[f_b])
        first_level = _pick([f_a == f_b, nickname, jw_first >= .92, (jw_first >= .80) | initial], present)
        jw_last = similarity(l_a, l_b, values, _JW, .84)
        last_level = _pick([l_a == l_b, jw_last >= .92, jw_last >= .84], (l_a >= 0) & (l_b >= 0))
        last_freq = self.columns.frequency("last")
        last_codes = self.columns.codes["last"][l] if not swap else self.columns.codes["first"][l]
        freq_last = _at(last_freq if not swap else self.columns.frequency("first"), last_codes)
        return {"first_name": (first_level, _at(freq_first, f_a)), "last_name": (last_level, freq_last)}

    def _exact(self, column: str, l, r, conditions=()) -> tuple[np.ndarray, np.ndarray]:
        a, b = self.columns.codes[column][l], self.columns.codes[column][r]
        present = (a >= 0) & (b >= 0)
        return _pick([a == b, *conditions], present), _at(self.columns.frequency(column), a)

    def _levels(self, l: np.ndarray, r: np.ndarray) -> tuple[Levels, np.ndarray]:
        c = self.columns
        out: Levels = {}
        swapped = np.zeros(len(l), dtype=bool)
        if self.entity == "contacts":
            direct = self._names(l, r, swap=False)
            out.update(direct)
            # names written the other way round: worth a look only where one of them crosses over
            (first, last), _, _ = c.joint(("first", "last"))
            key = c.codes["name_key"]
            crossed = np.flatnonzero(((first[l] >= 0) & (first[l] == last[r])) | ((last[l] >= 0) & (last[l] == first[r]))
                                     | ((key[l] >= 0) & (key[l] == key[r]) & ((first[l] != first[r]) | (last[l] != last[r]))))
            if len(crossed):
                swap = self._names(l[crossed], r[crossed], swap=True)
                w_direct = sum(self._weight(k, direct[k][0][crossed], direct[k][1][crossed]) for k in direct)
                w_swap = sum(self._weight(k, *swap[k]) for k in swap) - SWAP_PENALTY
                better = w_swap > w_direct + 1e-6
                swapped[crossed[better]] = True
                for key in direct:
                    level, frequency = out[key][0].copy(), out[key][1].copy()
                    level[crossed[better]] = swap[key][0][better]
                    frequency[crossed[better]] = swap[key][1][better]
                    out[key] = (level, frequency)
            local, domain = c.codes["email_local"], c.codes["domain"]
            long_local = np.array([len(v) >= 4 for v in c.values["email_local"]] + [False])
            company_mail = (domain[l] >= 0) & (domain[l] == domain[r]) & (c.codes["email"][l] >= 0)
            out["email"] = self._exact("email", l, r, [(local[l] == local[r]) & long_local[local[l]], company_mail])
            out["birth_date"] = self._dates(l, r)
            out["company"] = self._company(l, r)
        else:
            a, b = c.codes["name"][l], c.codes["name"][r]
            best = np.fmax(similarity(a, b, c.values["name"], _JW, .86), similarity(a, b, c.values["name"], _TOKEN_SET, .86))
            out["name"] = self._exact("name", l, r, [best >= .94, best >= .86])
            out["domain"] = self._exact("domain", l, r)
        out["phone"] = self._phones(l, r)
        a, b = c.codes["street"][l], c.codes["street"][r]
        numbers = self._house_numbers()
        other_number = (numbers[a] != "") & (numbers[b] != "") & (numbers[a] != numbers[b])
        similar = (similarity(a, b, c.values["street"], _TOKEN_SET, .9) >= .9) & ~other_number
        out["street"] = self._exact("street", l, r, [similar])
        out["locality"] = self._locality(l, r)
        out["ext_id"] = self._exact("ext_id", l, r)
        return out, swapped

    def _house_numbers(self) -> np.ndarray:
        """The numbers in each distinct street ('12 high st, 3' -> '12 3'); '' when none."""
        streets = pd.Series(self.columns.values["street"], dtype=object)
        found = streets.str.findall(r"\d+").str.join(" ").fillna("")
        return np.append(found.to_numpy(dtype=object), "")

    def _dates(self, l, r):
        c = self.columns
        a, b = c.codes["dob"][l], c.codes["dob"][r]
        close = np.zeros(len(l), dtype=bool)
        idx = np.flatnonzero((a >= 0) & (b >= 0) & (a != b))
        if len(idx):
            parts = np.array([[int(x) for x in v.split("-")] for v in c.values["dob"]])
            pa_, pb_ = parts[a[idx]], parts[b[idx]]
            one_off = (pa_ == pb_).sum(axis=1) == 2
            transposed = (pa_[:, 0] == pb_[:, 0]) & (pa_[:, 1] == pb_[:, 2]) & (pa_[:, 2] == pb_[:, 1])
            close[idx] = one_off | transposed
        return self._exact("dob", l, r, [close])

    def _company(self, l, r):
        c = self.columns
        acc_a, acc_b = c.codes["account_id"][l], c.codes["account_id"][r]
        a, b = c.codes["company"][l], c.codes["company"][r]
        ts = similarity(a, b, c.values["company"], _TOKEN_SET, .85)
        same_account = (acc_a >= 0) & (acc_a == acc_b)
        same = same_account | ((a == b) & (a >= 0))
        levels = _pick([same, ts >= .92, ts >= .85], ((a >= 0) & (b >= 0)) | same_account)
        freq = np.where(same_account, _at(c.frequency("account_id"), acc_a), _at(c.frequency("company"), a))
        return levels, freq

    def _phones(self, l, r):
        phones, _, freq = self.columns.joint(("phone_1", "phone_2", "phone_3"))
        any_a = np.zeros(len(l), dtype=bool)
        any_b = np.zeros(len(l), dtype=bool)
        shared = np.full(len(l), np.inf)
        for p_a in phones:
            any_a |= p_a[l] >= 0
            any_b |= p_a[r] >= 0
            for p_b in phones:
                hit = (p_a[l] >= 0) & (p_a[l] == p_b[r])
                shared[hit] = np.minimum(shared[hit], freq[p_a[l][hit]])
        common = np.isfinite(shared)
        return _pick([common], any_a & any_b), np.where(common, shared, np.nan)

    def _locality(self, l, r):
        c = self.columns
        pc_a, pc_b = c.codes["postcode"][l], c.codes["postcode"][r]
        ct_a, ct_b = c.codes["city"][l], c.codes["city"][r]
        st_a, st_b = c.codes["state"][l], c.codes["state"][r]
        co_a, co_b = c.codes["country"][l], c.codes["country"][r]
        city_sim = similarity(ct_a, ct_b, c.values["city"], _JW, .9)
        same_postcode = (pc_a >= 0) & (pc_a == pc_b)
        same_city = (ct_a >= 0) & (ct_a == ct_b)
        other_country = (co_a >= 0) & (co_b >= 0) & (co_a != co_b)
        region = (((st_a >= 0) & (st_a == st_b)) | ((co_a >= 0) & (co_a == co_b))) & ~other_country
        present = ((pc_a >= 0) & (pc_b >= 0)) | ((ct_a >= 0) & (ct_b >= 0)) | ((co_a >= 0) & (co_b >= 0))
        levels = _pick([same_postcode & ~other_country, same_city & ~other_country,
                        (city_sim >= .9) & ~other_country, region], present)
        return levels, _at(c.frequency("postcode"), pc_a)

    # --- weights -------------------------------------------------------------------------

    def _weight(self, name: str, levels: np.ndarray, frequency: np.ndarray | None = None) -> np.ndarray:
        """Bits of evidence per pair for one comparison (0 for missing); an exact agreement
        is weighed by how common the agreed value is."""
        comparison = next(comp for comp in self.comparisons if comp.name == name)
        m = np.array([1.0] + [level[1] for level in comparison.levels])
        u = self.u.get(name, np.full(len(m), 0.5)).copy()
        for i, level in enumerate(comparison.levels, start=1):
            if len(level) > 2:
                u[i] = level[2]
        weights = np.log2(m / np.maximum(u, 1e-12))
        weights[MISSING] = 0.0
        out = weights[levels].astype(np.float32)
        if frequency is not None and comparison.tf:
            exact = (levels == 1) & ~np.isnan(frequency)
            out[exact] = np.log2(m[1] / frequency[exact]).astype(np.float32)
        return out

    # --- fitting and scoring -------------------------------------------------------------

    def fit_u(self, seed: int = 0) -> None:
        """u per level from random pairs of this table (the chance two strangers agree)."""
        n = self.columns.n
        self.u = {comp.name: np.full(len(comp.levels) + 1, 0.5) for comp in self.comparisons}
        if n < 2:
            return
        if n * (n - 1) // 2 <= SAMPLE_PAIRS:
            l, r = np.triu_indices(n, 1)
        else:
            rng = np.random.default_rng(seed)
            l = rng.integers(0, n, size=SAMPLE_PAIRS)
            r = rng.integers(0, n - 1, size=SAMPLE_PAIRS)
            r = np.where(r >= l, r + 1, r)
        levels, _ = self._levels(l, r)
        for comp in self.comparisons:
            counts = np.bincount(levels[comp.name][0], minlength=len(comp.levels) + 1).astype(float)[1:]
            # smoothed towards strangers rarely agreeing (PRIOR_U per agreeing level), which
            # only matters when few sampled pairs both have the value
            prior = np.full(len(counts), PRIOR_U)
            prior[-1] = 1 - PRIOR_U * (len(counts) - 1)
            u = (counts + PRIOR_PAIRS * prior) / (counts.sum() + PRIOR_PAIRS)
            self.u[comp.name][1:] = u

    def score(self, left: np.ndarray, right: np.ndarray) -> pd.DataFrame:
        """Per pair: ``weight`` (bits), ``probability``, ``swapped`` and for every comparison
        ``level:<name>`` (int) and ``w:<name>`` (bits it contributed)."""
        levels, swapped = self._levels(left, right)
        columns: dict[str, np.ndarray] = {"left": left.astype(np.int32), "right": right.astype(np.int32)}
        weights = {}
        for comp in self.comparisons:
            level, frequency = levels[comp.name]
            weights[comp.name] = self._weight(comp.name, level, frequency)
            if comp.name == "first_name":
                weights[comp.name] -= np.where(swapped, SWAP_PENALTY, 0.0).astype(np.float32)
            columns[f"level:{comp.name}"] = level
        if self.entity == "contacts":
            # the same name before the @ mostly repeats the names: it counts only when they differ
            first, last = levels["first_name"][0], levels["last_name"][0]
            names_agree = (first >= 1) & (first <= 3) & (last >= 1) & (last <= 2)
            weights["email"] = np.where(names_agree & (levels["email"][0] == 2), 0.0, weights["email"]).astype(np.float32)
        _count_groups_once(self.comparisons, weights)
        total = np.full(len(left), self.log_prior, dtype=np.float64)
        for comp in self.comparisons:
            columns[f"w:{comp.name}"] = weights[comp.name]
            total += weights[comp.name]
        columns["weight"] = total.astype(np.float32)
        columns["probability"] = (1.0 / (1.0 + np.exp2(-total))).astype(np.float32)
        columns["swapped"] = swapped
        return pd.DataFrame(columns)

    def explain_weights(self) -> list[dict]:
        """Every comparison level with its m, u and weight in bits (exact levels vary with how
        common the value is: the weight shown is for a value of average frequency)."""
        rows = []
        for comp in self.comparisons:
            u = self.u.get(comp.name, np.full(len(comp.levels) + 1, 0.5))
            for i, level in enumerate(comp.levels, start=1):
                u_level = level[2] if len(level) > 2 else u[i]
                rows.append({"Compared": comp.label, "Level": level[0], "m (duplicates)": round(level[1], 3),
                             "u (strangers)": float(f"{u_level:.3g}"),
                             "Bits": round(float(np.log2(level[1] / u_level)), 1)})
        rows.append({"Compared": "Prior: two random records are one", "Level": "", "m (duplicates)": None,
                     "u (strangers)": None, "Bits": round(self.log_prior, 1)})
        return rows

    def fit_prior(self, weights: np.ndarray, iterations: int = 30) -> None:
        """Prior log-odds that two random records are one: the expected number of duplicate
        pairs among the candidates over all pairs, found as a fixed point from above."""
        n = self.columns.n
        all_pairs = max(n * (n - 1) / 2, 1.0)
        expected = max(float(len(weights)), 1.0)
        weights = weights[weights > -60]  # pairs that weak add nothing at any plausible prior
        for _ in range(iterations):
            prior = min(expected / all_pairs, 0.5)
            logit = np.log2(prior / (1 - prior))
            expected = max(float((1.0 / (1.0 + np.exp2(-(weights + logit)))).sum()), 1.0)
        prior = min(expected / all_pairs, 0.5)
        self.log_prior = float(np.log2(prior / (1 - prior)))


def _count_groups_once(comparisons: tuple[Comparison, ...], weights: dict[str, np.ndarray]) -> None:
    """Within each group keep only the strongest positive weight per pair (in place)."""
    groups: dict[str, list[str]] = {}
    for comp in comparisons:
        if comp.group:
            groups.setdefault(comp.group, []).append(comp.name)
    for names in groups.values():
        stacked = np.vstack([weights[name] for name in names])
        strongest = np.argmax(stacked, axis=0)
        for i, name in enumerate(names):
            weights[name] = np.where((stacked[i] > 0) & (strongest != i), 0.0, stacked[i]).astype(np.float32)


def fit_scorer(frame: pd.DataFrame, entity: str, left: np.ndarray, right: np.ndarray,
               columns: Columns | None = None) -> tuple[Scorer, pd.DataFrame]:
    """A scorer fitted on ``frame`` (``columns``: the same frame already factorised) and the
    scored candidate pairs ``left``/``right``."""
    scorer = Scorer(entity, columns or Columns(frame), COMPARISONS[entity])
    scorer.fit_u()
    scored = scorer.score(left, right)
    scorer.fit_prior(scored["weight"].to_numpy(dtype=np.float64))
    scored["weight"] = (scored["weight"] + scorer.log_prior).astype(np.float32)
    scored["probability"] = (1.0 / (1.0 + np.exp2(-scored["weight"].to_numpy(np.float64)))).astype(np.float32)
    return scorer, scored
