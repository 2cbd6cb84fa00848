"""The report's charts as PNG: the very Altair charts the pages show, rendered offline with
vl-convert (no browser, no network)."""

from __future__ import annotations

import json
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
