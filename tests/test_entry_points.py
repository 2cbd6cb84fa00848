"""Screens reach an audit area only through its package's entry point, so no screen can
assemble an area a second way: pages and ``ui/`` may import an area package and use the names
it exports (``__all__``), never one of its modules."""

from __future__ import annotations

import ast
import importlib

import pytest

from crm_core.audit import runner
from tests.conftest import ROOT

AREA_PACKAGES = {spec.package.__name__ for spec in runner.AREAS.values()}
SCREENS = sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py"), ROOT / "app.py"])


def _uses(path):
    """(line, what) for every import of an area's module and every area name used that the
    area does not export."""
    tree = ast.parse(path.read_text(), filename=str(path))
    bound = {}  # local name -> area package
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if any(alias.name.startswith(package + ".") for package in AREA_PACKAGES):
                    problems.append((node.lineno, f"import {alias.name}"))
        elif isinstance(node, ast.ImportFrom) and node.module:
            if any(node.module.startswith(package + ".") for package in AREA_PACKAGES):
                problems.append((node.lineno, f"from {node.module} import ..."))
            elif node.module in AREA_PACKAGES:
                exported = set(importlib.import_module(node.module).__all__)
                problems += [(node.lineno, f"{node.module}.{a.name}") for a in node.names if a.name not in exported]
            elif node.module == "crm_core.audit":
                for alias in node.names:
                    if f"crm_core.audit.{alias.name}" in AREA_PACKAGES:
                        bound[alias.asname or alias.name] = f"crm_core.audit.{alias.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound:
            package = bound[node.value.id]
            if node.attr not in importlib.import_module(package).__all__:
                problems.append((node.lineno, f"{package}.{node.attr}"))
    return problems


@pytest.mark.parametrize("path", SCREENS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_screens_use_only_the_area_packages_entry_points(path):
    assert _uses(path) == []


def test_the_check_catches_a_screen_that_reaches_inside_an_area(tmp_path):
    screen = tmp_path / "screen.py"
    screen.write_text("from crm_core.audit import data\nfrom crm_core.audit.data.report import run_data_audit\n"
                      "from crm_core.audit.fit import run_fit_audit\nimport crm_core.audit.usage.activity\n"
                      "data.run_data_audit\n")
    assert [what for _, what in _uses(screen)] == [
        "from crm_core.audit.data.report import ...", "crm_core.audit.fit.run_fit_audit",
        "import crm_core.audit.usage.activity", "crm_core.audit.data.run_data_audit"]


@pytest.mark.parametrize("package", sorted(AREA_PACKAGES))
def test_every_area_package_exports_one_run_and_no_assembly_of_its_own(package):
    module = importlib.import_module(package)
    assert "run" in module.__all__ and callable(module.run)
    assert all(hasattr(module, name) for name in module.__all__)
    assembling = {"run_data_audit", "audit_data", "run_fit_audit", "audit_lead_source", "run_compliance_checks",
                  "measure_usage", "audit_usage", "result_from", "audit_pipeline", "compute_kpis", "audit_duplicates"}
    assert not assembling & set(module.__all__)
