"""Altair charts of the strategy screens, one builder per view, each drawing a table computed
elsewhere (``stakeholders.influence_interest_table``, ``target_setting.proposal_table``).

Sized for a projector: large labels, few colours, names written on the chart rather than
hidden in tooltips.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from crm_core.strategy.stakeholders import BUY_IN_LABELS, BUY_IN_LEVELS, HIGH_FROM, QUADRANTS

BUY_IN_COLOURS = ("#1a7f37", "#7cc47f", "#9aa4ae", "#e39b3a", "#c0392b")  # champion ... blocker
FONT_SIZE = 16


def _readable(chart: alt.Chart | alt.LayerChart) -> alt.Chart | alt.LayerChart:
    return chart.configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, grid=False).configure_legend(
        labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, orient="bottom", symbolSize=220
    ).configure_view(strokeWidth=0)


def build_influence_interest_chart(grid: pd.DataFrame, *, label: str = "name") -> alt.LayerChart:
    """Interest across, influence up; each person a dot coloured by buy-in and labelled by the
    ``label`` column (the name on screen; a printed report numbers them and lists the names),
    the four quadrants split at the middle of the scales."""
    scale = alt.Scale(domain=[0.5, 5.5], nice=False)
    axis = alt.Axis(values=[1, 2, 3, 4, 5], format="d")
    split = HIGH_FROM - 0.5
    corners = pd.DataFrame([
        {"x": 5.45, "y": 5.45, "label": QUADRANTS[(True, True)], "align": "right", "baseline": "top"},
        {"x": 0.55, "y": 5.45, "label": QUADRANTS[(True, False)], "align": "left", "baseline": "top"},
        {"x": 5.45, "y": 0.55, "label": QUADRANTS[(False, True)], "align": "right", "baseline": "bottom"},
        {"x": 0.55, "y": 0.55, "label": QUADRANTS[(False, False)], "align": "left", "baseline": "bottom"},
    ])
    lines = pd.DataFrame({"at": [split]})
    vertical = alt.Chart(lines).mark_rule(color="#c4ccd4", strokeDash=[6, 4]).encode(x=alt.X("at:Q", scale=scale))
    horizontal = alt.Chart(lines).mark_rule(color="#c4ccd4", strokeDash=[6, 4]).encode(y=alt.Y("at:Q", scale=scale))
    quadrant_names = [
        alt.Chart(corners[corners["align"].eq(align) & corners["baseline"].eq(baseline)]).mark_text(
            align=align, baseline=baseline, fontSize=FONT_SIZE, fontWeight="bold", color="#8a96a3"
        ).encode(x=alt.X("x:Q", scale=scale), y=alt.Y("y:Q", scale=scale), text="label:N")
        for align, baseline in (("right", "top"), ("left", "top"), ("right", "bottom"), ("left", "bottom"))
    ]
    base = alt.Chart(grid).encode(
        x=alt.X("x:Q", scale=scale, axis=axis, title="Interest in the CRM (1-5)"),
        y=alt.Y("y:Q", scale=scale, axis=axis, title="Influence over the CRM (1-5)"),
    )
    colour = alt.Color("buy_in:N", title="Buy-in", scale=alt.Scale(domain=list(BUY_IN_LEVELS),
                       range=list(BUY_IN_COLOURS)), legend=alt.Legend(labelExpr=_label_expr()))
    dots = base.mark_circle(size=420, opacity=0.95, stroke="#ffffff", strokeWidth=1.5).encode(
        color=colour, tooltip=["name:N", "role:N", "department:N", "influence:Q", "interest:Q", "buy_in:N"])
    if label != "name":  # short labels (numbers) sit on their own dot
        numbers = base.mark_text(fontSize=13, fontWeight="bold", color="#ffffff").encode(text=f"{label}:N")
        return _readable(alt.layer(vertical, horizontal, *quadrant_names, dots, numbers).properties(height=560))
    # One label per cell, its people's names one under the other, right of the cell's dots
    # (left of them near the right edge, where they would be cut off): names of people who share
    # a cell never print over each other.
    cells = (grid.groupby(["interest", "influence"], sort=False)["name"].agg("\n".join).reset_index()
             .rename(columns={"name": "names"}))
    label = alt.Chart(cells).encode(x=alt.X("interest:Q", scale=scale), y=alt.Y("influence:Q", scale=scale))
    names = [
        label.transform_filter(test).mark_text(align=align, dx=dx, fontSize=FONT_SIZE, color="#1d2731",
                                               lineBreak="\n").encode(text="names:N")
        for test, align, dx in (("datum.interest < 4.5", "left", 24), ("datum.interest >= 4.5", "right", -24))
    ]
    chart = alt.layer(vertical, horizontal, *quadrant_names, dots, *names).properties(height=560)
    return _readable(chart)


def build_proposal_chart(proposals: pd.DataFrame, *, baseline: float | None, agreed: float | None,
                         unit: str) -> alt.LayerChart:
    """Each participant's proposed target as a labelled dot on one line, with the baseline
    (grey) and the agreed target (green) as vertical rules."""
    marks = pd.DataFrame(
        [{"value": baseline, "what": "Baseline"}] * (baseline is not None)
        + [{"value": agreed, "what": "Agreed"}] * (agreed is not None),
        columns=["value", "what"],
    )
    values = [*proposals["target"].tolist(), *marks["value"].tolist()]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.08 or max(abs(high) * 0.1, 1.0)
    scale = alt.Scale(domain=[low - pad, high + pad], nice=False, zero=False)
    axis = alt.Axis(tickCount=6)
    title = f"Proposed target ({unit})" if unit else "Proposed target"
    dots = alt.Chart(proposals).mark_circle(size=360, color="#1f5fa8", opacity=0.9).encode(
        x=alt.X("target:Q", scale=scale, title=title, axis=axis),
        y=alt.Y("participant:N", sort=None, title=None, axis=alt.Axis(labelOverlap=False, labelLimit=240)),
        tooltip=["participant:N", "target:Q"])
    rules = alt.Chart(marks).mark_rule(strokeWidth=3).encode(
        x=alt.X("value:Q", scale=scale),
        color=alt.Color("what:N", scale=alt.Scale(domain=["Baseline", "Agreed"], range=["#9aa4ae", "#1a7f37"]),
                        title=None))
    height = max(140, 52 * len(proposals))
    return _readable(alt.layer(rules, dots).properties(height=height))


def _label_expr() -> str:
    cases = " : ".join(f"datum.label === '{level}' ? '{label}'" for level, label in BUY_IN_LABELS.items())
    return f"{cases} : datum.label"
