"""What is compared between two records, at which levels, and the prior m of each level.

``m`` is the share of true duplicates expected at a level (priors from record-linkage
practice: names are mostly typed the same, emails change with jobs, a second record often
lacks a phone); ``u``, the share of unrelated pairs there, is measured on each table by the
scorer (``crm_core.dedupe.score``). Changing a level here changes the explanation users see.
"""

from __future__ import annotations

from dataclasses import dataclass

SWAP_PENALTY = 1.0  # bits: first and last name written the other way round is a little less likely


@dataclass(frozen=True)
class Comparison:
    """One field (or group of fields) compared between two records.

    ``levels``: (label, m) or (label, m, u) from the strongest agreement down to ``different``;
    level 0 is ``missing``. A ``u`` given here replaces the one measured on random pairs, for a
    level whose meaning already implies the records are related (two mailboxes at one
    company domain are two colleagues far more often than two strangers). ``tf``: the column whose value frequency weighs level 1 (exact agreement).
    ``group``: comparisons that tend to agree together for unrelated records too (two
    colleagues share the company, its address and its switchboard number): within a group
    only the strongest agreement counts, while every disagreement still does.
    """

    name: str
    label: str
    levels: tuple[tuple, ...]
    tf: str | None = None
    group: str | None = None


CONTACT_COMPARISONS = (
    Comparison("first_name", "First name", (("exact", .80), ("nickname", .08), ("similar", .06),
                                            ("initial or close", .03), ("different", .03)), tf="first"),
    Comparison("last_name", "Last name", (("exact", .85), ("similar", .08), ("close", .03),
                                          ("different", .04)), tf="last"),
    Comparison("email", "Email", (("exact", .55), ("same name before @, other domain", .12),
                                  ("same company domain, other mailbox", .05, .9), ("different", .28)), tf="email"),
    Comparison("phone", "Phone", (("a number in common", .60), ("different", .40)), tf="phone", group="workplace"),
    Comparison("birth_date", "Date of birth", (("exact", .90), ("one part off", .05), ("different", .05)), tf="dob"),
    Comparison("company", "Company", (("same", .65), ("similar", .08), ("close", .05), ("different", .22)),
               tf="company", group="workplace"),
    Comparison("street", "Street", (("exact", .70), ("similar", .12), ("different", .18)), tf="street",
               group="workplace"),
    Comparison("locality", "Postcode and city", (("same postcode", .70), ("same city", .14), ("similar city", .03),
                                                 ("same region, other city", .08), ("other country", .05)),
               tf="postcode", group="workplace"),
    Comparison("ext_id", "External id", (("exact", .90), ("different", .10)), tf="ext_id"),
)
ACCOUNT_COMPARISONS = (
    Comparison("name", "Name", (("exact", .75), ("similar", .12), ("close", .06), ("different", .07)), tf="name"),
    Comparison("domain", "Website domain", (("exact", .65), ("different", .35)), tf="domain"),
    Comparison("phone", "Phone", (("a number in common", .60), ("different", .40)), tf="phone"),
    Comparison("street", "Street", (("exact", .70), ("similar", .12), ("different", .18)), tf="street",
               group="address"),
    Comparison("locality", "Postcode and city", (("same postcode", .70), ("same city", .14), ("similar city", .03),
                                                 ("same region, other city", .08), ("other country", .05)),
               tf="postcode", group="address"),
    Comparison("ext_id", "Account number", (("exact", .90), ("different", .10)), tf="ext_id"),
)
COMPARISONS = {"contacts": CONTACT_COMPARISONS, "accounts": ACCOUNT_COMPARISONS}


