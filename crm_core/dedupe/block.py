"""Candidate pairs by blocking: only records that share a key are ever compared.

Several passes, each keyed on something duplicates tend to keep (the same email, a phone
number, a name key with a postcode or a company...), are united; a sorted-neighbourhood pass
over the names catches records whose keys are all damaged. Never all pairs: a key shared by
more than ``max_block`` records is a common value (a shared mailbox, a switchboard) and its
block is compared by sorted name within a window instead, and reported.

Pairs are positions into the prepared table (see ``records.prepare_records``), ``left < right``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

PHONES = ("phone_1", "phone_2", "phone_3")
# pass name -> the columns that must all be present and equal
PASSES: dict[str, dict[str, tuple[str, ...]]] = {
    "contacts": {
        "email": ("email",),
        "phone": PHONES,
        "email local part": ("email_local",),
        "name + postcode": ("name_key", "postcode"),
        "name + city": ("name_key", "city"),
        "name + company": ("name_key", "company"),
        "name + birth date": ("name_key", "dob"),
        "first name + company": ("first_key", "company"),
        "last name + company": ("last_key", "company"),
        "birth date + postcode": ("dob", "postcode"),
        "last name + company domain": ("last_key", "domain"),
        "external id": ("ext_id",),
    },
    "accounts": {
        "name": ("name",),
        "website domain": ("domain",),
        "phone": PHONES,
        "name key + city": ("name_key", "city"),
        "name key + country": ("name_key", "country"),
        "name key + postcode": ("name_key", "postcode"),
        "account number": ("ext_id",),
    },
}
MIN_LOCAL_PART = 4  # "jo@" on two domains says little: such short local parts are no key
PASS_SLOTS = 16  # at most 16 passes: a pass number fits in 4 bits beside the pair code


@dataclass(frozen=True)
class PassStats:
    """What one blocking pass produced, for the screen and the CLI's progress."""

    name: str
    pairs: int  # candidate pairs this pass produced (some also found by other passes)
    new_pairs: int  # pairs no earlier pass had found
    oversized_blocks: int  # common values handled by the sorted-name window
    largest_block: int
    largest_value: str


@dataclass(frozen=True)
class Candidates:
    left: np.ndarray  # int32 positions, left < right
    right: np.ndarray
    passes: np.ndarray  # uint16 bit mask: bit i set when pass i found the pair
    pass_names: tuple[str, ...]
    stats: tuple[PassStats, ...]


def _codes(frame: pd.DataFrame, columns: tuple[str, ...], known: dict[str, np.ndarray] | None) -> np.ndarray:
    """One int64 code per row for the combined key, -1 where any part is missing; ``known``
    holds columns already factorised (code -1 for missing)."""
    combined = np.zeros(len(frame), dtype=np.int64)
    missing = np.zeros(len(frame), dtype=bool)
    for column in columns:
        codes = known[column] if known is not None and column in known else pd.factorize(frame[column])[0]
        missing |= codes < 0
        combined = combined * (int(codes.max(initial=0)) + 2) + codes + 1
        if len(columns) > 1:
            combined = pd.factorize(combined)[0].astype(np.int64)
    combined[missing] = -1
    return combined


def pairs_within_groups(rows: np.ndarray, keys: np.ndarray, order_key: np.ndarray, *, cap: int, window: int):
    """Pairs within each key group: all of them in a group up to ``cap`` records, the
    ``window`` nearest by ``order_key`` in a larger one. Returns (left, right, big groups)."""
    if len(rows) < 2:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, []
    order = np.argsort(keys.astype(np.int64) * (int(order_key.max(initial=0)) + 1) + order_key)
    rows, keys = rows[order], keys[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    size_of = np.repeat(sizes, sizes)
    big = [(int(s), int(rows[st])) for st, s in zip(starts, sizes) if s > cap]
    lefts, rights = [np.empty(0, dtype=rows.dtype)], [np.empty(0, dtype=rows.dtype)]
    small = size_of <= cap
    reach = np.where(small, size_of, window)
    active = np.flatnonzero(size_of >= 2)
    step = 1
    while len(active):
        active = active[active + step < len(keys)]
        same = keys[active] == keys[active + step]
        active = active[same & (step < reach[active])]
        lefts.append(rows[active])
        rights.append(rows[active + step])
        step += 1
    left, right = np.concatenate(lefts), np.concatenate(rights)
    return np.minimum(left, right), np.maximum(left, right), big


def _long_form(frame: pd.DataFrame, columns: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(row, code) for every non-missing value of several columns holding one kind of key."""
    stacked = pd.concat([frame[c] for c in columns], ignore_index=True)
    codes, _ = pd.factorize(stacked)
    rows = np.tile(np.arange(len(frame)), len(columns))
    keep = codes >= 0
    return rows[keep], codes[keep].astype(np.int64)


def _sort_rank(values: pd.Series) -> np.ndarray:
    """Rank of each value in alphabetical order (NA last): the order inside a big block."""
    filled = values.fillna("\uffff")
    return pd.factorize(filled, sort=True)[0].astype(np.int64)


def _neighbourhood(rank: np.ndarray, valid: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    rows = np.flatnonzero(valid)
    rows = rows[np.argsort(rank[rows], kind="stable")]
    lefts, rights = [np.empty(0, dtype=rows.dtype)], [np.empty(0, dtype=rows.dtype)]
    for step in range(1, window):
        lefts.append(rows[:-step])
        rights.append(rows[step:])
    left, right = np.concatenate(lefts), np.concatenate(rights)
    return np.minimum(left, right), np.maximum(left, right)


def _reverse(values: pd.Series) -> pd.Series:
    return values.str[::-1]


def find_candidates(frame: pd.DataFrame, entity: str, *, max_block: int = 60, window: int = 3,
                    codes: dict[str, np.ndarray] | None = None) -> Candidates:
    """Every candidate pair of the prepared ``frame``, the passes that found it and per-pass
    statistics. The last two passes are the sorted-neighbourhood fallback over the name as
    written and reversed (so a typo in the first letters still lands near its twin).
    ``codes``: the frame's columns already factorised (see ``score.Columns``), to reuse."""
    frame = frame.copy()
    codes = dict(codes or {})
    if entity == "contacts":
        short = frame["email_local"].str.len() < MIN_LOCAL_PART
        frame["email_local"] = frame["email_local"].mask(short.fillna(False))
        codes.pop("email_local", None)
    sort_rank = _sort_rank(frame["sort_name"])
    found: list[np.ndarray] = []
    names: list[str] = []
    sizes: list[tuple[int, int, str]] = []
    n = np.int64(len(frame))

    def record(name: str, left: np.ndarray, right: np.ndarray, big: list) -> None:
        keep = left != right
        # pair code and pass number in one integer: one sort later dedupes and merges them all
        found.append((left[keep].astype(np.int64) * n + right[keep]) * PASS_SLOTS + len(names))
        names.append(name)
        largest = max(big, default=(0, -1))
        value = ""
        if largest[1] >= 0:
            value = "; ".join(str(frame[c].iloc[largest[1]]) for c in PASSES[entity].get(name, ())
                              if pd.notna(frame[c].iloc[largest[1]]))
        sizes.append((len(big), largest[0], value))

    for name, columns in PASSES[entity].items():
        if not all(c in frame.columns for c in columns):
            continue
        if columns == PHONES:
            rows, keys = _long_form(frame, columns)
        else:
            keys = _codes(frame, columns, codes)
            rows = np.flatnonzero(keys >= 0)
            keys = keys[rows]
        left, right, big = pairs_within_groups(rows, keys, sort_rank[rows], cap=max_block, window=window)
        record(name, left, right, big)
    valid = frame["sort_name"].notna().to_numpy()
    record("sorted name", *_neighbourhood(sort_rank, valid, window), [])
    reversed_rank = _sort_rank(_reverse(frame["sort_name"]))
    record("sorted name, reversed", *_neighbourhood(reversed_rank, valid, window), [])

    combined = np.concatenate(found)
    combined.sort()
    pair_codes = combined // PASS_SLOTS
    masks = (np.uint16(1) << (combined % PASS_SLOTS).astype(np.uint16)).astype(np.uint16)
    starts = np.flatnonzero(np.r_[True, pair_codes[1:] != pair_codes[:-1]]) if len(combined) else np.empty(0, np.int64)
    merged = np.bitwise_or.reduceat(masks, starts) if len(combined) else masks
    lowest = merged & (~merged + np.uint16(1))  # the first pass that found each pair
    stats = tuple(
        PassStats(name, int(np.count_nonzero(merged & (1 << i))), int(np.count_nonzero(lowest == (1 << i))), *sizes[i])
        for i, name in enumerate(names)
    )
    unique_codes = pair_codes[starts]
    return Candidates(
        left=(unique_codes // n).astype(np.int32), right=(unique_codes % n).astype(np.int32),
        passes=merged.astype(np.uint16), pass_names=tuple(names), stats=stats,
    )
