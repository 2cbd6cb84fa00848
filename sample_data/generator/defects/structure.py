"""Account hierarchy defects: parents that do not exist and a cycle of parents."""

from ..world import World


def plant_missing_parents(w: World) -> None:
    """Parent Account IDs that point at accounts deleted long ago."""
    rows = w.pick("accounts", w.accounts, 4, ("Parent Account ID",),
                  where=lambda a: a["Parent Account ID"] is None and "_recipe" not in a)
    for account in rows:
        account["Parent Account ID"] = w.new_id("001")
        w.plant("accounts_parent_not_found", account["Account ID"])


def plant_parent_cycle(w: World) -> None:
    """Three accounts that are each other's parents: A -> B -> C -> A."""
    parents = {a["Parent Account ID"] for a in w.accounts if a["Parent Account ID"]}
    rows = w.pick("accounts", w.accounts, 3, ("Parent Account ID",),
                  where=lambda a: a["Parent Account ID"] is None and a["Account ID"] not in parents
                  and "_recipe" not in a)
    for child, parent in zip(rows, rows[1:] + rows[:1]):
        child["Parent Account ID"] = parent["Account ID"]
        w.plant("accounts_parent_cycle", child["Account ID"])

