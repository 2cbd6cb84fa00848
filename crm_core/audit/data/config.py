"""The data audit's settings: defaults documented here, overrides stored per workspace.

Everything a user may want to tune (field weights, thresholds, the decay range, the cost
assumptions, territory rules, the workspace's own picklists, accepted spelling clusters) lives
in one frozen :class:`DataAuditConfig`. It is stored as JSON with ``store.put_setting`` under
:data:`SETTING_KEY`; only values that differ from the defaults need to be stored, and unknown
keys in stored JSON are ignored, so old settings keep working when a default is added.

Default field weights (1 low, 2 medium, 3 high, 0 not scored), from the schema's flags:
identifying fields (names, email, phones, account name, domain), the owner and the link of a
contact or deal to its account weigh 3; fields that decay (METHOD 4b: postal address, job title
and function, company, value, website) weigh 2; picklists (lifecycle stage, lead source,
industry...) weigh 1; ids, system dates, free text and personal extras (birth date, fax) 0.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

import pandas as pd
import pycountry

from crm_core.errors import CrmCoreError
from crm_core.schema import fields_for

SETTING_KEY = "audit.data"
CLUSTERS_KEY = "audit.data.clusters"
SCORED_ENTITIES = ("contacts", "accounts", "deals")

_ZERO = {"record_id", "external_id", "account_number", "description", "created_at", "updated_at",
         "last_activity_at", "last_contacted_at", "stage_changed_at", "birth_date", "fax", "home_phone",
         "secondary_email", "middle_name", "street_2", "salutation", "email_bounced_at",
         "email_bounce_reason", "email_opt_in", "email_opt_out", "unsubscribed", "do_not_call",
         "lawful_basis", "next_step", "lost_reason", "parent_account_id", "parent_account_name",
         "expected_revenue", "probability", "department"}
_HIGH = {"owner", "account_id", "email", "phone", "first_name", "last_name", "full_name", "name",
         "domain", "amount", "close_date", "stage"}
_MEDIUM_EXTRA = {"mobile"}  # identifying, but many people never give one


def default_weights() -> dict[str, dict[str, float]]:
    """entity -> field -> weight for the entities the data audit scores (see module doc)."""
    weights: dict[str, dict[str, float]] = {}
    for entity in SCORED_ENTITIES:
        weights[entity] = {}
        for spec in fields_for(entity):
            if spec.name in _ZERO:
                weight = 0.0
            elif spec.name in _HIGH:
                weight = 3.0
            elif spec.decays or spec.name in _MEDIUM_EXTRA or spec.identifying:
                weight = 2.0
            elif spec.kind in ("category", "country", "state", "text", "url", "number", "integer"):
                weight = 1.0
            else:
                weight = 0.0
            weights[entity][spec.name] = weight
    return weights


@dataclass(frozen=True)
class CostAssumptions:
    """The method's figures (METHOD 4b) and how they scale to this data; all editable.

    hours and money per rep are the published maxima, reached when the share of records with a
    problem reaches ``error_rate_at_max`` (1.0: scale linearly with the share of bad records).
    """

    max_hours_per_rep: float = 550.0
    max_cost_per_rep: float = 32_000.0
    max_business_loss: float = 0.12
    error_rate_at_max: float = 1.0
    reps: int | None = None  # None: count active users of customer-facing teams (or owners)
    annual_revenue: float | None = None  # None: the loss is shown as a share only
    currency: str = "$"


@dataclass(frozen=True)
class DataAuditConfig:
    weights: dict[str, dict[str, float]] = field(default_factory=default_weights)
    stale_months: int = 12
    dead_account_months: int = 12
    sparse_record_fill: float = 0.5  # weighted fill below this is a sparse record
    default_region: str | None = None  # phone region when a record has no country, e.g. "US"
    decay_low: float = 0.30
    decay_high: float = 0.70
    unknown_age_years: float = 1.0  # assumed age of a contact with no date at all
    book_imbalance_ratio: float = 3.0  # biggest book / median book from which books are unbalanced
    customer_facing_teams: tuple[str, ...] = ("sales", "marketing", "support", "customer success",
                                              "account management", "business development", "service")
    territory_rules: tuple[dict[str, str], ...] = ()  # {"country": .., "state": .. (optional), "team": ..}
    picklists: dict[str, list[str]] = field(default_factory=dict)  # "entity.field" -> allowed values
    role_local_parts: tuple[str, ...] = (
        "info", "sales", "admin", "accounts", "accounting", "office", "enquiries", "inquiries", "contact",
        "support", "hello", "billing", "marketing", "hr", "team", "noreply", "no-reply", "help", "mail",
        "webmaster", "postmaster", "jobs", "careers", "press", "service", "orders", "reception", "general")
    placeholders: tuple[str, ...] = ("n/a", "na", "-", "--", "unknown", "test", "asdf", "none", "null",
                                     "tbd", "xxx", "?", ".", "0000000000", "nobody", "no name")
    score_weights: dict[str, float] = field(default_factory=lambda: {
        "completeness": 0.25, "validity": 0.25, "consistency": 0.15, "uniqueness": 0.15,
        "timeliness": 0.10, "integrity": 0.10})
    cost: CostAssumptions = field(default_factory=CostAssumptions)
    fix_codes: tuple[str, ...] = ("DATA.EMAIL_DOMAIN_TYPO", "DATA.COUNTRY_MISSPELLED", "DATA.STATE_MISSPELLED",
                                  "DATA.PICKLIST_MISSPELLED", "DATA.FORMAT_INCONSISTENT", "DATA.POSTCODE_INVALID")
    phones_to_e164: bool = True

    def weight(self, entity: str, field_name: str) -> float:
        return float(self.weights.get(entity, {}).get(field_name, 0.0))

    def to_dict(self) -> dict[str, Any]:
        return json.loads(json.dumps(asdict(self)))

    def to_json(self) -> str:
        """Stable text of the whole config: part of the key results are cached on."""
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DataAuditConfig:
        """Defaults overlaid with stored values; weights merge per field, unknown keys are ignored."""
        if not data:
            return cls()
        base = cls()
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known or value is None and key not in ("default_region",):
                continue
            if key == "weights":
                merged = {entity: dict(base.weights.get(entity, {})) for entity in base.weights}
                for entity, per_field in value.items():
                    merged.setdefault(entity, {}).update({k: float(v) for k, v in per_field.items()})
                value = merged
            elif key == "cost":
                value = replace(CostAssumptions(), **{k: v for k, v in value.items()
                                                      if k in CostAssumptions.__dataclass_fields__})
            elif key == "territory_rules":
                value = tuple(dict(rule) for rule in value)
            elif isinstance(getattr(base, key), tuple):
                value = tuple(value)
            values[key] = value
        return replace(base, **values)


def weights_table(config: DataAuditConfig) -> pd.DataFrame:
    """``entity, field, label, weight`` for the weights editor, in schema order."""
    rows = [(entity, spec.name, spec.label, config.weight(entity, spec.name))
            for entity in SCORED_ENTITIES for spec in fields_for(entity) if spec.name != "record_id"]
    return pd.DataFrame(rows, columns=["entity", "field", "label", "weight"])


def weights_from_table(edited: pd.DataFrame) -> dict[str, dict[str, float]]:
    """The edited weights table back to ``entity -> field -> weight`` (0-3, blanks are 0)."""
    weights: dict[str, dict[str, float]] = {}
    for row in edited.itertuples(index=False):
        value = 0.0 if pd.isna(row.weight) else float(row.weight)
        if not 0 <= value <= 3:
            raise CrmCoreError(f"The weight of {row.entity}.{row.field} is {value:g}: use 0 (not scored) to 3 (high).")
        weights.setdefault(str(row.entity), {})[str(row.field)] = value
    return weights


def check_settings(data: dict[str, Any]) -> dict[str, Any]:
    """Stored settings after the checks a user can act on; raises ``CrmCoreError`` otherwise."""
    config = DataAuditConfig.from_dict(data)
    if config.stale_months < 1 or config.dead_account_months < 1:
        raise CrmCoreError("Stale and dead-account periods are whole months: use 1 or more.")
    if not 0 < config.decay_low <= config.decay_high < 1:
        raise CrmCoreError("The yearly decay range must run from a low to a high rate between 0% and 100%.")
    if config.default_region and pycountry.countries.get(alpha_2=config.default_region.upper()) is None:
        raise CrmCoreError(f"'{config.default_region}' is not a two-letter country code: use one such as US or GB.")
    if config.cost.error_rate_at_max <= 0 or config.cost.error_rate_at_max > 1:
        raise CrmCoreError("The error rate at which the maximum cost applies must be above 0% and at most 100%.")
    for rule in config.territory_rules:
        if not str(rule.get("team", "")).strip() or not str(rule.get("country", "")).strip():
            raise CrmCoreError("Each territory rule needs a country and a team (the state is optional).")
    return data


def format_picklists(picklists: dict[str, list[str]]) -> str:
    """The workspace's own picklists as editable text: ``entity.field: value, value`` per line."""
    return "\n".join(f"{key}: {', '.join(values)}" for key, values in sorted(picklists.items()))


def parse_picklists(text: str) -> dict[str, list[str]]:
    """The text of :func:`format_picklists` back to ``"entity.field" -> values``; blank lines are
    skipped, and a line naming an unknown field is a ``CrmCoreError``."""
    picklists: dict[str, list[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        key, _, values = line.partition(":")
        entity, _, name = key.strip().partition(".")
        if entity not in SCORED_ENTITIES or name not in {spec.name for spec in fields_for(entity)}:
            raise CrmCoreError(f"Line {number} of the picklists names '{key.strip()}': write entity.field, "
                               "e.g. contacts.lead_source: Web, Trade Show.")
        chosen = [value.strip() for value in values.split(",") if value.strip()]
        if not chosen:
            raise CrmCoreError(f"Line {number} of the picklists lists no values after the colon.")
        picklists[f"{entity}.{name}"] = chosen
    return picklists
