"""The shared ``audit`` command: each audit area adds its own sub-command under it.

``audit_subparsers(subparsers)`` creates the ``audit`` parser on the first call and returns
its sub-parsers; every later call (another area's command module) gets the same object back,
cached on the top-level ``subparsers``. So ``audit data``, ``audit usage`` and ``audit
compliance`` live in their own modules without any of them owning ``audit``. The module's name
starts with "_" so the CLI does not take it for a command module.
"""

from __future__ import annotations

import argparse

_CACHE_ATTRIBUTE = "_crm_workbench_audit_subparsers"


def audit_subparsers(subparsers: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """The sub-parsers of the one ``audit`` command, created once per parser."""
    existing = getattr(subparsers, _CACHE_ATTRIBUTE, None)
    if existing is not None:
        return existing
    audit = subparsers.add_parser("audit", help="run one audit area on CRM export files")
    children = audit.add_subparsers(dest="audit_area", required=True, metavar="AREA")
    setattr(subparsers, _CACHE_ATTRIBUTE, children)
    return children
