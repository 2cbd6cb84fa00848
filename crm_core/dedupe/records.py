"""From a canonical table to the normalised columns matching works on.

``prepare_records(table, entity)`` reads the canonical fields a contacts or accounts table
has (see ``crm_core.schema``) and returns one row per record, same order, with these columns
(NA where the record has no usable value, all NA where the table lacks the field):

- contacts: ``first``, ``last``, ``first_key``, ``last_key``, ``first_root``, ``first_root2``, ``name_key``, ``sort_name``,
  ``email``, ``email_local``, ``domain``, ``company``, ``account_id``;
- accounts: ``name``, ``name_key``, ``sort_name``, ``domain``;
- both: ``phone_1`` .. ``phone_3``, ``street``, ``unit``, ``city``, ``postcode``, ``state``,
  ``country``, ``ext_id``, and ``dob`` for contacts.

Identifying columns the importer kept as custom fields are used too: a house number held
apart from the street, and an id column ('soc_sec_id', 'Customer No.') as the external id.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from crm_core.dedupe import normalise as norm
from crm_core.dedupe.config import check_entity
from crm_core.errors import CrmCoreError
from crm_core.mapping import header_words
from crm_core.schema import CUSTOM_PREFIX, generated_ids

ID_WORDS = {"id", "ssn", "key", "ref", "reference", "number", "no", "nr"}
MIN_ID_DISTINCT = 0.2  # an id column has many distinct values (duplicates repeat some), unlike a category
PHONE_FIELDS = {"contacts": ("phone", "mobile", "home_phone"), "accounts": ("phone",)}
ID_FIELDS = {"contacts": ("external_id",), "accounts": ("account_number",)}
NAME_FIELDS = {"contacts": ("first_name", "last_name", "full_name", "email"), "accounts": ("name", "domain", "website")}


def _column(table: pd.DataFrame, name: str) -> pd.Series:
    if name in table.columns:
        return table[name].astype(norm.TEXT)
    return pd.Series(pd.NA, index=table.index, dtype=norm.TEXT)


def _empty(series: pd.Series) -> pd.Series:
    return series.isna() | (series.str.strip() == "")


def _sorted_pair(a: pd.Series, b: pd.Series) -> pd.Series:
    """'a b' with the two parts in alphabetical order; one part alone when the other is NA."""
    swap = (a > b).fillna(False)
    low, high = a.where(~swap, b), b.where(~swap, a)
    return (low + " " + high).where(low.notna() & high.notna(), low.fillna(high))


def split_full_names(full: pd.Series) -> tuple[pd.Series, pd.Series]:
    """'Smith, John' -> ('John', 'Smith'); 'John Smith' -> ('John', 'Smith')."""
    text = full.astype(norm.TEXT).str.strip()
    comma = text.str.contains(",", regex=False).fillna(False)
    by_comma, by_space = text.str.partition(","), text.str.rpartition(" ")  # text even when none has one
    before, after = by_comma[0].astype(norm.TEXT), by_comma[2].astype(norm.TEXT)
    last_word = by_space[2].astype(norm.TEXT)
    rest = by_space[0].astype(norm.TEXT).where(text.str.contains(" ", regex=False).fillna(False))
    first = after.str.strip().where(comma, rest)
    last = before.str.strip().where(comma, last_word)
    return first.rename(None), last.rename(None)


def _regions(table: pd.DataFrame) -> tuple[pd.Series, str]:
    regions = norm.country_codes(_column(table, "country"))
    common = regions.mode()
    return regions, (str(common.iloc[0]) if len(common) else "")


def _phones(table: pd.DataFrame, entity: str, regions: pd.Series, default: str) -> dict[str, pd.Series]:
    numbers = [norm.normalise_phones(_column(table, f), regions, default_region=default)
               for f in PHONE_FIELDS[entity]]
    out = {}
    for i in range(3):
        out[f"phone_{i + 1}"] = numbers[i] if i < len(numbers) else pd.Series(pd.NA, index=table.index, dtype=norm.TEXT)
    # a number repeated in a second column of the same record says nothing new
    for later in ("phone_2", "phone_3"):
        for earlier in ("phone_1", "phone_2"):
            if earlier < later:
                out[later] = out[later].mask((out[later] == out[earlier]).fillna(False))
    return out


def _custom_words(table: pd.DataFrame) -> dict[str, set[str]]:
    return {c: set(header_words(c[len(CUSTOM_PREFIX):])) for c in table.columns if c.startswith(CUSTOM_PREFIX)}


def house_number_column(table: pd.DataFrame) -> str | None:
    """A custom column holding the house number apart from the street ('street_number')."""
    for column, words in _custom_words(table).items():
        if words & {"street", "house", "building"} and words & {"number", "no", "nr", "num"}:
            return column
    return None


def external_id_column(table: pd.DataFrame, entity: str) -> str | None:
    """The identifier to match on: the mapped external id (account number), else a custom
    column named like an id ('soc_sec_id', 'Customer No.') whose values are mostly distinct."""
    field = ID_FIELDS[entity][0]
    if field in table.columns:
        return field
    best, best_ratio = None, MIN_ID_DISTINCT
    for column, words in _custom_words(table).items():
        if not words & ID_WORDS or column == house_number_column(table):
            continue
        values = table[column].dropna()
        ratio = values.nunique() / max(len(values), 1) if len(values) >= len(table) / 2 else 0.0
        if ratio >= best_ratio:
            best, best_ratio = column, ratio
    return best


def _place(table: pd.DataFrame, regions: pd.Series) -> dict[str, pd.Series]:
    street_text = _column(table, "street")
    house = house_number_column(table)
    if house is not None:
        street_text = (table[house].astype(norm.TEXT).fillna("") + " " + street_text.fillna("")).str.strip()
    street = norm.normalise_streets(street_text)
    return {
        "street": street["street"], "unit": street["unit"],
        "city": norm.normalise_text(_column(table, "city")),
        "postcode": norm.normalise_postcodes(_column(table, "postal_code")),
        "state": norm.normalise_text(_column(table, "state")),
        "country": regions.mask(regions == ""),
    }


def _contacts(table: pd.DataFrame) -> dict[str, pd.Series]:
    first, last = _column(table, "first_name"), _column(table, "last_name")
    if "full_name" in table.columns:
        split_first, split_last = split_full_names(_column(table, "full_name"))
        missing = _empty(first) & _empty(last)
        first, last = first.where(~missing, split_first), last.where(~missing, split_last)
    first, last = norm.normalise_names(first), norm.normalise_names(last)
    root, root2 = norm.name_roots(first)
    emails = norm.normalise_emails(_column(table, "email"))
    free = emails["domain"].isin(norm.free_email_domains())
    website = norm.normalise_websites(_column(table, "website"))
    first_key = norm.phonetic_keys(root)
    key = _sorted_pair(first_key, norm.phonetic_keys(norm.name_roots(last)[0]))
    return {
        "first": first, "last": last, "first_key": first_key, "last_key": norm.phonetic_keys(last), "first_root": root, "first_root2": root2, "name_key": key,
        "sort_name": (last.fillna("") + " " + first.fillna("")).str.strip().replace("", pd.NA),
        "email": emails["email"], "email_local": emails["local"].str.replace(r"[._\-]", "", regex=True),
        "domain": emails["domain"].mask(free).fillna(website),
        "company": norm.normalise_companies(_column(table, "company")),
        "account_id": norm.normalise_text(_column(table, "account_id")),
        "dob": norm.normalise_dates(table["birth_date"]) if "birth_date" in table.columns
        else pd.Series(pd.NA, index=table.index, dtype=norm.TEXT),
    }


def _name_key(names: pd.Series) -> pd.Series:
    """Phonetic code of each word, words sorted: 'kestrel logistics' -> 'k236 l232'."""
    codes, uniques = pd.factorize(names)
    words = pd.Series(np.asarray(uniques, dtype=object)).str.split(" ").explode()
    phonetic = norm.phonetic_keys(words.astype(norm.TEXT))
    # sorted codes joined per name without a Python call per name: one column per word position
    parts = pd.DataFrame({"name": words.index, "code": phonetic.to_numpy(dtype=object)}).dropna()
    parts = parts.sort_values(["name", "code"], kind="stable")
    wide = parts.assign(position=parts.groupby("name").cumcount()).pivot(index="name", columns="position",
                                                                           values="code")
    keys = pd.Series("", index=wide.index, dtype=norm.TEXT)
    for position in wide.columns:
        keys = keys.str.cat(wide[position].astype(norm.TEXT), sep=" ", na_rep="")
    keys = keys.str.strip()
    values = pa.array(keys.reindex(range(len(uniques)), fill_value="").to_numpy(dtype=object), pa.string())
    return norm._expand(codes, values, names.index)


def _accounts(table: pd.DataFrame) -> dict[str, pd.Series]:
    name = norm.normalise_companies(_column(table, "name"))
    domain = norm.normalise_websites(_column(table, "domain")).fillna(
        norm.normalise_websites(_column(table, "website")))
    return {"name": name, "name_key": _name_key(name), "sort_name": name, "domain": domain}


def prepare_records(table: pd.DataFrame, entity: str) -> pd.DataFrame:
    """The normalised matching columns of a canonical contacts or accounts table."""
    check_entity(entity)
    if not any(f in table.columns for f in NAME_FIELDS[entity]):
        raise CrmCoreError(
            f"The {entity} table has no name, email or website column to match records on: "
            "map at least the name columns when importing."
        )
    if "record_id" in table.columns:
        record_ids = table["record_id"].astype(norm.TEXT)
    else:
        record_ids = generated_ids(len(table))
    record_ids = record_ids.reset_index(drop=True)
    table = table.reset_index(drop=True)
    regions, default = _regions(table)
    columns = {"record_id": record_ids}
    columns |= _contacts(table) if entity == "contacts" else _accounts(table)
    columns |= _phones(table, entity, regions, default)
    columns |= _place(table, regions)
    id_column = external_id_column(table, entity)
    columns["ext_id"] = norm.normalise_text(_column(table, id_column or ID_FIELDS[entity][0]))
    return pd.DataFrame(columns)
