"""Phone numbers: valid for their country (libphonenumber's rules), E.164 form, and format.

Correctness comes from the ``phonenumbers`` package: a number is valid exactly when
``phonenumbers.is_valid_number(phonenumbers.parse(text, region))`` says so, where ``region`` is
the record's country or the workspace's default region. A number with no ``+`` and no region
cannot be checked and is reported as such, not as invalid.

Speed: calling ``parse`` costs about 25 microseconds, and phone numbers are nearly all distinct,
so a million contacts would spend most of the audit's time budget there. The ordinary shapes
(digits with spaces, dots, dashes, slashes and parentheses, optionally after ``+``) are
therefore checked in vectorised RE2 passes that apply libphonenumber's own metadata the way its
``parse`` and ``is_valid_number`` do (country code, national prefix, possible lengths, number-type
patterns). Anything outside those shapes, and regions whose national-prefix rules use carrier
codes or transformations, go through ``phonenumbers`` itself. A test compares both paths.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc
from phonenumbers import PhoneMetadata
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

TEXT = pd.StringDtype("pyarrow")
_SIMPLE = r"^\+?[0-9 ().\-/\x{00A0}]+$"
_TYPES = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan",
          "voicemail", "fixed_line", "mobile")
MIN_NSN, MAX_NSN = 2, 17
RESULT_COLUMNS = ("status", "e164")  # status: valid / invalid / unchecked


def _arrow(values) -> pa.Array:
    return pa.array(values, type=pa.large_string())


def _full(text: pa.Array, pattern: str) -> np.ndarray:
    return pc.match_substring_regex(text, pattern=f"^(?:{pattern})$").fill_null(False).to_numpy(zero_copy_only=False)


def _lengths_ok(text: pa.Array, lengths: tuple[int, ...]) -> np.ndarray:
    size = pc.utf8_length(text).to_numpy(zero_copy_only=False)
    return np.isin(size, lengths) if lengths else np.ones(len(text), dtype=bool)


def _matches_desc(text: pa.Array, desc, general) -> np.ndarray:
    """libphonenumber's ``_is_number_matching_desc``: possible length, then the whole pattern."""
    if desc is None or desc.national_number_pattern is None:
        return np.zeros(len(text), dtype=bool)
    lengths = tuple(desc.possible_length) or ()
    if lengths == (-1,):
        return np.zeros(len(text), dtype=bool)
    return _lengths_ok(text, lengths) & _full(text, desc.national_number_pattern)


@lru_cache(maxsize=None)
def _fast_region(region: str) -> bool:
    """Whether ``region``'s metadata can be applied by the vectorised path (RE2-compatible
    patterns, a national prefix rule without carrier codes or transformation)."""
    metadata = PhoneMetadata.metadata_for_region(region, None)
    if metadata is None or metadata.national_prefix_transform_rule:
        return False
    prefix = metadata.national_prefix_for_parsing
    if prefix and re.compile(prefix).groups:
        return False
    patterns = [metadata.general_desc.national_number_pattern, prefix, metadata.international_prefix,
                metadata.leading_digits]
    patterns += [getattr(metadata, t).national_number_pattern for t in _TYPES if getattr(metadata, t) is not None]
    try:
        for pattern in filter(None, patterns):
            pc.match_substring_regex(_arrow(["1"]), pattern=f"^(?:{pattern})")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False
    return True


def _type_ok(nsn: pa.Array, metadata) -> np.ndarray:
    """``_number_type_helper(...) != UNKNOWN`` for every number; each type pattern only runs on
    the numbers no earlier pattern has accepted."""
    result = _matches_desc(nsn, metadata.general_desc, None)
    pending = np.flatnonzero(result)
    accepted = np.zeros(len(nsn), dtype=bool)
    for name in _TYPES:
        if not len(pending):
            break
        hit = _matches_desc(pc.take(nsn, pa.array(pending)), getattr(metadata, name), None)
        accepted[pending[hit]] = True
        pending = pending[~hit]
    return result & accepted


def _length_verdict_ok(nsn: pa.Array, metadata) -> np.ndarray:
    """Where ``_test_number_length`` is neither TOO_SHORT, INVALID_LENGTH nor LOCAL_ONLY."""
    lengths = tuple(metadata.general_desc.possible_length)
    local = tuple(metadata.general_desc.possible_length_local_only)
    size = pc.utf8_length(nsn).to_numpy(zero_copy_only=False)
    if not lengths or lengths[0] == -1:
        return np.zeros(len(nsn), dtype=bool)
    return (np.isin(size, lengths) | (size > lengths[-1])) & ~np.isin(size, local)


def _strip_national_prefix(national: pa.Array, metadata) -> pa.Array:
    """``_maybe_strip_national_prefix_and_carrier_code`` plus parse's length check afterwards."""
    prefix = metadata.national_prefix_for_parsing
    if not prefix or not len(national):
        return national
    found = pc.extract_regex(national, pattern=f"^(?P<p>{prefix})")
    matched = found.is_valid().to_numpy(zero_copy_only=False)
    if not matched.any():
        return national
    cut = pc.utf8_length(pc.struct_field(found, "p")).fill_null(0).to_numpy(zero_copy_only=False)
    stripped = _slice_from(national, cut)
    general = metadata.general_desc.national_number_pattern
    viable_original = _full(national, general)
    viable_stripped = _full(stripped, general)
    keep = ~matched | (viable_original & ~viable_stripped) | ~_length_verdict_ok(stripped, metadata)
    return pc.if_else(pa.array(keep), national, stripped)


def _slice_from(text: pa.Array, starts: np.ndarray) -> pa.Array:
    """Each string from its own start offset (a pyarrow slice takes one start for all)."""
    out = text
    for start in np.unique(starts):
        if start:
            out = pc.if_else(pa.array(starts == start), pc.utf8_slice_codeunits(text, start=int(start)), out)
    return out


def _valid_for_code(nsn: pa.Array, code: int) -> np.ndarray:
    """``is_valid_number`` for numbers of calling code ``code``: the first region of the code
    whose leading digits match (or whose patterns accept the number) decides."""
    regions = COUNTRY_CODE_TO_REGION_CODE.get(code, ())
    valid = np.zeros(len(nsn), dtype=bool)
    decided = np.zeros(len(nsn), dtype=bool)
    for region in regions:
        metadata = PhoneMetadata.metadata_for_region(region, None)
        open_rows = np.flatnonzero(~decided)
        if metadata is None or not len(open_rows):
            continue
        subset = pc.take(nsn, pa.array(open_rows))
        type_ok = _type_ok(subset, metadata)
        if metadata.leading_digits is not None:
            here = pc.match_substring_regex(subset, pattern=f"^(?:{metadata.leading_digits})").fill_null(False)
            here = here.to_numpy(zero_copy_only=False)
            valid[open_rows[here & type_ok]] = True
        else:
            here = type_ok
            valid[open_rows[here]] = True
        decided[open_rows[here]] = True
    return valid


def _fast_check(digits: pa.Array, plus: np.ndarray, regions: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised check of simple numbers: (handled, valid, e164) arrays aligned with input."""
    size = len(digits)
    handled = np.zeros(size, dtype=bool)
    valid = np.zeros(size, dtype=bool)
    e164 = np.full(size, None, dtype=object)
    codes = np.zeros(size, dtype=np.int64)
    national = np.full(size, None, dtype=object)
    parse_region = np.full(size, None, dtype=object)
    digits_np = np.asarray(digits.to_pylist(), dtype=object)
    for width in (1, 2, 3):  # calling codes are prefix-free: at most one width matches
        heads = pc.utf8_slice_codeunits(digits, 0, width).to_numpy(zero_copy_only=False)
        known = {str(c) for c in COUNTRY_CODE_TO_REGION_CODE if len(str(c)) == width}
        hit = plus & (codes == 0) & np.isin(heads, list(known))
        for head in np.unique(heads[hit]):
            rows = hit & (heads == head)
            main = COUNTRY_CODE_TO_REGION_CODE[int(head)][0]
            if main == "001" or not _fast_region(main):
                continue
            codes[rows] = int(head)
            parse_region[rows] = main
            national[rows] = [d[width:] for d in digits_np[rows]]
    for region in np.unique(regions[~plus & (regions != "")]):
        rows = ~plus & (regions == region)
        metadata = PhoneMetadata.metadata_for_region(region, None)
        if metadata is None or not _fast_region(region):
            continue
        text = _arrow(digits_np[rows])
        own_code = str(metadata.country_code)
        idd = metadata.international_prefix
        tricky = pc.starts_with(text, own_code).to_numpy(zero_copy_only=False)
        if idd:
            dialled_out = pc.match_substring_regex(text, pattern=f"^(?:{idd})").fill_null(False)
            tricky |= dialled_out.to_numpy(zero_copy_only=False)
        rows[rows] = ~tricky
        codes[rows] = metadata.country_code
        parse_region[rows] = region
        national[rows] = digits_np[rows]
    for region in [r for r in np.unique(parse_region[parse_region != None]) if r]:  # noqa: E711
        rows = parse_region == region
        metadata = PhoneMetadata.metadata_for_region(region, None)
        text = _strip_national_prefix(_arrow(national[rows]), metadata)
        lengths = pc.utf8_length(text).to_numpy(zero_copy_only=False)
        nsn = np.asarray(text.to_pylist(), dtype=object)
        in_range = (lengths >= MIN_NSN) & (lengths <= MAX_NSN)
        verdict = np.zeros(len(nsn), dtype=bool)
        for code in np.unique(codes[rows]):
            same = codes[rows] == code
            verdict[same] = _valid_for_code(_arrow(nsn[same]), int(code))
        verdict &= in_range
        handled[rows] = True
        valid[rows] = verdict
        e164[rows] = np.where(verdict, [f"+{c}{n}" for c, n in zip(codes[rows], nsn)], None)
    return handled, valid, e164


def _slow_check(text: str, region: str | None) -> tuple[str, str | None]:
    try:
        number = phonenumbers.parse(text, region or None)
    except phonenumbers.NumberParseException as error:
        no_country = error.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE
        if no_country and not region and not text.strip().startswith("+"):
            return "unchecked", None
        return "invalid", None
    if not phonenumbers.is_valid_number(number):
        return "invalid", None
    return "valid", phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_phone_pairs(values: pd.Series, regions: pd.Series) -> pd.DataFrame:
    """Distinct ``(value, region)`` pairs -> ``value, region, status, e164``.

    ``region`` is an ISO alpha-2 code or empty; status is valid / invalid / unchecked (no ``+``
    and no region).
    """
    pairs = pd.DataFrame({"value": values.astype(TEXT), "region": regions.astype(TEXT).fillna("")})
    pairs = pairs.dropna(subset=["value"]).drop_duplicates(ignore_index=True)
    # a line break or tab inside a cell is layout, not part of the number: read it as a space
    spaced = pairs["value"].str.replace(r"\s+", " ", regex=True).str.strip()
    text = _arrow(spaced)
    simple = pc.match_substring_regex(text, pattern=_SIMPLE).fill_null(False).to_numpy(zero_copy_only=False)
    plus = pc.starts_with(text, "+").fill_null(False).to_numpy(zero_copy_only=False)
    digits = pc.replace_substring_regex(text, pattern=r"\D", replacement="")
    enough = pc.utf8_length(digits).to_numpy(zero_copy_only=False) >= 3
    region_np = pairs["region"].to_numpy(dtype=object)
    candidates = simple & enough
    handled = np.zeros(len(pairs), dtype=bool)
    valid = np.zeros(len(pairs), dtype=bool)
    e164 = np.full(len(pairs), None, dtype=object)
    if candidates.any():
        idx = np.flatnonzero(candidates)
        h, v, e = _fast_check(pc.take(digits, pa.array(idx)), plus[idx], region_np[idx])
        handled[idx], valid[idx], e164[idx] = h, v, e
    status = np.where(valid, "valid", "invalid").astype(object)
    for index in np.flatnonzero(~handled):
        status[index], e164[index] = _slow_check(spaced.iat[index], region_np[index])
    pairs["status"] = pd.array(status, dtype=TEXT)
    pairs["e164"] = pd.array(e164, dtype=TEXT)
    return pairs


def check_phones(values: pd.Series, regions: pd.Series) -> pd.DataFrame:
    """Per row (aligned with ``values``): ``status`` (valid / invalid / unchecked, NA where
    empty) and ``e164`` (the number in E.164 where valid)."""
    frame = pd.DataFrame({"value": values.astype(TEXT), "region": regions.astype(TEXT).fillna("")})
    lookup = check_phone_pairs(frame["value"], frame["region"])
    merged = frame.merge(lookup, on=["value", "region"], how="left", sort=False)
    merged.index = values.index
    return merged[list(RESULT_COLUMNS)]


_MARKS = (("( )", r"[()]"), ("-", r"-"), (".", r"\."), ("/", r"/"), ("space", r"\s"))


def format_class(values: pd.Series) -> pd.Series:
    """How a number is written, ignoring its digits: ``E.164``, or international/national with
    the separators used (``national ( ) -``, ``international space``...)."""
    text = _arrow(values.astype(TEXT).str.strip())

    def found(pattern: str) -> np.ndarray:
        return pc.match_substring_regex(text, pattern=pattern).fill_null(False).to_numpy(zero_copy_only=False)

    plus, digits_only = found(r"^\+"), found(r"^\+?\d+$")
    code = plus.astype(np.int64)
    for bit, (_label, pattern) in enumerate(_MARKS, start=1):
        code |= found(pattern).astype(np.int64) << bit
    kinds, inverse = np.unique(code, return_inverse=True)
    labels = np.array([" ".join(["international" if kind & 1 else "national",
                                 *[label for bit, (label, _p) in enumerate(_MARKS, start=1) if kind >> bit & 1]])
                       for kind in kinds], dtype=object)
    result = pd.Series(labels[inverse] if len(code) else [], index=values.index, dtype=TEXT)
    result = result.mask(digits_only & plus, "E.164").mask(digits_only & ~plus, "national digits only")
    return result.mask(values.isna())
