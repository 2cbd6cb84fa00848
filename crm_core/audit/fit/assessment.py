"""Fit for purpose: is the CRM still set up for what the teams need, and woven into their work?

Three parts end in one :class:`AuditResult` (area ``fit``):

- the checklist (``checklist.score_checklist``): goals, process and terminology, functions in
  use, departments, integrations;
- the integrations inventory: every system exchanging data with the CRM, its category,
  method (native, middleware, API/custom, or none = manual re-keying), direction, status,
  owner and the data it carries. Score ``integrations`` = 100 x core categories covered /
  core categories, where a category is covered by a working or broken integration that is not
  manual, or marked "not needed"; there is no score while the inventory is empty (unknown is
  not "no integration"). Findings: ``FIT.CORE_INTEGRATION_MISSING``, ``FIT.MANUAL_REKEYING``,
  ``FIT.INTEGRATION_BROKEN``, ``FIT.INTEGRATION_NO_OWNER``, ``FIT.LEAD_ENTRY_WITHOUT_SOURCE``;
- the lead source in the data (``FIT.LEAD_SOURCE_EMPTY``): share of contacts and of
  new-business deals with an empty lead source. Renewals, upgrades and other deals with an
  existing customer are left out: they have no lead source to record.

The Goals and glossary screens' data is read here only to print hints next to the checklist
items (``strategy_hints``); the room still gives the answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from crm_core.audit.checklists import Answer, checklist_items, merge_results, score_checklist
from crm_core.errors import CrmCoreError
from crm_core.findings import AuditResult, Finding, Score, Severity
from crm_core.models import GlossaryDefinition, GlossaryEntry, Goal, Integration, IntegrationCreate
from crm_core.strategy.alignment import find_alignment_issues
from crm_core.strategy.departments import CUSTOMER_FACING, department_label
from crm_core.strategy.glossary import definitions_by_term, find_glossary_flags

TEXT = "string"


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    core: bool  # every CRM should be connected to one of these
    lead_entry: bool  # leads arrive this way, so the source must travel with them


CATEGORIES: tuple[Category, ...] = (
    Category("email_marketing", "Email marketing", True, False),
    Category("erp", "ERP", False, False),
    Category("billing", "Billing and accounting", True, False),
    Category("web_forms", "Website forms and landing pages", True, True),
    Category("telephony", "Telephony", False, False),
    Category("calendar", "Calendar and scheduling", True, False),
    Category("ecommerce", "E-commerce", False, True),
    Category("support_desk", "Support desk", True, False),
    Category("enrichment", "Data enrichment", False, False),
    Category("lead_sources", "Lead sources (ads, events, partners, chat)", True, True),
    Category("other", "Other", False, False),
)
CATEGORY_BY_KEY = {c.key: c for c in CATEGORIES}
METHODS = {"native": "Native connector", "middleware": "Middleware (Zapier, Make...)",
           "api": "API or custom code", "none": "None: data re-keyed by hand"}
DIRECTIONS = {"into_crm": "Into the CRM", "out_of_crm": "Out of the CRM", "both": "Both ways"}
INTEGRATION_STATUSES = {"working": "Working", "broken": "Broken or unreliable", "planned": "Planned",
                        "not_needed": "Not needed here", "retired": "Retired"}
LEAD_SOURCE_ANSWERS = {"yes": "Yes", "no": "No", "unknown": "Not known"}
EXISTING_CUSTOMER_DEALS = r"(?i)renewal|upsell|up-sell|upgrade|downgrade|replacement|existing|expansion|cross-sell"
LEAD_SOURCE_THRESHOLDS = ((0.20, Severity.HIGH), (0.05, Severity.MEDIUM), (0.0, Severity.LOW))
INTEGRATION_FORMULA = ("100 x core categories covered / core categories; covered = a working or broken integration "
                       "that is not manual, or the category marked not needed")


def clean_integration(data: IntegrationCreate) -> dict[str, str]:
    """Trimmed values, or a sentence naming what to fix."""
    values = {key: " ".join(str(value).split()) if key != "data_carried" else str(value).strip()
              for key, value in data.model_dump().items()}
    if not values["system"]:
        raise CrmCoreError("Type the name of the system, e.g. Mailchimp or the website's contact form.")
    for key, choices in (("category", CATEGORY_BY_KEY), ("method", METHODS), ("direction", DIRECTIONS),
                         ("status", INTEGRATION_STATUSES), ("records_lead_source", LEAD_SOURCE_ANSWERS)):
        if key == "direction" and not values[key]:
            continue
        if values[key] not in choices:
            raise CrmCoreError(f"Choose the {key.replace('_', ' ')} of {values['system']} from the list.")
    return values


def audit_integrations(integrations: Sequence[Integration]) -> AuditResult:
    """Score and findings of the inventory (see the module docstring)."""
    if not integrations:
        return AuditResult("fit")
    live = [i for i in integrations if i.status not in ("retired",)]
    covered = {i.category for i in live if (i.status in ("working", "broken") and i.method != "none")
               or i.status == "not_needed"}
    core = [c for c in CATEGORIES if c.core]
    missing = [c for c in core if c.key not in covered]
    findings = []

    def add(code: str, severity: Severity, title: str, rows: Sequence, detail: str, recommendation: str,
            ids: Sequence[str] | None = None) -> None:
        if rows:
            findings.append(Finding(code, severity, title, len(rows), evidence={"count": len(rows)},
                                    example_ids=tuple(ids if ids is not None else (i.id for i in rows))[:5],
                                    recommendation_code=recommendation, detail=detail))

    add("FIT.CORE_INTEGRATION_MISSING", Severity.MEDIUM, f"{len(missing)} core integration(s) missing", missing,
        "No working connection for: " + ", ".join(c.label.lower() for c in missing)
        + ". Mark a category 'not needed' if the business has no such system.", "REC.FIT.INTEGRATE_TOOLS",
        ids=[c.key for c in missing])
    manual = [i for i in live if i.method == "none" and i.status != "not_needed"]
    add("FIT.MANUAL_REKEYING", Severity.MEDIUM, f"{len(manual)} system(s) re-keyed by hand", manual,
        "Data is typed twice between the CRM and: " + ", ".join(i.system for i in manual) + ".",
        "REC.FIT.INTEGRATE_TOOLS")
    broken = [i for i in live if i.status == "broken"]
    add("FIT.INTEGRATION_BROKEN", Severity.HIGH, f"{len(broken)} broken integration(s)", broken,
        "Broken or unreliable: " + ", ".join(i.system for i in broken) + ". A broken integration hurts operations now.",
        "REC.FIT.FIX_INTEGRATIONS")
    ownerless = [i for i in live if i.status in ("working", "broken") and not i.owner]
    add("FIT.INTEGRATION_NO_OWNER", Severity.LOW, f"{len(ownerless)} integration(s) without an owner", ownerless,
        "Nobody answers for: " + ", ".join(i.system for i in ownerless) + ".", "REC.FIT.INTEGRATION_INVENTORY")
    sourceless = [i for i in live if CATEGORY_BY_KEY[i.category].lead_entry and i.records_lead_source == "no"]
    add("FIT.LEAD_ENTRY_WITHOUT_SOURCE", Severity.HIGH, f"{len(sourceless)} lead entry point(s) lose the lead source",
        sourceless, "Leads arriving through " + ", ".join(i.system for i in sourceless)
        + " carry no lead source, so nobody can tell which channel brings customers.", "REC.FIT.TRACK_LEAD_SOURCE")
    value = round(100 * (len(core) - len(missing)) / len(core), 1)
    score = Score("integrations", value, INTEGRATION_FORMULA, len(core))
    return AuditResult("fit", (score,), tuple(findings))


def _empty(values: pd.Series) -> pd.Series:
    return values.astype(TEXT).str.strip().fillna("").eq("")


def audit_lead_source(tables: Mapping[str, pd.DataFrame]) -> AuditResult:
    """``FIT.LEAD_SOURCE_EMPTY``: contacts and new-business deals with no lead source."""
    parts, counts, checked = [], {}, {}
    for entity in ("contacts", "deals"):
        table = tables.get(entity)
        if table is None or "lead_source" not in table.columns:
            continue
        scope = table
        if entity == "deals" and "deal_type" in table.columns:
            existing = table["deal_type"].astype(TEXT).str.contains(EXISTING_CUSTOMER_DEALS, regex=True)
            scope = table[~existing.fillna(False).astype(bool)]
        empty = _empty(scope["lead_source"])
        counts[entity], checked[entity] = int(empty.sum()), len(scope)
        parts.append(pd.DataFrame({"record_id": scope.loc[empty, "record_id"].astype(TEXT), "entity": entity}))
    affected = sum(counts.values())
    if not affected:
        return AuditResult("fit")
    share = affected / max(sum(checked.values()), 1)
    severity = next(level for floor, level in LEAD_SOURCE_THRESHOLDS if share > floor)
    rows = pd.concat(parts, ignore_index=True)
    issues = pd.DataFrame({"record_id": rows["record_id"], "entity": rows["entity"], "field": "lead_source",
                           "check": "FIT.LEAD_SOURCE_EMPTY", "severity": severity.value, "value": "",
                           "suggestion": "Record where this lead came from."}).astype(TEXT)
    shares = ", ".join(f"{counts[e]:,} of {checked[e]:,} {e}" for e in counts)
    finding = Finding("FIT.LEAD_SOURCE_EMPTY", severity, f"Lead source empty on {share:.0%} of new leads and deals",
                      affected, evidence={**{f"{e}_empty": counts[e] for e in counts}, "share": round(share, 3)},
                      example_ids=tuple(rows["record_id"].head(5)), recommendation_code="REC.FIT.TRACK_LEAD_SOURCE",
                      detail=f"No lead source on {shares} (deals with existing customers left out).")
    return AuditResult("fit", findings=(finding,), issues=issues)


def run_fit_audit(answers: Mapping[str, Answer], integrations: Sequence[Integration],
                  data: AuditResult | None = None) -> AuditResult:
    """The whole fit-for-purpose result: checklist, inventory, and ``data`` (the lead-source
    check on the exports, ``audit_lead_source(tables)``, computed once per data version)."""
    return merge_results("fit", score_checklist("fit", checklist_items("fit"), answers),
                         audit_integrations(integrations), data or AuditResult("fit"))


def strategy_hints(goals: Sequence[Goal], entries: Sequence[GlossaryEntry],
                   definitions: Sequence[GlossaryDefinition]) -> dict[str, str]:
    """item id -> what the Goals and glossary screens already say about it."""
    issues = find_alignment_issues(goals)
    kinds = [issue.kind for issue in issues]
    original = [g for g in goals if g.is_original]
    hints = {"fit.original_goals": (
        f"Goals screen: {len(original)} original goal(s); {kinds.count('original_dropped')} no longer pursued, "
        f"{kinds.count('original_reversed')} reversed." if original else
        "Goals screen: no goal is marked as one the CRM was bought for.")}
    per_department = {d: sum(1 for g in goals if g.department == d and not g.is_original) for d in CUSTOMER_FACING}
    hints["fit.department_goals"] = "Goals screen: " + ", ".join(
        f"{department_label(d).lower()} {n}" for d, n in per_department.items()) + " goal(s) today."
    conflicts = sum(1 for k in kinds
                    if k not in ("no_goal", "original_dropped", "original_reversed", "not_in_original"))
    hints["fit.goals_aligned"] = f"Goals screen: {conflicts} alignment issue(s) between today's goals."
    table = definitions_by_term(entries, definitions)
    flags = find_glossary_flags(table)
    hints["fit.terminology"] = (f"Glossary: {len(table)} term(s) defined, {len(flags)} flagged as meaning different "
                                "things to different teams." if table else "Glossary: no term defined yet.")
    return hints


def pipeline_hint(deals: pd.DataFrame | None) -> str | None:
    """The stages the deals export really uses, to hold against the sales process."""
    if deals is None or "stage" not in deals.columns:
        return None
    stages = deals["stage"].astype(TEXT).value_counts()
    listed = ", ".join(f"{stage} ({count:,})" for stage, count in stages.head(12).items())
    return f"Deals export: {len(stages)} stage(s) in use: {listed}."


def summarise_inventory(integrations: Sequence[Integration]) -> pd.DataFrame:
    """The inventory as a table for the screen and the report."""
    return pd.DataFrame([{
        "System": i.system,
        "Category": CATEGORY_BY_KEY[i.category].label if i.category in CATEGORY_BY_KEY else i.category,
        "Method": METHODS.get(i.method, i.method), "Direction": DIRECTIONS.get(i.direction, i.direction),
        "Status": INTEGRATION_STATUSES.get(i.status, i.status), "Owner": i.owner, "Data carried": i.data_carried,
        "Records lead source": LEAD_SOURCE_ANSWERS.get(i.records_lead_source, "") if CATEGORY_BY_KEY.get(
            i.category, CATEGORIES[-1]).lead_entry else "",
    } for i in integrations], columns=["System", "Category", "Method", "Direction", "Status", "Owner",
                                       "Data carried", "Records lead source"])

