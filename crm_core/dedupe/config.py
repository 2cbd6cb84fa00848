"""The few choices a user can make about duplicate matching, with safe defaults."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

from crm_core.errors import CrmCoreError

ENTITIES = ("contacts", "accounts")


@dataclass(frozen=True)
class SurvivorshipRules:
    """How the golden record of a cluster is chosen.

    ``master_order``: rules tried in turn to pick the master record among the cluster's
    members (``preferred_owner``, ``most_complete``, ``most_recent_activity``,
    ``oldest_created``); the master's id survives and its values win unless empty.
    ``field_rules``: a field -> rule override (``master``, ``most_recent``, ``most_common``,
    ``longest``); every other field takes the master's value, or the first non-empty value
    of the next-ranked member.
    """

    master_order: tuple[str, ...] = ("most_complete", "most_recent_activity", "oldest_created")
    preferred_owners: tuple[str, ...] = ()
    field_rules: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class MatchConfig:
    """Thresholds on the match probability of a pair (0-1) and the blocking limits.

    ``sure``: a pair at or above it is a duplicate with no doubt worth a person's time;
    ``review``: at or above it (and below ``sure``) a person should look. Clusters form from
    pairs at or above ``review``. ``max_block``: a blocking value shared by more records is a
    common value (an "info@" mailbox, a switchboard number) and is sub-blocked by name.
    ``window``: neighbours compared in the sorted-name fallback pass. ``guard``: two members
    of one cluster scoring below it cannot stay together (the chaining guard).
    """

    sure: float = 0.95
    review: float = 0.6
    max_block: int = 60
    window: int = 3
    guard: float = 0.2
    survivorship: SurvivorshipRules = field(default_factory=SurvivorshipRules)

    def __post_init__(self) -> None:
        if not 0 < self.review <= self.sure <= 1:
            raise CrmCoreError(
                f"The review threshold ({self.review:g}) must be above 0 and at most the sure "
                f"threshold ({self.sure:g}), which is at most 1: adjust the thresholds."
            )
        if self.max_block < 2 or self.window < 2:
            raise CrmCoreError("The block cap and the window must be at least 2: raise them.")

    def to_json(self) -> str:
        """A stable text form: the cache key of a matching run."""
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> MatchConfig:
        data = json.loads(text)
        rules = data.pop("survivorship", {})
        rules = SurvivorshipRules(**{
            key: tuple(tuple(v) if isinstance(v, list) else v for v in value)
            for key, value in rules.items() if key in {f.name for f in fields(SurvivorshipRules)}
        })
        return cls(**{k: v for k, v in data.items() if k in {f.name for f in fields(cls)}}, survivorship=rules)


def check_entity(entity: str) -> None:
    if entity not in ENTITIES:
        raise CrmCoreError(
            f"Duplicates are looked for among contacts and accounts, not {entity}: choose one of those."
        )
