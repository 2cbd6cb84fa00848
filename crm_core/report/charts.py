"""The report's charts as PNG: the very Altair charts the pages show, rendered offline with
vl-convert (no browser, no network)."""

from __future__ import annotations

import json
import textwrap
from functools import lru_cache

import altair as alt

SCALE = 2  # pixels per CSS pixel: sharp in print and on a projector
REPORT_FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


def _themed(chart: alt.TopLevelMixin) -> dict:
    spec = chart.to_dict()
    config = spec.setdefault("config", {})
    config.setdefault("font", REPORT_FONT)
    config.setdefault("background", "white")
    config.setdefault("view", {}).setdefault("stroke", None)
    return spec


@lru_cache(maxsize=64)
def _png(spec_json: str, scale: float) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_png(json.loads(spec_json), scale=scale)


def chart_png(chart: alt.TopLevelMixin, *, scale: float = SCALE) -> bytes:
    """PNG bytes of ``chart`` (rendered once per distinct chart)."""
    return _png(json.dumps(_themed(chart), sort_keys=True, default=str), scale)


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels, read from the PNG header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


# --- the whys tree as a picture (Vega's tree layout: no Graphviz binary needed) ---------------------

TREE_BOX_W, TREE_BOX_H, TREE_GAP_X, TREE_ROW_H = 180, 58, 40, 70
TREE_LINE = 24  # characters per line in a box
TREE_LINES = 3


def _box_lines(text: str) -> list[str]:
    lines = textwrap.wrap(" ".join(str(text).split()), TREE_LINE) or [""]
    if len(lines) > TREE_LINES:
        lines = lines[:TREE_LINES]
        lines[-1] = lines[-1][: TREE_LINE - 1].rstrip() + "…"
    return lines


def why_tree_spec(gap_title: str, whys) -> dict:
    """A Vega spec drawing a gap (left) and its answers to "why?" as a tree, root causes in red.

    ``whys``: objects with ``node_id``, ``parent_id`` (None under the gap), ``answer``, ``level``
    and ``root_cause`` (:class:`crm_core.report.engagement.WhyLine`)."""
    nodes = [{"id": "gap", "parent": None, "label": _box_lines(gap_title), "kind": "gap"}]
    nodes += [{"id": w.node_id, "parent": w.parent_id or "gap", "label": _box_lines(w.answer),
               "kind": "root" if w.root_cause else "why"} for w in whys]
    parents = {n["parent"] for n in nodes}
    leaves = sum(1 for n in nodes if n["id"] not in parents)
    depth = max((w.level for w in whys), default=0)
    width = (depth + 1) * (TREE_BOX_W + TREE_GAP_X) - TREE_GAP_X
    height = max(1, leaves) * TREE_ROW_H
    colours = {"gap": "#1f5f99", "root": "#c0392b", "why": "#5b6670"}
    fills = {"gap": "#e8f0f8", "root": "#fbeaea", "why": "#ffffff"}
    return {
        "$schema": "https://vega.github.io/schema/vega/v5.json",
        "width": width, "height": height, "padding": 8, "background": "white",
        "data": [
            {"name": "tree", "values": nodes, "transform": [
                {"type": "stratify", "key": "id", "parentKey": "parent"},
                {"type": "tree", "method": "tidy", "separation": False,
                 "nodeSize": [TREE_ROW_H, TREE_BOX_W + TREE_GAP_X], "as": ["y", "x", "depth", "children"]},
                {"type": "joinaggregate", "ops": ["min"], "fields": ["y"], "as": ["top"]},
                {"type": "formula", "as": "x", "expr": f"datum.x + {TREE_BOX_W / 2}"},
                {"type": "formula", "as": "y", "expr": f"datum.y - datum.top + {TREE_ROW_H / 2}"},
            ]},
            {"name": "links", "source": "tree", "transform": [
                {"type": "treelinks"},
                {"type": "linkpath", "orient": "horizontal", "shape": "diagonal",
                 "sourceX": {"expr": f"datum.source.x + {TREE_BOX_W / 2}"}, "sourceY": "source.y",
                 "targetX": {"expr": f"datum.target.x - {TREE_BOX_W / 2}"}, "targetY": "target.y"},
            ]},
        ],
        "marks": [
            {"type": "path", "from": {"data": "links"},
             "encode": {"update": {"path": {"field": "path"}, "stroke": {"value": "#9aa4ad"},
                                   "strokeWidth": {"value": 1.5}}}},
            {"type": "rect", "from": {"data": "tree"}, "encode": {"update": {
                "xc": {"field": "x"}, "yc": {"field": "y"}, "width": {"value": TREE_BOX_W},
                "height": {"value": TREE_BOX_H}, "cornerRadius": {"value": 6},
                "fill": {"signal": f"{fills}[datum.kind]"}, "stroke": {"signal": f"{colours}[datum.kind]"},
                "strokeWidth": {"signal": "datum.kind == 'root' ? 2.5 : 1.2"}}}},
            {"type": "text", "from": {"data": "tree"}, "encode": {"update": {
                "x": {"field": "x"}, "y": {"field": "y"}, "text": {"field": "label"},
                "align": {"value": "center"}, "baseline": {"value": "middle"}, "fontSize": {"value": 11},
                "lineHeight": {"value": 14}, "font": {"value": REPORT_FONT},
                "dy": {"signal": "-(length(datum.label) - 1) * 7"},
                "fill": {"signal": f"{colours}[datum.kind]"},
                "fontWeight": {"signal": "datum.kind == 'why' ? 'normal' : 'bold'"}}}},
        ],
    }


def why_tree_png(gap_title: str, whys, *, scale: float = SCALE) -> bytes:
    import vl_convert

    return vl_convert.vega_to_png(why_tree_spec(gap_title, whys), scale=scale)
