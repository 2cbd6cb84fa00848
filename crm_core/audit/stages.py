"""Which deal stages mean won and lost: a documented table a workspace can override.

Every CRM names its closed stages differently ("Closed Won", "closedwon", "Won", status
"won"...). A stage (or status) is compared after casefolding and dropping everything that is
not a letter or a digit, so "Closed - Won", "closed_won" and "closedwon" are one value.

Default table (``DEFAULT_STAGE_OUTCOMES``):

=============== =========
stage or status outcome
=============== =========
closed won      won
won             won
closed lost     lost
lost            lost
=============== =========

Beyond the table, a stage whose last word says won or lost in a language the workbench's users
write (won, gewonnen, vinto, ganado, gagné, ganho / lost, verloren, perso, perdido, perdu,
perdeu: "6 - Closed Won", "Chiuso vinto", "Verloren") has that outcome, so an export's own vocabulary needs
no mapping. Any other stage is open. A workspace adds or replaces rows with ``overrides`` (stage text ->
"won", "lost" or "open"), e.g. ``{"Signed": "won", "Disqualified": "lost"}``. The stage decides
first (overrides, then the defaults); when the stage says nothing, a ``status`` column that
says won or lost decides; a deal with neither a stage nor a status is "unknown".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

import numpy as np
import pandas as pd

from crm_core.errors import CrmCoreError

OUTCOMES = ("won", "lost", "open", "unknown")
DEFAULT_STAGE_OUTCOMES: dict[str, str] = {
    "closed won": "won",
    "won": "won",
    "closed lost": "lost",
    "lost": "lost",
}


def stage_key(text: str) -> str:
    """The comparable form of a stage name: casefolded letters and digits only."""
    return re.sub(r"[\W_]+", "", str(text).casefold())


def stage_table(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The default table with a workspace's overrides applied, keyed by :func:`stage_key`."""
    table = {stage_key(stage): outcome for stage, outcome in DEFAULT_STAGE_OUTCOMES.items()}
    for stage, outcome in (overrides or {}).items():
        wanted = str(outcome).strip().casefold()
        if wanted not in ("won", "lost", "open"):
            raise CrmCoreError(
                f"The stage '{stage}' is mapped to '{outcome}': map each stage to won, lost or open."
            )
        table[stage_key(stage)] = wanted
    return table


WON_WORDS = frozenset({"won", "gewonnen", "vinto", "vinta", "ganado", "ganada", "gagne", "gagnee", "ganho", "ganha"})
LOST_WORDS = frozenset({"lost", "verloren", "perso", "persa", "perdido", "perdida", "perdu", "perdue", "perdeu"})


def outcome_from_words(text: str) -> str:
    """won or lost when the stage ends by saying so ("6 - Closed Won", "Chiuso vinto"), else
    open: a stage that only mentions the word ("Won back later") is still open."""
    plain = unicodedata.normalize("NFKD", str(text).casefold())
    words = re.findall(r"[a-z]+", "".join(ch for ch in plain if not unicodedata.combining(ch)))
    last = words[-1] if words else ""
    return "won" if last in WON_WORDS else "lost" if last in LOST_WORDS else "open"


def _outcome(value: str, table: Mapping[str, str]) -> str:
    """The table's outcome for a stage (a workspace's override first), else what its words say."""
    return table.get(stage_key(value)) or outcome_from_words(value)


def _classify(values: pd.Series, table: Mapping[str, str]) -> pd.Series:
    """won/lost/open per row (NA where the value is empty), computed once per distinct value."""
    codes, uniques = pd.factorize(values.astype("string").str.strip().replace("", pd.NA))
    mapped = np.array([_outcome(u, table) for u in uniques] + [None], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype="object")


def deal_outcomes(deals: pd.DataFrame, overrides: Mapping[str, str] | None = None) -> pd.Series:
    """Each deal's outcome: "won", "lost", "open" or "unknown" (no stage and no status).

    Input columns: ``stage`` and/or ``status`` (either may be missing). Output: a string
    Series on the deals' index.
    """
    table = stage_table(overrides)
    result = pd.Series("unknown", index=deals.index, dtype="object")
    if "status" in deals.columns:
        by_status = _classify(deals["status"], table)
        decided = by_status.isin(["won", "lost"])
        result = result.mask(decided, by_status)
        result = result.mask(by_status.eq("open") & ~decided, "open")
    if "stage" in deals.columns:
        by_stage = _classify(deals["stage"], table)
        stage_says = by_stage.notna() & (by_stage.ne("open") | ~result.isin(["won", "lost"]))
        result = result.mask(stage_says, by_stage)
    return result.astype("string")


def parse_stage_overrides(lines) -> dict[str, str]:
    """``["Signed = won", "Dead=lost"]`` (or one text with a line each) -> ``{"Signed": "won", ...}``.

    Blank lines are skipped; a line without "=" or with an outcome other than won, lost or open
    is refused with a sentence saying how to write it.
    """
    if isinstance(lines, str):
        lines = lines.splitlines()
    overrides: dict[str, str] = {}
    for line in lines:
        if not line.strip():
            continue
        stage, sep, outcome = line.rpartition("=")
        if not sep or not stage.strip():
            raise CrmCoreError(f"'{line.strip()}' must be written STAGE = won, STAGE = lost or STAGE = open.")
        overrides[stage.strip()] = outcome.strip().casefold()
    stage_table(overrides)  # refuses an unknown outcome
    return overrides
