"""Altair charts of the data audit, each drawing a table computed in ``crm_core.audit``.

``build_fill_rate_chart`` draws ``completeness.fill_rates``; ``build_score_chart`` draws the
scores of an ``AuditResult``. Both are pure: test them through ``chart.to_dict()``.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from crm_core.findings import Score, score_band

IMPORTANCE = {3.0: "high", 2.0: "medium", 1.0: "low", 0.0: "not scored"}
IMPORTANCE_COLOURS = ("#1f5f99", "#4f8fc9", "#9cc3e6", "#c4ccd4")
FONT_SIZE = 14


def _importance(weight: float) -> str:
    if weight >= 3:
        return "high"
    if weight >= 2:
        return "medium"
    return "low" if weight > 0 else "not scored"


def build_fill_rate_chart(rates: pd.DataFrame, width: int | str = 520) -> alt.Chart:
    """One bar per field: how full it is (0-100%), coloured by how much it matters, one panel
    per entity. Input: ``completeness.fill_rates`` output (several entities may be stacked).
    ``width="container"`` fits the screen (a phone's too): then give it one entity at a time,
    as a panelled chart cannot follow its container's width."""
    data = rates.assign(
        importance=rates["weight"].map(_importance),
        fill_percent=(rates["fill_rate"] * 100).round(1),
        entity_label=rates["entity"].str.capitalize(),
    )[["entity_label", "label", "importance", "fill_percent", "filled", "records", "placeholders"]]
    order = list(dict.fromkeys(IMPORTANCE.values()))
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("fill_percent:Q", title="Filled (%)", scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField(field="fill_percent", order="ascending")),
        color=alt.Color("importance:N", title="Importance", legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=order, range=list(IMPORTANCE_COLOURS))),
        tooltip=["entity_label:N", "label:N", "fill_percent:Q", "filled:Q", "records:Q", "placeholders:Q",
                 "importance:N"],
    )
    if data["entity_label"].nunique() > 1:
        chart = chart.encode(row=alt.Row("entity_label:N", title=None,
                                         header=alt.Header(labelFontSize=FONT_SIZE, labelAngle=0)))
        return chart.resolve_scale(y="independent").properties(width=width)
    title = data["entity_label"].iloc[0] if len(data) else ""
    return chart.properties(width=width, title=title)


def score_table(scores: tuple[Score, ...]) -> pd.DataFrame:
    """``dimension, label, score, formula, basis`` per score, overall last."""
    return pd.DataFrame([(s.dimension, s.label, s.value, s.formula, s.basis) for s in scores],
                        columns=["dimension", "label", "score", "formula", "basis"])


def build_score_chart(scores: tuple[Score, ...]) -> alt.Chart:
    """Horizontal bars, 0-100, one per dimension, coloured by :func:`score_band`."""
    data = score_table(scores)
    data["band"] = data["score"].map(score_band)
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0-100)"),
        y=alt.Y("label:N", title=None, sort=list(data["label"])),
        color=alt.Color("band:N", scale=alt.Scale(domain=["red", "amber", "green"],
                                                  range=["#c0392b", "#e39b3a", "#1a7f37"]), legend=None),
        tooltip=["label:N", "score:Q", "formula:N"],
    ).properties(height=alt.Step(28))
