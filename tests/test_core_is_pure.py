"""crm_core never imports Streamlit, so the CLI and the tests run without a UI."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import crm_core

ROOT = Path(__file__).resolve().parent.parent


def test_no_crm_core_module_imports_streamlit():
    modules = sorted(
        info.name for info in pkgutil.walk_packages(crm_core.__path__, "crm_core.")
        if not info.name.startswith("crm_core.migrations") and info.name != "crm_core.__main__"
    )
    assert "crm_core.store" in modules and len(modules) > 8
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
