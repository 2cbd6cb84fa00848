"""Full names split into first and last, whatever the column holds."""

import pandas as pd

from crm_core.dedupe.records import split_full_names


def test_full_names_without_any_comma_split_on_the_last_space():
    first, last = split_full_names(pd.Series(["John Smith", "Ana", None], dtype="string"))
    assert first.tolist()[0] == "John" and pd.isna(first.tolist()[1]) and last.tolist()[:2] == ["Smith", "Ana"]
    first, last = split_full_names(pd.Series(["Smith, John", "Ana Maria Lopez"], dtype="string"))
    assert first.tolist() == ["John", "Ana Maria"] and last.tolist() == ["Smith", "Lopez"]
