"""The report as one self-contained HTML file: charts embedded as PNG data URIs, every string
from the workspace or the CRM escaped by the template engine (autoescape on)."""

from __future__ import annotations

import base64
from functools import lru_cache

import jinja2

from crm_core.recommend import PRIORITY_LABELS, PRIORITY_MEANING
from crm_core.report.charts import chart_png, why_tree_png
from crm_core.report.engagement import (
    ALIGNMENT_HEADING, GLOSSARY_HEADING, GOAL_HEADERS, OWNERSHIP, PRIMARY_USER_HEADING, PURPOSE, RACI_HEADERS,
    RACI_HEADING, SHORTFALL, STAKEHOLDER_HEADERS, STAKEHOLDERS_HEADING,
)
from crm_core.report.model import Report, cover_lines, due_text, rec_links, serves_text, votes_text
from crm_core.roadmap import HORIZONS
from crm_core.scorecard import BAND_COLOURS, BAND_LABELS, BAND_RULE, format_score


def data_uri(png: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64,{base64.b64encode(png).decode('ascii')}"


def logo_uri(logo: bytes | None) -> str | None:
    if not logo:
        return None
    return data_uri(logo, "image/png" if logo.startswith(b"\x89PNG") else "image/jpeg")


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.PackageLoader("crm_core.report", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template("report.html.j2")


def render_html(report: Report) -> bytes:
    charts = {"scorecard": data_uri(chart_png(report.scorecard_chart())),
              "matrix": data_uri(chart_png(report.matrix_chart()))}
    for section in report.areas:
        if section.chart is not None:
            charts[section.area] = data_uri(chart_png(section.chart))
    if (stakeholders := report.stakeholder_chart()) is not None:
        charts["stakeholders"] = data_uri(chart_png(stakeholders))
    for gap in report.engagement.gaps:
        if gap.whys:
            charts[f"gap-{gap.gap_id}"] = data_uri(why_tree_png(gap.title, gap.whys))
    html = _template().render(
        r=report, charts=charts, logo=logo_uri(report.logo), cover=cover_lines(report),
        priorities=report.by_priority(), priority_labels=PRIORITY_LABELS, priority_meaning=PRIORITY_MEANING,
        horizons=HORIZONS, band_labels=BAND_LABELS, band_colours=BAND_COLOURS, band_rule=BAND_RULE,
        fmt=format_score, due=due_text, serves=serves_text, links=lambda rec: rec_links(report, rec),
        votes=lambda rec: votes_text(report, rec), e=report.engagement, chapters=(PURPOSE, OWNERSHIP, SHORTFALL),
        goal_headers=GOAL_HEADERS, stakeholder_headers=STAKEHOLDER_HEADERS, raci_headers=RACI_HEADERS,
        headings={"alignment": ALIGNMENT_HEADING, "primary_user": PRIMARY_USER_HEADING,
                  "stakeholders": STAKEHOLDERS_HEADING, "raci": RACI_HEADING, "glossary": GLOSSARY_HEADING},
    )
    return html.encode("utf-8")
