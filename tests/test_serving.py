"""The two ways to serve: ``make run`` listens on this computer only, ``make workshop`` on the
local network (where every screen but the join view needs the facilitator's sign-in)."""

from __future__ import annotations

import os
import signal
import subprocess

import psutil
import pytest

from tests.conftest import ROOT
from tests.e2e.conftest import free_port, wait_for_health


def listening_addresses(port: int) -> set[str]:
    return {c.laddr.ip for c in psutil.net_connections(kind="inet")
            if c.status == psutil.CONN_LISTEN and c.laddr.port == port}


@pytest.mark.parametrize(("target", "expected"), [("run", {"127.0.0.1"}), ("workshop", {"0.0.0.0"})])
def test_make_target_listens_where_it_should(target, expected, tmp_path):
    if not (ROOT / ".venv" / ".runtime-installed").exists():
        pytest.skip("the project's .venv is not installed (make test installs it)")
    port = free_port()
    env = {**os.environ, "PORT": str(port), "CRM_WORKBENCH_DATA_DIR": str(tmp_path),
           "CRM_WORKBENCH_FACILITATOR_PASSPHRASE": "a passphrase for the test"}
    log = tmp_path / "make.log"
    with open(log, "w") as out:
        server = subprocess.Popen(["make", "--no-print-directory", target], cwd=ROOT, env=env, stdout=out,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_health(f"http://127.0.0.1:{port}", log)
        assert listening_addresses(port) == expected
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
