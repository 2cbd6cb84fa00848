"""Seeded generator of Brightwave Analytics Ltd's CRM exports with documented, planted defects."""

from .build import generate

__all__ = ["generate"]
