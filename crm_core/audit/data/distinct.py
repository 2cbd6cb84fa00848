"""Apply a Python function to a column once per distinct value, not once per row.

CRM columns repeat (a million contacts have a few hundred owners and a few dozen countries),
so a function that must run in Python (a name key, a lookup) is run on ``pd.factorize``'s
uniques and the results are taken back to the rows in one vectorised step.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

TEXT = "string"


def map_distinct(series: pd.Series, function: Callable[[str], object], dtype: str | None = TEXT) -> pd.Series:
    """``series.map(function)`` computed once per distinct non-empty value (empty stays NA)."""
    codes, uniques = pd.factorize(series)
    results = np.array([function(value) for value in uniques] + [None], dtype=object)
    mapped = pd.Series(results[codes], index=series.index)
    return mapped.astype(dtype) if dtype else mapped
