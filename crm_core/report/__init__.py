"""The client report: one model (``model.build_report``), one writer per format.

``render(report, fmt)`` returns the bytes of ``fmt`` (:data:`FORMATS`); writers are imported
when first used, so the PDF and deck libraries load only for those formats.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass

from crm_core.errors import CrmCoreError


@dataclass(frozen=True)
class Format:
    label: str
    module: str
    function: str
    mime: str
    extension: str


FORMATS = {
    "pdf": Format("PDF report", "to_pdf", "render_pdf", "application/pdf", "pdf"),
    "pptx": Format("PowerPoint deck", "to_pptx", "render_pptx",
                   "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    "xlsx": Format("Excel action plan", "to_xlsx", "render_xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "html": Format("HTML report", "to_html", "render_html", "text/html", "html"),
    "md": Format("Markdown", "to_markdown", "render_markdown", "text/markdown", "md"),
}


def check_format(fmt: str) -> Format:
    if fmt not in FORMATS:
        raise CrmCoreError(f"'{fmt}' is not a report format: use {', '.join(FORMATS)}.")
    return FORMATS[fmt]


def render(report, fmt: str) -> bytes:
    spec = check_format(fmt)
    module = importlib.import_module(f"{__name__}.{spec.module}")
    return getattr(module, spec.function)(report)


def file_name(report, fmt: str) -> str:
    """``crm-audit-<client>-<date>.<ext>``, the client reduced to safe characters."""
    return file_name_for(report.client, report.prepared_on, fmt)


def file_name_for(client: str, prepared_on, fmt: str) -> str:
    """The report's file name without building the report."""
    safe = re.sub(r"[^A-Za-z0-9]+", "-", client).strip("-").lower()[:40] or "client"
    return f"crm-audit-{safe}-{prepared_on:%Y-%m-%d}.{check_format(fmt).extension}"
